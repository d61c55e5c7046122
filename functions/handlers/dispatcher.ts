/**
 * The outbox dispatcher. In AWS the table's stream invokes it with the changed items (and a
 * schedule invokes it with no records to sweep retries that are due); locally a poller calls
 * `dispatchDue`. Either way the same idempotent use case delivers the mail.
 */
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { mailDeps } from '../edge/wiring.js';
import { dynamoDocumentClient } from '../adapters/aws-clients.js';
import { dynamoMailCapCounters } from '../adapters/mail-cap-counters.js';
import { readEnv } from '../config/environment.js';
import { approverAllowance } from '../application/approver-digest.js';
import { log } from '../edge/log.js';
import { recordMetrics } from '../edge/metrics.js';
import { METRIC } from '../config/metrics.js';
import { requestWithDueMail } from '../adapters/entities/request.js';
import { deliverRequestMail, dispatchDue as sweep, type DispatchReport } from '../application/dispatch-outbox.js';

const { repo, mailer, env } = mailDeps();
const { APPROVER_MAILS_PER_HOUR, INBOUND_DOMAIN } = readEnv(['APPROVER_MAILS_PER_HOUR', 'INBOUND_DOMAIN']);
const perHour = Number(APPROVER_MAILS_PER_HOUR);
const deps = {
  repo, mailer, from: env.MAIL_FROM,
  // Mail is rendered at delivery: links to BASE_URL, approvers' reply addresses at INBOUND_DOMAIN (empty: off).
  render: { baseUrl: env.BASE_URL, ...(INBOUND_DOMAIN ? { inboundDomain: INBOUND_DOMAIN } : {}) },
  // Beyond this many review emails an hour, an approver gets one digest (application/approver-digest.ts).
  approvers: { allowance: approverAllowance(dynamoMailCapCounters(dynamoDocumentClient(), env.TABLE_NAME), perHour), perHour },
};

export const dispatchDue = (now: Date): Promise<DispatchReport> => sweep(deps, now);

/** Sent, refused-and-retried and parked mail as metrics (alarmed: infra/alarms.ts). */
const mailMetrics = (r: { sent: number; retried: number; parked: number }) => recordMetrics([
  { name: METRIC.mailSent, value: r.sent }, { name: METRIC.mailFailed, value: r.retried }, { name: METRIC.mailParked, value: r.parked },
]);

export async function handler(event: Partial<DynamoDBStreamEvent>): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> {
  const now = new Date();
  if (!event.Records?.length) {
    const report = await sweep(deps, now, 200);
    log('info', 'outbox sweep', { ...report });
    mailMetrics(report);
    return { batchItemFailures: [] };
  }
  const total = { sent: 0, retried: 0, parked: 0 };
  const failures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    // Only items that hold undelivered mail are of interest; everything else is a no-op.
    const requestId = requestWithDueMail(record.dynamodb?.NewImage as Record<string, { S?: string }> | undefined);
    if (!requestId) continue;
    try {
      const report = await deliverRequestMail(deps, requestId, now);
      total.sent += report.sent; total.retried += report.retried; total.parked += report.parked;
      if (report.sent || report.retried || report.parked) log('info', 'outbox delivery', { requestId: requestId, ...report });
    } catch (e) {
      log('error', 'outbox delivery failed', { requestId: requestId, error: String(e) });
      if (record.dynamodb?.SequenceNumber) failures.push({ itemIdentifier: record.dynamodb.SequenceNumber });
    }
  }
  mailMetrics(total);
  return { batchItemFailures: failures };
}
