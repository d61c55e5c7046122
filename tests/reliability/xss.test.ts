/**
 * Script-injection payloads in every free-text field, through the whole flow in chromium: an article
 * imported with hostile headline, byline, paragraphs, copyright and correction; a requester whose
 * name, organisation and notes are hostile; approvers whose notes are hostile. On every page a person
 * sees (form, form result, status, review, decided, already-decided, licensed copy, embed) and in
 * every HTML email the local SES holds, nothing runs and no payload becomes an element.
 *
 * The pages' Content-Security-Policy would stop an injected inline script by itself, so the browser
 * bypasses CSP here: what is tested is the escaping alone. Each payload carries a `data-xss`
 * attribute and sets `window.__xss` if it ever runs; a page passes with no `[data-xss]` element, no
 * `__xss`, and no dialog.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { main } from '../../cli/desk.js';
import { hasChromium, launchBrowser } from '../support/browser.js';
import { startTestStack, type StoredMail, type TestStack } from '../support/stack.js';

const RUN = 'window.__xss=(window.__xss||0)+1';
export const PAYLOADS = [
  `<script data-xss>${RUN}</script>`,
  `<img data-xss src=x onerror="${RUN}">`,
  `"><svg data-xss onload="${RUN}">`,
  `'><iframe data-xss srcdoc="<script>parent.__xss=1</script>"></iframe>`,
  `</textarea></title></style><img data-xss src=x onerror=${RUN}>`,
  `<a data-xss href="javascript:${RUN}">click</a>`,
  `<style data-xss>*{display:none}</style>`,
  `<base data-xss href="http://attacker.invalid/">`,
  `<meta data-xss http-equiv="refresh" content="0;url=javascript:${RUN}">`,
  `<details data-xss open ontoggle="${RUN}">`,
  `&lt;img data-xss src=x onerror=${RUN}&gt;`,
  `\`\${${RUN}}\` {{constructor.constructor('${RUN}')()}}`,
];

/** As many payloads as fit in `max` characters, after a readable label. */
const hostile = (label: string, max: number, from = 0) => {
  let out = label;
  for (let i = 0; i < PAYLOADS.length; i++) {
    const p = PAYLOADS[(from + i) % PAYLOADS.length]!;
    if (out.length + 1 + p.length > max) continue;
    out += ` ${p}`;
  }
  return out;
};

const ARTICLE_ID = 'hostile-article';
let stack: TestStack;
let browser: Browser;
let context: BrowserContext;
const checked: string[] = [];

/**
 * Nothing ran, nothing was injected — and, where `shown`, the hostile text is on the page as text
 * (so the check is not passing on a page that simply left the field out).
 */
async function check(page: Page, what: string, shown = true) {
  await page.waitForLoadState('load');
  // An injected image's onerror fires after load: give it a moment.
  await page.waitForTimeout(50);
  const found = await page.evaluate(() => ({
    ran: (window as unknown as { __xss?: number }).__xss ?? 0,
    injected: document.querySelectorAll('[data-xss]').length,
    text: document.body?.innerText ?? '',
  }));
  expect(found.ran, `${what}: a payload ran`).toBe(0);
  expect(found.injected, `${what}: a payload became an element`).toBe(0);
  expect(found.text.length, `${what}: the page is empty`).toBeGreaterThan(0);
  if (shown) expect(found.text, `${what}: the hostile text is not shown as text`).toContain('data-xss');
  checked.push(what);
}

const dialogs: string[] = [];
async function newPage(): Promise<Page> {
  const page = await context.newPage();
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  return page;
}

const mailsFor = async (requestId: string) => (await stack.mails()).filter((m) => (m.body.text ?? '').includes(requestId) || m.subject.includes(requestId));
const linkIn = (mail: StoredMail, pattern: RegExp) => ((mail.body.text ?? '').match(new RegExp(`https?://\\S+${pattern.source}\\S*`)) ?? [])[0];

