/**
 * GET /syndication/feed?format=rss|json — a partner's feed; its API key in `x-api-key`.
 * 401 (problem+json) for a missing, unknown or revoked key alike; 429 with Retry-After past the
 * partner's daily limit; a strong ETag (SHA-256 of the body) and 304 on a matching If-None-Match.
 */
import { httpDeps } from '../edge/wiring.js';
import { httpHandler } from '../edge/handler.js';
import { conditional } from '../edge/conditional.js';
import { queryChoice } from '../edge/request-parts.js';
import { renderJsonFeed, renderRss } from '../views/feeds.js';
import { authenticatePartner, partnerFeed } from '../application/syndication.js';

const { repo, baseUrl } = httpDeps();
const formats = { rss: 'application/rss+xml; charset=utf-8', json: 'application/feed+json; charset=utf-8' } as const;
const headers = { 'cache-control': 'private, no-cache', vary: 'x-api-key', 'x-content-type-options': 'nosniff', 'x-robots-tag': 'noindex' };

export const handler = httpHandler(async (req) => {
  const now = new Date();
  // A request that cannot be served never counts against the partner's daily limit: format first.
  const format = queryChoice(req, 'format', ['rss', 'json']);
  const partner = await authenticatePartner(repo, req.headers['x-api-key'], now, { count: req.method === 'GET' });
  const feed = await partnerFeed(repo, partner, baseUrl, now);
  return conditional(req.headers['if-none-match'], format === 'rss' ? renderRss(feed) : JSON.stringify(renderJsonFeed(feed)), formats[format], headers);
});
