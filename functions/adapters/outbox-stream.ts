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
 * What makes a new image the dispatcher's work — an attribute of the image and the string it must
 * equal — once for both sides: the event source mapping's filters (ORed) test it before invoking
 * anything (infra/stateless-stack.ts turns each into a FilterCriteria), and `requestWork` tests it
 * on what arrives. A claimed item (stats claimed) matches neither.
 */
export const DISPATCHER_STREAM_FILTERS = {
  mail: { attribute: 'outboxPk', equals: OUTBOX_DUE },
  statsBehind: { attribute: 'statsPk', equals: STATS_BEHIND },
} as const satisfies Record<'mail' | 'statsBehind', { attribute: string; equals: string }>;

type Image = NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>;
const passes = (image: Image, filter: { attribute: string; equals: string }) => image[filter.attribute]?.S === filter.equals;

export function requestWork(records: readonly DynamoDBRecord[]): RequestWork[] {
  const out: RequestWork[] = [];
  for (const record of records) {
    const image = record.dynamodb?.NewImage;
    if (image?.entity?.S !== 'request' || !image.requestId?.S) continue;
    const work = { mail: passes(image, DISPATCHER_STREAM_FILTERS.mail), statsBehind: passes(image, DISPATCHER_STREAM_FILTERS.statsBehind) };
    if (work.mail || work.statsBehind) out.push({ requestId: image.requestId.S, ref: record.dynamodb?.SequenceNumber, ...work });
  }
  return out;
}
