/**
 * The desk's counters (domain/request-stats.ts, application/request-stats.ts) on the in-memory
 * repository (adapters/memory-repository.ts, held to the same contract as the DynamoDB one by
 * tests/contract/): an operation applied twice — a redelivered stream record, two aggregators at
 * once, a crash after part of the ADDs — counts once; after a random mix of journeys, with
 * aggregations repeated, interleaved and cut short at random, the counters equal a full recount.
 * The same aggregator runs end to end on dynalite in tests/integration/cli-stats.test.ts.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { memoryRepository, type MemoryRepository } from '../../functions/adapters/memory-repository.js';
import { aggregateDue, aggregateRequest, readDeskStats, STATS_LEASE_MS } from '../../functions/application/request-stats.js';
import { contributionOf, difference, sum, type Contribution } from '../../functions/domain/request-stats.js';
import type { RequestRecord } from '../../functions/domain/request-record.js';
import type { RequestStatus } from '../../functions/domain/request-state.js';
import type { Repository } from '../../functions/application/ports.js';
import { deliverBatch } from '../../functions/application/outbox-runs.js';
import { fixtureRequest } from '../support/render-fixtures.js';

/** What the counters hold (cells with a non-zero field) and how many operation ids they still remember. */
const counters = (repo: MemoryRepository) => repo.inspect.statsCells();
/** The counters a full recount of every request gives. */
const recount = (repo: MemoryRepository): Contribution => sum(repo.inspect.requests().map(contributionOf));
/** Whether the request is listed as behind (what the stream filter and the poller look for). */
const isBehind = async (repo: MemoryRepository, requestId: string) =>
  (await repo.listStatsWork('behind', new Date('2100-01-01'), 1000)).items.some((r) => r.requestId === requestId);

const requestIdOf = (k: number) => `st${String(k).padStart(14, '0')}`;

/** Just what the counters and the writes need of a request record. */
function requestItem(k: number, o: { publicationId: string; createdAt: string; status: RequestStatus; fee?: number; currency?: string }): RequestRecord {
  const requestId = requestIdOf(k);
  return {
    requestId, articleId: 'a-1', articleHeadline: 'A', publicationId: o.publicationId,
    createdAt: o.createdAt, updatedAt: o.createdAt, status: o.status,
    history: [{ at: o.createdAt, from: null, to: o.status, actor: 'requester' }], outbox: {},
    ...(o.status === 'licensed' ? { license: licenseOf(o.createdAt, o.fee ?? 10_000, o.currency ?? 'USD') } : {}),
  } as unknown as RequestRecord;
}

const licenseOf = (issuedAt: string, fee: number, currency: string) =>
  ({ licenseId: 'RD-X', status: 'active', issuedAt, validFrom: issuedAt.slice(0, 10), validUntil: '2027-12-31', fee: { minorUnits: fee, currency, amount: (fee / 100).toFixed(2) } }) as unknown as NonNullable<RequestRecord['license']>;

const now = new Date('2026-11-25T12:00:00Z');

