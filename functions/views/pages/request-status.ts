/**
 * The requester's status page: where a form submission lands (POST → 303 → GET) and where every
 * email links. It shows the state from the one table of states and, for each state, the way on.
 */
import type { Article } from '../../domain/article.js';
import type { Reason } from '../../domain/policy.js';
import type { RequestRecord } from '../../domain/request-record.js';
import { paymentSection } from '../payment-html.js';
import { webhookSection } from '../webhook-pages.js';
import { formatDate, formatDateTime, formatMoney, html, safeUrl, type SafeHtml } from '../html.js';
import { labelOf, stateBadge, territoriesLabel, useTypeLabels } from '../labels.js';
import { stateTable } from '../../domain/status-display.js';
import { fieldOfPath, formLabels } from './form-fields.js';
import { exceptionAsked, page, pathPart, base, samePage, stateOf, articleHeader, quoteTable, reasonsList, requestFacts, historyList, attributionBlock, conditionsList, contactLine, splitReasons, type Page } from './layout.js';

export interface RequestStatusInput {
  item: RequestRecord;
  article: Article;
  /** The requester's token: it opens this page, the licensed copy and the printable license. */
  token: string;
  baseUrl: string;
  now?: Date;
  /** Whom to write to when nothing can be licensed (the publication's rights staff). */
  contacts?: readonly string[];
}

/** The requester's links, all opened by the requester's own token (GET, read-only). */
export const requesterLinks = (baseUrl: string, item: Pick<RequestRecord, 'requestId' | 'articleId' | 'license'>, token: string) => {
  const b = base(baseUrl);
  const t = encodeURIComponent(token);
  const licenseId = item.license ? pathPart(item.license.licenseId) : '';
  return {
    status: `${b}/requests/${pathPart(item.requestId)}?token=${t}`,
    printable: `${b}/requests/${pathPart(item.requestId)}?token=${t}&view=license`,
    copy: `${b}/licenses/${licenseId}/copy?token=${t}`,
    copyText: `${b}/licenses/${licenseId}/copy?token=${t}&format=text`,
    copyJson: `${b}/licenses/${licenseId}/copy?token=${t}&format=json`,
    embed: `${b}/licenses/${licenseId}/embed?token=${t}`,
    /** The form again, filled in from this request, to change and send as a new request. */
    changeForm: `${b}/articles/${pathPart(item.articleId)}/reprint?from=${pathPart(item.requestId)}&token=${t}`,
    exception: `${b}/requests/${pathPart(item.requestId)}/exception`,
  };
};

/** Reasons no request for this article can ever succeed: no form, no exception — someone else to ask. */
const unlicensableCodes = new Set<Reason['code']>(['THIRD_PARTY_CONTENT', 'ARTICLE_WITHDRAWN']);

/** "Duration in days", "Territories": the fields a refusal points at, in the form's own words. */
function fieldsToChange(reasons: readonly Reason[]): string[] {
  const names = new Set<string>();
  for (const r of reasons) {
    const f = r.path ? fieldOfPath(r.path) : undefined;
    if (f) names.add(formLabels[f]);
  }
  return [...names];
}

function licenseCard(item: RequestRecord, lic: NonNullable<RequestRecord['license']>, heading: string): SafeHtml {
  return html`<section class="card" aria-labelledby="lic-h"><h2 id="lic-h">${heading}</h2>
<dl class="facts">
<dt>License number</dt><dd class="mono">${lic.number}</dd>
<dt>Valid</dt><dd>${formatDate(lic.validFrom)} to ${formatDate(lic.validUntil)}</dd>
<dt>Fee</dt><dd>${formatMoney(lic.fee.minorUnits, lic.fee.currency)}</dd>
<dt>Licensee</dt><dd>${lic.licensee.organization}</dd>
<dt>Use</dt><dd>${labelOf(useTypeLabels, item.request.use.type)}, ${territoriesLabel(item.request.use.territories)}</dd>
</dl>
${attributionBlock(lic.attribution)}
${conditionsList(lic.conditions)}
</section>`;
}

