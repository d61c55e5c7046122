/**
 * The repository contract (repository.contract.ts) on dynalite, as the integration tests and
 * `npm start` run it: the DynamoDB repository and mail-cap counters, a fresh table for each test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureTable, localDynamoClient } from '../../local/services.js';
import { dynamoRepository } from '../../functions/adapters/repository.js';
import { dynamoMailCapCounters } from '../../functions/adapters/mail-cap-counters.js';
import { startDynaliteBackend, type Backend } from '../support/backends.js';
import { InvalidCursor } from '../../functions/application/errors.js';
import { repositoryContract, requestRecord } from './repository.contract.js';

let backend: Backend | undefined;
let tables = 0;
beforeAll(async () => { backend = await startDynaliteBackend(); }, 60_000);
afterAll(async () => { await backend?.stop(); });

async function fresh() {
  const table = `contract-${++tables}`;
  const client = localDynamoClient(backend!.endpoint);
  await ensureTable(client, table);
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return { repo: dynamoRepository(doc, table), mailCaps: dynamoMailCapCounters(doc, table) };
}

repositoryContract('dynalite', fresh);

describe('DynamoDB list cursors beyond the contract', () => {
  it('a cursor is the last key read; edited — another partition, an extra or missing attribute, a number — it is InvalidCursor', async () => {
    const { repo } = await fresh();
    for (let n = 1; n <= 3; n++) await repo.createRequest(requestRecord(n, { createdAt: `2026-11-2${n}T10:00:00.000Z` }));
    const first = await repo.listRequestsByStatus('pending', { limit: 1, oldestFirst: true });
    const key = JSON.parse(Buffer.from(first.cursor!, 'base64url').toString()) as Record<string, string>;
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    for (const cursor of [b64({ ...key, gsi1pk: 'REQUESTS#licensed' }), b64({ ...key, extra: 'x' }), b64({ ...key, sk: 7 }), b64({ pk: key.pk })]) {
      await expect(repo.listRequestsByStatus('pending', { cursor }), cursor).rejects.toBeInstanceOf(InvalidCursor);
    }
    expect((await repo.listRequestsByStatus('pending', { limit: 1, oldestFirst: true, cursor: first.cursor! })).items[0]!.createdAt).toBe('2026-11-22T10:00:00.000Z');
  });
});

