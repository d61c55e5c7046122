/**
 * Every HTML page of the service, as pure functions of plain data: the request form, the answer
 * after submitting, the requester's status page, the approver's confirmation page and its
 * outcomes, and errors. Handlers pass the result to `html()` from http/responses.ts.
 *
 * All markup goes through the `html` tagged template, so every value from a requester, a rate
 * card or an article is escaped; URLs go through `safeUrl`. No page uses inline style attributes
 * or event handlers: the CSP allows only the one hashed <style> and <script> of the layout.
 */
import { useTypes, type Article, type UseType } from '../article.js';
import { isRejectionCode, type Quote, type Reason } from '../policy.js';
import { organizationTypes, type RateCard } from '../terms.js';
import type { HistoryEntry, RequestItem } from '../../entities/request.js';
import type { FieldError } from '../../http/problem.js';
import { paymentTermsSentence } from '../payment.js';
import { paymentSection } from './payment-html.js';
import { formatCount, formatDate, formatDateTime, formatMoney, html, raw, renderPage, safeUrl, type SafeHtml } from './html.js';
import {
  audienceMeaning, labelOf, languageLabel, organizationTypeLabels, statusLabels, statusTone, territoriesLabel, useTypeLabels,
} from './labels.js';

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

const page = (title: string, main: SafeHtml, script?: string): Page =>
  renderPage({ title, main, style: pageStyle, ...(script !== undefined ? { script } : {}) });

const pathPart = (s: string) => encodeURIComponent(s);
const base = (baseUrl: string) => baseUrl.replace(/\/+$/, '');

// ---------------------------------------------------------------------------------------------
// Shared fragments

function badge(status: RequestItem['status']): SafeHtml {
  const tone = statusTone[status] ?? '';
  return html`<span class="badge${tone ? ` ${tone}` : ''}">${labelOf(statusLabels, status)}</span>`;
}

function articleHeader(article: Article, eyebrow: string, extra: SafeHtml = html``): SafeHtml {
  const byline = article.byline.map((b) => b.name);
  return html`<div class="article-head">
<p class="eyebrow">${eyebrow}</p>
<h1>${article.headline}</h1>
<p class="meta">${article.publication.name} · ${formatDate(article.publishedAt)}${byline.length ? html` · By ${byline.join(', ')}` : ''}</p>
${extra}
</div>`;
}

function quoteTable(quote: Quote, caption = 'Price'): SafeHtml {
  if (quote.lines.length === 0) {
    return html`<p>Not priced: the rate card has no price for this use or audience.</p>`;
  }
  return html`<table class="quote"><caption class="visually-hidden">${caption}</caption>
<thead><tr><th scope="col">Item</th><th scope="col" class="amount">Amount</th></tr></thead>
<tbody>${quote.lines.map((l) => html`<tr><td>${l.label}</td><td class="amount">${formatMoney(l.minorUnits, quote.currency)}</td></tr>`)}</tbody>
<tfoot><tr><th scope="row">Total</th><td class="amount">${formatMoney(quote.minorUnits, quote.currency)}</td></tr></tfoot>
</table>`;
}

function reasonsList(reasons: readonly Reason[]): SafeHtml {
  if (reasons.length === 0) return html``;
  return html`<ul class="reasons">${reasons.map((r) => html`<li>${r.message} <span class="code">Code: <code>${r.code}</code></span></li>`)}</ul>`;
}

/** Refusals first: a rejected request may also carry review notes, which alone would not have stopped it. */
export function splitReasons(reasons: readonly Reason[]): { refusals: Reason[]; reviews: Reason[] } {
  return { refusals: reasons.filter((r) => isRejectionCode(r.code)), reviews: reasons.filter((r) => !isRejectionCode(r.code)) };
}

function periodText(item: RequestItem): string {
  return `${formatDate(item.validFrom)} to ${formatDate(item.validUntil)} (${formatCount(item.request.use.durationDays)} days)`;
}

function extentText(item: RequestItem): string {
  const u = item.request.use;
  return u.extent === 'excerpt' ? `Excerpt of up to ${formatCount(u.excerptWords ?? 0)} words` : 'Full text';
}

