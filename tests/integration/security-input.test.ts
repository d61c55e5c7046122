/**
 * Input that must not stall or poison anything else (issue 11), reproduced against the local stack:
 * - ill-formed Unicode (a lone surrogate) at every input boundary, and an unrelated mail that
 *   still arrives intact afterwards — also when such a mail is already in an outbox;
 * - far-future start dates, and a lifecycle sweep that pages past index entries with nothing due;
 * - an Idempotency-Key replay storm staying below a fixed item size;
 * - HEAD and bad-format feed requests that must not use up a partner's daily quota;
 * - "25.000" typed into the form's audience field.
 */
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESClient } from '@aws-sdk/client-ses';
import { postJson, requestBody, startTestStack, type TestStack } from '../support/stack.js';
import { tableAccess } from '../support/table.js';
import { sesMailer } from '../../functions/adapters/mailer.js';
import { toRequestItem } from '../../functions/adapters/entities/request.js';
import { licenseIdFor, type OutboxMessage, type RequestRecord } from '../../functions/domain/request-record.js';
import { newRequestId } from '../../functions/domain/tokens.js';
import { REPLAY_TOKENS_KEPT } from '../../functions/application/submit-request.js';
import type { LifecycleReport } from '../../functions/application/lifecycle.js';

let stack: TestStack;
let table: ReturnType<typeof tableAccess>;
const RIGHTS = 'rights@harbourledger.example';
const DAY = 86_400_000;
const large = process.env.RELIABILITY === 'large';

beforeAll(async () => {
  stack = await startTestStack();
  table = tableAccess(stack.urls.dynamodb);
});
afterAll(async () => { await stack?.stop(); });

