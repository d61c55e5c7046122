/**
 * An SDK middleware on the DynamoDB client's middlewareStack that records every command the
 * handlers send: its name (so round trips can be counted and any Scan caught) and, when capacity
 * metering is on, the read and write request units it would consume on DynamoDB on-demand.
 *
 * dynalite returns ConsumedCapacity only for the table (not for indexes, not for Query), so units are
 * computed here from item sizes by DynamoDB's rules:
 * - item size: attribute names + values (strings UTF-8; numbers ~1 byte per 2 significant digits + 1;
 *   binary its length; null/boolean 1; list/map 3 + 1 per element; sets the sum of members);
 * - reads: GetItem and each BatchGetItem key ceil(size / 4 KB), a missing item still 1; Query the
 *   summed size of the items read, ceil(/ 4 KB), at least 1; eventually consistent halves it
 *   (index queries always are); a projection does not reduce it (the whole item is read);
 * - writes: ceil(max(old, new) / 1 KB), at least 1; a failed condition still consumes the old
 *   item's size (or 1); each global secondary index costs, by its projection in
 *   functions/config/table.ts (DynamoDB Developer Guide, "Using Global Secondary Indexes in
 *   DynamoDB", provisioned throughput considerations): one write of the entry when the item enters
 *   it, one when it leaves, two (delete + put) when its index key changes, one when the key stays
 *   and a projected attribute changes — and NOTHING when neither the key nor a projected attribute
 *   changed. An entry's size is the table key + the index key + the projected attributes.
 * To know the old and new images, metering reads the item before and after each write with a
 * separate, unmetered client: only in metered runs, never while timing.
 */
import { DynamoDBClient, GetItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tableDefinition } from '../../functions/config/table.js';

type Image = Record<string, AttributeValue>;

export interface Call {
  command: string;
  rru: number;
  wru: number;
  /** For writes: the units on the table itself and on each index (BENCH_TRACE prints them). */
  tableWru?: number;
  indexWru?: Record<string, number>;
  /** For writes: the new image (when the write succeeded), to model the table's stream. */
  newImage?: Image;
  failed?: string;
}

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

function numberSize(n: string): number {
  const digits = n.replace(/^-/, '').replace(/[eE].*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1 + (n.startsWith('-') ? 1 : 0);
}

export function valueSize(v: AttributeValue): number {
  if (v.S !== undefined) return utf8(v.S);
  if (v.N !== undefined) return numberSize(v.N);
  if (v.B !== undefined) return v.B.length;
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (v.SS) return v.SS.reduce((a, s) => a + utf8(s), 0);
  if (v.NS) return v.NS.reduce((a, s) => a + numberSize(s), 0);
  if (v.BS) return v.BS.reduce((a, b) => a + b.length, 0);
  if (v.L) return 3 + v.L.reduce((a, e) => a + 1 + valueSize(e), 0);
  if (v.M) return 3 + Object.entries(v.M).reduce((a, [k, e]) => a + 1 + utf8(k) + valueSize(e), 0);
  return 0;
}

export const itemSize = (item: Image): number => Object.entries(item).reduce((a, [k, v]) => a + utf8(k) + valueSize(v), 0);

const readUnits = (size: number | undefined, consistent: boolean) => (size === undefined ? 1 : Math.max(1, Math.ceil(size / 4096))) * (consistent ? 1 : 0.5);
const writeUnits = (size: number) => Math.max(1, Math.ceil(size / 1024));

const indexes = tableDefinition.globalSecondaryIndexes;

/** The indexes an item is listed in (for BENCH_TRACE). */
export const indexMembership = (item: Image): string =>
  indexes.filter((i) => item[i.partitionKey]?.S !== undefined && item[i.sortKey]?.S !== undefined).map((i) => i.indexName).join('+');

type IndexDef = (typeof indexes)[number];

/** An item's entry in one index: its key and what it holds (table key, index key, projected attributes), or undefined if the item is not in it. */
export function indexEntry(index: IndexDef, item: Image | undefined): { key: string; entry: Image } | undefined {
  const pk = item?.[index.partitionKey]?.S;
  const sk = item?.[index.sortKey]?.S;
  if (!item || pk === undefined || sk === undefined) return undefined;
  const names = [tableDefinition.partitionKey, tableDefinition.sortKey, index.partitionKey, index.sortKey,
    ...(index.projection.type === 'INCLUDE' ? index.projection.attributes : [])];
  const entry: Image = {};
  for (const n of names) if (item[n] !== undefined) entry[n] = item[n]!;
  return { key: `${pk}\u0000${sk}`, entry };
}

/** Write units each index adds for a write that turned `before` into `after` (either may be absent). */
export function indexWriteUnitsByIndex(before: Image | undefined, after: Image | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const index of indexes) {
    const b = indexEntry(index, before);
    const a = indexEntry(index, after);
    let units = 0;
    if (!b && !a) continue;
    if (b && !a) units = writeUnits(itemSize(b.entry));
    else if (!b && a) units = writeUnits(itemSize(a.entry));
    else if (b!.key !== a!.key) units = writeUnits(itemSize(b!.entry)) + writeUnits(itemSize(a!.entry));
    // Same key: written only if a projected attribute changed.
    else if (!sameImage(b!.entry, a!.entry)) units = writeUnits(Math.max(itemSize(b!.entry), itemSize(a!.entry)));
    if (units) out[index.indexName] = units;
  }
  return out;
}

export const indexWriteUnits = (before: Image | undefined, after: Image | undefined): number =>
  Object.values(indexWriteUnitsByIndex(before, after)).reduce((a, n) => a + n, 0);

