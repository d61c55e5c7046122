/**
 * dynalite in its own process (in memory), as DynamoDB is a separate service from the functions.
 * For growing a table fast, the parent may also send `{ seed }` over IPC: the items are made by
 * worker threads (bench/lib/seed-worker.ts: the same clones the HTTP path writes, marshalled, checked
 * by dynalite's own `validateItem`, keyed by its own `createKey` and `getIndexActions`, so a change of
 * the table's indexes or projections in functions/config/table.ts is followed without touching the
 * bench) and written here straight into dynalite's store — what its PutItem would store, without the
 * HTTP round trip, the SDK and the per-item lock/read/callback chain, each distinct value encoded
 * once (an item and its ALL-projection index entries share the bytes).
 * Only fresh keys are written (new request ids, new article numbers): nothing is overwritten, so
 * there are no old index entries to remove. The first batch of each table is read back through
 * dynalite's own item and index databases, so a change in dynalite's key layout fails loudly.
 * The reply carries the seeded requests' summed contribution to the counters (which the parent ADDs
 * over HTTP as usual) and this process's memory, so the parent can stop before the machine runs out.
 * BENCH_SEED_WORKERS threads (default: one per core; 0 makes the items on this thread).
 */
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import { startDynalite } from '../../local/services.js';
import { sum, type Contribution } from '../../functions/domain/request-stats.js';
import { prepareBatch, type BatchReply, type BatchRequest, type Probe, type TableDescription } from './seed-worker.js';
import type { SeedTemplates } from './seed.js';

interface SubDb { get(key: string, cb: (err: unknown, value?: unknown) => void): void }
interface Store {
  db: { batch(ops: unknown[], cb: (err: unknown) => void): void };
  getTable(name: string, cb: (err: unknown, table?: TableDescription) => void): void;
  getItemDb(name: string): SubDb;
  getIndexDb(type: string, table: string, index: string): SubDb;
}
const require = createRequire(import.meta.url);
const dynaliteDb = require('dynalite/db') as { create: (o: unknown) => Store };
let store: Store | undefined;
const create = dynaliteDb.create;
// dynalite builds its store inside; keep a handle on it (the same module instance dynalite requires).
dynaliteDb.create = (o: unknown) => (store = create(o));

const port = Number(process.argv[2]);
await startDynalite({ port });
process.stdout.write('ready\n');
process.on('SIGTERM', () => process.exit(0));
// Gone with the bench, however it ended: the IPC channel closes when the parent process exits.
process.on('disconnect', () => process.exit(0));

export interface SeedRequest { id: number; table: string; templates: SeedTemplates; count: number; startAt: number; now: string }
/** cpuMs: this process's CPU time (all its threads) while seeding: what the seeding costs, whatever else the machine runs. */
export interface SeedReply { id: number; ms?: number; cpuMs?: number; error?: string; contribution?: Contribution; rssBytes?: number }

const BATCH = 250;
const WORKERS = Math.max(0, Number(process.env.BENCH_SEED_WORKERS ?? cpus().length));
const cb = <T>(f: (done: (err: unknown, v?: T) => void) => void) => new Promise<T>((ok, fail) => f((err, v) => (err ? fail(err instanceof Error ? err : new Error(JSON.stringify((err as { body?: unknown }).body ?? err))) : ok(v as T))));

let threads: Worker[] | undefined;
const waiting = new Map<number, { ok: (r: BatchReply) => void; fail: (e: Error) => void }>();
let batchIds = 0;
function pool(): Worker[] {
  threads ??= Array.from({ length: WORKERS }, () => {
    // A worker thread does not inherit the `--import tsx` hooks: it registers them, then loads the module.
    const entry = JSON.stringify(new URL('./seed-worker.ts', import.meta.url).href);
    const w = new Worker(`import('tsx/esm/api').then((t) => { t.register(); return import(${entry}); })`, { eval: true });
    w.on('message', (r: BatchReply) => {
      const p = waiting.get(r.id);
      waiting.delete(r.id);
      if (r.error) p?.fail(new Error(r.error));
      else p?.ok(r);
    });
    w.on('error', (e) => { for (const p of waiting.values()) p.fail(e); waiting.clear(); });
    w.unref();
    return w;
  });
  return threads;
}
/** A batch made ready to store, by worker `w` (or on this thread with no workers). */
const prepared = (w: number, r: Omit<BatchRequest, 'id'>) => {
  const id = ++batchIds;
  if (!WORKERS) return Promise.resolve({ id, ...prepareBatch({ id, ...r }) });
  return new Promise<BatchReply>((ok, fail) => { waiting.set(id, { ok, fail }); pool()[w]!.postMessage({ id, ...r } satisfies BatchRequest); });
};

const cpuMsSince = (c: NodeJS.CpuUsage) => { const d = process.cpuUsage(c); return (d.user + d.system) / 1000; };
const checked = new Set<string>();
async function store_(tableName: string, r: BatchReply): Promise<void> {
  const s = store!;
  const bytes = r.bytes!;
  await cb<void>((d) => s.db.batch(r.entries!.map(([key, offset, length]) => ({ type: 'put', key, value: Buffer.from(bytes, offset, length), valueEncoding: 'buffer' })), d));
  if (checked.has(tableName)) return;
  // Read back through dynalite's own sub-databases: the keys written are where it looks.
  const dbOf = (p: Probe) => (p.db === 'item' ? s.getItemDb(tableName) : s.getIndexDb(p.db, tableName, p.index!));
  for (const p of r.probes ?? []) {
    const v = await cb<unknown>((d) => dbOf(p).get(p.key, d)).catch(() => undefined);
    if (!v) throw new Error(`a seeded entry is not where dynalite reads it (${p.db} ${p.index ?? ''} ${p.key}): dynalite's key layout changed`);
  }
  checked.add(tableName);
}

process.on('message', (m: { seed?: SeedRequest }) => {
  if (!m?.seed) return;
  const { id, table: tableName, templates, count, startAt, now } = m.seed;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const contributions: Contribution[] = [];
  const run = async () => {
    const table = await cb<TableDescription>((d) => store!.getTable(tableName, d));
    let next = 0;
    // Two batches in flight per worker: one being made while the other is stored.
    const lane = async (w: number) => {
      while (next < count) {
        const from = next;
        next = Math.min(count, next + BATCH);
        const r = await prepared(w, { table, templates, from: startAt + from, count: next - from, now });
        contributions.push(r.contribution ?? {});
        await store_(tableName, r);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, WORKERS * 2) }, (_, i) => lane(i % Math.max(1, WORKERS))));
  };
  const reply = (r: Omit<SeedReply, 'id'>) => process.send!({ seeded: { id, ...r } satisfies SeedReply });
  run().then(
    () => reply({ ms: performance.now() - t0, cpuMs: cpuMsSince(cpu0), contribution: sum(contributions), rssBytes: process.memoryUsage().rss }),
    (e: unknown) => reply({ error: e instanceof Error ? e.message : String(e) }),
  );
});
