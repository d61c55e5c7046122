/**
 * The desk's counters (domain/request-stats.ts): one small item per cell in the partition `STATS`,
 * sort key the cell (`W|<week>|<publication>`, `X|<publication>`), one number attribute per field.
 * Each ADD is keyed on the transition that causes it: the operation's id is written into the
 * counter's `ops` map by the same conditional UpdateItem, so a redelivered or retried operation
 * finds its id there and adds nothing; the id is removed once the request item records the
 * operation as applied (then nothing can apply it again), so `ops` holds only operations in flight.
 *
 * The request item carries what it has contributed so far (`stats.applied`) and, while an
 * aggregator works on it, its claim. The sparse `stats` index lists the items whose counters are
 * behind (`statsPk = STATS`, what the stream filter and the local poller look for) and the claimed
 * ones (`STATS#CLAIMED`, due when the claim's lease runs out: a crashed aggregator's work is resumed).
 */
import { contributionOf, sameContribution } from '../../domain/request-stats.js';
import { keyPart, type Key } from './keys.js';

export const STATS_PARTITION = 'STATS';
export const STATS_BEHIND = 'STATS';
export const STATS_CLAIMED = 'STATS#CLAIMED';

export const statsCellKey = (cell: string): Key => ({ pk: STATS_PARTITION, sk: keyPart(cell, 'stats cell') });

/** Attributes of a counter item that are not counts. */
export const COUNTER_META = new Set(['pk', 'sk', 'entity', 'ops']);

export type { RequestStatsState } from '../../domain/request-stats.js';
import type { RequestStatsState } from '../../domain/request-stats.js';

type StatsHolder = Parameters<typeof contributionOf>[0] & { stats?: RequestStatsState | undefined; updatedAt: string };

/** The sparse `stats` index entry that follows from the item's state (recomputed on every write). */
export function statsIndex(item: StatsHolder): { statsPk?: string; statsDue?: string } {
  if (item.stats?.claim) return { statsPk: STATS_CLAIMED, statsDue: item.stats.claim.until };
  if (typeof item.updatedAt === 'string' && !sameContribution(contributionOf(item), item.stats?.applied ?? {})) return { statsPk: STATS_BEHIND, statsDue: item.updatedAt };
  return {};
}
