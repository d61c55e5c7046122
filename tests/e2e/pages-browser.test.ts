/**
 * The rendered pages in a real browser (Debian's chromium), served with their real CSP header by a
 * tiny local server: accessibility (axe), nothing from hostile data executes, keyboard use, phone
 * width, the live quote with JavaScript and the plain form post without it. Screenshots go to
 * test-results/screenshots/ for a person to look at.
 */
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page as PwPage } from 'playwright-core';
import { evaluate } from '../../functions/domain/policy.js';
import { reprintRequestSchema } from '../../functions/domain/request-body.js';
import { formatMoney } from '../../functions/views/html.js';
import { formToRequestBody } from '../../functions/domain/request-form.js';
import { errorPage } from '../../functions/views/pages/error.js';
import { type Page } from '../../functions/views/pages/layout.js';
import { licenseDocumentPage } from '../../functions/views/pages/license-document.js';
import { reprintFormPage } from '../../functions/views/pages/reprint-form.js';
import { requestStatusPage } from '../../functions/views/pages/request-status.js';
import { alreadyDecidedPage, reviewDonePage, reviewLinkInvalidPage, reviewPage } from '../../functions/views/pages/review.js';
import { fieldErrors } from '../../functions/edge/problem.js';
import type { RequestRecord as RequestItem } from '../../functions/domain/request-record.js';
import { describeViolations, hasChromium, launchBrowser, runAxe } from '../support/browser.js';
import { EVIL, fixtureArticle, fixtureItem, fixtureRateCard, NOW } from '../support/render-fixtures.js';

const SHOTS = 'test-results/screenshots';
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 740 };

/** Payloads that would set a flag if they ever ran, on top of the alert() ones in the fixtures. */
const FLAG_PAYLOADS = `<img src=x onerror="window.__xss=1"> "><svg onload="window.__xss=1"> <script>window.__xss=1</script>`;
const HOSTILE = `${EVIL} ${FLAG_PAYLOADS}`;

interface Posted { path: string; contentType: string; body: string }

let server: Server;
let origin = '';
let browser: Browser;
const posted: Posted[] = [];
const rateCard = fixtureRateCard();

const readBody = (req: IncomingMessage) => new Promise<string>((resolve) => {
  let data = '';
  req.setEncoding('utf8');
  req.on('data', (c: string) => { data += c; });
  req.on('end', () => resolve(data));
});

function send(res: ServerResponse, status: number, page: Page) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': page.csp, 'cache-control': 'no-store' });
  res.end(page.html);
}

function sendJson(res: ServerResponse, status: number, body: unknown, type = 'application/json') {
  res.writeHead(status, { 'content-type': type });
  res.end(JSON.stringify(body));
}

