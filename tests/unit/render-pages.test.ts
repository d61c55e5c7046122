import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { escapeAttr, escapeHtml, formatDate, formatDateTime, formatMoney, html, raw, renderPage, safeUrl } from '../../functions/views/html.js';
import { formToRequestBody } from '../../functions/domain/request-form.js';
import { errorPage } from '../../functions/views/pages/error.js';
import { fieldOfPath } from '../../functions/views/pages/form-fields.js';
import { type Page } from '../../functions/views/pages/layout.js';
import { licenseDocumentPage } from '../../functions/views/pages/license-document.js';
import { liveQuoteScript } from '../../functions/views/pages/live-quote.generated.js';
import { reprintFormPage } from '../../functions/views/pages/reprint-form.js';
import { requestStatusPage } from '../../functions/views/pages/request-status.js';
import { alreadyDecidedPage, reviewDonePage, reviewLinkInvalidPage, reviewPage } from '../../functions/views/pages/review.js';
import { reprintRequestSchema } from '../../functions/domain/request-body.js';
import type { RequestStatus } from '../../functions/domain/request-state.js';
import { BASE_URL, EVIL, fixtureArticle, fixtureItem, fixtureRateCard, XSS_PAYLOADS } from '../support/render-fixtures.js';

// ---- a small HTML scanner: enough to prove structure, not a browser ----------------------------

const allowedTags = new Set([
  'html', 'head', 'meta', 'title', 'style', 'body', 'a', 'header', 'div', 'span', 'main', 'footer', 'script', 'p', 'h1', 'h2', 'h3',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'strong', 'code', 'blockquote', 'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td',
  'form', 'input', 'select', 'option', 'textarea', 'label', 'fieldset', 'legend', 'button', 'section', 'br',
]);

const decode = (s: string) => s.replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
  .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

interface Tag { name: string; attrs: Record<string, string> }

/**
 * Every tag with its attributes. Fails the test if an attribute is not of the form name="value"
 * (which is how a broken-out attribute shows up), and skips the contents of <style>, <script>,
 * <textarea> and <title>, which the HTML parser reads as text.
 */
function scan(markup: string, opts: { ownScript?: string } = {}): Tag[] {
  let body = markup;
  const inline = /<(style|script|textarea|title)\b([^>]*)>([\s\S]*?)<\/\1>/gi;
  const raws: { tag: string; content: string }[] = [];
  body = body.replace(inline, (_, tag: string, attrs: string, content: string) => {
    raws.push({ tag: tag.toLowerCase(), content });
    return `<${tag}${attrs}></${tag}>`;
  });
  for (const r of raws) {
    if (r.tag === 'script') expect(r.content).toBe(opts.ownScript);
    if (r.tag === 'textarea' || r.tag === 'title') expect(r.content).not.toMatch(/</);
  }
  const tags: Tag[] = [];
  for (const m of body.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g)) {
    const name = (m[2] ?? '').toLowerCase();
    expect(allowedTags, `unexpected <${name}>`).toContain(name);
    if (m[1]) continue;
    const attrs: Record<string, string> = {};
    const rest = (m[3] ?? '').replace(/\s([a-zA-Z][a-zA-Z0-9-]*)(?:="([^"<>]*)")?/g, (_, k: string, v: string | undefined) => {
      attrs[k.toLowerCase()] = decode(v ?? '');
      return '';
    });
    expect(rest.trim(), `malformed attributes in <${name}${m[3]}>`).toBe('');
    for (const k of Object.keys(attrs)) expect(k.startsWith('on'), `event handler ${k} on <${name}>`).toBe(false);
    expect(attrs.style, `inline style on <${name}>`).toBeUndefined();
    for (const k of ['href', 'action', 'src', 'formaction']) {
      const v = attrs[k];
      if (v !== undefined) expect(v, `${k} on <${name}>`).toMatch(/^(https?:\/\/[^/\\]|\/(?![/\\])|#|$|mailto:[^\s@<>"'()]+@[^\s@<>"'()]+$)/);
    }
    tags.push({ name, attrs });
  }
  // Text outside tags never holds a '<' the parser could read as markup.
  expect(body.replace(/<\/?[a-zA-Z][^>]*>|<!doctype html>/gi, '')).not.toMatch(/<[a-zA-Z!/?]/);
  return tags;
}