/** The request as a definition list; `forStaff` adds the requester's contact details and notes. */
function requestFacts(item: RequestItem, forStaff: boolean): SafeHtml {
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
${notes ? html`<dt>Notes</dt><dd class="pre">${notes}</dd>` : ''}
<dt>Reference</dt><dd><code>${item.requestId}</code></dd>
</dl>`;
}

const actorLabel = (e: HistoryEntry): string =>
  e.actor === 'requester' ? 'you' : e.actor === 'staff' ? "the publication's rights staff" : 'Reprint Desk';

/** The audit trail as the requester may see it: when and what, never the staff's address, IP or browser. */
function historyList(history: readonly HistoryEntry[]): SafeHtml {
  return html`<ol class="plain history">${history.map((e) => html`<li><strong>${labelOf(statusLabels, e.to)}</strong>
<span class="muted small"> — ${formatDateTime(e.at)}, by ${actorLabel(e)}</span>${e.note ? html`<br><span class="pre">${e.note}</span>` : ''}</li>`)}</ol>`;
}

function attributionBlock(attribution: string): SafeHtml {
  return html`<h3>Attribution line</h3>
<p class="small muted">Print this with every copy, exactly as written.</p>
<blockquote class="attribution">${attribution}</blockquote>`;
}

function conditionsList(conditions: readonly string[]): SafeHtml {
  if (conditions.length === 0) return html``;
  return html`<h3>Conditions</h3><ul class="reasons">${conditions.map((c) => html`<li>${c}</li>`)}</ul>`;
}

// ---------------------------------------------------------------------------------------------
// The request form

/** The flat field names of the form: the JSON body's paths joined with dots. */
export const formFields = [
  'requester.name', 'requester.email', 'requester.organization', 'requester.organizationType', 'requester.country',
  'use.type', 'use.audience', 'use.territories', 'use.startDate', 'use.durationDays', 'use.language',
  'use.extent', 'use.excerptWords', 'use.includePhotos', 'notes', 'acceptTerms',
] as const;
export type FormField = (typeof formFields)[number];

const fieldId = (name: string) => `f-${name.replace(/\./g, '-')}`;

/** "use.territories.0" → "use.territories": which form field an error path belongs to, if any. */
export function fieldOfPath(path: string): FormField | undefined {
  return [...formFields].sort((a, b) => b.length - a.length).find((f) => path === f || path.startsWith(`${f}.`));
}

export interface ReprintFormInput {
  article: Article;
  rateCard: RateCard;
  baseUrl: string;
  values?: Record<string, string>;
  errors?: FieldError[];
  /** Today's date (YYYY-MM-DD, UTC): the start date's default and minimum. */
  today?: string;
}

export function reprintFormPage(input: ReprintFormInput): Page {
  const { article, rateCard, errors = [] } = input;
  const values: Record<string, string> = {
    'use.language': 'en', 'use.extent': 'full', 'use.durationDays': '365',
    ...(input.today ? { 'use.startDate': input.today } : {}),
    ...input.values,
  };
  const offered = useTypes.filter((u) => rateCard.uses[u]?.offered && !article.rights.excludedUses?.includes(u));
  const errorsByField = new Map<string, string[]>();
  const unplaced: FieldError[] = [];
  for (const e of errors) {
    const f = fieldOfPath(e.path);
    if (f) errorsByField.set(f, [...(errorsByField.get(f) ?? []), e.message]);
    else unplaced.push(e);
  }
  const v = (name: FormField) => values[name] ?? '';
  const firstInputId = (name: FormField) => (name === 'use.extent' ? `${fieldId(name)}-full` : fieldId(name));

  /** aria attributes for a field: its hint and error ids, and aria-invalid when it has an error. */
  const aria = (name: FormField, hasHint: boolean): SafeHtml => {
    const ids = [hasHint ? `${fieldId(name)}-hint` : '', errorsByField.has(name) ? `${fieldId(name)}-error` : ''].filter(Boolean);
    return html`${ids.length ? html` aria-describedby="${ids.join(' ')}"` : ''}${errorsByField.has(name) ? raw(' aria-invalid="true"') : ''}`;
  };
  const errorText = (name: FormField): SafeHtml => {
    const messages = errorsByField.get(name);
    return messages ? html`<p class="error" id="${fieldId(name)}-error"><span class="visually-hidden">Error: </span>${messages.join(' ')}</p>` : html``;
  };
  const hint = (name: FormField, text: string | undefined): SafeHtml =>
    text ? html`<span class="hint" id="${fieldId(name)}-hint">${text}</span>` : html``;

  const input_ = (name: FormField, label: string, opts: {
    type?: string; hint?: string; autocomplete?: string; inputmode?: string; required?: boolean; optional?: boolean;
    extra?: SafeHtml; wrapperId?: string; width?: 'short' | 'medium';
  } = {}): SafeHtml => html`<div class="field"${opts.wrapperId ? html` id="${opts.wrapperId}"` : ''}>
<label for="${fieldId(name)}">${label}${opts.optional ? html` <span class="optional">(optional)</span>` : ''}</label>
${hint(name, opts.hint)}${errorText(name)}
<input id="${fieldId(name)}" name="${name}" type="${opts.type ?? 'text'}"${opts.width ? html` class="w-${opts.width}"` : ''} value="${v(name)}"${opts.autocomplete ? html` autocomplete="${opts.autocomplete}"` : ''}${opts.inputmode ? html` inputmode="${opts.inputmode}"` : ''}${opts.required ? raw(' required') : ''}${opts.extra ?? ''}${aria(name, Boolean(opts.hint))}>
</div>`;

  const select = (name: FormField, label: string, options: readonly { value: string; label: string }[], hintText?: string): SafeHtml => html`<div class="field">
<label for="${fieldId(name)}">${label}</label>
${hint(name, hintText)}${errorText(name)}
<select id="${fieldId(name)}" name="${name}" required${aria(name, Boolean(hintText))}>
${v(name) === '' ? html`<option value="" selected>Choose…</option>` : ''}
${options.map((o) => html`<option value="${o.value}"${v(name) === o.value ? raw(' selected') : ''}>${o.label}</option>`)}
</select>
</div>`;

  const placedSummary = [...errorsByField.entries()]
    .sort(([a], [b]) => formFields.indexOf(a as FormField) - formFields.indexOf(b as FormField))
    .flatMap(([name, messages]) => messages.map((m) => html`<li><a href="#${firstInputId(name as FormField)}">${m}</a></li>`));
  const summary = errors.length ? html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" id="error-summary">
<h2 id="error-summary-title">There ${errors.length === 1 ? 'is a problem' : `are ${errors.length} problems`} with your request</h2>
<ul>${placedSummary}${unplaced.map((e) => html`<li>${e.message}${e.path && e.path !== '(body)' ? html` <span class="code">(${e.path})</span>` : ''}</li>`)}</ul>
</div>` : html``;

  const rightsNotices: SafeHtml[] = [];
  if (article.rights.owner === 'third-party') {
    rightsNotices.push(html`<div class="notice bad"><p>This article is third-party content${article.rights.source ? html` from ${article.rights.source}` : ''}. The publication cannot license it; a request will be refused.</p></div>`);
  }
  if (article.rights.embargoUntil) {
    rightsNotices.push(html`<div class="notice warn"><p>This article is under embargo until ${formatDate(article.rights.embargoUntil)}; a license cannot start before then.</p></div>`);
  }
  if (offered.length === 0) {
    rightsNotices.push(html`<div class="notice bad"><p>The publication does not currently offer any reprint licenses for this article.</p></div>`);
  }

  const extent = v('use.extent') === 'excerpt' ? 'excerpt' : 'full';
  const photos = /^(on|true|1|yes)$/i.test(v('use.includePhotos'));
  const extentDescribed = errorsByField.has('use.extent') ? html` aria-describedby="${fieldId('use.extent')}-error"` : html``;
  const extentInvalid = errorsByField.has('use.extent') ? raw(' aria-invalid="true"') : raw('');

  const main = html`${summary}
${articleHeader(article, 'Reprint permission', article.body[0] ? html`<p class="article-teaser">${article.body[0]}</p>` : html``)}
<p class="lede">Tell us who you are and how you would like to use this article. Routine uses are licensed at once; others go to the publication's rights staff, who reply by email.</p>
${rightsNotices}
<form id="reprint-form" method="post" action="${safeUrl(`${base(input.baseUrl)}/requests`)}" accept-charset="utf-8" novalidate data-quote-url="${safeUrl(`${base(input.baseUrl)}/quotes`)}">
<input type="hidden" name="articleId" value="${article.id}">
<fieldset>
<legend>About you</legend>
<div class="grid two">
${input_('requester.name', 'Your name', { autocomplete: 'name', required: true })}
${input_('requester.email', 'Email address', { type: 'email', autocomplete: 'email', hint: 'We send the decision and the license here.', required: true })}
</div>
<div class="grid two">
${input_('requester.organization', 'Organisation', { autocomplete: 'organization', hint: 'The publisher, company, school or newsletter that will run the article.', required: true })}
${select('requester.organizationType', 'Type of organisation', organizationTypes.map((o) => ({ value: o, label: organizationTypeLabels[o] })), 'Nonprofits and educators may get a discount.')}
</div>
${input_('requester.country', 'Country', { autocomplete: 'country', hint: 'Two-letter code, such as US, GB or DE.', required: true, width: 'short', extra: raw(' maxlength="2" size="4" autocapitalize="characters"') })}
</fieldset>
<fieldset>
<legend>How you will use the article</legend>
${select('use.type', 'Type of use', offered.map((u) => ({ value: u, label: useTypeLabels[u] })))}
${input_('use.audience', 'Audience', { type: 'text', inputmode: 'numeric', hint: 'Monthly readers, subscribers, printed copies or students, whichever fits your use.', required: true, width: 'medium' })}
${input_('use.territories', 'Territories', { hint: 'Country codes separated by commas or spaces (US, CA), or WORLD.', required: true, autocomplete: 'off' })}
<div class="grid two">
${input_('use.startDate', 'Start date', { type: 'date', required: true, ...(input.today ? { extra: html` min="${input.today}"` } : {}) })}
${input_('use.durationDays', 'Duration in days', { inputmode: 'numeric', hint: '365 is one year.', required: true })}
</div>
${input_('use.language', 'Language', { hint: 'Two-letter code of the language you will publish in, such as en.', required: true, width: 'short', extra: raw(' maxlength="3" size="4"') })}
<fieldset id="${fieldId('use.extent')}"${extentDescribed}>
<legend>How much of the article</legend>
${errorText('use.extent')}
<label class="choice" for="${fieldId('use.extent')}-full"><input type="radio" id="${fieldId('use.extent')}-full" name="use.extent" value="full"${extent === 'full' ? raw(' checked') : ''}${extentInvalid}> The full text</label>
<label class="choice" for="${fieldId('use.extent')}-excerpt"><input type="radio" id="${fieldId('use.extent')}-excerpt" name="use.extent" value="excerpt"${extent === 'excerpt' ? raw(' checked') : ''}${extentInvalid}> An excerpt</label>
</fieldset>
${input_('use.excerptWords', 'Length of the excerpt in words', { inputmode: 'numeric', hint: 'Only for an excerpt.', optional: true, wrapperId: 'excerpt-words-field', width: 'medium' })}
<div class="field">
${errorText('use.includePhotos')}
<label class="choice" for="${fieldId('use.includePhotos')}"><input type="checkbox" id="${fieldId('use.includePhotos')}" name="use.includePhotos" value="true"${photos ? raw(' checked') : ''}${aria('use.includePhotos', false)}> Include the article's photos</label>
</div>
</fieldset>
<fieldset>
<legend>Anything else</legend>
<div class="field">
<label for="${fieldId('notes')}">Notes for the rights staff <span class="optional">(optional)</span></label>
${hint('notes', 'Where and how the article will appear, deadlines, anything that helps a decision.')}${errorText('notes')}
<textarea id="${fieldId('notes')}" name="notes" rows="4" maxlength="2000"${aria('notes', true)}>${v('notes')}</textarea>
</div>
</fieldset>
<section class="live" aria-labelledby="quote-title">
<h2 id="quote-title">Price and decision</h2>
<div id="quote-output" aria-live="polite" aria-atomic="true"><p class="muted">Send the request to see the price and the decision.</p></div>
</section>
${termsAcceptanceFieldset({ rateCard, baseUrl: input.baseUrl, articleId: article.id, checked: /^(on|true|1|yes)$/i.test(v('acceptTerms')), error: errorText('acceptTerms'), aria: aria('acceptTerms', true) })}
<div class="actions"><button type="submit">Send request</button></div>
</form>`;
  return page(`Reprint permission: ${article.headline}`, main, liveQuoteScript);
}

