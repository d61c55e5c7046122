/**
 * Every HTML page the service serves, and every email's HTML body, passes the Nu Html Checker
 * (vnu.jar on Java) with 0 errors. The pages are the real answers of the local stack along real
 * journeys — form, re-shown form with errors, status pages in each state, printable license, review
 * and its outcomes, copies, embed, error pages, staff view — plus the renderers' pages for the states
 * a journey cannot reach quickly (a license that ended, an article withdrawn) and with hostile data.
 * All documents go through ONE checker run. Skipped, saying why, only where Java is absent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, requestBody, startTestStack, type TestStack } from '../support/stack.js';
import { checkHtml, describeVnu, vnuUnavailable, type VnuDocument } from '../support/vnu.js';
import { licenseDocumentPage } from '../../functions/views/pages/license-document.js';
import { reprintFormPage } from '../../functions/views/pages/reprint-form.js';
import { requestStatusPage } from '../../functions/views/pages/request-status.js';
import { staffPage, weeklySeries } from '../../functions/views/staff.js';
import { complianceNoticePage, webhookRegisteredPage } from '../../functions/views/webhook-pages.js';
import { licenseeComplianceNoticeEmail } from '../../functions/views/emails/licensee-compliance-notice.js';
import { copyPage, embedPage } from '../../functions/views/copy.js';
import { liveCopyPage, liveEmbedSnippet, liveUnavailablePage, liveWithdrawnPage } from '../../functions/views/live-embed.js';
import { EVIL, fixtureArticle, fixtureItem, fixtureRateCard } from '../support/render-fixtures.js';
import type { RequestStatus } from '../../functions/domain/request-state.js';

const unavailable = vnuUnavailable();
if (unavailable) console.warn(`html-validity: skipped — ${unavailable}`);

let stack: TestStack;
const docs: VnuDocument[] = [];
const ARTICLE = 'harbour-dredging-plan';
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const form = (fields: Record<string, string>) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
const asBrowser = { headers: { accept: 'text/html' } };

/** Fetches a page and keeps it for the checker; fails if the answer is not HTML. */
async function page(name: string, url: string, init: RequestInit = asBrowser, expectStatus?: number): Promise<string> {
  const res = await fetch(url.startsWith('http') ? url : `${stack.urls.api}${url}`, { redirect: 'manual', ...init });
  if (expectStatus !== undefined) expect(res.status, name).toBe(expectStatus);
  expect(res.headers.get('content-type'), name).toMatch(/^text\/html/);
  const body = await res.text();
  docs.push({ name, html: body });
  return body;
}

/** Posts a form, follows the 303 to the status page (as a browser would) and keeps both pages' HTML. */
async function submitForm(name: string, fields: Record<string, string>): Promise<string> {
  const res = await stack.api('/requests', form(fields));
  expect(res.status, name).toBe(303);
  const location = res.headers.get('location')!;
  await page(name, location);
  return location;
}

const formFields = (over: Record<string, string> = {}) => ({
  articleId: ARTICLE, 'requester.name': 'Ada Okafor', 'requester.email': 'ada@riverside-weekly.example', 'requester.organization': 'Riverside Weekly',
  'requester.organizationType': 'commercial', 'requester.country': 'US', 'use.type': 'web-republication', 'use.audience': '5,000',
  'use.territories': 'US', 'use.startDate': inDays(0), 'use.durationDays': '180', 'use.language': 'en', 'use.extent': 'full', acceptTerms: 'true', ...over,
});

const reviewLinks = async (requestId: string) => {
  await stack.dispatch();
  return (await stack.mails()).filter((m) => (m.body.text ?? '').includes(requestId))
    .flatMap((m) => (m.body.text ?? '').match(/https?:\/\/\S+\/review\/\S+/g) ?? []);
};