const rawJson = (path: string, body: string, headers: Record<string, string> = {}) =>
  stack.api(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('ill-formed Unicode', () => {
  it('a lone surrogate in any field is refused at the edge with the field named, and the next customer\'s mail arrives intact', async () => {
    const before = await table.countItems();
    // JSON.stringify would escape the surrogate as "\ud800" too; writing the escape by hand makes the point.
    const hostile = JSON.stringify(requestBody({ requester: { email: 'poison@riverside.example' } })).replace('"Ada Okafor"', '"A\\ud800"');
    const res = await rawJson('/requests', hostile);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const problem = (await res.json()) as { errors: { path: string; message: string }[] };
    expect(problem.errors).toEqual([{ path: 'requester.name', message: expect.stringMatching(/ill-formed Unicode/) }]);
    for (const [path, body] of [
      ['/quotes', hostile],
      ['/requests', JSON.stringify(requestBody()).replace('"harbour-dredging-plan"', '"harbour-dredging-plan", "notes": "\\udfff x"')],
      ['/review/0000000000000000', '{"token":"t\\ud83d","decision":"approve"}'],
    ] as const) expect((await rawJson(path, body)).status, path).toBe(400);
    expect((await stack.api('/articles/harbour-dredging-plan/terms?x=%ED%A0%80')).status).toBe(200); // bytes that are not UTF-8 decode to U+FFFD: well-formed
    expect(await table.countItems()).toBe(before);

    await stack.clearMails();
    const ok = await postJson(stack, '/requests', requestBody({ requester: { email: 'innocent@riverside.example', name: 'Bea Innocent' } }));
    expect(ok.status).toBe(201);
    expect((await stack.dispatch()).parked).toBe(0);
    const mails = await stack.mails();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.destination.to).toEqual(['innocent@riverside.example']);
    expect(mails[0]!.body.text).toContain('Bea Innocent');
  });

  it('a poisoned mail already in an outbox is parked at once; the mail queued after it goes out intact, to its own recipient only', async () => {
    // An item written before the edge refused such text (or by a path that forgot to check).
    const res = await postJson(stack, '/requests', requestBody({ requester: { email: 'old-poison@riverside.example' } }));
    const { requestId } = (await res.json()) as { requestId: string };
    await stack.dispatch();
    // A legacy message, rendered when it was queued (before the outbox held intents), with a lone surrogate.
    const at = new Date().toISOString();
    const poisoned: OutboxMessage = {
      id: 'licensee-correction:old-poison@riverside.example:poison', kind: 'licensee-correction', to: ['old-poison@riverside.example'],
      subject: 'Correction \ud800', text: 'x\ud800', html: '<p>x</p>', state: 'pending', attempts: 0, createdAt: at, nextAttemptAt: at,
    };
    expect((await table.repo.update(requestId, (item) => ({ ...item, outbox: { ...item.outbox, [poisoned.id]: poisoned } })))?.changed).toBe(true);
    await stack.clearMails();
    const report = await stack.dispatch();
    expect(report).toMatchObject({ sent: 0, parked: 1 });
    expect((await table.repo.getRequest(requestId))!.outbox[poisoned.id]).toMatchObject({ state: 'parked', attempts: 1, lastError: expect.stringMatching(/^UnsendableMail/) });

    const next = await postJson(stack, '/requests', requestBody({ requester: { email: 'after-poison@riverside.example', name: 'Cy After' } }));
    expect(next.status).toBe(201);
    await stack.dispatch();
    const mails = await stack.mails();
    expect(mails.map((m) => m.destination.to)).toEqual([['after-poison@riverside.example']]);
    expect(mails[0]!.subject).not.toContain('Correction');
  });

  it('the mailer replaces its SES client after a client-side failure, so the failed request cannot leak into the next', async () => {
    const built: string[] = [];
    let n = 0;
    // The failure path only: a client whose encoder throws once, as the SDK's did on a lone surrogate.
    const factory = () => {
      const id = `client-${++n}`;
      built.push(id);
      const client = new SESClient({ region: 'us-east-1', endpoint: process.env.AWS_ENDPOINT_URL_SES, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
      if (n === 1) client.middlewareStack.add(() => async () => { throw new URIError('URI malformed'); }, { step: 'serialize', name: 'poison' });
      return client;
    };
    const mailer = sesMailer(factory);
    await stack.clearMails();
    await expect(mailer.send({ from: 'reprints@reprintdesk.local', to: ['first@example.org'], subject: 'first', text: 'first' })).rejects.toThrow(URIError);
    await mailer.send({ from: 'reprints@reprintdesk.local', to: ['second@example.org'], subject: 'second', text: 'second' });
    expect(built).toEqual(['client-1', 'client-2']);
    const mails = await stack.mails();
    expect(mails.map((m) => [m.destination.to, m.subject])).toEqual([[['second@example.org'], 'second']]);
  });

  it('the CLI refuses it in arguments and in imported article and rate-card files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rd-unicode-'));
    const article = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../data/sample-article-2.json'), 'utf8')) as Record<string, unknown>;
    const articleFile = join(dir, 'article.json');
    writeFileSync(articleFile, JSON.stringify({ ...article, id: 'unicode-test' }).replace('"headline":"', '"headline":"\\ud800'));
    const cardFile = join(dir, 'card.yaml');
    writeFileSync(cardFile, readFileSync(resolve(import.meta.dirname, '../../data/rate-card.harbour-ledger.yaml'), 'utf8').replace(/publicationName: .*/, 'publicationName: "Harbour \\ud800 Ledger"'));
    const imported = await stack.desk('import-article', articleFile);
    expect(imported.code).toBe(1);
    expect(imported.err).toMatch(/headline: (contains ill-formed|not well-formed) Unicode/);
    const terms = await stack.desk('import-terms', cardFile);
    expect(terms.code).toBe(1);
    expect(terms.err).toMatch(/publicationName: contains ill-formed Unicode/);
    const arg = await stack.desk('requests', 'approve', '0000000000000000', '--as', RIGHTS, '--note', 'fine\udc00');
    expect(arg.code).toBe(2);
    expect(arg.err).toMatch(/ill-formed Unicode/);
    expect(await table.repo.getArticle('unicode-test')).toBeUndefined();
  });
});

