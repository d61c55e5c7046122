/**
 * The repository contract: what every implementation of the Repository port (application/ports.ts)
 * and of the mail-cap counters promises the use cases, whatever stores the data. One suite, run
 * three ways — in memory (tests/contract/memory.test.ts), on dynalite (dynalite.test.ts) and on
 * Amazon's DynamoDB Local (dynamodb-local.test.ts) — so the in-memory repository the use-case unit
 * tests run on cannot drift from the DynamoDB one.
 *
 * Each test asks `fresh()` for an empty store. Times are fixed (2026-11), ids are made up here.
 * Nothing below names a key or an index attribute: the contract is the port's.
 */
import { describe, expect, it } from 'vitest';
import { UPDATE_RETRY, type Page, type Repository } from '../../functions/application/ports.js';
import type { MailCapCounters } from '../../functions/application/mail-caps.js';
import { InvalidCursor, WriteConflict } from '../../functions/application/errors.js';
import { licenseIdFor, type LicenseRecord, type OutboxMessage, type RequestRecord } from '../../functions/domain/request-record.js';
import type { Article } from '../../functions/domain/article.js';
import type { InvoiceRecord } from '../../functions/domain/payment.js';
import { contributionOf } from '../../functions/domain/request-stats.js';
import { houseRateCard } from '../../functions/domain/default-terms.js';
import { ORIGINS_PER_LICENSE_DAY, OTHER_ORIGINS } from '../../functions/domain/compliance.js';
import { OTHER_REFERRERS, REFERRERS_PER_MONTH } from '../../functions/domain/usage.js';
import type { Partner } from '../../functions/domain/partner.js';
import type { PublisherKey } from '../../functions/domain/publisher-key.js';

export interface ContractSubject { repo: Repository; mailCaps: MailCapCounters }

// ---------------------------------------------------------------------------------------------
// Records, as the use cases write them (only what storage and the listings depend on is realistic).

/** A request id of the shape the desk mints (16 Crockford base-32 characters), so license ids resolve. */
export const idOf = (n: number) => `c${String(n).padStart(15, '0')}`;
const day = (d: number, hour = 10) => `2026-11-${String(d).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;

export function requestRecord(n: number, over: Partial<RequestRecord> = {}): RequestRecord {
  const createdAt = over.createdAt ?? day(1 + (n % 28));
  return {
    requestId: idOf(n), articleId: 'harbour-dredging-plan', articleHeadline: 'Council backs plan to dredge the inner harbour', publicationId: 'the-harbour-ledger',
    createdAt, updatedAt: createdAt, status: 'pending',
    request: {
      articleId: 'harbour-dredging-plan',
      requester: { name: 'Ada Okafor', email: `ada${n}@riverside.example`, organization: 'Riverside Weekly', organizationType: 'commercial', country: 'US' },
      use: { type: 'print-reprint', audience: 2000, territories: ['US'], startDate: '2026-12-01', durationDays: 180, language: 'en', extent: 'full' },
    } as unknown as RequestRecord['request'],
    reasons: [], quote: { amount: '150.00', currency: 'USD', minorUnits: 15_000, lines: [] }, attribution: 'By Ada Okafor, The Harbour Ledger', conditions: [],
    validFrom: '2026-12-01', validUntil: '2027-05-30', requesterTokens: { [`hash-${n}`]: '2026-12-15T00:00:00.000Z' }, approvers: {},
    history: [{ at: createdAt, from: null, to: 'pending', actor: 'requester' }], outbox: {},
    ...over,
  };
}

export function licenseOf(requestId: string, over: Partial<LicenseRecord> = {}): LicenseRecord {
  return {
    licenseId: licenseIdFor(requestId), number: licenseIdFor(requestId), status: 'active', issuedAt: day(2), validFrom: '2026-12-01', validUntil: '2027-05-30',
    fee: { amount: '150.00', currency: 'USD', minorUnits: 15_000, lines: [] }, attribution: 'By Ada Okafor, The Harbour Ledger', conditions: [],
    licensee: { name: 'Ada Okafor', organization: 'Riverside Weekly', email: 'ada@riverside.example', organizationType: 'commercial', country: 'US' },
    scope: { use: 'print-reprint', medium: 'print', audience: 2000, territories: ['US'], language: 'en', extent: 'full', includePhotos: false },
    copyTokens: {},
    ...over,
  };
}

/** A request licensed on day `d`, with the transition in its history. */
export function licensedRecord(n: number, d: number, over: Partial<RequestRecord> = {}): RequestRecord {
  const base = requestRecord(n, { createdAt: day(d, 9) });
  return {
    ...base, status: 'licensed', updatedAt: day(d, 11), license: licenseOf(base.requestId, { issuedAt: day(d, 11) }),
    history: [...base.history, { at: day(d, 11), from: 'pending', to: 'licensed', actor: 'staff', by: 'rights@harbourledger.example' }],
    ...over,
  };
}

export function mail(id: string, over: Partial<OutboxMessage> = {}): OutboxMessage {
  return { id, kind: 'requester-ack', to: ['ada@riverside.example'], state: 'pending', attempts: 0, createdAt: day(3), nextAttemptAt: day(3), ...over };
}

function invoiceOf(number: string, sequence: number): InvoiceRecord {
  return {
    number, sequence, publicationId: 'the-harbour-ledger', issuedAt: day(2), dueDate: '2026-12-02', suspendOn: '2026-12-16',
    amount: { amount: '150.00', currency: 'USD', minorUnits: 15_000, lines: [] }, seller: { legalName: 'Harbour Ledger Ltd', address: ['1 Quay'] },
    paymentInstructions: 'Bank transfer', buyer: { name: 'Ada Okafor', organization: 'Riverside Weekly', email: 'ada@riverside.example', country: 'US' },
    description: 'Reprint license', status: 'open', payments: [],
  };
}

export function article(id: string, over: Partial<Article> = {}): Article {
  return {
    id, headline: `Headline of ${id}`, byline: [{ name: 'Ada Okafor' }], publication: { name: 'The Harbour Ledger', copyrightHolder: 'Harbour Ledger Ltd' },
    publishedAt: '2026-11-01T08:00:00Z', section: 'Waterfront', canonicalUrl: `https://harbourledger.example/${id}`, language: 'en',
    body: ['First paragraph.', 'Second paragraph.'], copyright: '© 2026 Harbour Ledger Ltd', rights: { owner: 'publisher' },
    images: [{ href: `https://harbourledger.example/${id}.jpg`, caption: 'The quay' }],
    ...over,
  };
}

const partner = (n: number, over: Partial<Partner> = {}): Partner => ({
  partnerId: `pt${n}`, name: `Partner ${n}`, publicationId: 'the-harbour-ledger', sections: ['waterfront'], embargoMinutes: 0, use: 'web-republication',
  dailyLimit: 100, status: 'active', createdAt: day(1), updatedAt: day(1), ...over,
});
const publisherKey = (n: number, over: Partial<PublisherKey> = {}): PublisherKey => ({
  keyId: `pk${n}`, publicationId: 'the-harbour-ledger', publicationName: 'The Harbour Ledger', label: `CMS ${n}`, status: 'active', createdAt: day(1), updatedAt: day(1), ...over,
});

const ids = (page: { items: RequestRecord[] } | RequestRecord[]) => (Array.isArray(page) ? page : page.items).map((r) => r.requestId);
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** Every item of a list, page by page with the cursors it gives out (at most 50 pages). */
async function allPages(list: (cursor?: string) => Promise<Page<RequestRecord>>): Promise<{ pages: string[][]; last: Page<RequestRecord> }> {
  const pages: string[][] = [];
  let cursor: string | undefined;
  let page: Page<RequestRecord>;
  do {
    page = await list(cursor);
    pages.push(ids(page));
    cursor = page.cursor;
  } while (cursor && pages.length < 50);
  return { pages, last: page };
}

