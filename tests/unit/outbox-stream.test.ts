/**
 * The dispatcher's work from the table stream (functions/adapters/outbox-stream.ts): the same
 * filters the event source mapping applies in AWS decide which records are work — mail due, counters
 * behind — and nothing else is.
 */
import { describe, expect, it } from 'vitest';
import type { DynamoDBRecord } from 'aws-lambda';
import { marshall } from '@aws-sdk/util-dynamodb';
import { DISPATCHER_STREAM_FILTERS, requestWork } from '../../functions/adapters/outbox-stream.js';
import { toRequestItem } from '../../functions/adapters/entities/request.js';
import type { RequestRecord } from '../../functions/domain/request-record.js';

const record = (image: Record<string, unknown>, seq = '1') =>
  ({ dynamodb: { SequenceNumber: seq, NewImage: marshall(image, { removeUndefinedValues: true }) } }) as unknown as DynamoDBRecord;

const base = {
  requestId: 'r1', articleId: 'a', status: 'rejected', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z',
  outbox: {}, history: [], approvers: {}, requesterTokens: {},
} as unknown as RequestRecord;
const mail = {
  m1: { id: 'm1', kind: 'requester-ack', to: ['a@b.example'], state: 'pending', attempts: 0, nextAttemptAt: '2026-01-01T00:00:00Z', createdAt: '2026-01-01T00:00:00Z' },
} as unknown as RequestRecord['outbox'];

describe('the dispatcher\'s stream work', () => {
  it('is a request item holding mail due, or whose counters are behind — as the filters say', () => {
    const withMail = toRequestItem({ ...base, outbox: mail }, 1);
    const [w] = requestWork([record(withMail as unknown as Record<string, unknown>, '7')]);
    expect(w).toMatchObject({ requestId: 'r1', ref: '7', mail: true });
    const f = DISPATCHER_STREAM_FILTERS.mail;
    expect((withMail as unknown as Record<string, unknown>)[f.attribute]).toBe(f.equals);
  });

  it('counters behind are work without mail; a claimed or settled item is none', () => {
    const behind = toRequestItem(base, 1) as unknown as Record<string, unknown>;
    expect(behind[DISPATCHER_STREAM_FILTERS.statsBehind.attribute]).toBe(DISPATCHER_STREAM_FILTERS.statsBehind.equals);
    expect(requestWork([record(behind)])).toEqual([{ requestId: 'r1', ref: '1', mail: false, statsBehind: true }]);
    const claimed = toRequestItem({ ...base, stats: { applied: {}, seq: 1, claim: { id: 'c', until: '2026-01-01T00:05:00Z' } } } as unknown as RequestRecord, 1);
    expect(requestWork([record(claimed as unknown as Record<string, unknown>)])).toEqual([]);
  });

  it('ignores other entities and records without an image', () => {
    expect(requestWork([record({ pk: 'ARTICLE#a', sk: 'ARTICLE', entity: 'article', outboxPk: 'OUTBOX' })])).toEqual([]);
    expect(requestWork([{ dynamodb: {} } as DynamoDBRecord])).toEqual([]);
  });
});
