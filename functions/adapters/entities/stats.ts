/**
 * The desk's counters (domain/request-stats.ts): one small item per cell in the partition `STATS`,
 * sort key the cell (`W|<week>|<publication>`, `X|<publication>`), one number attribute per field.
 * Each ADD is keyed on the transition that causes it: the operation's id is written into the
 * counter as an attribute of its own (`op:<id>`) by the same conditional UpdateItem, so a
 * redelivered or retried operation finds it there and adds nothing; it is removed once the request
 * item records the operation as applied (then nothing can apply it again), so a cell holds only
 * operations in flight. (Cells written before kept these ids in an `ops` map, which the condition
 * still consults; a top-level attribute needs no map to exist first — a path inside a missing map
 * cannot be SET, which cost every new cell a failed write and a second one.)
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

/** Attributes of a counter item that are not counts (and `op:` markers, see opAttribute). */
export const COUNTER_META = new Set(['pk', 'sk', 'entity', 'ops']);
/** The attribute marking an operation in flight on a counter cell. */
export const opAttribute = (opId: string) => `op:${opId}`;
export const isOpAttribute = (name: string) => name.startsWith('op:');

export type { RequestStatsState } from '../../domain/request-stats.js';
import type { RequestStatsState } from '../../domain/request-stats.js';

type StatsHolder = Parameters<typeof contributionOf>[0] & { stats?: RequestStatsState | undefined; updatedAt: string };

/** The sparse `stats` index entry that follows from the item's state (recomputed on every write). */
export function statsIndex(item: StatsHolder): { statsPk?: string; statsDue?: string } {
  if (item.stats?.claim) return { statsPk: STATS_CLAIMED, statsDue: item.stats.claim.until };
  if (typeof item.updatedAt === 'string' && !sameContribution(contributionOf(item), item.stats?.applied ?? {})) return { statsPk: STATS_BEHIND, statsDue: item.updatedAt };
  return {};
}
