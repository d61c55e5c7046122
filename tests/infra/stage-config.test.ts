/**
 * Stage configuration from context: defaults that let a fresh clone synthesize, clear errors naming
 * the context key, and what production and the optional features change in the templates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { functionCatalogue, type FunctionName } from '../../functions/config/functions.js';
import { buildApp } from '../../infra/reprint-desk.js';
import { DEFAULTS, loadStageConfig, StageConfigError, type ContextKey } from '../../infra/stage-config.js';
import { acknowledgements, expectedStatements, logicalId, sortStatements, statementsOfRole, synth, violationsOf, type Synthesized } from './synth.js';

const ROOT = resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(join(tmpdir(), 'rd-stage-config-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const load = (ctx: Partial<Record<ContextKey, unknown>>) => loadStageConfig((k) => ctx[k]);
const errorOf = (ctx: Partial<Record<ContextKey, unknown>>) => {
  try {
    load(ctx);
  } catch (e) {
    expect(e).toBeInstanceOf(StageConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a StageConfigError');
};

describe('loadStageConfig', () => {
  it('synthesizes a fresh clone with no context: dev stage, placeholder sender, address identity', () => {
    expect(load({})).toEqual({
      stage: 'dev', isProduction: false, mailFrom: DEFAULTS.mailFrom, mailFromAddress: DEFAULTS.mailFrom, approvers: [],
      sesIdentity: DEFAULTS.mailFrom, retentionDays: 30, sesSandbox: false,
      throttle: { rateLimit: DEFAULTS.throttleRateLimit, burstLimit: DEFAULTS.throttleBurstLimit },
    });
  });

  it('reads CLI strings: comma-separated approvers, numbers, booleans, a display name in mailFrom', () => {
    const c = load({
      stage: 'prod', mailFrom: 'Harbour Ledger Rights <Rights@Paper.Example>', domain: 'Paper.Example.',
      approvers: ' a@paper.example, B@x.example ,a@paper.example', retentionDays: '731', sesSandbox: 'true',
      baseUrl: 'https://reprints.paper.example/', throttleRateLimit: '20', throttleBurstLimit: '40',
    });
    expect(c).toMatchObject({
      stage: 'prod', isProduction: true, mailFromAddress: 'rights@paper.example', domain: 'paper.example', sesIdentity: 'paper.example',
      approvers: ['a@paper.example', 'b@x.example'], retentionDays: 731, sesSandbox: true, baseUrl: 'https://reprints.paper.example',
      throttle: { rateLimit: 20, burstLimit: 40 },
    });
    expect(c.mailFrom).toBe('Harbour Ledger Rights <Rights@Paper.Example>');
  });

  it('production needs a real sender: the error names the missing context key', () => {
    const msg = errorOf({ stage: 'prod' });
    expect(msg).toContain('missing context key "mailFrom"');
    expect(msg).toContain('-c mailFrom=');
    expect(load({ stage: 'prod', mailFrom: 'rights@paper.example' }).retentionDays).toBe(365);
  });

  it.each([
    [{ stage: 'Prod!' }, 'stage'],
    [{ mailFrom: 'not an address' }, 'mailFrom'],
    [{ mailFrom: 'a@paper.example, b@paper.example' }, 'mailFrom'],
    [{ approvers: 'rights@paper.example,nobody' }, 'approvers'],
    [{ retentionDays: '45' }, 'retentionDays'],
    [{ baseUrl: 'ftp://paper.example' }, 'baseUrl'],
    [{ alarmEmail: 'ops' }, 'alarmEmail'],
    [{ domain: 'not a domain' }, 'domain'],
    [{ sesSandbox: 'yes' }, 'sesSandbox'],
    [{ throttleRateLimit: '100', throttleBurstLimit: '10' }, 'throttleBurstLimit'],
  ] as [Partial<Record<ContextKey, unknown>>, ContextKey][])('%j is refused naming "%s"', (ctx, key) => {
    expect(errorOf(ctx)).toContain(`context key "${key}"`);
  });

  it('the sender must be in the SES domain, and replies need a verified domain', () => {
    expect(errorOf({ mailFrom: 'rights@other.example', domain: 'paper.example' })).toMatch(/"mailFrom".*not in the SES domain "paper\.example"/);
    expect(load({ mailFrom: 'rights@news.paper.example', domain: 'paper.example' }).sesIdentity).toBe('paper.example');
    expect(errorOf({ inboundDomain: 'reply.paper.example' })).toContain('missing context key "domain"');
    expect(errorOf({ mailFrom: 'r@paper.example', domain: 'paper.example', inboundDomain: 'reply.other.example' })).toContain('context key "inboundDomain"');
  });

  it('reports every problem at once', () => {
    const msg = errorOf({ retentionDays: '2', alarmEmail: 'x' });
    expect(msg).toContain('"retentionDays"');
    expect(msg).toContain('"alarmEmail"');
  });

  it('buildApp stops before building anything when the context is wrong', () => {
    expect(() => buildApp({ outdir: join(scratch, 'build'), context: { stage: 'prod' } })).toThrow(StageConfigError);
  });

  it('the cdk app entry (infra/app.ts) exits 1 printing the missing key, not a stack trace', async () => {
    const run = promisify(execFile);
    const result = await run(process.execPath, ['--import', 'tsx', 'infra/app.ts'], {
      cwd: ROOT,
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify({ stage: 'prod', 'aws:cdk:bundling-stacks': [] }), CDK_OUTDIR: join(scratch, 'app') },
    }).then(() => ({ code: 0, stderr: '' }), (e: { code: number; stderr: string }) => e);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('missing context key "mailFrom"');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('production stage with every option', () => {
  let s: Synthesized;
  const hasReceiver = 'mail-receive' in functionCatalogue;
  beforeAll(() => {
    s = synth({
      context: {
        stage: 'prod', mailFrom: 'Harbour Ledger Rights <rights@paper.example>', domain: 'paper.example',
        inboundDomain: 'reply.paper.example', approvers: 'desk@paper.example,editor@freelance.example', sesSandbox: 'true',
        alarmEmail: 'ops@paper.example', baseUrl: 'https://reprints.paper.example', retentionDays: '731',
      },
    });
  }, 120_000);
  afterAll(() => { if (s) rmSync(s.outdir, { recursive: true, force: true }); });

  it('the table has deletion protection and is retained; the stateful stack has termination protection', () => {
    s.stateful.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({ DeletionProtectionEnabled: true, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    expect(s.built.stateful.terminationProtection).toBe(true);
  });

  it('logs are kept for retentionDays and retained', () => {
    const groups = Object.values(s.statelessJson.Resources).filter((r) => r.Type === 'AWS::Logs::LogGroup');
    expect(groups.length).toBe(Object.keys(functionCatalogue).length + 1);
    for (const g of groups) {
      expect(g.Properties!.RetentionInDays).toBe(731);
      expect(g.DeletionPolicy).toBe('Retain');
    }
  });

  it('the domain identity signs with Easy DKIM and its three CNAME records are stack outputs', () => {
    s.stateful.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'paper.example',
      DkimAttributes: { SigningEnabled: true },
      DkimSigningAttributes: { NextSigningKeyLength: 'RSA_2048_BIT' },
    });
    for (const i of [1, 2, 3]) s.stateful.hasOutput(`DkimRecord${i}`, {});
  });

  it('functions get the stage values: base URL, display-name sender, stage', () => {
    for (const name of Object.keys(functionCatalogue) as FunctionName[]) {
      const vars = s.statelessJson.Resources[logicalId(s.built.stateless.functions[name])]!.Properties!.Environment.Variables;
      expect(vars.STAGE).toBe('prod');
      expect(vars.BASE_URL).toBe('https://reprints.paper.example');
      if ('MAIL_FROM' in vars) expect(vars.MAIL_FROM).toBe('Harbour Ledger Rights <rights@paper.example>');
    }
  });

  it('in the sandbox, an approver outside the domain gets an identity and the dispatcher may send to it', () => {
    const identities = Object.entries(s.statefulJson.Resources).filter(([, r]) => r.Type === 'AWS::SES::EmailIdentity');
    expect(identities.map(([, r]) => r.Properties!.EmailIdentity).sort()).toEqual(['editor@freelance.example', 'paper.example']);
    const [recipientId] = identities.find(([, r]) => r.Properties!.EmailIdentity === 'editor@freelance.example')!;
    const recipientArn = {
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ses:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':identity/',
        { 'Fn::ImportValue': Object.values(s.statefulJson.Outputs!).find((o) => JSON.stringify(o.Value) === JSON.stringify({ Ref: recipientId }))!.Export!.Name }]],
    };
    const fn = s.built.stateless.functions.dispatcher;
    const roleId = s.statelessJson.Resources[logicalId(fn)]!.Properties!.Role['Fn::GetAtt'][0] as string;
    expect(sortStatements(statementsOfRole(s.statelessJson, roleId))).toEqual(sortStatements(expectedStatements(s, 'dispatcher', { sandboxIdentityArns: [recipientArn] })));
  });

  it('alarms reach the alarm email', () => {
    s.stateless.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@paper.example' });
  });

  it.runIf(hasReceiver)('approve-by-reply: a private bucket, a receipt rule storing then invoking, an object-read grant', () => {
    s.stateful.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({
        BucketName: { 'Fn::Join': ['', ['rd-prod-inbound-', { Ref: 'AWS::AccountId' }, '-', { Ref: 'AWS::Region' }]] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      }),
      DeletionPolicy: 'Retain',
    });
    s.stateful.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 's3:PutObject', Principal: { Service: 'ses.amazonaws.com' } })]) },
    });
    const receiver = s.built.stateless.functions['mail-receive' as FunctionName];
    s.stateless.hasResourceProperties('AWS::SES::ReceiptRule', {
      Rule: {
        Recipients: ['reply.paper.example'], Enabled: true, ScanEnabled: true,
        Actions: [
          { S3Action: { BucketName: Match.anyValue(), ObjectKeyPrefix: 'inbound/' } },
          { LambdaAction: { FunctionArn: { 'Fn::GetAtt': [logicalId(receiver), 'Arn'] }, InvocationType: 'Event' } },
        ],
      },
    });
    const roleId = s.statelessJson.Resources[logicalId(receiver)]!.Properties!.Role['Fn::GetAtt'][0] as string;
    const objectArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::rd-prod-inbound-', { Ref: 'AWS::AccountId' }, '-', { Ref: 'AWS::Region' }, '/inbound/*']] };
    expect(sortStatements(statementsOfRole(s.statelessJson, roleId))).toEqual(sortStatements(expectedStatements(s, 'mail-receive' as FunctionName, { inboundObjectArn: objectArn })));
    const vars = s.statelessJson.Resources[logicalId(receiver)]!.Properties!.Environment.Variables;
    expect(vars).toMatchObject({ INBOUND_DOMAIN: 'reply.paper.example', INBOUND_PREFIX: 'inbound/', INBOUND_BUCKET: { 'Fn::ImportValue': expect.any(String) } });
    s.stateless.hasOutput('InboundRuleSetName', {});
    // SES may invoke the receiver for this one receipt rule only: one permission, with SourceArn.
    const permissions = Object.values(s.statelessJson.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>)
      .filter((r) => r.Type === 'AWS::Lambda::Permission' && r.Properties.Principal === 'ses.amazonaws.com');
    expect(permissions).toHaveLength(1);
    expect(permissions[0]!.Properties).toMatchObject({
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [logicalId(receiver), 'Arn'] },
      SourceAccount: { Ref: 'AWS::AccountId' },
      SourceArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ses:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':receipt-rule-set/rd-prod-inbound:receipt-rule/rd-prod-replies']] },
    });
    s.stateless.hasResourceProperties('AWS::SES::ReceiptRuleSet', { RuleSetName: 'rd-prod-inbound' });
    s.stateless.hasResourceProperties('AWS::SES::ReceiptRule', { RuleSetName: Match.anyValue(), Rule: Match.objectLike({ Name: 'rd-prod-replies' }) });
  });

  it('passes cdk-nag and the CloudFormation validator; the extra acknowledgements are the inbound bucket\'s', () => {
    expect(violationsOf(s.validationReport)).toEqual([]);
    expect(new AwsSolutionsChecks().validateScope(s.built.app).violations).toEqual([]);
    const ids = new Set(acknowledgements(s.built.app).map((a) => a.id));
    if (hasReceiver) {
      expect(ids).toContain('AwsSolutions-S1');
      expect(ids).toContain('AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::rd-prod-inbound-<AWS::AccountId>-<AWS::Region>/inbound/*]');
    }
  });
});
