/**
 * `npm run bench`: size, speed, round trips, growth, cost and load of Reprint Desk, measured in one
 * run on this machine, printed as one table (and the growth of every route as a second one) and
 * written to bench/results.json. See the README section "Performance" for what each figure means and
 * how to reproduce it.
 *
 * Options (environment): BENCH_ITERATIONS (timed calls per route, 200), BENCH_WARMUP (20),
 * BENCH_IMPORT_RUNS (fresh processes per bundle, 9), BENCH_GROWTH_ITEMS (the second size, 100000),
 * BENCH_HUGE_ITEMS (the third size, 1000000; 0 leaves it out), BENCH_SEED_BUDGET_S (how long growing
 * the table to each size may take before the bench measures what it has, 300),
 * BENCH_DYNALITE_MAX_MB (dynalite's resident memory at which growing stops, 10240),
 * BENCH_MIN_FREE_MB (growing also stops when the machine has less than this available, 3072),
 * BENCH_DYNALITE_HEAP_MB (8192), BENCH_JOURNEYS (metered journeys of each kind, 10),
 * BENCH_LOAD_SECONDS (20), BENCH_LOAD_CONNECTIONS (8). Flags: --skip-bundles, --skip-growth,
 * --skip-load, --skip-routes (no seeding, no route timing, no importer rows: with the three others,
 * only "copy ÷ GetItem" and the cost journeys run, in about a minute); --only-bundles runs the
 * bundle step alone and prints its rows. Each phase's duration is printed as it ends.
 */
import '../local/node-warnings.js';
import { cpus, freemem, tmpdir } from 'node:os';
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
import { atMost, kb, ms, renderGrowthTable, renderTable, usd, verdictText, x, type GrowthTable, type Row } from './lib/report.js';
import { whyMissed } from './lib/known-misses.js';
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
const DYNALITE_MAX_MB = env('BENCH_DYNALITE_MAX_MB', 10240);
const MIN_FREE_MB = env('BENCH_MIN_FREE_MB', 3072);
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
/** How long each phase of the run took (printed as it ends and written to results.json). */
const phases: { phase: string; seconds: number }[] = [];
function startPhase(name: string): () => void {
  const t0 = performance.now();
  return () => {
    const seconds = round((performance.now() - t0) / 1000, 1);
    phases.push({ phase: name, seconds });
    log(`${name}: ${seconds} s`);
  };
}
async function phase<T>(name: string, f: () => Promise<T>): Promise<T> {
  const done = startPhase(name);
  try { return await f(); } finally { done(); }
}
const summary = (rs: RouteResult[]) => rs.map(({ samples: _s, ...r }) => ({ ...r, p50: round(r.p50, 3), p99: round(r.p99, 3) }));
const results: Record<string, unknown> = {
  startedAt: new Date(started).toISOString(),
  machine: { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model },
  settings: { ITERATIONS, WARMUP, IMPORT_RUNS, GROWTH_ITEMS, HUGE_ITEMS, SEED_BUDGET_S: SEED_BUDGET_MS / 1000, DYNALITE_MAX_MB, MIN_FREE_MB, JOURNEYS, LOAD_SECONDS, LOAD_CONNECTIONS },
  targets: TARGETS,
};

// ---- 1. bundles -------------------------------------------------------------------------------
if (!flag('--skip-bundles')) {
  const bundlePhase = startPhase('bundles: build and import');
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
  bundlePhase();
  results.bundles = { fullChainReference: { bytes: fullChain.bytes, importRatio: round(fullChainRatio, 3) }, baseline: { bytes: baseline.bytes, gzipBytes: baseline.gzipBytes, importMs: round(baseMs), importCpuMs: round(median(times.get(baseline.file)!.cpuSamples)), importSamplesMs: times.get(baseline.file)!.samples.map((s) => round(s)) }, functions: perFunction };
}
if (flag('--only-bundles')) finish();

