/**
 * Alarms that reach someone, and one dashboard. Every alarm goes to an encrypted SNS topic with the
 * stage's `alarmEmails` subscribed (on ALARM and on OK). What each one means and what to do is in the
 * README (Operations); the ids here are the names an operator sees, `reprint-desk-<stage>-<what>`.
 *
 * - api-5xx-rate        more than 5 % of API requests answered 5xx in 3 of 5 minutes
 * - api-429             more 429s (throttling or mail caps) in 5 minutes than `alarmThresholds.throttled429PerPeriod`, 2 of 3 periods
 * - api-latency-p99     p99 latency above `alarmThresholds.apiLatencyP99Ms` for 15 minutes
 * - <function>-errors   a function failed outright: HTTP ones on a timeout, OOM or failed cold start; workers on any failed run
 * - unexpected-errors   an error that was not the client's fault: an HTTP answer 500/503 or a failed worker run (EMF metric UnexpectedErrors)
 * - mail-parked         an email was given up on after every attempt (EMF metric)
 * - mail-failing        SES refused mail in 3 consecutive 5-minute periods (EMF metric)
 * - ses-bounce-rate     the account's bounce rate is at 5 % (SES reviews the account at 5 %, may pause at 10 %)
 * - ses-complaint-rate  the account's complaint rate is at 0.1 % (SES reviews at 0.1 %, may pause at 0.5 %)
 * - stream-iterator-age the dispatcher is behind on the table stream by more than `alarmThresholds.iteratorAgeMs`
 * - schedule-errors     a schedule's target invocation failed, or was dropped
 * - table-throttles     DynamoDB throttled reads or writes in 2 of 3 five-minute periods
 * - dead-letters        work was parked in the dead-letter queue
 */
