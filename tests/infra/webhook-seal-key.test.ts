/**
 * The webhook seal key in the deployed stacks: a generated Secrets Manager secret in the stateful
 * stack; only the functions that register and deliver webhooks may read it (GetSecretValue on that
 * one secret); their environment names it and never allows loopback; cdk-nag stays clean.
 */
import { describe, expect, it } from 'vitest';
import { functionCatalogue, type FunctionName } from '../../functions/config/functions.js';
import { logicalId, statementsOfRole, synth, violationsOf } from './synth.js';

const s = synth({ context: { stage: 'dev' } });
const names = Object.keys(functionCatalogue) as FunctionName[];
const readsKey = (n: FunctionName) => (functionCatalogue[n].env as readonly string[]).includes('WEBHOOK_SEAL_KEY_ID');
const sealStatements = (n: FunctionName) => statementsOfRole(s.statelessJson, logicalId(s.built.stateless.functions[n].executionRoleResource))
  .filter((st) => st.Sid === 'ReadWebhookSealKey');
const env = (n: FunctionName) => s.statelessJson.Resources[logicalId(s.built.stateless.functions[n])]!.Properties!.Environment.Variables as Record<string, unknown>;

describe('the webhook seal key', () => {
  it('is a generated secret of the stateful stack', () => {
    const secrets = Object.values(s.statefulJson.Resources).filter((r) => r.Type === 'AWS::SecretsManager::Secret');
    expect(secrets).toHaveLength(1);
    expect(secrets[0]!.Properties!.GenerateSecretString).toMatchObject({ PasswordLength: 64, ExcludePunctuation: true });
    expect(secrets[0]!.Properties!.Name).toBe('reprint-desk/dev/webhook-seal');
  });

  it('is readable by license-webhook and the dispatcher only, GetSecretValue on that secret only', () => {
    expect(names.filter(readsKey).sort()).toEqual(['dispatcher', 'license-webhook']);
    for (const n of names) {
      const sts = sealStatements(n);
      if (!readsKey(n)) { expect(sts, n).toEqual([]); continue; }
      expect(sts).toHaveLength(1);
      expect(sts[0]!.Action).toBe('secretsmanager:GetSecretValue');
      expect(JSON.stringify(sts[0]!.Resource)).not.toContain('*');
      expect(JSON.stringify(sts[0]!.Resource)).toContain('WebhookSealKey');
      // Named (an import of the secret's ARN), never given; loopback never allowed in AWS.
      expect(JSON.stringify(env(n).WEBHOOK_SEAL_KEY_ID)).toContain('WebhookSealKey');
      expect(env(n).WEBHOOK_ALLOW_LOOPBACK).toBe('');
    }
  });

  it('keeps cdk-nag and the CloudFormation validator clean', () => {
    expect(violationsOf(s.validationReport)).toEqual([]);
  });
});
