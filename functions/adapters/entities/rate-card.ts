/** The rate card (licensing terms) entity: one item per publication, plus the desk's `default`. */
import type { RateCard } from '../../domain/terms.js';
import { keyPart, type Key } from './keys.js';

export const DEFAULT_RATE_CARD_ID = 'default';

export const rateCardKey = (publicationId: string): Key => ({ pk: `TERMS#${keyPart(publicationId, 'publication id')}`, sk: 'TERMS' });

export interface RateCardItem extends Key {
  entity: 'rate-card';
  rateCard: RateCard;
  importedAt: string;
}

export const toRateCardItem = (rateCard: RateCard, importedAt: string): RateCardItem => ({
  ...rateCardKey(rateCard.publicationId), entity: 'rate-card', rateCard, importedAt,
});
