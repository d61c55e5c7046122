/**
 * Stage configuration: committed in cdk.json, picked with -c stage=…, validated with errors that name
 * the stage and the key; no stage setting accepted from the command line.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { buildApp } from '../../infra/reprint-desk.js';
import { DEFAULTS, loadStageConfig, StageConfigError, type StageEntry } from '../../infra/stage-config.js';
import { committedStages } from './synth.js';

const ROOT = resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(join(tmpdir(), 'rd-stage-config-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const base: StageEntry = { protect: false, mailFrom: 'reprints@paper.example' };
const load = (entry: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
  const ctx: Record<string, unknown> = { stage: 'test', stages: { test: entry }, ...extra };
  return loadStageConfig((k) => ctx[k]);
};
const errorOf = (entry: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
  try {
    load(entry, extra);
  } catch (e) {
    expect(e).toBeInstanceOf(StageConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a StageConfigError');
};

describe('committed stages (cdk.json)', () => {
  it('dev and prod are valid, with an explicit protect flag each', () => {
    const read = (stage: string) => (k: string) => ({ stage, stages: committedStages } as Record<string, unknown>)[k];
    const dev = loadStageConfig(read('dev'));
    const prod = loadStageConfig(read('prod'));
    expect(committedStages.dev!.protect).toBe(false);
    expect(committedStages.prod!.protect).toBe(true);
    expect(dev).toMatchObject({ stage: 'dev', protect: false, retentionDays: 30 });
    expect(prod).toMatchObject({ stage: 'prod', protect: true, retentionDays: 365, apiDomain: { name: 'reprints.harbourledger.example' }, baseUrl: 'https://reprints.harbourledger.example' });
  });

  it('with no -c stage the app builds dev', () => {
    const ctx: Record<string, unknown> = { stages: committedStages };
    expect(loadStageConfig((k) => ctx[k]).stage).toBe(DEFAULTS.stage);
  });
});

describe('loadStageConfig', () => {
  it('defaults for everything but protect and mailFrom', () => {
    expect(load(base)).toEqual({
      stage: 'test', protect: false, mailFrom: 'reprints@paper.example', mailFromAddress: 'reprints@paper.example', approvers: [],
      sesIdentity: 'reprints@paper.example', existingIdentity: false, retentionDays: DEFAULTS.retentionDays, alarmEmails: [], mailEventEmails: [],
      sesSandbox: false, throttle: { rateLimit: DEFAULTS.throttleRateLimit, burstLimit: DEFAULTS.throttleBurstLimit },
      mailCaps: { perRecipientPerDay: DEFAULTS.mailCapPerRecipientPerDay, perSourceIpPerDay: DEFAULTS.mailCapPerSourceIpPerDay, approverMailsPerHour: DEFAULTS.approverMailsPerHour },
      alarmThresholds: { apiLatencyP99Ms: DEFAULTS.apiLatencyP99Ms, throttled429PerPeriod: DEFAULTS.throttled429PerPeriod, iteratorAgeMs: DEFAULTS.iteratorAgeMs },
    });
    expect(load({ ...base, protect: true }).retentionDays).toBe(DEFAULTS.retentionDaysProtected);
  });

  it('normalises domains and addresses; a display name stays in mailFrom', () => {
    const c = load({
      ...base, mailFrom: 'Harbour Ledger Rights <Rights@Paper.Example>', domain: 'Paper.Example.', approvers: ['a@paper.example', 'A@paper.example', 'b@x.example'],
      mailFromDomain: 'bounce.paper.example', apiDomain: 'Reprints.Paper.Example', account: '123456789012', region: 'eu-west-1',
    });
    expect(c).toMatchObject({
      mailFromAddress: 'rights@paper.example', domain: 'paper.example', sesIdentity: 'paper.example', approvers: ['a@paper.example', 'b@x.example'],
      mailFromDomain: 'bounce.paper.example', apiDomain: { name: 'reprints.paper.example' }, baseUrl: 'https://reprints.paper.example',
      env: { account: '123456789012', region: 'eu-west-1' },
    });
    expect(c.mailFrom).toBe('Harbour Ledger Rights <Rights@Paper.Example>');
  });

  it('protect must be given explicitly', () => {
    expect(errorOf({ mailFrom: 'r@paper.example' })).toMatch(/"protect" of stage "test": must be set explicitly/);
  });

  it('an unknown key is refused, naming it (a typo cannot pass unnoticed)', () => {
    expect(errorOf({ ...base, protected: true })).toContain('"protected"');
    expect(errorOf({ ...base, mailCaps: { perRecipient: 3, perSourceIpPerDay: 4 } })).toContain('"mailCaps.perRecipient"');
  });

  it('a stage setting on the command line is refused, pointing at cdk.json', () => {
    const msg = errorOf(base, { mailFrom: 'other@paper.example' });
    expect(msg).toContain('context key "mailFrom" given on its own');
    expect(msg).toContain('cdk.json');
  });

  it('an unknown stage names the known ones', () => {
    const ctx: Record<string, unknown> = { stage: 'staging', stages: { dev: base, prod: { ...base, protect: true } } };
    expect(() => loadStageConfig((k) => ctx[k])).toThrow(/stage "staging" is not in cdk.json "stages" \(known: dev, prod\)/);
  });

  it.each([
    [{ mailFrom: 'not an address' }, 'mailFrom'],
    [{ mailFrom: 'a@paper.example, b@paper.example' }, 'mailFrom'],
    [{ approvers: ['rights@paper.example', 'nobody'] }, 'approvers.1'],
    [{ retentionDays: 45 }, 'retentionDays'],
    [{ baseUrl: 'ftp://paper.example' }, 'baseUrl'],
    [{ alarmEmails: ['ops'] }, 'alarmEmails.0'],
    [{ domain: 'not a domain' }, 'domain'],
    [{ sesSandbox: 'yes' }, 'sesSandbox'],
    [{ throttle: { rateLimit: 100, burstLimit: 10 } }, 'throttle.burstLimit'],
    [{ mailCaps: { perRecipientPerDay: 0, perSourceIpPerDay: 10 } }, 'mailCaps.perRecipientPerDay'],
    [{ certificateArn: 'arn:aws:acm:eu-west-1:123:certificate/x' }, 'certificateArn'],
    [{ staffLoginPrefix: 'my-cognito-login' }, 'staffLoginPrefix'],
    [{ account: '12345' }, 'account'],
  ])('%j is refused naming "%s"', (over, key) => {
    expect(errorOf({ ...base, ...over })).toContain(`"${key}" of stage "test"`);
  });

  it('cross-key rules: sender in the domain, replies and MAIL FROM under it, certificate with a domain', () => {
    expect(errorOf({ ...base, mailFrom: 'rights@other.example', domain: 'paper.example' })).toMatch(/"mailFrom".*not in the SES domain "paper\.example"/);
    expect(load({ ...base, mailFrom: 'rights@news.paper.example', domain: 'paper.example' }).sesIdentity).toBe('paper.example');
    expect(errorOf({ ...base, inboundDomain: 'reply.paper.example' })).toContain('missing key "domain"');
    expect(errorOf({ ...base, domain: 'paper.example', inboundDomain: 'reply.other.example' })).toContain('"inboundDomain"');
    expect(errorOf({ ...base, domain: 'paper.example', mailFromDomain: 'paper.example' })).toContain('"mailFromDomain"');
    expect(errorOf({ ...base, domain: 'paper.example', mailFromDomain: 'bounce.paper.example', existingIdentity: true })).toContain('cannot be combined with "existingIdentity"');
    expect(errorOf({ ...base, certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/12345678-1234-1234-1234-123456789012' })).toContain('"certificateArn" of stage "test" needs "apiDomain"');
    expect(errorOf({ ...base, apiDomain: 'r.paper.example', baseUrl: 'https://x.example' })).toContain('exclude each other');
    expect(errorOf({ ...base, domain: 'paper.example', existingRuleSet: 'main' })).toContain('needs "inboundDomain"');
  });

  it('reports every problem at once', () => {
    const msg = errorOf({ ...base, retentionDays: 2, alarmEmails: ['x'] });
    expect(msg).toContain('"retentionDays"');
    expect(msg).toContain('"alarmEmails.0"');
  });

  it('buildApp stops before building anything when the configuration is wrong', () => {
    expect(() => buildApp({ outdir: join(scratch, 'build'), context: { stage: 'test', stages: { test: { mailFrom: 'x@y.example' } } } })).toThrow(StageConfigError);
  });

  it('the cdk app entry (infra/app.ts) exits 1 printing the problem, not a stack trace', async () => {
    const run = promisify(execFile);
    const result = await run(process.execPath, ['--import', 'tsx', 'infra/app.ts'], {
      cwd: ROOT,
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify({ stage: 'nowhere', stages: committedStages, 'aws:cdk:bundling-stacks': [] }), CDK_OUTDIR: join(scratch, 'app') },
    }).then(() => ({ code: 0, stderr: '' }), (e: { code: number; stderr: string }) => e);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('stage "nowhere" is not in cdk.json "stages"');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