/** Pages by path. `/evil/...` serves the same page built from hostile data. */
function pageFor(path: string): Page | undefined {
  const evil = path.startsWith('/evil/');
  const p = evil ? path.slice(5) : path;
  const x = (s: string) => (evil ? `${s} ${HOSTILE}` : s);
  const article = fixtureArticle({ evil });
  const hostileArticle = evil ? { ...article, headline: x(article.headline), body: [x(article.body[0] ?? '')] } : article;
  const base = evil ? `${origin}/evil` : origin;
  const item = (status: Parameters<typeof fixtureItem>[0]) => {
    const it = fixtureItem(status, { evil });
    if (evil) it.request = { ...it.request, notes: x(it.request.notes ?? ''), requester: { ...it.request.requester, name: x(it.request.requester.name) } };
    return it;
  };
  switch (p) {
    case '/form': return reprintFormPage({ article: hostileArticle, rateCard, baseUrl: base, today: '2026-06-01' });
    case '/form-errors': return reprintFormPage({
      article: hostileArticle, rateCard, baseUrl: base, today: '2026-06-01',
      values: evil ? { 'requester.name': HOSTILE, 'requester.organization': HOSTILE, notes: HOSTILE, 'use.territories': HOSTILE } : { 'requester.name': 'Maya Okafor', 'use.territories': 'GB, Ireland' },
      errors: [
        { path: 'requester.email', message: x('Enter an email address, like name@example.com') },
        { path: 'requester.organization', message: x('Enter the name of your organisation') },
        { path: 'use.territories.1', message: x('Use two-letter country codes such as IE, or WORLD') },
        { path: 'use.audience', message: x('Enter the audience as a number') },
      ],
    });
    case '/review': return reviewPage({ item: item('pending'), article: hostileArticle, token: evil ? HOSTILE : 'review-token', baseUrl: base, approverEmail: 'rights@harbourledger.example' });
    case '/status/rejected': return requestStatusPage({ item: item('rejected'), article: hostileArticle, token: 'status-token', baseUrl: base });
    case '/license': return licenseDocumentPage({ item: item('licensed'), article: hostileArticle });
    case '/form/third-party': return reprintFormPage({ article: { ...hostileArticle, rights: { owner: 'third-party', source: x('Meridian Wire') } }, rateCard, baseUrl: base, contacts: ['rights@harbourledger.example'] });
    case '/submitted': return submitted ? requestStatusPage({ item: submitted, article: fixtureArticle(), token: 'status-token', baseUrl: base }) : undefined;
    case '/status/pending': return requestStatusPage({ item: item('pending'), article: hostileArticle, token: 'status-token', baseUrl: base });
    case '/status/offered': return requestStatusPage({ item: item('offered'), article: hostileArticle, token: 'status-token', baseUrl: base });
    case '/status/licensed': return requestStatusPage({ item: item('licensed'), article: hostileArticle, token: 'status-token', baseUrl: base });
    case '/status/denied': return requestStatusPage({ item: item('denied'), article: hostileArticle, token: 'status-token', baseUrl: base });
    case '/done/approved': return reviewDonePage({ item: item('licensed'), outcome: 'approved' });
    case '/done/offered': return reviewDonePage({ item: item('offered'), outcome: 'offered' });
    case '/already': return alreadyDecidedPage({ item: item('denied') });
    case '/link/expired': return reviewLinkInvalidPage({ reason: 'expired' });
    case '/error': return errorPage({ status: 422, title: x('Unprocessable Content'), detail: x('The request has invalid fields; see errors.'), errors: [{ path: 'use.audience', message: x('Expected number') }] });
    default: return undefined;
  }
}

const pagePaths = ['/form', '/form-errors', '/form/third-party', '/review', '/status/pending', '/status/offered', '/status/rejected',
  '/status/licensed', '/status/denied', '/license', '/done/approved', '/done/offered', '/already', '/link/expired', '/error'];

/** The request the fake API took last: POST /requests answers 303 to /submitted, which shows it. */
let submitted: RequestItem | undefined;

