/**
 * Storage helpers for the tools around the service — the local stack and the bench's bulk seeding —
 * that are not part of the Repository port (no Lambda imports this module). They live here so that
 * keys stay in the storage adapter: local/ and bench/ name no key and no index attribute
 * (tests/unit/storage-boundary.test.ts).
 */
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Contribution } from '../domain/request-stats.js';
import { articleKey, type ArticleItem } from './entities/article.js';
import { requestKey, type RequestItem } from './entities/request.js';
import { statsCellKey } from './entities/stats.js';

const SAMPLE_DATA_MARKER = { pk: 'META', sk: 'SAMPLE_DATA' };

/**
 * Marks the table as holding the sample data: true the first time (load it now), false ever after
 * (a conditional put of a marker item, so "first start" survives restarts and samples never load
 * over edits).
 */
export async function markSampleDataLoaded(doc: DynamoDBDocumentClient, tableName: string, now: Date): Promise<boolean> {
  try {
    await doc.send(new PutCommand({
      TableName: tableName, Item: { ...SAMPLE_DATA_MARKER, entity: 'meta', loadedAt: now.toISOString() },
      ConditionExpression: 'attribute_not_exists(pk)',
    }));
    return true;
  } catch (e) {
    if ((e as { name?: string }).name === 'ConditionalCheckFailedException') return false;
    throw e;
  }
}

/** A request item exactly as stored (keys, version, index attributes): a bare, consistent GetItem. */
export async function storedRequestItem(doc: DynamoDBDocumentClient, tableName: string, requestId: string): Promise<RequestItem | undefined> {
  return (await doc.send(new GetCommand({ TableName: tableName, Key: requestKey(requestId), ConsistentRead: true }))).Item as RequestItem | undefined;
}

/** An article item exactly as stored: a bare, consistent GetItem. */
export async function storedArticleItem(doc: DynamoDBDocumentClient, tableName: string, articleId: string): Promise<ArticleItem | undefined> {
  return (await doc.send(new GetCommand({ TableName: tableName, Key: articleKey(articleId), ConsistentRead: true }))).Item as ArticleItem | undefined;
}

/**
 * ADDs bulk-seeded requests' contributions to the counter cells, one UpdateItem per cell (what the
 * dispatcher does one request at a time, without its per-operation ids: a seed runs once).
 */
export async function addToCounterCells(doc: DynamoDBDocumentClient, tableName: string, total: Contribution): Promise<void> {
  for (const [cell, fields] of Object.entries(total)) {
    const entries = Object.entries(fields);
    if (!entries.length) continue;
    await doc.send(new UpdateCommand({
      TableName: tableName, Key: statsCellKey(cell),
      UpdateExpression: `SET entity = :e, #ops = if_not_exists(#ops, :empty) ADD ${entries.map((_, i) => `#f${i} :n${i}`).join(', ')}`,
      ExpressionAttributeNames: { '#ops': 'ops', ...Object.fromEntries(entries.map(([f], i) => [`#f${i}`, f])) },
      ExpressionAttributeValues: { ':e': 'stats', ':empty': {}, ...Object.fromEntries(entries.map(([, n], i) => [`:n${i}`, n])) },
    }));
  }
}
