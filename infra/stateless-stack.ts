/**
 * The stateless half: code and wiring, safe to replace at any deploy.
 * - one function per entry of the catalogue (functions/config/functions.ts), each granted exactly
 *   its declared table access (and SES for the one function that sends mail);
 * - the HTTP API, whose routes are exactly the route table the local gateway serves, with default
 *   stage throttling and JSON access logs;
 * - the outbox dispatcher on the table's stream (filtered to items holding undelivered mail, partial
 *   batch failures, bisect, bounded retries, failures to an encrypted SQS dead-letter queue) and on
 *   a 5-minute schedule that sweeps retries that fell due; the lifecycle function every 15 minutes;
 * - alarms on API 5xx, on every function's errors and on the dead-letter queue's depth, to an
 *   encrypted SNS topic (optionally with an email subscription).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, TreatMissingData, type IAlarmAction } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { ReceiptRuleSet } from 'aws-cdk-lib/aws-ses';
import { Lambda as LambdaAction, LambdaInvocationType, S3 } from 'aws-cdk-lib/aws-ses-actions';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { EnvName } from '../functions/config/environment.js';
import { functionCatalogue, routes, type FunctionName, type FunctionSpec } from '../functions/config/functions.js';
import { OUTBOX_DUE } from '../functions/entities/request.js';
import { HANDLERS_DIR, ReprintFunction } from './constructs/reprint-function.js';
import { inboundBucketName, type InboundMail, type MailResources } from './stateful-stack.js';
import type { StageConfig } from './stage-config.js';

export interface StatelessStackProps extends StackProps {
  config: StageConfig;
  table: ITable;
  mail: MailResources;
  /** Present with the `inboundDomain` context key: SES receives approvers' replies. */
  inbound?: InboundMail;
}

/** How the scheduled functions run; the dispatcher's stream wiring is below. */
export const SCHEDULES = {
  dispatcherSweep: { function: 'dispatcher', every: Duration.minutes(5), task: 'outbox-sweep' },
  lifecycle: { function: 'lifecycle', every: Duration.minutes(15), task: 'lifecycle' },
} as const satisfies Record<string, { function: FunctionName; every: Duration; task: string }>;

export const DISPATCHER_STREAM = {
  batchSize: 10,
  retryAttempts: 5,
  maxRecordAge: Duration.hours(6),
} as const;

/** `create-request` → `CreateRequest`. */
export const constructName = (name: string) => name.replace(/(^|-)([a-z0-9])/g, (_m, _d: string, c: string) => c.toUpperCase());

export class MissingHandlerError extends Error {
  override name = 'MissingHandlerError';
}

/** Fails synthesis naming every catalogue entry whose handler file does not exist. */
export function assertHandlersExist(catalogue: Record<string, FunctionSpec> = functionCatalogue): void {
  const missing = Object.entries(catalogue).filter(([, spec]) => !existsSync(join(HANDLERS_DIR, spec.entry)));
  if (missing.length) {
    throw new MissingHandlerError(`The function catalogue (functions/config/functions.ts) names handler files that do not exist:\n${
      missing.map(([name, spec]) => `  - ${name}: functions/handlers/${spec.entry}`).join('\n')}`);
  }
}

export class StatelessStack extends Stack {
  readonly functions: Record<FunctionName, ReprintFunction>;
  readonly api: HttpApi;
  readonly apiStage: HttpStage;
  readonly deadLetterQueue: Queue;
  readonly alarmTopic: Topic;
  readonly alarms: Alarm[] = [];
  readonly receiptRuleSet?: ReceiptRuleSet;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { config, table, mail, inbound } = props;
    const removalPolicy = config.isProduction ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const logRetention = config.retentionDays as RetentionDays;
    assertHandlersExist();

    this.api = new HttpApi(this, 'Api', {
      apiName: `reprint-desk-${config.stage}`,
      description: `Reprint Desk (${config.stage}): reprint and syndication permissions`,
      createDefaultStage: false,
    });
    const baseUrl = config.baseUrl ?? this.api.apiEndpoint;

