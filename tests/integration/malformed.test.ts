/**
 * Thousands of generated malformed inputs across the routes: never a 5xx, always problem+json (or an
 * HTML error page for form posts), and nothing written to the table.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestBody, startTestStack, type TestStack } from '../support/stack.js';
import { tableAccess } from '../support/table.js';

const RUNS = Number(process.env.MALFORMED_RUNS ?? 2500);

let stack: TestStack;
let table: ReturnType<typeof tableAccess>;
let pendingId = '';

beforeAll(async () => {
  stack = await startTestStack();
  table = tableAccess(stack.urls.dynamodb);
  const res = await stack.api('/requests', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(requestBody({ use: { type: 'print-reprint' } })) });
  pendingId = (await res.json()).requestId;
});
afterAll(async () => { await stack?.stop(); });

/** A valid body with one part replaced by something wrong: the shapes a buggy client really sends. */
const valid = requestBody();
const paths = [
  [], ['articleId'], ['requester'], ['requester', 'email'], ['requester', 'name'], ['requester', 'organizationType'], ['requester', 'country'],
  ['use'], ['use', 'type'], ['use', 'audience'], ['use', 'territories'], ['use', 'startDate'], ['use', 'durationDays'],
  ['use', 'language'], ['use', 'extent'], ['use', 'excerptWords'], ['notes'],
];
const junk = fc.oneof(
  fc.constant(null), fc.constant(''), fc.boolean(), fc.integer(), fc.double(), fc.string({ maxLength: 40 }),
  fc.constant(-1), fc.constant(0), fc.constant(1e308), fc.constant('2026-02-30'), fc.constant('WORLD'), fc.constant('__proto__'),
  fc.constant({ $ref: '#' }), fc.array(fc.string(), { maxLength: 3 }), fc.object({ maxDepth: 2 }),
  fc.string({ unit: 'binary', maxLength: 30 }), fc.constant('<script>alert(1)</script>'), fc.constant('x'.repeat(3000)),
);

function mutate(pathIndex: number, value: unknown): unknown {
  const path = paths[pathIndex % paths.length]!;
  if (!path.length) return value;
  const copy = structuredClone(valid) as Record<string, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[path[path.length - 1]!] = value;
  return copy;
}

const rawBodies = fc.oneof(
  fc.tuple(fc.nat(), junk).map(([i, v]) => JSON.stringify(mutate(i, v))),
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constant('{"articleId":'), fc.constant('[]'), fc.constant('null'), fc.constant('"x"'),
);

const contentTypes = fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', '', 'application/json; charset=utf-8', 'multipart/form-data');

const targets = () => [
  '/requests', '/quotes', `/requests/${pendingId}/withdraw`, `/requests/${pendingId}/offer`, `/review/${pendingId}`,
  '/requests/0000000000000000/withdraw', '/review/..%2f..%2fetc',
];

describe('malformed input', () => {
  it(`${RUNS} generated bodies over the POST routes: no 5xx, a problem document, nothing written`, async () => {
    const before = await table.snapshot();
    const statuses = new Map<number, number>();
    // A mutation can land on a value that is still valid (a different note, say): that is a real
    // request, answered 201 with its Location. Those are set aside; everything else must write nothing.
    const created = new Set<string>();
    await fc.assert(fc.asyncProperty(fc.nat(), rawBodies, contentTypes, async (t, body, contentType) => {
      const path = targets()[t % targets().length]!;
      const res = await stack.api(path, { method: 'POST', headers: contentType ? { 'content-type': contentType } : {}, body });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const location = res.headers.get('location');
      if (res.status === 201 && location) created.add(`REQUEST#${location.split('/').pop()}`);
      expect(res.status, `${path} ${contentType} ${body.slice(0, 80)}`).toBeLessThan(500);
      const type = res.headers.get('content-type') ?? '';
      expect(type.includes('application/problem+json') || type.includes('text/html') || res.status < 300).toBe(true);
    }), { numRuns: RUNS });
    // The daily mail-cap counters (MAILCAP#…) count each stored request once, and nothing else; a stored
    // licensed request also takes a number from its publication's invoice counter (one item).
    type Row = { pk: string; count?: number };
    const isCounter = (i: Row) => i.pk.startsWith('MAILCAP#');
    const counted = (items: Row[], prefix: string) => items.filter((i) => i.pk.startsWith(prefix)).reduce((n, i) => n + Number(i.count ?? 0), 0);
    const beforeRows = JSON.parse(before) as Row[];
    const after = JSON.parse(await table.snapshot()) as Row[];
    const invoiceCounters = after.filter((i) => i.pk.startsWith('INVOICE_COUNTER#') && !before.includes(`"pk":"${i.pk}"`));
    if (invoiceCounters.length) expect(created.size).toBeGreaterThan(0);
    const unchanged = (i: Row) => !created.has(i.pk) && !isCounter(i) && !invoiceCounters.includes(i);
    expect(JSON.stringify(after.filter(unchanged))).toBe(JSON.stringify(beforeRows.filter((i) => !isCounter(i))));
    expect(after.filter((i) => !isCounter(i)).length - beforeRows.filter((i) => !isCounter(i)).length).toBe(created.size + invoiceCounters.length);
    expect(counted(after, 'MAILCAP#RCPT#') - counted(beforeRows, 'MAILCAP#RCPT#')).toBe(created.size);
    expect(counted(after, 'MAILCAP#IP#') - counted(beforeRows, 'MAILCAP#IP#')).toBe(created.size);
    console.log(`malformed bodies: ${RUNS} sent, statuses ${JSON.stringify(Object.fromEntries(statuses))}, ${created.size} still-valid mutations stored as requests`);
  }, 300_000);

  it('odd paths, query strings and headers on GET routes never answer 5xx', async () => {
    const before = await table.snapshot();
    await fc.assert(fc.asyncProperty(
      fc.constantFrom('/articles/', '/requests/', '/review/', '/licenses/'),
      fc.string({ maxLength: 60 }), fc.string({ maxLength: 60 }),
      async (prefix, id, token) => {
        const suffix = prefix === '/articles/' ? '/terms' : prefix === '/licenses/' ? '/copy' : '';
        const res = await stack.api(`${prefix}${encodeURIComponent(id) || 'x'}${suffix}?token=${encodeURIComponent(token)}`, { headers: { authorization: `Bearer ${token.replace(/[^\x21-\x7e]/g, '') || 'x'}` } });
        expect(res.status).toBeLessThan(500);
      }), { numRuns: Math.ceil(RUNS / 5) });
    expect(await table.snapshot()).toBe(before);
  }, 300_000);
});