// ---- 2. in-process: round trips, latency, copy vs GetItem, cost, growth ------------------------
// Two tables: about 1,000 items, and one grown in place — to GROWTH_ITEMS, timed against the small
// one, then on to HUGE_ITEMS (as far as the seed budget and the memory cap allow), timed again. Each
// size is timed paired with the small table (the same calls, alternating, at the same moments).
const SMALL = 'bench-1k';
const GROWN = 'bench-grown';
const routesToo = !flag('--skip-routes');
const growth = routesToo && !flag('--skip-growth');
const stages = growth ? [GROWTH_ITEMS, ...(HUGE_ITEMS > GROWTH_ITEMS ? [HUGE_ITEMS] : [])] : [];
log('starting dynalite (child process, in memory) and the local SES…');
const stackPhase = startPhase('in-process part (seeding, routes, chromium, copy, cost), in all');
const stack = await startBenchStack(SMALL);
if (growth) await stack.addTable(GROWN);
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
/** Every item of a small table (a Scan: never used on the grown one, whose count the seeding keeps). */
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
/** One timed size of the grown table, against the small table timed at the same moments. */
interface Stage {
  target: number; items: number; seedSeconds: number; itemsPerSecond: number; seedCpuSeconds: number; dynaliteRssMb: number; stoppedBy?: string;
  small: RouteResult[]; grown: RouteResult[]; smallItems: number;
  browser?: { loads: number[]; bytes: number; rows: number } | { error: string };
}

