/**
 * Every HTML page of the service, as pure functions of plain data: the request form, the answer
 * after submitting, the requester's status page, the approver's confirmation page and its
 * outcomes, and errors. Handlers pass the result to `html()` from edge/responses.ts.
 *
 * All markup goes through the `html` tagged template, so every value from a requester, a rate
 * card or an article is escaped; URLs go through `safeUrl`. No page uses inline style attributes
 * or event handlers: the CSP allows only the one hashed <style> and <script> of the layout.
 */
import { useTypes, type Article, type UseType } from '../domain/article.js';
import { isRejectionCode, type Quote, type Reason } from '../domain/policy.js';
import { organizationTypes, type RateCard } from '../domain/terms.js';
import type { HistoryEntry, RequestRecord } from '../domain/request-record.js';
import type { FieldError } from '../edge/problem.js';
import { paymentTermsSentence } from '../domain/payment.js';
import { paymentSection } from './payment-html.js';
import { formatCount, formatDate, formatDateTime, formatMoney, formatWhen, html, raw, renderPage, safeUrl, type SafeHtml } from './html.js';
import {
  audienceMeaning, labelOf, languageLabel, organizationTypeLabels, staffReasonText, stateBadge, territoriesLabel, useTypeLabels,
} from './labels.js';
import { displayStateOf, historyStateOf, stateTable, type DisplayState } from '../domain/status-display.js';

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
/**
 * Where a form posts (and the live quote fetches): host-relative, so a page served from any host of
 * the API — the custom domain, or the raw API URL during a smoke test — posts back to that host, as
 * the pages' CSP (form-action 'self', connect-src 'self') requires. Keeps a path prefix of BASE_URL.
 * Links in mail stay absolute (`base`).
 */
const samePage = (baseUrl: string) => {
  try { return new URL(baseUrl).pathname.replace(/\/+$/, ''); } catch { return ''; }
};

// ---------------------------------------------------------------------------------------------
// Shared fragments

/** The request's badge, from the one table of states (a revoked license reads "Revoked"). */
const badge = (item: RequestRecord, opts: { now?: Date; article?: Article } = {}): SafeHtml =>
  stateBadge(stateOf(item, opts));