describe('far-future dates', () => {
  const farFuture = Number(process.env.FAR_FUTURE_REQUESTS ?? (large ? 1000 : 100));

  it(`${farFuture} anonymous requests starting in 9999 are rejected and never reach the lifecycle's index`, async () => {
    const started = Date.now();
    const statuses = new Map<string, number>();
    for (let i = 0; i < farFuture; i++) {
      const res = await postJson(stack, '/requests', requestBody({ requester: { email: `far${i}@future.example` }, use: { startDate: i % 2 ? '9999-12-31' : '2199-12-31' } }));
      const body = (await res.json()) as { status: string; reasons?: { code: string }[]; errors?: { path: string }[] };
      const key = res.status === 201 ? `201 ${body.status} ${body.reasons?.map((r) => r.code).join(',')}` : `${res.status} ${body.errors?.map((e) => e.path).join(',')}`;
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
    }
    // 9999 is outside the schema (before 2200); 2199 is inside the schema and outside the rate card's horizon.
    expect([...statuses.keys()].sort()).toEqual(['201 rejected START_TOO_FAR_AHEAD', '422 use.startDate']);
    const due = JSON.parse(await table.snapshot()) as { dueAt?: string; validUntil?: string }[];
    expect(due.filter((i) => i.dueAt?.startsWith('+') || i.validUntil?.startsWith('+'))).toEqual([]);
    console.log(`[security] ${farFuture} far-future requests in ${Date.now() - started} ms: ${[...statuses].map(([k, v]) => `${v} × ${k}`).join('; ')}`);
  }, 30_000 + farFuture * 100);

  it('a sweep pages past index entries with nothing due, and the renewal notice behind them goes out on time', async () => {
    // A license ending in 20 days: its renewal notice (30 days ahead) is due now.
    const res = await postJson(stack, '/requests', requestBody({ requester: { email: 'renew-on-time@riverside.example' }, use: { startDate: new Date().toISOString().slice(0, 10), durationDays: 20 } }));
    const renewing = (await res.json()) as { requestId: string; status: string };
    expect(renewing.status).toBe('licensed');
    // Entries written before the horizon existed: licenses to 9999, whose anchor "+010000-…" sorts before every real date.
    const template = (await table.repo.getRequest(renewing.requestId))!;
    const planted = large ? 600 : 120;
    for (let i = 0; i < planted; i++) {
      const requestId = newRequestId();
      const record: RequestRecord = {
        ...template, requestId, outbox: {}, validUntil: '9999-12-31',
        license: { ...template.license!, licenseId: licenseIdFor(requestId), number: licenseIdFor(requestId), validUntil: '9999-12-31' },
      };
      expect(toRequestItem(record, 1).dueAt).toMatch(/^\+010000-/);
      expect(await table.repo.createRequest(record)).toBe(true);
    }
    const { sweepLifecycle } = await import('../../functions/application/lifecycle.js');
    const { lifecycleConfigFrom } = await import('../../functions/domain/lifecycle.js');
    const deps = { repo: table.repo, baseUrl: stack.urls.api, config: lifecycleConfigFrom({ REMIND_AFTER_HOURS: '48', EXPIRE_AFTER_DAYS: '14', RENEWAL_NOTICE_DAYS: '30' }) };
    // Pages of 25: before, the sweep read the same first page of far-future entries again and stopped.
    const report: LifecycleReport = await sweepLifecycle(deps, new Date(), { pageSize: 25 });
    expect(report.renewalNotices).toBeGreaterThanOrEqual(1);
    expect(report.skipped).toBeGreaterThanOrEqual(planted);
    expect(Object.values((await table.repo.getRequest(renewing.requestId))!.outbox).map((m) => m.kind)).toContain('licensee-renewal');
    console.log(`[security] ${planted} far-future index entries ahead of a due renewal: sweep passed over ${report.skipped}, sent ${report.renewalNotices} renewal notice(s)`);
  }, 30_000 + (large ? 600 : 120) * 150);
});

