/**
 * GET /licenses/{licenseId}/copy?token=…&format=html|text|json — the licensed copy (token also as
 * `Authorization: Bearer`). Every answer carries `X-Robots-Tag: noindex` and, once the article is
 * known and has a canonical URL, `Link: <canonical>; rel="canonical"`. The JSON is IPTC ninjs 2.2.
 * Refusals (edge/copy-refusals.ts) answer in the format asked for: 404 (unknown id or wrong token
 * alike), 410 expired/revoked, 403 not yet started, 410 withdrawn.
 */
import { httpDeps } from '../edge/wiring.js';
import { httpHandler } from '../edge/handler.js';
import { ok, page, plain } from '../edge/responses.js';
import { canonicalHeader, copyRefusals, noIndex } from '../edge/copy-refusals.js';
import { queryChoice } from '../edge/request-parts.js';
import { presentedToken } from '../edge/token.js';
import { canonicalUrlOf, copyFormats, copyJson, copyPage, copyText } from '../views/copy.js';
import { ArticleIdMemo, aiTermsForArticle, copyInputOf, openLicensedCopy } from '../application/licensed-copy.js';
import { rslLinkValue, rslUrlOf, tdmHeaders } from '../domain/ai-terms.js';
import type { Article } from '../domain/article.js';
import { links } from '../application/submit-request.js';

const { repo, baseUrl } = httpDeps();
const memo = new ArticleIdMemo();

/**
 * The AI terms of a copy's publication on the response: TDM rights reserved (W3C TDMRep
 * `tdm-reservation: 1`) with the article's request form as `tdm-policy` where an AI use can be
 * licensed, and the publication's RSL document as `Link: …; rel="license"` (beside the canonical link).
 */
async function aiHeaders(article: Article, base: string, canonical: Record<string, string>): Promise<Record<string, string>> {
  const ai = await aiTermsForArticle(repo, article).catch(() => undefined);
  if (!ai) return { 'tdm-reservation': '1', ...canonical };
  const rsl = rslLinkValue(rslUrlOf(base, ai.publicationId));
  return {
    ...tdmHeaders(ai.terms, `${base.replace(/\/+$/, '')}/articles/${encodeURIComponent(article.id)}/reprint`),
    link: canonical.link ? `${canonical.link}, ${rsl}` : rsl,
  };
}

export const handler = httpHandler(async (req) => {
  const format = queryChoice(req, 'format', copyFormats);
  const [licenseId, token] = [req.params.licenseId ?? '', presentedToken(req)];
  const input = copyInputOf(await openLicensedCopy({ repo, memo }, licenseId, token, new Date()), baseUrl);
  const headers = { ...noIndex, ...await aiHeaders(input.article, baseUrl, canonicalHeader(canonicalUrlOf(input.article))) };
  if (format === 'text') return plain(copyText(input), headers);
  if (format === 'json') return ok(copyJson(input), headers);
  const link = links(baseUrl);
  return page(copyPage(input, { text: link.copy(licenseId, token!, 'text'), json: link.copy(licenseId, token!, 'json'), embed: link.embed(licenseId, token!) }), headers);
}, { renderError: copyRefusals(baseUrl, (req) => (req.query.format === 'text' || req.query.format === 'json' ? req.query.format : 'html')) });
