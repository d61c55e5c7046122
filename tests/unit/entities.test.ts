import { describe, expect, it } from 'vitest';
import { articleKey, sectionPartition, toArticleItem, toArticleRecord } from '../../functions/adapters/entities/article.js';
import { nextArticleRecord } from '../../functions/domain/article-record.js';
import type { Article } from '../../functions/domain/article.js';
import { rateCardKey } from '../../functions/adapters/entities/rate-card.js';
import { licenseKey, outboxIndex, requestKey } from '../../functions/adapters/entities/request.js';
import { licenseIdFor, requestIdOfLicense, type OutboxMessage } from '../../functions/domain/request-record.js';
import { keyPart } from '../../functions/adapters/entities/keys.js';
import { base32, hashToken, isRequestId, newRequestId, newToken, requestIdForIdempotencyKey } from '../../functions/domain/tokens.js';

const message = (over: Partial<OutboxMessage>): OutboxMessage => ({
  id: 'm', kind: 'requester-ack', to: ['a@example.org'], subject: 's', state: 'pending', attempts: 0,
  createdAt: '2026-01-01T00:00:00.000Z', nextAttemptAt: '2026-01-01T00:00:00.000Z', ...over,
});

describe('key builders', () => {
  it('prefix every key readably', () => {
    expect(articleKey('a-1')).toEqual({ pk: 'ARTICLE#a-1', sk: 'ARTICLE' });
    expect(rateCardKey('default')).toEqual({ pk: 'TERMS#default', sk: 'TERMS' });
    expect(requestKey('0123456789abcdef')).toEqual({ pk: 'REQUEST#0123456789abcdef', sk: 'REQUEST' });
    expect(sectionPartition('the-ledger', 'Waterfront')).toBe('SECTION#the-ledger#waterfront');
  });

  it('never put an empty string into a key', () => {
    expect(() => articleKey('')).toThrow('empty article id');
    expect(() => keyPart('', 'x')).toThrow();
  });

  it('map a license id to the request item it lives in, and refuse anything else', () => {
    const id = newRequestId();
    const licenseId = licenseIdFor(id);
    expect(requestIdOfLicense(licenseId)).toBe(id);
    expect(licenseKey(licenseId)).toEqual(requestKey(id));
    expect(licenseKey('RD-../../etc')).toBeUndefined();
    expect(licenseKey(`${licenseId}X`)).toBeUndefined();
  });

  const base: Article = { id: 'a', headline: 'h', byline: [], publication: { name: 'The Ledger', copyrightHolder: 'L' }, publishedAt: '2026-01-02', body: ['p'], copyright: 'c', rights: { owner: 'publisher' } };

  it('list an article by section only when it has one', () => {
    const item = (article: Article) => toArticleItem(nextArticleRecord(undefined, { article }, new Date()));
    expect(item(base).gsi1pk).toBeUndefined();
    expect(item({ ...base, section: 'Business' })).toMatchObject({ gsi1pk: 'SECTION#the-ledger#business', gsi1sk: '2026-01-02T00:00:00.000Z#a' });
    // A date-time with an offset sorts by its instant: 00:30 in Oslo is the evening before in UTC.
    expect(item({ ...base, section: 'Business', publishedAt: '2026-01-02T00:30:00+01:00' })).toMatchObject({ gsi1sk: '2026-01-01T23:30:00.000Z#a' });
  });

  it('map an article record to its item and back, the storage attributes only in the item', () => {
    const record = nextArticleRecord({ article: base, publicationId: 'the-ledger', revision: 2, importedAt: 'then', sourceRevision: 7 }, { article: { ...base, section: 'Business' } }, new Date('2026-02-01T00:00:00Z'));
    expect(record).toEqual({ article: { ...base, section: 'Business' }, publicationId: 'the-ledger', revision: 3, importedAt: '2026-02-01T00:00:00.000Z', sourceRevision: 7 });
    const stored = toArticleItem(record);
    expect(stored).toMatchObject({ pk: 'ARTICLE#a', sk: 'ARTICLE', entity: 'article', gsi1pk: 'SECTION#the-ledger#business' });
    expect(toArticleRecord(stored)).toEqual(record);
  });
});

