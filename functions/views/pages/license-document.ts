/** The license as a document to print (GET /requests/{id}?view=license). */
import type { Article } from '../../domain/article.js';
import type { RequestRecord } from '../../domain/request-record.js';
import { formatCount, formatDate, formatDateTime, formatMoney, html } from '../html.js';
import { audienceMeaning, labelOf, languageLabel, stateBadge, territoriesLabel, useTypeLabels } from '../labels.js';
import { stateTable } from '../../domain/status-display.js';
import { errorPage } from './error.js';
import { page, stateOf, attributionBlock, conditionsList, type Page } from './layout.js';

/**
 * The license as a document to print or save as PDF: who licenses what to whom, for how long, at
 * what fee, with the attribution and conditions. A revoked or ended license says so at the top.
 */
export function licenseDocumentPage(input: { item: RequestRecord; article: Article; now?: Date }): Page {
  const { item, article } = input;
  const lic = item.license;
  if (!lic) return errorPage({ status: 404, title: 'Not Found', detail: 'This request has no license.' });
  const state = stateOf(item, { ...(input.now ? { now: input.now } : {}), article });
  const scope = lic.scope;
  const main = html`<p class="eyebrow">Reprint license</p>
<h1>License ${lic.number}</h1>
${state !== 'licensed' ? html`<div class="notice bad"><p>${stateBadge(state)} ${stateTable[state].sentence}</p></div>` : ''}
<section class="card" aria-labelledby="parties-h"><h2 id="parties-h">Parties</h2>
<dl class="facts">
<dt>Licensor</dt><dd>${article.publication.copyrightHolder}${article.publication.copyrightHolder === article.publication.name ? '' : html`, for ${article.publication.name}`}</dd>
<dt>Licensee</dt><dd>${lic.licensee.organization}<br><span class="muted small">${lic.licensee.name} · ${lic.licensee.email} · ${lic.licensee.country}</span></dd>
<dt>Issued</dt><dd>${formatDateTime(lic.issuedAt)}</dd>
</dl></section>
<section class="card" aria-labelledby="work-h"><h2 id="work-h">Article</h2>
<dl class="facts">
<dt>Headline</dt><dd>${article.headline}</dd>
<dt>Published</dt><dd>${formatDate(article.publishedAt)}${article.byline.length ? html`, by ${article.byline.map((b) => b.name).join(', ')}` : ''}</dd>
<dt>Copyright</dt><dd>${article.copyright}</dd>
</dl></section>
<section class="card" aria-labelledby="scope-h"><h2 id="scope-h">What is licensed</h2>
<dl class="facts">
<dt>Use</dt><dd>${labelOf(useTypeLabels, scope.use)}</dd>
<dt>Audience</dt><dd>${formatCount(scope.audience)} ${labelOf(audienceMeaning, scope.use)}</dd>
<dt>Territories</dt><dd>${territoriesLabel(scope.territories)}</dd>
<dt>Language</dt><dd>${languageLabel(scope.language)}</dd>
<dt>Extent</dt><dd>${scope.extent === 'excerpt' ? `Excerpt of up to ${formatCount(scope.excerptWords ?? 0)} words` : 'Full text'}</dd>
<dt>Photos</dt><dd>${scope.includePhotos ? 'Included' : 'Not included'}</dd>
<dt>Valid</dt><dd>${formatDate(lic.validFrom)} to ${formatDate(lic.validUntil)}, both days included</dd>
<dt>Fee</dt><dd>${formatMoney(lic.fee.minorUnits, lic.fee.currency)}</dd>
</dl>
${attributionBlock(lic.attribution)}
${conditionsList(lic.conditions)}
</section>
<p class="small muted">Reference <code>${item.requestId}</code>. To print this license or save it as a PDF, use your browser's Print command.</p>`;
  return page(`License ${lic.number}`, main);
}
