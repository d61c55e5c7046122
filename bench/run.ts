/**
 * `npm run bench`: size, speed, round trips, growth, cost and load of Reprint Desk, measured in one
 * run on this machine, printed as one table and written to bench/results.json. See
 * the README section "Performance" for what each figure means and how to reproduce it.
 *
 * Options (environment): BENCH_ITERATIONS (timed calls per route, 200), BENCH_WARMUP (20),
 * BENCH_IMPORT_RUNS (fresh processes per bundle, 9), BENCH_GROWTH_ITEMS (100000),
 * BENCH_HUGE_ITEMS (the third size, 1000000; 0 leaves it out), BENCH_SEED_BUDGET_S (how long seeding
 * each grown table may take before the bench measures what it has, 300), BENCH_DYNALITE_HEAP_MB (8192),
 * BENCH_JOURNEYS (metered journeys of each kind, 10), BENCH_LOAD_SECONDS (20),
 * BENCH_LOAD_CONNECTIONS (8). Flags: --skip-bundles, --skip-growth, --skip-load, --skip-routes (no
 * seeding, no route timing, no importer rows: with the three others, only "copy ÷ GetItem" and the
 * cost journeys run, in about a minute); --only-bundles runs the bundle step alone and prints its rows.
 */
import '../local/node-warnings.js';
import { cpus, tmpdir } from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoDocumentClient } from '../functions/adapters/aws-clients.js';
import { dynamoRepository } from '../functions/adapters/repository.js';
import { storedArticleItem, storedRequestItem } from '../functions/adapters/table-tools.js';
import { BASELINE, BASELINE_FULL_CHAIN, buildBundles, importTimes, type BundleResult } from './lib/bundles.js';
import { costPerThousand, loadPrices, measureJourneys, type JourneyResult } from './lib/cost.js';
import { ARTICLE, pending, requestBody, submit } from './lib/fixtures.js';
import { formInit, invoke, invokeCold, jsonInit, moduleFor, useTable, type InvokeInit } from './lib/invoke.js';
import { loadRun, type LoadResult } from './lib/load.js';
import { DynamoMeter } from './lib/meter.js';
import { makeSubjects, routeCases, timeRoutes, tokenOf, type RouteResult, type Shared } from './lib/routes.js';
import { startBenchStack } from './lib/stack.js';
import { atMost, kb, ms, renderTable, usd, x, type Row } from './lib/report.js';
import { seed } from './lib/seed.js';
import { importerGrowth, importerShapes } from './lib/importer.js';
import { median, percentile, round } from './lib/stats.js';
import { staffInChromium } from './lib/browser.js';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const flag = (name: string) => process.argv.includes(name);
const ITERATIONS = env('BENCH_ITERATIONS', 200);
const WARMUP = env('BENCH_WARMUP', 20);
const IMPORT_RUNS = Math.max(5, env('BENCH_IMPORT_RUNS', 9));
const GROWTH_ITEMS = env('BENCH_GROWTH_ITEMS', 100_000);
const HUGE_ITEMS = env('BENCH_HUGE_ITEMS', 1_000_000);
const SEED_BUDGET_MS = env('BENCH_SEED_BUDGET_S', 300) * 1000;
const JOURNEYS = env('BENCH_JOURNEYS', 10);
const LOAD_SECONDS = env('BENCH_LOAD_SECONDS', 20);
const LOAD_CONNECTIONS = env('BENCH_LOAD_CONNECTIONS', 8);

const TARGETS = {
  bundleBytes: 450 * 1024,
  importRatio: 1.3,
  roundTrips: { submit: 2, decide: 2, copy: 1 },
  copyVsGetItem: 1.3,
  growth: 1.2,
  costRatio: 1.15,
  staffRoundTrips: 10,
  staffBrowserMs: 1000,
};

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
const log = (s: string) => process.stderr.write(`[bench ${elapsed()}] ${s}\n`);
const rows: Row[] = [];
const results: Record<string, unknown> = {
  startedAt: new Date(started).toISOString(),
  machine: { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model },
  settings: { ITERATIONS, WARMUP, IMPORT_RUNS, GROWTH_ITEMS, HUGE_ITEMS, SEED_BUDGET_S: SEED_BUDGET_MS / 1000, JOURNEYS, LOAD_SECONDS, LOAD_CONNECTIONS },
  targets: TARGETS,
};