beforeAll(async () => {
  if (!hasChromium()) return;
  [stack, browser] = await Promise.all([startTestStack(), launchBrowser()]);
  context = await browser.newContext({ bypassCSP: true });
  const sample = JSON.parse(JSON.stringify((await import('../../data/sample-article-2.json', { with: { type: 'json' } })).default)) as Record<string, unknown>;
  const article = {
    ...sample,
    id: ARTICLE_ID,
    headline: hostile('Harbour headline', 500),
    byline: [{ name: hostile('Reporter', 200, 3) }],
    publication: { name: 'The Harbour Ledger', copyrightHolder: hostile('Holder', 200, 6) },
    section: hostile('Section', 100, 9),
    body: PAYLOADS.map((p, i) => `Paragraph ${i + 1} ${p} ends here.`),
    copyright: hostile('© 2025', 300, 1),
    pubstatus: 'corrected',
    correction: hostile('Corrected:', 2000),
  };
  const file = join(mkdtempSync(join(tmpdir(), 'xss-')), 'hostile.json');
  writeFileSync(file, JSON.stringify(article));
  const err: string[] = [];
  const code = await main(['import-article', file, '--endpoint', stack.urls.dynamodb, '--table', process.env.TABLE_NAME!], { out: () => {}, err: (s) => err.push(s) });
  if (code !== 0) throw new Error(`import failed: ${err.join('\n')}`);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe.skipIf(!hasChromium())('hostile text through the whole flow, in chromium', () => {
  it('nothing runs on any page, and no HTML email carries a live payload', async () => {
    // The form, filled in with hostile text, JavaScript on.
    const page = await newPage();
    await page.goto(`${stack.urls.api}/articles/${ARTICLE_ID}/reprint`);
    await check(page, 'request form');
    await page.fill('[name="requester.name"]', hostile('Lee', 200));
    await page.fill('[name="requester.email"]', 'hostile-requester@example.org');
    await page.fill('[name="requester.organization"]', hostile('Civic Trust', 200, 4));
    await page.selectOption('[name="requester.organizationType"]', 'nonprofit');
    await page.fill('[name="requester.country"]', 'US');
    await page.selectOption('[name="use.type"]', 'print-reprint');
    await page.fill('[name="use.audience"]', '3000');
    await page.fill('[name="use.territories"]', 'US');
    await page.fill('[name="use.durationDays"]', '90');
    await page.fill('[name="notes"]', hostile('Notes', 2000));
    await page.check('[name="acceptTerms"]');
    await Promise.all([page.waitForURL(/\/requests\/[0-9a-z]{16}\?token=/), page.click('button[type="submit"]')]);
    await check(page, 'form result (pending)');
    const requestId = /[0-9a-hjkmnp-tv-z]{16}/.exec(await page.locator('main').innerText())?.[0];
    expect(requestId, 'the result page names the request').toBeTruthy();

    // A second request, by the JSON API, hostile too, to be denied.
    const denied = await (await stack.api('/requests', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        articleId: ARTICLE_ID,
        requester: { name: hostile('Ada', 200, 2), email: 'hostile-denied@example.org', organization: hostile('Org', 200, 7), organizationType: 'commercial', country: 'US' },
        use: { type: 'print-reprint', audience: 2000, territories: ['US'], startDate: new Date().toISOString().slice(0, 10), durationDays: 90, language: 'en', extent: 'full' },
        notes: hostile('More notes', 2000, 5),
        acceptTerms: true,
      }),
    })).json() as { requestId: string; statusUrl: string };
    // A third, licensed at once, for the form result page of a license.
    await page.goto(`${stack.urls.api}/articles/${ARTICLE_ID}/reprint`);
    await page.fill('[name="requester.name"]', hostile('Instant', 200, 8));
    await page.fill('[name="requester.email"]', 'hostile-instant@example.org');
    await page.fill('[name="requester.organization"]', hostile('Weekly', 200, 10));
    await page.selectOption('[name="requester.organizationType"]', 'commercial');
    await page.fill('[name="requester.country"]', 'US');
    await page.selectOption('[name="use.type"]', 'web-republication');
    await page.fill('[name="use.audience"]', '5000');
    await page.fill('[name="use.territories"]', 'US');
    await page.fill('[name="use.durationDays"]', '90');
    await page.fill('[name="notes"]', hostile('Instant notes', 2000, 11));
    await page.check('[name="acceptTerms"]');
    await Promise.all([page.waitForURL(/\/requests\/[0-9a-z]{16}\?token=/), page.click('button[type="submit"]')]);
    await check(page, 'form result (licensed)');

    await stack.dispatch();
    const mails = await mailsFor(requestId!);
    const review = (to: string) => linkIn(mails.find((m) => m.destination.to[0] === to)!, /\/review\//)!;

    // The requester's status page (from the acknowledgement email).
    const ack = mails.find((m) => m.destination.to[0] === 'hostile-requester@example.org')!;
    await page.goto(linkIn(ack, /\/requests\//)!);
    await check(page, 'status (pending)');

    // The approver's review page; approve with a hostile note.
    await page.goto(review('rights@harbourledger.example'));
    await check(page, 'review page');
    await page.fill('textarea[name="note"]', hostile('Approved', 2000, 3));
    await Promise.all([page.waitForLoadState('load'), page.click('button[value="approve"]')]);
    await check(page, 'decision done (approved)', false);

    // The other approver, too late: the already-decided page.
    await page.goto(review('editor@harbourledger.example'));
    await check(page, 'already decided (GET)');
    const late = await stack.api(`/review/${requestId}`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: new URL(review('editor@harbourledger.example')).searchParams.get('token')!, decision: 'deny', note: hostile('Late', 2000, 6) }).toString(),
    });
    expect(late.status).toBe(409);
    await page.setContent(await late.text(), { waitUntil: 'load' });
    await check(page, 'already decided (POST, 409)');

    // The licensee's email: the licensed copy (html), its embed page, and the status page once licensed.
    await stack.dispatch();
    const licensedMail = (await mailsFor(requestId!)).find((m) => m.destination.to[0] === 'hostile-requester@example.org' && /\/copy\?/.test(m.body.text ?? ''))!;
    expect(licensedMail, 'the license email').toBeTruthy();
    await page.goto(linkIn(licensedMail, /\/licenses\/\S+\/copy/)!);
    await check(page, 'licensed copy');
    await page.goto(linkIn(licensedMail, /\/licenses\/\S+\/embed/)!);
    await check(page, 'embed page');
    await page.goto(linkIn(licensedMail, /\/requests\//)!);
    await check(page, 'status (licensed)');

    // Deny the second request with a hostile note; its status page shows the note.
    const deniedMails = await mailsFor(denied.requestId);
    const deniedReview = linkIn(deniedMails.find((m) => m.destination.to[0] === 'rights@harbourledger.example')!, /\/review\//)!;
    await page.goto(deniedReview);
    await page.fill('textarea[name="note"]', hostile('Denied', 2000, 9));
    await Promise.all([page.waitForLoadState('load'), page.click('button[value="deny"]')]);
    await check(page, 'decision done (denied)', false);
    await page.goto(denied.statusUrl);
    await check(page, 'status (denied, with note)');
    await page.close();

    // Every HTML email in the local SES store, rendered with scripts on.
    await stack.dispatch();
    const all = (await stack.mails()).filter((m) => m.body.html);
    expect(all.length).toBeGreaterThanOrEqual(8);
    const mailPage = await newPage();
    let shownInMail = 0;
    for (const m of all) {
      expect(m.body.html!, `${m.subject}: raw markup of a payload`).not.toMatch(/<(script|img|svg|iframe|style|base|meta|details)\b[^>]*data-xss/i);
      expect(m.body.html!).not.toMatch(/href\s*=\s*["']?\s*javascript:/i);
      await mailPage.setContent(m.body.html!, { waitUntil: 'load' });
      await check(mailPage, `email "${m.subject.slice(0, 60)}" to ${m.destination.to[0]}`, false);
      if ((await mailPage.locator('body').innerText()).includes('data-xss')) shownInMail++;
    }
    expect(dialogs).toEqual([]);
    expect(shownInMail, 'hostile text reaches the emails as text').toBeGreaterThan(0);
    const pages = checked.filter((c) => !c.startsWith('email')).length;
    console.log(`XSS: ${PAYLOADS.length} payloads in 13 free-text fields, ${pages} pages and ${checked.length - pages} HTML emails (${shownInMail} showing hostile text) checked in chromium: 0 ran, 0 injected elements, 0 dialogs`);
  }, 180_000);
});
