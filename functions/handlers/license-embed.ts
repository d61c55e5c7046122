/**
 * GET /licenses/{licenseId}/embed?token=… — the snippet a licensee pastes (copy, attribution, link
 * to the original, tracking pixel), shown in a page to copy from; `&format=raw` gives the snippet
 * alone as text/plain (never rendered here, so the pixel does not count our own page). The page
 * also shows the views the pixel has counted so far.
 */
import { httpDeps } from '../edge/wiring.js';
import { httpHandler } from '../edge/handler.js';
import { html, text } from '../edge/responses.js';
import { presentedToken } from '../edge/token.js';
import { canonicalUrlOf, embedPage, embedSnippet, type CopyInput } from '../views/copy.js';
import { ArticleIdMemo, openLicensedCopy, usageOf } from '../application/licensed-copy.js';
import { links } from '../application/submit-request.js';
import { canonicalHeader, noIndex, parseFormat, refusal } from './license-copy.js';
import { liveEmbedSection } from '../views/live-embed.js';

const { repo, baseUrl } = httpDeps();
const memo = new ArticleIdMemo();

export const handler = httpHandler(async (req) => {
  const format = parseFormat(req.query.format, ['html', 'raw']);
  const licenseId = req.params.licenseId ?? '';
  const token = presentedToken(req);
  const outcome = await openLicensedCopy({ repo, memo }, licenseId, token, new Date());
  if (outcome.kind !== 'ok') return refusal(outcome, format === 'raw' ? 'text' : 'html', baseUrl, req.path);

  const input: CopyInput = { license: outcome.license, article: outcome.article.article, revision: outcome.article.revision, importedAt: outcome.article.importedAt, baseUrl };
  const headers = { ...noIndex, ...canonicalHeader(canonicalUrlOf(input.article)) };
  if (format === 'raw') return text(200, embedSnippet(input), headers);
  const rawUrl = `${links(baseUrl).embed(licenseId, token!)}&format=raw`;
  // The page where the pixel is handed out also says what it has counted.
  const usage = await usageOf(repo, licenseId);
  const live = liveEmbedSection({ baseUrl, licenseId: outcome.license.licenseId, headline: input.article.headline, domains: outcome.item.request.licenseeDomains });
  return html(200, embedPage(input, { raw: rawUrl, copy: links(baseUrl).copy(licenseId, token!) }, usage, live), headers);
});
