/**
 * Keeping the desk's counters current (domain/request-stats.ts), one request at a time. Called by
 * the dispatcher for every stream record of a request whose counters are behind (AWS), and by its
 * sweep of the sparse `stats` index (the local poller; in AWS the scheduled sweep, for anything a
 * stream delivery missed). Steps, for one request:
 *   1. claim: one versioned write records the target (the request's contribution now) and a lease;
 *      a second aggregator (a redelivered stream record, the sweep) finds the claim and leaves it;
 *   2. apply `target − applied` to each counter cell with an ADD keyed on the operation
 *      (`<requestId>#<n>`): a cell that already holds the operation's id adds nothing, so a crash and
 *      a retry never count twice;
 *   3. record: one versioned write sets `applied = target` and drops the claim;
 *   4. forget the operation's id on each cell (nothing can apply it any more).
 * The lease (5 minutes) outlasts the dispatcher's timeout (60 s): a claim whose lease ran out
 * belongs to an aggregator that is gone, and the sweep resumes its operation under the same id.
 * When the request also has mail to deliver, the dispatcher folds steps 1 and 3 into its own claim
 * and record writes (application/dispatch-outbox.ts): one claim and one record write of the
 * request per transition, not two of each.
 */
import type { Repository } from './ports.js';
import type { RequestRecord } from '../domain/request-record.js';
import { requestStatuses } from '../domain/request-state.js';
import { contributionOf, difference, firstWeek, sameContribution, weekCell, type Contribution, type DeskStats, deskStats, type RequestStatsState } from '../domain/request-stats.js';
import { WriteConflict } from './errors.js';

export const STATS_LEASE_MS = 5 * 60_000;

export type StatsRepo = Pick<Repository, 'getRequest' | 'update' | 'addToStatsCell' | 'forgetStatsOp' | 'listStatsWork' | 'readStatsCells'>;
export type RebuildRepo = StatsRepo & Pick<Repository, 'listRequestsByStatus'>;

export type AggregateOutcome = 'applied' | 'current' | 'busy' | 'missing';

const stateOf = (item: RequestRecord): RequestStatsState => item.stats ?? { applied: {}, seq: 0 };

/** A stats claim: the operation that brings the counters from `applied` to `claim.target`. */
export interface StatsClaim { claim: NonNullable<RequestStatsState['claim']>; applied: Contribution }

/**
 * Step 1 as a pure change of the record, for a write that has its own business too (the
 * dispatcher's mail claim carries it: one write of the request instead of two). The record with
 * the claim set, and the claim — or `current` (nothing to add), or `busy` (another aggregator's
 * claim is live). A lapsed claim is resumed under the same operation id.
 */
export function withStatsClaim(item: RequestRecord, now: Date): { item: RequestRecord; claimed: StatsClaim } | 'current' | 'busy' {
  const state = stateOf(item);
  let claim = state.claim;
  if (claim && claim.until > now.toISOString()) return 'busy';
  const until = new Date(now.getTime() + STATS_LEASE_MS).toISOString();
  if (!claim) {
    const target = contributionOf(item);
    if (sameContribution(target, state.applied)) return 'current';
    claim = { id: state.seq + 1, target, until };
  } else {
    claim = { ...claim, until };
  }
  return { item: { ...item, stats: { ...state, claim } }, claimed: { claim, applied: state.applied } };
}

/** Step 3 as a pure change of the record: the claim recorded as applied, or undefined when it is not this record's claim any more. */
export function withStatsRecorded(item: RequestRecord, claimed: StatsClaim): RequestRecord | undefined {
  return item.stats?.claim?.id !== claimed.claim.id ? undefined : { ...item, stats: { applied: claimed.claim.target, seq: claimed.claim.id } };
}

/** Step 2: the ADDs, each keyed on the operation (a cell that holds it adds nothing). */
export async function applyStatsClaim(repo: Pick<Repository, 'addToStatsCell'>, requestId: string, { claim, applied }: StatsClaim): Promise<void> {
  const delta = difference(claim.target, applied);
  for (const [cell, fields] of Object.entries(delta)) await repo.addToStatsCell(cell, fields, opIdOf(requestId, claim.id));
}

/** Step 4, once the request records the operation: its id forgotten on each cell. */
export async function forgetStatsClaim(repo: Pick<Repository, 'forgetStatsOp'>, requestId: string, { claim, applied }: StatsClaim): Promise<void> {
  const delta = difference(claim.target, applied);
  await Promise.all(Object.keys(delta).map((cell) => repo.forgetStatsOp(cell, opIdOf(requestId, claim.id))));
}

/**
 * Brings the counters up to date with one request. Safe to call any number of times, concurrently too.
 * `touchIfCurrent` (the default): a request with nothing to add is rewritten once, so a stale entry
 * in the sparse `stats` index (the repository recomputes it on every write) is dropped.
 */
