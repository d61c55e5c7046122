/**
 * GET /syndication/feed?format=rss|json — a partner's feed; its API key in `x-api-key`.
 * 401 (problem+json) for a missing, unknown or revoked key alike; 429 with Retry-After past the
 * partner's daily limit; a strong ETag (SHA-256 of the body) and 304 on a matching If-None-Match.
 */
import { httpDeps } from '../edge/wiring.js';
import { httpHandler } from '../edge/handler.js';
import { HttpProblem, badRequest } from '../edge/problem.js';
import type { Response } from '../edge/responses.js';
import { etagOf, matchesIfNoneMatch, renderJsonFeed, renderRss } from '../views/feeds.js';
import { FULL_TEXT_ROBOTS, rslLinkValue } from '../domain/ai-terms.js';
import { DailyLimitReached, PartnerUnauthorized, authenticatePartner, partnerFeed } from '../application/syndication.js';

const { repo, baseUrl } = httpDeps();

const formats = { rss: 'application/rss+xml; charset=utf-8', json: 'application/feed+json; charset=utf-8' } as const;

export const handler = httpHandler(async (req) => {
  const now = new Date();
  // A request that cannot be served never counts against the partner's daily limit: format first.
  const format = req.query.format ?? 'rss';
  if (format !== 'rss' && format !== 'json') throw badRequest('format is rss or json.', [{ path: 'format', message: 'one of rss, json' }]);
  let partner;
  try {
    partner = await authenticatePartner(repo, req.headers['x-api-key'], now, { count: req.method === 'GET' });
  } catch (e) {
    if (e instanceof PartnerUnauthorized) throw new HttpProblem(401, 'Unauthorized', e.message, {}, { 'www-authenticate': 'ApiKey header="x-api-key"' });
    if (e instanceof DailyLimitReached) throw new HttpProblem(429, 'Too Many Requests', e.message, { dailyLimit: e.limit }, { 'retry-after': String(e.retryAfterSeconds) });
    throw e;
  }
  const feed = await partnerFeed(repo, partner, baseUrl, now);
  const body = format === 'rss' ? renderRss(feed) : JSON.stringify(renderJsonFeed(feed));
  const etag = etagOf(body);
  const headers = {
    etag,
    'cache-control': 'private, no-cache',
    vary: 'x-api-key',
    'x-content-type-options': 'nosniff',
    // The desk's own full text: not indexed, no AI use; TDM rights reserved (W3C TDMRep), the AI terms in RSL.
    'x-robots-tag': FULL_TEXT_ROBOTS,
    'tdm-reservation': '1',
    ...(feed.ai ? { link: rslLinkValue(feed.ai.rslUrl) } : {}),
  };
  if (matchesIfNoneMatch(req.headers['if-none-match'], etag)) return { statusCode: 304, headers, body: '' } satisfies Response;
  return { statusCode: 200, headers: { ...headers, 'content-type': formats[format] }, body } satisfies Response;
});
