/**
 * The request form (GET /articles/{id}/reprint, and again with the errors of a refused post), or,
 * for an article that can never be licensed, the page that says why and whom to ask. The live
 * quote is the browser module ../browser/live-quote.ts, bundled into live-quote.generated.ts
 * (npm run build:browser), inlined and hashed into the page's CSP.
 */
import { useTypes, type Article } from '../../domain/article.js';
import { organizationTypes, type RateCard } from '../../domain/terms.js';
import type { FieldError } from '../../domain/field-messages.js';
import { paymentTermsSentence } from '../../domain/payment.js';
import { formatWhen, html, raw, safeUrl, type SafeHtml } from '../html.js';
import { organizationTypeLabels, useTypeLabels } from '../labels.js';
import { liveQuoteScript } from './live-quote.generated.js';
import { formFields, fieldId, fieldOfPath, formLabels, type FormField } from './form-fields.js';
import { page, base, samePage, articleHeader, contactLine, type Page } from './layout.js';

/** HTML's "valid date string": YYYY-MM-DD (four or more year digits) of a day that exists, year 1 or later. */
function isHtmlDate(s: string): boolean {
  const m = /^(\d{4,})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return y >= 1 && days !== undefined && day >= 1 && day <= days;
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

  /**
   * A date input's value must be HTML's "valid date string" (a real day, year 1 or later); a browser
   * empties any other, so an entered "next tuesday" or "2026-02-30" is not echoed back into it (the
   * field's error says what to enter).
   */
  const valueOf = (name: FormField, type: string | undefined) => (type === 'date' && !isHtmlDate(v(name)) ? '' : v(name));

  const input_ = (name: FormField, label: string, opts: {
    type?: string; hint?: string; autocomplete?: string; inputmode?: string; required?: boolean; optional?: boolean;
    extra?: SafeHtml; wrapperId?: string; width?: 'short' | 'medium';
  } = {}): SafeHtml => html`<div class="field"${opts.wrapperId ? html` id="${opts.wrapperId}"` : ''}>
<label for="${fieldId(name)}">${label}${opts.optional ? html` <span class="optional">(optional)</span>` : ''}</label>
${hint(name, opts.hint)}${errorText(name)}
<input id="${fieldId(name)}" name="${name}" type="${opts.type ?? 'text'}"${opts.width ? html` class="w-${opts.width}"` : ''} value="${valueOf(name, opts.type)}"${opts.autocomplete ? html` autocomplete="${opts.autocomplete}"` : ''}${opts.inputmode ? html` inputmode="${opts.inputmode}"` : ''}${opts.required ? raw(' required') : ''}${opts.extra ?? ''}${aria(name, Boolean(opts.hint))}>
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
${input_('licenseeDomains', formLabels.licenseeDomains, { hint: 'The domain names of your sites, such as news.example.org, separated by commas. Only pages on these sites can show the live embed of the licensed copy.', optional: true, autocomplete: 'off' })}
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

/** Whether a license could include any of the article's photos (none excluded, not third-party). */
export function hasLicensablePhotos(article: Article): boolean {
  return !article.rights.photosExcluded && article.rights.owner !== 'third-party' && (article.images ?? []).some((i) => i.rightsOwner !== 'third-party');
}
