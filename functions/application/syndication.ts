/**
 * Syndication partners and their feed (GET /syndication/feed, CLI `desk partners add|list|revoke`).
 *
 * Authenticating a feed request:
 *   1. hash the presented `x-api-key` (always, present or not) and GetItem PARTNER#<hash>;
 *      unknown, missing and revoked keys are one and the same `PartnerUnauthorized`;
 *   2. ADD one to the partner's counter for the UTC day (an item with a TTL); past `dailyLimit` the
 *      request is refused until midnight UTC.
 * Building the feed:
 *   3. one Query per section of the partner (byStatus: SECTION#<publication>#<section>, newest first,
 *      at most 50 each) and the publication's rate card, all at once;
 *   4. keep what the partner may run now: not third-party content (wire copy), not under the
 *      article's own embargo (a date-time; a bare date is 00:00 UTC), the partner's use not
 *      excluded, and published at least `embargoMinutes` ago, counted from the article's
 *      publication time (a record with only a publication date counts from 00:00 UTC that day);
 *   5. withdrawn articles stay, marked as withdrawn and without their text, so a partner's system
 *      learns to take them down.
 */
import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { useTypeSchema, type Article } from '../domain/article.js';
import { instantIso, instantOf } from '../domain/article-text.js';
import { DEFAULT_ATTRIBUTION_TEMPLATE, renderAttribution } from '../domain/policy.js';
import type { ReprintRequest } from '../domain/request-body.js';
import { base32, hashToken } from '../domain/tokens.js';
import { labelOf, useTypeLabels } from '../views/labels.js';
import type { Feed, FeedItem } from '../views/feeds.js';
import { canonicalUrlOf, bylineText } from '../views/copy.js';
import type { ArticleItem } from '../adapters/entities/article.js';
import { partnerView, toPartnerItem, type Partner, type PartnerItem } from '../adapters/entities/partner.js';
import type { Repository } from './ports.js';
import { WriteConflict, InvalidInput } from './errors.js';
import { utcToday } from './licensed-copy.js';

export class PartnerUnauthorized extends Error {
  override name = 'PartnerUnauthorized';
  constructor() { super('A valid API key is required in the x-api-key header.'); }
}

export class DailyLimitReached extends Error {
  override name = 'DailyLimitReached';
  constructor(readonly limit: number, readonly retryAfterSeconds: number) {
    super(`This API key has made its ${limit} feed requests for today (UTC); the count starts again at midnight UTC.`);
  }
}

export class PartnerNotFound extends Error {
  override name = 'PartnerNotFound';
  constructor(readonly partnerId: string) { super(`No partner ${partnerId}.`); }
}

export const SECTION_LIMIT = 50;
export const FEED_LIMIT = 100;

export const partnerInputSchema = z.object({
  name: z.string().trim().min(1).max(200),
  publicationId: z.string().min(1).max(100).regex(/^[a-z0-9-]+$/, 'a publication id such as the-harbour-ledger'),
  sections: z.array(z.string().trim().min(1).max(100)).min(1).max(50).transform((s) => [...new Set(s.map((x) => x.toLowerCase()))]),
  embargoMinutes: z.number().int().min(0).max(525_600),
  use: useTypeSchema,
  dailyLimit: z.number().int().positive().max(1_000_000),
});
export type PartnerInput = z.input<typeof partnerInputSchema>;

/** 256 random bits, prefixed so a leaked key is recognisable in a secret scanner. */
export const newPartnerKey = () => `rdp_${randomBytes(32).toString('base64url')}`;

export async function addPartner(repo: Repository, input: PartnerInput, now: Date): Promise<{ partner: Partner; apiKey: string }> {
  const parsed = partnerInputSchema.safeParse(input);
  if (!parsed.success) throw new InvalidInput(parsed.error, input);
  const apiKey = newPartnerKey();
  const at = now.toISOString();
  const partner: Partner = { partnerId: `p-${base32(randomBytes(8))}`, ...parsed.data, status: 'active', createdAt: at, updatedAt: at };
  if (!(await repo.createPartner(toPartnerItem(partner, hashToken(apiKey), 1)))) throw new WriteConflict(`partner ${partner.partnerId}`);
  return { partner, apiKey };
}