// ---- 1. bundles -------------------------------------------------------------------------------
if (!flag('--skip-bundles')) {
  log('bundling every function as infra/constructs/reprint-function.ts does…');
  const bundles = await buildBundles(join(tmpdir(), 'reprint-desk-bench-bundles'));
  log(`importing each bundle in ${IMPORT_RUNS} fresh node processes (interleaved)…`);
  const times = importTimes(bundles.map((b) => b.file), IMPORT_RUNS);
  const baseline = bundles.find((b) => b.name === BASELINE)!;
  const baseMs = times.get(baseline.file)!.median;
  rows.push({ section: 'bundle', item: 'baseline: DynamoDB document client only', value: `${kb(baseline.bytes)}; import ${ms(baseMs)} (CPU ${ms(median(times.get(baseline.file)!.cpuSamples))})`, verdict: 'info' });
  const fullChain = bundles.find((b) => b.name === BASELINE_FULL_CHAIN)!;
  const fullChainRatio = median(times.get(fullChain.file)!.samples.map((v, r) => v / times.get(baseline.file)!.samples[r]!));
  rows.push({ section: 'bundle', item: 'reference: the same with the SDK\'s default credential chain (the baseline before BUNDLE_ALIAS)', value: `${kb(fullChain.bytes)}; import ${x(fullChainRatio)} the baseline (${ms(times.get(fullChain.file)!.median)})`, verdict: 'info' });
  const perFunction = bundles.filter((b) => b !== baseline && b !== fullChain).map((b: BundleResult) => {
    const t = times.get(b.file)!;
    // The ratio within each round (the same minutes of a shared machine for both), then the median.
    const baseSamples = times.get(baseline.file)!.samples;
    const ratio = median(t.samples.map((v, r) => v / baseSamples[r]!));
    const baseCpu = times.get(baseline.file)!.cpuSamples;
    const cpuRatio = median(t.cpuSamples.map((v, r) => v / baseCpu[r]!));
    const sizeOk = b.bytes <= TARGETS.bundleBytes;
    const timeOk = ratio <= TARGETS.importRatio;
    const misses = [
      ...(sizeOk ? [] : [`size ${(b.bytes / TARGETS.bundleBytes).toFixed(2)}×`]),
      ...(timeOk ? [] : [`import ${(ratio / TARGETS.importRatio).toFixed(2)}×`]),
    ];
    rows.push({
      section: 'bundle', item: b.name, value: `${kb(b.bytes)}; import ${x(ratio)} (${ms(t.median)}; CPU ${x(cpuRatio)})`,
      target: `≤ ${TARGETS.bundleBytes / 1024} KB; ≤ ${x(TARGETS.importRatio)}`, verdict: misses.length ? 'MISSED' : 'met',
      ...(misses.length ? { ratioToTarget: Math.max(b.bytes / TARGETS.bundleBytes, ratio / TARGETS.importRatio) } : {}),
    });
    return { name: b.name, bytes: b.bytes, gzipBytes: b.gzipBytes, importMs: round(t.median), importSamplesMs: t.samples.map((s) => round(s)), importRatio: round(ratio, 3), importCpuMs: round(median(t.cpuSamples)), importCpuRatio: round(cpuRatio, 3), largestInputs: b.top };
  });
  results.bundles = { fullChainReference: { bytes: fullChain.bytes, importRatio: round(fullChainRatio, 3) }, baseline: { bytes: baseline.bytes, gzipBytes: baseline.gzipBytes, importMs: round(baseMs), importCpuMs: round(median(times.get(baseline.file)!.cpuSamples)), importSamplesMs: times.get(baseline.file)!.samples.map((s) => round(s)) }, functions: perFunction };
}
if (flag('--only-bundles')) finish();

