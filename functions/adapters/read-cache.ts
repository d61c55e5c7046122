/**
 * A short-lived, per-process cache for the two reads every intake and decision makes and that change
 * rarely: the article and its rate card. A warm Lambda then takes a request in with one write after
 * one (cached) read, instead of three round trips. Staleness is bounded by `ttlMs`: a re-imported
 * rate card or article reaches these paths within that time. Licensed copies never cache the
 * article — a withdrawal must show at once there — but do cache the rate card (`only: 'terms'`), whose
 * AI terms only set the copy's TDM and RSL headers. Misses (undefined) are not cached, so a
 * just-imported article is found immediately.
 */
import type { Repository } from './repository.js';

export const READ_CACHE_TTL_MS = 30_000;
const MAX_ENTRIES = 1_000;

export function withReadCache(repo: Repository, ttlMs = READ_CACHE_TTL_MS, clock: () => number = Date.now, only?: 'terms'): Repository {
  const entries = new Map<string, { at: number; value: Promise<unknown> }>();

  function cached<T>(key: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
    const hit = entries.get(key);
    if (hit && clock() - hit.at < ttlMs) return hit.value as Promise<T | undefined>;
    const value = load().then((v) => {
      if (v === undefined) entries.delete(key);
      return v;
    }, (e: unknown) => {
      entries.delete(key);
      throw e;
    });
    if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
    entries.set(key, { at: clock(), value });
    return value;
  }

  return {
    ...repo,
    ...(only === 'terms' ? {} : { getArticle: (articleId: string) => cached(`article:${articleId}`, () => repo.getArticle(articleId)) }),
    getEffectiveRateCard: (publicationId) => cached(`terms:${publicationId}`, () => repo.getEffectiveRateCard(publicationId)),
  };
}
