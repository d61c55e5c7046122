/**
 * GET /syndication/feed?format=rss|json[&since=ISO][&limit=N][&cursor=C] — a partner's feed, one
 * page of it (FEED_PAGE items unless `limit`, 1–100); its API key in `x-api-key`. `since`: only
 * articles published after that instant (a date-time with its zone, or a date); `cursor`: the next,
 * older page, as the feed's own next link (RSS `atom:link rel="next"`, JSON Feed `next_url`) gives it.
 * 400 (problem+json, the failing parameter named) for a bad format, since or limit (before the
 * request counts) or cursor; 401 for a missing, unknown or revoked key alike; 429 with Retry-After
 * past the partner's daily limit; a strong ETag (SHA-256 of the body) and 304 on a matching If-None-Match.
 */
import { httpDeps } from '../edge/wiring.js';
import { httpHandler } from '../edge/handler.js';
import { badRequest } from '../edge/problem.js';
import { conditional } from '../edge/conditional.js';
import { queryChoice } from '../edge/request-parts.js';
import { renderJsonFeed, renderRss } from '../views/feeds.js';
import { FEED_LIMIT, authenticatePartner, partnerFeed, type FeedPage } from '../application/syndication.js';
import { instantIso } from '../domain/article-text.js';

const { repo, baseUrl } = httpDeps();
const formats = { rss: 'application/rss+xml; charset=utf-8', json: 'application/feed+json; charset=utf-8' } as const;
const headers = { 'cache-control': 'private, no-cache', vary: 'x-api-key', 'x-content-type-options': 'nosniff', 'x-robots-tag': 'noindex' };

const DATE_OR_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** The page a partner asks for, checked: each bad parameter is named (a bad cursor is InvalidCursor, a 400 too). */
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

export const handler = httpHandler(async (req) => {
  const now = new Date();
  // A request that cannot be served never counts against the partner's daily limit: format and page first.
  const format = queryChoice(req, 'format', ['rss', 'json']);
  const page = feedPage(req.query);
  const partner = await authenticatePartner(repo, req.headers['x-api-key'], now, { count: req.method === 'GET' });
  const feed = await partnerFeed(repo, partner, baseUrl, now, page);
  return conditional(req.headers['if-none-match'], format === 'rss' ? renderRss(feed) : JSON.stringify(renderJsonFeed(feed)), formats[format], headers);
});