/** Cursors no list gave out, and one this list gave out, edited or cut short. */
const badCursors = (given: string) => ['not a cursor!', given.slice(0, -3), b64([1, 2]), b64({ a: 'x' }), b64('text'), 'x'.repeat(3000), ''];

// ---------------------------------------------------------------------------------------------

export function repositoryContract(backend: string, fresh: () => Promise<ContractSubject>): void {
  describe(`Repository contract on ${backend}`, () => {
    describe('requests: create, get, update', () => {
      it('stores a record and gives it back as given; a second create of the same id is refused and changes nothing', async () => {
        const { repo } = await fresh();
        const r = requestRecord(1, { reviewers: ['rights@harbourledger.example'] });
        expect(await repo.createRequest(r)).toBe(true);
        expect(await repo.getRequest(r.requestId)).toEqual(r);
        expect(await repo.createRequest({ ...r, status: 'licensed', articleHeadline: 'Other' })).toBe(false);
        expect(await repo.getRequest(r.requestId)).toEqual(r);
        expect(await repo.getRequest(idOf(999))).toBeUndefined();
      });

      it('gives copies: changing what went in or what came out changes nothing stored; undefined attributes are not stored', async () => {
        const { repo } = await fresh();
        const r = requestRecord(2, { review: undefined, offer: undefined });
        await repo.createRequest(r);
        r.history.push({ at: day(9), from: 'pending', to: 'denied', actor: 'staff' });
        r.status = 'denied';
        const read = (await repo.getRequest(r.requestId))!;
        expect(read.status).toBe('pending');
        expect(read.history).toHaveLength(1);
        expect('review' in read).toBe(false);
        read.outbox.x = mail('x');
        read.requesterTokens.extra = 'x';
        const again = (await repo.getRequest(r.requestId))!;
        expect(again.outbox).toEqual({});
        expect(Object.keys(again.requesterTokens)).toEqual(['hash-2']);
        const updated = (await repo.update(r.requestId, (cur) => ({ ...cur, articleHeadline: 'Changed' })))!;
        updated.record.articleHeadline = 'Mutated after the write';
        expect((await repo.getRequest(r.requestId))!.articleHeadline).toBe('Changed');
      });

      it('update reads, mutates and writes; undefined from mutate writes nothing; a throwing mutate writes nothing; no request is undefined', async () => {
        const { repo } = await fresh();
        const r = requestRecord(3);
        await repo.createRequest(r);
        const seen: RequestRecord[] = [];
        const out = await repo.update(r.requestId, (cur) => { seen.push(cur); return { ...cur, status: 'denied', updatedAt: day(5) }; });
        expect(seen).toEqual([r]);
        expect(out).toMatchObject({ changed: true, record: { status: 'denied', updatedAt: day(5) } });
        expect(await repo.getRequest(r.requestId)).toEqual({ ...r, status: 'denied', updatedAt: day(5) });

        const same = await repo.update(r.requestId, () => undefined);
        expect(same).toEqual({ changed: false, record: { ...r, status: 'denied', updatedAt: day(5) } });

        class Refused extends Error {}
        await expect(repo.update(r.requestId, () => { throw new Refused('no'); })).rejects.toBeInstanceOf(Refused);
        expect((await repo.getRequest(r.requestId))!.status).toBe('denied');

        let called = false;
        expect(await repo.update(idOf(404), (cur) => { called = true; return cur; })).toBeUndefined();
        expect(called).toBe(false);
        expect(await repo.getRequest(idOf(404))).toBeUndefined();
        // The record keeps its id whatever mutate returns.
        await repo.update(r.requestId, (cur) => ({ ...cur, requestId: idOf(405) }));
        expect(await repo.getRequest(idOf(405))).toBeUndefined();
        expect((await repo.getRequest(r.requestId))!.requestId).toBe(r.requestId);
      });

      it('a write in between makes update read again and mutate again, on top of the other write', async () => {
        const { repo } = await fresh();
        const r = requestRecord(4);
        await repo.createRequest(r);
        let calls = 0;
        const out = await repo.update(r.requestId, async (cur) => {
          calls++;
          if (calls === 1) await repo.update(r.requestId, (c) => ({ ...c, articleHeadline: 'someone else' }));
          return { ...cur, updatedAt: `${day(6)}`, attribution: `mine-${calls}` };
        });
        expect(calls).toBe(2);
        expect(out!.record).toMatchObject({ articleHeadline: 'someone else', attribution: 'mine-2' });
        expect(await repo.getRequest(r.requestId)).toMatchObject({ articleHeadline: 'someone else', attribution: 'mine-2' });
      });

      it(`gives up with WriteConflict after ${UPDATE_RETRY.attempts} lost writes, having written nothing of its own`, async () => {
        const { repo } = await fresh();
        const r = requestRecord(5);
        await repo.createRequest(r);
        let calls = 0;
        const attempt = repo.update(r.requestId, async (cur) => {
          calls++;
          // Every time: another writer gets in between this read and this write.
          await repo.update(r.requestId, (c) => ({ ...c, conditions: [...c.conditions, `other-${calls}`] }));
          return { ...cur, attribution: 'mine' };
        });
        await expect(attempt).rejects.toBeInstanceOf(WriteConflict);
        expect(calls).toBe(UPDATE_RETRY.attempts);
        const stored = (await repo.getRequest(r.requestId))!;
        expect(stored.attribution).toBe(r.attribution);
        expect(stored.conditions).toHaveLength(UPDATE_RETRY.attempts);
      });

      it('concurrent updates each land exactly once: none is lost', async () => {
        const { repo } = await fresh();
        const r = requestRecord(6);
        await repo.createRequest(r);
        const results = await Promise.all(Array.from({ length: 5 }, (_, i) =>
          repo.update(r.requestId, (cur) => ({ ...cur, conditions: [...cur.conditions, `writer-${i}`] }))));
        expect(results.every((x) => x?.changed)).toBe(true);
        expect((await repo.getRequest(r.requestId))!.conditions.sort()).toEqual(['writer-0', 'writer-1', 'writer-2', 'writer-3', 'writer-4']);
      });

      it('a record too big for one item (over 400 KB) is refused, on create and on update, and nothing changes', async () => {
        const { repo } = await fresh();
        const huge = ['x'.repeat(205 * 1024), 'y'.repeat(205 * 1024)];
        await expect(repo.createRequest(requestRecord(10, { conditions: huge }))).rejects.toThrow();
        expect(await repo.getRequest(idOf(10))).toBeUndefined();
        const r = requestRecord(11);
        await repo.createRequest(r);
        await expect(repo.update(r.requestId, (cur) => ({ ...cur, conditions: huge }))).rejects.toThrow();
        expect(await repo.getRequest(r.requestId)).toEqual(r);
        // Just under the limit still fits.
        expect(await repo.createRequest(requestRecord(12, { conditions: ['z'.repeat(380 * 1024)] }))).toBe(true);
      });

      it('finds a request by the license it holds, and by nothing else', async () => {
        const { repo } = await fresh();
        const licensed = licensedRecord(7, 3);
        const pending = requestRecord(8);
        await repo.createRequest(licensed);
        await repo.createRequest(pending);
        expect((await repo.getRequestByLicense(licensed.license!.licenseId))?.requestId).toBe(licensed.requestId);
        expect(await repo.getRequestByLicense(licenseIdFor(pending.requestId))).toBeUndefined();
        expect(await repo.getRequestByLicense('RD-NOT-A-LICENSE')).toBeUndefined();
        expect(await repo.getRequestByLicense(licenseIdFor(idOf(9999)))).toBeUndefined();
      });
    });

    describe('listings: membership, order, pages, cursors', () => {
      it('by status: newest first (or oldest first), a request moves with its status, pages of `limit` with a cursor while a page is full', async () => {
        const { repo } = await fresh();
        for (let n = 1; n <= 5; n++) await repo.createRequest(requestRecord(n, { createdAt: day(n) }));
        await repo.createRequest(licensedRecord(6, 7));
        expect(ids(await repo.listRequestsByStatus('pending'))).toEqual([5, 4, 3, 2, 1].map(idOf));
        expect(ids(await repo.listRequestsByStatus('pending', { oldestFirst: true }))).toEqual([1, 2, 3, 4, 5].map(idOf));
        expect(ids(await repo.listRequestsByStatus('licensed'))).toEqual([idOf(6)]);
        expect(ids(await repo.listRequestsByStatus('denied'))).toEqual([]);

        const paged = await allPages((cursor) => repo.listRequestsByStatus('pending', { limit: 2, oldestFirst: true, ...(cursor ? { cursor } : {}) }));
        expect(paged.pages).toEqual([[idOf(1), idOf(2)], [idOf(3), idOf(4)], [idOf(5)]]);
        expect(paged.last.cursor).toBeUndefined();

        await repo.update(idOf(2), (cur) => ({ ...cur, status: 'denied', history: [...cur.history, { at: day(8), from: 'pending', to: 'denied', actor: 'staff' }] }));
        expect(ids(await repo.listRequestsByStatus('pending', { oldestFirst: true }))).toEqual([1, 3, 4, 5].map(idOf));
        expect(ids(await repo.listRequestsByStatus('denied'))).toEqual([idOf(2)]);
        // A full last page still gives a cursor; the page after it is empty and ends the list.
        const full = await allPages((cursor) => repo.listRequestsByStatus('pending', { limit: 2, ...(cursor ? { cursor } : {}) }));
        expect(full.pages).toEqual([[idOf(5), idOf(4)], [idOf(3), idOf(1)], []]);
      });

      it('refuses a cursor it did not give out — edited, cut short, empty, or another list\'s — as InvalidCursor', async () => {
        const { repo } = await fresh();
        for (let n = 1; n <= 3; n++) await repo.createRequest(requestRecord(n, { createdAt: day(n) }));
        for (let n = 4; n <= 6; n++) await repo.createRequest(licensedRecord(n, n));
        const first = await repo.listRequestsByStatus('pending', { limit: 1 });
        expect(first.cursor).toBeTypeOf('string');
        for (const cursor of badCursors(first.cursor!)) {
          await expect(repo.listRequestsByStatus('pending', { cursor }), cursor.slice(0, 40)).rejects.toBeInstanceOf(InvalidCursor);
        }
        await expect(repo.listRequestsByStatus('licensed', { cursor: first.cursor! })).rejects.toBeInstanceOf(InvalidCursor);
        await expect(repo.listRecentDecisions({ cursor: first.cursor! })).rejects.toBeInstanceOf(InvalidCursor);
        await expect(repo.listInvoices({ cursor: first.cursor! })).rejects.toBeInstanceOf(InvalidCursor);
        const recent = await repo.listRecentDecisions({ limit: 1 });
        expect(recent.cursor).toBeTypeOf('string');
        await expect(repo.listRequestsByStatus('licensed', { cursor: recent.cursor! })).rejects.toBeInstanceOf(InvalidCursor);
        for (const cursor of badCursors(recent.cursor!)) await expect(repo.listRecentDecisions({ cursor })).rejects.toBeInstanceOf(InvalidCursor);
      });

      it('a listing limit below 1 is refused as DynamoDB refuses it (ValidationException), on every listing that takes one', async () => {
        const { repo } = await fresh();
        for (let n = 1; n <= 2; n++) await repo.createRequest(licensedRecord(n, n));
        const now = new Date('2026-12-01T00:00:00Z');
        const listings: [string, () => Promise<unknown>][] = [
          ['listRequestsByStatus', () => repo.listRequestsByStatus('licensed', { limit: 0 })],
          ['listRecentDecisions', () => repo.listRecentDecisions({ limit: 0 })],
          ['listInvoices', () => repo.listInvoices({ limit: 0 })],
          ['listStatsWork', () => repo.listStatsWork('behind', now, 0)],
          ['listOutboxDue', () => repo.listOutboxDue(now, 0)],
          ['listOutboxParked', () => repo.listOutboxParked(0)],
          ['listDue', () => repo.listDue('renew', now.toISOString(), 0)],
          ['listArticlesOfSection', () => repo.listArticlesOfSection('the-harbour-ledger', 'Waterfront', 0)],
          ['listRequestsByStatus (negative)', () => repo.listRequestsByStatus('licensed', { limit: -1 })],
        ];
        for (const [name, call] of listings) await expect(call(), name).rejects.toMatchObject({ name: 'ValidationException' });
        expect((await repo.listRequestsByStatus('licensed', { limit: 1 })).items).toHaveLength(1);
      });

      it('recent decisions: only decided requests, latest change first, paged', async () => {
        const { repo } = await fresh();
        await repo.createRequest(requestRecord(1));                                 // pending: not decided
        await repo.createRequest(requestRecord(2, { status: 'rejected' }));        // the rate card refused at intake: nobody decided
        await repo.createRequest(licensedRecord(3, 5));                             // licensed on day 5
        await repo.createRequest(licensedRecord(4, 7));                             // licensed on day 7
        const denied = requestRecord(5, { createdAt: day(2) });
        await repo.createRequest({ ...denied, status: 'denied', review: { decision: 'deny', by: 'rights@harbourledger.example', at: day(6) },
          history: [...denied.history, { at: day(6), from: 'pending', to: 'denied', actor: 'staff' }] });
        expect(ids(await repo.listRecentDecisions())).toEqual([4, 5, 3].map(idOf));
        const paged = await allPages((cursor) => repo.listRecentDecisions({ limit: 2, ...(cursor ? { cursor } : {}) }));
        expect(paged.pages.flat()).toEqual([4, 5, 3].map(idOf));
        expect(paged.pages[0]).toHaveLength(2);
        // A later change moves a request to the front.
        await repo.update(idOf(3), (cur) => ({ ...cur, license: { ...cur.license!, status: 'revoked' }, history: [...cur.history, { at: day(9), from: 'licensed', to: 'licensed', actor: 'staff', event: 'license-revoked' }] }));
        expect(ids(await repo.listRecentDecisions())).toEqual([3, 4, 5].map(idOf));
      });

      it('outbox: a request is due while it holds undelivered mail, at its earliest attempt (or lease); parked mail is listed apart', async () => {
        const { repo } = await fresh();
        await repo.createRequest(requestRecord(1, { outbox: { a: mail('a', { nextAttemptAt: day(4) }), b: mail('b', { nextAttemptAt: day(3, 12) }) } }));
        await repo.createRequest(requestRecord(2, { outbox: { a: mail('a', { nextAttemptAt: day(3, 8) }) } }));
        await repo.createRequest(requestRecord(3, { outbox: { a: mail('a', { state: 'sending', nextAttemptAt: day(1), leaseUntil: day(3, 10) }) } }));
        await repo.createRequest(requestRecord(4, { outbox: { a: mail('a', { state: 'sent', sentAt: day(2) }) } }));
        await repo.createRequest(requestRecord(5, { outbox: { a: mail('a', { state: 'parked', attempts: 16, createdAt: day(2) }) } }));
        await repo.createRequest(requestRecord(6));

        expect(ids(await repo.listOutboxDue(new Date(day(3, 9)), 100))).toEqual([idOf(2)]);
        expect(ids(await repo.listOutboxDue(new Date(day(3, 12)), 100))).toEqual([2, 3, 1].map(idOf));
        expect(ids(await repo.listOutboxDue(new Date(day(2)), 100))).toEqual([]);
        const paged = await allPages((cursor) => repo.listOutboxDue(new Date(day(20)), 2, cursor));
        expect(paged.pages.flat()).toEqual([2, 3, 1].map(idOf));
        expect(paged.pages[0]).toEqual([idOf(2), idOf(3)]);
        expect(ids(await repo.listOutboxParked(10))).toEqual([idOf(5)]);

        // Delivered: it leaves the due list; parked: it moves to the parked list; replayed: back again.
        await repo.update(idOf(2), (cur) => ({ ...cur, outbox: { a: { ...cur.outbox.a!, state: 'sent', sentAt: day(3, 9) } } }));
        await repo.update(idOf(3), (cur) => ({ ...cur, outbox: { a: { ...cur.outbox.a!, state: 'parked', attempts: 16 } } }));
        expect(ids(await repo.listOutboxDue(new Date(day(20)), 100))).toEqual([idOf(1)]);
        expect(ids(await repo.listOutboxParked(10)).sort()).toEqual([idOf(3), idOf(5)]);
        await repo.update(idOf(5), (cur) => ({ ...cur, outbox: { a: { ...cur.outbox.a!, state: 'pending', attempts: 0, nextAttemptAt: day(5) } } }));
        expect(ids(await repo.listOutboxDue(new Date(day(20)), 100))).toEqual([idOf(1), idOf(5)]);
        expect(ids(await repo.listOutboxParked(10))).toEqual([idOf(3)]);
        // A request with mail both pending and parked is due (delivery first), not parked.
        await repo.update(idOf(1), (cur) => ({ ...cur, outbox: { ...cur.outbox, c: mail('c', { state: 'parked' }) } }));
        expect(ids(await repo.listOutboxParked(10))).toEqual([idOf(3)]);
      });

      it('lifecycle queues: each request waits in the queue of its next step, anchored on its time, oldest first, paged', async () => {
        const { repo } = await fresh();
        const reviewers = ['rights@harbourledger.example'];
        for (let n = 1; n <= 3; n++) await repo.createRequest(requestRecord(n, { createdAt: day(n), reviewers }));
        await repo.createRequest(requestRecord(4, { createdAt: day(2, 12) }));    // nobody to remind: it waits to expire
        const offered = requestRecord(5, { reviewers });
        await repo.createRequest({ ...offered, status: 'offered', offer: { quote: offered.quote, by: reviewers[0]!, at: day(6), expiresAt: day(20) } });
        await repo.createRequest(licensedRecord(6, 4));
        await repo.createRequest(requestRecord(7, { status: 'denied' }));

        expect(ids(await repo.listDue('remind', day(2, 23), 10))).toEqual([idOf(1), idOf(2)]);
        expect(ids(await repo.listDue('remind', day(28), 10))).toEqual([1, 2, 3].map(idOf));
        expect(ids(await repo.listDue('expire', day(28), 10))).toEqual([idOf(4)]);
        expect(ids(await repo.listDue('offer', day(19), 10))).toEqual([]);
        expect(ids(await repo.listDue('offer', day(20), 10))).toEqual([idOf(5)]);
        expect(ids(await repo.listDue('renew', '2027-06-01T00:00:00.000Z', 10))).toEqual([idOf(6)]);
        expect(ids(await repo.listDue('renew', '2027-05-30T00:00:00.000Z', 10))).toEqual([]);
        const paged = await allPages((cursor) => repo.listDue('remind', day(28), 2, cursor));
        expect(paged.pages.flat()).toEqual([1, 2, 3].map(idOf));
        expect(paged.pages[0]).toHaveLength(2);
        // Reminded: it moves to the expiry queue; decided: it leaves every queue.
        await repo.update(idOf(1), (cur) => ({ ...cur, outbox: { r: mail('r', { kind: 'approver-reminder', state: 'sent' }) } }));
        await repo.update(idOf(2), (cur) => ({ ...cur, status: 'denied' }));
        expect(ids(await repo.listDue('remind', day(28), 10))).toEqual([idOf(3)]);
        expect(ids(await repo.listDue('expire', day(28), 10))).toEqual([idOf(1), idOf(4)]);
      });

      it('licenses of an article: active and suspended ones, by end date; not revoked, not another article\'s', async () => {
        const { repo } = await fresh();
        await repo.createRequest(licensedRecord(1, 3, { license: licenseOf(idOf(1), { validUntil: '2027-09-01' }) }));
        await repo.createRequest(licensedRecord(2, 3, { license: licenseOf(idOf(2), { validUntil: '2027-02-01', status: 'suspended' }) }));
        await repo.createRequest(licensedRecord(3, 3, { license: licenseOf(idOf(3), { status: 'revoked' }) }));
        await repo.createRequest(licensedRecord(4, 3, { articleId: 'another-article' }));
        await repo.createRequest(requestRecord(5));
        expect(ids(await repo.listLicensesOfArticle('harbour-dredging-plan'))).toEqual([idOf(2), idOf(1)]);
        expect(ids(await repo.listLicensesOfArticle('another-article'))).toEqual([idOf(4)]);
        expect(await repo.listLicensesOfArticle('no-such-article')).toEqual([]);
      });

      it('invoices: by number (or newest first), paged; a payment row reads only the id, the invoice and the license id; found by number', async () => {
        const { repo } = await fresh();
        for (const [n, seq] of [[1, 3], [2, 1], [3, 2]] as const) {
          await repo.createRequest(licensedRecord(n, 4, { invoice: invoiceOf(`THL-00000${seq}`, seq) }));
        }
        await repo.createRequest(licensedRecord(4, 4));
        expect(ids(await repo.listInvoices())).toEqual([2, 3, 1].map(idOf));
        expect(ids(await repo.listInvoices({ newestFirst: true }))).toEqual([1, 3, 2].map(idOf));
        const paged = await allPages((cursor) => repo.listInvoices({ limit: 2, ...(cursor ? { cursor } : {}) }));
        expect(paged.pages.flat()).toEqual([2, 3, 1].map(idOf));
        expect(paged.pages[0]).toHaveLength(2);
        const rows = await repo.listInvoices({ invoicesOnly: true, limit: 1 });
        expect(rows.items).toEqual([{ requestId: idOf(2), invoice: invoiceOf('THL-000001', 1), license: { licenseId: licenseIdFor(idOf(2)) } }]);
        for (const cursor of badCursors(rows.cursor!)) await expect(repo.listInvoices({ cursor })).rejects.toBeInstanceOf(InvalidCursor);
        expect((await repo.getRequestByInvoice('THL-000003'))?.requestId).toBe(idOf(1));
        expect(await repo.getRequestByInvoice('THL-000009')).toBeUndefined();
        expect(await repo.getRequestByInvoice('')).toBeUndefined();
      });
    });

    describe('counters', () => {
      it('stats work: a request whose counters are behind is listed; applied, it leaves; claimed, it is listed once the claim runs out', async () => {
        const { repo } = await fresh();
        await repo.createRequest(licensedRecord(1, 3));
        await repo.createRequest(requestRecord(2, { updatedAt: day(1, 8), createdAt: day(1, 8) }));
        expect(ids(await repo.listStatsWork('behind', new Date(day(1)), 10))).toEqual([idOf(2), idOf(1)]);
        const paged = await allPages((cursor) => repo.listStatsWork('behind', new Date(day(1)), 1, cursor));
        expect(paged.pages.flat()).toEqual([idOf(2), idOf(1)]);

        await repo.update(idOf(2), (cur) => ({ ...cur, stats: { applied: contributionOf(cur), seq: 1 } }));
        expect(ids(await repo.listStatsWork('behind', new Date(day(1)), 10))).toEqual([idOf(1)]);
        await repo.update(idOf(1), (cur) => ({ ...cur, stats: { applied: {}, seq: 0, claim: { id: 1, target: contributionOf(cur), until: day(10) } } }));
        expect(ids(await repo.listStatsWork('behind', new Date(day(1)), 10))).toEqual([]);
        expect(ids(await repo.listStatsWork('claimed', new Date(day(9)), 10))).toEqual([]);
        expect(ids(await repo.listStatsWork('claimed', new Date(day(10)), 10))).toEqual([idOf(1)]);
        // A change after it was applied puts it behind again.
        await repo.update(idOf(2), (cur) => ({ ...cur, status: 'withdrawn', updatedAt: day(12) }));
        expect(ids(await repo.listStatsWork('behind', new Date(day(1)), 10))).toEqual([idOf(2)]);
      });

      it('a counter cell adds an operation once, forgets it on request, and reads back from a cell on', async () => {
        const { repo } = await fresh();
        expect(await repo.addToStatsCell('W|2026-11-23|p1', { received: 1, 'fee:USD': 2500 }, 'r1#1')).toBe(true);
        expect(await repo.addToStatsCell('W|2026-11-23|p1', { received: 1, 'fee:USD': 2500 }, 'r1#1')).toBe(false);
        const twice = await Promise.all([repo.addToStatsCell('X|p1', { 'status:pending': 1 }, 'r2#1'), repo.addToStatsCell('X|p1', { 'status:pending': 1 }, 'r2#1')]);
        expect(twice.sort()).toEqual([false, true]);
        expect(await repo.addToStatsCell('W|2026-11-16|p1', { received: 1 }, 'r3#1')).toBe(true);
        expect(await repo.readStatsCells('W|2026-11-23')).toEqual({ 'W|2026-11-23|p1': { received: 1, 'fee:USD': 2500 }, 'X|p1': { 'status:pending': 1 } });
        expect(Object.keys(await repo.readStatsCells('A'))).toEqual(['W|2026-11-16|p1', 'W|2026-11-23|p1', 'X|p1']);
        await repo.forgetStatsOp('W|2026-11-23|p1', 'r1#1');
        await repo.forgetStatsOp('W|2000-01-01|none', 'r9#1'); // no such cell: nothing happens
        expect(await repo.addToStatsCell('W|2026-11-23|p1', { received: -1, 'fee:USD': -2500 }, 'r1#1')).toBe(true);
        // A cell whose fields came back to zero is still there, with nothing in it.
        expect(await repo.readStatsCells('W|2026-11-23')).toEqual({ 'W|2026-11-23|p1': {}, 'X|p1': { 'status:pending': 1 } });
        expect(Object.keys(await repo.readStatsCells('W|2000-01-01'))).toContain('W|2026-11-16|p1');
      });

      it('invoice numbers: consecutive, one each for concurrent takers; only the last one taken can be given back', async () => {
        const { repo } = await fresh();
        expect(await repo.takeInvoiceSequence('p1')).toBe(1);
        const taken = await Promise.all(Array.from({ length: 5 }, () => repo.takeInvoiceSequence('p1')));
        expect(taken.sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6]);
        expect(await repo.takeInvoiceSequence('p2')).toBe(1);
        expect(await repo.returnInvoiceSequence('p1', 5)).toBe(false);
        expect(await repo.returnInvoiceSequence('p1', 6)).toBe(true);
        expect(await repo.returnInvoiceSequence('p1', 6)).toBe(false);
        expect(await repo.takeInvoiceSequence('p1')).toBe(6);
        expect(await repo.returnInvoiceSequence('never-numbered', 1)).toBe(false);
      });

      it('mail caps: a count stops at its limit, per subject, address and day; given back, it counts again', async () => {
        const { mailCaps } = await fresh();
        for (let i = 0; i < 3; i++) expect(await mailCaps.take('recipient', 'ada@riverside.example', '2026-11-25', 3)).toBe(true);
        expect(await mailCaps.take('recipient', 'ada@riverside.example', '2026-11-25', 3)).toBe(false);
        expect(await mailCaps.take('recipient', ' ADA@riverside.example ', '2026-11-25', 3)).toBe(false); // one address, however written
        expect(await mailCaps.take('recipient', 'ada@riverside.example', '2026-11-26', 3)).toBe(true);
        expect(await mailCaps.take('source-ip', 'ada@riverside.example', '2026-11-25', 3)).toBe(true);
        await mailCaps.giveBack('recipient', 'ada@riverside.example', '2026-11-25');
        expect(await mailCaps.take('recipient', 'ada@riverside.example', '2026-11-25', 3)).toBe(true);
        expect(await mailCaps.take('recipient', 'ada@riverside.example', '2026-11-25', 3)).toBe(false);
        // Giving back what was never taken takes nothing away from anyone.
        await mailCaps.giveBack('approver', 'nobody@example.org', '2026-11-25');
        expect(await mailCaps.take('approver', 'nobody@example.org', '2026-11-25', 1)).toBe(true);
        expect(await mailCaps.take('approver', 'nobody@example.org', '2026-11-25', 1)).toBe(false);
        // Concurrent takers never pass the limit.
        const racing = await Promise.all(Array.from({ length: 6 }, () => mailCaps.take('source-ip', '203.0.113.9', '2026-11-25', 4)));
        expect(racing.filter(Boolean)).toHaveLength(4);
      });
    });

    describe('articles and rate cards', () => {
      it('each import is a new revision; the CMS revision is kept across imports that give none', async () => {
        const { repo } = await fresh();
        const t = new Date(day(5));
        expect(await repo.putArticle(article('a1'), t, { sourceRevision: 7 })).toEqual({ article: article('a1'), publicationId: 'the-harbour-ledger', revision: 1, importedAt: t.toISOString(), sourceRevision: 7 });
        const second = await repo.putArticle(article('a1', { headline: 'Corrected' }), new Date(day(6)));
        expect(second).toEqual({ article: article('a1', { headline: 'Corrected' }), publicationId: 'the-harbour-ledger', revision: 2, importedAt: day(6), sourceRevision: 7 });
        expect(await repo.getArticle('a1')).toEqual(second);
        expect(await repo.getArticle('a2')).toBeUndefined();
        const got = (await repo.getArticle('a1'))!;
        got.article.headline = 'changed by the caller';
        expect((await repo.getArticle('a1'))!.article.headline).toBe('Corrected');
      });

      it('updateArticle: mutate sees the stored revision (or none); undefined writes nothing; the id is the one asked for', async () => {
        const { repo } = await fresh();
        const t = new Date(day(5));
        const seen: unknown[] = [];
        expect(await repo.updateArticle('a1', t, (cur) => { seen.push(cur); return undefined; })).toBeUndefined();
        expect(await repo.getArticle('a1')).toBeUndefined();
        const created = await repo.updateArticle('a1', t, (cur) => { seen.push(cur); return { article: article('other-id'), sourceRevision: 3 }; });
        expect(created).toMatchObject({ changed: true, record: { revision: 1, sourceRevision: 3, article: { id: 'a1' } } });
        expect(seen).toEqual([undefined, undefined]);
        const same = await repo.updateArticle('a1', t, () => undefined);
        expect(same).toEqual({ changed: false, record: created!.record });
        // Create-only: a mutation that writes only when there is none writes nothing the second time.
        expect(await repo.updateArticle('a1', t, (cur) => (cur ? undefined : { article: article('a1') }))).toMatchObject({ changed: false, record: { revision: 1 } });
        class Refused extends Error {}
        await expect(repo.updateArticle('a1', t, () => { throw new Refused('no'); })).rejects.toBeInstanceOf(Refused);
        expect((await repo.getArticle('a1'))!.revision).toBe(1);
      });

      it('updateArticle: a revision stored in between makes it read and mutate again; always one in between ends in WriteConflict', async () => {
        const { repo } = await fresh();
        const t = new Date(day(5));
        await repo.putArticle(article('a1'), t);
        let calls = 0;
        const out = await repo.updateArticle('a1', t, async (cur) => {
          calls++;
          if (calls === 1) await repo.putArticle(article('a1', { headline: 'Someone else' }), t);
          return { article: { ...cur!.article, correction: `mine after revision ${cur!.revision}` } };
        });
        expect(calls).toBe(2);
        expect(out!.record).toMatchObject({ revision: 3, article: { headline: 'Someone else', correction: 'mine after revision 2' } });
        calls = 0;
        await expect(repo.updateArticle('a1', t, async (cur) => {
          calls++;
          await repo.putArticle(article('a1', { headline: `other ${calls}` }), t);
          return { article: { ...cur!.article, headline: 'mine' } };
        })).rejects.toBeInstanceOf(WriteConflict);
        expect(calls).toBe(UPDATE_RETRY.attempts);
        expect(await repo.getArticle('a1')).toMatchObject({ revision: 3 + UPDATE_RETRY.attempts, article: { headline: `other ${UPDATE_RETRY.attempts}` } });
        // Two creators at once: exactly one creates revision 1, the other writes revision 2 on top.
        const both = await Promise.all([1, 2].map((n) => repo.updateArticle('a9', t, () => ({ article: article('a9', { headline: `creator ${n}` }) }))));
        expect(both.map((b) => b!.record.revision).sort()).toEqual([1, 2]);
      });

      it('article summaries: each id once, absent ones left out', async () => {
        const { repo } = await fresh();
        await repo.putArticle(article('a1'), new Date(day(5)));
        await repo.putArticle(article('a2', { canonicalUrl: undefined }), new Date(day(5)));
        const summaries = (await repo.getViewTotalsAndArticleSummaries([], ['a2', 'a1', 'a1', 'absent'])).articles;
        expect(summaries.sort((x, y) => x.articleId.localeCompare(y.articleId))).toEqual([
          { articleId: 'a1', headline: 'Headline of a1', canonicalUrl: 'https://harbourledger.example/a1' },
          { articleId: 'a2', headline: 'Headline of a2' },
        ]);
        expect(await repo.getViewTotalsAndArticleSummaries([], [])).toEqual({ views: new Map(), articles: [] });
      });

      it('a section\'s articles: newest first, after an instant and before a position, only what a feed serves', async () => {
        const { repo } = await fresh();
        const t = new Date(day(5));
        await repo.putArticle(article('a1', { publishedAt: '2026-11-01T08:00:00Z' }), t);
        await repo.putArticle(article('a2', { publishedAt: '2026-11-02T08:00:00+02:00' }), t);
        await repo.putArticle(article('a3', { publishedAt: '2026-11-03' }), t);
        await repo.putArticle(article('a4', { section: 'Sport', publishedAt: '2026-11-04' }), t);
        await repo.putArticle(article('a5', { section: undefined, publishedAt: '2026-11-04' }), t);
        await repo.putArticle(article('a6', { publication: { name: 'Another Paper', copyrightHolder: 'X' } }), t);

        const all = await repo.listArticlesOfSection('the-harbour-ledger', 'Waterfront', 10);
        expect(all.map((a) => a.article.id)).toEqual(['a3', 'a2', 'a1']);
        expect(all[0]!.article.images).toBeUndefined();
        expect(all[0]!.article).toMatchObject({ headline: 'Headline of a3', body: ['First paragraph.', 'Second paragraph.'], canonicalUrl: 'https://harbourledger.example/a3' });
        expect(all[0]!.revision).toBe(1);
        expect(all.map((a) => a.position)).toEqual(['2026-11-03T00:00:00.000Z#a3', '2026-11-02T06:00:00.000Z#a2', '2026-11-01T08:00:00.000Z#a1']);
        expect((await repo.listArticlesOfSection('the-harbour-ledger', 'waterfront', 2)).map((a) => a.article.id)).toEqual(['a3', 'a2']);
        expect((await repo.listArticlesOfSection('the-harbour-ledger', 'waterfront', 10, { before: all[1]!.position })).map((a) => a.article.id)).toEqual(['a1']);
        expect((await repo.listArticlesOfSection('the-harbour-ledger', 'waterfront', 10, { after: '2026-11-01T08:00:00.000Z' })).map((a) => a.article.id)).toEqual(['a3', 'a2']);
        expect((await repo.listArticlesOfSection('the-harbour-ledger', 'waterfront', 10, { after: '2026-11-01T00:00:00.000Z', before: all[0]!.position })).map((a) => a.article.id)).toEqual(['a2', 'a1']);
        expect((await repo.listArticlesOfSection('the-harbour-ledger', 'sport', 10)).map((a) => a.article.id)).toEqual(['a4']);
        expect(await repo.listArticlesOfSection('the-harbour-ledger', 'nothing-here', 10)).toEqual([]);
        for (const before of ['not a position', '2026-11-03#a3', `${'2026-11-03T00:00:00.000Z'}#`]) {
          await expect(repo.listArticlesOfSection('the-harbour-ledger', 'waterfront', 10, { before })).rejects.toBeInstanceOf(InvalidCursor);
        }
      });

      it('the effective rate card: the publication\'s own, else the desk\'s default, else none', async () => {
        const { repo } = await fresh();
        expect(await repo.getEffectiveRateCard('the-harbour-ledger')).toBeUndefined();
        await repo.putRateCard({ ...houseRateCard, publicationId: 'default' }, new Date(day(1)));
        expect((await repo.getEffectiveRateCard('the-harbour-ledger'))?.publicationId).toBe('default');
        await repo.putRateCard({ ...houseRateCard, publicationId: 'the-harbour-ledger', publicationName: 'The Harbour Ledger' }, new Date(day(1)));
        expect(await repo.getEffectiveRateCard('the-harbour-ledger')).toEqual({ ...houseRateCard, publicationId: 'the-harbour-ledger', publicationName: 'The Harbour Ledger' });
        expect((await repo.getEffectiveRateCard('another-paper'))?.publicationId).toBe('default');
        await expect(repo.ping()).resolves.toBeUndefined();
      });
    });

    describe('licenses, usage and compliance', () => {
      it('a license with its article: the request\'s license view (no history, no outbox) and the article, with or without the article id', async () => {
        const { repo } = await fresh();
        await repo.putArticle(article('harbour-dredging-plan'), new Date(day(1)));
        await repo.putArticle(article('another-article'), new Date(day(1)));
        const r = licensedRecord(1, 3, { outbox: { a: mail('a') }, invoice: invoiceOf('THL-000001', 1) });
        await repo.createRequest(r);
        const licenseId = r.license!.licenseId;
        for (const known of [undefined, 'harbour-dredging-plan', 'another-article']) {
          const { item, article: a } = await repo.getLicenseWithArticle(licenseId, known);
          expect(item, String(known)).toMatchObject({ requestId: r.requestId, articleId: r.articleId, articleHeadline: r.articleHeadline, publicationId: r.publicationId, createdAt: r.createdAt, license: r.license, invoice: r.invoice, requesterTokens: r.requesterTokens });
          expect(item).not.toHaveProperty('history');
          expect(item).not.toHaveProperty('outbox');
          expect(item).not.toHaveProperty('approvers');
          expect(item).not.toHaveProperty('request');
          // A wrong remembered article id still gives the license's own article.
          expect(a, String(known)).toMatchObject({ article: { id: 'harbour-dredging-plan', headline: 'Headline of harbour-dredging-plan' }, revision: 1, importedAt: day(1) });
        }
        await repo.createRequest(requestRecord(2));
        expect(await repo.getLicenseWithArticle(licenseIdFor(idOf(2)))).toEqual({});
        expect(await repo.getLicenseWithArticle(licenseIdFor(idOf(2)), 'harbour-dredging-plan')).toEqual({});
        expect(await repo.getLicenseWithArticle('RD-NOPE')).toEqual({});
      });

      it('a license\'s state: status and validity, and the domains the request declared (else the license\'s)', async () => {
        const { repo } = await fresh();
        const r = licensedRecord(1, 3);
        await repo.createRequest({ ...r, request: { ...r.request, licenseeDomains: ['riverside.example'] } as RequestRecord['request'] });
        await repo.createRequest(licensedRecord(2, 3, { license: { ...licenseOf(idOf(2)), licenseeDomains: ['weekly.example', ''] } as LicenseRecord }));
        await repo.createRequest(licensedRecord(3, 3, { license: licenseOf(idOf(3), { status: 'revoked' }) }));
        expect(await repo.getLicenseState(licenseIdFor(idOf(1)))).toEqual({ licenseId: licenseIdFor(idOf(1)), status: 'active', validFrom: '2026-12-01', validUntil: '2027-05-30', licenseeDomains: ['riverside.example'] });
        expect(await repo.getLicenseState(licenseIdFor(idOf(2)))).toMatchObject({ licenseeDomains: ['weekly.example'] });
        expect(await repo.getLicenseState(licenseIdFor(idOf(3)))).toEqual({ licenseId: licenseIdFor(idOf(3)), status: 'revoked', validFrom: '2026-12-01', validUntil: '2027-05-30' });
        expect(await repo.getLicenseState(licenseIdFor(idOf(4)))).toBeUndefined();
        expect(await repo.getLicenseState('RD-NOPE')).toBeUndefined();
      });

      it('views: counted per day and referrer, a reader once a day, one salt a day; referrers past the month\'s slots are one line', async () => {
        const { repo } = await fresh();
        const L = licenseIdFor(idOf(1));
        const now = new Date('2026-11-25T12:00:00Z');
        expect(await repo.dailySalt('2026-11-25', 'first')).toBe('first');
        expect(await repo.dailySalt('2026-11-25', 'second')).toBe('first');
        expect(await repo.dailySalt('2026-11-26', 'second')).toBe('second');
        expect(await repo.markReaderSeen(L, '2026-11-25', 'reader-a')).toBe(true);
        expect(await repo.markReaderSeen(L, '2026-11-25', 'reader-a')).toBe(false);
        expect(await repo.markReaderSeen(L, '2026-11-26', 'reader-a')).toBe(true);
        expect(await repo.markReaderSeen(licenseIdFor(idOf(2)), '2026-11-25', 'reader-a')).toBe(true);

        await repo.addLicenseView(L, '2026-11-25', 'https://riverside.example/a', now);
        await repo.addLicenseView(L, '2026-11-25', 'https://riverside.example/a', now);
        await repo.addLicenseView(L, '2026-11-24', 'https://riverside.example/b', new Date('2026-11-24T09:00:00Z'));
        const usage = await repo.getLicenseUsage(L);
        expect(usage).toEqual({
          licenseId: L, views: 3,
          days: [{ date: '2026-11-24', views: 1 }, { date: '2026-11-25', views: 2 }],
          referrers: [{ referrer: 'https://riverside.example/a', views: 2, lastSeen: now.toISOString() }, { referrer: 'https://riverside.example/b', views: 1, lastSeen: '2026-11-24T09:00:00.000Z' }],
        });
        expect((await repo.getViewTotalsAndArticleSummaries([L, licenseIdFor(idOf(2))], [])).views).toEqual(new Map([[L, 3], [licenseIdFor(idOf(2)), 0]]));
        // Together with articles, past one BatchGetItem's 100 keys: every total and every article.
        for (let i = 0; i < 3; i++) await repo.putArticle(article(`v${i}`, i === 1 ? { canonicalUrl: undefined } : {}), now);
        const others = Array.from({ length: 99 }, (_, i) => licenseIdFor(idOf(500 + i)));
        const both = await repo.getViewTotalsAndArticleSummaries([...others, L], ['v0', 'v1', 'absent', 'v2']);
        expect(both.views.size).toBe(100);
        expect(both.views.get(L)).toBe(3);
        expect(both.views.get(others[0]!)).toBe(0);
        expect(both.articles).toEqual([
          { articleId: 'v0', headline: 'Headline of v0', canonicalUrl: 'https://harbourledger.example/v0' },
          { articleId: 'v1', headline: 'Headline of v1' },
          { articleId: 'v2', headline: 'Headline of v2', canonicalUrl: 'https://harbourledger.example/v2' },
        ]);
        expect(await repo.getLicenseUsage(licenseIdFor(idOf(2)))).toEqual({ licenseId: licenseIdFor(idOf(2)), views: 0, days: [], referrers: [] });

        const M = licenseIdFor(idOf(3));
        for (let i = 0; i < REFERRERS_PER_MONTH + 3; i++) await repo.addLicenseView(M, '2026-11-25', `https://site${i}.example/`, now);
        await repo.addLicenseView(M, '2026-11-25', 'https://site0.example/', now); // a referrer with a slot keeps counting there
        const many = await repo.getLicenseUsage(M);
        expect(many.views).toBe(REFERRERS_PER_MONTH + 4);
        expect(many.referrers.find((r) => r.referrer === 'https://site0.example/')?.views).toBe(2);
        expect(many.referrers.find((r) => r.referrer === OTHER_REFERRERS)?.views).toBe(3);
        expect(many.referrers.filter((r) => r.referrer !== OTHER_REFERRERS)).toHaveLength(REFERRERS_PER_MONTH);
      });

      it('pixel hits per network and hour count up', async () => {
        const { repo } = await fresh();
        expect(await repo.countPixelHit('net-a', '2026-11-25T12')).toBe(1);
        expect(await repo.countPixelHit('net-a', '2026-11-25T12')).toBe(2);
        expect(await repo.countPixelHit('net-a', '2026-11-25T13')).toBe(1);
        expect(await repo.countPixelHit('net-b', '2026-11-25T12')).toBe(1);
      });

      it('compliance signals: per day, license, signal and origin; past the day\'s origin slots, one line for the rest', async () => {
        const { repo } = await fresh();
        const L = licenseIdFor(idOf(1));
        const now = new Date('2026-11-25T12:00:00Z');
        await repo.addComplianceHit({ licenseId: L, date: '2026-11-25', signal: 'undeclared-origin', origin: 'https://a.example', now });
        await repo.addComplianceHit({ licenseId: L, date: '2026-11-25', signal: 'undeclared-origin', origin: 'https://a.example', now });
        await repo.addComplianceHit({ licenseId: L, date: '2026-11-24', signal: 'undeclared-origin', origin: 'https://a.example', now });
        const today = await repo.listComplianceSignals('2026-11-25', '2026-11-25');
        expect(today).toHaveLength(1);
        expect(today[0]).toMatchObject({ licenseId: L, date: '2026-11-25', signal: 'undeclared-origin', origin: 'https://a.example', hits: 2, lastSeen: now.toISOString() });
        for (let i = 0; i < ORIGINS_PER_LICENSE_DAY + 2; i++) {
          await repo.addComplianceHit({ licenseId: L, date: '2026-11-26', signal: 'undeclared-origin', origin: `https://o${i}.example`, now });
        }
        const next = await repo.listComplianceSignals('2026-11-26', '2026-11-26');
        expect(next).toHaveLength(ORIGINS_PER_LICENSE_DAY + 1);
        expect(next.find((i) => i.origin === OTHER_ORIGINS)?.hits).toBe(2);
        expect(await repo.listComplianceSignals('2026-11-27', '2026-11-27')).toEqual([]);
      });

      it('compliance signals of a window of days: every day from the first to the last, across a month and a year boundary, oldest first', async () => {
        const { repo } = await fresh();
        const L = licenseIdFor(idOf(1));
        const now = new Date('2027-01-02T12:00:00Z');
        const days = ['2026-11-30', '2026-12-01', '2026-12-15', '2026-12-31', '2027-01-01', '2027-01-02'];
        for (const date of days) await repo.addComplianceHit({ licenseId: L, date, signal: 'revoked', origin: 'https://a.example', now });
        await repo.addComplianceHit({ licenseId: licenseIdFor(idOf(2)), date: '2026-12-15', signal: 'expired', origin: 'https://b.example', now });
        const window = await repo.listComplianceSignals('2026-12-01', '2027-01-01');
        expect(window.map((i) => i.date)).toEqual(['2026-12-01', '2026-12-15', '2026-12-15', '2026-12-31', '2027-01-01']);
        expect(window.filter((i) => i.date === '2026-12-15').map((i) => i.licenseId).sort()).toEqual([L, licenseIdFor(idOf(2))].sort());
        expect((await repo.listComplianceSignals('2026-11-30', '2026-11-30')).map((i) => i.date)).toEqual(['2026-11-30']);
        expect(await repo.listComplianceSignals('2027-01-03', '2027-01-31')).toEqual([]);
        expect(await repo.listComplianceSignals('2027-01-02', '2027-01-01')).toEqual([]);
      });

      it('license summaries: organization, email, headline and state inputs of each license found, in one call; others left out', async () => {
        const { repo } = await fresh();
        const same = licensedRecord(7, 3);
        const base = licensedRecord(9, 4);
        const other = { ...base, license: { ...base.license!, licensee: { ...base.license!.licensee, organization: 'Other Org', email: 'other@org.example' } } };
        await repo.createRequest(same);
        await repo.createRequest(other);
        await repo.createRequest(requestRecord(8));
        const ids = [same.license!.licenseId, other.license!.licenseId, licenseIdFor(idOf(8)), licenseIdFor(idOf(9999)), 'RD-NOT-A-LICENSE'];
        const found = await repo.getLicenseSummaries([...ids, same.license!.licenseId]);
        expect([...found.keys()].sort()).toEqual([same.license!.licenseId, other.license!.licenseId].sort());
        for (const r of [same, other]) {
          const l = r.license!;
          expect(found.get(l.licenseId)).toEqual({
            licenseId: l.licenseId, status: l.status, validFrom: l.validFrom, validUntil: l.validUntil,
            organization: l.licensee.organization, email: l.licensee.email, headline: r.articleHeadline,
          });
        }
        expect(found.get(other.license!.licenseId)?.organization).toBe('Other Org');
        expect((await repo.getLicenseSummaries([])).size).toBe(0);
      });

      it('license summaries: more than one BatchGetItem\'s worth (100 keys) of licenses', async () => {
        const { repo } = await fresh();
        const records = Array.from({ length: 105 }, (_, i) => licensedRecord(100 + i, 1 + (i % 28)));
        for (const r of records) await repo.createRequest(r);
        const found = await repo.getLicenseSummaries(records.map((r) => r.license!.licenseId));
        expect(found.size).toBe(105);
        expect(found.get(records[104]!.license!.licenseId)?.organization).toBe(records[104]!.license!.licensee.organization);
      });
    });

    describe('partners and publisher keys', () => {
      it('partners: created once per key, found by key hash and by id, listed by id, changed by a read-mutate-write, counted per day', async () => {
        const { repo } = await fresh();
        expect(await repo.createPartner(partner(2), 'hash-2')).toBe(true);
        expect(await repo.createPartner(partner(1), 'hash-1')).toBe(true);
        expect(await repo.createPartner(partner(3), 'hash-1')).toBe(false);
        expect(await repo.getPartnerByKeyHash('hash-1')).toEqual(partner(1));
        expect(await repo.getPartnerByKeyHash('hash-9')).toBeUndefined();
        expect(await repo.getPartnerById('pt2')).toEqual(partner(2));
        expect(await repo.getPartnerById('pt9')).toBeUndefined();
        expect(await repo.getPartnerById('')).toBeUndefined();
        expect((await repo.listPartners()).map((p) => p.partnerId)).toEqual(['pt1', 'pt2']);

        const revoked = await repo.updatePartner('pt1', (p) => ({ ...p, status: 'revoked', revokedAt: day(9) }));
        expect(revoked).toMatchObject({ changed: true, record: { partnerId: 'pt1', status: 'revoked' } });
        expect(revoked!.record).not.toHaveProperty('keyHash');
        expect(await repo.getPartnerByKeyHash('hash-1')).toEqual({ ...partner(1), status: 'revoked', revokedAt: day(9) });
        expect(await repo.updatePartner('pt1', () => undefined)).toMatchObject({ changed: false });
        expect(await repo.updatePartner('pt9', (p) => p)).toBeUndefined();
        let calls = 0;
        await expect(repo.updatePartner('pt2', async (p) => {
          calls++;
          await repo.updatePartner('pt2', (q) => ({ ...q, dailyLimit: q.dailyLimit + 1 }));
          return { ...p, name: 'mine' };
        })).rejects.toBeInstanceOf(WriteConflict);
        expect(calls).toBe(UPDATE_RETRY.attempts);
        expect(await repo.getPartnerById('pt2')).toMatchObject({ name: 'Partner 2', dailyLimit: 100 + UPDATE_RETRY.attempts });

        expect(await repo.countPartnerRequest('hash-1', '2026-11-25')).toBe(1);
        expect(await repo.countPartnerRequest('hash-1', '2026-11-25')).toBe(2);
        expect(await repo.partnerRequestsOn('hash-1', '2026-11-25')).toBe(2);
        expect(await repo.partnerRequestsOn('hash-1', '2026-11-26')).toBe(0);
        expect(await repo.partnerRequestsOn('hash-2', '2026-11-25')).toBe(0);
      });

      it('publisher keys: created once per key, found by hash and by id, listed by id, changed by a read-mutate-write', async () => {
        const { repo } = await fresh();
        expect(await repo.createPublisherKey(publisherKey(2), 'khash-2')).toBe(true);
        expect(await repo.createPublisherKey(publisherKey(1), 'khash-1')).toBe(true);
        expect(await repo.createPublisherKey(publisherKey(3), 'khash-2')).toBe(false);
        expect(await repo.getPublisherKeyByHash('khash-1')).toEqual(publisherKey(1));
        expect(await repo.getPublisherKeyById('pk2')).toEqual(publisherKey(2));
        expect(await repo.getPublisherKeyById('pk9')).toBeUndefined();
        expect((await repo.listPublisherKeys()).map((k) => k.keyId)).toEqual(['pk1', 'pk2']);
        const out = await repo.updatePublisherKey('pk2', (k) => ({ ...k, status: 'revoked', revokedAt: day(9) }));
        expect(out).toMatchObject({ changed: true, record: { keyId: 'pk2', status: 'revoked' } });
        expect(out!.record).not.toHaveProperty('keyHash');
        expect(await repo.getPublisherKeyByHash('khash-2')).toEqual({ ...publisherKey(2), status: 'revoked', revokedAt: day(9) });
        // The record keeps its id whatever mutate returns.
        await repo.updatePublisherKey('pk2', (k) => ({ ...k, keyId: 'pk-other' }));
        expect(await repo.getPublisherKeyById('pk-other')).toBeUndefined();
        expect((await repo.getPublisherKeyByHash('khash-2'))!.keyId).toBe('pk2');
        expect(await repo.updatePublisherKey('pk9', (k) => k)).toBeUndefined();
        let calls = 0;
        const racing = repo.updatePublisherKey('pk1', async (k) => {
          calls++;
          if (calls === 1) await repo.updatePublisherKey('pk1', (q) => ({ ...q, label: 'renamed' }));
          return { ...k, updatedAt: day(10) };
        });
        await expect(racing).resolves.toMatchObject({ changed: true, record: { label: 'renamed', updatedAt: day(10) } });
        expect(calls).toBe(2);
      });
    });
  });
}

