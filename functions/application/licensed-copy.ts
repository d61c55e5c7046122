/**
 * Serving a licensed copy (GET /licenses/{id}/copy and /embed).
 *   1. hash the presented token — always, present or not, so every miss does the same work;
 *   2. read the license's request item (a projection: LicenseView) and its article: ONE BatchGetItem when this process already
 *      knows the license's article (a license never changes article, so the id is remembered after
 *      the first valid open), otherwise a GetItem for the item and then one for the article;
 *   3. compare the hash with every copy token of the license in constant time (timingSafeEqual, no
 *      early exit; a dummy comparison when there is no license), so an unknown id and a wrong token
 *      look alike: both LicenseNotFound. The requester's own status token opens the copy too: the
 *      status page links to it, so a licensee who loses the email keeps access;
 *   4. the license's state: revoked, suspended, past its end or before its start → CopyUnavailable;
 *   5. the article's state: withdrawn (pubstatus canceled) → CopyWithdrawn (the kill notice instead of the text);
 *      otherwise the current revision — corrections reach every copy at once.
 * License ids are not secrets (the embed's pixel URL shows them on public pages); tokens are.
 */
import { timingSafeEqual } from 'node:crypto';
import { hashToken } from '../domain/tokens.js';
import { publicationIdOf, type Article } from '../domain/article.js';
import { aiTermsOf, type AiTerms } from '../domain/ai-terms.js';
import type { Unavailable } from '../views/copy.js';
import type { PublishedArticle } from '../domain/article-record.js';
import type { LicenseRecord } from '../domain/request-record.js';
import type { LicenseUsage } from '../domain/usage.js';
import type { LicenseView, Repository } from './ports.js';
import { CopyUnavailable, LicenseNotFound } from './errors.js';

/** A copy that may be served. Every refusal is thrown: LicenseNotFound, CopyUnavailable, CopyWithdrawn. */
export interface OpenCopy { kind: 'ok'; item: LicenseView; license: LicenseRecord; article: PublishedArticle }

/** The article was withdrawn (pubstatus canceled): the licensee gets the kill notice instead of the text. */
export class CopyWithdrawn extends Error {
  override name = 'CopyWithdrawn';
  constructor(readonly item: LicenseView, readonly license: LicenseRecord, readonly article: PublishedArticle) {
    super('The publication withdrew this article: it must be taken down.');
  }
}

const unavailable = (reason: Unavailable, item: LicenseView, license: LicenseRecord) => new CopyUnavailable(reason, {
  licenseId: license.licenseId, licenseNumber: license.number, headline: item.articleHeadline, validFrom: license.validFrom,
  validUntil: license.validUntil, articleId: item.articleId, ...(license.revokedReason ? { revokedReason: license.revokedReason } : {}),
});

/** licenseId → articleId, remembered per process (bounded; oldest forgotten first). */
export class ArticleIdMemo {
  private readonly map = new Map<string, string>();
  constructor(private readonly max = 5000) {}
  get(licenseId: string): string | undefined { return this.map.get(licenseId); }
  set(licenseId: string, articleId: string): void {
    if (this.map.has(licenseId)) return;
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value!);
    this.map.set(licenseId, articleId);
  }
}

const DUMMY_HASH = Buffer.alloc(32, 0xa5);

/**
 * 'valid' | 'expired' | 'invalid' for a token hash against a license's token map, comparing with
 * every entry in constant time.
 */
export function matchToken(tokens: Record<string, string> | undefined, presentedHash: string, now: Date): 'valid' | 'expired' | 'invalid' {
  const presented = Buffer.from(presentedHash, 'hex');
  const entries = Object.entries(tokens ?? {});
  let expiry: string | undefined;
  const candidates: [string, string][] = entries.length ? entries : [['', '']];
  for (const [hash, expiresAt] of candidates) {
    const wellFormed = /^[0-9a-f]{64}$/.test(hash);
    const stored = wellFormed ? Buffer.from(hash, 'hex') : DUMMY_HASH;
    const same = stored.length === presented.length && timingSafeEqual(stored, presented);
    if (same && wellFormed) expiry = expiresAt;
  }
  if (expiry === undefined) return 'invalid';
  return expiry > now.toISOString() ? 'valid' : 'expired';
}

export const utcToday = (now: Date) => now.toISOString().slice(0, 10);

