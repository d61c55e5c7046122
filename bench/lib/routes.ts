/**
 * Every route of the route table, as a timed case: how to make the request, what it must answer,
 * and for routes that change state, a pool of fresh subjects made beforehand (a decision needs a
 * pending request each time). HEAD twins are the GET handlers with the body dropped: not timed apart.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Repository } from '../../functions/adapters/repository.js';
import { ARTICLE, offered, partnerApiKey, pending, pool, requestBody, submit, type Pending, type Submitted } from './fixtures.js';
import { formInit, invoke, jsonInit, useTable, type InvokeInit } from './invoke.js';
import type { DynamoMeter } from './meter.js';
import { median, percentile } from './stats.js';

/** A new /24 for every pixel hit of the run (65,536 before one repeats): each hit is a new reader. */
let pixelReaders = 0;
const nextReaderAddress = () => { const n = pixelReaders++; return `10.${(n >> 8) & 255}.${n & 255}.1`; };

export interface Req { method: string; url: string; init?: InvokeInit }

export interface RouteCase {
  name: string;
  /** Which DynamoDB round-trip target the route answers for. */
  op?: 'submit' | 'decide' | 'serve a licensed copy';
  expect: number;
  /** Fewer timed calls for a slow, rarely used page. */
  maxIterations?: number;
  /** Makes what `count` calls will use. */
  prepare?(count: number): Promise<void>;
  request(i: number): Req;
}

export interface Shared {
  raw: DynamoDBDocumentClient;
  tableName: string;
  repo: Repository;
  /** Runs this table's outbox dispatcher until nothing is due. */
  dispatch(): Promise<void>;
}

export interface Subjects { licensed: Submitted; pendingOne: Pending; apiKey: string }

export async function makeSubjects(s: Shared): Promise<Subjects> {
  useTable(s.tableName);
  const licensed = await submit('licensed');
  const pendingOne = await pending(s.raw, s.tableName);
  const apiKey = await partnerApiKey(s.repo);
  // Compliance signals today and 25 days ago (another month on most days), so the staff view's
  // compliance panel reads its whole window and the licenses it names: its worst-case round trips.
  const now = new Date();
  for (const daysAgo of [0, 25]) {
    const date = new Date(now.getTime() - daysAgo * 86_400_000).toISOString().slice(0, 10);
    await s.repo.addComplianceHit({ licenseId: licensed.licenseId!, date, signal: 'undeclared-origin', origin: 'https://unlisted.example', now });
  }
  await s.dispatch();
  // The first open teaches the copy and embed handlers the license's article (their per-process memo).
  for (const path of ['copy', 'embed']) await invoke('GET', `/licenses/${licensed.licenseId}/${path}?token=${tokenOf(licensed.copyUrl!)}`);
  return { licensed, pendingOne, apiKey };
}

export const tokenOf = (url: string) => new URL(url).searchParams.get('token')!;

export function routeCases(s: Shared, subj: Subjects): RouteCase[] {
  const dispatch = () => s.dispatch();
  const { licensed, pendingOne, apiKey } = subj;
  const copyToken = tokenOf(licensed.copyUrl!);
  let withdrawPool: Submitted[] = [];
  let decidePool: Pending[] = [];
  let offerPool: Submitted[] = [];
  let n = 0;
  return [
    { name: 'GET /health', expect: 200, request: () => ({ method: 'GET', url: '/health' }) },
    { name: 'GET /articles/{id}/terms', expect: 200, request: () => ({ method: 'GET', url: `/articles/${ARTICLE}/terms` }) },
    { name: 'GET /articles/{id}/reprint', expect: 200, request: () => ({ method: 'GET', url: `/articles/${ARTICLE}/reprint` }) },
    { name: 'POST /quotes', expect: 200, request: () => ({ method: 'POST', url: '/quotes', init: jsonInit(requestBody('licensed', 0)) }) },
    {
      name: 'POST /requests (licensed at once)', op: 'submit', expect: 201,
      request: () => ({ method: 'POST', url: '/requests', init: jsonInit(requestBody('licensed', 100_000 + ++n)) }),
    },
    {
      name: 'POST /requests (pending review)', op: 'submit', expect: 201,
      request: () => ({ method: 'POST', url: '/requests', init: jsonInit(requestBody('pending', 100_000 + ++n)) }),
    },
    { name: 'GET /requests/{id}', expect: 200, request: () => ({ method: 'GET', url: `/requests/${licensed.requestId}?token=${licensed.token}` }) },
    {
      name: 'POST /requests/{id}/withdraw', expect: 200,
      async prepare(count) { withdrawPool = await pool(count, () => submit('pending')); await dispatch(); },
      request: (i) => ({ method: 'POST', url: `/requests/${withdrawPool[i]!.requestId}/withdraw`, init: jsonInit({}, { authorization: `Bearer ${withdrawPool[i]!.token}` }) }),
    },
    {
      name: 'POST /requests/{id}/offer', expect: 200,
      async prepare(count) { offerPool = await pool(count, () => offered(s.raw, s.tableName)); await dispatch(); },
      request: (i) => ({ method: 'POST', url: `/requests/${offerPool[i]!.requestId}/offer`, init: jsonInit({ answer: 'accept' }, { authorization: `Bearer ${offerPool[i]!.token}` }) }),
    },
    {
      name: 'GET /review/{id}', expect: 200,
      request: () => ({ method: 'GET', url: `/review/${pendingOne.requestId}?token=${encodeURIComponent(pendingOne.approverToken)}` }),
    },
    {
      name: 'POST /review/{id} (approve)', op: 'decide', expect: 200,
      async prepare(count) { decidePool = await pool(count, () => pending(s.raw, s.tableName)); await dispatch(); },
      request: (i) => ({ method: 'POST', url: `/review/${decidePool[i]!.requestId}`, init: formInit({ token: decidePool[i]!.approverToken, decision: 'approve' }) }),
    },
    {
      name: 'GET /licenses/{id}/copy', op: 'serve a licensed copy', expect: 200,
      request: () => ({ method: 'GET', url: `/licenses/${licensed.licenseId}/copy?token=${copyToken}` }),
    },
    { name: 'GET /licenses/{id}/embed', expect: 200, request: () => ({ method: 'GET', url: `/licenses/${licensed.licenseId}/embed?token=${copyToken}` }) },
    // The PDFs are rendered on each request (pdf-lib, standard fonts): the sample card bills web republication by invoice.
    { name: 'GET /licenses/{id}/certificate.pdf', expect: 200, request: () => ({ method: 'GET', url: `/licenses/${licensed.licenseId}/certificate.pdf?token=${copyToken}` }) },
    { name: 'GET /licenses/{id}/invoice.pdf', expect: 200, request: () => ({ method: 'GET', url: `/licenses/${licensed.licenseId}/invoice.pdf?token=${copyToken}` }) },
    {
      name: 'GET /licenses/{id}/pixel.gif', expect: 200,
      // A browser's user agent (others are not counted), a new reader on a network of its own each time
      // (readers are counted per /24 and hour-limited per network): every hit is counted.
      request: (i) => ({ method: 'GET', url: `/licenses/${licensed.licenseId}/pixel.gif`, init: {
        remoteAddress: nextReaderAddress(),
        headers: { referer: `https://reader-${i % 50}.example/story`, 'user-agent': `Mozilla/5.0 (X11; Linux x86_64) bench-reader-${i}-${Math.random()}` },
      } }),
    },
    { name: 'GET /syndication/feed', expect: 200, request: () => ({ method: 'GET', url: '/syndication/feed?format=json', init: { headers: { 'x-api-key': apiKey } } }) },
    { name: 'GET /staff (staff overview)', expect: 200, maxIterations: 10, request: () => ({ method: 'GET', url: '/staff' }) },
  ];
}

