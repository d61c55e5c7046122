/**
 * The stateless half: code and wiring, safe to replace at any deploy.
 * - one function per entry of the catalogue (functions/config/functions.ts), each granted exactly
 *   the table access its code uses (infra/table-grants.ts) and SES for the one function that sends
 *   mail; X-Ray active tracing; failed asynchronous invocations parked in the dead-letter queue;
 * - the HTTP API, whose routes are exactly the route table the local gateway serves, with default
 *   stage throttling and JSON access logs that keep no client address or user agent; with
 *   `apiDomain`, a custom domain (certificate given or DNS-validated) and the execute-api endpoint off;
 * - the outbox dispatcher on the table's stream (filtered to items holding undelivered mail, partial
 *   batch failures, bisect, bounded retries, failures to an encrypted SQS dead-letter queue) and on
 *   a 5-minute schedule that sweeps retries that fell due; the lifecycle function every 15 minutes;
 * - approve-by-reply's receipt rule: added to an existing active rule set, or in our own set that a
 *   custom resource activates (and deactivates before deletion, so a teardown works);
 * - alarms (infra/alarms.ts) to an encrypted SNS topic with the stage's email subscriptions, and a
 *   dashboard of business figures beside health.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { ApiMapping, DomainName, HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { CfnManagedLoginBranding, OAuthScope, UserPoolClient, UserPoolClientIdentityProvider } from 'aws-cdk-lib/aws-cognito';
import { Certificate, CertificateValidation, type ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { ReceiptRule, ReceiptRuleSet, type IReceiptRuleSet } from 'aws-cdk-lib/aws-ses';
import { Lambda as LambdaAction, LambdaInvocationType, S3 } from 'aws-cdk-lib/aws-ses-actions';
import { Schedule, ScheduleExpression, ScheduleGroup, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';
import type { EnvName } from '../functions/config/environment.js';
import { functionCatalogue, routes, type FunctionName, type FunctionSpec } from '../functions/config/functions.js';
import { DISPATCHER_STREAM_FILTERS } from '../functions/adapters/outbox-stream.js';
import { HANDLERS_DIR, ReprintFunction } from './constructs/reprint-function.js';
import { addAlarmsAndDashboard } from './alarms.js';
import { tableGrantFor, handlerPath } from './table-grants.js';
import { inboundBucketName, type InboundMail, type MailResources, type StaffDirectory } from './stateful-stack.js';
import type { StageConfig } from './stage-config.js';

export interface StatelessStackProps extends StackProps {
  config: StageConfig;
  table: ITable;
  mail: MailResources;
  /** Present with the stage key `inboundDomain`: SES receives approvers' replies. */
  inbound?: InboundMail;
  staff: StaffDirectory;
  /** The key webhook endpoint secrets are sealed under (stateful stack). */
  webhookSealKey: ISecret;
}

/** How the scheduled functions run; the dispatcher's stream wiring is below. */
export const SCHEDULES = {
  dispatcherSweep: { function: 'dispatcher', every: Duration.minutes(5), task: 'outbox-sweep' },
  lifecycle: { function: 'lifecycle', every: Duration.minutes(15), task: 'lifecycle' },
} as const satisfies Record<string, { function: FunctionName; every: Duration; task: string }>;

