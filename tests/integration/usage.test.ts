/**
 * The view pixel over HTTP on the local stack: a browser view counts once per reader per day, bots
 * and link previewers never count, the answer is always the same 43-byte GIF with no-store and no
 * cookie, and no connection ever leaves loopback — not even to the page named in Referer.
 */
import net from 'node:net';
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, requestBody, startTestStack, type TestStack } from '../support/stack.js';
import { pixelFrom } from '../support/pixel.js';

// Record every outgoing TCP connection this process opens (fetch, the AWS SDK, the handlers: all in-process).
const connections: string[] = [];
const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function patched(this: net.Socket, ...args: unknown[]) {
  // net.connect() hands over its normalised arguments as one array: [options, callback].
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  const host = typeof first === 'object' && first !== null
    ? String((first as { host?: string; path?: string }).host ?? (first as { path?: string }).path ?? 'localhost')
    : typeof args[1] === 'string' ? args[1] : 'localhost'; // a bare port: Node's default host is localhost
  connections.push(host);
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;

let stack: TestStack;
/** A page the referrer header names: if the pixel ever fetched it, this would count. */
let canary: Server;
let canaryHits = 0;
let canaryUrl = '';

beforeAll(async () => {
  stack = await startTestStack();
  canary = createServer((_req, res) => { canaryHits++; res.end('hello'); });
  await new Promise<void>((r) => canary.listen(0, '127.0.0.1', () => r()));
  canaryUrl = `http://127.0.0.1:${(canary.address() as net.AddressInfo).port}`;
});
afterAll(async () => {
  await stack?.stop();
  await new Promise((r) => canary?.close(r));
  net.Socket.prototype.connect = originalConnect;
});

const today = () => new Date().toISOString().slice(0, 10);
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const SAFARI = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const BOTS = [
  '', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
  'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)', 'WhatsApp/2.23.20.0', 'curl/8.5.0', 'python-requests/2.32.0', 'Go-http-client/2.0',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)', 'Twitterbot/1.0', 'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)',
];

const desk = (...argv: string[]) => stack.desk(...argv);

async function license(email: string) {
  const res = await postJson(stack, '/requests', requestBody({ requester: { email }, use: { startDate: today() } }));
  const body = (await res.json()) as { status: string; license: { licenseId: string; copyUrl: string } };
  expect(body.status).toBe('licensed');
  return body.license;
}

/** One pixel hit from `from`, a loopback address: Linux routes all of 127.0.0.0/8 to lo, so 127.x.y.z stand for other networks. */
async function pixel(licenseId: string, userAgent: string, referer?: string, from = '127.0.0.1') {
  const res = await pixelFrom(`${stack.urls.api}/licenses/${licenseId}/pixel.gif`, from, { 'user-agent': userAgent, ...(referer ? { referer } : {}) });
  const { body } = res;
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('image/gif');
  expect(res.headers['cache-control']).toMatch(/no-store/);
  expect(res.headers['set-cookie']).toBeUndefined();
  expect(res.headers.location).toBeUndefined();
  expect(body.length).toBe(43);
  expect(body.subarray(0, 6).toString('latin1')).toBe('GIF89a');
  return body;
}

const usage = async (licenseId: string) => {
  const r = await desk('licenses', 'usage', licenseId, '--json');
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as { views: number; days: { date: string; views: number }[]; referrers: { referrer: string; views: number }[] };
};

