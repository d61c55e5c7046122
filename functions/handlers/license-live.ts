/**
 * GET /licenses/{licenseId}/live — the live embed's frame: the licensed copy as it is now (a
 * correction shows at once; a withdrawn article, an ended or revoked license shows a notice
 * instead of the text). Public by license id, like the pixel: the frame sits on the licensee's
 * public page, which shows the same text. `Content-Security-Policy: frame-ancestors` lists only the
 * licensee's declared domains, so the browser refuses the frame on any other site; a request for it
 * outside a frame (`Sec-Fetch-Dest` other than iframe) is refused too. Never cached, never indexed.
 */
import { httpDeps } from '../edge/wiring.js';
import { httpHandler } from '../edge/handler.js';
import type { Response } from '../edge/responses.js';
import { ArticleIdMemo, openLiveEmbed } from '../application/licensed-copy.js';
import { FULL_TEXT_ROBOTS } from '../domain/ai-terms.js';
import { liveCopyPage, liveRefusedPage, liveUnavailablePage, liveWithdrawnPage, type Page } from '../views/live-embed.js';
import { unavailableStatus } from '../views/copy.js';

const { repo, baseUrl } = httpDeps();
const memo = new ArticleIdMemo();

/** Like edge/responses html(), without X-Frame-Options: this page is meant to be framed, where its CSP allows. */
const framed = (status: number, page: Page): Response => ({
  statusCode: status,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': page.csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    'x-robots-tag': FULL_TEXT_ROBOTS,
    'tdm-reservation': '1',
  },
  body: page.html,
});

export const handler = httpHandler(async (req) => {
  const dest = req.headers['sec-fetch-dest'];
  if (dest !== undefined && dest !== 'iframe' && dest !== 'frame') {
    const r = framed(403, liveRefusedPage('This is the live embed of a licensed copy: it appears only inside the licensee’s own pages.'));
    return { ...r, headers: { ...r.headers, 'x-frame-options': 'DENY' } };
  }
  const outcome = await openLiveEmbed({ repo, memo }, req.params.licenseId ?? '', new Date());
  if (outcome.kind === 'not-found') return framed(404, liveRefusedPage('There is no live embed for this license.'));
  const { domains } = outcome;
  if (outcome.kind === 'withdrawn') return framed(410, liveWithdrawnPage(outcome.article.article, domains));
  if (outcome.kind === 'unavailable') return framed(unavailableStatus(outcome.reason), liveUnavailablePage(outcome.item.articleHeadline, outcome.reason, domains));
  const { license, article } = outcome;
  return framed(200, liveCopyPage({ license, article: article.article, revision: article.revision, importedAt: article.importedAt, baseUrl }, domains));
});
