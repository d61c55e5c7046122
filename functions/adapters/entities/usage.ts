/**
 * Views of republished copies, counted by the tracking pixel. No Scan, no unbounded item, no
 * unbounded number of items per license:
 * - one counter item per license and UTC day      `LICENSE#<id>` / `USAGE#DAY#<date>`      (ADD views)
 * - one counter item per license, month and referrer `LICENSE#<id>` / `USAGE#REF#<month>#<sha256>` (ADD views)
 *   — at most REFERRERS_PER_MONTH a month, claimed through a slot counter
 *   `LICENSE#<id>` / `USAGE#REFSLOTS#<month>`; views from further referrers that month go to the
 *   referrer OTHER_REFERRERS (these limits are policy: functions/domain/usage.ts). Referrer items
 *   expire (TTL) 13 months after their month. The referrer
 *   — origin and path, no query — is kept in the item; the key is its hash, so any referrer fits;
 * - one dedupe item per license, day and reader   `LICENSE#<id>` / `SEEN#<date>#<reader>` (conditional put)
 *   where reader = sha256(daily salt ‖ the reader's network): the raw address is never stored;
 * - one hit counter per network and hour          `PIXEL#RATE#<network hash>` / `<hour>`   (ADD, TTL)
 *   past PIXEL_HITS_PER_NETWORK_HOUR a network's hits are not even looked at;
 * - one random salt per UTC day                   `PIXEL#SALT` / `<date>`
 *   created on first use; like the dedupe and rate items it carries a TTL of two days, after which
 *   nobody (not even us) can link a reader hash to an IP address any more.
 * A license's usage is one Query on its partition (begins_with USAGE#).
 */
import { createHash } from 'node:crypto';
import type { DayViews, ReferrerViews } from '../../domain/usage.js';
import { keyPart, type Key } from './keys.js';

export const usagePartition = (licenseId: string) => `LICENSE#${keyPart(licenseId, 'license id')}`;
export const USAGE_PREFIX = 'USAGE#';

/** A license's running total of views (outside the USAGE# prefix: the usage summary reads days and referrers). */
export const usageTotalKey = (licenseId: string): Key => ({ pk: usagePartition(licenseId), sk: 'TOTAL#VIEWS' });
export const usageDayKey = (licenseId: string, date: string): Key => ({ pk: usagePartition(licenseId), sk: `USAGE#DAY#${keyPart(date, 'date')}` });
export const usageReferrerKey = (licenseId: string, month: string, referrerHash: string): Key =>
  ({ pk: usagePartition(licenseId), sk: `USAGE#REF#${keyPart(month, 'month')}#${keyPart(referrerHash, 'referrer hash')}` });
export const usageReferrerSlotsKey = (licenseId: string, month: string): Key =>
  ({ pk: usagePartition(licenseId), sk: `USAGE#REFSLOTS#${keyPart(month, 'month')}` });
export const pixelRateKey = (networkHash: string, hour: string): Key =>
  ({ pk: `PIXEL#RATE#${keyPart(networkHash, 'network hash')}`, sk: keyPart(hour, 'hour') });

/** Referrer items live 13 months past their month (AWS deletes them through `ttl`). */
export function ttlAfterMonth(month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return Math.floor(Date.UTC(y, m - 1 + 14, 1) / 1000);
}
export const readerSeenKey = (licenseId: string, date: string, readerHash: string): Key =>
  ({ pk: usagePartition(licenseId), sk: `SEEN#${keyPart(date, 'date')}#${keyPart(readerHash, 'reader hash')}` });
export const dailySaltKey = (date: string): Key => ({ pk: 'PIXEL#SALT', sk: keyPart(date, 'date') });

/** A day's items live two days past its end (AWS deletes them through the table's `ttl` attribute). */
export function ttlAfterDay(date: string, days = 2): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / 1000) + (days + 1) * 86_400;
}

export interface UsageDayItem extends Key { entity: 'usage-day'; licenseId: string; date: string; views: number }
export interface UsageReferrerItem extends Key { entity: 'usage-referrer'; licenseId: string; referrer: string; views: number; lastSeen: string }

/** The counters of a license's usage, as the domain folds them (domain/usage.ts summarizeUsage). */
export function usageCountsOf(items: readonly (UsageDayItem | UsageReferrerItem)[]): { days: DayViews[]; referrers: ReferrerViews[] } {
  const days: DayViews[] = [];
  const referrers: ReferrerViews[] = [];
  for (const i of items) {
    if (i.entity === 'usage-day') days.push({ date: i.date, views: Number(i.views) || 0 });
    else if (i.entity === 'usage-referrer') referrers.push({ referrer: i.referrer, views: Number(i.views) || 0, lastSeen: i.lastSeen });
  }
  return { days, referrers };
}

/** Key part for a referrer: its SHA-256 (hex), so any referrer fits and the key leaks nothing odd. */
export const referrerHash = (referrer: string): string => createHash('sha256').update(referrer, 'utf8').digest('hex').slice(0, 32);