const sha = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

/** The CSP allows exactly the page's inline style and script, by hash, and nothing else inline. */
function checkCsp(page: Page, script?: string) {
  const style = /<style>([\s\S]*?)<\/style>/.exec(page.html)?.[1];
  expect(style).toBeDefined();
  expect(page.html.match(/<style/g)).toHaveLength(1);
  const directives = Object.fromEntries(page.csp.split(/;\s*/).map((d) => { const [k, ...v] = d.split(' '); return [k, v.join(' ')]; }));
  expect(directives).toMatchObject({
    'default-src': "'none'", 'style-src': sha(style!), 'img-src': "'self' data:", 'connect-src': "'self'",
    'form-action': "'self'", 'base-uri': "'none'", 'frame-ancestors': "'none'",
  });
  if (script === undefined) {
    expect(page.html).not.toMatch(/<script/);
    expect(directives['script-src']).toBeUndefined();
  } else {
    expect(page.html.match(/<script/g)).toHaveLength(1);
    expect(directives['script-src']).toBe(sha(script));
    expect(/<script>([\s\S]*?)<\/script>/.exec(page.html)?.[1]).toBe(script);
  }
  expect(page.csp).not.toMatch(/unsafe/);
}

function checkNoPayload(page: Page) {
  // The scanner already proves structure; these are the payloads' own markup, which must only ever appear escaped.
  for (const bad of ['<script>alert', '<img', '<svg', '"><img', "'><svg", '</textarea><script', '</title><script']) {
    expect(page.html.includes(bad), `found ${bad}`).toBe(false);
  }
  expect(page.html).not.toMatch(/="\s*javascript:/i);
  expect(page.html).not.toMatch(/[\u202E\r]/);
}

/** The layout's accessibility bones: language, one h1, a <main> target for the skip link. */
function checkLayout(page: Page) {
  expect(page.html).toMatch(/^<!doctype html>\n<html lang="en">/);
  expect(page.html).toContain('<a class="skip" href="#main">');
  expect(page.html).toContain('<main id="main" tabindex="-1">');
  expect(page.html.match(/<h1>/g)).toHaveLength(1);
  expect(page.html).toContain('name="viewport" content="width=device-width, initial-scale=1"');
}

// ---- every page, ordinary and hostile ------------------------------------------------------------

const statuses: RequestStatus[] = ['pending', 'licensed', 'rejected', 'offered', 'denied', 'withdrawn', 'declined', 'expired'];

function allPages(evil: boolean): { name: string; page: Page; script?: string }[] {
  const article = fixtureArticle({ evil });
  const rateCard = fixtureRateCard();
  const pages: { name: string; page: Page; script?: string }[] = [];
  const x = evil ? EVIL : '';
  pages.push({
    name: 'form with errors', script: liveQuoteScript,
    page: reprintFormPage({
      article, rateCard, baseUrl: BASE_URL, today: '2026-06-01',
      values: evil ? Object.fromEntries(['requester.name', 'requester.email', 'requester.organization', 'requester.organizationType', 'requester.country',
        'use.type', 'use.audience', 'use.territories', 'use.startDate', 'use.durationDays', 'use.language', 'use.extent', 'use.excerptWords', 'use.includePhotos', 'notes']
        .map((k) => [k, EVIL])) : { 'requester.name': 'Maya' },
      errors: [
        { path: 'requester.email', message: `Invalid email ${x}` },
        { path: 'use.territories.0', message: `Bad code ${x}` },
        { path: 'use.extent', message: `Pick one ${x}` },
        { path: '(body)', message: `Something else ${x}` },
      ],
    }),
  });
  pages.push({ name: 'form', script: liveQuoteScript, page: reprintFormPage({ article, rateCard, baseUrl: BASE_URL }) });
  for (const status of statuses) {
    const item = fixtureItem(status, { evil });
    pages.push({ name: `status ${status}`, page: requestStatusPage({ item, article, token: evil ? EVIL : 'tok', baseUrl: evil ? 'javascript:alert(7)//' : BASE_URL, contacts: [evil ? EVIL : 'rights@x.example'] }) });
    pages.push({ name: `review ${status}`, page: reviewPage({ item, article, token: evil ? EVIL : 'tok', baseUrl: BASE_URL, approverEmail: item.review?.by ?? 'rights@x.example' }) });
    pages.push({ name: `already decided ${status}`, page: alreadyDecidedPage({ item }) });
  }
  pages.push({ name: 'review with a refused fee', page: reviewPage({
    item: fixtureItem('pending', { evil }), article, token: evil ? EVIL : 'tok', baseUrl: BASE_URL,
    values: { note: `Note ${x}`, fee: evil ? EVIL : '1000.00', confirmFee: true },
    errors: [{ path: 'fee', message: `at most ${x}` }, { path: 'confirmFee', message: `unusual ${x}` }],
  }) });
  for (const outcome of ['approved', 'denied', 'offered'] as const) {
    const item = fixtureItem(outcome === 'approved' ? 'licensed' : outcome, { evil });
    pages.push({ name: `done ${outcome}`, page: reviewDonePage({ item, outcome }) });
  }
  const licensed = fixtureItem('licensed', { evil });
  const revoked = { ...licensed, license: { ...licensed.license!, status: 'revoked' as const, revokedAt: '2026-08-01T10:00:00.000Z', revokedReason: `Breach ${x}` } };
  pages.push({ name: 'status revoked', page: requestStatusPage({ item: revoked, article, token: 'tok', baseUrl: BASE_URL }) });
  pages.push({ name: 'status ended', page: requestStatusPage({ item: licensed, article, token: 'tok', baseUrl: BASE_URL, now: new Date('2028-01-01T00:00:00Z') }) });
  pages.push({ name: 'status article withdrawn', page: requestStatusPage({ item: licensed, article: { ...article, pubstatus: 'canceled' }, token: 'tok', baseUrl: BASE_URL }) });
  pages.push({ name: 'printable license', page: licenseDocumentPage({ item: licensed, article }) });
  pages.push({ name: 'printable revoked license', page: licenseDocumentPage({ item: revoked, article }) });
  pages.push({ name: 'form for third-party content', page: reprintFormPage({ article: { ...article, rights: { owner: 'third-party', source: `Meridian Wire ${x}` } }, rateCard, baseUrl: BASE_URL, contacts: ['rights@x.example'] }) });
  pages.push({ name: 'link expired', page: reviewLinkInvalidPage({ reason: 'expired' }) });
  pages.push({ name: 'link invalid', page: reviewLinkInvalidPage({ reason: 'invalid' }) });
  pages.push({ name: 'error', page: errorPage({ status: 422, title: `Unprocessable ${x}`, detail: `Bad ${x}`, errors: [{ path: `a.b ${x}`, message: `m ${x}` }] }) });
  return pages;
}

describe('pages: structure, CSP and escaping', () => {
  for (const evil of [false, true]) {
    for (const { name, page, script } of allPages(evil)) {
      it(`${name}${evil ? ' (hostile data)' : ''}: well-formed, strict CSP, nothing executable`, () => {
        scan(page.html, script !== undefined ? { ownScript: script } : {});
        checkCsp(page, script);
        checkLayout(page);
        if (evil) checkNoPayload(page);
      });
    }
  }

  it('every hostile payload is present as text, escaped (so nothing was silently dropped)', () => {
    const article = fixtureArticle({ evil: true });
    const item = fixtureItem('pending', { evil: true });
    const page = reviewPage({ item, article, token: 't', baseUrl: BASE_URL });
    for (const p of XSS_PAYLOADS.slice(0, 6)) expect(page.html).toContain(escapeHtml(p));
  });

  it('never shows a javascript: URL as a link, from the article or from the caller', () => {
    const article = fixtureArticle({ evil: true });
    const item = fixtureItem('licensed', { evil: true });
    const review = reviewPage({ item, article, token: 't', baseUrl: BASE_URL });
    expect(review.html).toContain('<a href="#">Read the original</a>');
    const status = requestStatusPage({ item: fixtureItem('licensed'), article, token: 't', baseUrl: 'JaVaScRiPt:alert(1)//' });
    expect(status.html).toContain('<a href="#">Open the licensed copy</a>');
  });
});

describe('the request form', () => {
  const article = fixtureArticle();
  const rateCard = fixtureRateCard();

  it('has every field, named like the JSON body, each with a label', () => {
    const page = reprintFormPage({ article, rateCard, baseUrl: BASE_URL });
    const tags = scan(page.html, { ownScript: liveQuoteScript });
    const fields = tags.filter((t) => ['input', 'select', 'textarea'].includes(t.name) && t.attrs.type !== 'hidden');
    const names = [...new Set(fields.map((t) => t.attrs.name))];
    expect(names).toEqual([
      'requester.name', 'requester.email', 'requester.organization', 'requester.organizationType', 'requester.country',
      'use.type', 'use.audience', 'use.territories', 'use.startDate', 'use.durationDays', 'use.language', 'use.extent',
      'use.excerptWords', 'use.includePhotos', 'licenseeDomains', 'notes', 'acceptTerms',
    ]);
    const labelled = new Set(tags.filter((t) => t.name === 'label').map((t) => t.attrs.for));
    for (const f of fields) expect(labelled, `label for ${f.attrs.name}`).toContain(f.attrs.id);
    const form = tags.find((t) => t.name === 'form')!;
    // Host-relative: the page posts back to whichever host served it (CSP form-action 'self').
    expect(form.attrs).toMatchObject({ method: 'post', action: `${new URL(BASE_URL).pathname.replace(/\/$/, '')}/requests`, 'data-quote-url': `${new URL(BASE_URL).pathname.replace(/\/$/, '')}/quotes` });
    expect(tags.find((t) => t.name === 'input' && t.attrs.name === 'articleId')?.attrs).toMatchObject({ type: 'hidden', value: article.id });
    expect(tags.find((t) => t.attrs.name === 'use.startDate')?.attrs.type).toBe('date');
    expect(tags.filter((t) => t.attrs.name === 'use.extent').map((t) => t.attrs.type)).toEqual(['radio', 'radio']);
    expect(tags.find((t) => t.attrs.name === 'use.includePhotos')?.attrs.type).toBe('checkbox');
    expect(page.html).toContain('aria-live="polite"');
  });

  it('offers only the uses the rate card offers and the article does not exclude', () => {
    const restricted = { ...article, rights: { ...article.rights, excludedUses: ['print-reprint' as const] } };
    const card = { ...rateCard, uses: { ...rateCard.uses, translation: { ...rateCard.uses.translation, offered: false } } };
    const page = reprintFormPage({ article: restricted, rateCard: card, baseUrl: BASE_URL });
    const select = /<select id="f-use-type"[\s\S]*?<\/select>/.exec(page.html)?.[0] ?? '';
    const offered = [...select.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]).filter(Boolean);
    expect(offered).toEqual(['web-republication', 'newsletter', 'eprint', 'coursepack', 'excerpt-quote', 'ai-training', 'ai-retrieval']);
    expect(offered).toContain('web-republication');
    expect(offered).not.toContain('print-reprint');
    expect(offered).not.toContain('translation');
  });

  it('keeps the values typed and ties each error to its field, with a linked summary', () => {
    const page = reprintFormPage({
      article, rateCard, baseUrl: BASE_URL,
      values: { 'requester.name': 'Maya', 'use.extent': 'excerpt', 'use.includePhotos': 'on', 'use.type': 'newsletter', notes: 'line 1\nline 2' },
      errors: [{ path: 'requester.email', message: 'Invalid email address' }, { path: 'use.territories.1', message: 'Not a code' }, { path: 'use.excerptWords', message: 'required when extent is excerpt' }],
    });
    const tags = scan(page.html, { ownScript: liveQuoteScript });
    const byName = (n: string) => tags.find((t) => t.attrs.name === n)!;
    expect(byName('requester.name').attrs.value).toBe('Maya');
    expect(tags.find((t) => t.attrs.name === 'use.extent' && t.attrs.value === 'excerpt')!.attrs).toHaveProperty('checked');
    expect(byName('use.includePhotos').attrs).toHaveProperty('checked');
    expect(tags.find((t) => t.name === 'option' && t.attrs.value === 'newsletter')!.attrs).toHaveProperty('selected');
    expect(page.html).toContain('>line 1\nline 2</textarea>');
    const email = byName('requester.email');
    expect(email.attrs['aria-invalid']).toBe('true');
    expect(email.attrs['aria-describedby']).toContain('f-requester-email-error');
    expect(page.html).toContain('id="f-requester-email-error"');
    expect(byName('use.territories').attrs['aria-invalid']).toBe('true');
    expect(byName('requester.name').attrs['aria-invalid']).toBeUndefined();
    const summary = /<div class="error-summary" role="alert"[\s\S]*?<\/div>/.exec(page.html)?.[0] ?? '';
    expect(summary).toContain('There are 3 problems');
    expect(summary).toContain('<a href="#f-requester-email">Invalid email address</a>');
    expect(summary).toContain('<a href="#f-use-territories">Not a code</a>');
    expect(page.html.indexOf('error-summary')).toBeLessThan(page.html.indexOf('<h1>'));
  });

  it('maps error paths to fields', () => {
    expect(fieldOfPath('use.territories.3')).toBe('use.territories');
    expect(fieldOfPath('use.type')).toBe('use.type');
    expect(fieldOfPath('requester')).toBeUndefined();
    expect(fieldOfPath('articleId')).toBeUndefined();
    expect(fieldOfPath('use.typeX')).toBeUndefined();
  });

  it('shows the article teaser and rights warnings', () => {
    const embargoed = { ...article, rights: { owner: 'publisher' as const, embargoUntil: '2026-09-01' } };
    const page = reprintFormPage({ article: embargoed, rateCard, baseUrl: BASE_URL });
    expect(page.html).toContain('under embargo until September 1, 2026');
    expect(page.html).toContain('The port authority approved');
  });

  it('an article that can never be licensed shows why and whom to ask, and no form', () => {
    const thirdParty = { ...article, rights: { owner: 'third-party' as const, source: 'Wire Service' } };
    const wire = reprintFormPage({ article: thirdParty, rateCard, baseUrl: BASE_URL, contacts: ['rights@x.example'] }).html;
    expect(wire).toContain('third-party content from Wire Service');
    expect(wire).toContain('Ask Wire Service, who owns the rights, for permission.');
    expect(wire).not.toContain('<form');
    const withdrawn = reprintFormPage({ article: { ...article, pubstatus: 'canceled' }, rateCard, baseUrl: BASE_URL, contacts: ['rights@x.example'] }).html;
    expect(withdrawn).toContain('This article has been withdrawn');
    expect(withdrawn).toContain('href="mailto:rights@x.example"');
    expect(withdrawn).not.toContain('<form');
  });

  it('the live-quote script writes text only, never markup', () => {
    expect(liveQuoteScript).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
    // eslint-disable-next-line no-control-regex
    expect(liveQuoteScript).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u202A-\u202E\u2066-\u2069]/);
  });
});

