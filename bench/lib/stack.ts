/**
 * The bench's stack: dynalite in a child process (in memory, on a free loopback port — a separate
 * service, as DynamoDB is, so the functions and the database do not share one event loop), the
 * local SES in this process, and the environment the handlers read (local/stack.ts
 * configureProcessEnvironment). Tables are made from the shared table definition and get the
 * sample data, as `npm start` loads it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { configureProcessEnvironment } from '../../local/stack.js';
import { ensureTable, freePort, localDynamoClient, startLocalSes, type RunningService } from '../../local/services.js';
import { loadSampleData } from '../../local/sample-data.js';
import { dynamoRepository } from '../../functions/adapters/repository.js';
import { addToCounters, type SeedTemplates } from './seed.js';
import type { SeedReply, SeedRequest } from './dynalite-child.js';

export interface BenchStack {
  dynamodb: string;
  ses: string;
  raw: DynamoDBDocumentClient;
  addTable(name: string): Promise<void>;
  /**
   * Grows a table inside dynalite's process (bench/lib/dynalite-child.ts), then ADDs the seeded
   * requests to the counters; the ms taken, dynalite's CPU time for it and its resident memory afterwards.
   */
  seedDirect(table: string, templates: SeedTemplates, count: number, startAt: number): Promise<{ ms: number; cpuMs: number; rssBytes: number }>;
  stop(): Promise<void>;
}

export async function startBenchStack(firstTable: string): Promise<BenchStack> {
  const dynamoPort = await freePort();
  // A million items in memory need more than V8's default heap (BENCH_DYNALITE_HEAP_MB, 8192).
  const heapMb = Number(process.env.BENCH_DYNALITE_HEAP_MB ?? 8192);
  const child: ChildProcess = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, '--import', 'tsx', resolve(import.meta.dirname, 'dynalite-child.ts'), String(dynamoPort)], {
    cwd: resolve(import.meta.dirname, '../..'), stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  await new Promise<void>((ok, fail) => {
    child.once('exit', (code) => fail(new Error(`dynalite exited (${code})`)));
    child.stdout!.on('data', (d: Buffer) => { if (d.toString().includes('ready')) ok(); });
  });
  const ses: RunningService = await startLocalSes({ port: await freePort() });
  const dynamodb = `http://127.0.0.1:${dynamoPort}`;
  // The load run submits thousands of requests for one requester from loopback: caps out of the way.
  configureProcessEnvironment({ apiUrl: 'http://127.0.0.1:3000', dynamodbUrl: dynamodb, sesUrl: ses.url, tableName: firstTable, mailCaps: { perRecipientPerDay: 10_000_000, perSourceIpPerDay: 10_000_000, approverMailsPerHour: 10_000_000 } });
  const low = localDynamoClient(dynamodb);
  const raw = DynamoDBDocumentClient.from(low, { marshallOptions: { removeUndefinedValues: true } });
  const addTable = async (name: string) => {
    await ensureTable(low, name);
    await loadSampleData(dynamoRepository(raw, name));
  };
  await addTable(firstTable);
  let seedId = 0;
  const seedDirect = (table: string, templates: SeedTemplates, count: number, startAt: number) => new Promise<{ ms: number; cpuMs: number; rssBytes: number }>((ok, fail) => {
    const id = ++seedId;
    const onMessage = (m: { seeded?: SeedReply }) => {
      if (m?.seeded?.id !== id) return;
      child.off('message', onMessage);
      const r = m.seeded;
      if (r.error) return fail(new Error(`seeding in dynalite's process: ${r.error}`));
      addToCounters(raw, table, r.contribution ?? {}).then(() => ok({ ms: r.ms ?? 0, cpuMs: r.cpuMs ?? 0, rssBytes: r.rssBytes ?? 0 }), fail);
    };
    child.on('message', onMessage);
    child.send({ seed: { id, table, templates, count, startAt, now: new Date().toISOString() } satisfies SeedRequest });
  });
  return {
    dynamodb, ses: ses.url, raw, addTable, seedDirect,
    async stop() {
      await ses.close();
      child.disconnect?.();
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
