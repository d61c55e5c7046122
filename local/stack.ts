/**
 * The whole service on one machine: dynalite, the local SES with its mail viewer, the HTTP gateway
 * calling the real handler modules, and the workers AWS would trigger (the outbox dispatcher, which
 * the table stream drives in AWS and a poller drives here; the scheduled lifecycle function).
 */
import { resolve } from 'node:path';
import type { Server } from 'node:http';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { localEnvironment, LOCAL_TABLE_NAME } from '../functions/config/environment.js';
import { dynamoRepository } from '../functions/adapters/repository.js';
import { markSampleDataLoaded } from '../functions/adapters/table-tools.js';
import { createGateway } from './gateway.js';
import { ensureTable, localDynamoClient, startDynalite, startLocalSes, type RunningService } from './services.js';
import { loadSampleData } from './sample-data.js';
import { rebuildStats } from '../functions/application/request-stats.js';
import { startWorkers, type Workers } from './workers.js';

export interface LocalStackOptions {
  port: number;
  sesPort: number;
  dynamoPort: number;
  /** Where dynalite keeps its LevelDB files; in memory when undefined. */
  dataDir?: string;
  host?: string;
  loadSamples?: boolean;
  /** How often the dispatcher polls the outbox index (ms); 0 disables the workers (tests drive them). */
  dispatchIntervalMs?: number;
  lifecycleIntervalMs?: number;
  tableName?: string;
  /** Daily mail caps of public requests (MAIL_CAP_PER_*) and the approvers' hourly allowance; the functions' defaults when absent. */
  mailCaps?: { perRecipientPerDay: number; perSourceIpPerDay: number; approverMailsPerHour?: number };
  /** Card payment: `file:PATH` of a JSON file {"secretKey","webhookSecret"} (a Stripe test account); off when unset. */
  stripeSecretId?: string;
}

export interface LocalStack {
  urls: { api: string; mail: string; mailStore: string; dynamodb: string };
  sampleDataLoaded: string[];
  workers?: Workers;
  /** Takes the local SES down and brings it back on the same port (outage drills in tests). */
  sesOutage: { begin(): Promise<void>; end(): Promise<void> };
  stop(): Promise<void>;
}

/** Points the SDK and the handlers at the stand-ins, exactly as Lambda's environment would in AWS. */
export function configureProcessEnvironment(opts: { apiUrl: string; dynamodbUrl: string; sesUrl: string; tableName: string; stripeSecretId?: string; mailCaps?: LocalStackOptions['mailCaps'] }) {
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: opts.dynamodbUrl,
    AWS_ENDPOINT_URL_SES: opts.sesUrl,
    ...localEnvironment({ baseUrl: opts.apiUrl, tableName: opts.tableName, ...(opts.stripeSecretId ? { stripeSecretId: opts.stripeSecretId } : {}), ...(opts.mailCaps ? { mailCaps: opts.mailCaps } : {}) }),
  });
}

export async function startLocalStack(opts: LocalStackOptions): Promise<LocalStack> {
  const host = opts.host ?? '127.0.0.1';
  const tableName = opts.tableName ?? LOCAL_TABLE_NAME;
  const started: RunningService[] = [];
  try {
    const dynamo = await startDynalite({ port: opts.dynamoPort, path: opts.dataDir ? resolve(opts.dataDir, 'dynamodb') : undefined, host });
    started.push(dynamo);
    let ses = await startLocalSes({ port: opts.sesPort, host });
    let sesRunning = true;
    started.push({ url: ses.url, close: () => (sesRunning ? ses.close() : Promise.resolve()) });
    const apiUrl = `http://${host === '0.0.0.0' ? 'localhost' : host}:${opts.port}`;
    configureProcessEnvironment({ apiUrl, dynamodbUrl: dynamo.url, sesUrl: ses.url, tableName, ...(opts.stripeSecretId ? { stripeSecretId: opts.stripeSecretId } : {}), ...(opts.mailCaps ? { mailCaps: opts.mailCaps } : {}) });

    const raw = localDynamoClient(dynamo.url);
    const remade = await ensureTable(raw, tableName);
    const doc = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
    const repo = dynamoRepository(doc, tableName);
    // A table just re-made with new indexes (data from an older version): its requests are counted now.
    if (remade) await rebuildStats(repo, new Date());

    let sampleDataLoaded: string[] = [];
    if (opts.loadSamples !== false) {
      // A marker item makes "first start" survive restarts: samples load once, never over edits.
      if (await markSampleDataLoaded(doc, tableName, new Date())) sampleDataLoaded = await loadSampleData(repo);
    }

    const gateway: Server = createGateway();
    await new Promise<void>((r, reject) => { gateway.once('error', reject); gateway.listen(opts.port, host, () => r()); });
    started.push({ url: apiUrl, close: () => new Promise<void>((r) => { gateway.closeAllConnections(); gateway.close(() => r()); }) });

    const workers = opts.dispatchIntervalMs === 0 ? undefined : startWorkers({
      dispatchIntervalMs: opts.dispatchIntervalMs ?? 1000,
      lifecycleIntervalMs: opts.lifecycleIntervalMs ?? 60_000,
    });

    return {
      urls: { api: apiUrl, mail: `${ses.url}/`, mailStore: `${ses.url}/store`, dynamodb: dynamo.url },
      sampleDataLoaded,
      workers,
      sesOutage: {
        async begin() { if (sesRunning) { sesRunning = false; await ses.close(); } },
        async end() { if (!sesRunning) { ses = await startLocalSes({ port: opts.sesPort, host }); sesRunning = true; } },
      },
      async stop() {
        await workers?.stop();
        for (const s of started.reverse()) await s.close();
      },
    };
  } catch (e) {
    for (const s of started.reverse()) await s.close().catch(() => undefined);
    throw e;
  }
}