/** The license terms, in plain words, and the box the requester ticks to accept them (POST /requests needs it). */
function termsAcceptanceFieldset(t: { rateCard: RateCard; baseUrl: string; articleId: string; checked: boolean; error: SafeHtml; aria: SafeHtml }): SafeHtml {
  const id = fieldId('acceptTerms');
  return html`<fieldset>
<legend>License terms</legend>
<ul class="reasons" id="${id}-hint">
<li>The license covers only the use you describe above: its type, audience, territories, language and dates.</li>
<li>You print the attribution line we give you with the article and, where the terms ask for it, link to the original.</li>
<li>The text is not edited beyond what the conditions shown with the price allow.</li>
<li>The fee shown under “Price and decision” is due as the terms say: ${paymentTermsSentence(t.rateCard)} A license whose fee stays unpaid is suspended.</li>
</ul>
<p><a href="${safeUrl(`${base(t.baseUrl)}/articles/${encodeURIComponent(t.articleId)}/terms`)}">The full terms for this article</a></p>
<div class="field">
${t.error}
<label class="choice" for="${id}"><input type="checkbox" id="${id}" name="acceptTerms" value="true" required${t.checked ? raw(' checked') : ''}${t.aria}> I accept the license terms</label>
</div>
</fieldset>`;
}

