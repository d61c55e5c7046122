/**
 * The approver's pages: the confirmation page a review link opens (GET changes nothing), what a
 * decision answers, a link whose request is already decided, and a link that is not valid.
 */
import type { Article } from '../../domain/article.js';
import type { RequestRecord } from '../../domain/request-record.js';
import { formatDate, formatDateTime, formatMoney, formatWhen, html, raw, safeUrl, type SafeHtml } from '../html.js';
import { labelOf, staffReasonText, useTypeLabels } from '../labels.js';
import { historyStateOf, stateTable } from '../../domain/status-display.js';
import { exceptionAsked, page, pathPart, samePage, badge, quoteTable, reasonsList, requestFacts, type Page } from './layout.js';

export interface ReviewPageInput {
  item: RequestRecord;
  article: Article;
  token: string;
  baseUrl: string;
  /** The approver this link was sent to, shown so a forwarded link is noticed. */
  approverEmail?: string;
  /** What the approver entered, shown again when the fee was refused. */
  values?: { note?: string | undefined; fee?: string | undefined; confirmFee?: boolean };
  /** Why the fee was refused (`fee` or `confirmFee`), shown beside the field. */
  errors?: { path: string; message: string }[];
}

function articleRightsNotes(article: Article): SafeHtml[] {
  const notes: SafeHtml[] = [];
  if (article.rights.owner === 'third-party') notes.push(html`<li>Third-party content${article.rights.source ? html` (${article.rights.source})` : ''}</li>`);
  if (article.rights.embargoUntil) notes.push(html`<li>Embargoed until ${formatWhen(article.rights.embargoUntil)}</li>`);
  if (article.rights.photosExcluded) notes.push(html`<li>Photos are excluded from licenses</li>`);
  if (article.pubstatus === 'corrected') notes.push(html`<li>Corrected${article.correction ? html`: ${article.correction}` : ''}</li>`);
  return notes;
}

export function reviewPage(input: ReviewPageInput): Page {
  const { item, article, token } = input;
  const q = item.quote;
  const rights = articleRightsNotes(article);
  const action = safeUrl(`${samePage(input.baseUrl)}/review/${pathPart(item.requestId)}`);
  const values = input.values ?? {};
  const errorsOf = (path: string) => (input.errors ?? []).filter((e) => e.path === path).map((e) => e.message);
  const feeErrors = errorsOf('fee');
  const confirmErrors = errorsOf('confirmFee');
  const fieldError = (id: string, label: string, messages: string[]): SafeHtml => (messages.length
    ? html`<p class="error" id="${id}"><span class="visually-hidden">Error: </span>${label}: ${messages.join(' ')}</p>` : html``);
  const main = html`<p class="eyebrow">Rights staff · reprint request <code>${item.requestId}</code></p>
<h1>Decide this reprint request</h1>
${feeErrors.length || confirmErrors.length ? html`<div class="notice bad" role="alert"><p><strong>Nothing was decided.</strong> The fee needs a change or a confirmation: see the fee below.</p></div>` : ''}
<div class="notice"><p><strong>Opening this page changed nothing.</strong> The request is decided only when you press Approve or Deny at the bottom of the page.</p>
${input.approverEmail ? html`<p class="small">This link was sent to ${input.approverEmail}; it works once.</p>` : ''}</div>
<section class="card" aria-labelledby="art-h"><h2 id="art-h">Article</h2>
<p><strong>${article.headline}</strong></p>
<p class="meta">${article.publication.name} · ${formatDate(article.publishedAt)}${article.byline.length ? html` · By ${article.byline.map((b) => b.name).join(', ')}` : ''}${article.section ? html` · ${article.section}` : ''}</p>
${article.body[0] ? html`<p class="article-teaser">${article.body[0]}</p>` : ''}
${article.canonicalUrl ? html`<p class="small"><a href="${safeUrl(article.canonicalUrl)}">Read the original</a></p>` : ''}
${rights.length ? html`<ul class="reasons">${rights}</ul>` : ''}
</section>
<section class="card" aria-labelledby="req-h"><h2 id="req-h">Request</h2>
<p class="small muted">Received ${formatDateTime(item.createdAt)}</p>
${requestFacts(item, true)}
</section>
<section class="card" aria-labelledby="q-h"><h2 id="q-h">Quote</h2>${quoteTable(q, 'Price under the rate card')}</section>
<section class="card" aria-labelledby="pol-h"><h2 id="pol-h">Policy notes</h2>
${exceptionAsked(item) ? html`<div class="notice warn"><p><strong>The requester asks for an exception.</strong> The terms refused this request for the reasons below; approving it grants what the terms do not. Their reasons are in the notes.</p></div>` : ''}
${item.reasons.length ? html`<p>Why this request needs a person:</p>${reasonsList(item.reasons.map((r) => ({ ...r, message: staffReasonText(r, item) })))}` : html`<p>No policy notes.</p>`}
</section>
<form method="post" action="${action}">
<input type="hidden" name="token" value="${token}">
<fieldset>
<legend>Your decision</legend>
<div class="field">
<label for="f-note">Note to the requester <span class="optional">(optional)</span></label>
<span class="hint" id="f-note-hint">Sent with the decision, for example the reason for a denial.</span>
<textarea id="f-note" name="note" rows="3" maxlength="2000" aria-describedby="f-note-hint">${values.note ?? ''}</textarea>
</div>
<div class="field">
<label for="f-fee">A different fee, in ${q.currency} <span class="optional">(optional)</span></label>
<span class="hint" id="f-fee-hint">Leave empty to approve at the quoted ${formatMoney(q.minorUnits, q.currency)}. A different fee, such as 250.00, turns your approval into a counter-offer: the requester must accept it before the license is issued. Less than half the quote needs staff sign-in (the desk tool).</span>
${fieldError('f-fee-error', 'Fee', feeErrors)}
<input id="f-fee" name="fee" type="text" class="w-medium" inputmode="decimal" autocomplete="off" value="${values.fee ?? ''}" aria-describedby="f-fee-hint${feeErrors.length ? ' f-fee-error' : ''}"${feeErrors.length ? raw(' aria-invalid="true"') : ''} size="12">
</div>
<div class="field">
${fieldError('f-confirm-error', 'Confirm the fee', confirmErrors)}
<label><input type="checkbox" name="confirmFee" value="yes"${values.confirmFee ? raw(' checked') : ''}${confirmErrors.length ? raw(' aria-invalid="true" aria-describedby="f-confirm-error"') : ''}> I confirm an unusual fee (none, under half or over three times the quote)</label>
</div>
<div class="actions decision-buttons">
<button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny" class="danger">Deny</button>
</div>
</fieldset>
</form>`;
  return page(`Review: ${article.headline}`, main);
}

