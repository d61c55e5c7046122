/**
 * The outbox dispatcher. In AWS the table's stream invokes it with the changed items (and a
 * schedule invokes it with no records to sweep retries that are due); locally a poller calls
 * `dispatchDue`. Either way the same idempotent use case delivers the mail.
 */
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { mailDeps } from '../adapters/wiring.js';
import { log } from '../http/log.js';
import { deliverRequestMail, dispatchDue as sweep, type DispatchReport } from '../use-cases/dispatch-outbox.js';

const { repo, mailer, env } = mailDeps();
const deps = { repo, mailer, from: env.MAIL_FROM };

export const dispatchDue = (now: Date): Promise<DispatchReport> => sweep(deps, now);

export async function handler(event: Partial<DynamoDBStreamEvent>): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> {
  const now = new Date();
  if (!event.Records?.length) {
    const report = await sweep(deps, now, 200);
    log('info', 'outbox sweep', { ...report });
    return { batchItemFailures: [] };
  }
  const failures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    // Only items that hold undelivered mail are of interest; everything else is a no-op.
    if (image?.entity?.S !== 'request' || image.outboxPk?.S !== 'OUTBOX' || !image.requestId?.S) continue;
    try {
      const report = await deliverRequestMail(deps, image.requestId.S, now);
      if (report.sent || report.retried || report.parked) log('info', 'outbox delivery', { requestId: image.requestId.S, ...report });
    } catch (e) {
      log('error', 'outbox delivery failed', { requestId: image.requestId.S, error: String(e) });
      if (record.dynamodb?.SequenceNumber) failures.push({ itemIdentifier: record.dynamodb.SequenceNumber });
    }
  }
  return { batchItemFailures: failures };
}