describe('an Idempotency-Key replay storm', () => {
  const replays = Number(process.env.REPLAY_STORM ?? (large ? 1000 : 100));

  it(`${replays} replays of one submission keep the item below a fixed size, and the request can still be decided`, async () => {
    const body = requestBody({ requester: { email: 'storm@riverside.example' }, use: { type: 'print-reprint', audience: 2000 } });
    const headers = { 'idempotency-key': 'storm-1' };
    const first = await postJson(stack, '/requests', body, headers);
    expect(first.status).toBe(201);
    const { requestId } = (await first.json()) as { requestId: string };
    const sizeOf = async () => Buffer.byteLength(JSON.stringify(await table.repo.getRequest(requestId)));
    const sizes: number[] = [await sizeOf()];
    let lastToken = '';
    for (let i = 0; i < replays; i++) {
      const res = await postJson(stack, '/requests', body, headers);
      expect(res.status).toBe(200);
      lastToken = ((await res.json()) as { token: string }).token;
      if (i === 20 || i === replays - 1) sizes.push(await sizeOf());
    }
    const item = (await table.repo.getRequest(requestId))!;
    expect(Object.keys(item.requesterTokens)).toHaveLength(1 + REPLAY_TOKENS_KEPT);
    expect(sizes[2]! - sizes[1]!).toBeLessThan(16); // no growth after the first few replays (a version number gains a digit)
    expect(sizes[2]!).toBeLessThan(48 * 1024); // the mail bodies still waiting in its outbox are most of it
    // The newest replay's token works; the request is decidable.
    expect((await stack.api(`/requests/${requestId}?token=${encodeURIComponent(lastToken)}`, { headers: { accept: 'application/json' } })).status).toBe(200);
    const decided = await stack.desk('requests', 'approve', requestId, '--as', RIGHTS);
    expect(decided.code, decided.err).toBe(0);
    console.log(`[security] ${replays} replays: item ${sizes.join(' → ')} bytes (first, after 20, after all); ${Object.keys(item.requesterTokens).length} requester tokens alive`);
  }, 30_000 + replays * 250);
});

describe('a partner\'s daily quota', () => {
  it('HEAD and bad-format requests do not use it up; only served feeds count', async () => {
    const added = await stack.desk('partners', 'add', '--name', 'Quota Daily', '--publication', 'the-harbour-ledger', '--sections', 'business', '--daily-limit', '3', '--json');
    expect(added.code, added.err).toBe(0);
    const { apiKey } = JSON.parse(added.out) as { apiKey: string };
    const feed = (method: string, format = 'rss') => stack.api(`/syndication/feed?format=${format}`, { method, headers: { 'x-api-key': apiKey } });
    for (let i = 0; i < 5; i++) expect((await feed('HEAD')).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await feed('GET', 'atom')).status).toBe(400);
    for (let i = 0; i < 3; i++) expect((await feed('GET')).status).toBe(200);
    expect((await feed('GET')).status).toBe(429);
    expect((await feed('HEAD')).status).toBe(429);
  });
});

describe('the form\'s audience field', () => {
  it('"25.000" is not 25 readers: the form comes back with the field named; "25,000" is twenty-five thousand', async () => {
    const fields = {
      articleId: 'harbour-dredging-plan', 'requester.name': 'Dora Dot', 'requester.email': 'dot@riverside.example', 'requester.organization': 'Riverside Weekly',
      'requester.organizationType': 'commercial', 'requester.country': 'US', 'use.type': 'web-republication', 'use.territories': 'US',
      'use.startDate': new Date(Date.now() + 7 * DAY).toISOString().slice(0, 10), 'use.durationDays': '180', 'use.language': 'en', 'use.extent': 'full', acceptTerms: 'on',
    };
    const post = (audience: string) => stack.api('/requests', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ ...fields, 'use.audience': audience }).toString() });
    const dotted = await post('25.000');
    expect(dotted.status).toBe(422);
    expect(await dotted.text()).toMatch(/number of readers as a whole number/);
    const comma = await post('25,000');
    expect(comma.status).toBe(303); // to the status page, which shows the number back
    const location = comma.headers.get('location')!;
    const page = await (await fetch(new URL(location, stack.urls.api), { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('25,000');
    const requestId = /\/requests\/([0-9a-z]{16})/.exec(location)![1]!;
    expect((await table.repo.getRequest(requestId))!.request.use.audience).toBe(25_000);
  });
});
