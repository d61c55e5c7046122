/**
 * A syndication partner: who may run which sections of a publication, for which use, how soon after
 * publication and how often a day. Its API key is not part of the record: only the key's SHA-256
 * is stored, by the repository, as the way to find the partner (adapters/entities/partner.ts).
 */
import type { UseType } from './article.js';

export type PartnerStatus = 'active' | 'revoked';

export interface Partner {
  partnerId: string;
  name: string;
  /** The publication whose sections the partner may run. */
  publicationId: string;
  /** Section names, lower case (the article index keys sections in lower case). */
  sections: string[];
  /** Minutes after publication before an article enters the feed (publishedAt is a date: 00:00 UTC). */
  embargoMinutes: number;
  use: UseType;
  /** Feed requests per UTC day; over it the feed answers 429. */
  dailyLimit: number;
  status: PartnerStatus;
  createdAt: string;
  updatedAt: string;
  revokedAt?: string;
  revokedReason?: string;
}