describe('outbox index', () => {
  it('lists an item while mail waits, by its earliest due time, and drops it when all is sent', () => {
    expect(outboxIndex({ a: message({ id: 'a', nextAttemptAt: '2026-01-02' }), b: message({ id: 'b', nextAttemptAt: '2026-01-01' }) }))
      .toEqual({ outboxPk: 'OUTBOX', outboxDue: '2026-01-01' });
    expect(outboxIndex({ a: message({ state: 'sent' }) })).toEqual({});
    expect(outboxIndex({ a: message({ state: 'parked' }) }).outboxPk).toBe('PARKED');
    // Only being sent: not what the stream wakes the dispatcher for, due again when the lease runs out.
    expect(outboxIndex({ a: message({ state: 'sending', leaseUntil: '2026-03-01' }) })).toEqual({ outboxPk: 'SENDING', outboxDue: '2026-03-01' });
    // Another message still pending: OUTBOX, due at the earlier of the two.
    expect(outboxIndex({ a: message({ state: 'sending', leaseUntil: '2026-03-01' }), b: message({ id: 'b', state: 'pending', nextAttemptAt: '2026-04-01' }) })).toEqual({ outboxPk: 'OUTBOX', outboxDue: '2026-03-01' });
  });
});

describe('tokens and ids', () => {
  it('are random, long, and stored as hashes', () => {
    const a = newToken();
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(a).not.toBe(newToken());
    expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(a)).not.toContain(a);
  });

  it('derive one request id per requester and Idempotency-Key', () => {
    const id = requestIdForIdempotencyKey('k1', 'A@Example.org');
    expect(isRequestId(id)).toBe(true);
    expect(requestIdForIdempotencyKey('k1', 'a@example.org')).toBe(id);
    expect(requestIdForIdempotencyKey('k1', 'b@example.org')).not.toBe(id);
    expect(requestIdForIdempotencyKey('k2', 'a@example.org')).not.toBe(id);
  });

  it('encode Crockford base32', () => {
    expect(base32(new Uint8Array([0, 0, 0, 0, 0]))).toBe('00000000');
    expect(base32(new Uint8Array([255, 255, 255, 255, 255]))).toBe('zzzzzzzz');
  });
});

describe('a stored request item', () => {
  it('keeps the license beside what it repeats of its request, and restores it exactly', async () => {
    const { fixtureItem } = await import('../support/render-fixtures.js');
    const { toRequestItem, toRequestRecord } = await import('../../functions/adapters/entities/request.js');
    const record = toRequestRecord(fixtureItem('licensed') as never);
    record.license = { ...record.license!, copyTokens: { abc: '2027-01-01T00:00:00.000Z' } };
    const item = toRequestItem(record, 3) as unknown as Record<string, unknown> & { license: Record<string, unknown> };
    // Shared with the request: stored once. The copy tokens: beside the license (no index projects them).
    for (const field of ['fee', 'attribution', 'conditions', 'licensee', 'copyTokens']) expect(item.license[field], field).toBeUndefined();
    expect(item.copyTokens).toEqual({ abc: '2027-01-01T00:00:00.000Z' });
    expect(toRequestRecord(item as never)).toEqual(record);
    // A field that differs from its source (a counter-offer's fee, edited conditions) is kept as it is.
    const offered = { ...record, license: { ...record.license!, fee: { ...record.quote, amount: '1.00', minorUnits: 100 }, conditions: ['Other terms.'] } };
    const stored = toRequestItem(offered, 4) as unknown as { license: Record<string, unknown> };
    expect(stored.license.fee).toEqual(offered.license.fee);
    expect(stored.license.conditions).toEqual(['Other terms.']);
    expect(stored.license.attribution).toBeUndefined();
    expect(toRequestRecord(stored as never)).toEqual(offered);
  });
});
