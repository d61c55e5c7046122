/**
 * dynalite in its own process (in memory), as DynamoDB is a separate service from the functions.
 * For growing a table fast, the parent may also send `{ seed }` over IPC: the items are made here
 * (bench/lib/seed.ts cloneItem, the same clones the HTTP path writes) and put through dynalite's own
 * BatchWriteItem action on its store — the same item and index writes as over HTTP, without the
 * HTTP round trip, the SDK and the request validation per 25 items. The reply carries the seeded
 * requests' summed contribution to the counters, which the parent ADDs over HTTP as usual.
 */
import { createRequire } from 'node:module';
import { marshall } from '@aws-sdk/util-dynamodb';
import { startDynalite } from '../../local/services.js';
import { cloneItem, kindOf, type SeedTemplates } from './seed.js';
import { sum, type Contribution } from '../../functions/domain/request-stats.js';
import type { RequestItem } from '../../functions/adapters/entities/request.js';

type Store = unknown;
const require = createRequire(import.meta.url);
const dbModule = require('dynalite/db') as { create: (o: unknown) => Store };
const batchWriteItem = require('dynalite/actions/batchWriteItem') as (store: Store, data: unknown, cb: (err: unknown, res?: unknown) => void) => void;
let store: Store | undefined;
const create = dbModule.create;
// dynalite builds its store inside; keep a handle on it (the same module instance dynalite requires).
dbModule.create = (o: unknown) => (store = create(o));

const port = Number(process.argv[2]);
await startDynalite({ port });
process.stdout.write('ready\n');
process.on('SIGTERM', () => process.exit(0));
// Gone with the bench, however it ended: the IPC channel closes when the parent process exits.
process.on('disconnect', () => process.exit(0));

interface SeedMessage { seed: { id: number; table: string; templates: SeedTemplates; count: number; startAt: number; now: string; inFlight: number } }

const write = (table: string, items: Record<string, unknown>[]) => new Promise<void>((ok, fail) => {
  batchWriteItem(store, { RequestItems: { [table]: items.map((i) => ({ PutRequest: { Item: marshall(i, { removeUndefinedValues: true, convertClassInstanceToMap: false }) } })) } },
    (err) => (err ? fail(new Error(JSON.stringify((err as { body?: unknown }).body ?? String(err)))) : ok()));
});

process.on('message', (m: SeedMessage) => {
  if (!m?.seed) return;
  const { id, table, templates, count, startAt, inFlight } = m.seed;
  const now = new Date(m.seed.now);
  const t0 = performance.now();
  const contributions: Contribution[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const from = next;
      next = Math.min(count, next + 25);
      const items = Array.from({ length: next - from }, (_, i) => cloneItem(templates, kindOf(startAt + from + i), startAt + from + i, now));
      const requests = items.map((i) => i as unknown as RequestItem).filter((i) => i.entity === 'request');
      if (requests.length) contributions.push(sum(requests.map((i) => i.stats!.applied)));
      await write(table, items);
    }
  };
  void Promise.all(Array.from({ length: inFlight }, worker)).then(
    () => process.send!({ seeded: { id, ms: performance.now() - t0, contribution: sum(contributions) } }),
    (e: unknown) => process.send!({ seeded: { id, error: String(e) } }),
  );
});
