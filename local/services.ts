/**
 * The embedded stand-ins: dynalite for DynamoDB and aws-ses-v2-local for SES. Both speak the AWS
 * wire protocols, so the real SDK clients talk to them unchanged. Used by `npm start` and the tests.
 */
import { createServer, type Server } from 'node:net';
import { mkdirSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import dynalite from 'dynalite';
import { BatchWriteItemCommand, CreateTableCommand, DeleteTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { createTableInput } from '../functions/config/table.js';

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv: Server = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface RunningService { url: string; close(): Promise<void> }

/** dynalite on `port`; persisted under `path` (LevelDB) or in memory when no path is given. */
export async function startDynalite(opts: { port: number; path?: string; host?: string }): Promise<RunningService> {
  if (opts.path) mkdirSync(opts.path, { recursive: true });
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(opts.path ? { path: opts.path } : {}) }) as HttpServer;
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => resolveListen());
  });
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${opts.port}`,
    close: () => new Promise<void>((r) => {
      server.closeAllConnections?.();
      server.close(() => r());
    }),
  };
}

/** aws-ses-v2-local: accepts SendEmail, keeps every message, shows them at `/` and as JSON at `/store`. */
export async function startLocalSes(opts: { port: number; host?: string }): Promise<RunningService> {
  const mod = (await import('aws-ses-v2-local')) as unknown as { default: ((c: { port: number; host: string }) => Promise<HttpServer>) | { default: (c: { port: number; host: string }) => Promise<HttpServer> } };
  const start = typeof mod.default === 'function' ? mod.default : mod.default.default;
  const host = opts.host ?? '127.0.0.1';
  const server = await start({ port: opts.port, host });
  return {
    url: `http://${host}:${opts.port}`,
    close: () => new Promise<void>((r) => {
      server.closeAllConnections?.();
      server.close(() => r());
    }),
  };
}

export function localDynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}

/**
 * Creates the table from the shared definition when it does not exist yet; true when it was created
 * (or re-created with indexes it lacked: see below).
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    const t = await client.send(new DescribeTableCommand({ TableName: tableName }));
    // An index missing, or projecting other attributes than the definition says (local equals deployed): re-made.
    const projection = (p: { ProjectionType?: string; NonKeyAttributes?: string[] } | undefined) => `${p?.ProjectionType}:${[...(p?.NonKeyAttributes ?? [])].sort().join(',')}`;
    const have = new Map((t.Table?.GlobalSecondaryIndexes ?? []).map((i) => [i.IndexName, projection(i.Projection)]));
    const missing = createTableInput(tableName).GlobalSecondaryIndexes.filter((i) => have.get(i.IndexName) !== projection(i.Projection));
    if (!missing.length) return false;
    await addIndexesByCopy(client, tableName);
    return true;
  } catch (e) {
    if (!(e instanceof ResourceNotFoundException) && (e as Error).name !== 'ResourceNotFoundException') throw e;
  }
  await createActive(client, tableName);
  return true;
}

/**
 * dynalite cannot add an index to a table (UpdateTable creates none), so a local table made before an
 * index existed is re-made: its items read into memory, the table dropped and created from the
 * definition, the items written back (local data is small). The items' new index attributes come
 * with their next write, or at once with `desk stats rebuild` (the local stack runs it after this).
 */
async function addIndexesByCopy(client: DynamoDBClient, tableName: string): Promise<void> {
  const items: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const out = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start, ConsistentRead: true }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  await client.send(new DeleteTableCommand({ TableName: tableName }));
  for (let i = 0; i < 100; i++) {
    try { await client.send(new DescribeTableCommand({ TableName: tableName })); } catch { break; }
    await new Promise((r) => setTimeout(r, 50));
  }
  await createActive(client, tableName);
  for (let i = 0; i < items.length; i += 25) {
    let batch = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; batch.length; attempt++) {
      const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: batch } }));
      batch = (out.UnprocessedItems?.[tableName] ?? []) as typeof batch;
      if (batch.length) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
    }
  }
}

async function createActive(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(new CreateTableCommand(createTableInput(tableName)));
  for (let i = 0; i < 100; i++) {
    const t = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (t.Table?.TableStatus === 'ACTIVE') return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`table ${tableName} did not become ACTIVE`);
}