// ---- 2. in-process: round trips, latency, copy vs GetItem, cost, growth ------------------------
const SMALL = 'bench-1k';
const LARGE = 'bench-100k';
const HUGE = 'bench-1m';
const routesToo = !flag('--skip-routes');
const growth = routesToo && !flag('--skip-growth');
const huge = growth && HUGE_ITEMS > GROWTH_ITEMS;
log('starting dynalite (child process, in memory) and the local SES…');
const stack = await startBenchStack(SMALL);
if (growth) await stack.addTable(LARGE);
if (huge) await stack.addTable(HUGE);
const meter = new DynamoMeter(stack.dynamodb);
// The handlers' own client (built once per process by functions/adapters/aws-clients.ts).
meter.attach(dynamoDocumentClient());
const { raw } = stack;
const sharedFor = (tableName: string): Shared => ({
  raw, tableName, repo: dynamoRepository(raw, tableName),
  async dispatch() {
    const { dispatchDue } = await moduleFor<{ dispatchDue: (now: Date) => Promise<{ sent: number; retried: number; parked: number }> }>('dispatcher', tableName);
    for (let i = 0; i < 500; i++) {
      const r = await dispatchDue(new Date());
      if (!r.sent && !r.retried && !r.parked) break;
    }
    await fetch(`${stack.ses}/clear-store`, { method: 'POST' });
  },
});
const countItems = async (tableName: string) => {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const out = await raw.send(new ScanCommand({ TableName: tableName, Select: 'COUNT', ExclusiveStartKey: start }));
    count += out.Count ?? 0;
    start = out.LastEvaluatedKey;
  } while (start);
  return count;
};

