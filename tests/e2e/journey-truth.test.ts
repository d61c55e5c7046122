/**
 * What people see is true — the requester's and the clerk's journey in Debian's chromium against
 * the local stack, tried as a new user would:
 *   1. empty and absurd submits show only plain-language messages, focus lands on the error summary
 *      whose items link to the fields, and the selects keep their "Choose…" placeholder;
 *   2. a reload (or Back and Send again, or a double click) after submitting leaves one request and
 *      one license;
 *   3. a revoked license reads "Revoked" on the status page, its history, the staff view's "Recent
 *      decisions" (on one line, even at phone width) and the CLI;
 *   5. a refused requester sees the fields to change, resubmits a pre-filled form, or asks for an
 *      exception that reaches the staff as a pending request; a third-party article shows whom to
 *      ask instead of a form;
 *   8. the licensed status page keeps the copy, embed and license links, and a printable license.
 * Screenshots go to test-results/screenshots/journey-*.png.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchBrowser } from '../support/browser.js';
import { postJson, startTestStack, type TestStack } from '../support/stack.js';

/** The validation library's phrasing, which no person may ever see. */
const LIBRARY_PHRASING = /Invalid input|expected (string|number|int|array|object|boolean)|received|Too (big|small)|Invalid option|Invalid (email|string|date)|>=|<=/i;
const SHOTS = 'test-results/screenshots';
const ARTICLE = 'harbour-dredging-plan';
const today = () => new Date().toISOString().slice(0, 10);

let stack: TestStack;
let browser: Browser;

async function fill(page: Page, email: string, use: { type?: string; audience?: string; duration?: string } = {}) {
  await page.fill('[name="requester.name"]', 'Ada Okafor');
  await page.fill('[name="requester.email"]', email);
  await page.fill('[name="requester.organization"]', 'Riverside Weekly');
  await page.selectOption('[name="requester.organizationType"]', 'commercial');
  await page.fill('[name="requester.country"]', 'US');
  await page.selectOption('[name="use.type"]', use.type ?? 'web-republication');
  await page.fill('[name="use.audience"]', use.audience ?? '5000');
  await page.fill('[name="use.territories"]', 'US');
  await page.fill('[name="use.startDate"]', today());
  await page.fill('[name="use.durationDays"]', use.duration ?? '180');
  await page.check('[name="acceptTerms"]');
}

const send = (page: Page) => Promise.all([page.waitForURL(/\/requests\/[0-9a-z]{16}\?token=/), page.click('button[type="submit"]:has-text("Send request")')]);

async function requestsOf(email: string) {
  const out = await stack.desk('requests', 'list', '--json', '--limit', '1000');
  return (JSON.parse(out.out) as { requestId: string; status: string; requester: { email: string } }[]).filter((r) => r.requester.email === email);
}
async function licensesOf(email: string) {
  const out = await stack.desk('licenses', 'list', '--json');
  return (JSON.parse(out.out) as { licenseId: string; email: string }[]).filter((l) => l.email === email);
}

