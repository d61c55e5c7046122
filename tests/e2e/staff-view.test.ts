/**
 * The staff view in a real browser (Debian's chromium through playwright-core), served by the local
 * stack's gateway with its real CSP: it renders the pending requests, recent decisions, licenses and
 * the inline-SVG chart with nothing blocked, passes axe, and answers only to loopback (locally) or an
 * signed-in member of rights-staff (in AWS). Screenshot: test-results/screenshots/staff-view.png.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { postJson, requestBody, startTestStack, type TestStack } from '../support/stack.js';
import { tableAccess } from '../support/table.js';
import { licenseIdFor, type RequestRecord } from '../../functions/domain/request-record.js';
import { weeklySeries, weekStart } from '../../functions/views/staff.js';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = 'test-results/screenshots';
let stack: TestStack;
let table: ReturnType<typeof tableAccess>;
let browser: Browser | undefined;
const DAY = 86_400_000;


async function submit(email: string, organization: string, use: Record<string, unknown> = { type: 'print-reprint', audience: 2000 }) {
  const res = await postJson(stack, '/requests', requestBody({ use, requester: { email, organization, name: `${organization} desk` } }));
  return (await res.json()) as { requestId: string; status: string };
}

/** Copies of a real licensed request, back-dated over the last weeks, so the chart has a shape. */
async function seedHistory(template: RequestRecord) {
  const ids = 'abcdefghjkmnpqrs';
  const now = Date.now();
  for (let w = 1; w <= 11; w++) {
    for (let k = 0; k < (w * 7) % 5 + 1; k++) {
      const requestId = `0000${ids[w]!}${ids[k]!}0000000000`.slice(0, 16);
      const created = new Date(now - w * 7 * DAY - k * 3_600_000).toISOString();
      const fee = 10_000 + ((w * 3 + k * 5) % 9) * 2_500;
      const item: RequestRecord = ({
        ...template, requestId, createdAt: created, updatedAt: created, outbox: {},
        history: [{ at: created, from: null, to: 'licensed', actor: 'requester' }],
        license: { ...template.license!, licenseId: licenseIdFor(requestId), number: licenseIdFor(requestId), issuedAt: created, fee: { ...template.license!.fee, minorUnits: fee, amount: (fee / 100).toFixed(2) } },
      });
      expect(await table.repo.createRequest(item)).toBe(true);
    }
  }
}

