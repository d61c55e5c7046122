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
import { ArticleIdMemo, copyInputOf, openLicensedCopy } from '../application/licensed-copy.js';
import { aiHeaders } from '../edge/ai-headers.js';
import { links } from '../application/submit-request.js';

// The copy's AI headers come from the rate card, read through the 30 s cache (never the article).
const { repo, baseUrl } = httpDeps([], { cacheTerms: true });
const memo = new ArticleIdMemo();

export const handler = httpHandler(async (req) => {
  const format = queryChoice(req, 'format', copyFormats);
  const [licenseId, token] = [req.params.licenseId ?? '', presentedToken(req)];
  const input = copyInputOf(await openLicensedCopy({ repo, memo }, licenseId, token, new Date()), baseUrl);
  const headers = { ...noIndex, ...await aiHeaders(repo, input.article, baseUrl, canonicalHeader(canonicalUrlOf(input.article))) };
  if (format === 'text') return plain(copyText(input), headers);
  if (format === 'json') return ok(copyJson(input), headers);
  const link = links(baseUrl);
  return page(copyPage(input, { text: link.copy(licenseId, token!, 'text'), json: link.copy(licenseId, token!, 'json'), embed: link.embed(licenseId, token!) }), headers);
}, { renderError: copyRefusals(baseUrl, (req) => (req.query.format === 'text' || req.query.format === 'json' ? req.query.format : 'html')) });
