/**
 * The synthesized templates against the one source of truth: routes and function catalogue
 * (functions/config/functions.ts), table (functions/config/table.ts), environment
 * (functions/config/environment.ts). Synthesized once, without bundling (the artifact test bundles).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Stack, CloudFormationValidatePlugin } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { functionCatalogue, routeKey, routes, type FunctionName, type FunctionSpec } from '../../functions/config/functions.js';
import { tableDefinition } from '../../functions/config/table.js';
import { TABLE_ACTIONS } from '../../infra/constructs/reprint-function.js';
import { DEFAULTS } from '../../infra/stage-config.js';
import { assertHandlersExist } from '../../infra/stateless-stack.js';
import {
  acknowledgements, expectedStatements, importOf, logicalId, sortStatements, statementsOfRole, synth, violationsOf, normaliseStatement, type Synthesized,
} from './synth.js';

let s: Synthesized;
const catalogue = Object.entries(functionCatalogue) as [FunctionName, FunctionSpec][];

beforeAll(() => {
  s = synth({ context: { approvers: 'rights@example.com,desk@example.com' } });
}, 120_000);
afterAll(() => { if (s) rmSync(s.outdir, { recursive: true, force: true }); });

const resourcesOf = (type: string, json = s.statelessJson) =>
  Object.entries(json.Resources).filter(([, r]) => r.Type === type);

describe('HTTP API', () => {
  it('deploys exactly the routes of the shared route table', () => {
    const deployed = resourcesOf('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties!.RouteKey as string);
    expect(new Set(deployed)).toEqual(new Set(routes.map(routeKey)));
    expect(deployed).toHaveLength(routes.length);
  });

  it('sends every route to the function the route table names', () => {
    const fnOfIntegration = new Map(resourcesOf('AWS::ApiGatewayV2::Integration').map(([id, r]) => [id, r.Properties!.IntegrationUri['Fn::GetAtt'][0] as string]));
    for (const [, r] of resourcesOf('AWS::ApiGatewayV2::Route')) {
      const route = routes.find((x) => routeKey(x) === r.Properties!.RouteKey)!;
      const integrationId = (r.Properties!.Target['Fn::Join'][1] as unknown[])[1] as { Ref: string };
      expect(fnOfIntegration.get(integrationId.Ref), routeKey(route)).toBe(logicalId(s.built.stateless.functions[route.function]));
      // Staff routes take IAM (SigV4) authorization; every other route is public by contract.
      expect(r.Properties!.AuthorizationType ?? 'NONE', routeKey(route)).toBe((route as { auth?: string }).auth === 'iam' ? 'AWS_IAM' : 'NONE');
    }
  });

  it('payload format 2.0 Lambda proxy integrations', () => {
    s.stateless.allResourcesProperties('AWS::ApiGatewayV2::Integration', { IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
  });

  it('has one auto-deployed $default stage with throttling and JSON access logs', () => {
    const stages = resourcesOf('AWS::ApiGatewayV2::Stage');
    expect(stages).toHaveLength(1);
    const p = stages[0]![1].Properties!;
    expect(p.StageName).toBe('$default');
    expect(p.AutoDeploy).toBe(true);
    expect(p.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: DEFAULTS.throttleRateLimit, ThrottlingBurstLimit: DEFAULTS.throttleBurstLimit });
    const logGroupId = p.AccessLogSettings.DestinationArn['Fn::GetAtt'][0];
    expect(s.statelessJson.Resources[logGroupId]!.Type).toBe('AWS::Logs::LogGroup');
    expect(s.statelessJson.Resources[logGroupId]!.Properties!.RetentionInDays).toBe(DEFAULTS.retentionDays);
    const format = JSON.parse(p.AccessLogSettings.Format);
    expect(format).toMatchObject({ requestId: '$context.requestId', status: '$context.status', routeKey: '$context.routeKey' });
  });

  it('outputs the API URL and the table name', () => {
    s.stateless.hasOutput('ApiUrl', {});
    s.stateful.hasOutput('TableName', { Value: { Ref: logicalId(s.built.stateful.table) } });
  });
});

describe('functions', () => {
  it('one function per catalogue entry, Node.js 22 on arm64, ESM bundle handler', () => {
    expect(resourcesOf('AWS::Lambda::Function')).toHaveLength(catalogue.length);
    for (const [name, spec] of catalogue) {
      const fn = s.statelessJson.Resources[logicalId(s.built.stateless.functions[name])]!;
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'index.handler', Description: spec.description,
        Timeout: spec.timeoutSeconds ?? 10, MemorySize: spec.memoryMb ?? 512,
      });
      const logGroupId = fn.Properties!.LoggingConfig.LogGroup.Ref as string;
      expect(s.statelessJson.Resources[logGroupId]!.Properties!.RetentionInDays).toBe(DEFAULTS.retentionDays);
    }
  });

  it('each function gets exactly the environment the catalogue lists, with the stage values', () => {
    const table = s.built.stateful.table;
    for (const [name, spec] of catalogue) {
      const vars = s.statelessJson.Resources[logicalId(s.built.stateless.functions[name])]!.Properties!.Environment.Variables as Record<string, unknown>;
      expect(Object.keys(vars).sort(), name).toEqual([...spec.env, 'NODE_OPTIONS'].sort());
      const expected: Record<string, unknown> = {
        TABLE_NAME: importOf(s.statefulJson, { Ref: logicalId(table) }),
        BASE_URL: { 'Fn::GetAtt': [logicalId(s.built.stateless.api), 'ApiEndpoint'] },
        STAGE: 'dev',
        MAIL_FROM: DEFAULTS.mailFrom,
        SES_CONFIGURATION_SET: importOf(s.statefulJson, { Ref: logicalId(s.built.stateful.configurationSet) }),
        APPROVERS: 'rights@example.com,desk@example.com',
        TOKEN_TTL_DAYS: '14',
      };
      for (const [k, v] of Object.entries(vars)) if (k in expected) expect(v, `${name} ${k}`).toEqual(expected[k]);
    }
  });

  it("each function's role holds exactly its catalogue access: named actions, named resources", () => {
    for (const [name] of catalogue) {
      const fn = s.built.stateless.functions[name];
      const roleId = s.statelessJson.Resources[logicalId(fn)]!.Properties!.Role['Fn::GetAtt'][0] as string;
      // The role starts empty: no managed policy (AWSLambdaBasicExecutionRole would grant logs on "*").
      expect(s.statelessJson.Resources[roleId]!.Properties!.ManagedPolicyArns, name).toBeUndefined();
      expect(sortStatements(statementsOfRole(s.statelessJson, roleId)), name).toEqual(sortStatements(expectedStatements(s, name)));
    }
  });

  it('a catalogue entry without its handler file stops synthesis, naming the file', () => {
    expect(() => assertHandlersExist({ ...functionCatalogue, 'not-written': { entry: 'not-written.ts', description: 'x', table: 'read', env: [] } }))
      .toThrow(/not-written: functions\/handlers\/not-written\.ts/);
    expect(() => assertHandlersExist()).not.toThrow();
  });

  it('read-only functions have no write action; only the dispatcher may send mail', () => {
    const writes = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];
    expect(TABLE_ACTIONS.read.some((a) => writes.includes(a))).toBe(false);
    expect(writes.every((a) => TABLE_ACTIONS.readwrite.includes(a))).toBe(true);
    const senders = catalogue.filter(([, spec]) => spec.ses).map(([n]) => n);
    const withSes = resourcesOf('AWS::IAM::Policy').filter(([, p]) => JSON.stringify(p.Properties!.PolicyDocument).includes('ses:')).length;
    expect(withSes).toBe(senders.length);
  });

  it('no IAM statement anywhere uses a wildcard action', () => {
    for (const json of [s.statefulJson, s.statelessJson]) {
      for (const [, r] of Object.entries(json.Resources)) {
        const docs = r.Type === 'AWS::IAM::Policy' ? [r.Properties!.PolicyDocument]
          : r.Type === 'AWS::IAM::Role' ? [r.Properties!.AssumeRolePolicyDocument, ...(r.Properties!.Policies ?? []).map((p: any) => p.PolicyDocument)] : [];
        for (const doc of docs) {
          for (const st of doc.Statement) for (const a of [st.Action].flat()) expect(String(a)).not.toContain('*');
        }
      }
    }
  });
});

describe('outbox dispatcher', () => {
  it('is triggered by the table stream, filtered to items holding undelivered mail, failures to an SQS DLQ', () => {
    const mappings = resourcesOf('AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(1);
    const p = mappings[0]![1].Properties!;
    expect(p.FunctionName).toEqual({ Ref: logicalId(s.built.stateless.functions.dispatcher) });
    expect(p.EventSourceArn).toEqual(importOf(s.statefulJson, { 'Fn::GetAtt': [logicalId(s.built.stateful.table), 'StreamArn'] }));
    expect(p.FilterCriteria.Filters.map((f: { Pattern: string }) => JSON.parse(f.Pattern))).toEqual([
      { dynamodb: { NewImage: { outboxPk: { S: ['OUTBOX'] } } } },
    ]);
    expect(p).toMatchObject({
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      StartingPosition: 'TRIM_HORIZON',
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(s.built.stateless.deadLetterQueue), 'Arn'] } } },
    });
  });

  it('the dead-letter queue is encrypted and refuses non-TLS access', () => {
    s.stateless.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    s.stateless.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('runs on EventBridge Scheduler: dispatcher sweep every 5 minutes, lifecycle every 15', () => {
    const schedules = resourcesOf('AWS::Scheduler::Schedule').map(([, r]) => r.Properties!);
    const byTarget = new Map(schedules.map((p) => [p.Target.Arn['Fn::GetAtt'][0] as string, p]));
    expect(schedules).toHaveLength(2);
    expect(byTarget.get(logicalId(s.built.stateless.functions.dispatcher))!.ScheduleExpression).toBe('rate(5 minutes)');
    expect(byTarget.get(logicalId(s.built.stateless.functions.lifecycle))!.ScheduleExpression).toBe('rate(15 minutes)');
    for (const p of schedules) {
      expect(p.State).toBe('ENABLED');
      // No Records in the input: the dispatcher treats it as a sweep of due retries.
      expect(JSON.parse(p.Target.Input)).not.toHaveProperty('Records');
      const roleId = p.Target.RoleArn['Fn::GetAtt'][0] as string;
      expect(statementsOfRole(s.statelessJson, roleId).map(normaliseStatement)).toEqual([
        normaliseStatement({ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: p.Target.Arn }),
      ]);
    }
  });
});

describe('alarms', () => {
  const alarms = () => resourcesOf('AWS::CloudWatch::Alarm').map(([, r]) => r.Properties!);
  const topicRef = () => ({ Ref: logicalId(s.built.stateless.alarmTopic) });

  it('API 5xx, every function\'s errors and the DLQ depth, each to the alarm topic', () => {
    const all = alarms();
    expect(all).toHaveLength(1 + catalogue.length + 1);
    for (const a of all) {
      expect(a.AlarmActions).toEqual([topicRef()]);
      expect(a.OKActions).toEqual([topicRef()]);
    }
    const api = all.filter((a) => a.Namespace === 'AWS/ApiGateway');
    expect(api).toHaveLength(1);
    expect(api[0]).toMatchObject({ MetricName: '5xx', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    expect(api[0]!.Dimensions).toEqual([{ Name: 'ApiId', Value: { Ref: logicalId(s.built.stateless.api) } }]);

    const fnAlarms = all.filter((a) => a.Namespace === 'AWS/Lambda' && a.MetricName === 'Errors');
    expect(new Set(fnAlarms.map((a) => a.Dimensions[0].Value.Ref))).toEqual(new Set(catalogue.map(([n]) => logicalId(s.built.stateless.functions[n]))));

    const dlq = all.filter((a) => a.Namespace === 'AWS/SQS');
    expect(dlq).toHaveLength(1);
    expect(dlq[0]).toMatchObject({ MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    expect(dlq[0]!.Dimensions).toEqual([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(s.built.stateless.deadLetterQueue), 'QueueName'] } }]);
  });

  it('the alarm topic is KMS-encrypted, TLS-only, and CloudWatch may publish to it', () => {
    s.stateless.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    s.stateless.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey'] })]) },
    });
    s.stateless.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });
});

describe('stateful stack', () => {
  it('the table matches functions/config/table.ts: keys, GSIs, TTL, PITR, stream, on-demand', () => {
    const [[, table]] = resourcesOf('AWS::DynamoDB::Table', s.statefulJson) as [[string, any]];
    const p = table.Properties;
    expect(p.KeySchema).toEqual([
      { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
      { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
    ]);
    expect(p.GlobalSecondaryIndexes).toEqual(tableDefinition.globalSecondaryIndexes.map((i) => ({
      IndexName: i.indexName,
      KeySchema: [{ AttributeName: i.partitionKey, KeyType: 'HASH' }, { AttributeName: i.sortKey, KeyType: 'RANGE' }],
      Projection: { ProjectionType: 'ALL' },
    })));
    const keyNames = [tableDefinition.partitionKey, tableDefinition.sortKey, ...tableDefinition.globalSecondaryIndexes.flatMap((i) => [i.partitionKey, i.sortKey])];
    expect(p.AttributeDefinitions).toEqual(expect.arrayContaining(keyNames.map((n) => ({ AttributeName: n, AttributeType: 'S' }))));
    expect(p.AttributeDefinitions).toHaveLength(new Set(keyNames).size);
    expect(p.TimeToLiveSpecification).toEqual({ AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true });
    expect(p.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(p.StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(p.BillingMode).toBe('PAY_PER_REQUEST');
    // dev: deletable
    expect(p.DeletionProtectionEnabled).toBe(false);
    expect(table.DeletionPolicy).toBe('Delete');
  });

  it('SES: address identity bound to a configuration set whose bounces/complaints go to an encrypted topic', () => {
    s.stateful.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: DEFAULTS.mailFrom,
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: logicalId(s.built.stateful.configurationSet) } },
    });
    s.stateful.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: Match.arrayWith(['bounce', 'complaint']),
        SnsDestination: { TopicARN: { Ref: logicalId(s.built.stateful.mailEventsTopic) } },
      },
    });
    s.stateful.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } });
    s.stateful.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'ses.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey'] })]) },
    });
  });
});

describe('policy checks', () => {
  it('cdk-nag (AwsSolutions) and the CloudFormation validator report no finding at synth', () => {
    expect(violationsOf(s.validationReport)).toEqual([]);
  });

  it('AwsSolutions run directly over the tree finds nothing unacknowledged', () => {
    const report = new AwsSolutionsChecks().validateScope(s.built.app);
    expect(report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath ?? r.resourceLogicalId).join(', ')}`)).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('the CloudFormation validator, run on the synthesized templates, reports nothing', () => {
    const stacks = [s.built.stateful, s.built.stateless];
    // The instance synth used (already initialised); a fresh one when that internal is not there.
    const plugin = (CloudFormationValidatePlugin as unknown as { _singletonInstance?: () => CloudFormationValidatePlugin })._singletonInstance?.()
      ?? new CloudFormationValidatePlugin();
    const report = plugin.validate({
      templatePaths: stacks.map((st) => join(s.outdir, st.templateFile)),
      stackTemplates: stacks.map((st) => ({ stackConstructPath: st.node.path, templatePath: join(s.outdir, st.templateFile), accountId: undefined, region: undefined })),
      appConstruct: s.built.app,
    });
    expect(report.violations).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('no construct warning or error is left on either stack', () => {
    for (const st of [s.built.stateful, s.built.stateless] as Stack[]) {
      expect(Annotations.fromStack(st).findWarning('*', Match.anyValue()), st.stackName).toEqual([]);
      expect(Annotations.fromStack(st).findError('*', Match.anyValue()), st.stackName).toEqual([]);
    }
  });

  it('every acknowledgement is a known, specific one with its reason', () => {
    const acks = acknowledgements(s.built.app);
    const byId = new Map<string, string[]>();
    for (const a of acks) {
      expect(a.reason.length, `${a.id} at ${a.path}`).toBeGreaterThan(60);
      byId.set(a.id, [...(byId.get(a.id) ?? []), a.path]);
    }
    expect([...byId.keys()].sort()).toEqual([
      'AwsSolutions-APIG4',
      'AwsSolutions-IAM5[Resource::*]',
      'AwsSolutions-L1',
      'AwsSolutions-SQS3',
    ]);
    // APIG4 (no authorizer) is acknowledged route by route, for the public routes only.
    expect(byId.get('AwsSolutions-APIG4')).toHaveLength(routes.filter((r) => (r as { auth?: string }).auth !== 'iam').length);
    // The wildcard-resource acknowledgement covers the dispatcher's role only (dynamodb:ListStreams).
    expect(byId.get('AwsSolutions-IAM5[Resource::*]')).toEqual([s.built.stateless.functions.dispatcher.executionRoleResource.node.path]);
    expect(byId.get('AwsSolutions-L1')).toHaveLength(catalogue.length);
  });
});
