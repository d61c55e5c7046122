/**
 * The outbox dispatcher. In AWS the table's stream invokes it with the changed items (and a
 * schedule invokes it with no records to sweep retries that are due); locally a poller calls
 * `dispatchDue`. Either way the same idempotent use case delivers the mail and the webhooks.
 */
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { mailDeps, webhookDeps } from '../edge/wiring.js';
import { dynamoDocumentClient } from '../adapters/aws-clients.js';
import { dynamoMailCapCounters } from '../adapters/mail-cap-counters.js';
import { readEnv } from '../config/environment.js';
import { approverAllowance } from '../application/approver-digest.js';
import { log } from '../edge/log.js';
import { recordMetrics } from '../edge/metrics.js';
import { METRIC } from '../config/metrics.js';
import { deliverRequestMail, dispatchDue as sweep, type DispatchReport } from '../application/dispatch-outbox.js';
import { aggregateDue, aggregateRequest } from '../application/request-stats.js';
import { STATS_BEHIND } from '../adapters/entities/stats.js';

const { repo, mailer, env } = mailDeps();
const perHour = Number(readEnv(['APPROVER_MAILS_PER_HOUR']).APPROVER_MAILS_PER_HOUR);
const webhooks = webhookDeps();
const deps = {
  repo, mailer, from: env.MAIL_FROM,
  // Webhook intents: signed (Standard Webhooks) and POSTed to a checked public address at delivery.
  webhooks: { sender: webhooks.sender, box: webhooks.box },
  // Beyond this many review emails an hour, an approver gets one digest (application/approver-digest.ts).
  approvers: { allowance: approverAllowance(dynamoMailCapCounters(dynamoDocumentClient(), env.TABLE_NAME), perHour), perHour },
};

/**
 * One sweep (the local poller's tick; in AWS the scheduled sweep): due mail, then requests whose
 * counters are behind (application/request-stats.ts).
 */
export async function dispatchDue(now: Date): Promise<DispatchReport & { aggregated: number }> {
  const report = await sweep(deps, now);
  const stats = await aggregateDue(repo, now);
  if (stats.applied) log('info', 'counters brought up to date', { ...stats });
  return { ...report, aggregated: stats.applied };
}

/** Sent, refused-and-retried and parked mail as metrics (alarmed: infra/alarms.ts). */
const mailMetrics = (r: { sent: number; retried: number; parked: number }) => recordMetrics([
  { name: METRIC.mailSent, value: r.sent }, { name: METRIC.mailFailed, value: r.retried }, { name: METRIC.mailParked, value: r.parked },
]);

export async function handler(event: Partial<DynamoDBStreamEvent>): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> {
  const now = new Date();
  if (!event.Records?.length) {
    const report = await sweep(deps, now, 200);
    const stats = await aggregateDue(repo, now, 500);
    log('info', 'outbox sweep', { ...report, counters: stats });
    mailMetrics(report);
    return { batchItemFailures: [] };
  }
  const total = { sent: 0, retried: 0, parked: 0 };
  const failures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    // Only request items that hold undelivered mail or whose counters are behind are of interest.
    if (image?.entity?.S !== 'request' || !image.requestId?.S) continue;
    try {
      // Counters first: cheap, and idempotent under redelivery (keyed on the operation).
      if (image.statsPk?.S === STATS_BEHIND) await aggregateRequest(repo, image.requestId.S, now);
      if (image.outboxPk?.S !== 'OUTBOX') continue;
      const report = await deliverRequestMail(deps, image.requestId.S, now);
      total.sent += report.sent; total.retried += report.retried; total.parked += report.parked;
      if (report.sent || report.retried || report.parked) log('info', 'outbox delivery', { requestId: image.requestId.S, ...report });
    } catch (e) {
      log('error', 'outbox delivery failed', { requestId: image.requestId.S, error: String(e) });
      if (record.dynamodb?.SequenceNumber) failures.push({ itemIdentifier: record.dynamodb.SequenceNumber });
    }
  }
  mailMetrics(total);
  return { batchItemFailures: failures };
}
