/**
 * The storage helpers the local stack and the bench use instead of building keys themselves
 * (functions/adapters/table-tools.ts), on dynalite: the sample-data marker says "first" once, the
 * stored-item reads return items as the repository wrote them, and counter seeding adds to the cells
 * the repository reads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureTable, freePort, localDynamoClient, startDynalite, type RunningService } from '../../local/services.js';
import { dynamoRepository, type Repository } from '../../functions/adapters/repository.js';
import { addToCounterCells, markSampleDataLoaded, storedArticleItem, storedRequestItem } from '../../functions/adapters/table-tools.js';
import { loadSampleData } from '../../local/sample-data.js';
import { submitRequest } from '../../functions/application/submit-request.js';
import { reprintRequestSchema } from '../../functions/domain/request-body.js';
import { requestBody } from '../support/stack.js';
import { toRequestItem } from '../../functions/adapters/entities/request.js';

const TABLE = 'table-tools';
let dynamo: RunningService;
let doc: DynamoDBDocumentClient;
let repo: Repository;

beforeAll(async () => {
  dynamo = await startDynalite({ port: await freePort() });
  const raw = localDynamoClient(dynamo.url);
  await ensureTable(raw, TABLE);
  doc = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  repo = dynamoRepository(doc, TABLE);
}, 60_000);
afterAll(async () => { await dynamo?.close(); });

describe('table tools', () => {
  it('the sample-data marker is claimed once, however often the stack starts', async () => {
    expect(await markSampleDataLoaded(doc, TABLE, new Date())).toBe(true);
    expect(await markSampleDataLoaded(doc, TABLE, new Date())).toBe(false);
    expect(await markSampleDataLoaded(doc, TABLE, new Date())).toBe(false);
  });

  it('reads a request and an article exactly as stored: the item the entity module makes of the record', async () => {
    await loadSampleData(repo, new Date());
    const submitted = await submitRequest(
      { repo, baseUrl: 'http://localhost:3000', tokenTtlDays: 14, fallbackApprovers: ['desk@example.org'] },
      reprintRequestSchema.parse(requestBody()), { who: { actor: 'requester', sourceIp: '127.0.0.1', userAgent: 'vitest' }, now: new Date() },
    );
    const id = submitted.item.requestId;
    const item = await storedRequestItem(doc, TABLE, id);
    expect(item).toMatchObject({ entity: 'request', requestId: id, version: 1 });
    // The item as the adapter stores it (the license lean: what it repeats of its request is kept once).
    expect(item).toEqual(toRequestItem((await repo.getRequest(id))!, 1));
    expect(await storedRequestItem(doc, TABLE, 'no-such-request')).toBeUndefined();

    const article = await storedArticleItem(doc, TABLE, 'harbour-dredging-plan');
    expect(article).toMatchObject({ entity: 'article', ...(await repo.getArticle('harbour-dredging-plan')) });
  });

  it('adds seeded contributions to the counter cells the repository reads', async () => {
    const before = await repo.readStatsCells('W');
    await addToCounterCells(doc, TABLE, { 'X|seed-paper': { received: 3, licensed: 2 }, 'W|2026-W01|seed-paper': { received: 3 } });
    await addToCounterCells(doc, TABLE, { 'X|seed-paper': { received: 1 } });
    const after = await repo.readStatsCells('W');
    expect(after['X|seed-paper']).toEqual({ received: 4, licensed: 2 });
    expect(after['W|2026-W01|seed-paper']).toEqual({ received: 3 });
    expect(before['X|seed-paper']).toBeUndefined();
  });
});