    // The stage's value for every environment variable a function may read (a variable not named
    // here takes its default from functions/config/environment.ts; a required one without a value
    // stops synthesis).
    const stageEnvironment: Partial<Record<EnvName | string, string>> = {
      TABLE_NAME: table.tableName,
      BASE_URL: baseUrl,
      STAGE: config.stage,
      MAIL_FROM: config.mailFrom,
      SES_CONFIGURATION_SET: mail.configurationSetName,
      APPROVERS: config.approvers.join(','),
      INBOUND_DOMAIN: inbound?.domain ?? '',
      INBOUND_BUCKET: inbound?.bucket.bucketName ?? '',
      INBOUND_PREFIX: inbound?.prefix ?? '',
      // The secret's name, never its value: the functions read it from Secrets Manager at cold start.
      STRIPE_SECRET_ID: config.stripeSecretName ?? '',
    };

    // --- functions: one per catalogue entry --------------------------------------------------
    const functions = {} as Record<FunctionName, ReprintFunction>;
    for (const [name, spec] of Object.entries(functionCatalogue) as [FunctionName, FunctionSpec][]) {
      const fn = new ReprintFunction(this, `${constructName(name)}Function`, {
        name, spec, environment: stageEnvironment, logRetention, removalPolicy,
      });
      fn.bindTable(table, spec.table);
      if (spec.ses) fn.bindMail(mail.identityArn, mail.configurationSetArn, mail.sandboxRecipientIdentityArns);
      if (config.stripeSecretName && (spec.env as readonly string[]).includes('STRIPE_SECRET_ID')) fn.bindSecret(config.stripeSecretName);
      functions[name] = fn;
    }
    this.functions = functions;

