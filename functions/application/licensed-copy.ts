/**
 * Serving a licensed copy (GET /licenses/{id}/copy and /embed).
 *   1. hash the presented token — always, present or not, so every miss does the same work;
 *   2. read the license's request item and its article: ONE BatchGetItem when this process already
 *      knows the license's article (a license never changes article, so the id is remembered after
 *      the first valid open), otherwise a GetItem for the item and then one for the article;
 *   3. compare the hash with every copy token of the license in constant time (timingSafeEqual, no
 *      early exit; a dummy comparison when there is no license), so an unknown id and a wrong token
 *      look alike: both `not-found`. The requester's own status token opens the copy too: the
 *      status page links to it, so a licensee who loses the email keeps access;
 *   4. the license's state: revoked or past its end → unavailable (410), before its start → 403;
 *   5. the article's state: withdrawn (pubstatus canceled) → the kill notice instead of the text;
 *      otherwise the current revision — corrections reach every copy at once.
 * License ids are not secrets (the embed's pixel URL shows them on public pages); tokens are.
 */
import { timingSafeEqual } from 'node:crypto';
import { hashToken } from '../domain/tokens.js';
import type { Unavailable } from '../views/copy.js';
import type { ArticleItem } from '../adapters/entities/article.js';
import type { LicenseRecord, RequestRecord } from '../domain/request-record.js';
import type { LicenseUsage } from '../adapters/entities/usage.js';
import type { Repository } from './ports.js';

export type CopyOutcome =
  | { kind: 'not-found' }
  | { kind: 'unavailable'; reason: Unavailable; item: RequestRecord; license: LicenseRecord }
  | { kind: 'withdrawn'; item: RequestRecord; license: LicenseRecord; article: ArticleItem }
  | { kind: 'ok'; item: RequestRecord; license: LicenseRecord; article: ArticleItem };

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

export async function openLicensedCopy(deps: CopyDeps, licenseId: string, token: string | undefined, now: Date): Promise<CopyOutcome> {
  const presented = hashToken(token ?? '');
  const { item, article } = await deps.repo.getLicenseWithArticle(licenseId, deps.memo?.get(licenseId));
  const copyMatch = matchToken(item?.license?.copyTokens, presented, now);
  const requesterMatch = matchToken(item?.requesterTokens, presented, now);
  // A lapsed status token is simply not a key to the copy (its own expiry says nothing of the license's).
  const match = copyMatch === 'invalid' && requesterMatch === 'valid' ? 'valid' : copyMatch;
  if (!item?.license || !token || match === 'invalid') return { kind: 'not-found' };
  const license = item.license;
  deps.memo?.set(licenseId, item.articleId);

  const state = licenseState(license, now);
  if (state !== 'active') return { kind: 'unavailable', reason: state, item, license };
  // A copy token outlives its license by a year (so the 410 can say why); past that it is simply gone.
  if (match === 'expired') return { kind: 'unavailable', reason: 'expired', item, license };
  if (!article) return { kind: 'not-found' };
  if (article.article.pubstatus === 'canceled') return { kind: 'withdrawn', item, license, article };
  return { kind: 'ok', item, license, article };
}

/** The counts the licensee sees in the JSON copy. */
export async function usageOf(repo: Repository, licenseId: string): Promise<LicenseUsage> {
  return repo.getLicenseUsage(licenseId);
}
