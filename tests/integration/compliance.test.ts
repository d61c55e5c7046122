/**
 * Compliance signals on the local stack: pixel hits on a revoked license and from page origins
 * outside the licensee's declared domains are counted per license, signal, origin and day (once per
 * reader network a day, no address or user agent kept) and listed by `desk compliance list` and the
 * staff view; "send a notice" emails the licensee one templated reminder per click — a double submit
 * of the same click sends once — from the staff view and from `desk compliance notify`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, requestBody, startTestStack, type TestStack } from '../support/stack.js';
import { tableAccess } from '../support/table.js';
import { pixelFrom } from '../support/pixel.js';

let stack: TestStack;
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const today = () => new Date().toISOString().slice(0, 10);

beforeAll(async () => { stack = await startTestStack(); });
afterAll(async () => { await stack?.stop(); });

interface Licensed { requestId: string; license: { licenseId: string } }
async function license(email: string, licenseeDomains?: string[]): Promise<Licensed> {
  const res = await postJson(stack, '/requests', { ...requestBody({ requester: { email }, use: { startDate: today() } }), ...(licenseeDomains ? { licenseeDomains } : {}) });
  expect(res.status).toBe(201);
  return (await res.json()) as Licensed;
}

/** A pixel view from a reader network of its own (127.0.<n>.1 is a distinct /24 on loopback). */
const hit = (licenseId: string, network: number, referer?: string) =>
  pixelFrom(`${stack.urls.api}/licenses/${licenseId}/pixel.gif`, `127.0.${network}.1`, { 'user-agent': FIREFOX, ...(referer ? { referer } : {}) });

interface Row { licenseId: string; signal: string; origin: string; hits: number; firstDay: string; lastDay: string; licensee?: string; state?: string }
const list = async () => {
  const r = await stack.desk('compliance', 'list', '--json');
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as Row[];
};
const reminders = async (to: string) => (await stack.mails()).filter((m) => m.destination.to.includes(to) && /^Reminder: your use of/.test(m.subject));
/** The plain-text body with its line wrapping undone. */
const textOf = (m: { body: { text?: string } }) => (m.body.text ?? '').replace(/\s+/g, ' ');

let revoked: Licensed;
let declared: Licensed;
let undeclaredOnly: Licensed;

describe('recording', () => {
  it('counts hits on a revoked license per page origin and day, once per reader network', async () => {
    revoked = await license('revoked@copycat-news.example');
    expect((await stack.desk('licenses', 'revoke', revoked.license.licenseId, '--reason', 'Unpaid')).code).toBe(0);
    for (const n of [11, 12, 13]) expect((await hit(revoked.license.licenseId, n, 'https://copycat.example/story?utm=x')).status).toBe(200);
    await hit(revoked.license.licenseId, 11, 'https://copycat.example/other-page'); // same reader, same origin, same day: once
    await hit(revoked.license.licenseId, 14, 'https://mirror.example/x');
    const rows = (await list()).filter((r) => r.licenseId === revoked.license.licenseId);
    expect(rows).toEqual(expect.arrayContaining([
      expect.objectContaining({ signal: 'revoked', origin: 'https://copycat.example', hits: 3, firstDay: today(), lastDay: today(), state: 'revoked' }),
      expect.objectContaining({ signal: 'revoked', origin: 'https://mirror.example', hits: 1 }),
    ]));
    expect(rows).toHaveLength(2);
  });

  it('counts views from outside the declared domains (and still counts them as views); declared sites and no Referer are not signals', async () => {
    declared = await license('declared@riverside.example', ['riverside.example']);
    await hit(declared.license.licenseId, 21, 'https://www.riverside.example/reprints/harbour');
    await hit(declared.license.licenseId, 22, 'https://scraper.example/b');
    await hit(declared.license.licenseId, 23, 'https://scraper.example/c');
    await hit(declared.license.licenseId, 24);
    const rows = (await list()).filter((r) => r.licenseId === declared.license.licenseId);
    expect(rows).toEqual([expect.objectContaining({ signal: 'undeclared-origin', origin: 'https://scraper.example', hits: 2, state: 'active' })]);
    const usage = JSON.parse((await stack.desk('licenses', 'usage', declared.license.licenseId, '--json')).out) as { views: number };
    expect(usage.views).toBe(4);

    // No declared domains: no origin check at all.
    undeclaredOnly = await license('nodomains@riverside.example');
    await hit(undeclaredOnly.license.licenseId, 31, 'https://anywhere.example/');
    expect((await list()).filter((r) => r.licenseId === undeclaredOnly.license.licenseId)).toEqual([]);
  });

  it('keeps nothing about readers: no address, no user agent', async () => {
    const dump = await tableAccess(stack.urls.dynamodb).snapshot();
    for (const n of [11, 12, 13, 14, 21, 22, 23, 24, 31]) expect(dump).not.toContain(`127.0.${n}.`);
    expect(dump).not.toContain('Firefox/128.0');
  });

  it('desk compliance list prints a table for people', async () => {
    const r = await stack.desk('compliance', 'list');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/LICENSE\s+SIGNAL\s+PAGE ORIGIN\s+HITS/);
    expect(r.out).toContain('https://copycat.example');
    expect(r.out).toContain('undeclared-origin');
  });
});

