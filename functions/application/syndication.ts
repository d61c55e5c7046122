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
import * as z from 'zod/mini';
import { lazySchema } from '../domain/lazy-schema.js';
import { trimmed, useTypeSchema, type Article } from '../domain/article.js';
import { instantIso, instantOf } from '../domain/article-text.js';
import { DEFAULT_ATTRIBUTION_TEMPLATE, renderAttribution } from '../domain/policy.js';
import type { ReprintRequest } from '../domain/request-body.js';
import { base32, hashToken } from '../domain/tokens.js';
import { labelOf, useTypeLabels } from '../views/labels.js';
import type { Feed, FeedItem } from '../views/feeds.js';
import { canonicalUrlOf, bylineText } from '../views/copy.js';
import { aiTermsOf, rslUrlOf } from '../domain/ai-terms.js';
import type { Partner } from '../domain/partner.js';
import type { FeedArticle, Repository } from './ports.js';
import { DailyLimitReached, WriteConflict, InvalidCursor, InvalidInput, PartnerUnauthorized } from './errors.js';

// The feed's refusals live with every other use-case error; re-exported for callers of this module.
export { DailyLimitReached, PartnerUnauthorized };
import { utcToday } from './licensed-copy.js';


export class PartnerNotFound extends Error {
  override name = 'PartnerNotFound';
  constructor(readonly partnerId: string) { super(`No partner ${partnerId}.`); }
}

/** Items on one page of a feed unless the partner asks for another number (`limit`, at most FEED_LIMIT). */
export const FEED_PAGE = 20;
export const FEED_LIMIT = 100;

/** Which page of a feed: published after `since` (ISO instant), older than `cursor` (the previous page's next), `limit` items. */
export interface FeedPage { since?: string; cursor?: string; limit?: number }

/** The next page's cursor: the feed position of the last item a page considered, opaque to partners. */
const encodeFeedCursor = (position: string) => Buffer.from(position, 'utf8').toString('base64url');
function decodeFeedCursor(cursor: string): string {
  if (!/^[A-Za-z0-9_-]{8,600}$/.test(cursor)) throw new InvalidCursor();
  return Buffer.from(cursor, 'base64url').toString('utf8');
}

export const partnerInputSchema = /* @__PURE__ */ lazySchema(() => z.object({
  name: trimmed(1, 200),
  publicationId: z.string().check(z.minLength(1), z.maxLength(100), z.regex(/^[a-z0-9-]+$/, 'a publication id such as the-harbour-ledger')),
  sections: z.pipe(z.array(trimmed(1, 100)).check(z.minLength(1), z.maxLength(50)), z.transform((s) => [...new Set(s.map((x) => x.toLowerCase()))])),
  embargoMinutes: z.number().check(z.int(), z.minimum(0), z.maximum(525_600)),
  use: useTypeSchema,
  dailyLimit: z.number().check(z.int(), z.positive(), z.maximum(1_000_000)),
}));
export type PartnerInput = z.input<typeof partnerInputSchema>;

/** 256 random bits, prefixed so a leaked key is recognisable in a secret scanner. */
export const newPartnerKey = () => `rdp_${randomBytes(32).toString('base64url')}`;

export async function addPartner(repo: Repository, input: PartnerInput, now: Date): Promise<{ partner: Partner; apiKey: string }> {
  const parsed = partnerInputSchema.safeParse(input);
  if (!parsed.success) throw new InvalidInput(parsed.error, input);
  const apiKey = newPartnerKey();
  const at = now.toISOString();
  const partner: Partner = { partnerId: `p-${base32(randomBytes(8))}`, ...parsed.data, status: 'active', createdAt: at, updatedAt: at };
  if (!(await repo.createPartner(partner, hashToken(apiKey)))) throw new WriteConflict(`partner ${partner.partnerId}`);
  return { partner, apiKey };
}

