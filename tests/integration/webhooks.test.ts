/**
 * Signed webhooks on the local stack: a licensee registers a loopback endpoint (a tiny node http
 * server in this test) with the license token; each event — article.corrected, article.withdrawn,
 * license.revoked, license.expiring, license.ended — arrives exactly once with a signature the
 * `standardwebhooks` verifier accepts; a failing endpoint (500s) is retried, parked, listed and
 * redelivered by `desk outbox replay`; private addresses are refused even locally (only loopback is
 * allowed there); the secret is shown once and never stored in the clear.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import type { Article } from '../../functions/domain/article.js';
import { parseArticleFile } from '../../functions/application/import-content.js';
import { postJson, requestBody, startTestStack, type TestStack } from '../support/stack.js';
import { tableAccess } from '../support/table.js';
import { sampleFiles } from '../../local/sample-data.js';

let stack: TestStack;
const dir = mkdtempSync(join(tmpdir(), 'desk-webhooks-'));
const ARTICLE = 'harbour-dredging-plan';
const CANONICAL = (sampleFiles.articles.find((a) => a.id === ARTICLE) as { canonicalUrl: string }).canonicalUrl;
const DAY = 86_400_000;
const today = () => new Date().toISOString().slice(0, 10);

interface Received { path: string; headers: IncomingHttpHeaders; body: string }
const received: Received[] = [];
let failing = false;
let server: Server;
let hookBase = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      res.statusCode = failing && req.url?.startsWith('/flaky') ? 500 : 204;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  hookBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stack = await startTestStack();
  // Invoices have their own clock (reminders, suspension: payments.test.ts); here licenses are paid for.
  const repo = tableAccess(stack.urls.dynamodb).repo;
  const card = (await repo.getEffectiveRateCard('the-harbour-ledger'))!;
  await repo.putRateCard({ ...card, uses: Object.fromEntries(Object.entries(card.uses).map(([k, u]) => [k, { ...u, payment: 'none' }])) as typeof card.uses }, new Date());
});
afterAll(async () => {
  await stack?.stop();
  await new Promise((r) => server?.close(r));
});

interface Licensed { requestId: string; license: { licenseId: string; copyUrl: string } }
const OTHER_ARTICLE = '2025-11-04-ferry-operator-orders-two-electric-vessels';
async function license(email: string, use: Record<string, unknown> = {}, articleId = ARTICLE): Promise<Licensed> {
  const res = await postJson(stack, '/requests', requestBody({ articleId, requester: { email }, use: { startDate: today(), ...use } }));
  const body = (await res.json()) as Licensed & { status: string };
  expect(res.status, JSON.stringify(body)).toBe(201);
  expect(body.status).toBe('licensed');
  return body;
}
const tokenOf = (copyUrl: string) => new URL(copyUrl).searchParams.get('token')!;

async function register(l: Licensed, url: string) {
  return postJson(stack, `/licenses/${l.license.licenseId}/webhook`, { token: tokenOf(l.license.copyUrl), url });
}

function sampleArticle(): Article {
  const r = parseArticleFile(readFileSync(resolve(import.meta.dirname, '../../data/sample-article.txt'), 'utf8'), { format: 'text', id: ARTICLE, canonicalUrl: CANONICAL, language: 'en' });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}
async function reimport(article: Article, name: string) {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(article));
  const r = await stack.desk('import-article', file);
  expect(r.code, r.err).toBe(0);
}

/** Verifies with the standardwebhooks package's own verifier; throws if the signature is wrong. */
const verify = (secret: string, m: Received) => new Webhook(secret).verify(m.body, {
  'webhook-id': String(m.headers['webhook-id']), 'webhook-timestamp': String(m.headers['webhook-timestamp']), 'webhook-signature': String(m.headers['webhook-signature']),
}) as { type: string; timestamp: string; data: Record<string, unknown> };

const at = (path: string) => received.filter((r) => r.path === path);

