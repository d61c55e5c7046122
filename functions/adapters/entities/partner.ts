/**
 * Syndication partners (the record: functions/domain/partner.ts). A partner's API key is 256
 * random bits shown once by `desk partners add`; only its SHA-256 is stored, and it is the item's
 * key (`PARTNER#<sha256>`), so a feed request finds its partner with one GetItem and a stolen table
 * dump opens nothing.
 * - listed (and found by its short public id, for `partners revoke ID`) in `byStatus` under PARTNERS;
 * - its daily request counter is a second item in the same partition (`DAILY#<date>`, ADD, TTL).
 */
import type { Partner } from '../../domain/partner.js';
import { keyPart, type Key } from './keys.js';

export const PARTNERS_PARTITION = 'PARTNERS';

export const partnerKey = (keyHash: string): Key => ({ pk: `PARTNER#${keyPart(keyHash, 'partner key hash')}`, sk: 'PARTNER' });
export const partnerDailyKey = (keyHash: string, date: string): Key =>
  ({ pk: `PARTNER#${keyPart(keyHash, 'partner key hash')}`, sk: `DAILY#${keyPart(date, 'date')}` });

export interface PartnerItem extends Key, Partner {
  entity: 'partner';
  keyHash: string;
  version: number;
  gsi1pk: string;
  gsi1sk: string;
}

export function toPartnerItem(partner: Partner, keyHash: string, version: number): PartnerItem {
  return {
    ...partnerKey(keyHash), entity: 'partner', ...partner, keyHash, version,
    gsi1pk: PARTNERS_PARTITION, gsi1sk: keyPart(partner.partnerId, 'partner id'),
  };
}

/** Item -> record: keys, key hash, version and index attributes dropped (what use cases and staff see). */
export function toPartner(item: PartnerItem): Partner {
  const { pk: _pk, sk: _sk, entity: _e, keyHash: _k, version: _v, gsi1pk: _g1, gsi1sk: _g2, ...partner } = item;
  return partner;
}
