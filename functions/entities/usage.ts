/**
 * Views of republished copies, counted by the tracking pixel. No Scan, no unbounded item:
 * - one counter item per license and UTC day      `LICENSE#<id>` / `USAGE#DAY#<date>`      (ADD views)
 * - one counter item per license and referrer     `LICENSE#<id>` / `USAGE#REF#<sha256>`    (ADD views)
 *   (the referrer — origin and path, no query — is kept in the item; the key is its hash, so any
 *   referrer fits a key and two spellings of one page do not split the count)
 * - one dedupe item per license, day and reader   `LICENSE#<id>` / `SEEN#<date>#<reader>` (conditional put)
 *   where reader = sha256(daily salt ‖ source IP ‖ user agent): the raw IP and UA are never stored;
 * - one random salt per UTC day                   `PIXEL#SALT` / `<date>`
 *   created on first use; like the dedupe items it carries a TTL of two days, after which nobody
 *   (not even us) can link a reader hash to an IP address any more.
 * A license's usage is one Query on its partition (begins_with USAGE#).
 */
import { createHash } from 'node:crypto';
import { keyPart, type Key } from './keys.js';

export const usagePartition = (licenseId: string) => `LICENSE#${keyPart(licenseId, 'license id')}`;
export const USAGE_PREFIX = 'USAGE#';

export const usageDayKey = (licenseId: string, date: string): Key => ({ pk: usagePartition(licenseId), sk: `USAGE#DAY#${keyPart(date, 'date')}` });
export const usageReferrerKey = (licenseId: string, referrerHash: string): Key =>
  ({ pk: usagePartition(licenseId), sk: `USAGE#REF#${keyPart(referrerHash, 'referrer hash')}` });
export const readerSeenKey = (licenseId: string, date: string, readerHash: string): Key =>
  ({ pk: usagePartition(licenseId), sk: `SEEN#${keyPart(date, 'date')}#${keyPart(readerHash, 'reader hash')}` });
export const dailySaltKey = (date: string): Key => ({ pk: 'PIXEL#SALT', sk: keyPart(date, 'date') });

/** A day's items live two days past its end (AWS deletes them through the table's `ttl` attribute). */
export function ttlAfterDay(date: string, days = 2): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / 1000) + (days + 1) * 86_400;
}

export interface UsageDayItem extends Key { entity: 'usage-day'; licenseId: string; date: string; views: number }
export interface UsageReferrerItem extends Key { entity: 'usage-referrer'; licenseId: string; referrer: string; views: number; lastSeen: string }

export interface LicenseUsage {
  licenseId: string;
  views: number;
  days: { date: string; views: number }[];
  referrers: { referrer: string; views: number; lastSeen?: string }[];
}

/** Folds the usage items of one license into totals (days oldest first, referrers most viewed first). */
export function summarizeUsage(licenseId: string, items: readonly (UsageDayItem | UsageReferrerItem)[]): LicenseUsage {
  const days: LicenseUsage['days'] = [];
  const referrers: LicenseUsage['referrers'] = [];
  for (const i of items) {
    if (i.entity === 'usage-day') days.push({ date: i.date, views: Number(i.views) || 0 });
    else if (i.entity === 'usage-referrer') referrers.push({ referrer: i.referrer, views: Number(i.views) || 0, lastSeen: i.lastSeen });
  }
  days.sort((a, b) => a.date.localeCompare(b.date));
  referrers.sort((a, b) => b.views - a.views || a.referrer.localeCompare(b.referrer));
  return { licenseId, views: days.reduce((n, d) => n + d.views, 0), days, referrers };
}

/** Key part for a referrer: its SHA-256 (hex), so any referrer fits and the key leaks nothing odd. */
export const referrerHash = (referrer: string): string => createHash('sha256').update(referrer, 'utf8').digest('hex').slice(0, 32);