try {
  const small = sharedFor(SMALL);
  const grown = growth ? sharedFor(GROWN) : undefined;
  const smallSubjects = await makeSubjects(small);
  const grownSubjects = grown ? await makeSubjects(grown) : undefined;

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

  // The grown table, grown in place: each stage adds items until the target, the seed budget
  // (BENCH_SEED_BUDGET_S per stage) or the memory cap (BENCH_DYNALITE_MAX_MB of dynalite's resident
  // memory, or less than BENCH_MIN_FREE_MB left on the machine) stops it.
  let grownItems = grown ? await countItems(GROWN) : 0;
  let dynaliteRss = 0;
  const grow = async (target: number) => {
    const want = Math.max(0, target - grownItems);
    log(`growing ${GROWN} from ${grownItems.toLocaleString('en-US')} to ${target.toLocaleString('en-US')} items inside dynalite's process (budget ${SEED_BUDGET_MS / 1000} s, memory cap ${DYNALITE_MAX_MB} MB)…`);
    const t0 = performance.now();
    let added = 0;
    let cpuMs = 0;
    let stoppedBy: string | undefined;
    while (added < want) {
      if (performance.now() - t0 >= SEED_BUDGET_MS) { stoppedBy = `the seed budget (${SEED_BUDGET_MS / 1000} s)`; break; }
      if (dynaliteRss >= DYNALITE_MAX_MB * 2 ** 20) { stoppedBy = `the memory cap (dynalite at ${(dynaliteRss / 2 ** 20).toFixed(0)} MB of ${DYNALITE_MAX_MB} MB)`; break; }
      if (freemem() < MIN_FREE_MB * 2 ** 20) { stoppedBy = `the machine's free memory (${(freemem() / 2 ** 20).toFixed(0)} MB left, ${MIN_FREE_MB} MB kept free)`; break; }
      const chunk = Math.min(5_000, want - added);
      const r = await stack.seedDirect(GROWN, templates!, chunk, seeded);
      dynaliteRss = r.rssBytes;
      cpuMs += r.cpuMs;
      seeded += chunk;
      added += chunk;
      grownItems += chunk;
      const s = (performance.now() - t0) / 1000;
      if (added % 25_000 < 5_000 || added === want) log(`  ${grownItems.toLocaleString('en-US')} items (${s.toFixed(0)} s, ${(added / s).toFixed(0)} items/s, ${(cpuMs / added).toFixed(2)} ms of CPU per item, dynalite ${(dynaliteRss / 2 ** 20).toFixed(0)} MB)`);
    }
    const seedSeconds = (performance.now() - t0) / 1000;
    if (stoppedBy) log(`  ${stoppedBy} stopped ${GROWN} at ${grownItems.toLocaleString('en-US')} of ${target.toLocaleString('en-US')} items`);
    return { target, items: grownItems, seedSeconds: round(seedSeconds, 1), itemsPerSecond: round(added / Math.max(seedSeconds, 1e-3), 0), seedCpuSeconds: round(cpuMs / 1000, 1), dynaliteRssMb: round(dynaliteRss / 2 ** 20, 0), ...(stoppedBy ? { stoppedBy } : {}) };
  };

  // Timing: with no growth, the small table alone; otherwise once per stage, small and grown paired.
  const timeOn = async (sides: Shared[], what: string) => {
    const tables = sides.map((s) => ({ s, cases: routeCases(s, s === small ? smallSubjects : grownSubjects!) }));
    log(`timing ${tables[0]!.cases.length} routes × ${ITERATIONS} calls after ${WARMUP} warm-up calls, ${what}…`);
    return timeRoutes(tables, meter, ITERATIONS, WARMUP, log);
  };
  // The staff view in a real browser (Debian's chromium): the page served over loopback HTTP by the
  // handler, timed from navigation start to the load event.
  const inChromium = async (table: string, items: number) => {
    log(`the staff view in chromium on ${table} (${items.toLocaleString('en-US')} items)…`);
    return staffInChromium(table, 7).catch((e: unknown) => ({ error: String(e) }));
  };
  const stageResults: Stage[] = [];
  let smallRes: RouteResult[] = [];
  let smallOnlyBrowser: Stage['browser'];
  if (routesToo && !grown) {
    await phase('time the routes (small table only)', async () => { [smallRes] = await timeOn([small], `on ${SMALL} (${smallStart} items)`) as [RouteResult[]]; });
    smallOnlyBrowser = await phase('staff view in chromium', () => inChromium(SMALL, smallStart));
  }
  for (const target of grown ? stages : []) {
    const g = await phase(`seed to ${target.toLocaleString('en-US')} items`, () => grow(target));
    const previous = stageResults.at(-1);
    if (previous && g.items < previous.items * 1.5) {
      // Stopped (budget or memory) before the table grew enough to be worth a second timing round.
      log(`  no timing at ${g.items.toLocaleString('en-US')} items: not much more than the ${previous.items.toLocaleString('en-US')} already timed`);
      previous.stoppedBy = g.stoppedBy ?? previous.stoppedBy;
      continue;
    }
    const smallItems = await countItems(SMALL);
    const [s, l] = await phase(`time the routes at ${g.items.toLocaleString('en-US')} items`, () => timeOn([small, grown!], `on ${SMALL} and ${GROWN} (${smallItems.toLocaleString('en-US')} and ${g.items.toLocaleString('en-US')} items), paired`)) as [RouteResult[], RouteResult[]];
    // Both tables got the same calls: the grown one gained what the small one gained.
    grownItems += (await countItems(SMALL)) - smallItems;
    const browser = await phase(`staff view in chromium at ${g.items.toLocaleString('en-US')} items`, () => inChromium(GROWN, g.items));
    stageResults.push({ ...g, small: s, grown: l, smallItems, browser });
    if (!smallRes.length) smallRes = s;
  }
  const smallEnd = await countItems(SMALL);

  // A licensed copy against a bare GetItem of the same item, interleaved, on the same client and dynalite.
  log('serving a copy vs a bare GetItem (interleaved)…');
  const copyPhase = startPhase('copy vs GetItem');
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
  copyPhase();

  // Cost: metered journeys.
  log(`cost: ${JOURNEYS} metered journeys of each kind…`);
  const prices = loadPrices();
  const journeys: JourneyResult[] = await phase('cost journeys', () => measureJourneys(small, meter, `${stack.ses}/store`, JOURNEYS));
  const scanCount = [...meter.seen].filter(([c]) => c.startsWith('Scan')).reduce((a, [, n]) => a + n, 0);

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
  if (staffTrips) rows.push({ ...atMost('round trips', 'GET /staff (staff overview), any table size', Math.max(staffTrips.roundTrips, ...stageResults.map((st) => st.grown.find((y) => y.name === staffTrips.name)?.roundTrips ?? 0)), TARGETS.staffRoundTrips, (n) => `${n}`), value: `${staffTrips.roundTrips}: ${staffTrips.commands.join(', ')}` });
  const browserRuns = stageResults.length ? stageResults.map((st) => ({ items: st.items, table: GROWN, browser: st.browser })) : smallOnlyBrowser ? [{ items: smallStart, table: SMALL, browser: smallOnlyBrowser }] : [];
  for (const { items, browser } of browserRuns) {
    if (browser && 'loads' in browser) {
      rows.push({ ...atMost('staff view in chromium', `GET /staff at ${items.toLocaleString('en-US')} items, navigation → load (p50 of ${browser.loads.length})`, median(browser.loads), TARGETS.staffBrowserMs, ms, '< 1000 ms'), value: `${ms(median(browser.loads))} (max ${ms(Math.max(...browser.loads))})` });
    } else if (browser) {
      rows.push({ section: 'staff view in chromium', item: `GET /staff at ${items.toLocaleString('en-US')} items`, value: `not measured: ${browser.error.slice(0, 200)}`, verdict: 'MISSED' });
    }
  }

  // ---- rows and table: growth of every route, 1k → each size the grown table was timed at
  const growthTable = smallRes.map((r) => ({
    route: r.name,
    sizes: stageResults.map((st) => {
      const sm = st.small.find((y) => y.name === r.name)!;
      const gr = st.grown.find((y) => y.name === r.name)!;
      return { items: st.items, smallItems: st.smallItems, smallP50: round(sm.p50, 3), p50: round(gr.p50, 3), ratio: round(gr.p50 / sm.p50, 3), samples: gr.samples.length };
    }),
  }));
  for (const g of stageResults.length ? growthTable : []) {
    const worst = Math.max(...g.sizes.map((s) => s.ratio));
    rows.push({
      ...atMost(`growth ${stageResults.map((st) => `${st.smallItems.toLocaleString('en-US')} → ${st.items.toLocaleString('en-US')}`).join(', ')} items`, g.route, worst, TARGETS.growth, x),
      value: g.sizes.map((s) => `${x(s.ratio)} at ${s.items.toLocaleString('en-US')} (p50 ${ms(s.smallP50)} → ${ms(s.p50)})`).join('; '),
    });
  }
  results.growthTable = {
    method: 'one table grown in place; at each size every route timed with the same iterations, paired call by call with the ~1,000-item table; ratio = p50 on the grown table ÷ p50 on the small table of the same pairing',
    target: TARGETS.growth,
    sizes: stageResults.map(({ small: _s, grown: _g, browser: _b, ...st }) => st),
    routes: growthTable,
  };
  results.staffInChromium = browserRuns;
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
      small: { table: SMALL, itemsAtStart: smallStart, itemsAtEnd: smallEnd, routes: summary(smallRes) },
      stages: stageResults.map((st) => ({ table: GROWN, target: st.target, items: st.items, smallItems: st.smallItems, seedSeconds: st.seedSeconds, itemsPerSecond: st.itemsPerSecond, seedCpuSeconds: st.seedCpuSeconds, dynaliteRssMb: st.dynaliteRssMb, ...(st.stoppedBy ? { stoppedBy: st.stoppedBy } : {}), small: summary(st.small), grown: summary(st.grown) })),
    },
    copyVsGetItem: { copyP50: round(median(copyMs), 3), getItemP50: round(median(getMs), 3), copyP99: round(percentile(copyMs, 99), 3), getItemP99: round(percentile(getMs, 99), 3), ratio: round(copyRatio, 3) },
    scans: scanCount,
    commandsSeen: Object.fromEntries(meter.seen),
    cost: { prices, journeys: costs.map(({ journey, cost }) => ({ ...journey, perThousand: { ...cost, lines: cost.lines.map((l) => ({ ...l, usd: round(l.usd, 6) })) } })) },
  };
} finally {
  await stack.stop();
  stackPhase();
}

