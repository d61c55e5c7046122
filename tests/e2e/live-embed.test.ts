/**
 * The live embed in chromium: a licensee's page on ANOTHER local origin (a tiny second HTTP server)
 * frames the current copy from the desk; after the article is withdrawn (re-imported with
 * `pubstatus: canceled`, as `desk import-article` does), a reload shows the withdrawal notice at
 * once; a page on an undeclared origin is refused by the browser (CSP frame-ancestors).
 * Locally the declared domains may be `127.0.0.1:PORT` (and `localhost:PORT`): chromium here
 * resolves only 127.0.0.1 (tests/support/browser.ts).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Frame, Page } from 'playwright-core';
import { hasChromium, launchBrowser } from '../support/browser.js';
import { postJson, requestBody, startTestStack, type TestStack } from '../support/stack.js';

const ARTICLE = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../data/sample-article-2.json'), 'utf8')) as { id: string; headline: string; body: string[] };
const dir = mkdtempSync(join(tmpdir(), 'desk-live-'));
const shots = 'test-results/screenshots';

/** A licensee's site: one page that pastes the snippet, on its own origin. */
async function licenseeSite(snippet: () => string): Promise<{ server: Server; origin: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Riverside Weekly</title></head><body><h1>Riverside Weekly</h1>${snippet()}<p id="after">End of page</p></body></html>`);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

let stack: TestStack;
let browser: Browser;
let declared: { server: Server; origin: string };
let undeclared: { server: Server; origin: string };
let snippet = '';

beforeAll(async () => {
  [stack, declared, undeclared] = await Promise.all([startTestStack(), licenseeSite(() => snippet), licenseeSite(() => snippet)]);
  if (hasChromium()) browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await Promise.all([declared, undeclared].map((s) => s && new Promise((ok) => s.server.close(ok))));
  await stack?.stop();
});

async function frameOf(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('iframe.reprintdesk-live');
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('no frame');
  return frame;
}

describe.skipIf(!hasChromium())('the live embed in chromium', { timeout: 120_000 }, () => {
  let licenseId = '';
  let token = '';

  it('a licensee who declared their site gets a live snippet', async () => {
    const imported = await stack.desk('import-article', resolve(import.meta.dirname, '../../data/sample-article-2.json'));
    expect(imported.code, imported.err).toBe(0);
    const site = new URL(declared.origin).host; // 127.0.0.1:PORT
    const r = await postJson(stack, '/requests', { ...requestBody({ articleId: ARTICLE.id, use: { startDate: new Date().toISOString().slice(0, 10) } }), licenseeDomains: [site] });
    const body = await r.json() as { status: string; token: string; license: { licenseId: string; embedUrl: string } };
    expect(r.status, JSON.stringify(body)).toBe(201);
    expect(body.status).toBe('licensed');
    licenseId = body.license.licenseId;
    token = body.token;
    const embed = await (await stack.api(`/licenses/${licenseId}/embed?token=${encodeURIComponent(token)}`)).text();
    const m = /<textarea id="live-snippet"[^>]*>([\s\S]*?)<\/textarea>/.exec(embed);
    expect(m, 'the embed page offers the live snippet').not.toBeNull();
    snippet = m![1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    expect(snippet).toMatch(/<iframe [^>]*sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"/);
    expect(snippet).toContain(`/licenses/${licenseId}/live`);
  });

  it('the frame answers with frame-ancestors of the declared site only, and refuses a top-level visit', async () => {
    const framed = await stack.api(`/licenses/${licenseId}/live`, { headers: { 'sec-fetch-dest': 'iframe' } });
    expect(framed.status).toBe(200);
    const csp = framed.headers.get('content-security-policy') ?? '';
    const host = new URL(declared.origin).host;
    expect(csp).toMatch(new RegExp(`frame-ancestors http://${host.replace(/\./g, '\\.')} https://${host.replace(/\./g, '\\.')}(;|$)`));
    expect(framed.headers.get('x-frame-options')).toBeNull();
    expect(framed.headers.get('x-robots-tag')).toContain('noai');
    const direct = await stack.api(`/licenses/${licenseId}/live`, { headers: { 'sec-fetch-dest': 'document' } });
    expect(direct.status).toBe(403);
    expect(await direct.text()).not.toContain(ARTICLE.body[0]!.slice(0, 40));
  });

  it('on the declared site the frame shows the copy and sizes itself; after the withdrawal a reload shows the notice', async () => {
    const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
    const page = await context.newPage();
    await page.goto(declared.origin);
    const frame = await frameOf(page);
    await expect.poll(() => frame.locator('h1').textContent(), { timeout: 10_000 }).toBe(ARTICLE.headline);
    expect(await frame.locator('article').innerText()).toContain(ARTICLE.body[0]!.slice(0, 40));
    // The resize message set the frame's height to its content (the snippet's default is 900).
    await expect.poll(async () => Number(await page.locator('iframe.reprintdesk-live').getAttribute('height')), { timeout: 10_000 }).not.toBe(900);
    const contentHeight = await frame.evaluate(() => document.body.getBoundingClientRect().height);
    expect(Math.abs(Number(await page.locator('iframe.reprintdesk-live').getAttribute('height')) - contentHeight)).toBeLessThanOrEqual(2);
    await page.screenshot({ path: `${shots}/live-embed-copy.png`, fullPage: true });

    // Withdraw the article, as the CLI does: re-import it with pubstatus canceled.
    const file = join(dir, 'withdrawn.json');
    writeFileSync(file, JSON.stringify({ ...ARTICLE, pubstatus: 'canceled', correction: 'The order was cancelled; the story is withdrawn.' }));
    const withdrawn = await stack.desk('import-article', file);
    expect(withdrawn.code, withdrawn.err).toBe(0);

    await page.reload();
    const after = await frameOf(page);
    await expect.poll(() => after.locator('body').innerText(), { timeout: 10_000 }).toContain('This article has been withdrawn by The Harbour Ledger');
    expect(await after.locator('body').innerText()).not.toContain(ARTICLE.body[0]!.slice(0, 40));
    await page.screenshot({ path: `${shots}/live-embed-withdrawn.png`, fullPage: true });
    await context.close();
  });

  it('on a site that was not declared the browser refuses the frame', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const refused: string[] = [];
    page.on('console', (m) => { if (/frame-ancestors|Refused to frame/i.test(m.text())) refused.push(m.text()); });
    await page.goto(undeclared.origin);
    const handle = await page.waitForSelector('iframe.reprintdesk-live');
    await expect.poll(() => refused.length, { timeout: 10_000 }).toBeGreaterThan(0);
    const frame = await handle.contentFrame();
    // Chromium leaves an empty error document (or none) in a refused frame: never the desk's page.
    const text = frame ? await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '') : '';
    expect(text).not.toContain('withdrawn');
    expect(text).not.toContain(ARTICLE.headline);
    await context.close();
  });
});
