/**
 * Request statistics as aggregates: what one request contributes to the desk's counters, purely.
 *
 * A request's contribution is a function of its current state alone: one request in the week it was
 * received, one in its current status, and — while its license is not revoked — one license and its
 * fee in the week the license was issued. The counters hold the sum of every request's contribution;
 * moving a request from one state to another applies the difference between its contributions
 * (application/request-stats.ts), so the counters follow every transition without ever being
 * recounted, and a figure costs the same read at 1,000 requests as at 1,000,000.
 *
 * Cells: `W|<week>|<publicationId>` (per publication, per week: received, licensed, fees by
 * currency) and `X|<publicationId>` (per publication: requests by current status). Field names:
 * `received`, `licensed`, `fee:<CURRENCY>` (minor units), `status:<status>`.
 */
import { requestStatuses, type LicenseStatus, type RequestStatus } from './request-state.js';

/** What of a request the counters depend on (a request item has all of it). */
export interface StatsSubject {
  publicationId: string;
  createdAt: string;
  status: RequestStatus;
  license?: { issuedAt: string; status: LicenseStatus; fee: { minorUnits: number; currency: string } } | undefined;
}

/** cell → field → amount. Only non-zero amounts are kept. */
export type Contribution = Record<string, Record<string, number>>;

const DAY = 86_400_000;

/** Monday 00:00 UTC of the week holding `t`. */
export function weekStart(t: number): number {
  const d = new Date(t);
  const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return midnight - ((d.getUTCDay() + 6) % 7) * DAY;
}

/** The Monday (UTC) of the week holding an ISO instant, YYYY-MM-DD; undefined for a value that is not a date. */
export function weekOf(iso: string): string | undefined {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : new Date(weekStart(t)).toISOString().slice(0, 10);
}

export const weekCell = (week: string, publicationId: string) => `W|${week}|${publicationId}`;
/** Sorts after every week cell (`X` > `W`), so one range read from a week onwards holds the totals too. */
export const totalsCell = (publicationId: string) => `X|${publicationId}`;

export function contributionOf(s: StatsSubject): Contribution {
  const out: Contribution = {};
  const add = (cell: string, field: string, n: number) => {
    if (!n) return;
    const c = (out[cell] ??= {});
    c[field] = (c[field] ?? 0) + n;
  };
  add(totalsCell(s.publicationId), `status:${s.status}`, 1);
  const received = weekOf(s.createdAt);
  if (received) add(weekCell(received, s.publicationId), 'received', 1);
  if (s.license && s.license.status !== 'revoked') {
    const issued = weekOf(s.license.issuedAt);
    if (issued) {
      add(weekCell(issued, s.publicationId), 'licensed', 1);
      add(weekCell(issued, s.publicationId), `fee:${s.license.fee.currency}`, s.license.fee.minorUnits);
    }
  }
  return out;
}

/** `to − from`, cell by cell; cells and fields whose difference is zero are left out. */
export function difference(to: Contribution, from: Contribution): Contribution {
  const out: Contribution = {};
  for (const cell of new Set([...Object.keys(to), ...Object.keys(from)])) {
    const a = to[cell] ?? {};
    const b = from[cell] ?? {};
    for (const field of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = (a[field] ?? 0) - (b[field] ?? 0);
      if (d) (out[cell] ??= {})[field] = d;
    }
  }
  return out;
}

export const isEmpty = (c: Contribution) => Object.keys(c).length === 0;
export const sameContribution = (a: Contribution, b: Contribution) => isEmpty(difference(a, b));

/** Sums contributions (a full recount, as `desk stats check` and the tests do). */
export function sum(contributions: Iterable<Contribution>): Contribution {
  const out: Contribution = {};
  for (const c of contributions) {
    for (const [cell, fields] of Object.entries(c)) {
      for (const [field, n] of Object.entries(fields)) {
        const target = (out[cell] ??= {});
        target[field] = (target[field] ?? 0) + n;
        if (!target[field]) delete target[field];
      }
      if (out[cell] && !Object.keys(out[cell]).length) delete out[cell];
    }
  }
  return out;
}

export interface WeekPoint {
  /** Monday (UTC) the week starts on, YYYY-MM-DD. */
  week: string;
  requests: number;
  licensed: number;
  /** License fees issued that week, in `currency`, minor units. */
  revenueMinor: number;
}

export interface WeeklySeries { currency: string; points: WeekPoint[]; otherCurrencies: string[] }

export interface DeskStats {
  series: WeeklySeries;
  /** Requests by their current status, every publication. */
  byStatus: Record<RequestStatus, number>;
}

/** The first week (Monday, YYYY-MM-DD) of the `weeks` weeks up to `now`. */
export const firstWeek = (now: Date, weeks: number) => new Date(weekStart(now.getTime()) - (weeks - 1) * 7 * DAY).toISOString().slice(0, 10);

/**
 * The staff view's figures from counter cells: requests received and licenses issued per week, fees
 * in the currency most fees of the window use (other currencies named, not mixed in), and the
 * requests in each status.
 */
export function deskStats(cells: Contribution, now: Date, weeks = 12): DeskStats {
  const first = weekStart(now.getTime()) - (weeks - 1) * 7 * DAY;
  const points: WeekPoint[] = Array.from({ length: weeks }, (_, i) =>
    ({ week: new Date(first + i * 7 * DAY).toISOString().slice(0, 10), requests: 0, licensed: 0, revenueMinor: 0 }));
  const index = new Map(points.map((p, i) => [p.week, i]));
  const byStatus = Object.fromEntries(requestStatuses.map((s) => [s, 0])) as Record<RequestStatus, number>;
  const fees = new Map<string, number[]>();
  const licensedByCurrency = new Map<string, number>();
  for (const [cell, fields] of Object.entries(cells)) {
    const [kind, week] = cell.split('|');
    if (kind === 'X') {
      for (const s of requestStatuses) byStatus[s] += fields[`status:${s}`] ?? 0;
      continue;
    }
    const i = kind === 'W' && week ? index.get(week) : undefined;
    if (i === undefined) continue;
    const p = points[i]!;
    p.requests += fields.received ?? 0;
    p.licensed += fields.licensed ?? 0;
    for (const [field, n] of Object.entries(fields)) {
      if (!field.startsWith('fee:')) continue;
      const currency = field.slice(4);
      const perWeek = fees.get(currency) ?? Array<number>(weeks).fill(0);
      perWeek[i] = (perWeek[i] ?? 0) + n;
      fees.set(currency, perWeek);
      if (n) licensedByCurrency.set(currency, (licensedByCurrency.get(currency) ?? 0) + 1);
    }
  }
  const totals = [...fees].map(([c, perWeek]) => [c, perWeek.reduce((a, b) => a + b, 0)] as const).filter(([, t]) => t !== 0);
  const currency = [...totals].sort((a, b) => (licensedByCurrency.get(b[0]) ?? 0) - (licensedByCurrency.get(a[0]) ?? 0) || b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? 'USD';
  const main = fees.get(currency);
  if (main) points.forEach((p, i) => { p.revenueMinor = main[i] ?? 0; });
  return { series: { currency, points, otherCurrencies: totals.map(([c]) => c).filter((c) => c !== currency).sort() }, byStatus };
}

/** What a request has contributed to the desk's counters, carried in its record (adapters/entities/stats.ts). */
export interface RequestStatsState {
  /** What the counters hold of this request. */
  applied: Contribution;
  /** Operations applied so far (each claim takes the next number). */
  seq: number;
  /** An aggregator's claim: it brings the counters to `target` under operation `id` until `until`. */
  claim?: { id: number; target: Contribution; until: string };
}
