/**
 * GET /licenses/{licenseId}/pixel.gif — counts one view of a republished copy. Whatever the input,
 * it answers the same 43-byte transparent GIF with `no-store` and no cookie, never redirects, and
 * never contacts anything but the table (this module imports no HTTP client; the referrer is parsed,
 * never fetched). Counting failures are logged and swallowed: a page never shows a broken image.
 */
import { httpDeps } from '../edge/wiring.js';
import { httpHandler } from '../edge/handler.js';
import { bytes } from '../edge/responses.js';
import { SaltMemo, countViewQuietly } from '../application/usage.js';

const { repo } = httpDeps();
const salts = new SaltMemo();

/** GIF89a, 1×1, one transparent pixel: 43 bytes. */
export const TRANSPARENT_GIF = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');
// Embedded on the licensee's pages: allowed cross-origin, and never indexed.
const headers = { 'cache-control': 'no-store, max-age=0', 'cross-origin-resource-policy': 'cross-origin', 'x-robots-tag': 'noindex' };

export const handler = httpHandler(async (req) => {
  // HEAD (every GET route also answers it) is a link checker probing, never a view.
  if (req.method === 'GET') {
    await countViewQuietly({ repo, salts }, { licenseId: req.params.licenseId ?? '', sourceIp: req.sourceIp, userAgent: req.userAgent, referer: req.headers['referer'], now: new Date() });
  }
  return bytes(TRANSPARENT_GIF, 'image/gif', headers);
});