describe('send a notice', () => {
  it('the staff view lists the signals with one button per license; a double submit of one click sends one reminder', async () => {
    const page = await (await stack.api('/staff')).text();
    expect(page).toContain('Compliance signals');
    expect(page).toContain('https://scraper.example');
    const forms = [...page.matchAll(/<input type="hidden" name="licenseId" value="([^"]+)"><input type="hidden" name="clickId" value="([^"]+)">/g)];
    const form = forms.find((f) => f[1] === revoked.license.licenseId);
    expect(form).toBeDefined();
    const post = () => stack.api('/staff/compliance/notice', {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ licenseId: form![1]!, clickId: form![2]! }).toString(),
    });
    const first = await post();
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('Reminder on its way');
    const second = await post();
    expect(await second.text()).toContain('already queued');
    await stack.dispatch();
    const mails = await reminders('revoked@copycat-news.example');
    expect(mails).toHaveLength(1);
    expect(textOf(mails[0]!)).toContain('https://copycat.example');
    expect(textOf(mails[0]!)).toContain('3 views after the license was revoked');
    // A new rendering is a new click: a second reminder.
    const again = await (await stack.api('/staff')).text();
    const fresh = [...again.matchAll(/name="licenseId" value="([^"]+)"><input type="hidden" name="clickId" value="([^"]+)"/g)].find((f) => f[1] === revoked.license.licenseId)!;
    expect(fresh[2]).not.toBe(form![2]);
    await stack.api('/staff/compliance/notice', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ licenseId: fresh[1], clickId: fresh[2] }) });
    await stack.dispatch();
    expect(await reminders('revoked@copycat-news.example')).toHaveLength(2);
  });

  it('desk compliance notify: one reminder per run, once per --click', async () => {
    const a = await stack.desk('compliance', 'notify', declared.license.licenseId, '--click', 'click-0123456789abcdef');
    expect(a.code, a.err).toBe(0);
    expect(a.out).toContain('reminder queued for declared@riverside.example');
    const b = await stack.desk('compliance', 'notify', declared.license.licenseId, '--click', 'click-0123456789abcdef');
    expect(b.out).toContain('already queued');
    await stack.dispatch();
    const mails = await reminders('declared@riverside.example');
    expect(mails).toHaveLength(1);
    expect(textOf(mails[0]!)).toContain('2 views on a site outside the domains you declared');
    // Nothing recorded for a license: nothing to remind of (an error in words, exit 1).
    const none = await stack.desk('compliance', 'notify', undeclaredOnly.license.licenseId);
    expect(none.code).toBe(1);
    expect(none.err).toContain('no compliance signal');
  });

  it('refuses a malformed click id or an unknown license as problem+json, never a 500', async () => {
    const bad = await stack.api('/staff/compliance/notice', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ licenseId: revoked.license.licenseId, clickId: 'x' }) });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors[0]!.path).toBe('clickId');
    const unknown = await stack.api('/staff/compliance/notice', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ licenseId: 'RD-0000000000000000', clickId: 'click-0123456789abcdef' }) });
    expect([404, 422]).toContain(unknown.status);
  });
});
