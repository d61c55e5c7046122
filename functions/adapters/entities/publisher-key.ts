/**
 * Publisher API keys (the record: functions/domain/publisher-key.ts): a newsroom's CMS pushes articles with one (PUT /articles/{articleId}).
 * Like partners' keys, a key is 256 random bits shown once by `desk publishers keys add`; only its
 * SHA-256 is stored, and it is the item's key (`PUBKEY#<sha256>`), so a push finds its publication
 * with one GetItem and a table dump opens nothing. Listed (and found by its short public id, for
 * `keys revoke ID`) in `byStatus` under PUBLISHER-KEYS. A publication may hold several keys (one
 * per CMS, rotated by adding the new one before revoking the old).
 */
import type { PublisherKey } from '../../domain/publisher-key.js';
import { keyPart, type Key } from './keys.js';

export const PUBLISHER_KEYS_PARTITION = 'PUBLISHER-KEYS';

export const publisherKeyKey = (keyHash: string): Key => ({ pk: `PUBKEY#${keyPart(keyHash, 'publisher key hash')}`, sk: 'PUBKEY' });

export interface PublisherKeyItem extends Key, PublisherKey {
  entity: 'publisher-key';
  keyHash: string;
  version: number;
  gsi1pk: string;
  gsi1sk: string;
}

export function toPublisherKeyItem(key: PublisherKey, keyHash: string, version: number): PublisherKeyItem {
  return {
    ...publisherKeyKey(keyHash), entity: 'publisher-key', ...key, keyHash, version,
    gsi1pk: PUBLISHER_KEYS_PARTITION, gsi1sk: keyPart(key.keyId, 'publisher key id'),
  };
}

/** Item -> record: keys, key hash, version and index attributes dropped (what use cases and staff see). */
export function toPublisherKey(item: PublisherKeyItem): PublisherKey {
  const { pk: _pk, sk: _sk, entity: _e, keyHash: _k, version: _v, gsi1pk: _g1, gsi1sk: _g2, ...key } = item;
  return key;
}