// ---- plain-text importer growth (issue 11: linear, not quadratic) -----------------------------
if (routesToo) log('plain-text importer: 10,000 and 40,000 lines of each shape…');
const importerPhase = routesToo ? startPhase('plain-text importer') : undefined;
for (const [name, shape] of routesToo ? Object.entries(importerShapes) : []) {
  const g = importerGrowth(shape, 10_000);
  rows.push({ ...atMost('import-text', `${name}: 40,000 ÷ 10,000 lines`, g.ratio, 6, x), value: `${x(g.ratio)} (${ms(g.small)} → ${ms(g.large)})` });
}
importerPhase?.();

// ---- 3. load ----------------------------------------------------------------------------------
if (!flag('--skip-load')) {
  log(`load: ${LOAD_SECONDS} s of autocannon against npm start's stack on loopback (${LOAD_CONNECTIONS} connections)…`);
  const load: LoadResult = await phase('load', () => loadRun({ seconds: LOAD_SECONDS, connections: LOAD_CONNECTIONS, log }));
  rows.push({ section: 'load (loopback)', item: 'throughput; latency', value: `${load.throughput.toFixed(1)} req/s; p50 ${load.p50} ms, p99 ${load.p99} ms (${load.requests} requests, ${LOAD_CONNECTIONS} connections, ${LOAD_SECONDS} s)`, verdict: 'info' });
  rows.push({ ...atMost('load (loopback)', 'errors (connection errors, timeouts, non-2xx)', load.errors + load.non2xx, 0, (n) => `${n}`, '= 0'), value: `${load.errors + load.non2xx} (status codes ${JSON.stringify(load.statusCodes)})` });
  rows.push({ ...atMost('load (loopback)', 'lost (acknowledged, not found afterwards)', load.lost, 0, (n) => `${n}`, '= 0'), value: `${load.lost} of ${load.acknowledged} acknowledged` });
  results.load = load;
}

