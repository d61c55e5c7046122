/**
 * Generated hostile input over EVERY route of the route table (functions/config/functions.ts) —
 * GET, HEAD, POST and PUT alike, so a route added later is covered without anyone remembering to:
 * junk path parameters (and real ids with junk tokens, to reach the token checks), junk query
 * strings, junk headers (tokens, API keys, content types, idempotency keys, conditional and
 * referrer headers) and junk bodies. Never a 5xx, HEAD never has a body, and nothing is written
 * (but the view counts of the pixel, whose job that is, when a browser-like hit names a real license).
 * (tests/integration/malformed.test.ts goes deeper into request bodies; this goes wide.)
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/config/functions.js';
import { postJson, requestBody, startTestStack, type TestStack } from '../support/stack.js';
import { tableAccess } from '../support/table.js';
import { sizes } from './sizes.js';

let stack: TestStack;
let table: ReturnType<typeof tableAccess>;
const real: Record<string, string[]> = { articleId: ['harbour-dredging-plan', 'wire-grain-exports'], requestId: [], licenseId: [] };

beforeAll(async () => {
  stack = await startTestStack();
  table = tableAccess(stack.urls.dynamodb);
  const licensed = await (await postJson(stack, '/requests', requestBody({ use: { startDate: new Date().toISOString().slice(0, 10) } }))).json();
  const pending = await (await postJson(stack, '/requests', requestBody({ use: { type: 'print-reprint' } }))).json();
  real.requestId!.push(licensed.requestId, pending.requestId);
  real.licenseId!.push(licensed.license.licenseId);
  await stack.dispatch();
});
afterAll(async () => { await stack?.stop(); });

const printable = (s: string) => s.replace(/[^\x20-\x7e]/g, '');
const junk = fc.oneof(
  fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', '..', '%2e%2e', '%00', 'null', 'undefined', '__proto__', 'constructor', '<script>alert(1)</script>', "' OR 1=1 --",
    'RD-0000000000000000', '0000000000000000', 'x'.repeat(600), '{"$ne":null}', '\u202e\u0000', '-1', '1e309', 'html', 'json', 'text', 'rss', 'raw'),
);
const segment = (name: string) => fc.oneof(junk, fc.constantFrom(...(real[name]?.length ? real[name]! : ['x'])));
const query = fc.dictionary(fc.oneof(fc.constantFrom('token', 'format', 'answer', 'decision', 'page', 'cursor'), fc.string({ maxLength: 10 })), junk, { maxKeys: 4 });
const headers = fc.record({
  authorization: fc.oneof(junk.map((j) => `Bearer ${j}`), junk),
  'x-api-key': junk,
  accept: fc.constantFrom('text/html', 'application/json', '*/*', 'image/gif', 'application/feed+json', 'text/html;q=0, */*;q=0.1', ''),
  'content-type': fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', ''),
  'idempotency-key': junk,
  'if-none-match': junk,
  referer: junk,
  'user-agent': fc.oneof(junk, fc.constant('Mozilla/5.0 (X11; Linux x86_64) Chrome/120')),
}, { requiredKeys: [] });
// Junk only: a valid request body would rightly create a request.
const body = fc.oneof(junk, fc.json({ maxDepth: 3 }), fc.webQueryParameters(),
  fc.constant(JSON.stringify({ ...requestBody(), requester: { ...requestBody().requester, email: 'not an email' } })));

/** Which items differ between two table snapshots (short, readable). */
function changedItems(before: string, after: string): string[] {
  const index = (s: string) => new Map((JSON.parse(s) as Record<string, unknown>[]).map((i) => [`${i.pk} ${i.sk}`, JSON.stringify(i)]));
  const a = index(before);
  const b = index(after);
  return [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k));
}

describe('generated input over every route of the route table', () => {
  it(`${sizes.routeInputs} inputs per route: no 5xx, no HEAD body, nothing written`, async () => {
    const before = await table.snapshot();
    let sent = 0;
    const statuses = new Map<number, number>();
    for (const route of routes) {
      await fc.assert(fc.asyncProperty(
        fc.tuple(...[...route.path.matchAll(/\{(\w+)\}/g)].map((m) => segment(m[1]!))), query, headers, body,
        async (params, q, h, b) => {
          let i = 0;
          const path = route.path.replace(/\{\w+\}/g, () => encodeURIComponent(params[i++] as string) || 'x');
          const search = new URLSearchParams(q as Record<string, string>).toString();
          const hdrs = Object.fromEntries(Object.entries(h).map(([k, v]) => [k, printable(String(v))]).filter(([, v]) => v !== ''));
          const res = await stack.api(`${path}${search ? `?${search}` : ''}`, {
            method: route.method, headers: hdrs, ...(route.method === 'POST' || route.method === 'PUT' ? { body: b } : {}),
          });
          const text = await res.text();
          sent++;
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          expect(res.status, `${route.method} ${path}?${search} ${JSON.stringify(hdrs).slice(0, 200)}`).toBeLessThan(500);
          if (route.method === 'HEAD') expect(text, `HEAD ${path} has a body`).toBe('');
        }), { numRuns: sizes.routeInputs });
    }
    // The pixel's job is to write view counts: a browser's hit on a real license is a view (its
    // counters, its once-a-day reader marks and the day's salt), whatever else came with it.
    const changed = changedItems(before, await table.snapshot());
    // (and the per-network hit counters that rate-limit it: PIXEL#RATE#…, expiring after two days;
    // the license's view total, TOTAL#VIEWS; and a hit the license does not cover is a compliance
    // signal: COMPLIANCE#<month> <day>#…, its origin slots).
    const views = changed.filter((k) => /^(LICENSE#RD-\w+ (SEEN|USAGE|TOTAL|COMPLIANCE)#|PIXEL#SALT |PIXEL#RATE#|COMPLIANCE#\d{4}-\d\d \d{4}-\d\d-\d\d#)/.test(k));
    expect(changed.filter((k) => !views.includes(k)), 'junk input wrote to the table').toEqual([]);
    console.log(`every route: ${sent} generated requests over ${routes.length} routes (${sizes.routeInputs} each), statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}: 0 × 5xx, nothing written but ${views.length} view-count items of the pixel`);
  }, 600_000);
});
