/**
 * The desk's counters (domain/request-stats.ts, application/request-stats.ts) against dynalite:
 * an operation applied twice — a redelivered stream record, two aggregators at once, a crash after
 * part of the ADDs — counts once; after a random mix of journeys, with aggregations repeated,
 * interleaved and cut short at random, the counters equal a full recount of the table; list cursors
 * are checked (a bad one is InvalidCursor, which the edge answers with a 400 problem).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { localDynamoClient, ensureTable } from '../../local/services.js';
import { dynamoRepository, type Repository } from '../../functions/adapters/repository.js';
import { requestKey, statusPartition, type RequestItem } from '../../functions/adapters/entities/request.js';
import { STATS_PARTITION, COUNTER_META } from '../../functions/adapters/entities/stats.js';
import { aggregateDue, aggregateRequest, readDeskStats, STATS_LEASE_MS } from '../../functions/application/request-stats.js';
import { contributionOf, difference, sum, type Contribution } from '../../functions/domain/request-stats.js';
import type { RequestRecord } from '../../functions/domain/request-record.js';
import { InvalidCursor } from '../../functions/application/errors.js';
import { toProblem } from '../../functions/edge/problem.js';
import type { RequestStatus } from '../../functions/domain/request-state.js';
import { startDynaliteBackend, type Backend } from '../support/backends.js';

let backend: Backend;
let doc: DynamoDBDocumentClient;
let n = 0;

beforeAll(async () => {
  backend = await startDynaliteBackend();
  doc = DynamoDBDocumentClient.from(localDynamoClient(backend.endpoint), { marshallOptions: { removeUndefinedValues: true } });
}, 60_000);
afterAll(async () => { await backend?.stop(); });

/** A table of its own for each test (and each property run: ids restart, so a table per run). */
async function freshRepo(): Promise<{ repo: Repository; table: string }> {
  const table = `stats-${++n}`;
  await ensureTable(localDynamoClient(backend.endpoint), table);
  return { repo: dynamoRepository(doc, table), table };
}

/** The stored item as the table holds it (the sparse `stats` index attribute is the adapter's). */
const storedItem = async (table: string, requestId: string) =>
  (await doc.send(new GetCommand({ TableName: table, Key: requestKey(requestId), ConsistentRead: true }))).Item as RequestItem | undefined;

const requestIdOf = (k: number) => `st${String(k).padStart(14, '0')}`;

/** Just what the counters and the writes need of a request item. */
function requestItem(k: number, o: { publicationId: string; createdAt: string; status: RequestStatus; fee?: number; currency?: string }): RequestItem {
  const requestId = requestIdOf(k);
  return {
    ...requestKey(requestId), entity: 'request', requestId, articleId: 'a-1', articleHeadline: 'A', publicationId: o.publicationId,
    createdAt: o.createdAt, updatedAt: o.createdAt, version: 1, status: o.status,
    gsi1pk: statusPartition(o.status), gsi1sk: `${o.createdAt}#${requestId}`,
    history: [{ at: o.createdAt, from: null, to: o.status, actor: 'requester' }], outbox: {},
    ...(o.status === 'licensed' ? { license: licenseOf(o.createdAt, o.fee ?? 10_000, o.currency ?? 'USD') } : {}),
  } as unknown as RequestItem;
}

const licenseOf = (issuedAt: string, fee: number, currency: string) =>
  ({ licenseId: 'RD-X', status: 'active', issuedAt, validFrom: issuedAt.slice(0, 10), validUntil: '2027-12-31', fee: { minorUnits: fee, currency, amount: (fee / 100).toFixed(2) } }) as unknown as NonNullable<RequestItem['license']>;

async function counters(table: string): Promise<{ cells: Contribution; ops: number }> {
  const cells: Contribution = {};
  let ops = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const out = await doc.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start, ConsistentRead: true }));
    for (const i of out.Items ?? []) {
      if (i.pk !== STATS_PARTITION) continue;
      ops += Object.keys((i.ops as object | undefined) ?? {}).length;
      const fields: Record<string, number> = {};
      for (const [k, v] of Object.entries(i)) if (!COUNTER_META.has(k) && typeof v === 'number' && v) fields[k] = v;
      if (Object.keys(fields).length) cells[i.sk as string] = fields;
    }
    start = out.LastEvaluatedKey;
  } while (start);
  return { cells, ops };
}

async function recount(table: string): Promise<Contribution> {
  const items: RequestItem[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await doc.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start, ConsistentRead: true }));
    items.push(...((out.Items ?? []) as RequestItem[]).filter((i) => i.entity === 'request'));
    start = out.LastEvaluatedKey;
  } while (start);
  return sum(items.map(contributionOf));
}

const now = new Date('2026-11-25T12:00:00Z');

