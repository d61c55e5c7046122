/**
 * The outbox dispatcher. In AWS the table's stream invokes it with the changed items (and a
 * schedule invokes it with no records to sweep retries that are due); locally a poller calls
 * `dispatchDue`. Either way the same idempotent use case delivers the mail.
 */
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { dispatchDeps } from '../edge/wiring.js';
import { workerHandler } from '../edge/worker.js';
import { requestsWithMail } from '../adapters/outbox-stream.js';
import { dispatchDue as sweep, type DispatchReport } from '../application/dispatch-outbox.js';
import { deliverBatch, sweepOutbox } from '../application/outbox-runs.js';

const deps = dispatchDeps();

export const dispatchDue = (now: Date): Promise<DispatchReport> => sweep(deps, now);

export const handler = workerHandler(async (event: Partial<DynamoDBStreamEvent>): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> => {
  if (!event.Records?.length) {
    await sweepOutbox(deps, new Date(), 200);
    return { batchItemFailures: [] };
  }
  const { failed } = await deliverBatch(deps, requestsWithMail(event.Records), new Date());
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
});