try {
  const small = sharedFor(SMALL);
  const large = growth ? sharedFor(LARGE) : undefined;
  const hugeTable = huge ? sharedFor(HUGE) : undefined;
  const smallSubjects = await makeSubjects(small);
  const tables = [{ s: small, cases: routeCases(small, smallSubjects) }];
  if (large) tables.push({ s: large, cases: routeCases(large, await makeSubjects(large)) });
  if (hugeTable) tables.push({ s: hugeTable, cases: routeCases(hugeTable, await makeSubjects(hugeTable)) });

  // Templates for growing the tables: items exactly as the handlers wrote them.
  useTable(SMALL);
  const itemOf = async (id: string) => (await storedRequestItem(raw, SMALL, id))!;
  const templatesOf = async () => {
    const rejected = await invoke('POST', '/requests', jsonInit(requestBody('licensed', 0, { articleId: 'wire-grain-exports' })));
    await small.dispatch();
    return {
      licensed: await itemOf(smallSubjects.licensed.requestId),
      pending: await itemOf(smallSubjects.pendingOne.requestId),
      rejected: await itemOf((JSON.parse(rejected.body) as { requestId: string }).requestId),
      article: (await storedArticleItem(raw, SMALL, ARTICLE))!,
    };
  };
  const templates = routesToo ? await templatesOf() : undefined;

  // The first request in a new container: per-process caches and memos empty.
  const fresh = await submit('licensed');
  const coldPending = await pending(raw, SMALL);
  await small.dispatch();
  const cold: Record<string, string[]> = {};
  const coldCall = async (name: string, method: string, url: string, init?: InvokeInit, expect = 200) => {
    meter.reset();
    const res = await invokeCold(method, url, init);
    cold[name] = meter.reset().map((c) => c.command.replace(/Command$/, ''));
    if (res.status !== expect) throw new Error(`${name} in a new container: ${res.status} ${res.body.slice(0, 200)}`);
  };
  await coldCall('submit (licensed at once)', 'POST', '/requests', jsonInit(requestBody('licensed', 800_001)), 201);
  await coldCall('submit (pending review)', 'POST', '/requests', jsonInit(requestBody('pending', 800_002)), 201);
  await coldCall('decide (approve)', 'POST', `/review/${coldPending.requestId}`, formInit({ token: coldPending.approverToken, decision: 'approve' }));
  await coldCall('serve a licensed copy', 'GET', `/licenses/${fresh.licenseId}/copy?token=${tokenOf(fresh.copyUrl!)}`);
  await small.dispatch();

  // The small table: about 1,000 items.
  let seeded = 0;
  const have = await countItems(SMALL);
  if (templates && have < 1000) { await seed(raw, SMALL, templates, 1000 - have, { startAt: seeded }); seeded += 1000 - have; }
  const smallStart = await countItems(SMALL);

  // The grown tables: up to GROWTH_ITEMS and HUGE_ITEMS, each as far as the seeding budget allows.
  const grow = async (name: string, target: number) => {
    const base = await countItems(name);
    const want = Math.max(0, target - base);
    log(`growing ${name} by ${want} items with dynalite's own BatchWriteItem in its process (budget ${SEED_BUDGET_MS / 1000} s)…`);
    const t0 = performance.now();
    let added = 0;
    while (added < want && performance.now() - t0 < SEED_BUDGET_MS) {
      const chunk = Math.min(10_000, want - added);
      await stack.seedDirect(name, templates!, chunk, seeded);
      seeded += chunk;
      added += chunk;
      log(`  ${base + added} items (${((performance.now() - t0) / 1000).toFixed(0)} s, ${(added / ((performance.now() - t0) / 1000)).toFixed(0)} items/s)`);
    }
    if (added < want) log(`  the seed budget reached ${(base + added).toLocaleString('en-US')} of ${target.toLocaleString('en-US')} items in ${name}`);
    return { items: base + added, seedMs: performance.now() - t0 };
  };
  const largeGrown = large && templates ? await grow(LARGE, GROWTH_ITEMS) : undefined;
  const hugeGrown = hugeTable && templates ? await grow(HUGE, HUGE_ITEMS) : undefined;
  const largeStart = largeGrown?.items ?? 0;
  const seedMs = largeGrown?.seedMs ?? 0;
  const hugeStart = hugeGrown?.items ?? 0;

  if (routesToo) log(`timing ${tables[0]!.cases.length} routes × ${ITERATIONS} calls after ${WARMUP} warm-up calls, on ${tables.map((t) => t.s.tableName).join(', ')} (${[smallStart, ...(large ? [largeStart] : []), ...(hugeTable ? [hugeStart] : [])].join(', ')} items), paired…`);
  const [smallResults, largeResults, hugeResults] = (routesToo ? await timeRoutes(tables, meter, ITERATIONS, WARMUP, log) : [[]]) as [RouteResult[], RouteResult[] | undefined, RouteResult[] | undefined];

  // The staff view in a real browser (Debian's chromium), on the largest table: the page served over
  // loopback HTTP by the handler, timed from navigation start to the load event.
  const browserTable = hugeTable ? { name: HUGE, items: hugeStart } : large ? { name: LARGE, items: largeStart } : { name: SMALL, items: smallStart };
  if (routesToo) log(`the staff view in chromium on ${browserTable.name}…`);
  const browser = routesToo ? await staffInChromium(browserTable.name, 7).catch((e: unknown) => ({ error: String(e) })) : undefined;
  const smallEnd = await countItems(SMALL);

  // A licensed copy against a bare GetItem of the same item, interleaved, on the same client and dynalite.
  log('serving a copy vs a bare GetItem (interleaved)…');
  useTable(SMALL);
  const copyUrl = `/licenses/${smallSubjects.licensed.licenseId}/copy?token=${tokenOf(smallSubjects.licensed.copyUrl!)}`;
  const client = dynamoDocumentClient();
  const copyMs: number[] = [];
  const getMs: number[] = [];
  for (let i = 0; i < ITERATIONS + WARMUP; i++) {
    const c = await invoke('GET', copyUrl);
    const t0 = performance.now();
    await storedRequestItem(client, SMALL, smallSubjects.licensed.requestId);
    const g = performance.now() - t0;
    if (i >= WARMUP) { copyMs.push(c.ms); getMs.push(g); }
  }
  meter.reset();
  const copyRatio = median(copyMs) / median(getMs);

  // Cost: metered journeys.
  log(`cost: ${JOURNEYS} metered journeys of each kind…`);
  const prices = loadPrices();
  const journeys: JourneyResult[] = await measureJourneys(small, meter, `${stack.ses}/store`, JOURNEYS);
  const scanCount = [...meter.seen].filter(([c]) => c.startsWith('Scan')).reduce((a, [, n]) => a + n, 0);
  const smallRes = smallResults;
  const largeRes = largeResults;

  // ---- rows: round trips
  const trips = (name: string) => smallRes.find((r) => r.name === name)!;
  for (const [item, name, limit] of !routesToo ? [] : [
    ['submit (licensed at once)', 'POST /requests (licensed at once)', TARGETS.roundTrips.submit],
    ['submit (pending review)', 'POST /requests (pending review)', TARGETS.roundTrips.submit],
    ['decide (approve)', 'POST /review/{id} (approve)', TARGETS.roundTrips.decide],
    ['serve a licensed copy', 'GET /licenses/{id}/copy', TARGETS.roundTrips.copy],
  ] as const) {
    const r = trips(name);
    rows.push({ ...atMost('round trips', `${item}, warm container`, r.roundTrips, limit, (n) => `${n}`, limit === 1 ? '= 1' : `≤ ${limit}`), value: `${r.roundTrips}: ${r.commands.join(', ') || '—'}` });
    const c = cold[item]!;
    rows.push({ section: 'round trips', item: `${item}, first request in a new container`, value: `${c.length}: ${c.join(', ')}`, verdict: 'info' });
  }

  // ---- rows: latency
  for (const r of smallRes) {
    rows.push({ section: `latency, ${smallStart.toLocaleString('en-US')}-item table`, item: r.name, value: `p50 ${ms(r.p50)}, p99 ${ms(r.p99)}; ${r.roundTrips} round trip(s)`, verdict: 'info' });
  }
  rows.push({ ...atMost('latency', 'serve a copy ÷ bare GetItem (p50)', copyRatio, TARGETS.copyVsGetItem, x), value: `${x(copyRatio)} (${ms(median(copyMs))} vs ${ms(median(getMs))})` });

  // ---- rows: the staff view's round trips and its time in a browser
  const staffTrips = routesToo ? trips('GET /staff (staff overview)') : undefined;
  if (staffTrips) rows.push({ ...atMost('round trips', 'GET /staff (staff overview), any table size', Math.max(staffTrips.roundTrips, ...[largeResults, hugeResults].map((t) => t?.find((y) => y.name === staffTrips.name)?.roundTrips ?? 0)), TARGETS.staffRoundTrips, (n) => `${n}`), value: `${staffTrips.roundTrips}: ${staffTrips.commands.join(', ')}` });
  if (browser && 'loads' in browser) {
    rows.push({ ...atMost('staff view in chromium', `GET /staff at ${browserTable.items.toLocaleString('en-US')} items, navigation → load (p50 of ${browser.loads.length})`, median(browser.loads), TARGETS.staffBrowserMs, ms, '< 1000 ms'), value: `${ms(median(browser.loads))} (max ${ms(Math.max(...browser.loads))})` });
  } else if (browser) {
    rows.push({ section: 'staff view in chromium', item: `GET /staff at ${browserTable.items.toLocaleString('en-US')} items`, value: `not measured: ${browser.error.slice(0, 200)}`, verdict: 'MISSED' });
  }

  // ---- rows: growth, every route, 1k → 100k and 1k → 1M (what the seed budget reached)
  const growthTable: { route: string; p50: Record<string, number> }[] = [];
  for (const r of smallRes) {
    const p50: Record<string, number> = { [smallStart]: round(r.p50, 3) };
    for (const [res, items] of [[largeRes, largeStart], [hugeResults, hugeStart]] as const) {
      const l = res?.find((y) => y.name === r.name);
      if (!l) continue;
      p50[items] = round(l.p50, 3);
      const ratio = l.p50 / r.p50;
      rows.push({ ...atMost(`growth ${smallStart.toLocaleString('en-US')} → ${items.toLocaleString('en-US')} items`, r.name, ratio, TARGETS.growth, x), value: `${x(ratio)} (p50 ${ms(r.p50)} → ${ms(l.p50)})` });
    }
    growthTable.push({ route: r.name, p50 });
  }
  results.growthTable = { items: [smallStart, ...(largeRes ? [largeStart] : []), ...(hugeResults ? [hugeStart] : [])], routes: growthTable };
  results.staffInChromium = { table: browserTable, ...browser };
  rows.push({ ...atMost('growth', 'Scan commands on any request path', scanCount, 0, (n) => `${n}`, '= 0'), value: `${scanCount} (commands seen: ${[...meter.seen].map(([c, n]) => `${c.replace(/Command$/, '')} ${n}`).join(', ')})` });

  // ---- rows: cost
  const costs = journeys.map((j) => ({ journey: j, cost: costPerThousand(j.perJourney, prices) }));
  for (const { journey, cost } of costs) {
    rows.push({
      ...atMost('cost per 1,000 completed', `${journey.name} (${journey.emailsPerJourney.toFixed(0)} email(s) each)`, cost.ratio, TARGETS.costRatio, x),
      value: `${usd(cost.total)} vs emails alone ${usd(cost.floor)} = ${x(cost.ratio)} (${cost.lines.slice(1).map((l) => `${l.item.replace(/^DynamoDB /, 'DDB ')} ${usd(l.usd)}`).join(', ')}; `
        + `${journey.perJourney.wru.toFixed(0)} WRU, ${journey.perJourney.rru.toFixed(1)} RRU, ${journey.perJourney.invocations.toFixed(0)} invocations, ${journey.perJourney.apiRequests.toFixed(0)} API requests each)`,
    });
  }

  results.inProcess = {
    method: 'handler modules called in this process with API Gateway v2 events (local/gateway.ts matchRoute/toEvent/lambdaContext); dynalite (in memory) in a child process over loopback HTTP; the two tables timed in pairs at the same moments',
    coldContainerRoundTrips: cold,
    passes: {
      small: { table: SMALL, itemsAtStart: smallStart, itemsAtEnd: smallEnd, routes: smallRes.map(({ samples: _s, ...r }) => ({ ...r, p50: round(r.p50, 3), p99: round(r.p99, 3) })) },
      ...(largeRes ? { large: { table: LARGE, itemsAtStart: largeStart, itemsAtEnd: largeStart + (smallEnd - smallStart), seedSeconds: round(seedMs / 1000, 1), routes: largeRes.map(({ samples: _s, ...r }) => ({ ...r, p50: round(r.p50, 3), p99: round(r.p99, 3) })) } } : {}),
      ...(hugeResults ? { huge: { table: HUGE, itemsAtStart: hugeStart, target: HUGE_ITEMS, seedSeconds: round((hugeGrown?.seedMs ?? 0) / 1000, 1), routes: hugeResults.map(({ samples: _s, ...r }) => ({ ...r, p50: round(r.p50, 3), p99: round(r.p99, 3) })) } } : {}),
    },
    copyVsGetItem: { copyP50: round(median(copyMs), 3), getItemP50: round(median(getMs), 3), copyP99: round(percentile(copyMs, 99), 3), getItemP99: round(percentile(getMs, 99), 3), ratio: round(copyRatio, 3) },
    scans: scanCount,
    commandsSeen: Object.fromEntries(meter.seen),
    cost: { prices, journeys: costs.map(({ journey, cost }) => ({ ...journey, perThousand: { ...cost, lines: cost.lines.map((l) => ({ ...l, usd: round(l.usd, 6) })) } })) },
  };
} finally {
  await stack.stop();
}

