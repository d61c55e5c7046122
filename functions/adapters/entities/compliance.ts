/**
 * Compliance signals (functions/domain/compliance.ts): one counter item per UTC day, license, signal
 * and page origin — `COMPLIANCE#<yyyy-mm>` / `<date>#<licenseId>#<signal>#<sha256(origin)>` (ADD
 * hits) — so the staff listing of a window of days reads one partition per month it spans, `sk
 * BETWEEN` its first and last day (at most two Queries for a 30-day window, never a Scan). At most
 * ORIGINS_PER_LICENSE_DAY origins per license and day, claimed through a slot counter
 * `LICENSE#<id>` / `COMPLIANCE#SLOTS#<date>`; further origins count as OTHER_ORIGINS. Items expire
 * (TTL) 13 months after their month, like the usage referrers.
 */
import { createHash } from 'node:crypto';
import type { ComplianceCount, ComplianceSignal } from '../../domain/compliance.js';
import { keyPart, type Key } from './keys.js';
import { usagePartition } from './usage.js';

/** The month partition a day's counters live in (`date` is yyyy-mm-dd, or a month yyyy-mm). */
export const compliancePartition = (date: string) => `COMPLIANCE#${keyPart(date, 'date').slice(0, 7)}`;
export const complianceKey = (date: string, licenseId: string, signal: ComplianceSignal, origin: string): Key => ({
  pk: compliancePartition(date),
  sk: `${keyPart(date, 'date')}#${keyPart(licenseId, 'license id')}#${signal}#${createHash('sha256').update(origin, 'utf8').digest('hex').slice(0, 32)}`,
});
/**
 * The Queries reading the days `fromDate`..`toDate` (yyyy-mm-dd, inclusive): one per month spanned,
 * its sort keys from the first day's to past the last day's (`$` sorts right after `#`).
 */
export function complianceRanges(fromDate: string, toDate: string): { pk: string; from: string; to: string }[] {
  const ranges: { pk: string; from: string; to: string }[] = [];
  if (fromDate > toDate) return ranges;
  for (let month = fromDate.slice(0, 7); month <= toDate.slice(0, 7); month = nextMonth(month)) {
    ranges.push({ pk: compliancePartition(month), from: month === fromDate.slice(0, 7) ? fromDate : `${month}-01`, to: `${month === toDate.slice(0, 7) ? toDate : `${month}-31`}$` });
  }
  return ranges;
}
const nextMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};
export const complianceSlotsKey = (licenseId: string, date: string): Key => ({ pk: usagePartition(licenseId), sk: `COMPLIANCE#SLOTS#${keyPart(date, 'date')}` });

export interface ComplianceItem extends Key, ComplianceCount {
  entity: 'compliance-signal';
  ttl?: number;
}

/** Item -> record: key, marker and TTL dropped. */
export function toComplianceCount(item: ComplianceItem): ComplianceCount {
  const { pk: _pk, sk: _sk, entity: _e, ttl: _t, ...count } = item;
  return count;
}
