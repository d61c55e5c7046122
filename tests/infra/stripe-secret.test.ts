/**
 * Card payment in the deployed stacks: with the stage key `stripeSecretName` the functions that use Stripe
 * (and only they) may read that one Secrets Manager secret; their environment names the secret,
 * never holds a key; cdk-nag and the CloudFormation validator stay clean. Without it, nothing.
 */
import { describe, expect, it } from 'vitest';
import { functionCatalogue, type FunctionName } from '../../functions/config/functions.js';
import { committedStages, logicalId, stageContext, statementsOfRole, synth, violationsOf } from './synth.js';

const SECRET = 'reprint-desk/dev/stripe';
const withStripe = synth({ context: stageContext('dev', { ...committedStages.dev!, stripeSecretName: SECRET }) });
const names = Object.keys(functionCatalogue) as FunctionName[];
const readsStripe = (n: FunctionName) => (functionCatalogue[n].env as readonly string[]).includes('STRIPE_SECRET_ID');

const secretStatements = (s: ReturnType<typeof synth>, n: FunctionName) =>
  statementsOfRole(s.statelessJson, logicalId(s.built.stateless.functions[n].executionRoleResource))
    .filter((st) => JSON.stringify(st.Action).includes('secretsmanager') && st.Sid !== 'ReadWebhookSealKey');
const env = (s: ReturnType<typeof synth>, n: FunctionName) =>
  s.statelessJson.Resources[logicalId(s.built.stateless.functions[n])]!.Properties!.Environment.Variables as Record<string, unknown>;

describe('the Stripe secret', () => {
  it('is readable by create-request and stripe-webhook only, and only that secret, GetSecretValue only', () => {
    expect(names.filter(readsStripe).sort()).toEqual(['create-request', 'stripe-webhook']);
    for (const n of names) {
      const sts = secretStatements(withStripe, n);
      if (!readsStripe(n)) { expect(sts, n).toEqual([]); continue; }
      expect(sts).toHaveLength(1);
      expect(sts[0]!.Action).toBe('secretsmanager:GetSecretValue');
      expect(JSON.stringify(sts[0]!.Resource)).toContain(`:secret:${SECRET}-??????`);
      expect(JSON.stringify(sts[0]!.Resource)).not.toContain('*');
    }
  });

  it('is named in the environment, never given', () => {
    for (const n of names.filter(readsStripe)) expect(env(withStripe, n).STRIPE_SECRET_ID).toBe(SECRET);
    expect(JSON.stringify(withStripe.statelessJson)).not.toMatch(/sk_(live|test)_|whsec_/);
  });

  it('keeps cdk-nag and the CloudFormation validator clean', () => {
    expect(violationsOf(withStripe.validationReport)).toEqual([]);
  });

  it('without the stage key card payment is off: no grant, an empty STRIPE_SECRET_ID', () => {
    const plain = synth({ context: { stage: 'dev' } });
    for (const n of names) expect(secretStatements(plain, n), n).toEqual([]);
    for (const n of names.filter(readsStripe)) expect(env(plain, n).STRIPE_SECRET_ID).toBe('');
  });
});
