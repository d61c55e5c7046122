/** The page of a partner feed asked for in the query (`since`, `limit`, `cursor`), checked: each bad parameter is named. */
import { instantIso } from '../domain/article-text.js';
import { FEED_LIMIT, type FeedPage } from '../application/syndication.js';
import { badRequest } from './problem.js';

const DATE_OR_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

export function feedPageOf(query: Record<string, string>): FeedPage {
  const errors: { path: string; message: string }[] = [];
  const page: FeedPage = {};
  if (query.since !== undefined) {
    if (DATE_OR_DATE_TIME.test(query.since) && !Number.isNaN(Date.parse(query.since.length === 10 ? `${query.since}T00:00:00Z` : query.since))) page.since = instantIso(query.since);
    else errors.push({ path: 'since', message: 'a date-time with its zone (2026-12-01T18:00:00Z) or a date (2026-12-01)' });
  }
  if (query.limit !== undefined) {
    const n = Number(query.limit);
    if (/^\d{1,3}$/.test(query.limit) && n >= 1 && n <= FEED_LIMIT) page.limit = n;
    else errors.push({ path: 'limit', message: `a whole number from 1 to ${FEED_LIMIT}` });
  }
  if (query.cursor !== undefined) page.cursor = query.cursor;
  if (errors.length) throw badRequest(`${errors.map((e) => e.path).join(' and ')} ${errors.length > 1 ? 'are' : 'is'} not valid.`, errors);
  return page;
}