function stateOf(item: RequestRecord, opts: { now?: Date; article?: Article } = {}): DisplayState {
  return displayStateOf(item, { ...(opts.now ? { now: opts.now } : {}), articleWithdrawn: opts.article?.pubstatus === 'canceled' });
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

function periodText(item: RequestRecord): string {
  return `${formatDate(item.validFrom)} to ${formatDate(item.validUntil)} (${formatCount(item.request.use.durationDays)} days)`;
}

function extentText(item: RequestRecord): string {
  const u = item.request.use;
  return u.extent === 'excerpt' ? `Excerpt of up to ${formatCount(u.excerptWords ?? 0)} words` : 'Full text';
}

/** The request as a definition list; `forStaff` adds the requester's contact details and notes. */
function requestFacts(item: RequestRecord, forStaff: boolean): SafeHtml {
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
  return html`<ol class="plain history">${history.map((e) => html`<li><strong>${stateTable[historyStateOf(e)].label}</strong>
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

/** Each field's label: the form shows it, and a refused request names the fields to change with it. */
export const formLabels: Record<FormField, string> = {
  'requester.name': 'Your name',
  'requester.email': 'Email address',
  'requester.organization': 'Organisation',
  'requester.organizationType': 'Type of organisation',
  'requester.country': 'Country',
  'use.type': 'Type of use',
  'use.audience': 'Audience',
  'use.territories': 'Territories',
  'use.startDate': 'Start date',
  'use.durationDays': 'Duration in days',
  'use.language': 'Language',
  'use.extent': 'How much of the article',
  'use.excerptWords': 'Length of the excerpt in words',
  'use.includePhotos': "Include the article's photos",
  notes: 'Notes for the rights staff',
  acceptTerms: 'I accept the license terms',
};

/** The form's fields filled in from an earlier request (to change a refused one and send it again). */
export function formValuesOf(request: RequestRecord['request']): Record<string, string> {
  const { requester: r, use: u } = request;
  return {
    'requester.name': r.name, 'requester.email': r.email, 'requester.organization': r.organization,
    'requester.organizationType': r.organizationType, 'requester.country': r.country,
    'use.type': u.type, 'use.audience': String(u.audience), 'use.territories': u.territories.join(', '),
    'use.startDate': u.startDate, 'use.durationDays': String(u.durationDays), 'use.language': u.language,
    'use.extent': u.extent, ...(u.excerptWords !== undefined ? { 'use.excerptWords': String(u.excerptWords) } : {}),
    ...(u.includePhotos ? { 'use.includePhotos': 'true' } : {}), ...(request.notes ? { notes: request.notes } : {}),
  };
}

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
  /**
   * A fresh random key for this rendering of the form, sent back as a hidden field: a reload, a
   * double click or a resubmission of the same answers replays the first answer instead of buying twice.
   */
  idempotencyKey?: string;
  /** Whom to write to when the article can never be licensed. */
  contacts?: readonly string[];
}

export function reprintFormPage(input: ReprintFormInput): Page {
  const { article, rateCard, errors = [] } = input;
  const values: Record<string, string> = {
    'use.language': 'en', 'use.extent': 'full', 'use.durationDays': '365',
    ...(input.today ? { 'use.startDate': input.today } : {}),
    ...input.values,
  };
  const offered = useTypes.filter((u) => rateCard.uses[u]?.offered && !article.rights.excludedUses?.includes(u));
  const never = whyNeverLicensable(article, offered.length);
  if (never) {
    // No form with a Send button for what can never succeed: say why, and whom to ask instead.
    return page(`${never.title}: ${article.headline}`, html`${articleHeader(article, 'Reprint permission')}
<div class="notice bad"><h2>${never.title}</h2><p>${never.why}</p>${never.ask ? html`<p><strong>${never.ask}</strong></p>` : ''}</div>
${contactLine(input.contacts, article.publication.name)}`);
  }
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
<option value=""${v(name) === '' ? raw(' selected') : ''}>Choose…</option>
${options.map((o) => html`<option value="${o.value}"${v(name) === o.value ? raw(' selected') : ''}>${o.label}</option>`)}
</select>
</div>`;

  const placedSummary = [...errorsByField.entries()]
    .sort(([a], [b]) => formFields.indexOf(a as FormField) - formFields.indexOf(b as FormField))
    .flatMap(([name, messages]) => messages.map((m) => html`<li><a href="#${firstInputId(name as FormField)}">${m}</a></li>`));
  // After a failed submit, focus lands on the summary (autofocus; the script does it too), whose
  // items link to their fields.
  const summary = errors.length ? html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" id="error-summary" autofocus>
<h2 id="error-summary-title">There ${errors.length === 1 ? 'is a problem' : `are ${errors.length} problems`} with your request</h2>
<ul>${placedSummary}${unplaced.map((e) => html`<li>${e.message}${e.path && e.path !== '(body)' ? html` <span class="code">(${e.path})</span>` : ''}</li>`)}</ul>
</div>` : html``;

  const rightsNotices: SafeHtml[] = [];
  if (article.rights.embargoUntil) {
    rightsNotices.push(html`<div class="notice warn"><p>This article is under embargo until ${formatWhen(article.rights.embargoUntil)}; a license cannot start before then.</p></div>`);
  }

  const extent = v('use.extent') === 'excerpt' ? 'excerpt' : 'full';
  const photos = /^(on|true|1|yes)$/i.test(v('use.includePhotos'));
  // The photos option only where there is a photo a license could include.
  const extentDescribed = errorsByField.has('use.extent') ? html` aria-describedby="${fieldId('use.extent')}-error"` : html``;
  const extentInvalid = errorsByField.has('use.extent') ? raw(' aria-invalid="true"') : raw('');

  const main = html`${summary}
${articleHeader(article, 'Reprint permission', article.body[0] ? html`<p class="article-teaser">${article.body[0]}</p>` : html``)}
<p class="lede">Tell us who you are and how you would like to use this article. Routine uses are licensed at once; others go to the publication's rights staff, who reply by email.</p>
${rightsNotices}
<form id="reprint-form" method="post" action="${safeUrl(`${samePage(input.baseUrl)}/requests`)}" accept-charset="utf-8" novalidate data-quote-url="${safeUrl(`${samePage(input.baseUrl)}/quotes`)}">
<input type="hidden" name="articleId" value="${article.id}">
${values.idempotencyKey ?? input.idempotencyKey ? html`<input type="hidden" name="idempotencyKey" value="${values.idempotencyKey ?? input.idempotencyKey ?? ''}">` : ''}
<fieldset>
<legend>About you</legend>
<div class="grid two">
${input_('requester.name', formLabels['requester.name'], { autocomplete: 'name', required: true })}
${input_('requester.email', formLabels['requester.email'], { type: 'email', autocomplete: 'email', hint: 'We send the decision and the license here.', required: true })}
</div>
<div class="grid two">
${input_('requester.organization', formLabels['requester.organization'], { autocomplete: 'organization', hint: 'The publisher, company, school or newsletter that will run the article.', required: true })}
${select('requester.organizationType', formLabels['requester.organizationType'], organizationTypes.map((o) => ({ value: o, label: organizationTypeLabels[o] })), 'Nonprofits and educators may get a discount.')}
</div>
${input_('requester.country', formLabels['requester.country'], { autocomplete: 'country', hint: 'Two-letter code, such as US, GB or DE.', required: true, width: 'short', extra: raw(' maxlength="2" size="4" autocapitalize="characters"') })}
</fieldset>
<fieldset>
<legend>How you will use the article</legend>
${select('use.type', formLabels['use.type'], offered.map((u) => ({ value: u, label: useTypeLabels[u] })))}
${input_('use.audience', formLabels['use.audience'], { type: 'text', inputmode: 'numeric', hint: 'Monthly readers, subscribers, printed copies or students, whichever fits your use.', required: true, width: 'medium' })}
${input_('use.territories', formLabels['use.territories'], { hint: 'Country codes separated by commas or spaces (US, CA), or WORLD.', required: true, autocomplete: 'off' })}
<div class="grid two">
${input_('use.startDate', formLabels['use.startDate'], { type: 'date', required: true, ...(input.today ? { extra: html` min="${input.today}"` } : {}) })}
${input_('use.durationDays', formLabels['use.durationDays'], { inputmode: 'numeric', hint: '365 is one year.', required: true })}
</div>
${input_('use.language', formLabels['use.language'], { hint: 'Two-letter code of the language you will publish in, such as en.', required: true, width: 'short', extra: raw(' maxlength="3" size="4"') })}
<fieldset id="${fieldId('use.extent')}"${extentDescribed}>
<legend>How much of the article</legend>
${errorText('use.extent')}
<label class="choice" for="${fieldId('use.extent')}-full"><input type="radio" id="${fieldId('use.extent')}-full" name="use.extent" value="full"${extent === 'full' ? raw(' checked') : ''}${extentInvalid}> The full text</label>
<label class="choice" for="${fieldId('use.extent')}-excerpt"><input type="radio" id="${fieldId('use.extent')}-excerpt" name="use.extent" value="excerpt"${extent === 'excerpt' ? raw(' checked') : ''}${extentInvalid}> An excerpt</label>
</fieldset>
${input_('use.excerptWords', formLabels['use.excerptWords'], { inputmode: 'numeric', hint: 'Only for an excerpt.', optional: true, wrapperId: 'excerpt-words-field', width: 'medium' })}
${hasLicensablePhotos(article) || errorsByField.has('use.includePhotos') ? html`<div class="field">
${errorText('use.includePhotos')}
<label class="choice" for="${fieldId('use.includePhotos')}"><input type="checkbox" id="${fieldId('use.includePhotos')}" name="use.includePhotos" value="true"${photos ? raw(' checked') : ''}${aria('use.includePhotos', false)}> Include the article's photos</label>
</div>` : ''}
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
  var summary = document.getElementById('error-summary');
  if (summary && document.activeElement !== summary) summary.focus();

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
      } else if (numeric[key] && /^\\d{1,3}([,_ \\u00a0\\u202f]\\d{3})+$|^\\d+$/.test(v)) {
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
 * same errors. Counts become numbers when they are whole numbers written the form's (English) way —
 * digits, optionally grouped by commas or spaces: "25,000". "25.000" is NOT 25 (a German reader's
 * twenty-five thousand): a dot is refused as "not a number", never guessed. Territories become a
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
    else if (numeric.has(key) && /^\d{1,3}([,_ \u00a0\u202f]\d{3})+$|^\d+$/.test(v)) out = Number(v.replace(/[,_ \u00a0\u202f]/g, ''));
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
// The requester's status page: where a form submission lands (POST → 303 → GET) and where every
// email links. It shows the state from the one table of states and, for each state, the way on.

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

/** Why an article can never be licensed here, or undefined when it can. */
export function whyNeverLicensable(article: Article, offeredUses: number): { title: string; why: string; ask: string | undefined } | undefined {
  if (article.rights.owner === 'third-party') {
    return {
      title: 'This article cannot be licensed here',
      why: `It is third-party content${article.rights.source ? ` from ${article.rights.source}` : ''}: ${article.publication.name} does not own the rights to it, so it cannot license it.`,
      ask: article.rights.source ? `Ask ${article.rights.source}, who owns the rights, for permission.` : 'Ask the agency or author named in the article, who owns the rights, for permission.',
    };
  }
  if (article.pubstatus === 'canceled') {
    return {
      title: 'This article has been withdrawn',
      why: `${article.publication.name} withdrew this article, so it can no longer be republished or reprinted.`,
      ask: undefined,
    };
  }
  if (offeredUses === 0) {
    return { title: 'No reprint licenses are offered for this article', why: `${article.publication.name} does not currently offer any reprint license for this article.`, ask: undefined };
  }
  return undefined;
}

function contactLine(contacts: readonly string[] | undefined, publication: string): SafeHtml {
  const list = (contacts ?? []).filter(Boolean);
  if (!list.length) return html`<p>For questions, write to the rights staff of ${publication}.</p>`;
  // Only a plain address becomes a mailto: link; anything else is shown as text.
  const mailto = (c: string) => (/^[^\s@<>"'()]+@[^\s@<>"'()]+\.[^\s@<>"'()]+$/.test(c) ? html`<a href="mailto:${c}">${c}</a>` : html`${c}`);
  return html`<p>For questions, write to the rights staff of ${publication}: ${list.map((c, i) => html`${i ? ', ' : ''}${mailto(c)}`)}.</p>`;
}

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
</section>`;
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

// ---------------------------------------------------------------------------------------------
// The approver's pages

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

/** Whether a refused request was sent to the staff at the requester's asking. */
const exceptionAsked = (item: RequestRecord) => item.history.some((h) => h.from === 'rejected' && h.to === 'pending');

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
<label><input type="checkbox" name="confirmFee" value="yes"${values.confirmFee ? raw(' checked') : ''}${confirmErrors.length ? raw(' aria-invalid="true" aria-describedby="f-confirm-error"') : ''}> I confirm an unusual fee (more than three times the quote)</label>
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

export function errorPage(problem: { status: number; title: string; detail: string; errors?: FieldError[] }): Page {
  const main = html`<p class="eyebrow">Error ${problem.status}</p>
<h1>${problem.title}</h1>
<p>${problem.detail}</p>
${problem.errors?.length ? html`<ul class="reasons">${problem.errors.map((e) => html`<li>${e.message}${e.path ? html` <span class="code">(${e.path})</span>` : ''}</li>`)}</ul>` : ''}`;
  return page(problem.title, main);
}


/** Whether a license could include any of the article's photos (none excluded, not third-party). */
export function hasLicensablePhotos(article: Article): boolean {
  return !article.rights.photosExcluded && article.rights.owner !== 'third-party' && (article.images ?? []).some((i) => i.rightsOwner !== 'third-party');
}