describe('formToRequestBody', () => {
  const full = {
    articleId: 'harbour-dredging-plan',
    'requester.name': ' Maya Okafor ', 'requester.email': 'maya@example.com', 'requester.organization': 'Coastwatch',
    'requester.organizationType': 'nonprofit', 'requester.country': 'gb',
    'use.type': 'web-republication', 'use.audience': '25,000', 'use.territories': 'gb, ie  us;ca', 'use.startDate': '2026-07-01',
    'use.durationDays': '365', 'use.language': 'EN', 'use.extent': 'excerpt', 'use.excerptWords': '250', 'use.includePhotos': 'on',
    notes: 'Line one\nline two',
  };

  it('nests, converts and normalises a complete form into a valid body', () => {
    const body = formToRequestBody(full);
    expect(body).toEqual({
      articleId: 'harbour-dredging-plan',
      requester: { name: 'Maya Okafor', email: 'maya@example.com', organization: 'Coastwatch', organizationType: 'nonprofit', country: 'GB' },
      use: {
        type: 'web-republication', audience: 25000, territories: ['GB', 'IE', 'US', 'CA'], startDate: '2026-07-01', durationDays: 365,
        language: 'en', extent: 'excerpt', excerptWords: 250, includePhotos: true,
      },
      notes: 'Line one\nline two',
    });
    expect(reprintRequestSchema.safeParse(body).success).toBe(true);
  });

  it('drops empty fields, so the schema reports them as missing', () => {
    const body = formToRequestBody({ ...full, 'requester.name': '   ', notes: '', 'use.excerptWords': '', 'use.extent': 'full' }) as { requester: object; notes?: string; use: object };
    expect(body.requester).not.toHaveProperty('name');
    expect(body).not.toHaveProperty('notes');
    expect(body.use).not.toHaveProperty('excerptWords');
    const parsed = reprintRequestSchema.safeParse(body);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['requester.name']);
  });

  it('leaves non-numbers as strings for the schema to refuse, and keeps nested groups when empty', () => {
    expect(formToRequestBody({ 'use.audience': 'lots', 'use.durationDays': '1e3', 'use.excerptWords': '-5' })).toEqual({
      requester: {}, use: { audience: 'lots', durationDays: '1e3', excerptWords: '-5' },
    });
    expect(formToRequestBody({ 'use.audience': '1 000 000', 'use.durationDays': '12.5' })).toEqual({ requester: {}, use: { audience: 1000000, durationDays: '12.5' } });
    // The form is English: "25.000" is not twenty-five (nor, silently, twenty-five thousand).
    expect(formToRequestBody({ 'use.audience': '25.000' })).toEqual({ requester: {}, use: { audience: '25.000' } });
    expect(formToRequestBody({ 'use.audience': '25,000' })).toEqual({ requester: {}, use: { audience: 25000 } });
    expect(formToRequestBody({})).toEqual({ requester: {}, use: {} });
  });

  it('reads the photos checkbox as a boolean', () => {
    for (const v of ['on', 'true', '1', 'yes', 'TRUE']) expect(formToRequestBody({ 'use.includePhotos': v })).toMatchObject({ use: { includePhotos: true } });
    for (const v of ['off', 'false', '0', 'no']) expect(formToRequestBody({ 'use.includePhotos': v })).toMatchObject({ use: { includePhotos: false } });
    expect(formToRequestBody({})).not.toHaveProperty('use.includePhotos');
  });

  it('ignores prototype keys and deeper paths', () => {
    const body = formToRequestBody({ '__proto__.polluted': 'yes', 'constructor.prototype.x': '1', 'use.__proto__': 'x', 'a.b.c': 'deep', extra: 'kept' }) as Record<string, unknown>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(body.use)).toBe(Object.prototype);
    expect(body).toEqual({ requester: {}, use: {}, extra: 'kept' });
  });

  it('a territory list of one word and of WORLD', () => {
    expect(formToRequestBody({ 'use.territories': 'world' })).toMatchObject({ use: { territories: ['WORLD'] } });
    expect(formToRequestBody({ 'use.territories': ' , ' })).toMatchObject({ use: { territories: [] } });
  });
});