    // --- HTTP API: exactly the shared route table ----------------------------------------------
    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    const staffRouteArns: string[] = [];
    for (const route of routes) {
      let integration = integrations.get(route.function);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${constructName(route.function)}Integration`, functions[route.function]);
        integrations.set(route.function, integration);
      }
      // Staff routes (`auth: 'iam'`) take SigV4-signed requests only; the rest is the public contract.
      const staffOnly = (route as { auth?: string }).auth === 'iam';
      const [created] = this.api.addRoutes({
        path: route.path, methods: [HttpMethod[route.method]], integration,
        ...(staffOnly ? { authorizer: new HttpIamAuthorizer() } : {}),
      });
      if (staffOnly) staffRouteArns.push(this.api.arnForExecuteApi(route.method, route.path, '$default'));
      else {
        Validations.of(created!).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: 'Public route of the HTTP contract (DESIGN.md): form, terms, quotes, intake and health are open; requester, '
            + 'approver and license routes authenticate with single-use/expiring tokens stored as hashes, the syndication feed with '
            + 'a hashed x-api-key, a CMS push (PUT /articles/{articleId}) with a hashed publisher key — checked by the handlers, which an API Gateway authorizer cannot express. Staff routes use IAM.',
        });
      }
    }
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: logRetention, removalPolicy });
    this.apiStage = new HttpStage(this, 'ApiDefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: config.throttle.rateLimit, burstLimit: config.throttle.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify({
          requestId: '$context.requestId',
          ip: '$context.identity.sourceIp',
          requestTime: '$context.requestTime',
          method: '$context.httpMethod',
          routeKey: '$context.routeKey',
          path: '$context.path',
          status: '$context.status',
          protocol: '$context.protocol',
          responseLength: '$context.responseLength',
          latencyMs: '$context.responseLatency',
          integrationLatencyMs: '$context.integrationLatency',
          integrationError: '$context.integrationErrorMessage',
          userAgent: '$context.identity.userAgent',
        })),
      },
    });
    // --- the outbox dispatcher: table stream + sweep schedule -----------------------------------
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter destination: on-failure of the dispatcher\'s stream event source mapping '
        + 'and of the mail-receive function\'s asynchronous invocations; it has nowhere further to dead-letter to. Its depth is alarmed.',
    });
    const dispatcher = functions.dispatcher;
    dispatcher.addEventSource(new DynamoEventSource(table, {
      // TRIM_HORIZON: mail written before the mapping existed (first deploy) is still delivered.
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: DISPATCHER_STREAM.batchSize,
      bisectBatchOnError: true,
      reportBatchItemFailures: true,
      retryAttempts: DISPATCHER_STREAM.retryAttempts,
      maxRecordAge: DISPATCHER_STREAM.maxRecordAge,
      onFailure: new SqsDlq(this.deadLetterQueue),
      // Only items that hold undelivered mail invoke the dispatcher at all.
      filters: [FilterCriteria.filter({ dynamodb: { NewImage: { outboxPk: { S: FilterRule.isEqual(OUTBOX_DUE) } } } })],
    }));
    acknowledgeStreamListing(dispatcher);

    // --- inbound mail: approvers' emailed replies (with the inboundDomain context key) --------------
    const receiver = (functions as Record<string, ReprintFunction | undefined>)['mail-receive'];
    if (receiver) {
      // However it is invoked, a failed asynchronous invocation is parked, not lost.
      receiver.configureAsyncInvoke({ retryAttempts: 2, onFailure: new SqsDestination(this.deadLetterQueue) });
    }
    if (inbound && receiver) {
      // Named by formula, not by cross-stack reference: the grant reads the same in both stacks.
      const bucketByName = Bucket.fromBucketName(this, 'InboundMailBucket', inboundBucketName(config.stage));
      receiver.bindObjectRead(bucketByName, inbound.prefix);
      // SES may invoke the function for THIS receipt rule only (SourceArn), not for any rule of any
      // set in the account. Added before the rule under the id the SES Lambda action looks for
      // ("AllowSes"), so the action uses it instead of its own account-wide permission.
      const ruleSetName = `rd-${config.stage}-inbound`;
      const ruleName = `rd-${config.stage}-replies`;
      receiver.addPermission('AllowSes', {
        action: 'lambda:InvokeFunction',
        principal: new iam.ServicePrincipal('ses.amazonaws.com'),
        sourceAccount: Aws.ACCOUNT_ID,
        sourceArn: `arn:${Aws.PARTITION}:ses:${Aws.REGION}:${Aws.ACCOUNT_ID}:receipt-rule-set/${ruleSetName}:receipt-rule/${ruleName}`,
      });
      this.receiptRuleSet = new ReceiptRuleSet(this, 'InboundRuleSet', {
        receiptRuleSetName: ruleSetName,
        rules: [{
          receiptRuleName: ruleName,
          recipients: [inbound.domain],
          scanEnabled: true,
          // Store the message first (S3), then hand its id to the function (asynchronously).
          actions: [
            new S3({ bucket: inbound.bucket, objectKeyPrefix: inbound.prefix }),
            new LambdaAction({ function: receiver, invocationType: LambdaInvocationType.EVENT }),
          ],
        }],
      });
      Validations.of(receiver.executionRoleResource).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::rd-${config.stage}-inbound-<AWS::AccountId>-<AWS::Region>/${inbound.prefix}*]`,
        reason: 's3:GetObject on the receipt rule\'s key prefix: SES names each stored reply by its messageId, which is only known '
          + 'when the mail arrives; the grant covers that prefix of the one inbound bucket and no other action.',
      });
      new CfnOutput(this, 'InboundRuleSetName', {
        value: this.receiptRuleSet.receiptRuleSetName,
        description: 'Activate once: aws ses set-active-receipt-rule-set --rule-set-name <this>',
      });
    }

    for (const [id, s] of Object.entries(SCHEDULES)) {
      const target = functions[s.function];
      new Schedule(this, `${constructName(id)}Schedule`, {
        description: `Reprint Desk ${config.stage}: ${s.task} every ${s.every.toMinutes()} minutes`,
        schedule: ScheduleExpression.rate(s.every),
        target: new ExactLambdaInvoke(target, {
          input: ScheduleTargetInput.fromObject({ source: 'reprint-desk.schedule', task: s.task }),
          // The next run comes soon anyway; an old invocation is worth nothing.
          retryAttempts: 2,
          maxEventAge: s.every,
        }),
      });
    }

    // --- alarms --------------------------------------------------------------------------------
    const alarmKey = new Key(this, 'AlarmTopicKey', {
      description: `Reprint Desk ${config.stage}: encrypts the alarm topic`,
      enableKeyRotation: true,
      removalPolicy,
      pendingWindow: Duration.days(7),
    });
    alarmKey.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'CloudWatchPublishesEncryptedAlarms',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: ['*'], // in a key policy "*" means this key
      conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
    }));
    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: `Reprint Desk ${config.stage} alarms`,
      masterKey: alarmKey,
      enforceSSL: true,
    });
    this.alarmTopic.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'CloudWatchAlarmsPublish',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['sns:Publish'],
      resources: [this.alarmTopic.topicArn],
      conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
    }));
    if (config.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(config.alarmEmail));
    const action: IAlarmAction = new SnsAction(this.alarmTopic);
    const alarm = (id: string, a: ConstructorParameters<typeof Alarm>[2]) => {
      const created = new Alarm(this, id, { treatMissingData: TreatMissingData.NOT_BREACHING, ...a });
      created.addAlarmAction(action);
      created.addOkAction(action);
      this.alarms.push(created);
      return created;
    };
    const fiveMinutes = Duration.minutes(5);

    alarm('Api5xxAlarm', {
      alarmName: `reprint-desk-${config.stage}-api-5xx`,
      alarmDescription: 'The HTTP API answered 5xx: a function failed or timed out (bad input never answers 5xx).',
      metric: this.api.metricServerError({ period: fiveMinutes, statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
    for (const [name, fn] of Object.entries(functions)) {
      alarm(`${constructName(name)}ErrorsAlarm`, {
        alarmName: `reprint-desk-${config.stage}-${name}-errors`,
        alarmDescription: `Function ${name} reported errors (uncaught exceptions, timeouts, crashes).`,
        metric: fn.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      });
    }
    alarm('DeadLetterDepthAlarm', {
      alarmName: `reprint-desk-${config.stage}-dead-letters`,
      alarmDescription: 'Work was given up on and parked in the dead-letter queue: stream batches of the dispatcher (the mail stays in the outbox index) or inbound replies (the message stays in the bucket); see docs/deploy.md.',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: 'Maximum' }),
      threshold: 0,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    });

    // --- acknowledged findings common to every function ----------------------------------------
    for (const fn of Object.values(functions)) {
      Validations.of(fn).acknowledge({
        id: 'AwsSolutions-L1',
        reason: 'Pinned to Node.js 22 (nodejs22.x, LTS) on purpose: the bundles are built with esbuild target node22 and tested '
          + 'against it; moving to a newer runtime is a deliberate change of runtime and target together.',
      });
    }

    // --- outputs -------------------------------------------------------------------------------
    new CfnOutput(this, 'ApiUrl', { value: this.apiStage.url, description: 'The HTTP API (default stage)' });
    new CfnOutput(this, 'BaseUrl', { value: baseUrl, description: 'Base URL used in links in mail and pages' });
    new CfnOutput(this, 'ReprintFormExample', { value: `${baseUrl}/articles/{articleId}/reprint`, description: 'Link target for "Click here for reprint permission"' });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.deadLetterQueue.queueUrl });
    if (staffRouteArns.length) {
      new CfnOutput(this, 'StaffRouteArns', {
        value: staffRouteArns.join(','),
        description: 'Grant execute-api:Invoke on these to the staff IAM principals (requests must be SigV4-signed)',
      });
    }
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn });
  }
}

/**
 * The scheduler target, granted `lambda:InvokeFunction` on the function's own ARN only (the stock
 * target also grants `<arn>:*`, every version and alias, which a schedule of $LATEST never uses).
 */
class ExactLambdaInvoke extends LambdaInvoke {
  constructor(private readonly fn: ReprintFunction, props: ConstructorParameters<typeof LambdaInvoke>[1]) {
    super(fn, props);
  }

  protected override addTargetActionToRole(role: iam.IRole): void {
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'InvokeScheduledFunction',
      actions: ['lambda:InvokeFunction'],
      resources: [this.fn.functionArn],
    }));
  }
}

/**
 * The stream event source grants `dynamodb:ListStreams` on "*" (that action has no resource-level
 * permissions); the stream's own actions are scoped to the stream ARN.
 */
function acknowledgeStreamListing(fn: ReprintFunction) {
  Validations.of(fn.executionRoleResource).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'dynamodb:ListStreams, added by the DynamoDB stream event source, supports no resource-level permissions; '
      + 'every other stream action (DescribeStream, GetRecords, GetShardIterator) is scoped to the table\'s stream ARN.',
  });
}
