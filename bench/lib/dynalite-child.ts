/**
 * dynalite in its own process (in memory), as DynamoDB is a separate service from the functions.
 * For growing a table fast, the parent may also send `{ seed }` over IPC: the items are made here
 * (bench/lib/seed.ts cloneItem, the same clones the HTTP path writes) and written straight into
 * dynalite's store — what its PutItem would store, without the HTTP round trip, the SDK and the
 * per-item lock/read/callback chain:
 * - each item is marshalled and checked by dynalite's own `validateItem`;
 * - its table key and every index entry (key and projected attributes) come from dynalite's own
 *   `createKey` and `getIndexActions`, so a change of the table's indexes or projections
 *   (functions/config/table.ts) is followed without touching this file;
 * - each distinct value is JSON-encoded once and the same bytes are stored under every key that
 *   holds it (an item and its ALL-projection index entries), which is what dynalite's JSON value
 *   encoding would store, at a fraction of the CPU and memory;
 * - one store batch per few hundred items.
 * Only fresh keys are written (new request ids, new article numbers): nothing is overwritten, so
 * there are no old index entries to remove. The first batch of each table is read back through
 * dynalite's own item and index databases, so a change in dynalite's key layout fails loudly.
 * The reply carries the seeded requests' summed contribution to the counters (which the parent ADDs
 * over HTTP as usual) and this process's memory, so the parent can stop before the machine runs out.
 */
import { createRequire } from 'node:module';
import { marshall } from '@aws-sdk/util-dynamodb';
import { startDynalite } from '../../local/services.js';
import { cloneItem, kindOf, type SeedTemplates } from './seed.js';
import { sum, type Contribution } from '../../functions/domain/request-stats.js';
import type { RequestItem } from '../../functions/adapters/entities/request.js';

type AttributeMap = Record<string, unknown>;
interface IndexDescription { IndexName: string }
interface TableDescription { TableName: string; GlobalSecondaryIndexes?: IndexDescription[]; LocalSecondaryIndexes?: IndexDescription[] }
interface SubDb { get(key: string, cb: (err: unknown, value?: unknown) => void): void }
interface Store {
  db: { batch(ops: unknown[], cb: (err: unknown) => void): void };
  getTable(name: string, cb: (err: unknown, table?: TableDescription) => void): void;
  getItemDb(name: string): SubDb;
  getIndexDb(type: string, table: string, index: string): SubDb;
}
interface DynaliteDb {
  create: (o: unknown) => Store;
  createKey: (item: AttributeMap, table: TableDescription) => string;
  validateItem: (item: AttributeMap, table: TableDescription) => unknown;
  getIndexActions: (indexes: IndexDescription[], existing: undefined, item: AttributeMap, table: TableDescription) => { puts: { index: string; key: string; item: AttributeMap }[] };
}
const require = createRequire(import.meta.url);
const dynaliteDb = require('dynalite/db') as DynaliteDb;
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
export interface SeedReply { id: number; ms?: number; error?: string; contribution?: Contribution; rssBytes?: number }

const BATCH = 250;
const marshallOptions = { removeUndefinedValues: true, convertClassInstanceToMap: false };
const cb = <T>(f: (done: (err: unknown, v?: T) => void) => void) => new Promise<T>((ok, fail) => f((err, v) => (err ? fail(err instanceof Error ? err : new Error(JSON.stringify((err as { body?: unknown }).body ?? err))) : ok(v as T))));
const checked = new Set<string>();

async function writeFresh(tableName: string, items: AttributeMap[]): Promise<void> {
  const s = store!;
  const table = await cb<TableDescription>((d) => s.getTable(tableName, d));
  const ops: { type: 'put'; key: string; value: Buffer; valueEncoding: 'buffer' }[] = [];
  const probes: { db: SubDb; key: string }[] = [];
  for (const plain of items) {
    const item = marshall(plain, marshallOptions) as AttributeMap;
    const invalid = dynaliteDb.validateItem(item, table);
    if (invalid) throw new Error(`dynalite refuses a seeded item: ${JSON.stringify((invalid as { body?: unknown }).body ?? invalid)}`);
    const encoded = new Map<AttributeMap, Buffer>();
    const bytesOf = (v: AttributeMap) => {
      let b = encoded.get(v);
      if (!b) encoded.set(v, (b = Buffer.from(JSON.stringify(v))));
      return b;
    };
    const key = dynaliteDb.createKey(item, table);
    ops.push({ type: 'put', key: `item-${tableName}~${key}`, value: bytesOf(item), valueEncoding: 'buffer' });
    if (!probes.length) probes.push({ db: s.getItemDb(tableName), key });
    for (const type of ['Local', 'Global'] as const) {
      const indexes = table[`${type}SecondaryIndexes`] ?? [];
      for (const a of dynaliteDb.getIndexActions(indexes, undefined, item, table).puts) {
        ops.push({ type: 'put', key: `index-${type.toLowerCase()}~${tableName}~${a.index}~${a.key}`, value: bytesOf(a.item), valueEncoding: 'buffer' });
        if (!probes.some((p) => p.key === a.key)) probes.push({ db: s.getIndexDb(type, tableName, a.index), key: a.key });
      }
    }
  }
  await cb<void>((d) => s.db.batch(ops, d));
  if (checked.has(tableName)) return;
  // Read back through dynalite's own sub-databases: the keys written above are where it looks.
  for (const p of probes) {
    const v = await cb<unknown>((d) => p.db.get(p.key, d)).catch(() => undefined);
    if (!v) throw new Error(`a seeded entry is not where dynalite reads it (${p.key}): dynalite's key layout changed`);
  }
  checked.add(tableName);
}

process.on('message', (m: { seed?: SeedRequest }) => {
  if (!m?.seed) return;
  const { id, table, templates, count, startAt } = m.seed;
  const now = new Date(m.seed.now);
  const t0 = performance.now();
  const contributions: Contribution[] = [];
  const run = async () => {
    for (let from = 0; from < count; from += BATCH) {
      const n = Math.min(BATCH, count - from);
      const items = Array.from({ length: n }, (_, i) => cloneItem(templates, kindOf(startAt + from + i), startAt + from + i, now));
      const requests = items.map((i) => i as unknown as RequestItem).filter((i) => i.entity === 'request');
      if (requests.length) contributions.push(sum(requests.map((i) => i.stats!.applied)));
      await writeFresh(table, items);
      // Let dynalite answer anything else between batches.
      await new Promise((r) => setImmediate(r));
    }
  };
  const reply = (r: Omit<SeedReply, 'id'>) => process.send!({ seeded: { id, ...r } satisfies SeedReply });
  run().then(
    () => reply({ ms: performance.now() - t0, contribution: sum(contributions), rssBytes: process.memoryUsage().rss }),
    (e: unknown) => reply({ error: e instanceof Error ? e.message : String(e) }),
  );
});
