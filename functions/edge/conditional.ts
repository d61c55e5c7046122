/** Conditional GET (RFC 9110 §13.1.2) for the feeds: a strong ETag and 304 Not Modified. */
import { etagOf, matchesIfNoneMatch } from '../views/feeds.js';
import type { Response } from './responses.js';

/**
 * 200 with the body and a strong ETag (SHA-256 of the body), or 304 with no body when the client's
 * If-None-Match already names it.
 */
export function conditional(ifNoneMatch: string | undefined, body: string, contentType: string, headers: Record<string, string> = {}): Response {
  const etag = etagOf(body);
  const common = { ...headers, etag };
  if (matchesIfNoneMatch(ifNoneMatch, etag)) return { statusCode: 304, headers: common, body: '' };
  return { statusCode: 200, headers: { ...common, 'content-type': contentType }, body };
}