export function requestStatusPage(input: RequestStatusInput): Page {
  const { item, article, token } = input;
  const state = stateOf(item, { ...(input.now ? { now: input.now } : {}), article });
  const words = stateTable[state];
  const link = requesterLinks(input.baseUrl, item, token);
  const action = (what: string) => safeUrl(`${samePage(input.baseUrl)}/requests/${pathPart(item.requestId)}/${what}`);
  const lic = item.license;
  const offer = item.offer;
  const email = item.request.requester.email;
  const newRequest = html`<div class="actions"><a class="button secondary" href="${safeUrl(link.changeForm)}">Send a new request, filled in from this one</a></div>`;

  let body: SafeHtml;
  switch (state) {
    case 'licensed':
      body = html`<div class="notice ok"><h2>Your license is ready</h2>
<p>License number <strong class="mono">${lic?.number ?? ''}</strong>. We have also emailed it to ${email}. Keep this page's address: it always opens your license and the licensed copy.</p></div>
${lic ? licenseCard(item, lic, `License ${lic.number}`) : ''}
<section class="card" aria-labelledby="use-h"><h2 id="use-h">Your licensed copy</h2>
<ul class="plain links">
<li><a href="${safeUrl(link.copy)}">Open the licensed copy</a> <span class="muted small">(web page, with the attribution)</span></li>
<li><a href="${safeUrl(link.embed)}">Get the embed snippet</a> <span class="muted small">(to paste into your site)</span></li>
<li><a href="${safeUrl(link.copyText)}">The copy as plain text</a> · <a href="${safeUrl(link.copyJson)}">as JSON</a></li>
<li><a href="${safeUrl(link.printable)}">The license, ready to print</a></li>
</ul>
</section>
${lic ? webhookSection({ baseUrl: input.baseUrl, licenseId: lic.licenseId, token, endpoints: Object.values(item.webhooks ?? {}) }) : ''}`;
      break;
    case 'revoked':
      body = html`<div class="notice bad"><h2>This license was revoked</h2>
<p>${article.publication.name} revoked license <strong class="mono">${lic?.number ?? ''}</strong>${lic?.revokedAt ? html` on ${formatDateTime(lic.revokedAt)}` : ''}${lic?.revokedReason ? html`: ${lic.revokedReason}` : ''}.</p>
<p>Remove the article wherever you published it. The licensed copy and the embed no longer work.</p></div>
<p><a href="${safeUrl(link.printable)}">The license, as it was issued (marked revoked)</a></p>
${contactLine(input.contacts, article.publication.name)}`;
      break;
    case 'ended':
      body = html`<div class="notice"><h2>This license has ended</h2>
<p>License <strong class="mono">${lic?.number ?? ''}</strong> ran until ${formatDate(lic?.validUntil ?? item.validUntil)}. To keep publishing the article, ask for a new license.</p></div>
${newRequest}`;
      break;
    case 'article-withdrawn':
      body = html`<div class="notice bad"><h2>The article was withdrawn</h2>
<p>${article.publication.name} withdrew this article. Remove it wherever you published it; the licensed copy now shows the withdrawal notice.</p></div>
${contactLine(input.contacts, article.publication.name)}`;
      break;
    case 'pending': {
      const exception = exceptionAsked(item);
      body = html`<div class="notice warn"><h2>${exception ? 'You asked for an exception' : 'Your request is with the rights staff'}</h2>
<p>${exception ? 'The rights staff have your request with the reasons it was refused under the terms, and your note.' : `${article.publication.name} decides this kind of request in person.`} Nothing more is needed from you for now.</p></div>
<section class="card" aria-labelledby="next-h"><h2 id="next-h">What happens next</h2>
<ol class="steps">
<li>The publication's rights staff receive your request by email.</li>
<li>You get an email at ${email} as soon as they decide.</li>
<li>If they approve, the email carries your license and the link to the licensed copy; this page shows them too.</li>
</ol>
<p><strong>Quoted fee:</strong> ${formatMoney(item.quote.minorUnits, item.quote.currency)}. The staff may propose a different fee, which you can then accept or decline.</p>
${item.reasons.length ? html`<h3>Why it needs a person</h3>${reasonsList(item.reasons)}` : ''}
</section>
<section class="card" aria-labelledby="wd-h"><h2 id="wd-h">Changed your mind?</h2>
<p>You can withdraw the request while it waits for a decision.</p>
<form method="post" action="${action('withdraw')}">
<input type="hidden" name="token" value="${token}">
<div class="actions"><button type="submit" class="danger">Withdraw this request</button></div>
</form></section>`;
      break;
    }
    case 'countered':
      body = offer ? html`<section class="card" aria-labelledby="offer-h"><h2 id="offer-h">Counter-offer</h2>
<dl class="facts">
<dt>Offered fee</dt><dd><strong>${formatMoney(offer.quote.minorUnits, offer.quote.currency)}</strong> <span class="muted small">(quoted: ${formatMoney(item.quote.minorUnits, item.quote.currency)})</span></dd>
<dt>Answer by</dt><dd>${formatDateTime(offer.expiresAt)}</dd>
${offer.note ? html`<dt>Note from the staff</dt><dd class="pre">${offer.note}</dd>` : ''}
</dl>
<form method="post" action="${action('offer')}">
<input type="hidden" name="token" value="${token}">
<div class="actions"><button type="submit" name="answer" value="accept">Accept the offer</button><button type="submit" name="answer" value="decline" class="danger">Decline</button></div>
</form>
</section>` : html``;
      break;
    case 'rejected': {
      const { refusals, reviews } = splitReasons(item.reasons);
      const final = refusals.filter((r) => unlicensableCodes.has(r.code));
      const fields = fieldsToChange(refusals);
      body = html`<div class="notice bad"><h2>This request cannot be licensed as it stands</h2>
<p>The publication's terms do not allow it, for ${refusals.length === 1 ? 'this reason' : `these ${refusals.length} reasons`}:</p>
${reasonsList(refusals)}
${reviews.length ? html`<p>Once that is fixed, the request would also need the rights staff's review:</p>${reasonsList(reviews)}` : ''}</div>
${final.length ? contactLine(input.contacts, article.publication.name) : html`<section class="card" aria-labelledby="fwd-h"><h2 id="fwd-h">What you can do</h2>
${fields.length ? html`<p>Change ${fields.length === 1 ? 'this field' : 'these fields'} and send the request again:</p><ul class="reasons">${fields.map((f) => html`<li>${f}</li>`)}</ul>` : ''}
<div class="actions"><a class="button" href="${safeUrl(link.changeForm)}">Change the request</a></div>
<h3>Or ask for an exception</h3>
<p>The rights staff can allow what the terms do not. They get your request as it is, with the reasons above, and decide in person.</p>
<form method="post" action="${safeUrl(`${samePage(input.baseUrl)}/requests/${pathPart(item.requestId)}/exception`)}">
<input type="hidden" name="token" value="${token}">
<div class="field">
<label for="f-exception-note">Why you need it this way <span class="optional">(optional)</span></label>
<textarea id="f-exception-note" name="note" rows="3" maxlength="2000"></textarea>
</div>
<div class="actions"><button type="submit" class="secondary">Ask the rights staff for an exception</button></div>
</form>
</section>`}`;
      break;
    }
    case 'denied':
      body = html`${item.review?.note ? html`<section class="card" aria-labelledby="note-h"><h2 id="note-h">Note from the rights staff</h2><p class="pre">${item.review.note}</p></section>` : ''}
${newRequest}`;
      break;
    case 'awaiting-payment':
      // The payment section below carries the button to the card payment page.
      body = html``;
      break;
    case 'suspended':
      body = html`<div class="notice bad"><h2>This license is suspended</h2>
<p>The invoice for license <strong class="mono">${lic?.number ?? ''}</strong> is unpaid past its grace period. Take the article down until it is paid; paying it restores the license and the licensed copy at once.</p></div>`;
      break;
    default:
      body = newRequest;
  }

  const main = html`${articleHeader(article, 'Your reprint request')}
<p>${stateBadge(state)} <span class="muted small">Reference <code>${item.requestId}</code></span></p>
<p class="lede">${words.sentence}</p>
${body}
${paymentSection({ item, baseUrl: input.baseUrl, token })}
<section class="card" aria-labelledby="req-h"><h2 id="req-h">Your request</h2>
${requestFacts(item, false)}
<h3>Quoted price</h3>${quoteTable(item.quote, 'Quoted price')}
</section>
<section class="card" aria-labelledby="hist-h"><h2 id="hist-h">History</h2>${historyList(item.history)}</section>`;
  return page(`${words.label}: ${article.headline}`, main);
}
