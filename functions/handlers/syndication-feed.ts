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
import { conditional } from '../edge/conditional.js';
import { queryChoice } from '../edge/request-parts.js';
import { feedPageOf } from '../edge/feed-page.js';
import { renderJsonFeed, renderRss } from '../views/feeds.js';
import { authenticatePartner, partnerFeed } from '../application/syndication.js';
import { FULL_TEXT_ROBOTS, rslLinkValue } from '../domain/ai-terms.js';

const { repo, baseUrl } = httpDeps();
const formats = { rss: 'application/rss+xml; charset=utf-8', json: 'application/feed+json; charset=utf-8' } as const;
// The desk's own full text: not indexed, no AI use; TDM rights reserved (W3C TDMRep), the AI terms in RSL (Link).
const headers = { 'cache-control': 'private, no-cache', vary: 'x-api-key', 'x-content-type-options': 'nosniff', 'x-robots-tag': FULL_TEXT_ROBOTS, 'tdm-reservation': '1' };

export const handler = httpHandler(async (req) => {
  const now = new Date();
  // A request that cannot be served never counts against the partner's daily limit: format first.
  const format = queryChoice(req, 'format', ['rss', 'json']);
  const page = feedPageOf(req.query);
  const partner = await authenticatePartner(repo, req.headers['x-api-key'], now, { count: req.method === 'GET' });
  const feed = await partnerFeed(repo, partner, baseUrl, now, page);
  const withTerms = feed.ai ? { ...headers, link: rslLinkValue(feed.ai.rslUrl) } : headers;
  return conditional(req.headers['if-none-match'], format === 'rss' ? renderRss(feed) : JSON.stringify(renderJsonFeed(feed)), formats[format], withTerms);
});