export function reviewDonePage(input: { item: RequestRecord; outcome: 'approved' | 'denied' | 'offered' }): Page {
  const { item, outcome } = input;
  const lic = item.license;
  const offer = item.offer;
  const heading = outcome === 'approved' ? 'Approved' : outcome === 'denied' ? 'Denied' : 'Counter-offer sent';
  const detail = outcome === 'approved'
    ? html`<div class="notice ok"><p>License ${lic ? html`<strong class="mono">${lic.number}</strong> ` : ''}is issued. The requester gets it by email with the link to the licensed copy.</p></div>`
    : outcome === 'denied'
      ? html`<div class="notice bad"><p>The request is denied. The requester is told by email${item.review?.note ? ', with your note' : ''}.</p></div>`
      : html`<div class="notice warn"><p>The requester is offered the license at ${offer ? html`<strong>${formatMoney(offer.quote.minorUnits, offer.quote.currency)}</strong>` : 'your fee'}. The license is issued when they accept${offer ? html` (they have until ${formatDateTime(offer.expiresAt)})` : ''}.</p></div>`;
  const main = html`<p class="eyebrow">Rights staff · reprint request <code>${item.requestId}</code></p>
<h1>${heading}</h1>
${detail}
<dl class="facts">
<dt>Article</dt><dd>${item.articleHeadline}</dd>
<dt>Requester</dt><dd>${item.request.requester.organization}</dd>
<dt>Use</dt><dd>${labelOf(useTypeLabels, item.request.use.type)}</dd>
${item.review?.note ? html`<dt>Your note</dt><dd class="pre">${item.review.note}</dd>` : ''}
</dl>
<p class="muted small">You can close this page. The other approvers get a short email saying that no action is needed; their links now only show who decided.</p>`;
  return page(`${heading}: ${item.articleHeadline}`, main);
}

export function alreadyDecidedPage(input: { item: RequestRecord }): Page {
  const { item } = input;
  const r = item.review;
  const last = [...item.history].reverse().find((e) => e.from !== null);
  let who: SafeHtml;
  if (r) {
    const verb = r.decision === 'deny' ? 'denied' : r.feeMinorUnits !== undefined ? 'made a counter-offer on' : 'approved';
    who = html`<p><strong>${r.by}</strong> ${verb} this request on ${formatDateTime(r.at)}.</p>
${r.feeMinorUnits !== undefined ? html`<p>Offered fee: ${formatMoney(r.feeMinorUnits, item.quote.currency)}.</p>` : ''}
${r.note ? html`<p>Their note:</p><p class="pre">${r.note}</p>` : ''}`;
  } else if (last) {
    const by = last.actor === 'requester' ? 'the requester' : last.actor === 'staff' ? (last.by ?? 'a member of staff') : 'Reprint Desk';
    who = html`<p>It became <strong>${stateTable[historyStateOf(last)].label.toLowerCase()}</strong> on ${formatDateTime(last.at)}, by ${by}.</p>`;
  } else {
    who = html``;
  }
  const main = html`<p class="eyebrow">Rights staff · reprint request <code>${item.requestId}</code></p>
<h1>This request has already been decided</h1>
<div class="notice">${who}<p>Current status: ${badge(item)}</p></div>
<dl class="facts">
<dt>Article</dt><dd>${item.articleHeadline}</dd>
<dt>Requester</dt><dd>${item.request.requester.organization}</dd>
<dt>Use</dt><dd>${labelOf(useTypeLabels, item.request.use.type)}</dd>
${item.license ? html`<dt>License</dt><dd class="mono">${item.license.number}</dd>` : ''}
</dl>
<p class="muted small">Nothing was changed by your click.</p>`;
  return page('Already decided', main);
}

export function reviewLinkInvalidPage(input: { reason: 'expired' | 'invalid' }): Page {
  const main = input.reason === 'expired'
    ? html`<h1>This review link has expired</h1>
<p>Review links work for a limited time. If the request still waits for a decision, another approver can decide it, or an operator can send fresh links with the reminder.</p>
<p class="muted small">Nothing was changed.</p>`
    : html`<h1>This review link is not valid</h1>
<p>The link may be incomplete: some mail programs break long links. Copy the whole link from the email into the address bar, or use the link in the latest email about this request.</p>
<p class="muted small">Nothing was changed.</p>`;
  return page(input.reason === 'expired' ? 'Review link expired' : 'Review link not valid', main);
}
