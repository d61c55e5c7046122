/**
 * GET /licenses/{licenseId}/copy?token=…&format=html|text|json — the licensed copy (token also as
 * `Authorization: Bearer`). Every answer carries `X-Robots-Tag: noindex` and, once the article is
 * known and has a canonical URL, `Link: <canonical>; rel="canonical"`. The JSON is IPTC ninjs 2.2.
 * Serving a copy reads the license and its article only (one round trip warm): the views the
 * pixel counted are shown on the embed page. Refusals answer in the format asked for:
 * 404 (unknown id or wrong token, alike), 410 expired/revoked, 403 not yet started, 410 withdrawn.
 */
import { httpDeps } from '../edge/wiring.js';
import { httpHandler } from '../edge/handler.js';
import { HttpProblem, badRequest } from '../edge/problem.js';
import { html, json, problem, text, type Response } from '../edge/responses.js';
import { presentedToken } from '../edge/token.js';
import {
  canonicalUrlOf, copyFormats, copyJson, copyPage, copyText, linkHeaderUrl, notFoundPage, unavailableMessage, unavailablePage,
  unavailableStatus, unavailableText, withdrawnJson, withdrawnPage, withdrawnText, type CopyFormat, type CopyInput, type UnavailableInput,
} from '../views/copy.js';
import { ArticleIdMemo, aiTermsForArticle, openLicensedCopy, type CopyOutcome } from '../application/licensed-copy.js';
import { FULL_TEXT_ROBOTS, rslLinkValue, rslUrlOf, tdmHeaders } from '../domain/ai-terms.js';
import type { Article } from '../domain/article.js';
import { links } from '../application/submit-request.js';

const { repo, baseUrl } = httpDeps();
const memo = new ArticleIdMemo();

export const noIndex = { 'x-robots-tag': FULL_TEXT_ROBOTS, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };

/**
 * The AI terms of a copy's publication on the response: TDM rights reserved (W3C TDMRep
 * `tdm-reservation: 1`) with the article's request form as `tdm-policy` where an AI use can be
 * licensed, and the publication's RSL document as `Link: …; rel="license"` (beside the canonical link).
 */
export async function aiHeaders(article: Article, base: string, canonical: Record<string, string>): Promise<Record<string, string>> {
  const ai = await aiTermsForArticle(repo, article).catch(() => undefined);
  if (!ai) return { 'tdm-reservation': '1', ...canonical };
  const rsl = rslLinkValue(rslUrlOf(base, ai.publicationId));
  return {
    ...tdmHeaders(ai.terms, `${base.replace(/\/+$/, '')}/articles/${encodeURIComponent(article.id)}/reprint`),
    link: canonical.link ? `${canonical.link}, ${rsl}` : rsl,
  };
}
/** `Link: <…>; rel="canonical"` when the original's URL is known; nothing is claimed otherwise. */
export const canonicalHeader = (url: string | undefined): Record<string, string> => (url ? { link: `<${linkHeaderUrl(url)}>; rel="canonical"` } : {});

/** The answer for every outcome but `ok`, in the format asked for (shared with the embed). */
export function refusal(outcome: Exclude<CopyOutcome, { kind: 'ok' }>, format: CopyFormat, base: string, instance: string): Response {
  if (outcome.kind === 'not-found') {
    const detail = 'This license was not found, or the link is not valid.';
    if (format === 'html') return html(404, notFoundPage(), noIndex);
    if (format === 'text') return text(404, `${detail}\n`, noIndex);
    const p = problem(new HttpProblem(404, 'Not Found', detail), instance);
    return { ...p, headers: { ...p.headers, ...noIndex } };
  }
  if (outcome.kind === 'withdrawn') {
    const w = { license: outcome.license, article: outcome.article.article, baseUrl: base };
    const headers = { ...noIndex, ...canonicalHeader(canonicalUrlOf(w.article)) };
    if (format === 'html') return html(410, withdrawnPage(w), headers);
    if (format === 'text') return text(410, withdrawnText(w), headers);
    return json(410, withdrawnJson({ ...w, revision: outcome.article.revision, importedAt: outcome.article.importedAt }), headers);
  }
  const { item, license } = outcome;
  const u: UnavailableInput = {
    reason: outcome.reason, licenseNumber: license.number, headline: item.articleHeadline, validFrom: license.validFrom,
    validUntil: license.validUntil, ...(license.revokedReason ? { revokedReason: license.revokedReason } : {}),
    renewUrl: links(base).renew(item.articleId),
  };
  const status = unavailableStatus(outcome.reason);
  if (format === 'html') return html(status, unavailablePage(u), noIndex);
  if (format === 'text') return text(status, unavailableText(u), noIndex);
  const { title, detail } = unavailableMessage(u);
  const p = problem(new HttpProblem(status, status === 403 ? 'Forbidden' : 'Gone', `${title}. ${detail}`,
    { reason: outcome.reason, licenseId: license.licenseId, validFrom: license.validFrom, validUntil: license.validUntil, renewUrl: u.renewUrl }), instance);
  return { ...p, headers: { ...p.headers, ...noIndex } };
}

export function parseFormat(value: string | undefined, allowed: readonly string[] = copyFormats): string {
  const format = value ?? 'html';
  if (!allowed.includes(format)) throw badRequest(`format is ${allowed.join(', ')}.`, [{ path: 'format', message: `one of ${allowed.join(', ')}` }]);
  return format;
}

export const handler = httpHandler(async (req) => {
  const format = parseFormat(req.query.format) as CopyFormat;
  const licenseId = req.params.licenseId ?? '';
  const token = presentedToken(req);
  const outcome = await openLicensedCopy({ repo, memo }, licenseId, token, new Date());
  if (outcome.kind !== 'ok') return refusal(outcome, format, baseUrl, req.path);

  const input: CopyInput = { license: outcome.license, article: outcome.article.article, revision: outcome.article.revision, importedAt: outcome.article.importedAt, baseUrl };
  const headers = { ...noIndex, ...await aiHeaders(input.article, baseUrl, canonicalHeader(canonicalUrlOf(input.article))) };
  if (format === 'text') return text(200, copyText(input), headers);
  if (format === 'json') return json(200, copyJson(input), headers);
  const link = links(baseUrl);
  return html(200, copyPage(input, { text: link.copy(licenseId, token!, 'text'), json: link.copy(licenseId, token!, 'json'), embed: link.embed(licenseId, token!) }), headers);
});