/**
 * The live quote, as progressive enhancement: without JavaScript the form posts urlencoded and the
 * answer page shows the price. With it, the same fields go as JSON to /quotes (which stores
 * nothing) after the person stops typing, and the answer is written with textContent only — the
 * server's messages can never become markup. Mirrors formToRequestBody; the browser test checks
 * that both produce the same body.
 */
export const liveQuoteScript = `(function () {
  'use strict';
  var form = document.getElementById('reprint-form');
  var out = document.getElementById('quote-output');
  if (!form || !out || !window.fetch || !window.FormData || !window.JSON) return;
  var url = form.getAttribute('data-quote-url');
  var numeric = { 'use.audience': 1, 'use.durationDays': 1, 'use.excerptWords': 1 };
  var unsafe = { '__proto__': 1, 'constructor': 1, 'prototype': 1 };
  // The price never depends on who asks, only on the use and the type of organisation, so the
  // preview fills in the identity fields a person has not typed yet.
  var preview = { 'requester.name': 'Quote preview', 'requester.email': 'preview@example.com', 'requester.organization': 'Quote preview', 'requester.country': 'US' };
  var excerptField = document.getElementById('excerpt-words-field');

  function toBody(fd) {
    var body = { requester: {}, use: {} };
    fd.forEach(function (value, key) {
      if (typeof value !== 'string') return;
      var v = value.trim();
      if (v === '') return;
      var out;
      if (key === 'use.territories') {
        out = v.split(/[\\s,;]+/).filter(Boolean).map(function (t) { return t.toUpperCase(); });
      } else if (key === 'use.includePhotos') {
        out = /^(on|true|1|yes)$/i.test(v);
      } else if (numeric[key] && /^\\d{1,3}([,_ \\u00a0\\u202f]\\d{3})+$|^\\d+(\\.\\d+)?$/.test(v)) {
        out = Number(v.replace(/[,_ \\u00a0\\u202f]/g, ''));
      } else if (key === 'requester.country') {
        out = v.toUpperCase();
      } else if (key === 'use.language') {
        out = v.toLowerCase();
      } else {
        out = v;
      }
      var parts = key.split('.');
      if (parts.length > 2 || parts.some(function (p) { return !p || unsafe[p]; })) return;
      if (parts.length === 1) { body[parts[0]] = out; return; }
      if (typeof body[parts[0]] !== 'object' || body[parts[0]] === null) body[parts[0]] = {};
      body[parts[0]][parts[1]] = out;
    });
    return body;
  }

  // Text only, and without bidi overrides, which could make a server message read backwards.
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = String(text).replace(/[\\u202A-\\u202E\\u2066-\\u2069]/g, '');
    return e;
  }
  function money(amount, currency) {
    var p = String(amount).split('.');
    return currency + ' ' + p[0].replace(/\\B(?=(\\d{3})+(?!\\d))/g, ',') + (p.length > 1 ? '.' + p[1] : '');
  }
  function minor(units, currency, amount) {
    var d = String(amount).indexOf('.') < 0 ? 0 : String(amount).split('.')[1].length;
    var s = String(Math.abs(units)).padStart(d + 1, '0');
    var v = d ? s.slice(0, -d) + '.' + s.slice(-d) : s;
    return (units < 0 ? '−' : '') + money(v, currency);
  }
  var lastShown = '';
  function show(nodes) {
    var key = nodes.map(function (n) { return n.textContent; }).join('|');
    if (key === lastShown) return; // an unchanged answer is not announced again
    lastShown = key;
    out.replaceChildren.apply(out, nodes);
  }
  var headline = {
    licensed: ['ok', 'Licensed at once when you send the request'],
    pending: ['warn', "Needs a decision by the publication's rights staff"],
    rejected: ['bad', 'Cannot be licensed as entered']
  };
  function render(answer) {
    var nodes = [];
    var q = answer.quote || {};
    var h = headline[answer.status] || ['', String(answer.status)];
    if (q.lines && q.lines.length) {
      nodes.push(el('p', 'price', money(q.amount, q.currency)));
      var ul = el('ul', 'plain lines');
      q.lines.forEach(function (l) {
        var li = el('li');
        li.appendChild(el('span', '', l.label));
        li.appendChild(el('span', '', minor(l.minorUnits, q.currency, q.amount)));
        ul.appendChild(li);
      });
      nodes.push(ul);
    } else {
      nodes.push(el('p', 'price', 'Not priced'));
    }
    var p = el('p');
    p.appendChild(el('span', 'badge ' + h[0], h[1]));
    nodes.push(p);
    if (answer.reasons && answer.reasons.length) {
      var r = el('ul', 'reasons');
      answer.reasons.forEach(function (reason) { r.appendChild(el('li', '', reason.message)); });
      nodes.push(r);
    }
    show(nodes);
  }

  // The excerpt length only matters for an excerpt; without JavaScript it simply stays visible.
  function toggleExcerpt() {
    if (!excerptField) return;
    var excerpt = form.querySelector('input[name="use.extent"]:checked');
    excerptField.hidden = !(excerpt && excerpt.value === 'excerpt');
  }

  var timer = 0, seq = 0, lastSent = '';
  function update() {
    var body = toBody(new FormData(form));
    Object.keys(preview).forEach(function (k) {
      var f = k.split('.')[1];
      if (body.requester[f] === undefined) body.requester[f] = preview[k];
    });
    var json = JSON.stringify(body);
    if (json === lastSent) return;
    lastSent = json;
    var mine = ++seq;
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: json, credentials: 'same-origin' })
      .then(function (res) { return res.json().then(function (data) { return { ok: res.ok, data: data }; }); })
      .then(function (r) {
        if (mine !== seq) return; // a newer edit is already on its way
        if (r.ok) render(r.data);
        else show([el('p', 'muted', 'The price appears once the use, audience, territories, start date and duration are filled in.')]);
      })
      .catch(function () {
        if (mine !== seq) return;
        lastSent = '';
        show([el('p', 'muted', 'The price could not be loaded just now. You can still send the request.')]);
      });
  }
  function schedule() { toggleExcerpt(); clearTimeout(timer); timer = setTimeout(update, 350); }
  form.addEventListener('input', schedule);
  form.addEventListener('change', schedule);
  show([el('p', 'muted', 'The price and the decision appear here as you fill in the form.')]);
  toggleExcerpt();
  update();
})();`;