export interface RouteResult {
  name: string;
  op?: string;
  samples: number[];
  p50: number;
  p99: number;
  roundTrips: number;
  commands: string[];
  scans: number;
}

interface Side { s: Shared; cases: RouteCase[]; samples: number[]; trips: number[]; commands: string[]; scans: number }

async function call(side: Side, c: RouteCase, i: number, meter: DynamoMeter, timed: boolean) {
  const r = c.request(i);
  meter.reset();
  const res = await invoke(r.method, r.url, r.init, side.s.tableName);
  const calls = meter.reset();
  if (res.status !== c.expect) throw new Error(`${c.name} (${side.s.tableName}): expected ${c.expect}, got ${res.status} ${res.body.slice(0, 300)}`);
  side.scans += calls.filter((x) => x.command.startsWith('Scan')).length;
  if (!timed) return;
  side.samples.push(res.ms);
  side.trips.push(calls.length);
  if (!side.commands.length) side.commands = calls.map((x) => x.command.replace(/Command$/, ''));
}

const resultOf = (c: RouteCase, side: Side): RouteResult => ({
  name: c.name, ...(c.op ? { op: c.op } : {}), samples: side.samples, p50: median(side.samples), p99: percentile(side.samples, 99),
  roundTrips: median(side.trips), commands: side.commands, scans: side.scans,
});

/**
 * Times each route: `warmup` untimed calls, then `count` timed ones, counting DynamoDB round trips
 * per call. With a second table, every call on the first is paired with the same call on the second
 * (alternating which goes first), so both tables are measured at the same moments of a noisy machine.
 */
export async function timeRoutes(tables: readonly { s: Shared; cases: RouteCase[] }[], meter: DynamoMeter, count: number, warmup: number,
  log: (s: string) => void = () => {}): Promise<RouteResult[][]> {
  const out: RouteResult[][] = tables.map(() => []);
  for (let k = 0; k < tables[0]!.cases.length; k++) {
    const sides: Side[] = tables.map((t) => ({ s: t.s, cases: t.cases, samples: [], trips: [], commands: [], scans: 0 }));
    const c0 = tables[0]!.cases[k]!;
    const n = Math.min(count, c0.maxIterations ?? count);
    const w = c0.maxIterations ? Math.min(warmup, 2) : warmup;
    for (const side of sides) { useTable(side.s.tableName); await side.cases[k]!.prepare?.(n + w); }
    for (let i = 0; i < n + w; i++) {
      const order = i % 2 ? [...sides].reverse() : sides;
      for (const side of order) await call(side, side.cases[k]!, i, meter, i >= w);
    }
    sides.forEach((side, t) => out[t]!.push(resultOf(side.cases[k]!, side)));
    const r = out.map((o) => o[k]!);
    log(`  ${c0.name.padEnd(36)} ${r.map((x, t) => `${sides[t]!.s.tableName}: p50 ${x.p50.toFixed(2)} p99 ${x.p99.toFixed(2)} ms`).join(' | ')}; ${r[0]!.roundTrips} round trip(s): ${r[0]!.commands.join(', ')}`);
  }
  return out;
}