describe('counters carried by the dispatcher\'s mail writes', () => {
  /** A request record with one message due, as a transition leaves it. */
  const withMail = (k: number, o: Parameters<typeof requestItem>[1]) => {
    const item = requestItem(k, o);
    const request = fixtureRequest();
    return { ...item, request: { ...request, requester: { ...request.requester, email: 'r@example.org' } }, outbox: { m1: { id: 'm1', kind: 'requester-withdrawn', to: ['r@example.org'], params: { status: o.status }, state: 'pending', attempts: 0, createdAt: o.createdAt, nextAttemptAt: o.createdAt } } } as unknown as RequestRecord;
  };
  const deps = (repo: Repository, sent: string[]) => ({
    repo, from: 'desk@example.org', render: { baseUrl: 'http://localhost:3000' },
    mailer: { send: async (m: { to: string[] }) => { sent.push(m.to[0]!); return { messageId: `m-${sent.length}` }; } },
  });
  const work = (requestId: string) => [{ requestId, ref: '1', mail: true, statsBehind: true }];

  it('one claim and one record write of the request per transition; a redelivered record counts nothing twice', async () => {
    const repo = memoryRepository();
    const item = withMail(1, { publicationId: 'p1', createdAt: '2026-11-24T10:00:00Z', status: 'licensed', fee: 25_000 });
    await repo.createRequest(item);
    const writes: string[] = [];
    const counting = { ...repo, update: (id: string, m: Parameters<Repository['update']>[1]) => repo.update(id, (r) => { const next = m(r); if (next) writes.push(id); return next; }) } as Repository;
    const sent: string[] = [];
    expect((await deliverBatch(deps(counting, sent), work(item.requestId), now)).failed).toEqual([]);
    expect(sent).toEqual(['r@example.org']);
    // The mail's claim and its record: two writes of the request, none of the counters' own.
    expect(writes).toEqual([item.requestId, item.requestId]);
    const once = counters(repo);
    expect(once.cells).toEqual({ 'W|2026-11-23|p1': { received: 1, licensed: 1, 'fee:USD': 25_000 }, 'X|p1': { 'status:licensed': 1 } });
    expect(once.ops).toBe(0);
    expect(await isBehind(repo, item.requestId)).toBe(false);
    expect((await repo.getRequest(item.requestId))!.stats?.claim).toBeUndefined();
    // The same stream record redelivered, twice at once: no mail, nothing added.
    await Promise.all([deliverBatch(deps(repo, sent), work(item.requestId), now), deliverBatch(deps(repo, sent), work(item.requestId), now)]);
    expect(sent).toHaveLength(1);
    expect(counters(repo).cells).toEqual(once.cells);
    expect(once.cells).toEqual(recount(repo));
  });

  it('sends the mail when the counters cannot be written, and the sweep counts them once the claim lapses', async () => {
    const repo = memoryRepository();
    const item = withMail(2, { publicationId: 'p2', createdAt: '2026-11-24T10:00:00Z', status: 'pending' });
    await repo.createRequest(item);
    const failing = { ...repo, addToStatsCell: async () => { throw Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' }); } } as Repository;
    const sent: string[] = [];
    expect((await deliverBatch(deps(failing, sent), work(item.requestId), now)).failed).toEqual([]);
    expect(sent).toEqual(['r@example.org']);
    expect(counters(repo).cells).toEqual({});
    const later = new Date(now.getTime() + STATS_LEASE_MS + 1000);
    expect((await repo.listStatsWork('claimed', later, 10)).items.map((i) => i.requestId)).toEqual([item.requestId]);
    expect(await aggregateDue(repo, later)).toMatchObject({ applied: 1 });
    expect(await aggregateDue(repo, later)).toMatchObject({ applied: 0 });
    const after = counters(repo);
    expect(after.cells).toEqual({ 'W|2026-11-23|p2': { received: 1 }, 'X|p2': { 'status:pending': 1 } });
    expect(after.cells).toEqual(recount(repo));
    expect(after.ops).toBe(0);
  });
});

describe('counters under redelivery', () => {
  it('counts an operation once: applied twice in turn, twice at once, and resumed after a crash part-way', async () => {
    const repo = memoryRepository();
    const item = requestItem(1, { publicationId: 'p1', createdAt: '2026-11-24T10:00:00Z', status: 'licensed', fee: 25_000 });
    await repo.createRequest(item);
    expect(await isBehind(repo, item.requestId)).toBe(true);

    expect(await aggregateRequest(repo, item.requestId, now)).toBe('applied');
    // The same stream record again, and twice at once: nothing more is added.
    expect(await aggregateRequest(repo, item.requestId, now)).toBe('current');
    await Promise.all([aggregateRequest(repo, item.requestId, now), aggregateRequest(repo, item.requestId, now)]);
    const once = counters(repo);
    expect(once.cells).toEqual({ 'W|2026-11-23|p1': { received: 1, licensed: 1, 'fee:USD': 25_000 }, 'X|p1': { 'status:licensed': 1 } });
    expect(once.ops).toBe(0);
    expect(await isBehind(repo, item.requestId)).toBe(false);

    // A revocation; the aggregator claims, applies to ONE cell, and dies before recording.
    const revoked = (await repo.update(item.requestId, (stored) => ({ ...stored, license: { ...stored.license!, status: 'revoked' as const } })))!;
    expect(revoked.changed).toBe(true);
    const target = contributionOf(revoked.record);
    const claim = { id: revoked.record.stats!.seq + 1, target, until: new Date(now.getTime() + STATS_LEASE_MS).toISOString() };
    expect((await repo.update(item.requestId, (r) => ({ ...r, stats: { ...r.stats!, claim } })))!.changed).toBe(true);
    const delta = difference(target, revoked.record.stats!.applied);
    const [firstCell, firstFields] = Object.entries(delta)[0]!;
    expect(await repo.addToStatsCell(firstCell, firstFields, `${item.requestId}#${claim.id}`)).toBe(true);
    // While the lease runs, a redelivery leaves the claim alone.
    expect(await aggregateRequest(repo, item.requestId, now)).toBe('busy');
    // Once it has run out, the sweep resumes the same operation: the cell already done is not done again.
    const later = new Date(now.getTime() + STATS_LEASE_MS + 1000);
    expect((await repo.listStatsWork('claimed', later, 10)).items.map((i) => i.requestId)).toEqual([item.requestId]);
    expect(await aggregateDue(repo, later)).toMatchObject({ applied: 1 });
    const after = counters(repo);
    expect(after.cells).toEqual({ 'W|2026-11-23|p1': { received: 1 }, 'X|p1': { 'status:licensed': 1 } });
    expect(after.cells).toEqual(recount(repo));
    expect(after.ops).toBe(0);
    expect((await readDeskStats(repo, now, 4)).series.points.at(-1)).toEqual({ week: '2026-11-23', requests: 1, licensed: 0, revenueMinor: 0 });
  });
});

describe('a sweep with a backlog larger than its limit', () => {
  it('applies `limit` requests a call, leaves the rest to the next call and never asks for an empty page', async () => {
    const repo = memoryRepository();
    for (let k = 1; k <= 5; k++) await repo.createRequest(requestItem(100 + k, { publicationId: 'p1', createdAt: '2026-11-24T10:00:00Z', status: 'pending' }));
    // DynamoDB refuses a Query with Limit 0 (ValidationException); the in-memory table does not, so the limits are recorded.
    const asked: number[] = [];
    const swept = { ...repo, listStatsWork: (...a: Parameters<typeof repo.listStatsWork>) => { asked.push(a[2]); return repo.listStatsWork(...a); } };
    expect(await aggregateDue(swept, now, 2)).toEqual({ applied: 2, current: 0, busy: 0 });
    expect(await aggregateDue(swept, now, 2)).toEqual({ applied: 2, current: 0, busy: 0 });
    expect(await aggregateDue(swept, now, 2)).toEqual({ applied: 1, current: 0, busy: 0 });
    expect(Math.min(...asked)).toBeGreaterThanOrEqual(1);
    expect(counters(repo).cells).toEqual(recount(repo));
  });
});

const statuses: RequestStatus[] = ['pending', 'licensed', 'rejected'];
const moves: Partial<Record<RequestStatus, RequestStatus[]>> = { pending: ['licensed', 'denied', 'offered', 'withdrawn', 'expired'], offered: ['licensed', 'declined'], rejected: ['pending'] };

describe('counters after a random mix of journeys', () => {
  it('equal a full recount, whatever the order, repetition and interleaving of aggregations', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.record({
        pub: fc.constantFrom('p1', 'p2'), day: fc.integer({ min: 0, max: 60 }), status: fc.constantFrom(...statuses),
        fee: fc.integer({ min: 0, max: 90_000 }), currency: fc.constantFrom('USD', 'USD', 'EUR'),
        steps: fc.array(fc.record({ move: fc.nat(10), revoke: fc.boolean(), aggregate: fc.nat(3), twice: fc.boolean() }), { maxLength: 4 }),
      }), { minLength: 1, maxLength: 12 }),
      async (journeys) => {
        const repo = memoryRepository();
        const pending: Promise<unknown>[] = [];
        const kick = (requestId: string, times: number, concurrently: boolean) => {
          for (let t = 0; t < times; t++) {
            const run = aggregateRequest(repo, requestId, now);
            pending.push(concurrently ? run : run.then(() => undefined));
          }
        };
        for (const [k, j] of journeys.entries()) {
          const createdAt = new Date(now.getTime() - j.day * 86_400_000).toISOString();
          const item: RequestRecord = requestItem(k, { publicationId: j.pub, createdAt, status: j.status, fee: j.fee, currency: j.currency });
          await repo.createRequest(item);
          kick(item.requestId, j.steps[0]?.aggregate ?? 1, true);
          for (const step of j.steps) {
            // A transition, written as the use cases write: repo.update (read, change, conditional write, retried on conflict).
            await repo.update(item.requestId, (cur) => {
              const options = moves[cur.status] ?? [];
              let next: RequestRecord = { ...cur, updatedAt: new Date(Date.parse(cur.updatedAt) + 3_600_000).toISOString() };
              if (step.revoke && cur.license && cur.license.status !== 'revoked') next = { ...next, license: { ...cur.license, status: 'revoked' } };
              else if (options.length) {
                const to = options[step.move % options.length]!;
                next = { ...next, status: to, history: [...cur.history, { at: next.updatedAt, from: cur.status, to, actor: 'staff' }],
                  ...(to === 'licensed' ? { license: licenseOf(next.updatedAt, j.fee, j.currency) } : {}) };
              }
              return next;
            });
            kick(item.requestId, step.aggregate, step.twice);
          }
        }
        await Promise.all(pending);
        // Whatever is left behind (a claim met mid-way, a change after the last run): the sweep finishes it.
        for (let i = 0; i < 10; i++) if (!(await aggregateDue(repo, new Date(now.getTime() + STATS_LEASE_MS * 2))).applied) break;
        const { cells, ops } = counters(repo);
        expect(cells).toEqual(recount(repo));
        expect(ops).toBe(0);
        expect((await repo.listStatsWork('behind', new Date('2100-01-01'), 10)).items).toEqual([]);
      },
    ), { numRuns: Number(process.env.STATS_RUNS ?? 20) });
  }, 60_000);
});