/**
 * Flat urlencoded form fields → the nested JSON body of `POST /requests`. Shapes, never validates:
 * the handler runs the result through the same zod schema as a JSON body, so both paths give the
 * same errors. Numbers become numbers when they look like numbers ("25,000" too), territories a
 * list, the photos checkbox a boolean; empty fields are dropped so "not given" and "blank" agree.
 */
export function formToRequestBody(fields: Record<string, string>): unknown {
  const body: Record<string, unknown> = { requester: {}, use: {} };
  const numeric = new Set(['use.audience', 'use.durationDays', 'use.excerptWords']);
  const unsafe = new Set(['__proto__', 'constructor', 'prototype']);
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value !== 'string') continue;
    const v = value.trim();
    if (v === '') continue;
    let out: unknown;
    if (key === 'use.territories') out = v.split(/[\s,;]+/).filter(Boolean).map((t) => t.toUpperCase());
    else if (key === 'acceptTerms') out = /^(on|true|1|yes)$/i.test(v);
    else if (key === 'use.includePhotos') out = /^(on|true|1|yes)$/i.test(v);
    else if (numeric.has(key) && /^\d{1,3}([,_ \u00a0\u202f]\d{3})+$|^\d+(\.\d+)?$/.test(v)) out = Number(v.replace(/[,_ \u00a0\u202f]/g, ''));
    else if (key === 'requester.country') out = v.toUpperCase();
    else if (key === 'use.language') out = v.toLowerCase();
    else out = v;
    const parts = key.split('.');
    // Only "a" and "a.b": the body is two levels deep, and anything else (or a prototype key) is noise.
    if (parts.length > 2 || parts.some((p) => !p || unsafe.has(p))) continue;
    const [head, leaf] = parts as [string, string | undefined];
    if (leaf === undefined) { body[head] = out; continue; }
    const group = body[head];
    const target = typeof group === 'object' && group !== null && !Array.isArray(group) ? group as Record<string, unknown> : {};
    target[leaf] = out;
    body[head] = target;
  }
  return body;
}

