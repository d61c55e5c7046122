/**
 * The repository contract (repository.contract.ts) on dynalite, as the integration tests and
 * `npm start` run it: the DynamoDB repository and mail-cap counters, a fresh table for each test.
 */
import { afterAll, beforeAll } from 'vitest';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureTable, localDynamoClient } from '../../local/services.js';
import { dynamoRepository } from '../../functions/adapters/repository.js';
import { dynamoMailCapCounters } from '../../functions/adapters/mail-cap-counters.js';
import { startDynaliteBackend, type Backend } from '../support/backends.js';
import { repositoryContract } from './repository.contract.js';

let backend: Backend | undefined;
let tables = 0;
beforeAll(async () => { backend = await startDynaliteBackend(); }, 60_000);
afterAll(async () => { await backend?.stop(); });

repositoryContract('dynalite', async () => {
  const table = `contract-${++tables}`;
  const client = localDynamoClient(backend!.endpoint);
  await ensureTable(client, table);
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return { repo: dynamoRepository(doc, table), mailCaps: dynamoMailCapCounters(doc, table) };
});