describe('the view pixel', () => {
  it('counts a browser reader once per day, per license and per referring page (origin and path only)', async () => {
    const l = await license('pixel@riverside.example');
    const page = `${canaryUrl}/news/2026/dredging?utm_source=newsletter&email=reader@example.org#top`;
    const first = await pixel(l.licenseId, FIREFOX, page);
    for (let i = 0; i < 4; i++) expect((await pixel(l.licenseId, FIREFOX, page)).equals(first)).toBe(true);
    // Readers are counted per network: another browser on the same network is the same reader.
    await pixel(l.licenseId, SAFARI, page, '127.0.0.9');
    await pixel(l.licenseId, SAFARI, page, '127.1.0.1');
    await pixel(l.licenseId, CHROME, `${canaryUrl}/other-page`, '127.2.0.1');
    await pixel(l.licenseId, CHROME, `${canaryUrl}/other-page`, '127.2.0.1');

    const u = await usage(l.licenseId);
    expect(u.views).toBe(3);
    expect(u.days).toEqual([{ date: today(), views: 3 }]);
    expect(u.referrers.map(({ referrer, views }) => ({ referrer, views }))).toEqual([
      { referrer: `${canaryUrl}/news/2026/dredging`, views: 2 },
      { referrer: `${canaryUrl}/other-page`, views: 1 },
    ]);
    expect(JSON.stringify(u)).not.toContain('utm_source');
    expect(JSON.stringify(u)).not.toContain('reader@example.org');

    // The licensee sees the same counts on the embed page, where the pixel comes from.
    const embed = await (await fetch(l.copyUrl.replace('/copy?', '/embed?'))).text();
    expect(embed).toContain('3 views counted so far, on 2 pages.');

    const table = await desk('licenses', 'usage', l.licenseId);
    expect(table.out).toContain('3 views counted');
    expect(table.out).toContain(`${canaryUrl}/news/2026/dredging`);
    console.log(`[usage] 5 hits from one browser + 1 from its network + 1 + 2 from two other networks → ${u.views} views; referrers ${u.referrers.length}`);
  });

  it('bots, link previewers, scripts, an empty user agent and HEAD probes never count', async () => {
    const l = await license('pixel-bots@riverside.example');
    for (const ua of BOTS) await pixel(l.licenseId, ua, `${canaryUrl}/preview`);
    expect((await usage(l.licenseId)).views).toBe(0);
    const head = await stack.api(`/licenses/${l.licenseId}/pixel.gif`, { method: 'HEAD', headers: { 'user-agent': FIREFOX } });
    expect(head.status).toBe(200);
    expect((await usage(l.licenseId)).views).toBe(0);
    await pixel(l.licenseId, FIREFOX);
    const u = await usage(l.licenseId);
    expect(u.views).toBe(1);
    expect(u.referrers).toEqual([expect.objectContaining({ referrer: '(none)', views: 1 })]);
    console.log(`[usage] ${BOTS.length} bot/preview user agents → 0 views; then 1 browser → ${u.views}`);
  });

  it('answers the same GIF for unknown, malformed and revoked licenses, and counts no view for them (a revoked license is a compliance signal instead: compliance.test.ts)', async () => {
    const l = await license('pixel-revoked@riverside.example');
    expect((await desk('licenses', 'revoke', l.licenseId, '--reason', 'test')).code).toBe(0);
    await pixel(l.licenseId, FIREFOX, `${canaryUrl}/revoked`);
    expect((await usage(l.licenseId)).views).toBe(0);
    await pixel('RD-0000000000000000', FIREFOX, canaryUrl);
    await pixel('not-a-license', FIREFOX, canaryUrl);
    await pixel(encodeURIComponent('<script>'), FIREFOX, 'javascript:alert(1)');
    await pixel(l.licenseId, `${FIREFOX} ${'x'.repeat(5000)}`, `${canaryUrl}/${'y'.repeat(5000)}`);
  });

  it('never contacts the referring page or anything beyond loopback', async () => {
    expect(canaryHits).toBe(0);
    const outside = connections.filter((h) => !['127.0.0.1', 'localhost', '::1'].includes(h) && !h.startsWith('/'));
    expect(outside).toEqual([]);
    expect(connections.length).toBeGreaterThan(0);
    console.log(`[usage] ${connections.length} outgoing connections, to: ${[...new Set(connections)].join(', ')}; referrer page hits: ${canaryHits}`);
  });

  it('the pixel code imports no HTTP client at all', () => {
    for (const file of ['functions/handlers/license-pixel.ts', 'functions/application/usage.ts']) {
      const source = readFileSync(resolve(import.meta.dirname, '../..', file), 'utf8');
      const imports = [...source.matchAll(/\bfrom\s+['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]|\brequire\s*\(\s*['"]([^'"]+)['"]/g)].map((m) => m[1] ?? m[2] ?? m[3]);
      // Only our own modules (which reach the table through the repository) and node:crypto.
      expect(imports.filter((i) => !i!.startsWith('.') && i !== 'node:crypto'), file).toEqual([]);
      expect(source, file).not.toMatch(/\bfetch\s*\(|XMLHttpRequest|\.request\s*\(/);
    }
  });
});