describe('counters under redelivery', () => {
  it('counts an operation once: applied twice in turn, twice at once, and resumed after a crash part-way', async () => {
    const { repo, table } = await freshRepo();
    const item = requestItem(1, { publicationId: 'p1', createdAt: '2026-11-24T10:00:00Z', status: 'licensed', fee: 25_000 });
    await repo.createRequest(item);
    expect((await storedItem(table, item.requestId))!.statsPk).toBe('STATS');

    expect(await aggregateRequest(repo, item.requestId, now)).toBe('applied');
    // The same stream record again, and twice at once: nothing more is added.
    expect(await aggregateRequest(repo, item.requestId, now)).toBe('current');
    await Promise.all([aggregateRequest(repo, item.requestId, now), aggregateRequest(repo, item.requestId, now)]);
    const once = await counters(table);
    expect(once.cells).toEqual({ 'W|2026-11-23|p1': { received: 1, licensed: 1, 'fee:USD': 25_000 }, 'X|p1': { 'status:licensed': 1 } });
    expect(once.ops).toBe(0);
    expect((await storedItem(table, item.requestId))!.statsPk).toBeUndefined();

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
    const after = await counters(table);
    expect(after.cells).toEqual({ 'W|2026-11-23|p1': { received: 1 }, 'X|p1': { 'status:licensed': 1 } });
    expect(after.cells).toEqual(await recount(table));
    expect(after.ops).toBe(0);
    expect((await readDeskStats(repo, now, 4)).series.points.at(-1)).toEqual({ week: '2026-11-23', requests: 1, licensed: 0, revenueMinor: 0 });
  });
});

describe('a sweep with a backlog larger than its limit', () => {
  it('applies `limit` requests a call and leaves the rest to the next call', async () => {
    const { repo, table } = await freshRepo();
    for (let k = 1; k <= 5; k++) await repo.createRequest(requestItem(100 + k, { publicationId: 'p1', createdAt: '2026-11-24T10:00:00Z', status: 'pending' }));
    expect(await aggregateDue(repo, now, 2)).toEqual({ applied: 2, current: 0, busy: 0 });
    expect(await aggregateDue(repo, now, 2)).toEqual({ applied: 2, current: 0, busy: 0 });
    expect(await aggregateDue(repo, now, 2)).toEqual({ applied: 1, current: 0, busy: 0 });
    expect((await counters(table)).cells).toEqual(await recount(table));
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
        const { repo, table } = await freshRepo();
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
        const { cells, ops } = await counters(table);
        expect(cells).toEqual(await recount(table));
        expect(ops).toBe(0);
        expect((await repo.listStatsWork('behind', new Date('2100-01-01'), 10)).items).toEqual([]);
      },
    ), { numRuns: Number(process.env.STATS_RUNS ?? 8) });
  }, 180_000);
});

describe('list cursors', () => {
  it('pages with the cursor given out, and refuses one edited, truncated or from another list as InvalidCursor (a 400 problem)', async () => {
    const { repo } = await freshRepo();
    for (let k = 0; k < 5; k++) await repo.createRequest(requestItem(100 + k, { publicationId: 'p1', createdAt: `2026-11-2${k}T10:00:00Z`, status: 'pending' }));
    const first = await repo.listRequestsByStatus('pending', { limit: 2, oldestFirst: true });
    expect(first.items.map((i) => i.createdAt.slice(0, 10))).toEqual(['2026-11-20', '2026-11-21']);
    const second = await repo.listRequestsByStatus('pending', { limit: 2, oldestFirst: true, cursor: first.cursor });
    expect(second.items.map((i) => i.createdAt.slice(0, 10))).toEqual(['2026-11-22', '2026-11-23']);

    const key = JSON.parse(Buffer.from(first.cursor!, 'base64url').toString()) as Record<string, string>;
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const bad = [
      'not a cursor!', first.cursor!.slice(0, -3), b64([1, 2]), b64({ ...key, gsi1pk: 'REQUESTS#licensed' }),
      b64({ ...key, extra: 'x' }), b64({ ...key, sk: 7 }), b64({ pk: key.pk }), 'x'.repeat(3000), '',
    ];
    for (const cursor of bad) {
      await expect(repo.listRequestsByStatus('pending', { cursor }), cursor.slice(0, 40)).rejects.toBeInstanceOf(InvalidCursor);
    }
    // Another list's cursor (the licensed partition's) does not page this one.
    await expect(repo.listRequestsByStatus('licensed', { cursor: first.cursor })).rejects.toBeInstanceOf(InvalidCursor);
    await expect(repo.listRecentDecisions({ cursor: first.cursor })).rejects.toBeInstanceOf(InvalidCursor);
    const problem = toProblem(new InvalidCursor('pending'))!;
    expect(problem.status).toBe(400);
    expect(problem.toDocument()).toMatchObject({ status: 400, errors: [{ path: 'pending' }] });
  });
});