/** Functions AWS invokes asynchronously (EventBridge Scheduler, SES receipt rules). */
export const ASYNC_FUNCTIONS: readonly string[] = ['dispatcher', 'lifecycle', 'mail-receive'];

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
  readonly receiptRuleSet?: IReceiptRuleSet;
  readonly apiDomain?: DomainName;
  readonly scheduleGroup: ScheduleGroup;
  readonly staffClient: UserPoolClient;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { config, table, mail, inbound, staff, webhookSealKey } = props;
    const removalPolicy = config.protect ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const logRetention = config.retentionDays as RetentionDays;
    assertHandlersExist();

    this.api = new HttpApi(this, 'Api', {
      apiName: `reprint-desk-${config.stage}`,
      description: `Reprint Desk (${config.stage}): reprint and syndication permissions`,
      createDefaultStage: false,
      // With a custom domain every link is built from it; the raw execute-api URL would be a second
      // address of the same API that nothing links to (and that a WAF or DNS change would not cover).
      disableExecuteApiEndpoint: Boolean(config.apiDomain),
    });
    const baseUrl = config.baseUrl ?? this.api.apiEndpoint;

    // --- staff sign-in: the app client of the managed login (public client: code flow with PKCE) ---
    this.staffClient = new UserPoolClient(this, 'StaffLoginClient', {
      userPool: staff.userPool,
      userPoolClientName: `reprint-desk-${config.stage}-staff-view`,
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL],
        callbackUrls: [`${baseUrl}/staff/callback`],
        logoutUrls: [`${baseUrl}/staff`],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      accessTokenValidity: Duration.hours(8),
      idTokenValidity: Duration.hours(8),
      refreshTokenValidity: Duration.hours(8),
      preventUserExistenceErrors: true,
    });
    // Managed login (v2) shows a page only for a client that has a branding style.
    new CfnManagedLoginBranding(this, 'StaffLoginBranding', {
      userPoolId: staff.userPool.userPoolId,
      clientId: this.staffClient.userPoolClientId,
      useCognitoProvidedValues: true,
    });

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
      STAFF_USER_POOL_ID: staff.userPool.userPoolId,
      STAFF_CLIENT_ID: this.staffClient.userPoolClientId,
      STAFF_LOGIN_URL: staff.loginBaseUrl,
      MAIL_CAP_PER_RECIPIENT_DAY: String(config.mailCaps.perRecipientPerDay),
      MAIL_CAP_PER_SOURCE_IP_DAY: String(config.mailCaps.perSourceIpPerDay),
      APPROVER_MAILS_PER_HOUR: String(config.mailCaps.approverMailsPerHour),
      // The secret's name, never its value: the functions read it from Secrets Manager at cold start.
      STRIPE_SECRET_ID: config.stripeSecretName ?? '',
      // The seal key's ARN, never its value; loopback webhooks are a local-stack-only allowance.
      WEBHOOK_SEAL_KEY_ID: webhookSealKey.secretArn,
      WEBHOOK_ALLOW_LOOPBACK: '',
    };

    // --- functions: one per catalogue entry --------------------------------------------------
    const functions = {} as Record<FunctionName, ReprintFunction>;
    for (const [name, spec] of Object.entries(functionCatalogue) as [FunctionName, FunctionSpec][]) {
      const fn = new ReprintFunction(this, `${constructName(name)}Function`, {
        name, spec, environment: stageEnvironment, logRetention, removalPolicy,
      });
      fn.bindTable(table, tableGrantFor(handlerPath(spec.entry)), spec.table);
      if (spec.ses) {
        fn.bindMail(mail.identityArn, mail.configurationSetArn, mail.sandboxRecipientIdentityArns);
        if (mail.sandboxRecipientIdentityArns.length) {
          Validations.of(fn.executionRoleResource).acknowledge({
            id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/*]',
            reason: 'Only with sesSandbox: SES authorises a sandbox send against the recipient\'s verified identity too, and requesters\' '
              + 'addresses are verified by hand (aws sesv2 create-email-identity), not by this stack; ses:SendEmail is the only action.',
          });
        }
      }
      if (config.stripeSecretName && (spec.env as readonly string[]).includes('STRIPE_SECRET_ID')) fn.bindSecret(config.stripeSecretName);
      if ((spec.env as readonly string[]).includes('WEBHOOK_SEAL_KEY_ID')) fn.bindWebhookSealKey(webhookSealKey.secretArn);
      functions[name] = fn;
    }
    this.functions = functions;

    // --- HTTP API: exactly the shared route table ----------------------------------------------
    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    for (const route of routes) {
      let integration = integrations.get(route.function);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${constructName(route.function)}Integration`, functions[route.function]);
        integrations.set(route.function, integration);
      }
      const [created] = this.api.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration });
      Validations.of(created!).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: route.auth === 'staff'
          ? 'Staff route: the function itself requires a Cognito session of the group rights-staff (verified with aws-jwt-verify) and '
            + 'sends a browser without one to the managed login; an API Gateway JWT authorizer cannot redirect a browser, only refuse it.'
          : 'Public route of the HTTP contract (DESIGN.md): form, terms, quotes, intake and health are open; requester, '
            + 'approver and license routes authenticate with single-use/expiring tokens stored as hashes, the syndication feed with '
            + 'a hashed x-api-key, a CMS push (PUT /articles/{articleId}) with a hashed publisher key — checked by the handlers, '
            + 'which an API Gateway authorizer cannot express.',
      });
    }
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: logRetention, removalPolicy });
    this.apiStage = new HttpStage(this, 'ApiDefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: config.throttle.rateLimit, burstLimit: config.throttle.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // No client address and no user agent: the view pixel promises readers it keeps neither, and
        // an access log line per view would undo that promise (API Gateway logs per stage, not per route).
        format: AccessLogFormat.custom(JSON.stringify({
          requestId: '$context.requestId',
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
        })),
      },
    });
    // --- custom domain ----------------------------------------------------------------------------
    if (config.apiDomain) {
      const certificate: ICertificate = config.apiDomain.certificateArn
        ? Certificate.fromCertificateArn(this, 'ApiCertificate', config.apiDomain.certificateArn)
        // Without a hosted zone the deploy waits until the validation CNAME (shown in the stack's
        // events and the ACM console) is published in the domain's DNS.
        : new Certificate(this, 'ApiCertificate', { domainName: config.apiDomain.name, validation: CertificateValidation.fromDns() });
      this.apiDomain = new DomainName(this, 'ApiDomain', { domainName: config.apiDomain.name, certificate });
      new ApiMapping(this, 'ApiDomainMapping', { api: this.api, domainName: this.apiDomain, stage: this.apiStage });
      new CfnOutput(this, 'ApiDomainTarget', {
        value: this.apiDomain.regionalDomainName,
        description: `Point ${config.apiDomain.name} here: a CNAME (or an alias A/AAAA record with ApiDomainHostedZoneId)`,
      });
      new CfnOutput(this, 'ApiDomainHostedZoneId', { value: this.apiDomain.regionalHostedZoneId });
    }

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
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'Serverless-SQSRedrivePolicy',
      reason: 'This queue is the dead-letter destination itself (stream batches and asynchronous invocations given up on): an '
        + 'operator reads and purges it after fixing the cause; a further redrive queue would only move the same messages.',
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
      // Only items that hold undelivered mail, or whose counters are behind, invoke the dispatcher at all
      // (filters are ORed; the storage adapter names the attributes: adapters/outbox-stream.ts). The
      // dispatcher's own claim (mail being sent, counters claimed) matches neither: it does not wake itself.
      filters: Object.values(DISPATCHER_STREAM_FILTERS).map(({ attribute, equals }) =>
        FilterCriteria.filter({ dynamodb: { NewImage: { [attribute]: { S: FilterRule.isEqual(equals) } } } })),
    }));

    // --- inbound mail: approvers' emailed replies (with the stage key inboundDomain) --------------
    // Functions invoked asynchronously (the schedules, SES): a failed invocation is parked, not lost.
    for (const name of ASYNC_FUNCTIONS) {
      const fn = (functions as Record<string, ReprintFunction | undefined>)[name];
      fn?.configureAsyncInvoke({ retryAttempts: 2, onFailure: new SqsDestination(this.deadLetterQueue) });
    }
    const receiver = (functions as Record<string, ReprintFunction | undefined>)['mail-receive'];
    if (inbound && receiver) {
      // Named by formula, not by cross-stack reference: the grant reads the same in both stacks.
      const bucketByName = Bucket.fromBucketName(this, 'InboundMailBucket', inboundBucketName(config.stage));
      receiver.bindObjectRead(bucketByName, inbound.prefix);
      // SES may invoke the function for THIS receipt rule only (SourceArn), not for any rule of any
      // set in the account. Added before the rule under the id the SES Lambda action looks for
      // ("AllowSes"), so the action uses it instead of its own account-wide permission.
      const ruleSetName = config.existingRuleSet ?? `rd-${config.stage}-inbound`;
      const ruleName = `rd-${config.stage}-replies`;
      receiver.addPermission('AllowSes', {
        action: 'lambda:InvokeFunction',
        principal: new iam.ServicePrincipal('ses.amazonaws.com'),
        sourceAccount: Aws.ACCOUNT_ID,
        sourceArn: `arn:${Aws.PARTITION}:ses:${Aws.REGION}:${Aws.ACCOUNT_ID}:receipt-rule-set/${ruleSetName}:receipt-rule/${ruleName}`,
      });
      const rule = {
        receiptRuleName: ruleName,
        recipients: [inbound.domain],
        scanEnabled: true,
        // Store the message first (S3), then hand its id to the function (asynchronously).
        actions: [
          new S3({ bucket: inbound.bucket, objectKeyPrefix: inbound.prefix }),
          new LambdaAction({ function: receiver, invocationType: LambdaInvocationType.EVENT }),
        ],
      };
      if (config.existingRuleSet) {
        // The account already has an active rule set (one per region): add our rule to it.
        this.receiptRuleSet = ReceiptRuleSet.fromReceiptRuleSetName(this, 'InboundRuleSet', config.existingRuleSet);
        new ReceiptRule(this, 'InboundRule', { ruleSet: this.receiptRuleSet, ...rule });
      } else {
        const ours = new ReceiptRuleSet(this, 'InboundRuleSet', { receiptRuleSetName: ruleSetName, rules: [rule] });
        this.receiptRuleSet = ours;
        activateRuleSet(this, ours, config.stage);
      }
      Validations.of(receiver.executionRoleResource).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::rd-${config.stage}-inbound-<AWS::AccountId>-<AWS::Region>/${inbound.prefix}*]`,
        reason: 's3:GetObject on the receipt rule\'s key prefix: SES names each stored reply by its messageId, which is only known '
          + 'when the mail arrives; the grant covers that prefix of the one inbound bucket and no other action.',
      });
      new CfnOutput(this, 'InboundRuleSetName', {
        value: this.receiptRuleSet.receiptRuleSetName,
        description: config.existingRuleSet ? 'The existing rule set our receipt rule was added to' : 'Our receipt rule set, activated by this stack (and deactivated before it is deleted)',
      });
    }

    this.scheduleGroup = new ScheduleGroup(this, 'Schedules', { removalPolicy: RemovalPolicy.DESTROY });
    for (const [id, s] of Object.entries(SCHEDULES)) {
      const target = functions[s.function];
      new Schedule(this, `${constructName(id)}Schedule`, {
        scheduleGroup: this.scheduleGroup,
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

    // --- alarms and dashboard --------------------------------------------------------------------
    const { topic, alarms } = addAlarmsAndDashboard(this, { config, table, api: this.api, accessLogs, functions, deadLetterQueue: this.deadLetterQueue, scheduleGroup: this.scheduleGroup, removalPolicy });
    this.alarmTopic = topic;
    this.alarms.push(...alarms);

    // --- acknowledged findings common to every function ----------------------------------------
    for (const fn of Object.values(functions)) {
      Validations.of(fn).acknowledge({
        id: 'AwsSolutions-L1',
        reason: 'Pinned to Node.js 22 (nodejs22.x, LTS) on purpose: the bundles are built with esbuild target node22 and tested '
          + 'against it; moving to a newer runtime is a deliberate change of runtime and target together.',
      });
      Validations.of(fn).acknowledge({
        id: 'Serverless-LambdaLatestVersion',
        reason: 'Pinned to Node.js 22 (nodejs22.x, LTS) on purpose: the bundles are built with esbuild target node22 and tested '
          + 'against it; moving to a newer runtime is a deliberate change of runtime and target together.',
      });
      Validations.of(fn).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason: ASYNC_FUNCTIONS.includes(fn.catalogueName)
          ? 'Invoked asynchronously (schedules, SES): failed invocations go to the on-failure destination (the dead-letter queue), '
            + 'which carries the error and the event; a DeadLetterConfig as well would park each failure twice.'
          : 'Invoked synchronously by API Gateway (the caller gets the error as problem+json) and nothing else: a dead-letter queue '
            + 'only receives failed asynchronous invocations, of which this function has none.',
      });
      Validations.of(fn.executionRoleResource).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'X-Ray active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions '
          + '(CDK adds exactly these two for Tracing.ACTIVE); the DynamoDB stream listing of the dispatcher likewise.',
      });
    }

    // --- outputs -------------------------------------------------------------------------------
    if (!config.apiDomain) new CfnOutput(this, 'ApiUrl', { value: this.apiStage.url, description: 'The HTTP API (default stage)' });
    new CfnOutput(this, 'BaseUrl', { value: baseUrl, description: 'Base URL used in links in mail and pages' });
    new CfnOutput(this, 'ReprintFormExample', { value: `${baseUrl}/articles/{articleId}/reprint`, description: 'Link target for "Click here for reprint permission"' });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn });
    new CfnOutput(this, 'StaffUrl', { value: `${baseUrl}/staff`, description: 'The staff view (Cognito sign-in, group rights-staff)' });
    new CfnOutput(this, 'StaffLoginClientId', { value: this.staffClient.userPoolClientId });
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

/** The construct id CDK gives the singleton provider of every AwsCustomResource in a stack. */
const AWS_CUSTOM_RESOURCE_PROVIDER_ID = 'AWS679f53fac002430cb0da5b7982bd2287';

/**
 * Our receipt rule set is made the account's active one in this region by a custom resource
 * (CloudFormation cannot), and deactivated again before it is deleted: SES refuses to delete an
 * active set, so without this `cdk destroy` fails. Replacing the set re-runs the activation.
 */
function activateRuleSet(scope: Construct, ruleSet: ReceiptRuleSet, stage: string) {
  const activation = new AwsCustomResource(scope, 'ActivateInboundRuleSet', {
    installLatestAwsSdk: false,
    onCreate: {
      service: 'SES', action: 'setActiveReceiptRuleSet', parameters: { RuleSetName: ruleSet.receiptRuleSetName },
      physicalResourceId: PhysicalResourceId.of(`reprint-desk-${stage}-active-rule-set`),
    },
    onUpdate: {
      service: 'SES', action: 'setActiveReceiptRuleSet', parameters: { RuleSetName: ruleSet.receiptRuleSetName },
      physicalResourceId: PhysicalResourceId.of(`reprint-desk-${stage}-active-rule-set`),
    },
    // No RuleSetName: no set is active afterwards (the only way SES offers to deactivate).
    onDelete: { service: 'SES', action: 'setActiveReceiptRuleSet', parameters: {} },
    policy: AwsCustomResourcePolicy.fromStatements([new iam.PolicyStatement({
      actions: ['ses:SetActiveReceiptRuleSet'],
      resources: ['*'],
    })]),
  });
  // Deleted before the rule set (CloudFormation deletes dependents first): deactivated, then deleted.
  activation.node.addDependency(ruleSet);
  Validations.of(activation).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'ses:SetActiveReceiptRuleSet supports no resource-level permissions; it is the only action of this custom resource.',
  });
  // The provider function CDK shares between AwsCustomResources of the stack: called by CloudFormation
  // only, at deploy and delete, a few times a year.
  const provider = Stack.of(scope).node.tryFindChild(AWS_CUSTOM_RESOURCE_PROVIDER_ID);
  if (provider) {
    const why = 'The AwsCustomResource provider function CDK creates (activating the SES receipt rule set): called synchronously by '
      + 'CloudFormation at deploy and delete only, which reports its failure in the stack events';
    Validations.of(provider).acknowledge(
      { id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', reason: `${why}; CDK gives it the basic execution role for its own logs.` },
      { id: 'Serverless-LambdaDefaultMemorySize', reason: `${why}; one small SDK call, for which the default memory is ample.` },
      { id: 'Serverless-LambdaDLQ', reason: `${why}; it is never invoked asynchronously, so a dead-letter queue would stay empty.` },
      { id: 'Serverless-LambdaTracing', reason: `${why}; a trace of one SDK call at deploy time tells nothing the stack events do not.` },
    );
  }
  return activation;
}
