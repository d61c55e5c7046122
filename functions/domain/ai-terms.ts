/**
 * A publication's AI terms as machine-readable standards publish them, derived from its rate card
 * alone so that every channel says the same thing (pure, no I/O):
 * - RSL 1.0 (Really Simple Licensing, https://rslstandard.org/rsl): one `<license>` per offered AI
 *   use — `ai-training` as the usage token `ai-train` (payment `training`: per training use of one
 *   article), `ai-retrieval` as `ai-input` (RAG, grounding, generated answers; payment `purchase`:
 *   one license per article) — with the price of one article; AI uses not offered are prohibited.
 * - W3C TDMRep (https://w3c.github.io/tdm-reservation-protocol/spec/): text and data
 *   mining rights are always reserved (`tdm-reservation: 1`) — the desk never waives them — and a
 *   `tdm-policy` (a human-readable page where a license can be asked for) where an AI use is offered.
 *
 * The price of one article is what `POST /quotes` would answer for the smallest audience and a
 * commercial licensee (no discount): the rate card's first tier, per article or a thousandth of a
 * price per 1,000 articles rounded up to a cent, and at least the minimum fee.
 */
import { aiUseTypes, type AiUseType, type Article } from './article.js';
import { priceRequest, type Quote } from './policy.js';
import type { RateCard, UseTerms } from './terms.js';

/** RSL 1.0 usage tokens (§3.4.1) and payment types (§3.7) for our AI uses. */
export const rslUsageOf: Record<AiUseType, 'ai-train' | 'ai-input'> = { 'ai-training': 'ai-train', 'ai-retrieval': 'ai-input' };
export const rslPaymentOf: Record<AiUseType, 'training' | 'purchase'> = { 'ai-training': 'training', 'ai-retrieval': 'purchase' };

export interface AiOffer {
  use: AiUseType;
  approval: UseTerms['approval'];
  /** The price of one article (see above). */
  price: Quote;
  /** What the rate card's amount is per: one article or 1,000 articles. */
  per: 'article' | '1000-articles';
  maxDurationDays: number;
  territories: string[];
}

export interface AiTerms {
  publicationId: string;
  publicationName: string;
  currency: string;
  offers: AiOffer[];
  /** AI uses this publication does not license at all. */
  notOffered: AiUseType[];
}

/** A one-article request used only to price an offer: the smallest audience, a commercial licensee. */
function probe(use: AiUseType) {
  return {
    articleId: 'rsl-price', requester: { name: 'AI terms', email: 'ai-terms@reprintdesk.invalid', organization: 'AI terms', organizationType: 'commercial' as const, country: 'US' },
    use: { type: use, audience: 1, territories: ['WORLD'], startDate: '2000-01-01', durationDays: 1, language: 'en', extent: 'full' as const, includePhotos: false },
  };
}

/** The AI uses a card offers for an article of it (or for the publication as a whole, without `article`). */
export function aiTermsOf(card: RateCard, opts: { publicationName?: string; article?: Article } = {}): AiTerms {
  const offers: AiOffer[] = [];
  const notOffered: AiUseType[] = [];
  for (const use of aiUseTypes) {
    const t = card.uses[use] as UseTerms | undefined;
    const excluded = opts.article ? articleRefuses(opts.article, use) : false;
    const price = t?.offered && !excluded ? priceRequest(t, probe(use), card.currency) : undefined;
    if (!t || !price) { notOffered.push(use); continue; }
    offers.push({ use, approval: t.approval, price, per: t.fees.per ?? 'article', maxDurationDays: t.maxDurationDays, territories: t.territories });
  }
  return {
    publicationId: card.publicationId,
    publicationName: opts.publicationName ?? card.publicationName ?? card.publicationId,
    currency: card.currency,
    offers,
    notOffered,
  };
}

/** An article that can never be licensed for an AI use (third-party, withdrawn, the use excluded). */
function articleRefuses(article: Article, use: AiUseType): boolean {
  return article.rights.owner === 'third-party' || article.pubstatus === 'canceled' || (article.rights.excludedUses?.includes(use) ?? false);
}

/** TDMRep for one response: rights reserved; a policy page when a license can be asked for. */
export function tdmHeaders(terms: AiTerms, policyUrl: string | undefined): Record<string, string> {
  return { 'tdm-reservation': '1', ...(terms.offers.length && policyUrl ? { 'tdm-policy': policyUrl } : {}) };
}

/**
 * `/.well-known/tdmrep.json` (TDMRep §3.1): one rule for the whole desk. Every path it serves holds
 * a publication's text (copies, feeds, the form's teaser) and the desk reserves TDM rights on all
 * of them; the policy of each article's publication is in the `tdm-policy` header of its copies.
 */
export function tdmrepFile(): { location: string; 'tdm-reservation': 1 }[] {
  return [{ location: '/', 'tdm-reservation': 1 }];
}

/** Where a publication's RSL document is served (`GET /publications/{id}/rsl.xml`). */
export const rslUrlOf = (baseUrl: string, publicationId: string) =>
  `${baseUrl.replace(/\/+$/, '')}/publications/${encodeURIComponent(publicationId)}/rsl.xml`;

/** The `Link` header value that associates a response with its RSL document (RSL §4, HTTP association). */
export const rslLinkValue = (rslUrl: string) => `<${rslUrl}>; rel="license"; type="application/rsl+xml"`;

/** `X-Robots-Tag` of the desk's own full-text pages: not indexed, and no AI use (the `noai` convention). */
export const FULL_TEXT_ROBOTS = 'noindex, nofollow, noai, noimageai';
