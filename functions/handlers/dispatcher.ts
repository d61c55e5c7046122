/**
 * The outbox dispatcher. In AWS the table's stream invokes it with the changed items (and a
 * schedule invokes it with no records to sweep retries that are due, and counters behind); locally
 * a poller calls `dispatchDue`. Either way the same idempotent use cases deliver the mail and the
 * licensees' webhooks, and bring
 * the desk's counters up to date.
 */
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { dispatchDeps } from '../edge/wiring-webhooks.js';
import { workerHandler } from '../edge/worker.js';
import { requestWork } from '../adapters/outbox-stream.js';
import { deliverBatch, sweepOutbox } from '../application/outbox-runs.js';

const deps = dispatchDeps();

/** One sweep: the local poller's tick (in AWS, the scheduled sweep). */
export const dispatchDue = (now: Date) => sweepOutbox(deps, now);

export const handler = workerHandler(async (event: Partial<DynamoDBStreamEvent>): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> => {
  if (!event.Records?.length) {
    await sweepOutbox(deps, new Date(), { mail: 200, stats: 500 });
    return { batchItemFailures: [] };
  }
  const { failed } = await deliverBatch(deps, requestWork(event.Records), new Date());
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
});
