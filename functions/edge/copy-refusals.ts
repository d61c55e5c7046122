/**
 * A licensed copy (or its embed) that cannot be served, answered in the format asked for. The
 * status is the one mapping's (edge/problem.ts); this chooses the body and the headers.
 */
import type { ErrorRenderer, HttpRequest } from './handler.js';
import type { HttpProblem } from './problem.js';
import { html, json, problem, text, type Response } from './responses.js';
import {
  canonicalUrlOf, linkHeaderUrl, notFoundPage, unavailableMessage, unavailablePage, unavailableText, withdrawnJson, withdrawnPage, withdrawnText,
  type UnavailableInput,
} from '../views/copy.js';
import { CopyUnavailable } from '../application/errors.js';
import { CopyWithdrawn } from '../application/licensed-copy.js';
import { links } from '../application/submit-request.js';
import { FULL_TEXT_ROBOTS } from '../domain/ai-terms.js';

// The desk's own full text: not indexed, and no AI use (the `noai` convention).
export const noIndex = { 'x-robots-tag': FULL_TEXT_ROBOTS, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };
/** `Link: <…>; rel="canonical"` when the original's URL is known; nothing is claimed otherwise. */
export const canonicalHeader = (url: string | undefined): Record<string, string> => (url ? { link: `<${linkHeaderUrl(url)}>; rel="canonical"` } : {});

const withHeaders = (r: Response, headers: Record<string, string>): Response => ({ ...r, headers: { ...r.headers, ...headers } });

/**
 * 404 for an unknown license or a wrong token alike, 403/410 for a license not (or no longer) in
 * force, 410 and the kill notice for a withdrawn article.
 */
export function copyRefusals(baseUrl: string, formatOf: (req: HttpRequest) => 'html' | 'text' | 'json'): ErrorRenderer {
  return (p: HttpProblem, e, req) => {
    const format = formatOf(req);
    if (e instanceof CopyWithdrawn) {
      const w = { license: e.license, article: e.article.article, baseUrl };
      const headers = { ...noIndex, ...canonicalHeader(canonicalUrlOf(w.article)) };
      if (format === 'html') return html(p.status, withdrawnPage(w), headers);
      if (format === 'text') return text(p.status, withdrawnText(w), headers);
      return json(p.status, withdrawnJson({ ...w, revision: e.article.revision, importedAt: e.article.importedAt }), headers);
    }
    if (e instanceof CopyUnavailable) {
      const u: UnavailableInput = { ...e.details, reason: e.reason, renewUrl: links(baseUrl).renew(e.details.articleId) };
      if (format === 'html') return html(p.status, unavailablePage(u), noIndex);
      if (format === 'text') return text(p.status, unavailableText(u), noIndex);
      const { title, detail } = unavailableMessage(u);
      const doc = { ...p.toDocument(req.path), detail: `${title}. ${detail}`, renewUrl: u.renewUrl };
      return withHeaders({ ...problem(p, req.path), body: JSON.stringify(doc) }, noIndex);
    }
    if (p.status === 404 && format === 'html') return html(p.status, notFoundPage(), noIndex);
    if (format === 'text') return text(p.status, `${p.detail}\n`, noIndex);
    return withHeaders(problem(p, req.path), noIndex);
  };
}