/** The state of a license on a day: only `active` serves the copy. Dates are inclusive, in UTC. */
export function licenseState(license: Pick<LicenseRecord, 'status' | 'validFrom' | 'validUntil'>, now: Date): 'active' | Unavailable {
  const today = utcToday(now);
  if (license.status === 'revoked') return 'revoked';
  if (license.status === 'suspended') return 'suspended';
  if (license.status === 'expired' || today > license.validUntil) return 'expired';
  if (today < license.validFrom) return 'not-started';
  return 'active';
}

export interface CopyDeps { repo: Repository; memo?: ArticleIdMemo }

export async function openLicensedCopy(deps: CopyDeps, licenseId: string, token: string | undefined, now: Date): Promise<OpenCopy> {
  const presented = hashToken(token ?? '');
  const { item, article } = await deps.repo.getLicenseWithArticle(licenseId, deps.memo?.get(licenseId));
  const copyMatch = matchToken(item?.license?.copyTokens, presented, now);
  const requesterMatch = matchToken(item?.requesterTokens, presented, now);
  // A lapsed status token is simply not a key to the copy (its own expiry says nothing of the license's).
  const match = copyMatch === 'invalid' && requesterMatch === 'valid' ? 'valid' : copyMatch;
  if (!item?.license || !token || match === 'invalid') throw new LicenseNotFound();
  const license = item.license;
  deps.memo?.set(licenseId, item.articleId);

  const state = licenseState(license, now);
  if (state !== 'active') throw unavailable(state, item, license);
  // A copy token outlives its license by a year (so the 410 can say why); past that it is simply gone.
  if (match === 'expired') throw unavailable('expired', item, license);
  if (!article) throw new LicenseNotFound();
  if (article.article.pubstatus === 'canceled') throw new CopyWithdrawn(item, license, article);
  return { kind: 'ok', item, license, article };
}

/** The counts the licensee sees in the JSON copy. */
export async function usageOf(repo: Repository, licenseId: string): Promise<LicenseUsage> {
  return repo.getLicenseUsage(licenseId);
}

/**
 * The live embed (GET /licenses/{id}/live): the current copy for the licensee's own pages, opened by
 * the license id alone — the frame sits on a public page, so no token can be put in it (a copy token
 * also opens the text, JSON and PDF documents). What it shows is what the licensee's page shows
 * anyway; who may frame it is the browser's business, told by the page's `frame-ancestors` (the
 * request's declared domains). A license whose request declared no sites has no live embed.
 */
export type LiveOutcome =
  | { kind: 'not-found' }
  | { kind: 'unavailable'; reason: Unavailable; item: LicenseView; license: LicenseRecord; domains: string[] }
  | { kind: 'withdrawn'; item: LicenseView; license: LicenseRecord; article: PublishedArticle; domains: string[] }
  | (OpenCopy & { domains: string[] });

/** The sites a license's request declared (the license view does not carry the request: one more read). */
export async function declaredDomainsOf(repo: Repository, requestId: string): Promise<string[]> {
  return (await repo.getRequest(requestId))?.request.licenseeDomains ?? [];
}

export async function openLiveEmbed(deps: CopyDeps, licenseId: string, now: Date): Promise<LiveOutcome> {
  const { item, article } = await deps.repo.getLicenseWithArticle(licenseId, deps.memo?.get(licenseId));
  if (!item?.license) return { kind: 'not-found' };
  const domains = await declaredDomainsOf(deps.repo, item.requestId);
  if (!domains.length) return { kind: 'not-found' };
  const license = item.license;
  deps.memo?.set(licenseId, item.articleId);
  const state = licenseState(license, now);
  if (state !== 'active') return { kind: 'unavailable', reason: state, item, license, domains };
  if (!article) return { kind: 'not-found' };
  if (article.article.pubstatus === 'canceled') return { kind: 'withdrawn', item, license, article, domains };
  return { kind: 'ok', item, license, article, domains };
}

/** The AI terms of an article's publication (for TDMRep and RSL headers), or undefined when it has no terms. */
export async function aiTermsForArticle(repo: Repository, article: Article): Promise<{ terms: AiTerms; publicationId: string } | undefined> {
  const card = await repo.getEffectiveRateCard(publicationIdOf(article.publication.name));
  return card ? { terms: aiTermsOf(card, { article }), publicationId: publicationIdOf(article.publication.name) } : undefined;
}
/** What the copy's views render from an open copy. */
export const copyInputOf = (open: OpenCopy, baseUrl: string) => ({
  license: open.license, article: open.article.article, revision: open.article.revision, importedAt: open.article.importedAt, baseUrl,
});