/** The fake API: /quotes evaluates with the real policy (storing nothing), /requests answers like the handler would. */
async function handle(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', origin);
  const evil = url.pathname.startsWith('/evil/');
  const path = evil ? url.pathname.slice(5) : url.pathname;
  if (req.method === 'POST') {
    const body = await readBody(req);
    posted.push({ path: url.pathname, contentType: req.headers['content-type'] ?? '', body });
    if (path === '/quotes') {
      const sent = JSON.parse(body) as unknown;
      const parsed = reprintRequestSchema.safeParse(sent);
      if (!parsed.success) {
        return sendJson(res, 422, { status: 422, title: 'Unprocessable Content', errors: fieldErrors(parsed.error, sent) }, 'application/problem+json');
      }
      const d = evaluate({ request: parsed.data, article: fixtureArticle(), rateCard, now: NOW });
      const reasons = evil ? [...d.reasons, { code: 'REVIEW_REQUIRED', message: HOSTILE }] : d.reasons;
      const quote = evil ? { ...d.quote, lines: d.quote.lines.map((l) => ({ ...l, label: `${l.label} ${FLAG_PAYLOADS}` })) } : d.quote;
      return sendJson(res, 200, { status: d.status, reasons, quote });
    }
    if (path === '/requests') {
      const fields = Object.fromEntries(new URLSearchParams(body));
      const parsed = reprintRequestSchema.safeParse(formToRequestBody(fields));
      if (!parsed.success) {
        const errors = fieldErrors(parsed.error, formToRequestBody(fields));
        return send(res, 422, reprintFormPage({ article: fixtureArticle(), rateCard, baseUrl: origin, values: fields, errors, today: '2026-06-01' }));
      }
      const d = evaluate({ request: parsed.data, article: fixtureArticle(), rateCard, now: NOW });
      submitted = fixtureItem(d.status, { request: parsed.data });
      res.writeHead(303, { location: `${origin}/submitted` });
      return res.end();
    }
    if (path.startsWith('/review/') || path.startsWith('/requests/')) {
      return send(res, 200, reviewDonePage({ item: fixtureItem('licensed'), outcome: 'approved' }));
    }
    return send(res, 404, errorPage({ status: 404, title: 'Not Found', detail: 'No such page.' }));
  }
  const page = pageFor(url.pathname);
  if (page) return send(res, 200, page);
  if (url.pathname === '/x' || url.pathname === '/favicon.ico') { res.writeHead(404); return res.end(); }
  return send(res, 404, errorPage({ status: 404, title: 'Not Found', detail: 'No such page.' }));
}

interface Watch { dialogs: string[]; cspViolations: string[]; errors: string[] }

/** A page that records dialogs, script errors and CSP violations, and flags any alert() call. */
async function open(context: BrowserContext, path: string): Promise<{ page: PwPage; watch: Watch }> {
  const page = await context.newPage();
  const watch: Watch = { dialogs: [], cspViolations: [], errors: [] };
  page.on('dialog', (d) => { watch.dialogs.push(d.message()); void d.dismiss(); });
  page.on('pageerror', (e) => watch.errors.push(String(e)));
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) watch.cspViolations.push(m.text()); });
  await page.goto(`${origin}${path}`);
  return { page, watch };
}

const flagged = (page: PwPage) => page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss ?? null);

