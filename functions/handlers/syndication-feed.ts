/**
 * GET /syndication/feed?format=rss|json[&since=ISO][&limit=N][&cursor=C] — a partner's feed, one
 * page of it (FEED_PAGE items unless `limit`, 1–100); its API key in `x-api-key`. `since`: only
 * articles published after that instant (a date-time with its zone, or a date); `cursor`: the next,
 * older page, as the feed's own next link (RSS `atom:link rel="next"`, JSON Feed `next_url`) gives it.
 * 400 (problem+json, the failing parameter named) for a bad format, since or limit (before the
 * request counts) or cursor; 401 for a missing, unknown or revoked key alike; 429 with Retry-After past the
 * partner's daily limit; a strong ETag (SHA-256 of the body) and 304 on a matching If-None-Match.
 */
import { httpDeps } from '../edge/wiring.js';
import { httpHandler } from '../edge/handler.js';
import { HttpProblem, badRequest } from '../edge/problem.js';
import type { Response } from '../edge/responses.js';
import { etagOf, matchesIfNoneMatch, renderJsonFeed, renderRss } from '../views/feeds.js';
import { DailyLimitReached, FEED_LIMIT, PartnerUnauthorized, authenticatePartner, partnerFeed, type FeedPage } from '../application/syndication.js';
import { InvalidCursor } from '../application/errors.js';
import { instantIso } from '../domain/article-text.js';

const DATE_OR_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** The page a partner asks for, checked: each bad parameter is named. */
function feedPage(query: Record<string, string>): FeedPage {
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

const { repo, baseUrl } = httpDeps();

const formats = { rss: 'application/rss+xml; charset=utf-8', json: 'application/feed+json; charset=utf-8' } as const;

export const handler = httpHandler(async (req) => {
  const now = new Date();
  // A request that cannot be served never counts against the partner's daily limit: format first.
  const format = req.query.format ?? 'rss';
  if (format !== 'rss' && format !== 'json') throw badRequest('format is rss or json.', [{ path: 'format', message: 'one of rss, json' }]);
  const page = feedPage(req.query);
  let partner;
  try {
    partner = await authenticatePartner(repo, req.headers['x-api-key'], now, { count: req.method === 'GET' });
  } catch (e) {
    if (e instanceof PartnerUnauthorized) throw new HttpProblem(401, 'Unauthorized', e.message, {}, { 'www-authenticate': 'ApiKey header="x-api-key"' });
    if (e instanceof DailyLimitReached) throw new HttpProblem(429, 'Too Many Requests', e.message, { dailyLimit: e.limit }, { 'retry-after': String(e.retryAfterSeconds) });
    throw e;
  }
  const feed = await partnerFeed(repo, partner, baseUrl, now, page).catch((e: unknown) => {
    if (e instanceof InvalidCursor) throw badRequest('This cursor is not one the feed gave out; start from the first page.', [{ path: 'cursor', message: 'is not a cursor this feed gave out' }]);
    throw e;
  });
  const body = format === 'rss' ? renderRss(feed) : JSON.stringify(renderJsonFeed(feed));
  const etag = etagOf(body);
  const headers = {
    etag,
    'cache-control': 'private, no-cache',
    vary: 'x-api-key',
    'x-content-type-options': 'nosniff',
    'x-robots-tag': 'noindex',
  };
  if (matchesIfNoneMatch(req.headers['if-none-match'], etag)) return { statusCode: 304, headers, body: '' } satisfies Response;
  return { statusCode: 200, headers: { ...headers, 'content-type': formats[format] }, body } satisfies Response;
});
