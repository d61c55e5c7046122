/**
 * What every page shares: the page shell (one stylesheet, one optional script, both hashed into the
 * CSP by renderPage), the paths pages link and post to, and the fragments several pages show — the
 * article header, the quote table, the request's facts, its history, the license's attribution.
 *
 * All markup goes through the `html` tagged template, so every value from a requester, a rate
 * card or an article is escaped; URLs go through `safeUrl`. No page uses inline style attributes
 * or event handlers: the CSP allows only the one hashed <style> and <script> of the layout.
 */
import type { Article } from '../../domain/article.js';
import { isRejectionCode, type Quote, type Reason } from '../../domain/policy.js';
import type { HistoryEntry, RequestRecord } from '../../domain/request-record.js';
import { formatCount, formatDate, formatDateTime, formatMoney, html, renderPage, type SafeHtml } from '../html.js';
import { audienceMeaning, labelOf, languageLabel, organizationTypeLabels, stateBadge, territoriesLabel, useTypeLabels } from '../labels.js';
import { displayStateOf, historyStateOf, stateTable, type DisplayState } from '../../domain/status-display.js';

export type Page = { html: string; csp: string };

/** Extra CSS for a few page-specific bits; appended to the one stylesheet, so still one hash. */
const pageStyle = `
.pre{white-space:pre-wrap}
.article-head{background:var(--card);border:1px solid var(--line);border-left:4px solid var(--accent);border-radius:10px;padding:1rem 1.1rem;margin:0 0 1rem}
.article-head h1{margin-bottom:.4rem}
.article-teaser{color:var(--muted);font-size:.95rem;margin:.6rem 0 0;display:-webkit-box;-webkit-line-clamp:3;-webkit-box-orient:vertical;overflow:hidden}
.live h2{margin-bottom:.2rem}
.live .lines{margin:.2rem 0 .4rem;font-size:.9rem;color:var(--muted)}
.live .lines li{display:flex;justify-content:space-between;gap:1rem}
.live .lines li span:last-child{white-space:nowrap;flex:none}
.steps{padding-left:1.3rem;margin:.25rem 0 .5rem}
.steps li{margin:.25rem 0}
.decision-buttons button{min-width:9rem}
`.trim();

export const page = (title: string, main: SafeHtml, script?: string): Page =>
  renderPage({ title, main, style: pageStyle, ...(script !== undefined ? { script } : {}) });

export const pathPart = (s: string) => encodeURIComponent(s);
export const base = (baseUrl: string) => baseUrl.replace(/\/+$/, '');
/**
 * Where a form posts (and the live quote fetches): host-relative, so a page served from any host of
 * the API — the custom domain, or the raw API URL during a smoke test — posts back to that host, as
 * the pages' CSP (form-action 'self', connect-src 'self') requires. Keeps a path prefix of BASE_URL.
 * Links in mail stay absolute (`base`).
 */
export const samePage = (baseUrl: string) => {
  try { return new URL(baseUrl).pathname.replace(/\/+$/, ''); } catch { return ''; }
};

// ---------------------------------------------------------------------------------------------
// Shared fragments

/** The request's badge, from the one table of states (a revoked license reads "Revoked"). */
export const badge = (item: RequestRecord, opts: { now?: Date; article?: Article } = {}): SafeHtml =>
  stateBadge(stateOf(item, opts));

export function stateOf(item: RequestRecord, opts: { now?: Date; article?: Article } = {}): DisplayState {
  return displayStateOf(item, { ...(opts.now ? { now: opts.now } : {}), articleWithdrawn: opts.article?.pubstatus === 'canceled' });
}

export function articleHeader(article: Article, eyebrow: string, extra: SafeHtml = html``): SafeHtml {
  const byline = article.byline.map((b) => b.name);
  return html`<div class="article-head">
<p class="eyebrow">${eyebrow}</p>
<h1>${article.headline}</h1>
<p class="meta">${article.publication.name} · ${formatDate(article.publishedAt)}${byline.length ? html` · By ${byline.join(', ')}` : ''}</p>
${extra}
</div>`;
}

export function quoteTable(quote: Quote, caption = 'Price'): SafeHtml {
  if (quote.lines.length === 0) {
    return html`<p>Not priced: the rate card has no price for this use or audience.</p>`;
  }
  return html`<table class="quote"><caption class="visually-hidden">${caption}</caption>
<thead><tr><th scope="col">Item</th><th scope="col" class="amount">Amount</th></tr></thead>
<tbody>${quote.lines.map((l) => html`<tr><td>${l.label}</td><td class="amount">${formatMoney(l.minorUnits, quote.currency)}</td></tr>`)}</tbody>
<tfoot><tr><th scope="row">Total</th><td class="amount">${formatMoney(quote.minorUnits, quote.currency)}</td></tr></tfoot>
</table>`;
}

