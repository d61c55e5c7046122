/**
 * GET /licenses/{licenseId}/embed?token=… — the snippet a licensee pastes (copy, attribution, link
 * to the original, tracking pixel), shown in a page to copy from; `&format=raw` gives the snippet
 * alone as text/plain (never rendered here, so the pixel does not count our own page). The page
 * also shows the views the pixel has counted so far.
 */
import { httpDeps } from '../edge/wiring.js';
import { httpHandler } from '../edge/handler.js';
import { page, plain } from '../edge/responses.js';
import { canonicalHeader, copyRefusals, noIndex } from '../edge/copy-refusals.js';
import { queryChoice } from '../edge/request-parts.js';
import { presentedToken } from '../edge/token.js';
import { canonicalUrlOf, embedPage, embedSnippet } from '../views/copy.js';
import { ArticleIdMemo, copyInputOf, declaredDomainsOf, openLicensedCopy, usageOf } from '../application/licensed-copy.js';
import { links } from '../application/submit-request.js';
import { liveEmbedSection } from '../views/live-embed.js';

const { repo, baseUrl } = httpDeps();
const memo = new ArticleIdMemo();

export const handler = httpHandler(async (req) => {
  const format = queryChoice(req, 'format', ['html', 'raw']);
  const [licenseId, token] = [req.params.licenseId ?? '', presentedToken(req)];
  const open = await openLicensedCopy({ repo, memo }, licenseId, token, new Date());
  const input = copyInputOf(open, baseUrl);
  const headers = { ...noIndex, ...canonicalHeader(canonicalUrlOf(input.article)) };
  if (format === 'raw') return plain(embedSnippet(input), headers);
  // The page where the pixel is handed out also says what it has counted.
  const urls = { raw: `${links(baseUrl).embed(licenseId, token!)}&format=raw`, copy: links(baseUrl).copy(licenseId, token!) };
  // Beside the static snippet, the live embed — when the request declared the licensee's sites.
  const live = liveEmbedSection({ baseUrl, licenseId: open.license.licenseId, headline: input.article.headline, domains: await declaredDomainsOf(repo, open.item.requestId) });
  return page(embedPage(input, urls, await usageOf(repo, licenseId), live), headers);
}, { renderError: copyRefusals(baseUrl, (req) => (req.query.format === 'raw' ? 'text' : 'html')) });