describe('status, result and review pages', () => {
  const article = fixtureArticle();

  it('the licensed status page shows number, validity, fee, attribution, and the copy, embed and license links', () => {
    const item = fixtureItem('licensed');
    const page = requestStatusPage({ item, article, token: 'a b', baseUrl: BASE_URL });
    expect(page.html).toContain(item.license!.number);
    expect(page.html).toContain('July 1, 2026 to June 30, 2027');
    expect(page.html).toContain(formatMoney(item.license!.fee.minorUnits, 'USD'));
    expect(page.html).toContain(escapeHtml(item.license!.attribution));
    const lic = item.license!.licenseId;
    expect(page.html).toContain(`href="${BASE_URL}/licenses/${lic}/copy?token=a%20b"`);
    expect(page.html).toContain(`href="${BASE_URL}/licenses/${lic}/embed?token=a%20b"`);
    expect(page.html).toContain(`href="${BASE_URL}/licenses/${lic}/copy?token=a%20b&amp;format=text"`);
    expect(page.html).toContain(`href="${BASE_URL}/requests/${item.requestId}?token=a%20b&amp;view=license"`);
  });

  it('the rejected status page lists every reason with its code, the fields to change, the pre-filled form and the exception form', () => {
    const item = fixtureItem('rejected');
    expect(item.reasons.length).toBeGreaterThanOrEqual(3);
    const page = requestStatusPage({ item, article, token: 'tok', baseUrl: BASE_URL });
    for (const r of item.reasons) {
      expect(page.html).toContain(escapeHtml(r.message));
      expect(page.html).toContain(`<code>${r.code}</code>`);
    }
    expect(page.html).toContain('<li>Duration in days</li>');
    expect(page.html).toContain(`href="${BASE_URL}/articles/${item.articleId}/reprint?from=${item.requestId}&amp;token=tok"`);
    expect(page.html).toContain(`action="/requests/${item.requestId}/exception"`);
  });

  it('a request refused because the article is third-party content offers no exception, only whom to ask', () => {
    const item = { ...fixtureItem('rejected'), reasons: [{ code: 'THIRD_PARTY_CONTENT' as const, message: 'This article is wire copy.' }] };
    const page = requestStatusPage({ item, article, token: 'tok', baseUrl: BASE_URL, contacts: ['rights@x.example'] }).html;
    expect(page).not.toContain('/exception');
    expect(page).not.toContain('Change the request');
    expect(page).toContain('href="mailto:rights@x.example"');
  });

  it('the pending status page says what happens next', () => {
    const page = requestStatusPage({ item: fixtureItem('pending'), article, token: 't', baseUrl: BASE_URL });
    expect(page.html).toContain('What happens next');
  });

  it('the status page offers accept/decline only for an offer and withdraw only while pending', () => {
    const offered = requestStatusPage({ item: fixtureItem('offered'), article, token: 'tok', baseUrl: BASE_URL }).html;
    expect(offered).toContain(`action="/requests/0k3m9x2v7qz4h8ta/offer"`);
    expect(offered).toContain('name="answer" value="accept"');
    expect(offered).toContain('name="answer" value="decline"');
    expect(offered).toContain('<input type="hidden" name="token" value="tok">');
    expect(offered).not.toContain('/withdraw');
    const pending = requestStatusPage({ item: fixtureItem('pending'), article, token: 'tok', baseUrl: BASE_URL }).html;
    expect(pending).toContain(`action="/requests/0k3m9x2v7qz4h8ta/withdraw"`);
    expect(pending).not.toContain('/offer"');
    const licensed = requestStatusPage({ item: fixtureItem('licensed'), article, token: 'tok', baseUrl: BASE_URL }).html;
    // A licensed request's only form registers a webhook endpoint (with the same token); no decision, no withdrawal.
    expect(licensed.match(/<form /g)).toHaveLength(1);
    expect(licensed).toMatch(/<form method="post" action="\/licenses\/[^"]+\/webhook">/);
    expect(licensed).not.toContain('/withdraw');
    expect(licensed).not.toContain('/offer"');
  });

  it('the status page history never shows staff addresses, IPs or browsers', () => {
    for (const status of statuses) {
      const item = fixtureItem(status);
      const page = requestStatusPage({ item, article, token: 'tok', baseUrl: BASE_URL }).html;
      expect(page).not.toContain('rights@harbourledger.example');
      expect(page).not.toContain('203.0.113.9');
      expect(page).not.toContain('Mozilla');
    }
  });

  it('the review page: details, quote, reasons, one form with both decisions, and "nothing changed"', () => {
    const item = fixtureItem('pending');
    const page = reviewPage({ item, article, token: 'tok', baseUrl: BASE_URL });
    const tags = scan(page.html);
    expect(page.html).toContain('Opening this page changed nothing');
    for (const s of ['Maya Okafor', 'maya@coastwatch.example', 'Coastwatch Weekly', 'Nonprofit organisation', '25,000', 'GB, IE', 'July 1, 2026', 'Full text', 'estuary special']) {
      expect(page.html).toContain(s);
    }
    for (const l of item.quote.lines) expect(page.html).toContain(escapeHtml(l.label));
    for (const r of item.reasons) expect(page.html).toContain(escapeHtml(r.message));
    const forms = tags.filter((t) => t.name === 'form');
    expect(forms).toHaveLength(1);
    expect(forms[0]!.attrs).toMatchObject({ method: 'post', action: `/review/${item.requestId}` });
    expect(tags.filter((t) => t.name === 'button').map((t) => [t.attrs.name, t.attrs.value])).toEqual([['decision', 'approve'], ['decision', 'deny']]);
    expect(tags.find((t) => t.attrs.name === 'token')?.attrs).toMatchObject({ type: 'hidden', value: 'tok' });
    expect(tags.find((t) => t.name === 'textarea')?.attrs.name).toBe('note');
    expect(tags.find((t) => t.attrs.name === 'fee')?.attrs.inputmode).toBe('decimal');
    expect(page.html).toContain('counter-offer');
  });

  it('already-decided names who decided and when; done pages say what happened', () => {
    const denied = alreadyDecidedPage({ item: fixtureItem('denied') }).html;
    expect(denied).toContain('rights@harbourledger.example');
    expect(denied).toContain('denied');
    expect(denied).toContain('June 2, 2026, 10:15 UTC');
    const withdrawn = alreadyDecidedPage({ item: fixtureItem('withdrawn') }).html;
    expect(withdrawn).toContain('by the requester');
    expect(reviewDonePage({ item: fixtureItem('licensed'), outcome: 'approved' }).html).toContain('RD-0K3M9X2V7QZ4H8TA');
    expect(reviewDonePage({ item: fixtureItem('offered'), outcome: 'offered' }).html).toContain('USD 350.00');
  });
});