// ---- plain-text importer growth (issue 11: linear, not quadratic) -----------------------------
if (routesToo) log('plain-text importer: 10,000 and 40,000 lines of each shape…');
for (const [name, shape] of routesToo ? Object.entries(importerShapes) : []) {
  const g = importerGrowth(shape, 10_000);
  rows.push({ ...atMost('import-text', `${name}: 40,000 ÷ 10,000 lines`, g.ratio, 6, x), value: `${x(g.ratio)} (${ms(g.small)} → ${ms(g.large)})` });
}

// ---- 3. load ----------------------------------------------------------------------------------
if (!flag('--skip-load')) {
  log(`load: ${LOAD_SECONDS} s of autocannon against npm start's stack on loopback (${LOAD_CONNECTIONS} connections)…`);
  const load: LoadResult = await loadRun({ seconds: LOAD_SECONDS, connections: LOAD_CONNECTIONS, log });
  rows.push({ section: 'load (loopback)', item: 'throughput; latency', value: `${load.throughput.toFixed(1)} req/s; p50 ${load.p50} ms, p99 ${load.p99} ms (${load.requests} requests, ${LOAD_CONNECTIONS} connections, ${LOAD_SECONDS} s)`, verdict: 'info' });
  rows.push({ ...atMost('load (loopback)', 'errors (connection errors, timeouts, non-2xx)', load.errors + load.non2xx, 0, (n) => `${n}`, '= 0'), value: `${load.errors + load.non2xx} (status codes ${JSON.stringify(load.statusCodes)})` });
  rows.push({ ...atMost('load (loopback)', 'lost (acknowledged, not found afterwards)', load.lost, 0, (n) => `${n}`, '= 0'), value: `${load.lost} of ${load.acknowledged} acknowledged` });
  results.load = load;
}

finish();

function finish(): never {
  results.rows = rows;
  results.seconds = round((Date.now() - started) / 1000, 1);
  writeFileSync(join(import.meta.dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const misses = rows.filter((r) => r.verdict === 'MISSED');
  console.log(`\nReprint Desk bench — ${new Date(started).toISOString().slice(0, 16).replace('T', ' ')} UTC, node ${process.version}, ${cpus().length} cores, ${results.seconds} s\n`);
  console.log(renderTable(rows));
  console.log(`\n${rows.filter((r) => r.verdict === 'met').length} met, ${misses.length} MISSED. Written to bench/results.json.`);
  process.exit(0);
}