beforeAll(async () => {
  stack = await startTestStack();
  table = tableAccess(stack.urls.dynamodb);
  // Something in every section: pending, a counter-offer, decisions, licenses.
  await submit('ada@riverside-weekly.example', 'Riverside Weekly');
  await submit('tom@coastal-quarterly.example', 'Coastal Quarterly <script>alert(1)</script>');
  const denied = await submit('li@metro-digest.example', 'Metro Digest');
  const offered = await submit('sam@harbour-school.example', 'Harbour School');
  const approved = await submit('kim@bay-newsletter.example', 'Bay Newsletter');
  const instant = await submit('jo@valley-courier.example', 'Valley Courier', {});
  expect(instant.status).toBe('licensed');
  const { decideAsApprover } = await import('../../functions/application/reply-decision.js');
  const deps = { repo: table.repo, baseUrl: stack.urls.api, offerTtlDays: 14 };
  await decideAsApprover(deps, denied.requestId, 'editor@harbourledger.example', { decision: 'deny', note: 'Not for print in this market.' }, {}, new Date());
  await decideAsApprover(deps, offered.requestId, 'rights@harbourledger.example', { decision: 'approve', fee: '199.00', note: 'Our print rate.' }, {}, new Date());
  await decideAsApprover(deps, approved.requestId, 'rights@harbourledger.example', { decision: 'approve' }, {}, new Date());
  await seedHistory((await table.repo.getRequest(instant.requestId))!);
  // The dispatcher's sweep brings the counters up to date (in AWS the table's stream drives it).
  await stack.dispatch();
  if (existsSync(chromiumPath)) {
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'],
    });
  }
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the staff view', () => {
  it('answers loopback with a strict CSP, no caching and noindex', async () => {
    const res = await stack.api('/staff');
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('cache-control')).toContain('no-store');
    expect(res.headers.get('x-robots-tag')).toContain('noindex');
    const body = await res.text();
    expect(body).toContain('Coastal Quarterly &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(body).not.toContain('<script>alert(1)</script>');
    expect((await stack.api('/staff', { method: 'HEAD' })).status).toBe(200);
  });

  it('refuses anyone else: a non-loopback client locally; in AWS without a staff session, a browser is sent to sign in', async () => {
    const { handler } = await import('../../functions/handlers/staff-view.js');
    const { staffSignIn } = await import('../../functions/edge/staff-access.js');
    const event = (sourceIp: string) => ({
      version: '2.0', routeKey: 'GET /staff', rawPath: '/staff', rawQueryString: '', headers: { accept: 'text/html' }, isBase64Encoded: false,
      requestContext: { http: { method: 'GET', path: '/staff', protocol: 'HTTP/1.1', sourceIp, userAgent: 'test' } },
    }) as unknown as APIGatewayProxyEventV2;
    const res = await handler(event('203.0.113.9'), {} as never) as { statusCode: number; body: string };
    expect(res.statusCode).toBe(403);
    expect(res.body).not.toContain('riverside-weekly');
    const local = staffSignIn({ stage: 'local', baseUrl: 'http://127.0.0.1:3000', userPoolId: '', clientId: '', loginUrl: '' });
    expect((await local.check(event('127.0.0.1'))).allowed).toBe(true);
    expect((await local.check(event('::1'))).allowed).toBe(true);
    expect((await local.check(event('10.0.0.8'))).allowed).toBe(false);
    // In AWS loopback means nothing; without a configured user pool nobody gets in.
    const unconfigured = staffSignIn({ stage: 'prod', baseUrl: 'https://r.example', userPoolId: '', clientId: '', loginUrl: '' });
    const refused = await unconfigured.check(event('127.0.0.1'));
    expect(refused.allowed).toBe(false);
    expect(!refused.allowed && refused.response.statusCode).toBe(403);
  });

  it('pages each list with its own cursor, and answers a cursor it did not give out with a 400 problem', async () => {
    const first = await (await stack.api('/staff')).text();
    const next = /<a href="\?decisions=([^"#]+)#decisions-heading" rel="next">/.exec(first);
    expect(next, 'the decisions list has a next page').not.toBeNull();
    const second = await stack.api(`/staff?decisions=${next![1]}`);
    expect(second.status).toBe(200);
    const body = await second.text();
    expect(body).toContain('href="?#decisions-heading">First page</a>');
    const ids = (html: string) => [...html.split('id="decisions-heading"')[1]!.split('</section>')[0]!.matchAll(/<td class="code-inline">([0-9a-z]{16})<\/td>/g)].map((m) => m[1]);
    expect(ids(body).length).toBeGreaterThan(0);
    expect(ids(body).filter((id) => ids(first).includes(id))).toEqual([]);
    // The counts come from the counters, not from the page: 2 waiting, 1 counter-offer.
    expect(first).toMatch(/<span class="n">2<\/span> waiting for a decision/);
    expect(first).toMatch(/<span class="n">1<\/span> counter-offers open/);

    for (const bad of ['garbage!', Buffer.from('{"pk":"REQUEST#x"}').toString('base64url'), next![1]!.slice(0, -4)]) {
      const res = await stack.api(`/staff?decisions=${encodeURIComponent(bad)}`, { headers: { accept: 'application/json' } });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await res.json()).toMatchObject({ status: 400, errors: [{ path: 'decisions' }] });
    }
    const page = await stack.api('/staff?pending=nope', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('This page link is not valid');
  });

  it('counts requests and fees per week', () => {
    const now = new Date('2026-11-25T12:00:00Z'); // a Wednesday
    expect(new Date(weekStart(now.getTime())).toISOString()).toBe('2026-11-23T00:00:00.000Z');
    const mk = (createdAt: string, fee?: number, currency = 'USD') => ({
      createdAt, ...(fee !== undefined ? { license: { status: 'active', issuedAt: createdAt, fee: { minorUnits: fee, currency } } } : {}),
    }) as unknown as RequestRecord;
    const s = weeklySeries([mk('2026-11-23T00:00:00Z', 1000), mk('2026-11-22T23:59:59Z'), mk('2026-11-24T10:00:00Z', 500), mk('2026-11-24T10:00:00Z', 700, 'EUR'), mk('2026-01-01T00:00:00Z', 9999)], now, 4);
    expect(s.currency).toBe('USD');
    expect(s.otherCurrencies).toEqual(['EUR']);
    expect(s.points.map((p) => p.week)).toEqual(['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23']);
    expect(s.points.map((p) => p.requests)).toEqual([0, 0, 1, 3]);
    expect(s.points.at(-1)).toMatchObject({ licensed: 3, revenueMinor: 1500 });
  });

  it('renders in chromium with nothing blocked, passes axe, and shows every section and the chart', async (ctx) => {
    if (!browser) return ctx.skip();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(String(e)));
    const res = await page.goto(`${stack.urls.api}/staff`);
    expect(res?.status()).toBe(200);
    expect(problems).toEqual([]);
    const headings = await page.locator('h2').allInnerTexts();
    expect(headings.map((h) => h.replace(/\s+\d+$/, ''))).toEqual(['Requests and fees per week', 'Waiting for a decision', 'Counter-offers waiting for the requester', 'Recent decisions', 'Compliance signals', 'Overdue invoices', 'Invoiced: paid, due and overdue', 'Licenses']);
    const pendingRows = await page.locator('section[aria-labelledby="pending-heading"] tbody tr').count();
    expect(pendingRows).toBe(2);
    expect(await page.locator('section[aria-labelledby="offered-heading"] tbody tr').count()).toBe(1);
    const decisions = await page.locator('section[aria-labelledby="decisions-heading"] tbody').innerText();
    expect(decisions).toContain('Not for print in this market.');
    expect(decisions).toContain('editor@harbourledger.example');
    // The chart is drawn: 12 bars, a revenue line, styled by the hashed stylesheet (so the bars are filled).
    expect(await page.locator('svg.chart rect.bar').count()).toBe(12);
    const box = await page.locator('svg.chart').boundingBox();
    expect(box!.width).toBeGreaterThan(500);
    const fill = await page.locator('svg.chart rect.bar').first().evaluate((el) => getComputedStyle(el).fill);
    expect(fill).toMatch(/^rgb\(31, 78, 121\)/);
    expect(await page.locator('svg.chart path.line').getAttribute('d')).toMatch(/^M[\d.]+ [\d.]+( L[\d.]+ [\d.]+){11}$/);
    // Licenses with their views column.
    const licenseRows = await page.locator('section[aria-labelledby="licenses-heading"] tbody tr').count();
    expect(licenseRows).toBeGreaterThanOrEqual(3);
    const xss = await page.evaluate(() => (window as unknown as { __xss?: number }).__xss);
    expect(xss).toBeUndefined();

    // Accessibility: axe-core, evaluated through the DevTools protocol (the page's CSP allows no script).
    const axe = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    await page.evaluate(axe);
    const violations = await page.evaluate(async () => {
      const a = (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
      const r = await a.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'] } });
      return r.violations.map((v) => `${v.id}: ${v.help} @ ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
    expect(violations).toEqual([]);

    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}/staff-view.png`, fullPage: true });
    await page.screenshot({ path: `${SHOTS}/staff-view-top.png` });
    await page.setViewportSize({ width: 375, height: 800 });
    await page.screenshot({ path: `${SHOTS}/staff-view-phone.png`, fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await page.close();
  });
});
