/**
 * The live embed's answers (functions/handlers/license-live.ts): each outcome of opening the embed
 * as a framed page — its status, its CSP (`frame-ancestors`: the licensee's declared domains) and no
 * X-Frame-Options, since this page is meant to be framed where its CSP allows.
 */
import type { LiveOutcome } from '../application/licensed-copy.js';
import { FULL_TEXT_ROBOTS } from '../domain/ai-terms.js';
import type { HttpRequest } from './handler.js';
import type { Response } from './responses.js';
import { liveCopyPage, liveRefusedPage, liveUnavailablePage, liveWithdrawnPage, type Page } from '../views/live-embed.js';
import { unavailableStatus } from './problem.js';

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

/** A request for the frame outside a frame (`Sec-Fetch-Dest` other than iframe): refused, and never framed. */
export function outsideFrame(req: HttpRequest): Response | undefined {
  const dest = req.headers['sec-fetch-dest'];
  if (dest === undefined || dest === 'iframe' || dest === 'frame') return undefined;
  const r = framed(403, liveRefusedPage('This is the live embed of a licensed copy: it appears only inside the licensee’s own pages.'));
  return { ...r, headers: { ...r.headers, 'x-frame-options': 'DENY' } };
}

/** The framed page for each outcome of opening the live embed. */
export function liveEmbedResponse(outcome: LiveOutcome, baseUrl: string): Response {
  if (outcome.kind === 'not-found') return framed(404, liveRefusedPage('There is no live embed for this license.'));
  const { domains } = outcome;
  if (outcome.kind === 'withdrawn') return framed(410, liveWithdrawnPage(outcome.article.article, domains));
  if (outcome.kind === 'unavailable') return framed(unavailableStatus(outcome.reason), liveUnavailablePage(outcome.item.articleHeadline, outcome.reason, domains));
  const { license, article } = outcome;
  return framed(200, liveCopyPage({ license, article: article.article, revision: article.revision, importedAt: article.importedAt, baseUrl }, domains));
}