describe.skipIf(!hasChromium())('the journeys in chromium', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    [stack, browser] = await Promise.all([startTestStack(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  for (const js of [true, false]) {
    it(`1. empty and absurd submits speak plainly, focus the summary and keep the placeholders (JavaScript ${js ? 'on' : 'off'})`, async () => {
      const context = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 1000, height: 900 } });
      const page = await context.newPage();
      try {
        await page.goto(`${stack.urls.api}/articles/${ARTICLE}/reprint`);
        // The browser's own checks would stop an empty form; the server must answer it too.
        const [empty] = await Promise.all([page.waitForResponse(/\/requests$/), page.click('button[type="submit"]')]);
        expect(empty.status()).toBe(422);
        const text = await page.locator('body').innerText();
        expect(text).not.toMatch(LIBRARY_PHRASING);
        for (const m of ['Enter your name', 'Choose a type of organisation', 'Enter the number of readers, for example 5,000', 'Choose a type of use']) expect(text).toContain(m);
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
        // Every summary item links to a field that exists.
        const targets = await page.locator('#error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
        expect(targets.length).toBeGreaterThanOrEqual(8);
        for (const t of targets) expect(await page.locator(t!).count(), t!).toBe(1);
        expect(await page.locator('[name="requester.organizationType"] option').first().textContent()).toBe('Choose…');
        await page.screenshot({ path: `${SHOTS}/journey-errors-empty-${js ? 'js' : 'nojs'}.png`, fullPage: true });

        // Absurd answers: still plain words, and a chosen select keeps its placeholder option.
        await fill(page, 'absurd@example.org', { audience: '2.5', duration: '99999999' });
        await page.fill('[name="requester.email"]', 'not an email');
        await page.fill('[name="use.language"]', 'e1');
        await page.fill('[name="use.territories"]', 'US, Narnia');
        const [absurd] = await Promise.all([page.waitForResponse(/\/requests$/), page.click('button[type="submit"]')]);
        expect(absurd.status()).toBe(422);
        const again = await page.locator('body').innerText();
        expect(again).not.toMatch(LIBRARY_PHRASING);
        for (const m of ['Enter an email address, for example name@example.com', 'Enter the number of readers as a whole number', 'Duration is at most 100 years', 'Enter the language as a two-letter language code']) expect(again).toContain(m);
        expect(await page.locator('[name="requester.organizationType"] option').first().textContent()).toBe('Choose…');
        expect(await page.inputValue('[name="requester.organizationType"]')).toBe('commercial');
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
        await page.click('#error-summary a[href="#f-use-durationDays"]');
        if (js) expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-use-durationDays');
        expect(await requestsOf('absurd@example.org')).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it('1. the JSON API speaks the same words: problem+json `detail` and `errors[].message`', async () => {
    const res = await postJson(stack, '/requests', { articleId: ARTICLE, requester: { email: 'x' }, use: { audience: 'many', durationDays: 1e9 } });
    expect(res.status).toBe(422);
    const doc = await res.json() as { detail: string; errors: { path: string; message: string }[] };
    expect(doc.detail).not.toMatch(LIBRARY_PHRASING);
    for (const e of doc.errors) expect(e.message).not.toMatch(LIBRARY_PHRASING);
    expect(doc.errors).toContainEqual({ path: 'use.durationDays', message: 'Duration is at most 100 years (36,500 days)' });
    expect(doc.errors).toContainEqual({ path: 'requester.organizationType', message: 'Choose a type of organisation' });

    // The HTML error page (a form post for an article that is not there) speaks the same words.
    const page = await browser.newPage();
    try {
      await page.goto(`${stack.urls.api}/articles/${ARTICLE}/reprint`);
      await page.evaluate(() => { (document.querySelector('[name="articleId"]') as HTMLInputElement).value = 'no-such-article'; });
      const [answer] = await Promise.all([page.waitForResponse(/\/requests$/), page.click('button[type="submit"]')]);
      expect(answer.status()).toBe(422);
      const text = await page.locator('main').innerText();
      expect(text).toContain('Enter your name');
      expect(text).not.toMatch(LIBRARY_PHRASING);
    } finally {
      await page.close();
    }
  });

  it('2. a reload, Back and Send again, or a double click never buys twice', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${stack.urls.api}/articles/${ARTICLE}/reprint`);
      await fill(page, 'reload@example.org');
      const firstKey = await page.inputValue('[name="idempotencyKey"]');
      const posts: number[] = [];
      page.on('response', (r) => { if (r.request().method() === 'POST' && r.url().endsWith('/requests')) posts.push(r.status()); });
      await send(page);
      expect(posts).toEqual([303]);
      const statusUrl = page.url();
      expect(await page.locator('main').innerText()).toContain('Your license is ready');
      await page.reload();
      await page.reload();
      expect(page.url()).toBe(statusUrl);
      expect(posts).toEqual([303]);
      expect(await requestsOf('reload@example.org')).toHaveLength(1);
      expect(await licensesOf('reload@example.org')).toHaveLength(1);

      // Back to the form, Send again with the same answers: the same request, answered again.
      await page.goBack();
      await page.waitForURL(/\/reprint$/);
      // Back shows the very form that was sent (kept for Back, not re-rendered), with its key.
      expect(await page.inputValue('[name="idempotencyKey"]')).toBe(firstKey);
      await fill(page, 'reload@example.org');
      await send(page);
      expect(await requestsOf('reload@example.org')).toHaveLength(1);
      expect(await licensesOf('reload@example.org')).toHaveLength(1);

      // A double click on a fresh form: two posts, one request.
      await page.goto(`${stack.urls.api}/articles/${ARTICLE}/reprint`);
      await fill(page, 'double@example.org');
      await page.evaluate(() => {
        const form = document.getElementById('reprint-form') as HTMLFormElement;
        const body = new URLSearchParams(new FormData(form) as unknown as Record<string, string>).toString();
        return Promise.all([0, 1].map(() => fetch(form.action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body, redirect: 'manual' })));
      });
      expect(await requestsOf('double@example.org')).toHaveLength(1);
      expect(await licensesOf('double@example.org')).toHaveLength(1);
    } finally {
      await context.close();
    }
  });

  it('3. a revoked license reads "Revoked" on the status page, its history, the staff view and the CLI', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
    const page = await context.newPage();
    try {
      await page.goto(`${stack.urls.api}/articles/${ARTICLE}/reprint`);
      await fill(page, 'revoked@example.org');
      await send(page);
      const statusUrl = page.url();
      const licenseId = /RD-[0-9A-Z]{16}/.exec(await page.locator('main').innerText())![0];
      const requestId = /\/requests\/([0-9a-z]{16})/.exec(statusUrl)![1]!;
      expect((await stack.desk('licenses', 'revoke', licenseId, '--reason', 'Published without attribution')).code).toBe(0);

      await page.goto(statusUrl);
      const main = page.locator('main');
      expect(await main.locator('.badge').first().innerText()).toBe('Revoked');
      expect(await main.innerText()).toContain('This license was revoked');
      expect(await main.innerText()).not.toMatch(/Your license is active|Your license is ready/);
      expect(await main.locator('.history li').last().locator('strong').innerText()).toBe('Revoked');
      expect(await main.locator('text=Open the licensed copy').count()).toBe(0);
      await page.screenshot({ path: `${SHOTS}/journey-status-revoked.png`, fullPage: true });

      await page.goto(`${stack.urls.api}/staff`);
      const row = page.locator('#decisions-heading').locator('xpath=..').locator('tr', { hasText: requestId });
      const badge = row.locator('.badge');
      expect(await badge.innerText()).toBe('Revoked');
      // One line: the badge is no taller than one line of its text (it used to wrap as "Revoke d").
      const box = await badge.evaluate((el) => ({ h: el.getBoundingClientRect().height, lh: parseFloat(getComputedStyle(el).lineHeight) || 20 }));
      expect(box.h).toBeLessThan(box.lh * 1.9);
      const licenseBadge = page.locator('tr', { hasText: licenseId }).locator('.badge');
      expect(await licenseBadge.innerText()).toBe('Revoked');
      await page.screenshot({ path: `${SHOTS}/journey-staff-revoked-phone.png`, fullPage: true });

      const list = await stack.desk('requests', 'list');
      expect(list.out.split('\n').find((l) => l.startsWith(requestId))).toMatch(/\bRevoked\b/);
      const show = await stack.desk('requests', 'show', requestId);
      expect(show.out).toMatch(/^Status\s+Revoked$/m);
      expect(show.out).toMatch(/Licensed\s+Revoked/); // the history row: from Licensed to Revoked
      const licenses = await stack.desk('licenses', 'list');
      expect(licenses.out.split('\n').find((l) => l.startsWith(licenseId))).toMatch(/\bRevoked\b/);
    } finally {
      await context.close();
    }
  });

  it('5. a refused requester sees what to change, resubmits a pre-filled form, or asks for an exception', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${stack.urls.api}/articles/${ARTICLE}/reprint`);
      await fill(page, 'refused@example.org', { duration: '5000' });
      await send(page);
      const main = page.locator('main');
      expect(await main.locator('.badge').first().innerText()).toBe('Cannot be licensed');
      expect(await main.innerText()).toContain('Duration in days');
      await page.screenshot({ path: `${SHOTS}/journey-refused.png`, fullPage: true });

      // Change the request: the form comes back filled in, the duration marked.
      await Promise.all([page.waitForURL(/\/reprint\?from=/), page.click('text=Change the request')]);
      expect(await page.inputValue('[name="requester.email"]')).toBe('refused@example.org');
      expect(await page.inputValue('[name="use.durationDays"]')).toBe('5000');
      expect(await page.getAttribute('[name="use.durationDays"]', 'aria-invalid')).toBe('true');
      expect(await page.locator('body').innerText()).not.toMatch(LIBRARY_PHRASING);
      await page.fill('[name="use.durationDays"]', '365');
      // The pre-filled form asks for the terms to be accepted again: they are the terms of a new request.
      expect(await page.isChecked('[name="acceptTerms"]')).toBe(false);
      await page.check('[name="acceptTerms"]');
      await send(page);
      expect(await page.locator('main .badge').first().innerText()).toBe('Licensed');

      // Or ask for an exception: the same request goes to the staff, pending, with its reasons.
      await page.goto(`${stack.urls.api}/articles/${ARTICLE}/reprint`);
      await fill(page, 'exception@example.org', { duration: '5000' });
      await send(page);
      await stack.clearMails();
      await page.fill('#f-exception-note', 'We keep a ten-year archive for schools.');
      await Promise.all([page.waitForURL(/\/requests\/[0-9a-z]{16}\?token=/), page.click('text=Ask the rights staff for an exception')]);
      expect(await page.locator('main .badge').first().innerText()).toBe('Waiting for a decision');
      expect(await page.locator('main').innerText()).toContain('You asked for an exception');
      const requestId = /\/requests\/([0-9a-z]{16})/.exec(page.url())![1]!;
      await stack.dispatch();
      const mails = (await stack.mails()).filter((m) => (m.body.text ?? '').includes(requestId));
      const toStaff = mails.filter((m) => m.destination.to[0] !== 'exception@example.org');
      expect(toStaff.length).toBeGreaterThanOrEqual(1);
      const review = (toStaff[0]!.body.text ?? '').match(/https?:\/\/\S+\/review\/\S+/)![0];
      await page.goto(review);
      const reviewText = await page.locator('main').innerText();
      expect(reviewText).toContain('We keep a ten-year archive for schools.');
      expect(reviewText).toContain('DURATION_TOO_LONG');
      expect(reviewText).toContain('The requester asks for an exception.');
      expect(await requestsOf('exception@example.org')).toEqual([expect.objectContaining({ status: 'pending' })]);

      // An article nobody here can license: why, and whom to ask — no form.
      await page.goto(`${stack.urls.api}/articles/wire-grain-exports/reprint`);
      expect(await page.locator('form').count()).toBe(0);
      expect(await page.locator('main').innerText()).toMatch(/third-party content from .*Meridian Wire Service/);
      expect(await page.locator('main').innerText()).toContain('who owns the rights, for permission');
      await page.screenshot({ path: `${SHOTS}/journey-third-party.png`, fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('8. the licensed status page keeps the copy, embed and license links, and a printable license', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${stack.urls.api}/articles/${ARTICLE}/reprint`);
      await fill(page, 'self-service@example.org');
      await send(page);
      const statusUrl = page.url();
      const number = /RD-[0-9A-Z]{16}/.exec(await page.locator('main').innerText())![0];
      // A licensee who lost the email comes back to the status page later.
      await page.goto(statusUrl);
      await Promise.all([page.waitForURL(/\/copy\?token=/), page.click('text=Open the licensed copy')]);
      expect(await page.locator('body').innerText()).toContain(number);
      await page.goto(statusUrl);
      await Promise.all([page.waitForURL(/\/embed\?token=/), page.click('text=Get the embed snippet')]);
      expect(await page.locator('body').innerText()).toContain('Paste this HTML');
      await page.goto(statusUrl);
      await Promise.all([page.waitForURL(/view=license/), page.click('text=The license, ready to print')]);
      const printable = await page.locator('main').innerText();
      expect(printable).toContain(`License ${number}`);
      expect(printable).toContain('Licensee');
      expect(printable).toContain('Riverside Weekly');
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('header.site').isVisible()).toBe(false);
      await page.pdf({ path: `${SHOTS}/journey-license.pdf` });
    } finally {
      await context.close();
    }
  });
});