async function shot(page: PwPage, name: string) {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

// Generous timeouts: chromium renders in software and CI machines are often shared.
describe.skipIf(!hasChromium())('pages in chromium', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = createServer((req, res) => { handle(req, res).catch((e: unknown) => { res.writeHead(500); res.end(String(e)); }); });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  for (const [label, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    for (const path of pagePaths) {
      it(`${path} at ${label} width: no axe violations, no sideways scrolling, styles allowed by the CSP`, async () => {
        const context = await browser.newContext({ viewport });
        try {
          const { page, watch } = await open(context, path);
          // Proves the hashed stylesheet was applied under the CSP (the body background comes from it).
          expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(244, 245, 247)');
          const violations = await runAxe(page);
          expect(violations, describeViolations(violations)).toEqual([]);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          expect(overflow, 'scrolls sideways').toBeLessThanOrEqual(0);
          expect(watch.cspViolations).toEqual([]);
          expect(watch.errors).toEqual([]);
        } finally {
          await context.close();
        }
      });
    }
  }

  for (const path of pagePaths) {
    it(`${path} with hostile data: nothing executes, the payloads show as text`, async () => {
      const context = await browser.newContext({ viewport: DESKTOP });
      // If a payload ever ran, alert() would both open a dialog and set the flag.
      await context.addInitScript(() => {
        const w = window as unknown as { __xss?: unknown; alert: (m?: unknown) => void };
        const original = w.alert.bind(window);
        w.alert = (m?: unknown) => { w.__xss = 'alert'; original(m); };
      });
      try {
        const { page, watch } = await open(context, `/evil${path}`);
        if (path === '/form') {
          // Drive the live quote so that hostile reasons and line labels from /quotes are rendered too.
          await page.selectOption('[name="requester.organizationType"]', 'commercial');
          await page.selectOption('[name="use.type"]', 'web-republication');
          await page.fill('#f-use-audience', '25000');
          await page.fill('#f-use-territories', 'GB');
          await expect.poll(() => page.textContent('#quote-output'), { timeout: 10_000 }).toContain('window.__xss=1');
          expect(await page.textContent('#quote-output')).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
          await shot(page, 'form-hostile-data');
        }
        if (path === '/status/licensed') {
          // The copy link is the desk's own address with the requester's token, nothing else.
          expect(await page.getAttribute('text=Open the licensed copy', 'href')).toMatch(new RegExp(`^${origin}/evil/licenses/RD-[0-9A-Z]+/copy\\?token=`));
        }
        await page.waitForTimeout(50);
        expect(watch.dialogs).toEqual([]);
        expect(await flagged(page)).toBeNull();
        expect(await page.locator('img, svg, iframe, object, embed').count()).toBe(0);
        expect(await page.locator('script').count()).toBeLessThanOrEqual(1);
        if (path !== '/link/expired') expect(await page.textContent('body')).toContain('<script>alert(1)</script>');
      } finally {
        await context.close();
      }
    });
  }

  it('the form: the live quote follows the fields and posts the same body as the plain form', async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    try {
      const quotesBefore = posted.filter((p) => p.path === '/quotes').length;
      const { page, watch } = await open(context, '/form');
      await expect.poll(() => page.textContent('#quote-output')).toMatch(/appear here as you fill in the form/);
      // A fresh form has nothing to price: no POST /quotes (it would only earn a 422) until a field changes.
      await page.waitForTimeout(600);
      expect(posted.filter((p) => p.path === '/quotes').length).toBe(quotesBefore);
      const fields: Record<string, string> = {
        'requester.name': 'Maya Okafor', 'requester.email': 'maya@coastwatch.example', 'requester.organization': 'Coastwatch Weekly',
        'requester.country': 'GB', 'use.audience': '5000', 'use.territories': 'GB, IE', 'use.startDate': '2026-07-01', 'use.durationDays': '365',
        licenseeDomains: 'news.coastwatch.example, blog.coastwatch.example',
      };
      for (const [name, value] of Object.entries(fields)) await page.fill(`[name="${name}"]`, value);
      await page.selectOption('[name="use.type"]', 'web-republication');
      // Every part of the use is filled in; the price also depends on the type of organisation, and says so.
      await expect.poll(() => page.textContent('#quote-output'), { timeout: 5000 }).toContain('The price appears once the type of organisation');
      await page.selectOption('[name="requester.organizationType"]', 'nonprofit');
      // $150 tier, 25% nonprofit discount; auto-approved below 10,000 readers.
      await expect.poll(() => page.textContent('#quote-output'), { timeout: 5000 }).toContain('USD 112.50');
      expect(await page.textContent('#quote-output')).toContain('Licensed at once');

      const lastQuote = posted.filter((p) => p.path === '/quotes').at(-1)!;
      expect(lastQuote.contentType).toBe('application/json');
      const formFields = await page.evaluate(() => {
        const out: Record<string, string> = {};
        new FormData(document.getElementById('reprint-form') as HTMLFormElement).forEach((v, k) => { out[k] = String(v); });
        return out;
      });
      expect(JSON.parse(lastQuote.body)).toEqual(formToRequestBody(formFields));

      await page.fill('[name="use.audience"]', '25000');
      await expect.poll(() => page.textContent('#quote-output'), { timeout: 5000 }).toContain('USD 300.00');
      expect(await page.textContent('#quote-output')).toContain("Needs a decision by the publication's rights staff");

      // The excerpt length is only shown when an excerpt is chosen.
      expect(await page.isVisible('#f-use-excerptWords')).toBe(false);
      await page.check('#f-use-extent-excerpt');
      expect(await page.isVisible('#f-use-excerptWords')).toBe(true);
      await page.fill('#f-use-excerptWords', '200');
      await expect.poll(() => page.textContent('#quote-output'), { timeout: 5000 }).toContain('USD 150.00');
      await page.check('#f-use-extent-full');
      await page.fill('[name="notes"]', 'For our estuary special on July 1.');
      await expect.poll(() => page.textContent('#quote-output'), { timeout: 5000 }).toContain('USD 300.00');
      await shot(page, 'form-desktop');

      await page.click('button[type=submit]');
      await page.waitForURL(`${origin}/submitted`);
      expect(await page.textContent('h1')).toContain('Harbour dredging plan');
      expect(await page.textContent('main')).toContain('Your request is with the rights staff');
      const submitted = posted.filter((p) => p.path === '/requests').at(-1)!;
      expect(submitted.contentType).toBe('application/x-www-form-urlencoded');
      expect(watch.errors).toEqual([]);
      expect(watch.cspViolations).toEqual([]);
      await page.close();
    } finally {
      await context.close();
    }
  });

  it('the form is keyboard-usable: skip link first, every field in order, then the submit button', async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    try {
      const { page } = await open(context, '/form');
      const stops: string[] = [];
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        const here = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          if (!el || el === document.body) return 'body';
          const outline = getComputedStyle(el).outlineStyle;
          return `${el.tagName.toLowerCase()}:${el.getAttribute('name') ?? el.textContent?.trim() ?? ''}:${outline}`;
        });
        stops.push(here);
        if (here.startsWith('button:')) break;
      }
      // A date input has one tab stop per part (month, day, year): count it once.
      const names = stops.map((s) => s.split(':')[1]).filter((n, i, all) => i === 0 || n !== all[i - 1]);
      expect(names[0]).toBe('Skip to main content');
      expect(names.slice(1)).toEqual([
        'requester.name', 'requester.email', 'requester.organization', 'requester.organizationType', 'requester.country',
        'use.type', 'use.audience', 'use.territories', 'use.startDate', 'use.durationDays', 'use.language', 'use.extent',
        'use.includePhotos', 'licenseeDomains', 'notes', 'The full terms for this article', 'acceptTerms', 'Send request',
      ]);
      // Focus is visible wherever it lands (the house outline, not the browser's faint default).
      for (const s of stops) expect(s.endsWith(':solid'), s).toBe(true);

      // The skip link moves focus to <main>.
      await page.goto(`${origin}/form`);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
      await page.close();
    } finally {
      await context.close();
    }
  });

  it('with errors: the summary is announced and its links take the keyboard to the field', async () => {
    const context = await browser.newContext({ viewport: PHONE });
    try {
      const { page } = await open(context, '/form-errors');
      expect(await page.getAttribute('#error-summary', 'role')).toBe('alert');
      await page.click('#error-summary a[href="#f-use-territories"]');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-use-territories');
      const described = await page.getAttribute('#f-use-territories', 'aria-describedby');
      expect(await page.textContent(`#${described!.split(' ').at(-1)!}`)).toContain('two-letter country codes');
      await page.evaluate(() => window.scrollTo(0, 0));
      await shot(page, 'form-errors-phone');
      await page.close();
    } finally {
      await context.close();
    }
  });

  it('without JavaScript the form still posts urlencoded and shows the decision', async () => {
    const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
    try {
      const { page } = await open(context, '/form');
      expect(await page.textContent('#quote-output')).toContain('Send the request to see the price');
      expect(await page.isVisible('#f-use-excerptWords')).toBe(true);
      await shot(page, 'form-phone');
      await page.fill('[name="requester.name"]', 'Lee Park');
      await page.fill('[name="requester.email"]', 'lee@school.example');
      await page.fill('[name="requester.organization"]', 'Northfield High School');
      await page.selectOption('[name="requester.organizationType"]', 'education');
      await page.fill('[name="requester.country"]', 'us');
      await page.selectOption('[name="use.type"]', 'web-republication');
      await page.fill('[name="use.audience"]', '1,200');
      await page.fill('[name="use.territories"]', 'us');
      await page.fill('[name="use.startDate"]', '2026-07-01');
      // Submitted from the keyboard: focus the button and press Enter.
      await page.focus('button[type=submit]');
      await page.keyboard.press('Enter');
      await page.waitForURL(`${origin}/submitted`);
      const submitted = posted.filter((p) => p.path === '/requests').at(-1)!;
      expect(submitted.contentType).toBe('application/x-www-form-urlencoded');
      const sent = Object.fromEntries(new URLSearchParams(submitted.body));
      expect(sent).toMatchObject({ articleId: 'harbour-dredging-plan', 'requester.name': 'Lee Park', 'use.audience': '1,200', 'use.extent': 'full' });
      expect(sent).not.toHaveProperty('use.includePhotos');
      const main = await page.textContent('main');
      expect(main).toContain('Your license is ready');
      expect(main).toContain(formatMoney(75_00, 'USD')); // $150 with the 50% education discount
      await shot(page, 'result-licensed-phone');

      // A form with mistakes comes back with the errors tied to the fields.
      await page.goto(`${origin}/form`);
      await page.fill('[name="requester.email"]', 'not-an-email');
      await page.click('button[type=submit]');
      await page.waitForURL(`${origin}/requests`);
      expect(await page.isVisible('#error-summary')).toBe(true);
      // Focus lands on the error summary, whose items link to the fields.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
      expect(await page.getAttribute('#error-summary a[href="#f-requester-email"]', 'href')).toBe('#f-requester-email');
      expect(await page.getAttribute('#f-requester-email', 'aria-invalid')).toBe('true');
      expect(await page.inputValue('#f-requester-email')).toBe('not-an-email');
      await page.close();
    } finally {
      await context.close();
    }
  });

  it('the review page: approve and deny post the decision, the token and the note', async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    try {
      const { page } = await open(context, '/review');
      expect(await page.textContent('main')).toContain('Opening this page changed nothing');
      await shot(page, 'review-desktop');
      await page.fill('#f-note', 'Happy to grant this.');
      await page.click('button[value=approve]');
      await page.waitForURL(/\/review\/0k3m9x2v7qz4h8ta$/);
      let sent = Object.fromEntries(new URLSearchParams(posted.filter((p) => p.path.startsWith('/review/')).at(-1)!.body));
      expect(sent).toEqual({ token: 'review-token', note: 'Happy to grant this.', fee: '', decision: 'approve' });
      await shot(page, 'review-done-desktop');

      await page.goto(`${origin}/review`);
      await page.fill('#f-fee', '250.00');
      await page.click('button[value=deny]');
      await page.waitForURL(/\/review\/0k3m9x2v7qz4h8ta$/);
      sent = Object.fromEntries(new URLSearchParams(posted.filter((p) => p.path.startsWith('/review/')).at(-1)!.body));
      expect(sent).toEqual({ token: 'review-token', note: '', fee: '250.00', decision: 'deny' });
      await page.setViewportSize(PHONE);
      await page.goto(`${origin}/review`);
      await shot(page, 'review-phone');
      await page.close();
    } finally {
      await context.close();
    }
  });

  for (const [path, name] of [
    ['/status/licensed', 'status-licensed'], ['/status/rejected', 'status-rejected'], ['/license', 'license-printable'],
    ['/form/third-party', 'form-third-party'], ['/status/offered', 'status-offered'], ['/status/pending', 'status-pending'], ['/already', 'already-decided'],
    ['/link/expired', 'review-link-expired'], ['/error', 'error'],
  ] as const) {
    it(`screenshot: ${name}`, async () => {
      const context = await browser.newContext({ viewport: DESKTOP });
      try {
        const { page } = await open(context, path);
        await shot(page, name);
      } finally {
        await context.close();
      }
    });
  }
});
