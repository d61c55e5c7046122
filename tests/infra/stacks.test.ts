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
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { functionCatalogue, routeKey, routes, type FunctionName, type FunctionSpec } from '../../functions/config/functions.js';
import { projectionOf, tableDefinition } from '../../functions/config/table.js';
import { WRITE_ACTIONS } from '../../infra/constructs/reprint-function.js';
import { DEFAULTS } from '../../infra/stage-config.js';
import { assertHandlersExist } from '../../infra/stateless-stack.js';
import { handlerPath, tableGrantFor } from '../../infra/table-grants.js';
import {
  acknowledgements, CFN_LINT, cfnLintErrors, committedStages, expectedStatements, importOf, logicalId, sortStatements, stageContext, statementsOfRole, synth, violationsOf, normaliseStatement, type Synthesized,
} from './synth.js';

const dev = committedStages.dev!;
const devMailFrom = dev.mailFrom as string;

let s: Synthesized;
const catalogue = Object.entries(functionCatalogue) as [FunctionName, FunctionSpec][];

beforeAll(() => {
  // The committed dev stage, with two approvers inside the sender's domain (so no sandbox identities).
  s = synth({ context: stageContext('dev', { ...dev, approvers: ['rights@example.com', 'desk@example.com'] }) });
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
      // No route takes an API Gateway authorizer: staff routes check the Cognito session in the function.
      expect(r.Properties!.AuthorizationType ?? 'NONE', routeKey(route)).toBe('NONE');
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
    // The view pixel promises readers no address and no browser is kept: the access log keeps neither.
    expect(p.AccessLogSettings.Format).not.toMatch(/sourceIp|userAgent|identity\./);
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
      // Exactly the catalogue's variables: no NODE_OPTIONS (source maps are not loaded at run time; README "Performance").
      expect(Object.keys(vars).sort(), name).toEqual([...spec.env].sort());
      const expected: Record<string, unknown> = {
        TABLE_NAME: importOf(s.statefulJson, { Ref: logicalId(table) }),
        BASE_URL: { 'Fn::GetAtt': [logicalId(s.built.stateless.api), 'ApiEndpoint'] },
        STAGE: 'dev',
        MAIL_FROM: devMailFrom,
        MAIL_CAP_PER_RECIPIENT_DAY: '20',
        MAIL_CAP_PER_SOURCE_IP_DAY: '100',
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
      const sandbox = name === 'dispatcher' ? { sandboxIdentityArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ses:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':identity/*']] }] } : {};
      expect(sortStatements(statementsOfRole(s.statelessJson, roleId)), name).toEqual(sortStatements(expectedStatements(s, name, sandbox)));
    }
  });

  it('a catalogue entry without its handler file stops synthesis, naming the file', () => {
    expect(() => assertHandlersExist({ ...functionCatalogue, 'not-written': { entry: 'not-written.ts', description: 'x', table: 'read', env: [] } }))
      .toThrow(/not-written: functions\/handlers\/not-written\.ts/);
    expect(() => assertHandlersExist()).not.toThrow();
  });

  it('table grants follow the code: no function gets an action or an index its code does not call for', () => {
    const grants = Object.fromEntries(catalogue.map(([name, spec]) => [name, tableGrantFor(handlerPath(spec.entry))]));
    // Read-only pages and the health check: reads only, never an index they do not query.
    for (const [name, spec] of catalogue) {
      if (spec.table === 'read') expect(grants[name]!.tableActions.filter((a) => WRITE_ACTIONS.includes(a)), name).toEqual([]);
    }
    expect(grants['health']).toEqual({ calls: ['ping'], tableActions: ['dynamodb:GetItem'], indexes: [] });
    expect(grants['article-terms']!.tableActions).toEqual(['dynamodb:BatchGetItem', 'dynamodb:GetItem']);
    expect(grants['dispatcher']!.indexes).toEqual(['outbox', 'stats']);
    expect(grants['lifecycle']!.indexes).toEqual(['due']);
    expect(grants['staff-view']!.tableActions.filter((a) => WRITE_ACTIONS.includes(a))).toEqual([]);
    // The public pixel writes its counters but never deletes and never queries an index.
    expect(grants['license-pixel']).toMatchObject({ indexes: [] });
    expect(grants['license-pixel']!.tableActions).not.toContain('dynamodb:DeleteItem');
    expect(grants['create-request']!.calls).toEqual(expect.arrayContaining(['createRequest', 'take', 'giveBack']));
    expect(grants['request-exception']!.calls).toEqual(expect.arrayContaining(['take', 'giveBack']));
    // Only the public mail-causing intakes (a request, an exception request) delete an item (a mail-cap
    // counter given back to nothing); no condition check apart from a write.
    const all = JSON.stringify(s.statelessJson);
    for (const [name, g] of Object.entries(grants)) expect(g.tableActions.includes('dynamodb:DeleteItem'), name).toBe(name === 'create-request' || name === 'request-exception');
    expect(all).not.toContain('dynamodb:ConditionCheckItem');
    expect(all).not.toContain('/index/*');
  });

  it('a function declared read-only whose code writes stops synthesis', async () => {
    const { ReprintFunction } = await import('../../infra/constructs/reprint-function.js');
    const bind = ReprintFunction.prototype.bindTable;
    const fake = { tableBound: false, catalogueName: 'x', executionRole: { addToPrincipalPolicy: () => undefined } };
    expect(() => bind.call(fake as never, s.built.stateful.table, { calls: ['createRequest'], tableActions: ['dynamodb:PutItem'], indexes: [] }, 'read'))
      .toThrow(/declared read-only .* calls createRequest, which need dynamodb:PutItem/);
  });

  it('only the dispatcher may send mail', () => {
    const senders = catalogue.filter(([, spec]) => spec.ses).map(([n]) => n);
    expect(senders).toEqual(['dispatcher']);
    const withSes = resourcesOf('AWS::IAM::Policy').filter(([, p]) => JSON.stringify(p.Properties!.PolicyDocument).includes('ses:SendEmail')).length;
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

describe('staff sign-in', () => {
  it('a Cognito user pool for invited staff only, with MFA, the group rights-staff and a managed login (v2) domain', () => {
    s.stateful.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true }, MfaConfiguration: 'ON', UsernameAttributes: ['email'],
    });
    s.stateful.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'rights-staff', UserPoolId: { Ref: logicalId(s.built.stateful.staff.userPool) } });
    s.stateful.hasResourceProperties('AWS::Cognito::UserPoolDomain', { ManagedLoginVersion: 2 });
    s.stateful.hasOutput('StaffUserPoolId', {});
  });

  it('a public app client: code flow only, its callback on the API, and a branding style for the managed login', () => {
    const api = { 'Fn::GetAtt': [logicalId(s.built.stateless.api), 'ApiEndpoint'] };
    s.stateless.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false, AllowedOAuthFlows: ['code'], AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthScopes: ['openid', 'email'],
      CallbackURLs: [{ 'Fn::Join': ['', [api, '/staff/callback']] }], SupportedIdentityProviders: ['COGNITO'],
    });
    s.stateless.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', { UseCognitoProvidedValues: true, ClientId: { Ref: logicalId(s.built.stateless.staffClient) } });
  });

  it('the staff functions know the pool, the client and the login URL', () => {
    for (const name of ['staff-view', 'staff-sign-in'] as FunctionName[]) {
      const vars = s.statelessJson.Resources[logicalId(s.built.stateless.functions[name])]!.Properties!.Environment.Variables;
      expect(vars.STAFF_USER_POOL_ID).toEqual(importOf(s.statefulJson, { Ref: logicalId(s.built.stateful.staff.userPool) }));
      expect(vars.STAFF_CLIENT_ID).toEqual({ Ref: logicalId(s.built.stateless.staffClient) });
      expect(JSON.stringify(vars.STAFF_LOGIN_URL)).toContain('.auth.');
    }
  });
});

