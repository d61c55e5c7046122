/**
 * GET /licenses/{licenseId}/pixel.gif — counts one view of a republished copy. Whatever the input,
 * it answers the same 43-byte transparent GIF with `no-store` and no cookie, never redirects, and
 * never contacts anything but the table (this module imports no HTTP client; the referrer is parsed,
 * never fetched). Counting failures are logged and swallowed: a page never shows a broken image.
 */
import { httpDeps } from '../edge/wiring.js';
import { httpHandler } from '../edge/handler.js';
import { log } from '../edge/log.js';
import type { Response } from '../edge/responses.js';
import { SaltMemo, countView } from '../application/usage.js';

const { repo } = httpDeps();
const salts = new SaltMemo();

/** GIF89a, 1×1, one transparent pixel: 43 bytes. */
export const TRANSPARENT_GIF = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');

const gif = (): Response => ({
  statusCode: 200,
  headers: {
    'content-type': 'image/gif',
    'content-length': String(TRANSPARENT_GIF.length),
    'cache-control': 'no-store, max-age=0',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    // Embedded on the licensee's pages: allowed cross-origin, and never indexed.
    'cross-origin-resource-policy': 'cross-origin',
    'x-robots-tag': 'noindex',
  },
  body: TRANSPARENT_GIF.toString('base64'),
  isBase64Encoded: true,
});

export const handler = httpHandler(async (req) => {
  // HEAD (every GET route also answers it) is a link checker probing, never a view.
  if (req.method !== 'GET') return gif();
  try {
    await countView({ repo, salts }, {
      licenseId: req.params.licenseId ?? '', sourceIp: req.sourceIp, userAgent: req.userAgent, referer: req.headers['referer'], now: new Date(),
    });
  } catch (e) {
    log('warn', 'pixel: view not counted', { path: req.path, error: (e as Error).name });
  }
  return gif();
});