describe.skipIf(Boolean(unavailable))('Nu Html Checker: every page and email', { timeout: 240_000 }, () => {
  beforeAll(async () => { stack = await startTestStack(); });
  afterAll(async () => { await stack?.stop(); });

  it('collects the pages of every journey from the local stack', async () => {
    await page('form', `/articles/${ARTICLE}/reprint`, asBrowser, 200);
    await page('form for third-party content', '/articles/wire-grain-exports/reprint', asBrowser, 200);
    await page('error: unknown article', '/articles/no-such-article/reprint', asBrowser, 404);
    await page('form re-shown with errors (empty)', '/requests', form({ articleId: ARTICLE, idempotencyKey: 'k1' }), 422);
    await page('form re-shown with errors (a start date that is not a date)', '/requests', form(formFields({ 'use.startDate': 'next tuesday' })), 422);
    await page('form re-shown with errors (absurd)', '/requests', form(formFields({ 'requester.email': 'nope', 'use.audience': 'lots', 'use.durationDays': '99999999', 'requester.organizationType': 'pirates', 'use.startDate': '2026-02-30' })), 422);
    await page('error page: unknown article in a post', '/requests', form({ articleId: 'nope' }), 422);

    // Licensed at once, through the form: the status page, the printable license, the copy, the embed.
    const licensed = await submitForm('status: licensed (after the form)', formFields({ idempotencyKey: 'valid-1', licenseeDomains: 'news.riverside.example, localhost:8080' }));
    const token = new URL(licensed).searchParams.get('token')!;
    const statusHtml = await page('status: licensed', licensed);
    await page('printable license', `${licensed}&view=license`, asBrowser, 200);
    const copy = /href="([^"]+\/copy\?token=[^"&]+)"/.exec(statusHtml)![1]!.replace(/&amp;/g, '&');
    await page('licensed copy', copy, asBrowser, 200);
    await page('embed page (with the live embed)', copy.replace('/copy?', '/embed?'), asBrowser, 200);
    const liveFrame = `${copy.split('/copy?')[0]}/live`;
    await page('live embed frame', liveFrame, { headers: { accept: 'text/html', 'sec-fetch-dest': 'iframe' } }, 200);
    await page('live embed outside a frame (403)', liveFrame, { headers: { accept: 'text/html', 'sec-fetch-dest': 'document' } }, 403);
    await page('copy: wrong token', copy.replace(/token=[^&]+/, 'token=wrong'), asBrowser, 404);

    // Pending → denied, with the other approver's late click; a second one withdrawn; a third countered.
    const pending = await (await postJson(stack, '/requests', requestBody({ requester: { email: 'pending@example.org' }, use: { type: 'print-reprint', audience: 2000 } }))).json() as { requestId: string; statusUrl: string };
    await page('status: pending', pending.statusUrl);
    const [first, second] = await reviewLinks(pending.requestId);
    await page('review page', first!, asBrowser, 200);
    await page('review: decided (denied)', `/review/${pending.requestId}`, form({ token: new URL(first!).searchParams.get('token')!, decision: 'deny', note: 'Not for print.' }), 200);
    await page('review: already decided', second!, asBrowser, 200);
    await page('status: denied', pending.statusUrl);
    await page('review: link not valid', `/review/${pending.requestId}?token=wrong`, asBrowser, 404);

    const offered = await (await postJson(stack, '/requests', requestBody({ requester: { email: 'offered@example.org' }, use: { type: 'print-reprint', audience: 2000 } }))).json() as { requestId: string; statusUrl: string };
    const [offerLink] = await reviewLinks(offered.requestId);
    await page('review: counter-offer sent', `/review/${offered.requestId}`, form({ token: new URL(offerLink!).searchParams.get('token')!, decision: 'approve', fee: '199.00' }), 200);
    await page('status: counter-offer', offered.statusUrl);

    const withdrawn = await (await postJson(stack, '/requests', requestBody({ requester: { email: 'withdrawn@example.org' }, use: { type: 'print-reprint', audience: 2000 } }))).json() as { requestId: string; statusUrl: string; token: string };
    const w = await stack.api(`/requests/${withdrawn.requestId}/withdraw`, form({ token: withdrawn.token }));
    expect(w.status).toBe(303);
    await page('status: withdrawn', withdrawn.statusUrl);

    // Refused: the status page with the way forward, the pre-filled form, then an exception request.
    const rejected = await (await postJson(stack, '/requests', requestBody({ requester: { email: 'rejected@example.org' }, use: { durationDays: 5000 } }))).json() as { requestId: string; statusUrl: string; token: string; status: string };
    expect(rejected.status).toBe('rejected');
    const rejectedHtml = await page('status: rejected', rejected.statusUrl);
    const prefilled = /href="([^"]+\/reprint\?from=[^"]+)"/.exec(rejectedHtml)![1]!.replace(/&amp;/g, '&');
    await page('form pre-filled from a refused request', prefilled, asBrowser, 200);
    const ex = await stack.api(`/requests/${rejected.requestId}/exception`, form({ token: rejected.token, note: 'A long-running archive.' }));
    expect(ex.status).toBe(303);
    await page('status: pending as an exception', ex.headers.get('location')!);

    // Revoked with the CLI: the status page, the printable license and the copy's 410.
    const licenseId = /RD-[0-9A-Z]{16}/.exec(statusHtml)![0];
    expect((await stack.desk('licenses', 'revoke', licenseId, '--reason', 'Published without attribution')).code).toBe(0);
    await page('status: revoked', licensed);
    await page('printable license: revoked', `${licensed}&view=license`, asBrowser, 200);
    await page('copy: revoked (410)', copy, asBrowser, 410);
    expect(token).not.toBe('');

    await page('staff view', '/staff', asBrowser, 200);
  });

  it('collects every email HTML body the journeys sent', async () => {
    await stack.dispatch();
    const mails = await stack.mails();
    expect(mails.length).toBeGreaterThan(8);
    for (const m of mails) {
      expect(m.body.html, m.subject).toBeTruthy();
      docs.push({ name: `email to ${m.destination.to.join(', ')}: ${m.subject}`, html: m.body.html! });
    }
  });

  it('adds the renderers\' pages for every state, with ordinary and hostile data', () => {
    const rateCard = fixtureRateCard();
    for (const evil of [false, true]) {
      const article = fixtureArticle({ evil });
      const tag = evil ? ' (hostile data)' : '';
      const statuses: RequestStatus[] = ['pending', 'licensed', 'rejected', 'offered', 'denied', 'withdrawn', 'declined', 'expired'];
      for (const s of statuses) {
        docs.push({ name: `render: status ${s}${tag}`, html: requestStatusPage({ item: fixtureItem(s, { evil }), article, token: evil ? EVIL : 't', baseUrl: 'https://desk.example', contacts: ['rights@x.example'] }).html });
      }
      const licensed = fixtureItem('licensed', { evil });
      const revoked = { ...licensed, license: { ...licensed.license!, status: 'revoked' as const, revokedAt: '2026-08-01T10:00:00.000Z', revokedReason: 'Breach' } };
      docs.push({ name: `render: status ended${tag}`, html: requestStatusPage({ item: licensed, article, token: 't', baseUrl: 'https://desk.example', now: new Date('2028-01-01T00:00:00Z') }).html });
      docs.push({ name: `render: status article withdrawn${tag}`, html: requestStatusPage({ item: licensed, article: { ...article, pubstatus: 'canceled' }, token: 't', baseUrl: 'https://desk.example', contacts: ['rights@x.example'] }).html });
      docs.push({ name: `render: status revoked${tag}`, html: requestStatusPage({ item: revoked, article, token: 't', baseUrl: 'https://desk.example' }).html });
      docs.push({ name: `render: printable license${tag}`, html: licenseDocumentPage({ item: licensed, article }).html });
      docs.push({ name: `render: withdrawn article form${tag}`, html: reprintFormPage({ article: { ...article, pubstatus: 'canceled' }, rateCard, baseUrl: 'https://desk.example', contacts: ['rights@x.example'] }).html });
      docs.push({ name: `render: form with every field wrong${tag}`, html: reprintFormPage({
        article, rateCard, baseUrl: 'https://desk.example', idempotencyKey: 'k',
        values: { 'requester.organizationType': evil ? EVIL : 'nonprofit', 'use.type': evil ? EVIL : 'newsletter' },
        errors: [{ path: 'requester.organizationType', message: 'Choose a type of organisation' }, { path: 'use.type', message: 'Choose a type of use' }, { path: '(body)', message: 'Remove "x"' }],
      }).html });
      const items = statuses.map((s) => fixtureItem(s, { evil }));
      docs.push({ name: `render: staff view${tag}`, html: staffPage({
        now: new Date('2026-06-03T12:00:00Z'), config: { remindAfterHours: 48, expireAfterDays: 14, renewalNoticeDays: 30 },
        pending: [items[0]!], offered: [items[3]!], decisions: [...items.slice(1), revoked], licenses: [{ item: licensed, views: 3 }, { item: revoked }],
        series: weeklySeries(items, new Date('2026-06-03T12:00:00Z')), viewCounts: true,
        missingCanonical: [{ articleId: article.id, headline: article.headline }],
        compliance: { days: 30, noticeAction: '/staff/compliance/notice', clickIds: { [licensed.license!.licenseId]: evil ? EVIL : 'click-0123456789abcdef' }, rows: [
          { licenseId: licensed.license!.licenseId, signal: 'revoked', origin: evil ? `https://x.example/${EVIL}` : 'https://copycat.example', hits: 3, firstDay: '2026-06-01', lastDay: '2026-06-03', licensee: 'Org', email: 'a@b.example' },
          { licenseId: licensed.license!.licenseId, signal: 'undeclared-origin', origin: '(none)', hits: 1, firstDay: '2026-06-03', lastDay: '2026-06-03' },
        ] },
      }).html });
      const endpoint = { endpointId: 'ep_x', url: evil ? `https://hooks.example/${EVIL}` : 'https://hooks.example/r', sealedSecret: 'v1.a.b.c', createdAt: '2026-06-03T12:00:00.000Z', createdBy: 'licensee' as const };
      docs.push({ name: `render: status licensed with a webhook endpoint${tag}`, html: requestStatusPage({ item: { ...licensed, webhooks: { ep_x: endpoint } }, article, token: 't', baseUrl: 'https://desk.example' }).html });
      docs.push({ name: `render: webhook registered${tag}`, html: webhookRegisteredPage({ licenseId: licensed.license!.licenseId, endpoint, secret: 'whsec_AAAA', rotated: evil }).html });
      docs.push({ name: `render: compliance reminder email${tag}`, html: licenseeComplianceNoticeEmail({ item: licensed, article, lines: [
        { signal: 'revoked', origin: evil ? `https://x.example/${EVIL}` : 'https://copycat.example', hits: 3, firstDay: '2026-06-01', lastDay: '2026-06-03' },
        { signal: 'undeclared-origin', origin: '(none)', hits: 1, firstDay: '2026-06-03', lastDay: '2026-06-03' },
      ] }).html });
      docs.push({ name: `render: compliance notice sent${tag}`, html: complianceNoticePage({ licenseId: licensed.license!.licenseId, queued: !evil, to: evil ? EVIL : 'a@b.example', signals: 2, staffUrl: '/staff' }).html });
      // Copies of an article with no canonical URL and a stated language, and the embed page with its views.
      const bare = { ...article, canonicalUrl: undefined, language: 'fr' };
      const copyInput = { license: licensed.license!, article: bare, revision: 2, importedAt: '2026-06-02T10:00:00.000Z', baseUrl: 'https://desk.example' };
      docs.push({ name: `render: copy without canonical URL${tag}`, html: copyPage(copyInput, { text: '/t', json: '/j', embed: '/e' }).html });
      docs.push({ name: `render: embed page without canonical URL, with views${tag}`, html: embedPage(copyInput, { raw: '/r', copy: '/c' }, { views: 3, referrers: [{}, {}] }).html });
      // The live embed: its frame in each state, and the snippet as it sits in a licensee's page.
      const domains = evil ? [EVIL] : ['news.riverside.example'];
      docs.push({ name: `render: live embed copy${tag}`, html: liveCopyPage(copyInput, domains).html });
      docs.push({ name: `render: live embed withdrawn${tag}`, html: liveWithdrawnPage({ ...article, pubstatus: 'canceled', correction: evil ? EVIL : 'Withdrawn.' }, domains).html });
      docs.push({ name: `render: live embed revoked${tag}`, html: liveUnavailablePage(article.headline, 'revoked', domains).html });
      docs.push({ name: `render: live embed snippet in a page${tag}`, html: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Licensee</title></head><body>${liveEmbedSnippet({ baseUrl: 'https://desk.example', licenseId: licensed.license!.licenseId, headline: article.headline })}</body></html>` });
    }
  });

  it('0 errors in every document, in one run of the checker', async () => {
    expect(docs.length).toBeGreaterThan(60);
    // A canary the checker must fail (what the re-shown form was before: a required select whose
    // first option is not an empty placeholder; and a duplicate id), so a silent checker cannot pass.
    const canary = { name: 'canary (must fail)', html: '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>x</title></head><body><p id="a">x</p><p id="a">y</p><select name="s" required><option value="commercial" selected>Commercial</option></select></body></html>' };
    const started = Date.now();
    const result = await checkHtml([...docs, canary]);
    expect(result.get(canary.name)!.length, 'the canary was not caught').toBeGreaterThanOrEqual(2);
    result.delete(canary.name);
    const errors = new Map([...result].filter(([, ms]) => ms.length));
    console.log(`vnu: ${docs.length} documents checked in ${Date.now() - started} ms, ${[...errors.values()].flat().length} errors`);
    expect(describeVnu(errors)).toBe('');
  });
});