describe('outbox dispatcher', () => {
  it('is triggered by the table stream, filtered to items holding undelivered mail or counters behind, failures to an SQS DLQ', () => {
    const mappings = resourcesOf('AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(1);
    const p = mappings[0]![1].Properties!;
    expect(p.FunctionName).toEqual({ Ref: logicalId(s.built.stateless.functions.dispatcher) });
    expect(p.EventSourceArn).toEqual(importOf(s.statefulJson, { 'Fn::GetAtt': [logicalId(s.built.stateful.table), 'StreamArn'] }));
    expect(p.FilterCriteria.Filters.map((f: { Pattern: string }) => JSON.parse(f.Pattern))).toEqual([
      { dynamodb: { NewImage: { outboxPk: { S: ['OUTBOX'] } } } },
      { dynamodb: { NewImage: { statsPk: { S: ['STATS'] } } } },
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
  const named = (what: string) => alarms().find((a) => a.AlarmName === `reprint-desk-dev-${what}`)!;

  it('every alarm goes to the alarm topic, on ALARM and on OK', () => {
    for (const a of alarms()) {
      expect(a.AlarmActions).toEqual([topicRef()]);
      expect(a.OKActions).toEqual([topicRef()]);
    }
    expect(new Set(alarms().map((a) => a.AlarmName)).size).toBe(alarms().length);
  });

  it('API: 5xx as a rate over 3 of 5 minutes (not on a single error), 429s, p99 latency', () => {
    const rate = named('api-5xx-rate');
    expect(rate).toMatchObject({ EvaluationPeriods: 5, DatapointsToAlarm: 3, Threshold: 5, ComparisonOperator: 'GreaterThanThreshold' });
    const expr = rate.Metrics.find((m: { Expression?: string }) => m.Expression)!;
    expect(expr.Expression).toBe('IF(requests > 0, 100 * errors / requests, 0)');
    expect(rate.Metrics.map((m: any) => m.MetricStat?.Metric.MetricName).filter(Boolean).sort()).toEqual(['5xx', 'Count']);

    const throttled = named('api-429');
    expect(throttled).toMatchObject({ Namespace: 'ReprintDesk', MetricName: 'Api429', Threshold: DEFAULTS.throttled429PerPeriod, EvaluationPeriods: 3, DatapointsToAlarm: 2 });
    const [[, filter]] = resourcesOf('AWS::Logs::MetricFilter') as [[string, any]];
    expect(filter.Properties.FilterPattern).toBe('{ $.status = "429" }');
    expect(filter.Properties.LogGroupName).toEqual({ Ref: s.statelessJson.Resources[resourcesOf('AWS::ApiGatewayV2::Stage')[0]![0]]!.Properties!.AccessLogSettings.DestinationArn['Fn::GetAtt'][0] });
    expect(filter.Properties.MetricTransformations).toEqual([{ MetricNamespace: 'ReprintDesk', MetricName: 'Api429', MetricValue: '1' }]);

    expect(named('api-latency-p99')).toMatchObject({ MetricName: 'Latency', ExtendedStatistic: 'p99', Threshold: DEFAULTS.apiLatencyP99Ms, EvaluationPeriods: 3 });
  });

  it("every function's errors, and the EMF metrics the functions emit: unexpected errors, parked and failing mail", () => {
    const fnAlarms = alarms().filter((a) => a.Namespace === 'AWS/Lambda' && a.MetricName === 'Errors');
    expect(new Set(fnAlarms.map((a) => a.Dimensions[0].Value.Ref))).toEqual(new Set(catalogue.map(([n]) => logicalId(s.built.stateless.functions[n]))));
    const emf = { Namespace: 'ReprintDesk', Dimensions: expect.arrayContaining([{ Name: 'stage', Value: 'dev' }, { Name: 'service', Value: 'reprint-desk' }]) };
    expect(named('unexpected-errors')).toMatchObject({ ...emf, MetricName: 'UnexpectedErrors', Threshold: 1 });
    expect(named('mail-parked')).toMatchObject({ ...emf, MetricName: 'MailParked', Threshold: 1 });
    expect(named('mail-failing')).toMatchObject({ ...emf, MetricName: 'MailDeliveryFailures', EvaluationPeriods: 3 });
  });

  it('SES reputation, stream iterator age, Scheduler errors, DynamoDB throttles, dead letters', () => {
    expect(named('ses-bounce-rate')).toMatchObject({ Namespace: 'AWS/SES', MetricName: 'Reputation.BounceRate', Threshold: 0.05 });
    expect(named('ses-complaint-rate')).toMatchObject({ Namespace: 'AWS/SES', MetricName: 'Reputation.ComplaintRate', Threshold: 0.001 });
    expect(named('stream-iterator-age')).toMatchObject({
      Namespace: 'AWS/Lambda', MetricName: 'IteratorAge', Statistic: 'Maximum', Threshold: DEFAULTS.iteratorAgeMs,
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(s.built.stateless.functions.dispatcher) } }],
    });
    const scheduler = named('schedule-errors');
    expect(scheduler.Metrics.map((m: any) => m.MetricStat?.Metric).filter(Boolean).map((m: any) => [m.Namespace, m.MetricName, m.Dimensions[0].Name]).sort())
      .toEqual([['AWS/Scheduler', 'InvocationDroppedCount', 'ScheduleGroup'], ['AWS/Scheduler', 'TargetErrorCount', 'ScheduleGroup']]);
    const throttles = named('table-throttles');
    expect(throttles.Metrics.map((m: any) => m.MetricStat?.Metric.MetricName).filter(Boolean).sort()).toEqual(['ReadThrottleEvents', 'WriteThrottleEvents']);
    expect(throttles.Metrics.find((m: any) => m.MetricStat)!.MetricStat.Metric.Dimensions).toEqual([{ Name: 'TableName', Value: importOf(s.statefulJson, { Ref: logicalId(s.built.stateful.table) }) }]);
    expect(named('dead-letters')).toMatchObject({ MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
  });

  it('a dashboard shows business figures (requests, licenses, fees) beside health', () => {
    const [[, dash]] = resourcesOf('AWS::CloudWatch::Dashboard') as [[string, any]];
    const body = JSON.stringify(dash.Properties.DashboardBody);
    for (const m of ['RequestsSubmitted', 'LicensesIssued', 'LicenseFeesMinor', 'MailParked', 'IteratorAge', 'Api429', '5xx', 'Latency', 'UnexpectedErrors']) expect(body, m).toContain(m);
  });

  it('X-Ray active tracing on every function; asynchronous invocations fail over to the dead-letter queue', () => {
    for (const [name] of catalogue) {
      expect(s.statelessJson.Resources[logicalId(s.built.stateless.functions[name])]!.Properties!.TracingConfig, name).toEqual({ Mode: 'Active' });
    }
    const configs = resourcesOf('AWS::Lambda::EventInvokeConfig').map(([, r]) => r.Properties!);
    const dlq = { 'Fn::GetAtt': [logicalId(s.built.stateless.deadLetterQueue), 'Arn'] };
    const names = ['dispatcher', 'lifecycle', 'mail-receive'].filter((n) => n in functionCatalogue) as FunctionName[];
    expect(configs).toHaveLength(names.length);
    for (const n of names) {
      const c = configs.find((x) => x.FunctionName.Ref === logicalId(s.built.stateless.functions[n]))!;
      expect(c, n).toMatchObject({ MaximumRetryAttempts: 2, DestinationConfig: { OnFailure: { Destination: dlq } } });
    }
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
      Projection: projectionOf(i.projection),
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
      EmailIdentity: devMailFrom,
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
  it('cdk-nag (AwsSolutions and Serverless) and the CloudFormation validator report no finding at synth', () => {
    expect(violationsOf(s.validationReport)).toEqual([]);
  });

  it('AwsSolutions and Serverless run directly over the tree find nothing unacknowledged', () => {
    for (const pack of [new AwsSolutionsChecks(), new ServerlessChecks()]) {
      const report = pack.validateScope(s.built.app);
      expect(report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath ?? r.resourceLogicalId).join(', ')}`)).toEqual([]);
      expect(report.success).toBe(true);
    }
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

  if (!CFN_LINT.available) console.log(CFN_LINT.reason);
  it.skipIf(!CFN_LINT.available)('cfn-lint reports no error on either template', () => {
    expect(cfnLintErrors(s)).toEqual([]);
  }, 120_000);

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
      'AwsSolutions-COG8',
      'AwsSolutions-IAM5[Resource::*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/*]',
      'AwsSolutions-L1',
      'AwsSolutions-SMG4',
      'AwsSolutions-SQS3',
      'Serverless-LambdaDLQ',
      'Serverless-LambdaLatestVersion',
      'Serverless-SQSRedrivePolicy',
    ]);
    // APIG4 (no authorizer) is acknowledged route by route.
    expect(byId.get('AwsSolutions-APIG4')).toHaveLength(routes.length);
    // Wildcard resources: X-Ray on every role (and the dispatcher's dynamodb:ListStreams); the sandbox's identity/* on the dispatcher only.
    expect(new Set(byId.get('AwsSolutions-IAM5[Resource::*]'))).toEqual(new Set(catalogue.map(([n]) => s.built.stateless.functions[n].executionRoleResource.node.path)));
    expect(byId.get('AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/*]')).toEqual([s.built.stateless.functions.dispatcher.executionRoleResource.node.path]);
    expect(byId.get('AwsSolutions-L1')).toHaveLength(catalogue.length);
    expect(byId.get('Serverless-LambdaDLQ')).toHaveLength(catalogue.length);
  });
});