export async function listPartners(repo: Repository): Promise<Partner[]> {
  return (await repo.listPartners()).map(partnerView).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export async function revokePartner(repo: Repository, partnerId: string, reason: string | undefined, now: Date): Promise<{ partner: Partner; changed: boolean }> {
  const updated = partnerId ? await repo.updatePartner(partnerId, (partner) => {
    if (partner.status === 'revoked') return undefined;
    const at = now.toISOString();
    return { ...partner, status: 'revoked', revokedAt: at, ...(reason ? { revokedReason: reason } : {}), updatedAt: at };
  }) : undefined;
  if (!updated) throw new PartnerNotFound(partnerId);
  return { partner: updated.record, changed: updated.changed };
}

const secondsToMidnight = (now: Date) => {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return Math.max(1, Math.ceil((next - now.getTime()) / 1000));
};

/**
 * Steps 1–2: the partner behind an API key, checked against its daily limit. Only a feed that is
 * served counts (`count`): a HEAD probe reads the count without adding to it, and the handler
 * refuses a bad format before it gets here.
 */
export async function authenticatePartner(repo: Repository, apiKey: string | undefined, now: Date, opts: { count: boolean } = { count: true }): Promise<PartnerItem> {
  const keyHash = hashToken(apiKey ?? '');
  const item = await repo.getPartnerByKeyHash(keyHash);
  if (!apiKey || !item || item.entity !== 'partner' || item.status !== 'active') throw new PartnerUnauthorized();
  const used = opts.count ? await repo.countPartnerRequest(keyHash, utcToday(now)) : await repo.partnerRequestsOn(keyHash, utcToday(now)) + 1;
  if (used > item.dailyLimit) throw new DailyLimitReached(item.dailyLimit, secondsToMidnight(now));
  return item;
}

/** Whether a partner may run an article at `now` (withdrawn ones are listed as withdrawn, not dropped). */
export function mayRun(partner: Pick<Partner, 'embargoMinutes' | 'use'>, article: Article, now: Date): boolean {
  if (article.rights.owner === 'third-party') return false;
  if (article.rights.excludedUses?.includes(partner.use)) return false;
  if (article.rights.embargoUntil && instantOf(article.rights.embargoUntil) > now.getTime()) return false;
  const releasedAt = instantOf(article.publishedAt) + partner.embargoMinutes * 60_000;
  return releasedAt <= now.getTime();
}

/** renderAttribution wants a request; a partner's standing agreement stands in for one. */
function agreementAsRequest(partner: Partner, article: Article, now: Date): ReprintRequest {
  return {
    articleId: article.id,
    requester: { name: partner.name, email: 'partner@reprintdesk.invalid', organization: partner.name, organizationType: 'commercial', country: 'US' },
    use: { type: partner.use, audience: 1, territories: ['WORLD'], startDate: utcToday(now), durationDays: 1, language: 'en', extent: 'full', includePhotos: false },
  };
}

/** The feed's language: the one every item is written in, when they share one the records state. */
function feedLanguage(articles: readonly Article[]): string | undefined {
  const languages = new Set(articles.map((a) => a.language));
  const [only] = [...languages];
  return languages.size === 1 ? only : undefined;
}

/** Steps 3–5. */
export async function partnerFeed(repo: Repository, partner: Partner, baseUrl: string, now: Date): Promise<Feed> {
  const [rateCard, ...sections] = await Promise.all([
    repo.getEffectiveRateCard(partner.publicationId),
    ...partner.sections.map((s) => repo.listArticlesOfSection(partner.publicationId, s, SECTION_LIMIT)),
  ]);
  const terms = rateCard?.uses[partner.use];
  const seen = new Set<string>();
  const articles: ArticleItem[] = [];
  // Newest first, by the instant of publication (then id), as the section index orders them.
  const newest = (x: ArticleItem, y: ArticleItem) => instantOf(y.article.publishedAt) - instantOf(x.article.publishedAt) || y.article.id.localeCompare(x.article.id);
  for (const a of sections.flat().sort(newest)) {
    if (seen.has(a.article.id) || !mayRun(partner, a.article, now)) continue;
    seen.add(a.article.id);
    articles.push(a);
  }
  const kept = articles.slice(0, FEED_LIMIT);
  const useLabel = labelOf(useTypeLabels, partner.use).toLowerCase();
  const publication = rateCard?.publicationName ?? kept[0]?.article.publication.name ?? partner.publicationId;

  const items: FeedItem[] = kept.map(({ article, revision, importedAt }) => {
    const withdrawn = article.pubstatus === 'canceled';
    const attribution = renderAttribution(terms?.attributionTemplate ?? DEFAULT_ATTRIBUTION_TEMPLATE, article, agreementAsRequest(partner, article, now));
    const usageterms = [
      `Syndicated to ${partner.name} for ${useLabel} under its standing agreement with ${article.publication.name}.`,
      canonicalUrlOf(article) ? 'Run the attribution line with the article and link to the original at its canonical URL.' : 'Run the attribution line with the article.',
      'Do not edit the text except for length and house style; apply corrections and remove withdrawn articles when the feed says so.',
      ...(terms?.conditions ?? []),
    ].join(' ');
    const correction = article.correction?.trim() || (article.pubstatus === 'corrected' ? 'This article has been corrected since it was first published.' : undefined);
    return {
      id: `urn:reprintdesk:article:${article.id}`,
      ...(canonicalUrlOf(article) ? { url: canonicalUrlOf(article)! } : {}),
      title: article.headline,
      withdrawn,
      pubstatus: article.pubstatus ?? 'usable',
      ...(article.language ? { language: article.language } : {}),
      datePublished: instantIso(article.publishedAt),
      ...(revision > 1 ? { dateModified: importedAt } : {}),
      authors: article.byline.length ? article.byline.map((b) => b.name) : [bylineText(article)],
      paragraphs: withdrawn ? [] : article.body.map((p) => p.trim()).filter(Boolean),
      ...(correction ? { correction } : {}),
      attribution,
      usageterms,
      ...(article.section ? { section: article.section } : {}),
      copyright: article.copyright,
    };
  });

  const base = baseUrl.replace(/\/+$/, '');
  return {
    title: `${publication} — syndication feed for ${partner.name}`,
    description: `Articles of ${publication} (${partner.sections.join(', ')}) that ${partner.name} may run for ${useLabel}${partner.embargoMinutes ? `, ${partner.embargoMinutes} minutes after publication` : ''}.`,
    homeUrl: base,
    feedUrl: { rss: `${base}/syndication/feed?format=rss`, json: `${base}/syndication/feed?format=json` },
    ...(feedLanguage(kept.map((a) => a.article)) ? { language: feedLanguage(kept.map((a) => a.article))! } : {}),
    publication,
    // The newest change among the items — never the clock — so an unchanged feed keeps its ETag.
    updated: kept.map((a) => a.importedAt).sort().at(-1) ?? partner.updatedAt,
    items,
  };
}