export async function listPartners(repo: Repository): Promise<Partner[]> {
  return (await repo.listPartners()).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
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
export async function authenticatePartner(repo: Repository, apiKey: string | undefined, now: Date, opts: { count: boolean } = { count: true }): Promise<Partner> {
  const keyHash = hashToken(apiKey ?? '');
  const item = await repo.getPartnerByKeyHash(keyHash);
  if (!apiKey || !item || item.status !== 'active') throw new PartnerUnauthorized();
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

/**
 * Steps 3–5, one page: each of the partner's sections is read for its share of `limit` articles in
 * the page's range (after `since`, older than the cursor), with only the attributes a feed serves;
 * the sections are merged newest first down to where the first of them that had more stopped. About
 * `limit` articles are read a page, whatever the table's size and however many sections.
 */
export async function partnerFeed(repo: Repository, partner: Partner, baseUrl: string, now: Date, page: FeedPage = {}): Promise<Feed> {
  const limit = Math.min(FEED_LIMIT, Math.max(1, page.limit ?? FEED_PAGE));
  const range = { ...(page.since ? { after: page.since } : {}), ...(page.cursor ? { before: decodeFeedCursor(page.cursor) } : {}) };
  // Each section is read for its share of the page; the merge is right down to the latest point where
  // a section that had more stopped (the cutoff): older items wait for the next page.
  const share = Math.ceil(limit / Math.max(1, partner.sections.length));
  const [rateCard, ...sections] = await Promise.all([
    repo.getEffectiveRateCard(partner.publicationId),
    ...partner.sections.map((s) => repo.listArticlesOfSection(partner.publicationId, s, share, range)),
  ]);
  const terms = rateCard?.uses[partner.use];
  const seen = new Set<string>();
  const position = (a: FeedArticle) => a.position;
  const cutoff = sections.filter((s) => s.length >= share).map((s) => position(s.at(-1)!)).sort().at(-1);
  const merged = sections.flat().sort((x, y) => position(y).localeCompare(position(x))).filter((a) => cutoff === undefined || position(a) >= cutoff);
  const considered = merged.slice(0, limit);
  const articles: FeedArticle[] = [];
  for (const a of considered) {
    if (seen.has(a.article.id) || !mayRun(partner, a.article, now)) continue;
    seen.add(a.article.id);
    articles.push(a);
  }
  const kept = articles;
  // More behind this page when a section had as many as asked for, or the page was full.
  const more = cutoff !== undefined || merged.length > limit;
  const last = considered.at(-1)?.position;
  const next = more && last ? encodeFeedCursor(last) : undefined;
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
      requestUrl: `${baseUrl.replace(/\/+$/, '')}/articles/${encodeURIComponent(article.id)}/reprint`,
    };
  });

  const base = baseUrl.replace(/\/+$/, '');
  const pageQuery = (format: 'rss' | 'json', cursor?: string) => {
    const q = new URLSearchParams({ format });
    if (page.since) q.set('since', page.since);
    if (page.limit) q.set('limit', String(limit));
    if (cursor) q.set('cursor', cursor);
    return `${base}/syndication/feed?${q.toString()}`;
  };
  return {
    ...(next ? { nextUrl: { rss: pageQuery('rss', next), json: pageQuery('json', next) } } : {}),
    title: `${publication} — syndication feed for ${partner.name}`,
    description: `Articles of ${publication} (${partner.sections.join(', ')}) that ${partner.name} may run for ${useLabel}${partner.embargoMinutes ? `, ${partner.embargoMinutes} minutes after publication` : ''}.`,
    homeUrl: base,
    feedUrl: { rss: `${base}/syndication/feed?format=rss`, json: `${base}/syndication/feed?format=json` },
    ...(feedLanguage(kept.map((a) => a.article)) ? { language: feedLanguage(kept.map((a) => a.article))! } : {}),
    publication,
    // The newest change among the items — never the clock — so an unchanged feed keeps its ETag.
    updated: kept.map((a) => a.importedAt).sort().at(-1) ?? partner.updatedAt,
    items,
    ...(rateCard ? { ai: { terms: aiTermsOf(rateCard, { publicationName: publication }), rslUrl: rslUrlOf(base, partner.publicationId) } } : {}),
  };
}
