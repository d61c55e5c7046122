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