import { Duration, Stack, Validations, type RemovalPolicy } from 'aws-cdk-lib';
import {
  Alarm, ComparisonOperator, Dashboard, GraphWidget, MathExpression, Metric, SingleValueWidget, TextWidget, AlarmStatusWidget,
  TreatMissingData, type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { FilterPattern, MetricFilter, type LogGroup } from 'aws-cdk-lib/aws-logs';
import type { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Subscription, Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { METRIC, METRIC_SERVICE, METRICS_NAMESPACE } from '../functions/config/metrics.js';
import { routes, type FunctionName } from '../functions/config/functions.js';
import type { ReprintFunction } from './constructs/reprint-function.js';
import type { StageConfig } from './stage-config.js';

export interface AlarmInputs {
  config: StageConfig;
  table: ITable;
  api: HttpApi;
  accessLogs: LogGroup;
  functions: Record<FunctionName, ReprintFunction>;
  deadLetterQueue: Queue;
  scheduleGroup: ScheduleGroup;
  removalPolicy: RemovalPolicy;
}

/** The metric the access-log filter counts 429 answers into. */
export const THROTTLED_METRIC = 'Api429';

const constructName = (name: string) => name.replace(/(^|-)([a-z0-9])/g, (_m, _d: string, c: string) => c.toUpperCase());

export function addAlarmsAndDashboard(stack: Stack, inputs: AlarmInputs): { topic: Topic; alarms: Alarm[]; dashboard: Dashboard } {
  const { config, table, api, accessLogs, functions, deadLetterQueue, scheduleGroup, removalPolicy } = inputs;
  const stage = config.stage;
  const oneMinute = Duration.minutes(1);
  const fiveMinutes = Duration.minutes(5);
  const oneHour = Duration.hours(1);

  // --- the topic -------------------------------------------------------------------------------
  const alarmKey = new Key(stack, 'AlarmTopicKey', {
    description: `Reprint Desk ${stage}: encrypts the alarm topic`,
    enableKeyRotation: true,
    removalPolicy,
    pendingWindow: Duration.days(7),
  });
  alarmKey.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'CloudWatchPublishesEncryptedAlarms',
    principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
    actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
    resources: ['*'], // in a key policy "*" means this key
    conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
  }));
  const topic = new Topic(stack, 'AlarmTopic', { displayName: `Reprint Desk ${stage} alarms`, masterKey: alarmKey, enforceSSL: true });
  topic.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'CloudWatchAlarmsPublish',
    principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
    actions: ['sns:Publish'],
    resources: [topic.topicArn],
    conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
  }));
  for (const email of config.alarmEmails) topic.addSubscription(new EmailSubscription(email));
  acknowledgeEmailSubscriptions(topic);
  const action = new SnsAction(topic);

  const alarms: Alarm[] = [];
  const alarm = (id: string, what: string, a: Omit<ConstructorParameters<typeof Alarm>[2], 'alarmName'>) => {
    const created = new Alarm(stack, id, { treatMissingData: TreatMissingData.NOT_BREACHING, alarmName: `reprint-desk-${stage}-${what}`, ...a });
    created.addAlarmAction(action);
    created.addOkAction(action);
    alarms.push(created);
    return created;
  };

  // --- application metrics (EMF, functions/config/metrics.ts) -----------------------------------
  const appMetric = (metricName: string, statistic = 'Sum', period = fiveMinutes, extra: Record<string, string> = {}) =>
    new Metric({ namespace: METRICS_NAMESPACE, metricName, dimensionsMap: { service: METRIC_SERVICE, stage, ...extra }, statistic, period });
  const search = (metricName: string, dimension: string, label: string, period = oneHour) => new MathExpression({
    expression: `SEARCH('{${METRICS_NAMESPACE},service,stage,${dimension}} MetricName="${metricName}" stage="${stage}"', 'Sum', ${period.toSeconds()})`,
    usingMetrics: {}, label, period,
  });

  // --- HTTP API --------------------------------------------------------------------------------
  const apiErrors = api.metricServerError({ period: oneMinute, statistic: 'Sum' });
  const apiRequests = api.metricCount({ period: oneMinute, statistic: 'SampleCount' });
  const errorRate = new MathExpression({
    expression: 'IF(requests > 0, 100 * errors / requests, 0)', usingMetrics: { errors: apiErrors, requests: apiRequests },
    label: '5xx, % of requests', period: oneMinute,
  });
  alarm('Api5xxRateAlarm', 'api-5xx-rate', {
    alarmDescription: 'More than 5 % of API requests answered 5xx in 3 of the last 5 minutes: functions are failing or timing out (bad input never answers 5xx). See README, Operations.',
    metric: errorRate, threshold: 5, evaluationPeriods: 5, datapointsToAlarm: 3,
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
  });
  const throttled = new MetricFilter(stack, 'Api429Filter', {
    logGroup: accessLogs,
    filterPattern: FilterPattern.stringValue('$.status', '=', '429'),
    metricNamespace: METRICS_NAMESPACE,
    metricName: THROTTLED_METRIC,
    metricValue: '1',
  });
  const throttledMetric = throttled.metric({ period: fiveMinutes, statistic: 'Sum' });
  alarm('Api429Alarm', 'api-429', {
    alarmDescription: `More than ${config.alarmThresholds.throttled429PerPeriod} requests answered 429 in 5 minutes, twice in 15: API throttling (throttle.rateLimit) or daily mail caps are turning people away.`,
    metric: throttledMetric, threshold: config.alarmThresholds.throttled429PerPeriod, evaluationPeriods: 3, datapointsToAlarm: 2,
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
  });
  const latencyP99 = api.metricLatency({ period: fiveMinutes, statistic: 'p99' });
  alarm('ApiLatencyAlarm', 'api-latency-p99', {
    alarmDescription: `p99 latency of the API above ${config.alarmThresholds.apiLatencyP99Ms} ms for 15 minutes.`,
    metric: latencyP99, threshold: config.alarmThresholds.apiLatencyP99Ms, evaluationPeriods: 3,
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
  });

  // --- functions -------------------------------------------------------------------------------
  // An HTTP function answers every error it catches (a crash as a 500 problem, counted as
  // UnexpectedErrors below), so Lambda counts an Error for it only when the function itself fails: a
  // timeout, running out of memory, a cold start that cannot start (a missing setting). The workers
  // (stream, schedule, SES) throw what they did not expect, so Lambda retries: each failed run counts.
  const httpFunctions = new Set<string>(routes.map((r) => r.function));
  for (const [name, fn] of Object.entries(functions)) {
    alarm(`${constructName(name)}ErrorsAlarm`, `${name}-errors`, {
      alarmDescription: httpFunctions.has(name)
        ? `Function ${name} failed outright (a timeout, out of memory, or a cold start that could not start): API Gateway answered 500. A handler's own crash is in unexpected-errors. Check its log group.`
        : `Function ${name} failed a run (an unexpected error, a timeout, a crash); the run is retried, then parked in the dead-letter queue. Check its log group ("unexpected error").`,
      metric: fn.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
      threshold: 1, evaluationPeriods: 1, comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
  }
  alarm('UnexpectedErrorsAlarm', 'unexpected-errors', {
    alarmDescription: 'A function met an error that was not the client\'s fault: an HTTP request answered 500/503, or a worker run that failed (each logged as "unexpected error" with its path or function and the request ids).',
    metric: appMetric(METRIC.unexpectedErrors), threshold: 1, evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  });

  // --- mail ------------------------------------------------------------------------------------
  alarm('MailParkedAlarm', 'mail-parked', {
    alarmDescription: 'An email was given up on after every attempt and parked: npm run desk -- outbox list --parked, fix the cause, then outbox replay.',
    metric: appMetric(METRIC.mailParked), threshold: 1, evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  });
  alarm('MailFailingAlarm', 'mail-failing', {
    alarmDescription: 'SES refused mail in 3 consecutive 5-minute periods (retried with back-off; nothing is lost yet): check SES sending status and the dispatcher\'s logs.',
    metric: appMetric(METRIC.mailFailed), threshold: 1, evaluationPeriods: 3,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  });
  alarm('SesBounceRateAlarm', 'ses-bounce-rate', {
    alarmDescription: 'The account\'s SES bounce rate reached 5 % (SES reviews the account at 5 % and may pause sending at 10 %): read the bounces on MailEventsTopicArn.',
    metric: new Metric({ namespace: 'AWS/SES', metricName: 'Reputation.BounceRate', statistic: 'Maximum', period: oneHour }),
    threshold: 0.05, evaluationPeriods: 1, comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  });
  alarm('SesComplaintRateAlarm', 'ses-complaint-rate', {
    alarmDescription: 'The account\'s SES complaint rate reached 0.1 % (SES reviews at 0.1 % and may pause sending at 0.5 %): read the complaints on MailEventsTopicArn; lower mailCaps.',
    metric: new Metric({ namespace: 'AWS/SES', metricName: 'Reputation.ComplaintRate', statistic: 'Maximum', period: oneHour }),
    threshold: 0.001, evaluationPeriods: 1, comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  });

  // --- stream, schedules, table, dead letters ----------------------------------------------------
  const iteratorAge = functions.dispatcher.metric('IteratorAge', { statistic: 'Maximum', period: fiveMinutes });
  alarm('StreamIteratorAgeAlarm', 'stream-iterator-age', {
    alarmDescription: `The dispatcher is more than ${config.alarmThresholds.iteratorAgeMs / 1000} s behind on the table stream for 15 minutes: mail is delayed (the 5-minute sweep still delivers it).`,
    metric: iteratorAge, threshold: config.alarmThresholds.iteratorAgeMs, evaluationPeriods: 3,
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
  });
  const scheduleFailures = new MathExpression({
    expression: 'errors + dropped',
    usingMetrics: { errors: scheduleGroup.metricTargetErrors({ period: fiveMinutes, statistic: 'Sum' }), dropped: scheduleGroup.metricDropped({ period: fiveMinutes, statistic: 'Sum' }) },
    label: 'schedule target errors + dropped', period: fiveMinutes,
  });
  alarm('ScheduleErrorsAlarm', 'schedule-errors', {
    alarmDescription: 'EventBridge Scheduler could not invoke the dispatcher sweep or the lifecycle function (target errors or dropped invocations).',
    metric: scheduleFailures, threshold: 1, evaluationPeriods: 1, comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  });
  const tableMetric = (metricName: string) => new Metric({ namespace: 'AWS/DynamoDB', metricName, dimensionsMap: { TableName: table.tableName }, statistic: 'Sum', period: fiveMinutes });
  const throttles = new MathExpression({
    expression: 'reads + writes', usingMetrics: { reads: tableMetric('ReadThrottleEvents'), writes: tableMetric('WriteThrottleEvents') },
    label: 'throttled reads + writes', period: fiveMinutes,
  });
  alarm('TableThrottlesAlarm', 'table-throttles', {
    alarmDescription: 'DynamoDB throttled reads or writes in 2 of 3 five-minute periods: a hot partition or an account limit; requests may answer 503.',
    metric: throttles, threshold: 1, evaluationPeriods: 3, datapointsToAlarm: 2,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  });
  alarm('DeadLetterDepthAlarm', 'dead-letters', {
    alarmDescription: 'Work was given up on and parked in the dead-letter queue: stream batches of the dispatcher (the mail stays in the outbox index), failed scheduled runs, or inbound replies (the message stays in the bucket). See README, Operations.',
    metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: 'Maximum' }),
    threshold: 0, evaluationPeriods: 1, comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
  });

  // --- the dashboard: business beside health -------------------------------------------------------
  const dashboard = new Dashboard(stack, 'Dashboard', { dashboardName: `reprint-desk-${stage}` });
  const graph = (title: string, left: IMetric[], width = 8) => new GraphWidget({ title, left, width, height: 6 });
  dashboard.addWidgets(new TextWidget({ markdown: `# Reprint Desk (${stage})\nBusiness on the left, health on the right. Alarms: SNS topic of this stack.`, width: 24, height: 2 }));
  dashboard.addWidgets(
    graph('Requests by decision (hourly)', [search(METRIC.requestsSubmitted, 'status', 'requests')]),
    graph('Licenses issued at once (hourly)', [appMetric(METRIC.licensesIssued, 'Sum', oneHour)]),
    graph('License fees, minor units (hourly, by currency)', [search(METRIC.licenseFeesMinor, 'currency', 'fees')]),
  );
  dashboard.addWidgets(
    graph('API: 5xx rate (%) and p99 latency (ms)', [errorRate, latencyP99]),
    graph('Mail: sent, failed, parked', [appMetric(METRIC.mailSent), appMetric(METRIC.mailFailed), appMetric(METRIC.mailParked)]),
    graph('Refused: 429s and mail-cap refusals', [throttledMetric, search(METRIC.mailCapRefusals, 'subject', 'mail-cap refusals', fiveMinutes)]),
  );
  dashboard.addWidgets(
    graph('Dispatcher stream iterator age (ms)', [iteratorAge]),
    graph('DynamoDB throttles; unexpected errors', [throttles, appMetric(METRIC.unexpectedErrors)]),
    new SingleValueWidget({ title: 'Dead letters waiting', metrics: [deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: 'Maximum' })], width: 8, height: 6 }),
  );
  dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarms', alarms, width: 24, height: 6 }));

  return { topic, alarms, dashboard };
}

/** Email subscriptions (alarms, mail events) with the reason they have no redrive queue. */
export function acknowledgeEmailSubscriptions(topic: Topic) {
  for (const child of topic.node.children) {
    if (!(child instanceof Subscription)) continue;
    Validations.of(child).acknowledge({
      id: 'Serverless-SNSRedrivePolicy',
      reason: 'An email subscription: SNS retries delivery to the mail server for hours, and a message it finally gives up on '
        + 'would sit unread in a queue — the same alarm also shows in the console and on the dashboard, and SES events are kept in SES.',
    });
  }
}
