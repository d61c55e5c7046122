/**
 * The first end-to-end slice in a real browser (Debian's chromium) against the local stack: a
 * requester fills the form (JavaScript on and off) and sees the decision; an approver opens the
 * emailed link from the local SES store and approves or denies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeViolations, launchBrowser, runAxe } from '../support/browser.js';
import { startTestStack, type StoredMail, type TestStack } from '../support/stack.js';

let stack: TestStack;
let browser: Browser;
const shots = 'test-results/screenshots';

beforeAll(async () => {
  [stack, browser] = await Promise.all([startTestStack(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function fillForm(page: Page, use: { type: string; audience: string; territories: string }) {
  await page.fill('[name="requester.name"]', 'Ada Okafor <b>');
  await page.fill('[name="requester.email"]', 'ada@riverside-weekly.example');
  await page.fill('[name="requester.organization"]', 'Riverside Weekly');
  await page.selectOption('[name="requester.organizationType"]', 'commercial');
  await page.fill('[name="requester.country"]', 'US');
  await page.selectOption('[name="use.type"]', use.type);
  await page.fill('[name="use.audience"]', use.audience);
  await page.fill('[name="use.territories"]', use.territories);
  await page.fill('[name="use.durationDays"]', '180');
  await page.check('[name="acceptTerms"]');
}

const watchForScripts = (page: Page) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  return dialogs;
};

describe('the request form in chromium', () => {
  it('with JavaScript on: shows a live quote, submits, and shows the license', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const dialogs = watchForScripts(page);
    await page.goto(`${stack.urls.api}/articles/harbour-dredging-plan/reprint`);
    expect(describeViolations((await runAxe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical'))).toBe('');
    await fillForm(page, { type: 'web-republication', audience: '5000', territories: 'US' });
    await expect.poll(() => page.locator('#quote-output').innerText(), { timeout: 10_000 }).toContain('150.00');
    await page.screenshot({ path: `${shots}/flow-form-live-quote.png`, fullPage: true });
    await Promise.all([page.waitForURL(/\/requests\/[0-9a-z]{16}\?token=/), page.click('button[type="submit"]')]);
    const text = await page.locator('main').innerText();
    expect(text).toMatch(/RD-[0-9A-Z]{16}/);
    expect(text).toContain('Your license is ready');
    await page.screenshot({ path: `${shots}/flow-licensed.png`, fullPage: true });
    expect(dialogs).toEqual([]);
    await context.close();
  });

  it('with JavaScript off: the form still posts and shows the decision', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${stack.urls.api}/articles/harbour-dredging-plan/reprint`);
    await fillForm(page, { type: 'print-reprint', audience: '2000', territories: 'US' });
    await Promise.all([page.waitForURL(/\/requests\/[0-9a-z]{16}\?token=/), page.click('button[type="submit"]')]);
    expect(await page.locator('main').innerText()).toContain('Your request is with the rights staff');
    await page.screenshot({ path: `${shots}/flow-pending-phone-nojs.png`, fullPage: true });
    await context.close();
  });

  it('with JavaScript off: a wrong field comes back tied to its field, nothing stored', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${stack.urls.api}/articles/harbour-dredging-plan/reprint`);
    await fillForm(page, { type: 'web-republication', audience: '-3', territories: 'US' });
    await page.fill('[name="requester.email"]', 'not an email');
    // The browser's own validation would stop this; the server must answer it too.
    await page.evaluate(() => document.querySelector('form')?.setAttribute('novalidate', ''));
    const [response] = await Promise.all([page.waitForResponse(/\/requests$/), page.click('button[type="submit"]')]);
    expect(response.status()).toBe(422);
    const email = page.locator('[name="requester.email"]');
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await email.getAttribute('aria-describedby')) ?? '';
    expect(describedBy).not.toBe('');
    await context.close();
  });
});

describe('the review page in chromium', () => {
  async function pendingWithMails(email: string) {
    const res = await stack.api('/requests', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        articleId: 'harbour-dredging-plan',
        requester: { name: 'Lee "<img src=x onerror=alert(1)>"', email, organization: 'Civic <script>alert(2)</script> Trust', organizationType: 'nonprofit', country: 'US' },
        use: { type: 'print-reprint', audience: 3000, territories: ['US'], startDate: new Date(Date.now() + 86_400_000 * 3).toISOString().slice(0, 10), durationDays: 90, language: 'en', extent: 'full' },
        notes: 'Please <a href="javascript:alert(3)">click</a>',
        acceptTerms: true,
      }),
    });
    const { requestId } = await res.json();
    await stack.dispatch();
    const mails = (await stack.mails()).filter((m: StoredMail) => (m.body.text ?? '').includes(requestId));
    const link = (to: string) => (mails.find((m) => m.destination.to[0] === to)!.body.text ?? '').match(/https?:\/\/\S+\/review\/\S+/)![0];
    return { requestId, rights: link('rights@harbourledger.example'), editor: link('editor@harbourledger.example') };
  }

  it('approve path: the page shows the request, Approve decides once, the other approver sees who decided', async () => {
    const { rights, editor } = await pendingWithMails('approve-path@example.org');
    const page = await browser.newPage();
    const dialogs = watchForScripts(page);
    await page.goto(rights);
    expect(describeViolations((await runAxe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical'))).toBe('');
    expect(await page.locator('main').innerText()).toContain('Civic <script>alert(2)</script> Trust');
    await page.screenshot({ path: `${shots}/flow-review-page.png`, fullPage: true });
    await page.fill('textarea[name="note"]', 'Approved for the spring print run.');
    await Promise.all([page.waitForLoadState('load'), page.click('button[value="approve"]')]);
    expect(await page.locator('main').innerText()).toMatch(/approved/i);
    await page.screenshot({ path: `${shots}/flow-review-approved.png`, fullPage: true });
    await page.goto(editor);
    expect(await page.locator('main').innerText()).toContain('rights@harbourledger.example');
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('promises kept: the page speaks to the approver, the note reaches the licensee, the other approver is told', async () => {
    const { requestId, rights } = await pendingWithMails('promises@example.org');
    const page = await browser.newPage();
    await page.goto(rights);
    const shown = await page.locator('main').innerText();
    expect(shown).not.toMatch(/you will hear from them/i);
    expect(shown).toContain('The rate card sends every request for print reprint to the rights staff');
    await page.fill('textarea[name="note"]', 'Fine for the spring issue; credit the photographer.');
    await Promise.all([page.waitForLoadState('load'), page.click('button[value="approve"]')]);
    expect(await page.locator('main').innerText()).toContain('The other approvers get a short email saying that no action is needed');
    await page.close();
    await stack.dispatch();
    const mails = (await stack.mails()).filter((m: StoredMail) => (m.body.text ?? '').includes(requestId));
    const license = mails.find((m) => m.destination.to[0] === 'promises@example.org' && /license/i.test(m.subject));
    expect(license?.body.text).toContain('  > Fine for the spring issue; credit the photographer.');
    expect(mails.filter((m) => m.subject.startsWith('No action needed')).map((m) => m.destination.to[0])).toEqual(['editor@harbourledger.example']);
  });

  it('deny path: Deny with a note, and the requester is told', async () => {
    const { requestId, editor } = await pendingWithMails('deny-path@example.org');
    const page = await browser.newPage();
    await page.goto(editor);
    await page.fill('textarea[name="note"]', 'We do not license this story for print.');
    await Promise.all([page.waitForLoadState('load'), page.click('button[value="deny"]')]);
    expect(await page.locator('main').innerText()).toMatch(/denied/i);
    await page.screenshot({ path: `${shots}/flow-review-denied.png`, fullPage: true });
    await stack.dispatch();
    const denial = (await stack.mails()).find((m) => m.destination.to[0] === 'deny-path@example.org' && (m.body.text ?? '').includes('We do not license this story for print.'));
    expect(denial?.body.text).toContain(requestId);
    await page.close();
  });
});

describe('the licensed copy in chromium', () => {
  async function licensedCopy(articleId: string, email: string): Promise<string> {
    const res = await stack.api('/requests', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        articleId, acceptTerms: true,
        requester: { name: 'Ada Okafor', email, organization: 'Riverside Weekly', organizationType: 'commercial', country: 'US' },
        use: { type: 'web-republication', audience: 5000, territories: ['US'], startDate: new Date().toISOString().slice(0, 10), durationDays: 30, language: 'en', extent: 'full' },
      }),
    });
    const body = (await res.json()) as { license: { copyUrl: string } };
    return body.license.copyUrl;
  }

  it('facts, not placeholders: the canonical link is the original\'s or none, and the text declares its language', async () => {
    const page = await browser.newPage();
    await page.goto(await licensedCopy('harbour-dredging-plan', 'copy-facts@example.org'));
    expect(await page.locator('link[rel="canonical"]').getAttribute('href')).toMatch(/^https:\/\/harbourledger\.example\//);
    expect(await page.locator('article.copy').getAttribute('lang')).toBe('en');
    // The same article imported from pasted text without --canonical-url: no canonical link at all.
    const json = JSON.parse((await stack.desk('import-article', 'data/sample-article.txt', '--id', 'pasted-no-url', '--dry-run')).out) as Record<string, unknown>;
    expect(json).not.toHaveProperty('canonicalUrl');
    expect((await stack.desk('import-article', 'data/sample-article.txt', '--id', 'pasted-no-url')).code).toBe(0);
    await page.goto(await licensedCopy('pasted-no-url', 'copy-no-url@example.org'));
    expect(await page.locator('link[rel="canonical"]').count()).toBe(0);
    expect(await page.locator('main').innerText()).not.toContain('Original:');
    expect(await page.locator('article.copy').getAttribute('lang')).toBeNull();
    await page.screenshot({ path: `${shots}/flow-copy-without-canonical.png`, fullPage: true });
    await page.close();
  });
});
