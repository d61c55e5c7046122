/**
 * The DynamoDB repository: the only module that issues DynamoDB calls on a request path. Keys come
 * from the entity modules; use cases receive a Repository as a dependency and never import this file.
 * No Scan anywhere: every listing is a Query on an index.
 */
import {
  BatchGetCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { Article } from '../core/article.js';
import type { RateCard } from '../core/terms.js';
import type { RequestStatus } from '../core/request-state.js';
import { articleKey, toArticleItem, type ArticleItem } from '../entities/article.js';
import { DEFAULT_RATE_CARD_ID, rateCardKey, toRateCardItem, type RateCardItem } from '../entities/rate-card.js';
import {
  OUTBOX_DUE, OUTBOX_PARKED, licenseKey, licensesOfArticlePartition, requestKey, statusPartition, type RequestItem,
} from '../entities/request.js';

export interface Page<T> { items: T[]; cursor?: string }

export interface Repository {
  getArticle(articleId: string): Promise<ArticleItem | undefined>;
  /** Writes a new revision; returns it. */
  putArticle(article: Article, now: Date): Promise<ArticleItem>;
  /** The publication's own card, or the desk's default when it has none. */
  getEffectiveRateCard(publicationId: string): Promise<RateCard | undefined>;
  putRateCard(card: RateCard, now: Date): Promise<void>;
  getRequest(requestId: string): Promise<RequestItem | undefined>;
  getRequestByLicense(licenseId: string): Promise<RequestItem | undefined>;
  /** Conditional on the id being new: false when it already exists (an idempotent retry). */
  createRequest(item: RequestItem): Promise<boolean>;
  /** Conditional on the stored version still being `expectedVersion`: false when someone else wrote first. */
  replaceRequest(item: RequestItem, expectedVersion: number): Promise<boolean>;
  listRequestsByStatus(status: RequestStatus, opts?: { limit?: number; cursor?: string }): Promise<Page<RequestItem>>;
  listLicensesOfArticle(articleId: string): Promise<RequestItem[]>;
  /** Items holding mail due for (re)delivery at `now`, oldest first. */
  listOutboxDue(now: Date, limit: number): Promise<RequestItem[]>;
  listOutboxParked(limit: number): Promise<RequestItem[]>;
  ping(): Promise<void>;

  // Lifecycle (issue 7).
  /** Items waiting in one queue (`duePk`) of the sparse `due` index whose anchor `dueAt` is at or before `before`, oldest first. */
  listDue(duePk: string, before: string, limit: number): Promise<RequestItem[]>;
}

const isConditionFailure = (e: unknown) =>
  e instanceof ConditionalCheckFailedException || (e as { name?: string })?.name === 'ConditionalCheckFailedException';

const encodeCursor = (key: Record<string, unknown> | undefined) =>
  key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
const decodeCursor = (cursor: string | undefined) =>
  cursor ? (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>) : undefined;

export function dynamoRepository(client: DynamoDBDocumentClient, tableName: string): Repository {
  async function get<T>(key: { pk: string; sk: string }, consistent = true): Promise<T | undefined> {
    const out = await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: consistent }));
    return out.Item as T | undefined;
  }

  async function queryAll<T>(input: { index: string; pkName: string; pk: string; skName?: string; skBefore?: string; limit: number }): Promise<T[]> {
    const out = await client.send(new QueryCommand({
      TableName: tableName,
      IndexName: input.index,
      KeyConditionExpression: input.skBefore ? '#pk = :pk AND #sk <= :sk' : '#pk = :pk',
      ExpressionAttributeNames: { '#pk': input.pkName, ...(input.skBefore ? { '#sk': input.skName! } : {}) },
      ExpressionAttributeValues: { ':pk': input.pk, ...(input.skBefore ? { ':sk': input.skBefore } : {}) },
      Limit: input.limit,
    }));
    return (out.Items ?? []) as T[];
  }

  return {
    getArticle: (articleId) => get<ArticleItem>(articleKey(articleId)),

    async putArticle(article, now) {
      const previous = await get<ArticleItem>(articleKey(article.id));
      const item = toArticleItem(article, (previous?.revision ?? 0) + 1, now.toISOString());
      await client.send(new PutCommand({
        TableName: tableName,
        Item: item,
        // Two imports racing must not both claim the same revision.
        ConditionExpression: previous ? 'revision = :r' : 'attribute_not_exists(pk)',
        ...(previous ? { ExpressionAttributeValues: { ':r': previous.revision } } : {}),
      }));
      return item;
    },

    async getEffectiveRateCard(publicationId) {
      const keys = [rateCardKey(publicationId), rateCardKey(DEFAULT_RATE_CARD_ID)];
      const out = await client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys, ConsistentRead: true } } }));
      const items = (out.Responses?.[tableName] ?? []) as RateCardItem[];
      const own = items.find((i) => i.pk === keys[0]!.pk);
      const fallback = items.find((i) => i.pk === keys[1]!.pk);
      return (own ?? fallback)?.rateCard;
    },

    async putRateCard(card, now) {
      await client.send(new PutCommand({ TableName: tableName, Item: toRateCardItem(card, now.toISOString()) }));
    },

    getRequest: (requestId) => get<RequestItem>(requestKey(requestId)),

    async getRequestByLicense(licenseId) {
      const key = licenseKey(licenseId);
      if (!key) return undefined;
      const item = await get<RequestItem>(key);
      return item?.license?.licenseId === licenseId ? item : undefined;
    },

    async createRequest(item) {
      try {
        await client.send(new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
        return true;
      } catch (e) {
        if (isConditionFailure(e)) return false;
        throw e;
      }
    },

    async replaceRequest(item, expectedVersion) {
      try {
        await client.send(new PutCommand({
          TableName: tableName, Item: item,
          ConditionExpression: '#v = :v', ExpressionAttributeNames: { '#v': 'version' }, ExpressionAttributeValues: { ':v': expectedVersion },
        }));
        return true;
      } catch (e) {
        if (isConditionFailure(e)) return false;
        throw e;
      }
    },

    async listRequestsByStatus(status, opts = {}) {
      const out = await client.send(new QueryCommand({
        TableName: tableName, IndexName: 'byStatus',
        KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': statusPartition(status) },
        ScanIndexForward: false, Limit: opts.limit ?? 50, ExclusiveStartKey: decodeCursor(opts.cursor),
      }));
      return { items: (out.Items ?? []) as RequestItem[], cursor: encodeCursor(out.LastEvaluatedKey) };
    },

    listLicensesOfArticle: (articleId) =>
      queryAll<RequestItem>({ index: 'byArticle', pkName: 'gsi2pk', pk: licensesOfArticlePartition(articleId), limit: 1000 }),

    listOutboxDue: (now, limit) =>
      queryAll<RequestItem>({ index: 'outbox', pkName: 'outboxPk', pk: OUTBOX_DUE, skName: 'outboxDue', skBefore: now.toISOString(), limit }),

    listOutboxParked: (limit) => queryAll<RequestItem>({ index: 'outbox', pkName: 'outboxPk', pk: OUTBOX_PARKED, limit }),

    async ping() {
      await get(rateCardKey(DEFAULT_RATE_CARD_ID), false);
    },

    listDue: (duePk, before, limit) =>
      queryAll<RequestItem>({ index: 'due', pkName: 'duePk', pk: duePk, skName: 'dueAt', skBefore: before, limit }),
  };
}
