/**
 * A worker thread of dynalite's process (bench/lib/dynalite-child.ts) that makes seeded items ready
 * to store: clones (bench/lib/seed.ts cloneItem), marshalled, checked by dynalite's own
 * `validateItem`, their table key and index entries from dynalite's own `createKey` and
 * `getIndexActions`, each distinct value JSON-encoded once (an item and its ALL-projection index
 * entries share the bytes). A batch's values go back in one buffer (transferred, not copied), with
 * each stored key's offset and length in it; the thread that owns the store only writes them.
 */
import { createRequire } from 'node:module';
import { parentPort } from 'node:worker_threads';
import { marshall } from '@aws-sdk/util-dynamodb';
import { cloneItem, kindOf, type SeedTemplates } from './seed.js';
import { sum, type Contribution } from '../../functions/domain/request-stats.js';
import type { RequestItem } from '../../functions/adapters/entities/request.js';

type AttributeMap = Record<string, unknown>;
export interface IndexDescription { IndexName: string }
export interface TableDescription { TableName: string; GlobalSecondaryIndexes?: IndexDescription[]; LocalSecondaryIndexes?: IndexDescription[] }
export interface DynaliteDb {
  createKey: (item: AttributeMap, table: TableDescription) => string;
  validateItem: (item: AttributeMap, table: TableDescription) => unknown;
  getIndexActions: (indexes: IndexDescription[], existing: undefined, item: AttributeMap, table: TableDescription) => { puts: { index: string; key: string; item: AttributeMap }[] };
}

export interface BatchRequest { id: number; table: TableDescription; templates: SeedTemplates; from: number; count: number; now: string }
/** Where a stored entry lives, as dynalite's sub-databases name it (for reading one back). */
export interface Probe { db: 'item' | 'Local' | 'Global'; index?: string; key: string }
export interface BatchReply {
  id: number;
  error?: string;
  /** [full store key, offset, length] of each entry in `bytes`. */
  entries?: [string, number, number][];
  bytes?: ArrayBuffer;
  contribution?: Contribution;
  /** Every entry of the batch's first item. */
  probes?: Probe[];
}

const require = createRequire(import.meta.url);
const dynaliteDb = require('dynalite/db') as DynaliteDb;
const marshallOptions = { removeUndefinedValues: true, convertClassInstanceToMap: false };

export function prepareBatch(r: BatchRequest): Omit<BatchReply, 'id'> {
  const { table, templates } = r;
  const name = table.TableName;
  const now = new Date(r.now);
  const items = Array.from({ length: r.count }, (_, i) => cloneItem(templates, kindOf(r.from + i), r.from + i, now));
  const requests = items.map((i) => i as unknown as RequestItem).filter((i) => i.entity === 'request');
  const contribution = sum(requests.map((i) => i.stats!.applied));
  const keyed: [string, number][] = [];
  const values: string[] = [];
  const probes: Probe[] = [];
  for (const plain of items) {
    const item = marshall(plain, marshallOptions) as AttributeMap;
    const invalid = dynaliteDb.validateItem(item, table);
    if (invalid) throw new Error(`dynalite refuses a seeded item: ${JSON.stringify((invalid as { body?: unknown }).body ?? invalid)}`);
    // Each distinct value once: an item and its ALL-projection index entries are the same object.
    const encoded = new Map<AttributeMap, number>();
    const valueOf = (v: AttributeMap) => {
      let n = encoded.get(v);
      if (n === undefined) { encoded.set(v, (n = values.length)); values.push(JSON.stringify(v)); }
      return n;
    };
    const key = dynaliteDb.createKey(item, table);
    keyed.push([`item-${name}~${key}`, valueOf(item)]);
    const first = !probes.length;
    if (first) probes.push({ db: 'item', key });
    for (const type of ['Local', 'Global'] as const) {
      for (const a of dynaliteDb.getIndexActions(table[`${type}SecondaryIndexes`] ?? [], undefined, item, table).puts) {
        keyed.push([`index-${type.toLowerCase()}~${name}~${a.index}~${a.key}`, valueOf(a.item)]);
        if (first) probes.push({ db: type, index: a.index, key: a.key });
      }
    }
  }
  // One buffer for the batch's values.
  const spans: [number, number][] = [];
  let size = 0;
  for (const v of values) { const n = Buffer.byteLength(v); spans.push([size, n]); size += n; }
  const bytes = Buffer.allocUnsafeSlow(size);
  values.forEach((v, i) => bytes.write(v, spans[i]![0]));
  return { entries: keyed.map(([k, v]) => [k, ...spans[v]!]), bytes: bytes.buffer as ArrayBuffer, contribution, probes };
}

parentPort?.on('message', (r: BatchRequest) => {
  try {
    const out = prepareBatch(r);
    parentPort!.postMessage({ id: r.id, ...out } satisfies BatchReply, [out.bytes!]);
  } catch (e) {
    parentPort!.postMessage({ id: r.id, error: e instanceof Error ? e.message : String(e) } satisfies BatchReply);
  }
});