describe('registering an endpoint', () => {
  it('needs the license token, an https (or, locally, loopback) URL and a public address; shows the secret once', async () => {
    const l = await license('register@riverside.example');
    // Wrong token: looks like an unknown license.
    const wrong = await postJson(stack, `/licenses/${l.license.licenseId}/webhook`, { token: 'x'.repeat(43), url: `${hookBase}/a` });
    expect(wrong.status).toBe(404);
    expect(wrong.headers.get('content-type')).toMatch(/problem\+json/);
    // Not a URL, plain http to a non-loopback host, a private address: 422 naming the field.
    for (const url of ['not a url', 'http://example.org/hook', 'https://10.0.0.1/hook', 'https://169.254.169.254/latest', 'https://[::ffff:10.0.0.1]/x']) {
      const res = await register(l, url);
      expect(res.status, url).toBe(422);
      const p = (await res.json()) as { errors: { path: string }[] };
      expect(p.errors.map((e) => e.path), url).toContain('url');
    }
    const ok = await register(l, `${hookBase}/a`);
    expect(ok.status).toBe(201);
    expect(ok.headers.get('cache-control')).toBe('no-store');
    const body = (await ok.json()) as { secret: string; endpointId: string; events: string[] };
    expect(body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(body.events).toEqual(['license.revoked', 'license.expiring', 'license.ended', 'article.corrected', 'article.withdrawn']);
    // The secret is nowhere in the table (sealed, AES-GCM), nor is the base64 key inside it.
    const dump = await tableAccess(stack.urls.dynamodb).snapshot();
    expect(dump).not.toContain(body.secret);
    expect(dump).not.toContain(body.secret.slice('whsec_'.length, 40));
    expect(dump).toContain(body.endpointId);
    // Staff see it, without the secret.
    const listed = await stack.desk('webhooks', 'list', l.license.licenseId, '--json');
    expect(listed.code, listed.err).toBe(0);
    expect(JSON.parse(listed.out)).toMatchObject([{ endpointId: body.endpointId, url: `${hookBase}/a`, createdBy: 'licensee' }]);
    expect(listed.out).not.toContain('whsec_');
    const form = await register(l, `${hookBase}/a`);
    expect(form.status).toBe(200); // same URL again: a new secret
    expect(((await form.json()) as { rotated: boolean }).rotated).toBe(true);
  });
});

describe('events', () => {
  it('each event reaches the endpoint exactly once, signed so that the standardwebhooks verifier accepts it', async () => {
    const a = await license('events-a@riverside.example');
    const b = await license('events-b@riverside.example', { durationDays: 60 });
    const ra = (await (await register(a, `${hookBase}/a-events`)).json()) as { secret: string };
    await stack.dispatch();

    // article.corrected, then article.withdrawn — once each, however often the revision is stored.
    const original = sampleArticle();
    const corrected: Article = { ...original, pubstatus: 'corrected', correction: 'The cost is $4.6 million.', body: original.body.map((p) => p.replace('$4.2 million', '$4.6 million')) };
    await reimport(corrected, 'corrected');
    await reimport(corrected, 'corrected-again');
    await stack.dispatch();
    await reimport({ ...corrected, pubstatus: 'canceled', correction: 'Withdrawn.' }, 'withdrawn');
    await stack.dispatch();
    // license.revoked
    expect((await stack.desk('licenses', 'revoke', a.license.licenseId, '--reason', 'Published without attribution')).code).toBe(0);
    await stack.dispatch();
    await stack.dispatch();

    const gotA = at('/a-events').map((m) => verify(ra.secret, m));
    expect(gotA.map((e) => e.type)).toEqual(['article.corrected', 'article.withdrawn', 'license.revoked']);
    expect(gotA[2]!.data).toMatchObject({ licenseId: a.license.licenseId, reason: 'Published without attribution' });
    expect(gotA[0]!.data).toMatchObject({ licenseId: a.license.licenseId, articleId: ARTICLE });
    // Distinct ids; nothing carries a token.
    expect(new Set(at('/a-events').map((m) => m.headers['webhook-id'])).size).toBe(3);
    expect(at('/a-events').map((m) => m.body).join()).not.toContain(tokenOf(a.license.copyUrl));
    // A tampered body or another secret is refused by the same verifier (the check can fail).
    const m0 = at('/a-events')[0]!;
    expect(() => verify(ra.secret, { ...m0, body: m0.body.replace('corrected', 'withdrawn') })).toThrow();
    expect(() => verify(`whsec_${Buffer.alloc(32, 1).toString('base64')}`, m0)).toThrow();

    // license.expiring (with the renewal notice) and license.ended, by the lifecycle's clock.
    const rb = (await (await register(b, `${hookBase}/b-events`)).json()) as { secret: string };
    const { runLifecycle } = await import('../../functions/handlers/lifecycle.js');
    const until = Date.parse(`${new Date(Date.now() + 59 * DAY).toISOString().slice(0, 10)}T12:00:00Z`);
    await runLifecycle(new Date(until - 10 * DAY));
    await runLifecycle(new Date(until - 9 * DAY));
    await stack.dispatch(new Date(until - 9 * DAY));
    await runLifecycle(new Date(until + 2 * DAY));
    await stack.dispatch(new Date(until + 2 * DAY));
    await stack.dispatch(new Date(until + 3 * DAY));
    const gotB = at('/b-events').map((m) => verify(rb.secret, m));
    expect(gotB.map((e) => e.type)).toEqual(['license.expiring', 'license.ended']);
    expect(gotB[1]!.data).toMatchObject({ licenseId: b.license.licenseId });
  });
});

describe('a failing endpoint', () => {
  it('is retried with back-off, parked after 16 attempts, listed, and redelivered once by desk outbox replay', async () => {
    // The article was withdrawn above: a fresh license on another sample article.
    const c = await license('flaky@riverside.example', {}, OTHER_ARTICLE);
    const rc = (await (await register(c, `${hookBase}/flaky`)).json()) as { secret: string };
    failing = true;
    expect((await stack.desk('licenses', 'revoke', c.license.licenseId, '--reason', 'Unpaid')).code).toBe(0);
    let now = Date.now();
    let parked = 0;
    let retried = 0;
    for (let i = 0; i < 20 && !parked; i++) {
      const r = await stack.dispatch(new Date(now));
      parked += r.parked; retried += r.retried;
      now += 16 * 60_000;
    }
    expect(retried).toBe(15);
    expect(parked).toBe(1);
    expect(at('/flaky')).toHaveLength(16);
    expect(new Set(at('/flaky').map((m) => m.headers['webhook-id'])).size).toBe(1); // one event, retried under one id
    const list = JSON.parse((await stack.desk('outbox', 'list', '--parked', '--json')).out) as { requestId: string; kind: string; subject: string; lastError?: string }[];
    expect(list).toContainEqual(expect.objectContaining({ requestId: c.requestId, kind: 'webhook', subject: 'license.revoked', lastError: 'the endpoint answered HTTP 500' }));
    // Nothing more while parked.
    await stack.dispatch(new Date(now + DAY));
    expect(at('/flaky')).toHaveLength(16);

    failing = false;
    const replay = await stack.desk('outbox', 'replay', c.requestId);
    expect(replay.code, replay.err).toBe(0);
    await stack.dispatch();
    await stack.dispatch();
    expect(at('/flaky')).toHaveLength(17);
    expect(verify(rc.secret, at('/flaky')[16]!).type).toBe('license.revoked');
  });

  it('a removed endpoint gets nothing more: its waiting events are cancelled', async () => {
    const d = await license('removed@riverside.example', {}, OTHER_ARTICLE);
    const rd = (await (await register(d, `${hookBase}/removed`)).json()) as { endpointId: string };
    expect((await stack.desk('licenses', 'revoke', d.license.licenseId, '--reason', 'x')).code).toBe(0);
    const removed = await stack.desk('webhooks', 'remove', d.license.licenseId, rd.endpointId);
    expect(removed.code, removed.err).toBe(0);
    await stack.dispatch();
    expect(at('/removed')).toHaveLength(0);
    expect((await stack.desk('webhooks', 'list', d.license.licenseId, '--json')).out).toBe('[]');
  });
});
