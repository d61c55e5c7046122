/**
 * The table's stream as the dispatcher's work: the request items whose new image holds undelivered
 * mail (listed in the outbox index as due), each with the record's sequence number for a partial
 * batch failure. Every other change of the table is no work at all. The attribute names are the
 * storage's (adapters/entities/request.ts); nothing past this module reads a stream image.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import { OUTBOX_DUE } from './entities/request.js';

export interface MailWork { requestId: string; ref: string | undefined }

export function requestsWithMail(records: readonly DynamoDBRecord[]): MailWork[] {
  const out: MailWork[] = [];
  for (const record of records) {
    const image = record.dynamodb?.NewImage;
    if (image?.entity?.S !== 'request' || image.outboxPk?.S !== OUTBOX_DUE || !image.requestId?.S) continue;
    out.push({ requestId: image.requestId.S, ref: record.dynamodb?.SequenceNumber });
  }
  return out;
}
