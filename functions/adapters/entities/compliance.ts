/**
 * Compliance signals (functions/domain/compliance.ts): one counter item per UTC day, license, signal
 * and page origin — `COMPLIANCE#<date>` / `<licenseId>#<signal>#<sha256(origin)>` (ADD hits) — so the
 * staff listing reads one partition per day (a Query each, never a Scan). At most
 * ORIGINS_PER_LICENSE_DAY origins per license and day, claimed through a slot counter
 * `LICENSE#<id>` / `COMPLIANCE#SLOTS#<date>`; further origins count as OTHER_ORIGINS. Items expire
 * (TTL) 13 months after their month, like the usage referrers.
 */
import { createHash } from 'node:crypto';
import type { ComplianceCount, ComplianceSignal } from '../../domain/compliance.js';
import { keyPart, type Key } from './keys.js';
import { usagePartition } from './usage.js';

export const compliancePartition = (date: string) => `COMPLIANCE#${keyPart(date, 'date')}`;
export const complianceKey = (date: string, licenseId: string, signal: ComplianceSignal, origin: string): Key => ({
  pk: compliancePartition(date),
  sk: `${keyPart(licenseId, 'license id')}#${signal}#${createHash('sha256').update(origin, 'utf8').digest('hex').slice(0, 32)}`,
});
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
