/**
 * The committed production stage (protected; SES domain with a MAIL FROM subdomain; custom API domain
 * with a new DNS-validated certificate; approve-by-reply with our own receipt rule set) and a shared
 * account's stage (unprotected; an SES identity that already exists; an existing active rule set; a
 * certificate given by ARN), each synthesized once: what a real deploy and a complete teardown need.
 * cfn-lint checks every template where it is installed (pip install cfn-lint).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { functionCatalogue, type FunctionName } from '../../functions/config/functions.js';
import {
  CFN_LINT, cfnLintErrors, committedStages, expectedStatements, logicalId, sortStatements, stageContext, statementsOfRole, synth, violationsOf, type Synthesized,
} from './synth.js';

const CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/12345678-1234-1234-1234-123456789012';
let prod: Synthesized;
let shared: Synthesized;

beforeAll(() => {
  prod = synth({ context: { stage: 'prod' } });
  shared = synth({
    context: stageContext('shared', {
      protect: false, region: 'eu-west-1', mailFrom: 'Paper Rights <rights@paper.example>', domain: 'paper.example', existingIdentity: true,
      inboundDomain: 'reply.paper.example', existingRuleSet: 'paper-main-rules', apiDomain: 'reprints.paper.example', certificateArn: CERT,
      approvers: ['rights@paper.example'], alarmEmails: ['ops@paper.example', 'oncall@paper.example'], mailCaps: { perRecipientPerDay: 5, perSourceIpPerDay: 50 },
    }),
  });
}, 240_000);
afterAll(() => { for (const s of [prod, shared]) if (s) rmSync(s.outdir, { recursive: true, force: true }); });

const resources = (json: Synthesized['statelessJson'], type: string) => Object.entries(json.Resources).filter(([, r]) => r.Type === type);
const envOf = (s: Synthesized, name: FunctionName) => s.statelessJson.Resources[logicalId(s.built.stateless.functions[name])]!.Properties!.Environment.Variables;
const roleOf = (s: Synthesized, name: FunctionName) => s.statelessJson.Resources[logicalId(s.built.stateless.functions[name])]!.Properties!.Role['Fn::GetAtt'][0] as string;

describe('protect: the committed prod stage', () => {
  it('table: deletion protection, retained; the stateful stack has termination protection', () => {
    prod.stateful.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }), DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain',
    });
    expect(prod.built.stateful.terminationProtection).toBe(true);
  });

  it('logs, keys and the staff user pool are retained; logs kept for retentionDays', () => {
    for (const [, g] of resources(prod.statelessJson, 'AWS::Logs::LogGroup')) {
      expect(g.DeletionPolicy).toBe('Retain');
      expect(g.Properties!.RetentionInDays).toBe(365);
    }
    for (const json of [prod.statefulJson, prod.statelessJson]) for (const [, k] of resources(json, 'AWS::KMS::Key')) expect(k.DeletionPolicy).toBe('Retain');
    prod.stateful.hasResource('AWS::Cognito::UserPool', { Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }), DeletionPolicy: 'Retain' });
  });
});

describe('mail identity', () => {
  it('prod owns its domain identity: Easy DKIM (3 CNAME outputs) and a custom MAIL FROM domain with its MX and SPF records as outputs', () => {
    prod.stateful.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'harbourledger.example',
      DkimAttributes: { SigningEnabled: true },
      MailFromAttributes: { MailFromDomain: 'bounce.harbourledger.example', BehaviorOnMxFailure: 'USE_DEFAULT_VALUE' },
    });
    for (const i of [1, 2, 3]) prod.stateful.hasOutput(`DkimRecord${i}`, {});
    const out = prod.statefulJson.Outputs!;
    expect(JSON.stringify(out.MailFromMxRecord!.Value)).toContain('bounce.harbourledger.example MX 10 feedback-smtp.');
    expect(out.MailFromSpfRecord!.Value).toBe('bounce.harbourledger.example TXT "v=spf1 include:amazonses.com ~all"');
  });

  it('an existing identity is imported, not created: no identity resource, no DKIM outputs, the grant names it', () => {
    expect(resources(shared.statefulJson, 'AWS::SES::EmailIdentity')).toEqual([]);
    expect(shared.statefulJson.Outputs!.DkimRecord1).toBeUndefined();
    expect(shared.built.stateful.identity).toBeUndefined();
    const statements = statementsOfRole(shared.statelessJson, roleOf(shared, 'dispatcher'));
    const send = statements.find((st) => st.Action === 'ses:SendEmail')!;
    // The stage is pinned to eu-west-1: the ARN carries the region literally.
    expect(send.Resource).toEqual([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ses:eu-west-1:', { Ref: 'AWS::AccountId' }, ':identity/paper.example']] },
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ses:eu-west-1:', { Ref: 'AWS::AccountId' }, ':configuration-set/', { 'Fn::ImportValue': expect.any(String) }]] },
    ]);
    // The configuration set is named on each send instead of being the identity's default.
    expect(envOf(shared, 'dispatcher').SES_CONFIGURATION_SET).toEqual({ 'Fn::ImportValue': expect.any(String) });
  });

  it('bounce/complaint events reach the mail-event subscribers; alarms reach every alarm email', () => {
    prod.stateful.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'deliverability@harbourledger.example' });
    prod.stateless.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@harbourledger.example' });
    const endpoints = resources(shared.statelessJson, 'AWS::SNS::Subscription').map(([, r]) => r.Properties!.Endpoint).sort();
    expect(endpoints).toEqual(['oncall@paper.example', 'ops@paper.example']);
  });

  it('the mail caps of the stage reach the intake function', () => {
    expect(envOf(shared, 'create-request')).toMatchObject({ MAIL_CAP_PER_RECIPIENT_DAY: '5', MAIL_CAP_PER_SOURCE_IP_DAY: '50' });
    expect(envOf(prod, 'create-request')).toMatchObject({ MAIL_CAP_PER_RECIPIENT_DAY: '20', MAIL_CAP_PER_SOURCE_IP_DAY: '100' });
  });
});

describe('custom domain', () => {
  it('prod: a DNS-validated certificate, a regional domain name mapped to the $default stage, execute-api disabled', () => {
    prod.stateless.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'reprints.harbourledger.example', ValidationMethod: 'DNS' });
    prod.stateless.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'reprints.harbourledger.example',
      DomainNameConfigurations: [Match.objectLike({ CertificateArn: { Ref: Match.anyValue() }, EndpointType: 'REGIONAL' })],
    });
    prod.stateless.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', { ApiId: { Ref: logicalId(prod.built.stateless.api) }, Stage: '$default' });
    prod.stateless.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: true });
    prod.stateless.hasOutput('ApiDomainTarget', {});
    expect(prod.statelessJson.Outputs!.ApiUrl).toBeUndefined();
  });

  it('a certificate given by ARN is used as is', () => {
    expect(resources(shared.statelessJson, 'AWS::CertificateManager::Certificate')).toEqual([]);
    shared.stateless.hasResourceProperties('AWS::ApiGatewayV2::DomainName', { DomainNameConfigurations: [Match.objectLike({ CertificateArn: CERT })] });
  });

  it('every link is built from the domain', () => {
    for (const s of [prod, shared]) {
      const host = s.built.config.apiDomain!.name;
      for (const name of Object.keys(functionCatalogue) as FunctionName[]) expect(envOf(s, name).BASE_URL, name).toBe(`https://${host}`);
      expect(s.statelessJson.Outputs!.BaseUrl!.Value).toBe(`https://${host}`);
    }
  });

  it('without a domain the execute-api endpoint stays on (the raw API URL works for a smoke test)', () => {
    const dev = synthDevApi();
    expect(dev.DisableExecuteApiEndpoint ?? false).toBe(false);
  });
});

const sesPermissions = (s: Synthesized) => Object.values(s.statelessJson.Resources)
  .filter((r) => r.Type === 'AWS::Lambda::Permission' && r.Properties!.Principal === 'ses.amazonaws.com').map((r) => r.Properties!);
const ruleArn = (set: string, rule: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ses:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:receipt-rule-set/${set}:receipt-rule/${rule}`]] });

describe('approve by reply: the receipt rule', () => {
  it('SES may invoke mail-receive for our one rule only (SourceArn), in our set or in the existing one', () => {
    expect(sesPermissions(prod)).toHaveLength(1);
    expect(sesPermissions(prod)[0]).toMatchObject({ Action: 'lambda:InvokeFunction', SourceAccount: { Ref: 'AWS::AccountId' }, SourceArn: ruleArn('rd-prod-inbound', 'rd-prod-replies') });
    prod.stateless.hasResourceProperties('AWS::SES::ReceiptRuleSet', { RuleSetName: 'rd-prod-inbound' });
    prod.stateless.hasResourceProperties('AWS::SES::ReceiptRule', { Rule: Match.objectLike({ Name: 'rd-prod-replies' }) });
    expect(sesPermissions(shared)).toHaveLength(1);
    expect(JSON.stringify(sesPermissions(shared)[0]!.SourceArn)).toContain(':receipt-rule-set/paper-main-rules:receipt-rule/rd-shared-replies');
    shared.stateless.hasResourceProperties('AWS::SES::ReceiptRule', { RuleSetName: 'paper-main-rules', Rule: Match.objectLike({ Name: 'rd-shared-replies' }) });
  });

  it('prod: our own rule set, activated by a custom resource that deactivates it before it is deleted', () => {
    const [[setId]] = resources(prod.statelessJson, 'AWS::SES::ReceiptRuleSet') as [[string, unknown]];
    const [[crId, cr]] = resources(prod.statelessJson, 'Custom::AWS') as [[string, any]];
    const create = JSON.parse(JSON.stringify(cr.Properties.Create));
    expect(JSON.stringify(create)).toContain('setActiveReceiptRuleSet');
    expect(JSON.stringify(cr.Properties.Create)).toContain(setId);
    expect(JSON.stringify(cr.Properties.Update)).toContain(setId);
    const del = JSON.parse(cr.Properties.Delete as string) as { action: string; parameters: Record<string, unknown> };
    expect(del).toMatchObject({ service: 'SES', action: 'setActiveReceiptRuleSet', parameters: {} });
    // CloudFormation deletes the activation first (it depends on the set): deactivate, then delete the set.
    expect(prod.statelessJson.Resources[crId]!.DependsOn).toContain(setId);
    const policy = resources(prod.statelessJson, 'AWS::IAM::Policy').find(([, p]) => JSON.stringify(p.Properties!.PolicyDocument).includes('ses:SetActiveReceiptRuleSet'))!;
    expect(policy[1].Properties!.PolicyDocument.Statement).toEqual([{ Action: 'ses:SetActiveReceiptRuleSet', Effect: 'Allow', Resource: '*' }]);
  });

  it('shared: the rule is added to the existing active set; nothing to activate or deactivate', () => {
    expect(resources(shared.statelessJson, 'AWS::SES::ReceiptRuleSet')).toEqual([]);
    expect(resources(shared.statelessJson, 'Custom::AWS')).toEqual([]);
    shared.stateless.hasResourceProperties('AWS::SES::ReceiptRule', { RuleSetName: 'paper-main-rules', Rule: Match.objectLike({ Recipients: ['reply.paper.example'] }) });
  });
});

describe('teardown: what cdk destroy leaves behind', () => {
  it('an unprotected stage deletes everything but the inbound-mail bucket', () => {
    for (const json of [shared.statefulJson, shared.statelessJson]) {
      for (const [id, r] of Object.entries(json.Resources)) {
        if (r.Type === 'AWS::S3::Bucket') expect(r.DeletionPolicy, id).toBe('Retain');
        else expect(r.DeletionPolicy ?? 'Delete', `${id} (${r.Type})`).toBe('Delete');
      }
    }
    expect(shared.built.stateful.terminationProtection).toBe(false);
    shared.stateful.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: false });
    shared.stateful.hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'INACTIVE' });
  });

  it('a protected stage retains exactly the data: table, user pool, keys (the webhook seal key too), logs, the inbound bucket', () => {
    const retained = [prod.statefulJson, prod.statelessJson].flatMap((json) => Object.values(json.Resources).filter((r) => r.DeletionPolicy === 'Retain').map((r) => r.Type));
    expect(new Set(retained)).toEqual(new Set(['AWS::DynamoDB::Table', 'AWS::Cognito::UserPool', 'AWS::KMS::Key', 'AWS::Logs::LogGroup', 'AWS::S3::Bucket', 'AWS::SecretsManager::Secret']));
  });
});

describe('policy checks on both stages', () => {
  it('cdk-nag AwsSolutions and Serverless: no unacknowledged finding; the CloudFormation validator: nothing', () => {
    for (const s of [prod, shared]) {
      expect(violationsOf(s.validationReport)).toEqual([]);
      for (const pack of [new AwsSolutionsChecks(), new ServerlessChecks()]) expect(pack.validateScope(s.built.app).violations).toEqual([]);
    }
  });

  it('every function role holds exactly what its code calls for', () => {
    for (const s of [prod, shared]) {
      for (const name of Object.keys(functionCatalogue) as FunctionName[]) {
        if (name === 'dispatcher' || name === ('mail-receive' as FunctionName)) continue; // covered above and in stacks.test.ts
        expect(sortStatements(statementsOfRole(s.statelessJson, roleOf(s, name))), name).toEqual(sortStatements(expectedStatements(s, name)));
      }
    }
  });

  if (!CFN_LINT.available) console.log(CFN_LINT.reason);
  it.skipIf(!CFN_LINT.available)('cfn-lint reports no error on any template', () => {
    for (const s of [prod, shared]) expect(cfnLintErrors(s)).toEqual([]);
  }, 180_000);
});

/** The dev stage's API resource, from the committed dev stage (no domain), without the policy checks. */
function synthDevApi() {
  const s = synth({ context: { stage: 'dev' }, policyChecks: false });
  try {
    expect(committedStages.dev!.apiDomain).toBeUndefined();
    return resources(s.statelessJson, 'AWS::ApiGatewayV2::Api')[0]![1].Properties!;
  } finally {
    rmSync(s.outdir, { recursive: true, force: true });
  }
}