describe('html helpers', () => {
  it('escapes text and attributes', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&\`</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;');
    expect(escapeAttr('a\nb\r\nc')).toBe('a&#10;b&#10;c');
    expect(escapeHtml('nul\u0000 bell\u0007')).toBe('nul bell');
  });

  it('the html template escapes by default and only raw() opts out', () => {
    const name = '<b>x</b>';
    expect(html`<p title="${name}">${name}${raw('<br>')}${[name, 1, null, undefined, false]}</p>`.value)
      .toBe('<p title="&lt;b&gt;x&lt;/b&gt;">&lt;b&gt;x&lt;/b&gt;<br>&lt;b&gt;x&lt;/b&gt;1</p>');
  });

  it('safeUrl allows http(s) and same-site paths only', () => {
    for (const ok of ['https://a.example/x?y=1', 'http://a.example', '/requests/1', '#main']) expect(safeUrl(ok)).toBe(ok);
    for (const bad of ['javascript:alert(1)', ' JAVASCRIPT:alert(1)', 'java\nscript:alert(1)', 'data:text/html,x', '//evil.example', '/\\evil.example', 'vbscript:x', 'https:evil', '', undefined]) {
      expect(safeUrl(bad)).toBe('#');
    }
  });

  it('formats money and dates independently of the host locale', () => {
    expect(formatMoney(120000, 'USD')).toBe('USD 1,200.00');
    expect(formatMoney(-2500, 'usd')).toBe('\u2212USD 25.00');
    expect(formatMoney(150000, 'JPY')).toBe('JPY 150,000');
    expect(formatDate('2026-12-01')).toBe('December 1, 2026');
    expect(formatDate('2026-12-01T23:59:00.000Z')).toBe('December 1, 2026');
    expect(formatDate('not a date')).toBe('not a date');
    expect(formatDateTime('2026-06-02T10:15:00.000Z')).toBe('June 2, 2026, 10:15 UTC');
  });

  it('renderPage refuses inline code that could close its own element, and hashes exactly what it inlines', () => {
    expect(() => renderPage({ title: 't', main: html``, script: 'x="</script>"' })).toThrow();
    expect(() => renderPage({ title: 't', main: html``, style: 'a{}</style>' })).toThrow();
    const page = renderPage({ title: '<t>', main: html`<h1>Hi</h1>`, script: 'void 0', lang: 'fr' });
    expect(page.html).toContain('<html lang="fr">');
    expect(page.html).toContain('<title>&lt;t&gt; · Reprint Desk</title>');
    expect(page.csp).toContain(`script-src ${sha('void 0')}`);
    expect(renderPage({ title: 't', main: html``, lang: '"><x' }).html).toContain('<html lang="en">');
  });
});