export function reasonsList(reasons: readonly Reason[]): SafeHtml {
  if (reasons.length === 0) return html``;
  return html`<ul class="reasons">${reasons.map((r) => html`<li>${r.message} <span class="code">Code: <code>${r.code}</code></span></li>`)}</ul>`;
}

/** Refusals first: a rejected request may also carry review notes, which alone would not have stopped it. */
export function splitReasons(reasons: readonly Reason[]): { refusals: Reason[]; reviews: Reason[] } {
  return { refusals: reasons.filter((r) => isRejectionCode(r.code)), reviews: reasons.filter((r) => !isRejectionCode(r.code)) };
}

function periodText(item: RequestRecord): string {
  return `${formatDate(item.validFrom)} to ${formatDate(item.validUntil)} (${formatCount(item.request.use.durationDays)} days)`;
}

function extentText(item: RequestRecord): string {
  const u = item.request.use;
  return u.extent === 'excerpt' ? `Excerpt of up to ${formatCount(u.excerptWords ?? 0)} words` : 'Full text';
}

/** The request as a definition list; `forStaff` adds the requester's contact details and notes. */
export function requestFacts(item: RequestRecord, forStaff: boolean): SafeHtml {
  const { requester, use, notes } = item.request;
  return html`<dl class="facts">
${forStaff ? html`<dt>Requester</dt><dd>${requester.name} &lt;${requester.email}&gt;</dd>` : ''}
<dt>Organisation</dt><dd>${requester.organization}<br><span class="muted small">${labelOf(organizationTypeLabels, requester.organizationType)} · ${requester.country}</span></dd>
<dt>Use</dt><dd>${labelOf(useTypeLabels, use.type)}</dd>
<dt>Audience</dt><dd>${formatCount(use.audience)} ${labelOf(audienceMeaning, use.type)}</dd>
<dt>Territories</dt><dd>${territoriesLabel(use.territories)}</dd>
<dt>Language</dt><dd>${languageLabel(use.language)}</dd>
<dt>Period</dt><dd>${periodText(item)}</dd>
<dt>Extent</dt><dd>${extentText(item)}</dd>
<dt>Photos</dt><dd>${use.includePhotos ? 'Requested' : 'Text only'}</dd>
${item.request.licenseeDomains?.length ? html`<dt>Sites</dt><dd>${item.request.licenseeDomains.join(', ')}</dd>` : ''}
${notes ? html`<dt>Notes</dt><dd class="pre">${notes}</dd>` : ''}
<dt>Reference</dt><dd><code>${item.requestId}</code></dd>
</dl>`;
}

const actorLabel = (e: HistoryEntry): string =>
  e.actor === 'requester' ? 'you' : e.actor === 'staff' ? "the publication's rights staff" : 'Reprint Desk';

/** The audit trail as the requester may see it: when and what, never the staff's address, IP or browser. */
export function historyList(history: readonly HistoryEntry[]): SafeHtml {
  return html`<ol class="plain history">${history.map((e) => html`<li><strong>${stateTable[historyStateOf(e)].label}</strong>
<span class="muted small"> — ${formatDateTime(e.at)}, by ${actorLabel(e)}</span>${e.note ? html`<br><span class="pre">${e.note}</span>` : ''}</li>`)}</ol>`;
}

export function attributionBlock(attribution: string): SafeHtml {
  return html`<h3>Attribution line</h3>
<p class="small muted">Print this with every copy, exactly as written.</p>
<blockquote class="attribution">${attribution}</blockquote>`;
}

export function conditionsList(conditions: readonly string[]): SafeHtml {
  if (conditions.length === 0) return html``;
  return html`<h3>Conditions</h3><ul class="reasons">${conditions.map((c) => html`<li>${c}</li>`)}</ul>`;
}

export function contactLine(contacts: readonly string[] | undefined, publication: string): SafeHtml {
  const list = (contacts ?? []).filter(Boolean);
  if (!list.length) return html`<p>For questions, write to the rights staff of ${publication}.</p>`;
  // Only a plain address becomes a mailto: link; anything else is shown as text.
  const mailto = (c: string) => (/^[^\s@<>"'()]+@[^\s@<>"'()]+\.[^\s@<>"'()]+$/.test(c) ? html`<a href="mailto:${c}">${c}</a>` : html`${c}`);
  return html`<p>For questions, write to the rights staff of ${publication}: ${list.map((c, i) => html`${i ? ', ' : ''}${mailto(c)}`)}.</p>`;
}

/** Whether a refused request was sent to the staff at the requester's asking. */
export const exceptionAsked = (item: RequestRecord) => item.history.some((h) => h.from === 'rejected' && h.to === 'pending');
