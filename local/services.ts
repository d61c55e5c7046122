/**
 * The embedded stand-ins: dynalite for DynamoDB and aws-ses-v2-local for SES. Both speak the AWS
 * wire protocols, so the real SDK clients talk to them unchanged. Used by `npm start` and the tests.
 */
import { createServer, type Server } from 'node:net';
import { mkdirSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import dynalite from 'dynalite';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
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

/** Creates the table from the shared definition when it does not exist yet; true when it was created. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return false;
  } catch (e) {
    if (!(e instanceof ResourceNotFoundException) && (e as Error).name !== 'ResourceNotFoundException') throw e;
  }
  await client.send(new CreateTableCommand(createTableInput(tableName)));
  for (let i = 0; i < 100; i++) {
    const t = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (t.Table?.TableStatus === 'ACTIVE') return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`table ${tableName} did not become ACTIVE`);
}