export async function aggregateRequest(repo: StatsRepo, requestId: string, now: Date, opts: { touchIfCurrent?: boolean } = {}): Promise<AggregateOutcome> {
  let outcome = 'missing' as AggregateOutcome;
  let claimed: StatsClaim | undefined;
  let updated;
  try {
    updated = await repo.update(requestId, (item) => {
      claimed = undefined;
      const next = withStatsClaim(item, now);
      if (next === 'busy') { outcome = 'busy'; return undefined; }
      if (next === 'current') {
        outcome = 'current';
        // Nothing to add; a stale index entry (an item written before it was current) is dropped by rewriting it.
        return opts.touchIfCurrent === false ? undefined : { ...item };
      }
      outcome = 'applied';
      claimed = next.claimed;
      return next.item;
    });
  } catch (e) {
    if (e instanceof WriteConflict) return 'busy';
    throw e;
  }
  if (!updated) return 'missing';
  if (outcome !== 'applied' || !claimed) return outcome;
  await applyStatsClaim(repo, requestId, claimed);
  await record(repo, requestId, claimed);
  return 'applied';
}

const opIdOf = (requestId: string, id: number) => `${requestId}#${id}`;

async function record(repo: StatsRepo, requestId: string, claimed: StatsClaim) {
  let recorded;
  try {
    // Recorded already (by a resumed aggregator): nothing to write.
    recorded = await repo.update(requestId, (item) => withStatsRecorded(item, claimed));
  } catch (e) {
    // The claim's lease runs out and the sweep resumes it under the same operation id: nothing is counted twice.
    if (e instanceof WriteConflict) return;
    throw e;
  }
  if (!recorded?.changed) return;
  await forgetStatsClaim(repo, requestId, claimed);
}

export interface StatsSweepReport { applied: number; current: number; busy: number }

/**
 * Works through the sparse `stats` index: requests whose counters are behind, then claims whose lease
 * ran out. At most `limit` items a call, page by page.
 */
export async function aggregateDue(repo: StatsRepo, now: Date, limit = 200): Promise<StatsSweepReport> {
  const report: StatsSweepReport = { applied: 0, current: 0, busy: 0 };
  let seen = 0;
  for (const kind of ['behind', 'claimed'] as const) {
    // A sweep that used its whole limit on the first kind leaves the second to the next sweep (a
    // Query's Limit must be at least 1).
    if (seen >= limit) break;
    let cursor: string | undefined;
    do {
      const page = await repo.listStatsWork(kind, now, Math.min(50, limit - seen), cursor);
      for (const item of page.items) {
        const outcome = await aggregateRequest(repo, item.requestId, now);
        if (outcome === 'applied') report.applied++;
        else if (outcome === 'busy') report.busy++;
        else report.current++;
      }
      seen += page.items.length;
      cursor = page.cursor;
    } while (cursor && seen < limit);
  }
  return report;
}

/** The desk's figures for the `weeks` weeks up to `now`: ONE range read of the counter cells. */
export async function readDeskStats(repo: Pick<Repository, 'readStatsCells'>, now: Date, weeks = 12): Promise<DeskStats> {
  const cells = await repo.readStatsCells(weekCell(firstWeek(now, weeks), ''));
  return deskStats(cells, now, weeks);
}

export interface RebuildReport { requests: number; applied: number; current: number; busy: number }

/**
 * The backfill for a table with history (`desk stats rebuild`, and the local stack after it added the
 * indexes): every request, status by status (byStatus pages, no Scan), brought up to date by the same
 * idempotent aggregator — a request counted already adds nothing, so it is safe to run again, and
 * while traffic flows. Its rewrite also puts the request in the sparse `recent` index.
 */
export async function rebuildStats(repo: RebuildRepo, now: Date, onProgress?: (done: number) => void): Promise<RebuildReport> {
  const report: RebuildReport = { requests: 0, applied: 0, current: 0, busy: 0 };
  for (const status of requestStatuses) {
    let cursor: string | undefined;
    do {
      const page = await repo.listRequestsByStatus(status, { limit: 100, oldestFirst: true, ...(cursor ? { cursor } : {}) });
      for (const item of page.items) {
        // An item stored before the counters existed is rewritten once (touchIfCurrent), so it also gets its index entries.
        const outcome = await aggregateRequest(repo, item.requestId, now, { touchIfCurrent: !item.stats });
        report.requests++;
        report[outcome === 'applied' ? 'applied' : outcome === 'busy' ? 'busy' : 'current']++;
        if (report.requests % 500 === 0) onProgress?.(report.requests);
      }
      cursor = page.cursor;
    } while (cursor);
  }
  return report;
}