// ---------------------------------------------------------------------------------------------
// After submitting

export interface RequestResultInput {
  item: RequestItem;
  article: Article;
  statusUrl: string;
  copyUrl?: string;
  /** The form again, for a rejected request the person may want to change. */
  formUrl?: string;
}

export function requestResultPage(input: RequestResultInput): Page {
  const { item, article, statusUrl, copyUrl } = input;
  const email = item.request.requester.email;
  let body: SafeHtml;
  let title: string;
  switch (item.status) {
    case 'licensed': {
      const lic = item.license;
      title = 'Licensed';
      body = html`<div class="notice ok"><h2>Your license is ready</h2>
<p>License number <strong class="mono">${lic?.number ?? ''}</strong>. We have also emailed it to ${email}.</p></div>
<section class="card" aria-labelledby="lic-h"><h2 id="lic-h">License</h2>
<dl class="facts">
<dt>License number</dt><dd class="mono">${lic?.number ?? ''}</dd>
<dt>Valid</dt><dd>${formatDate(lic?.validFrom ?? item.validFrom)} to ${formatDate(lic?.validUntil ?? item.validUntil)}</dd>
<dt>Fee</dt><dd>${formatMoney((lic?.fee ?? item.quote).minorUnits, (lic?.fee ?? item.quote).currency)}</dd>
<dt>Licensee</dt><dd>${item.request.requester.organization}</dd>
<dt>Use</dt><dd>${labelOf(useTypeLabels, item.request.use.type)}, ${territoriesLabel(item.request.use.territories)}</dd>
</dl>
${attributionBlock(lic?.attribution ?? item.attribution)}
${conditionsList(lic?.conditions ?? item.conditions)}
<div class="actions">${copyUrl ? html`<a class="button" href="${safeUrl(copyUrl)}">Open the licensed copy</a>` : ''}<a class="button secondary" href="${safeUrl(statusUrl)}">View the request</a></div>
</section>
${paymentSection({ item, statusUrl })}`;
      break;
    }
    case 'pending':
      title = 'Request received';
      body = html`<div class="notice warn"><h2>Your request is with the rights staff</h2>
<p>${article.publication.name} decides this kind of request in person. Nothing more is needed from you for now.</p></div>
<section class="card" aria-labelledby="next-h"><h2 id="next-h">What happens next</h2>
<ol class="steps">
<li>The publication's rights staff receive your request by email.</li>
<li>You get an email at ${email} as soon as they decide.</li>
<li>If they approve, the email carries your license and the link to the licensed copy.</li>
</ol>
<p><strong>Quoted fee:</strong> ${formatMoney(item.quote.minorUnits, item.quote.currency)}. The staff may propose a different fee, which you can then accept or decline.</p>
${item.reasons.length ? html`<h3>Why it needs a person</h3>${reasonsList(item.reasons)}` : ''}
<div class="actions"><a class="button" href="${safeUrl(statusUrl)}">Follow your request</a></div>
<p class="small muted">Keep this link; it is also in the email we sent you.</p>
</section>`;
      break;
    case 'rejected': {
      title = 'Cannot be licensed';
      const { refusals, reviews } = splitReasons(item.reasons);
      body = html`<div class="notice bad"><h2>This request cannot be licensed</h2>
<p>The publication's terms do not allow it, for ${refusals.length === 1 ? 'this reason' : `these ${refusals.length} reasons`}:</p>
${reasonsList(refusals)}
${reviews.length ? html`<p>Once that is fixed, the request would also need the rights staff's review:</p>${reasonsList(reviews)}` : ''}</div>
${input.formUrl ? html`<p><a href="${safeUrl(input.formUrl)}">Change the request and try again</a></p>` : ''}`;
      break;
    }
    default:
      title = labelOf(statusLabels, item.status);
      body = html`<div class="notice"><p>This request's status: ${badge(item.status)}</p></div>
${paymentSection({ item, statusUrl })}
<p><a href="${safeUrl(statusUrl)}">View the request</a></p>`;
  }
  const main = html`${articleHeader(article, 'Reprint request')}
<p>${badge(item.status)} <span class="muted small">Reference <code>${item.requestId}</code></span></p>
${body}
<section class="card" aria-labelledby="req-h"><h2 id="req-h">Your request</h2>${requestFacts(item, false)}</section>`;
  return page(`${title}: ${article.headline}`, main);
}

// ---------------------------------------------------------------------------------------------
// The requester's status page

export interface RequestStatusInput { item: RequestItem; article: Article; token: string; baseUrl: string }

const statusExplanations: Record<RequestItem['status'], string> = {
  pending: "The publication's rights staff have your request. You will get an email as soon as they decide.",
  licensed: 'Your license is active. The link to the licensed copy is in the email we sent you.',
  rejected: "The publication's terms do not allow this use.",
  offered: 'The rights staff would grant this license at a different fee. Accept or decline the offer below.',
  denied: 'The publication decided not to grant this license.',
  withdrawn: 'You withdrew this request. Nothing will be licensed.',
  declined: 'You declined the counter-offer. Nothing will be licensed.',
  expired: 'Nobody decided this request in time, so it has expired. You are welcome to send a new one.',
  'awaiting-payment': 'Your license is ready to be issued: it is issued as soon as your card payment goes through.',
};

export function requestStatusPage(input: RequestStatusInput): Page {
  const { item, article, token } = input;
  const action = (what: string) => safeUrl(`${base(input.baseUrl)}/requests/${pathPart(item.requestId)}/${what}`);
  const lic = item.license;
  const offer = item.offer;

  const main = html`${articleHeader(article, 'Your reprint request')}
<p>${badge(item.status)} <span class="muted small">Reference <code>${item.requestId}</code></span></p>
<p class="lede">${labelOf(statusExplanations, item.status)}</p>
${item.status === 'offered' && offer ? html`<section class="card" aria-labelledby="offer-h"><h2 id="offer-h">Counter-offer</h2>
<dl class="facts">
<dt>Offered fee</dt><dd><strong>${formatMoney(offer.quote.minorUnits, offer.quote.currency)}</strong> <span class="muted small">(quoted: ${formatMoney(item.quote.minorUnits, item.quote.currency)})</span></dd>
<dt>Answer by</dt><dd>${formatDateTime(offer.expiresAt)}</dd>
${offer.note ? html`<dt>Note from the staff</dt><dd class="pre">${offer.note}</dd>` : ''}
</dl>
<form method="post" action="${action('offer')}">
<input type="hidden" name="token" value="${token}">
<div class="actions"><button type="submit" name="answer" value="accept">Accept the offer</button><button type="submit" name="answer" value="decline" class="danger">Decline</button></div>
</form>
</section>` : ''}
${item.status === 'licensed' && lic ? html`<section class="card" aria-labelledby="lic-h"><h2 id="lic-h">License ${lic.number}</h2>
<dl class="facts">
<dt>Status</dt><dd>${lic.status === 'active' ? 'Active' : lic.status === 'revoked' ? 'Revoked' : 'Ended'}${lic.revokedReason ? html`: ${lic.revokedReason}` : ''}</dd>
<dt>Valid</dt><dd>${formatDate(lic.validFrom)} to ${formatDate(lic.validUntil)}</dd>
<dt>Fee</dt><dd>${formatMoney(lic.fee.minorUnits, lic.fee.currency)}</dd>
</dl>
${attributionBlock(lic.attribution)}
${conditionsList(lic.conditions)}
</section>` : ''}
${(item.status === 'denied') && item.review?.note ? html`<section class="card" aria-labelledby="note-h"><h2 id="note-h">Note from the rights staff</h2><p class="pre">${item.review.note}</p></section>` : ''}
${item.status === 'rejected' ? html`<section class="card" aria-labelledby="why-h"><h2 id="why-h">Why</h2>${reasonsList(splitReasons(item.reasons).refusals)}${splitReasons(item.reasons).reviews.length ? html`<p>Also noted:</p>${reasonsList(splitReasons(item.reasons).reviews)}` : ''}</section>` : ''}
${paymentSection({ item, baseUrl: input.baseUrl, token })}
<section class="card" aria-labelledby="req-h"><h2 id="req-h">Request</h2>
${requestFacts(item, false)}
<h3>Quoted price</h3>${quoteTable(item.quote, 'Quoted price')}
</section>
<section class="card" aria-labelledby="hist-h"><h2 id="hist-h">History</h2>${historyList(item.history)}</section>
${item.status === 'pending' ? html`<section class="card" aria-labelledby="wd-h"><h2 id="wd-h">Changed your mind?</h2>
<p>You can withdraw the request while it waits for a decision.</p>
<form method="post" action="${action('withdraw')}">
<input type="hidden" name="token" value="${token}">
<div class="actions"><button type="submit" class="danger">Withdraw this request</button></div>
</form></section>` : ''}`;
  return page(`Reprint request: ${article.headline}`, main);
}

// ---------------------------------------------------------------------------------------------
// The approver's pages

export interface ReviewPageInput {
  item: RequestItem;
  article: Article;
  token: string;
  baseUrl: string;
  /** The approver this link was sent to, shown so a forwarded link is noticed. */
  approverEmail?: string;
}

function articleRightsNotes(article: Article): SafeHtml[] {
  const notes: SafeHtml[] = [];
  if (article.rights.owner === 'third-party') notes.push(html`<li>Third-party content${article.rights.source ? html` (${article.rights.source})` : ''}</li>`);
  if (article.rights.embargoUntil) notes.push(html`<li>Embargoed until ${formatDate(article.rights.embargoUntil)}</li>`);
  if (article.rights.photosExcluded) notes.push(html`<li>Photos are excluded from licenses</li>`);
  if (article.pubstatus === 'corrected') notes.push(html`<li>Corrected${article.correction ? html`: ${article.correction}` : ''}</li>`);
  return notes;
}

export function reviewPage(input: ReviewPageInput): Page {
  const { item, article, token } = input;
  const q = item.quote;
  const rights = articleRightsNotes(article);
  const action = safeUrl(`${base(input.baseUrl)}/review/${pathPart(item.requestId)}`);
  const main = html`<p class="eyebrow">Rights staff · reprint request <code>${item.requestId}</code></p>
<h1>Decide this reprint request</h1>
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
${item.reasons.length ? html`<p>Why this request needs a person:</p>${reasonsList(item.reasons)}` : html`<p>No policy notes.</p>`}
</section>
<form method="post" action="${action}">
<input type="hidden" name="token" value="${token}">
<fieldset>
<legend>Your decision</legend>
<div class="field">
<label for="f-note">Note to the requester <span class="optional">(optional)</span></label>
<span class="hint" id="f-note-hint">Sent with the decision, for example the reason for a denial.</span>
<textarea id="f-note" name="note" rows="3" maxlength="2000" aria-describedby="f-note-hint"></textarea>
</div>
<div class="field">
<label for="f-fee">A different fee, in ${q.currency} <span class="optional">(optional)</span></label>
<span class="hint" id="f-fee-hint">Leave empty to approve at the quoted ${formatMoney(q.minorUnits, q.currency)}. A different fee, such as 250.00, turns your approval into a counter-offer: the requester must accept it before the license is issued.</span>
<input id="f-fee" name="fee" type="text" class="w-medium" inputmode="decimal" autocomplete="off" aria-describedby="f-fee-hint" size="12">
</div>
<div class="actions decision-buttons">
<button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny" class="danger">Deny</button>
</div>
</fieldset>
</form>`;
  return page(`Review: ${article.headline}`, main);
}

export function reviewDonePage(input: { item: RequestItem; outcome: 'approved' | 'denied' | 'offered' }): Page {
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
<p class="muted small">You can close this page. The other approvers' links no longer work.</p>`;
  return page(`${heading}: ${item.articleHeadline}`, main);
}

export function alreadyDecidedPage(input: { item: RequestItem }): Page {
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
    who = html`<p>It became <strong>${labelOf(statusLabels, last.to).toLowerCase()}</strong> on ${formatDateTime(last.at)}, by ${by}.</p>`;
  } else {
    who = html``;
  }
  const main = html`<p class="eyebrow">Rights staff · reprint request <code>${item.requestId}</code></p>
<h1>This request has already been decided</h1>
<div class="notice">${who}<p>Current status: ${badge(item.status)}</p></div>
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

export function errorPage(problem: { status: number; title: string; detail: string; errors?: FieldError[] }): Page {
  const main = html`<p class="eyebrow">Error ${problem.status}</p>
<h1>${problem.title}</h1>
<p>${problem.detail}</p>
${problem.errors?.length ? html`<ul class="reasons">${problem.errors.map((e) => html`<li>${e.message}${e.path ? html` <span class="code">(${e.path})</span>` : ''}</li>`)}</ul>` : ''}`;
  return page(problem.title, main);
}