/** Two attribute maps hold the same values (map keys in any order). */
function sameImage(x: Image, y: Image): boolean {
  const canon = (v: unknown): unknown => (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array)
    ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon((v as Record<string, unknown>)[k])]))
    : Array.isArray(v) ? v.map(canon) : v);
  return JSON.stringify(canon(x)) === JSON.stringify(canon(y));
}

/** The size of an item as the document client hands it back (native values), by the same rules. */
export function nativeSize(v: unknown): number {
  if (typeof v === 'string') return utf8(v);
  if (typeof v === 'number' || typeof v === 'bigint') return numberSize(String(v));
  if (typeof v === 'boolean' || v === null || v === undefined) return 1;
  if (v instanceof Uint8Array) return v.length;
  if (v instanceof Set) return [...v].reduce((a: number, m) => a + nativeSize(m), 0);
  if (Array.isArray(v)) return 3 + v.reduce((a: number, e) => a + 1 + nativeSize(e), 0);
  if (typeof v === 'object' && 'value' in v && Object.keys(v).length === 1) return numberSize(String((v as { value: unknown }).value));
  return 3 + Object.entries(v as Record<string, unknown>).reduce((a, [k, e]) => a + 1 + utf8(k) + nativeSize(e), 0);
}
const nativeItemSize = (item: Record<string, unknown>) => Object.entries(item).reduce((a, [k, v]) => a + utf8(k) + nativeSize(v), 0);

export class DynamoMeter {
  calls: Call[] = [];
  /** Every command seen since attach, by name (never reset): the Scan check reads this. */
  readonly seen = new Map<string, number>();
  /** Compute read/write units (reads old and new images around each write: slower, never while timing). */
  capacity = false;
  private raw: DynamoDBClient;

  constructor(endpoint: string) {
    this.raw = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
  }

  reset(): Call[] {
    const out = this.calls;
    this.calls = [];
    return out;
  }

  private async image(tableName: string, key: Image): Promise<Image | undefined> {
    const out = await this.raw.send(new GetItemCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
    return out.Item;
  }

  attach(client: DynamoDBDocumentClient): void {
    if (client.middlewareStack.identify().some((m) => m.startsWith('benchDynamoMeter'))) return;
    const keyOf = (item: Image): Image => ({ pk: item.pk!, sk: item.sk! });
    client.middlewareStack.add((next, context) => async (args) => {
      // At the build step the document client has already marshalled the input.
      const command = String((context as { commandName?: string }).commandName ?? 'unknown');
      const input = args.input as Record<string, unknown>;
      const call: Call = { command, rru: 0, wru: 0 };
      this.calls.push(call);
      this.seen.set(command, (this.seen.get(command) ?? 0) + 1);
      if (!this.capacity) return next(args);

      const isWrite = /^(Put|Update|Delete)/.test(command);
      const table = String(input.TableName ?? '');
      let before: Image | undefined;
      let key: Image | undefined;
      if (isWrite) {
        key = command.startsWith('Put') ? keyOf(input.Item as Image) : (input.Key as Image);
        before = await this.image(table, key);
      }
      let result;
      try {
        result = await next(args);
      } catch (e) {
        call.failed = (e as Error).name;
        if (isWrite) call.wru = before ? writeUnits(itemSize(before)) : 1;
        throw e;
      }
      const output = result.output as Record<string, unknown>;
      if (isWrite) {
        const after = command.startsWith('Put') ? (input.Item as Image) : command.startsWith('Update') ? await this.image(table, key!) : undefined;
        call.tableWru = writeUnits(Math.max(before ? itemSize(before) : 0, after ? itemSize(after) : 0));
        call.indexWru = indexWriteUnitsByIndex(before, after);
        call.wru = call.tableWru + Object.values(call.indexWru).reduce((a, n) => a + n, 0);
        if (after) call.newImage = after;
      } else if (command.startsWith('Get')) {
        // A projection still reads (and bills) the whole item.
        const size = input.ProjectionExpression
          ? await this.image(table, input.Key as Image).then((i) => (i ? itemSize(i) : undefined))
          : output.Item ? nativeItemSize(output.Item as Record<string, unknown>) : undefined;
        call.rru = readUnits(size, input.ConsistentRead === true);
      } else if (command.startsWith('BatchGet')) {
        const requests = input.RequestItems as Record<string, { Keys: Image[]; ConsistentRead?: boolean }>;
        const responses = (output.Responses ?? {}) as Record<string, Record<string, unknown>[]>;
        for (const [table, req] of Object.entries(requests)) {
          const found = responses[table] ?? [];
          for (const k of req.Keys) {
            const hit = found.find((f) => f.pk === k.pk?.S && f.sk === k.sk?.S);
            call.rru += readUnits(hit ? nativeItemSize(hit) : undefined, req.ConsistentRead === true);
          }
        }
      } else if (command.startsWith('Query') || command.startsWith('Scan')) {
        const size = ((output.Items ?? []) as Record<string, unknown>[]).reduce((a, i) => a + nativeItemSize(i), 0);
        const consistent = input.ConsistentRead === true && !input.IndexName;
        call.rru = Math.max(1, Math.ceil(size / 4096)) * (consistent ? 1 : 0.5);
      }
      return result;
    }, { step: 'build', name: 'benchDynamoMeter', override: true });
  }
}

/** Round trips and units of a list of calls. */
export function summarize(calls: readonly Call[]) {
  return {
    roundTrips: calls.length,
    commands: calls.map((c) => c.command.replace(/Command$/, '')),
    rru: calls.reduce((a, c) => a + c.rru, 0),
    wru: calls.reduce((a, c) => a + c.wru, 0),
    scans: calls.filter((c) => /^Scan/.test(c.command)).length,
  };
}
