/**
 * The table's stream as the dispatcher's work: the request items whose new image holds undelivered
 * mail (listed in the outbox index as due) or whose counters are behind (the stats index), each
 * with the record's sequence number for a partial batch failure. Every other change of the table is
 * no work at all. The attribute names are the storage's (adapters/entities/); nothing past this
 * module reads a stream image.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import { OUTBOX_DUE } from './entities/request.js';
import { STATS_BEHIND } from './entities/stats.js';

export interface RequestWork { requestId: string; ref: string | undefined; mail: boolean; statsBehind: boolean }

/**
 * What makes a new image the dispatcher's work, as the event source mapping's filters (ORed) test
 * it before invoking anything (infra/stateless-stack.ts turns each into a FilterCriteria): an
 * attribute of the new image and the string it must equal. A claimed item (stats claimed) matches
 * neither. `requestWork` below applies the same test to what arrives.
 */
export const DISPATCHER_STREAM_FILTERS: readonly { attribute: string; equals: string }[] = [
  { attribute: 'outboxPk', equals: OUTBOX_DUE },
  { attribute: 'statsPk', equals: STATS_BEHIND },
];

export function requestWork(records: readonly DynamoDBRecord[]): RequestWork[] {
  const out: RequestWork[] = [];
  for (const record of records) {
    const image = record.dynamodb?.NewImage;
    if (image?.entity?.S !== 'request' || !image.requestId?.S) continue;
    const work = { mail: image.outboxPk?.S === OUTBOX_DUE, statsBehind: image.statsPk?.S === STATS_BEHIND };
    if (work.mail || work.statsBehind) out.push({ requestId: image.requestId.S, ref: record.dynamodb?.SequenceNumber, ...work });
  }
  return out;
}