finish();

function finish(): never {
  for (const r of rows) if (r.verdict === 'MISSED') r.why = whyMissed(r);
  results.rows = rows;
  results.phases = phases;
  results.seconds = round((Date.now() - started) / 1000, 1);
  writeFileSync(join(import.meta.dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const misses = rows.filter((r) => r.verdict === 'MISSED');
  console.log(`\nReprint Desk bench — ${new Date(started).toISOString().slice(0, 16).replace('T', ' ')} UTC, node ${process.version}, ${cpus().length} cores, ${results.seconds} s\n`);
  console.log(renderTable(rows));
  const growthTable = results.growthTable as GrowthTable | undefined;
  if (growthTable?.sizes.length) console.log(`\nGrowth of every route (p50 on the ~1,000-item table → p50 on the grown table, timed paired; target ≤ ${x(TARGETS.growth)}):\n\n${renderGrowthTable(growthTable, TARGETS.growth)}`);
  if (misses.length) console.log(`\nWhy each miss:\n\n${misses.map((r) => `- ${r.section} · ${r.item}: ${verdictText(r)} — ${r.why}`).join('\n')}`);
  console.log(`\nPhases: ${phases.map((p) => `${p.phase} ${p.seconds} s`).join('; ')}.`);
  console.log(`\n${rows.filter((r) => r.verdict === 'met').length} met, ${misses.length} MISSED. Written to bench/results.json.`);
  process.exit(0);
}
