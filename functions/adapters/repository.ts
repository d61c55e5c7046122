/**
 * The DynamoDB repository: the only module that issues DynamoDB calls on a request path. Keys come
 * from the entity modules; use cases receive a Repository as a dependency and never import this file.
 * No Scan anywhere: every listing is a Query on an index.
 */
import {
  BatchGetCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { RequestRecord } from '../domain/request-record.js';
import { updateWithRetry, type Page, type Repository } from '../application/ports.js';
import { articleKey, sectionPartition, toArticleItem, type ArticleItem } from './entities/article.js';
import { DEFAULT_RATE_CARD_ID, rateCardKey, toRateCardItem, type RateCardItem } from './entities/rate-card.js';
import {
  OUTBOX_DUE, OUTBOX_PARKED, licenseKey, licensesOfArticlePartition, lifecycleQueues, requestKey, statusPartition, toRequestItem, toRequestRecord,
  type RequestItem,
} from './entities/request.js';
import type { LicenseRecord } from '../domain/request-record.js';
import {
  OTHER_REFERRERS, REFERRERS_PER_MONTH, USAGE_PREFIX, dailySaltKey, pixelRateKey, readerSeenKey, referrerHash, summarizeUsage, ttlAfterDay, ttlAfterMonth,
  usageDayKey, usagePartition, usageReferrerKey, usageReferrerSlotsKey,
  type LicenseUsage, type UsageDayItem, type UsageReferrerItem,
} from './entities/usage.js';
import { PARTNERS_PARTITION, partnerDailyKey, partnerKey, partnerView, toPartnerItem, type PartnerItem } from './entities/partner.js';
import { invoiceCounterKey } from './entities/invoice.js';
import { INVOICES_PARTITION } from './entities/request.js';
import { PUBLISHER_KEYS_PARTITION, publisherKeyKey, publisherKeyView, toPublisherKeyItem, type PublisherKeyItem } from './entities/publisher-key.js';

export type { Page, Repository } from '../application/ports.js';

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

  type IndexQuery = { index: string; pkName: string; pk: string; skName?: string; skBefore?: string; limit: number };

  /** One page of an index query, with the cursor (LastEvaluatedKey) to continue from. */
  async function queryPage<T>(input: IndexQuery, cursor?: string): Promise<Page<T>> {
    const out = await client.send(new QueryCommand({
      TableName: tableName,
      IndexName: input.index,
      KeyConditionExpression: input.skBefore ? '#pk = :pk AND #sk <= :sk' : '#pk = :pk',
      ExpressionAttributeNames: { '#pk': input.pkName, ...(input.skBefore ? { '#sk': input.skName! } : {}) },
      ExpressionAttributeValues: { ':pk': input.pk, ...(input.skBefore ? { ':sk': input.skBefore } : {}) },
      Limit: input.limit,
      ExclusiveStartKey: decodeCursor(cursor),
    }));
    return { items: (out.Items ?? []) as T[], cursor: encodeCursor(out.LastEvaluatedKey) };
  }

  /**
   * Up to `limit` items, paging with ExclusiveStartKey: a page (1 MB at most) is never mistaken for
   * the whole answer.
   */
  async function queryAll<T>(input: IndexQuery): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | undefined;
    do {
      const page = await queryPage<T>({ ...input, limit: input.limit - items.length }, cursor);
      items.push(...page.items);
      cursor = page.cursor;
    } while (cursor && items.length < input.limit);
    return items;
  }

  /** Creates the item only if its key is new: false when it already exists (an idempotent retry). */
  async function putIfNew(item: { pk: string; sk: string }): Promise<boolean> {
    try {
      await client.send(new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  }

  /** Optimistic locking: the write lands only if nobody wrote the item since it was read. */
  async function putIfVersion(item: { version: number }, expectedVersion: number): Promise<boolean> {
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
  }

  const records = (page: Page<RequestItem>): Page<RequestRecord> => ({ items: page.items.map(toRequestRecord), ...(page.cursor ? { cursor: page.cursor } : {}) });
  const record = (item: RequestItem | undefined) => (item ? toRequestRecord(item) : undefined);

  const repo: Repository = {
    getArticle: (articleId) => get<ArticleItem>(articleKey(articleId)),

    async putArticleIfRevision(article, now, opts) {
      const item = toArticleItem(article, (opts.expectedRevision ?? 0) + 1, now.toISOString(), opts.sourceRevision);
      try {
        await client.send(new PutCommand({
          TableName: tableName,
          Item: item,
          ConditionExpression: opts.expectedRevision !== undefined ? 'revision = :r' : 'attribute_not_exists(pk)',
          ...(opts.expectedRevision !== undefined ? { ExpressionAttributeValues: { ':r': opts.expectedRevision } } : {}),
        }));
        return item;
      } catch (e) {
        if (isConditionFailure(e)) return undefined;
        throw e;
      }
    },

    async putArticle(article, now, opts = {}) {
      const previous = await get<ArticleItem>(articleKey(article.id));
      const item = toArticleItem(article, (previous?.revision ?? 0) + 1, now.toISOString(), opts.sourceRevision ?? previous?.sourceRevision);
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

    getRequest: async (requestId) => record(await get<RequestItem>(requestKey(requestId))),

    async getRequestByLicense(licenseId) {
      const key = licenseKey(licenseId);
      if (!key) return undefined;
      const item = await get<RequestItem>(key);
      return item?.license?.licenseId === licenseId ? toRequestRecord(item) : undefined;
    },

    createRequest: (r) => putIfNew(toRequestItem(r, 1)),

    update: (requestId, mutate) => updateWithRetry(
      `request ${requestId}`,
      async () => {
        const item = await get<RequestItem>(requestKey(requestId));
        return item ? { value: toRequestRecord(item), version: item.version } : undefined;
      },
      (next, version) => putIfVersion(toRequestItem({ ...next, requestId }, version + 1), version),
      mutate,
    ),

    async listRequestsByStatus(status, opts = {}) {
      const out = await client.send(new QueryCommand({
        TableName: tableName, IndexName: 'byStatus',
        KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': statusPartition(status) },
        ScanIndexForward: false, Limit: opts.limit ?? 50, ExclusiveStartKey: decodeCursor(opts.cursor),
      }));
      return records({ items: (out.Items ?? []) as RequestItem[], cursor: encodeCursor(out.LastEvaluatedKey) });
    },

    listLicensesOfArticle: async (articleId) =>
      (await queryAll<RequestItem>({ index: 'byArticle', pkName: 'gsi2pk', pk: licensesOfArticlePartition(articleId), limit: 100_000 })).map(toRequestRecord),

    listOutboxDue: async (now, limit, cursor) =>
      records(await queryPage<RequestItem>({ index: 'outbox', pkName: 'outboxPk', pk: OUTBOX_DUE, skName: 'outboxDue', skBefore: now.toISOString(), limit }, cursor)),

    listOutboxParked: async (limit) => (await queryAll<RequestItem>({ index: 'outbox', pkName: 'outboxPk', pk: OUTBOX_PARKED, limit })).map(toRequestRecord),

    async ping() {
      await get(rateCardKey(DEFAULT_RATE_CARD_ID), false);
    },

    async getLicenseWithArticle(licenseId, articleId) {
      const key = licenseKey(licenseId);
      if (!key) return {};
      const holds = (i: RequestItem | undefined) => (i?.license?.licenseId === licenseId ? i : undefined);
      if (articleId === undefined) {
        const item = holds(await get<RequestItem>(key));
        return item ? { item: toRequestRecord(item), article: await get<ArticleItem>(articleKey(item.articleId)) } : {};
      }
      const aKey = articleKey(articleId);
      const out = await client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: [key, aKey], ConsistentRead: true } } }));
      const found = (out.Responses?.[tableName] ?? []) as (RequestItem | ArticleItem)[];
      const unprocessed = (out.UnprocessedKeys?.[tableName]?.Keys ?? []) as { pk: string; sk: string }[];
      let item = found.find((i): i is RequestItem => i.pk === key.pk && i.sk === key.sk);
      let article = found.find((i): i is ArticleItem => i.pk === aKey.pk && i.sk === aKey.sk);
      // BatchGet may leave keys unprocessed under load: read those one by one.
      if (unprocessed.some((k) => k.pk === key.pk)) item = await get<RequestItem>(key);
      if (unprocessed.some((k) => k.pk === aKey.pk)) article = await get<ArticleItem>(aKey);
      item = holds(item);
      if (!item) return {};
      if (item.articleId !== articleId) article = await get<ArticleItem>(articleKey(item.articleId));
      return { item: toRequestRecord(item), article };
    },

    async getLicenseState(licenseId) {
      const key = licenseKey(licenseId);
      if (!key) return undefined;
      const out = await client.send(new GetCommand({
        TableName: tableName, Key: key, ConsistentRead: true,
        ProjectionExpression: '#l.licenseId, #l.#s, #l.validFrom, #l.validUntil',
        ExpressionAttributeNames: { '#l': 'license', '#s': 'status' },
      }));
      const license = (out.Item as { license?: Pick<LicenseRecord, 'licenseId' | 'status' | 'validFrom' | 'validUntil'> } | undefined)?.license;
      return license?.licenseId === licenseId ? license : undefined;
    },

    async dailySalt(date, candidate) {
      const key = dailySaltKey(date);
      const existing = await get<{ salt: string }>(key);
      if (existing?.salt) return existing.salt;
      try {
        await client.send(new PutCommand({
          TableName: tableName, Item: { ...key, entity: 'pixel-salt', salt: candidate, ttl: ttlAfterDay(date) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }));
        return candidate;
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
        const winner = await get<{ salt: string }>(key);
        if (!winner?.salt) throw e;
        return winner.salt;
      }
    },

    async markReaderSeen(licenseId, date, readerHash) {
      try {
        await client.send(new PutCommand({
          TableName: tableName,
          Item: { ...readerSeenKey(licenseId, date, readerHash), entity: 'usage-seen', ttl: ttlAfterDay(date) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }));
        return true;
      } catch (e) {
        if (isConditionFailure(e)) return false;
        throw e;
      }
    },

    async addLicenseView(licenseId, date, referrer, now) {
      const month = date.slice(0, 7);
      const ttl = ttlAfterMonth(month);
      const addToReferrer = (name: string, condition?: string) => client.send(new UpdateCommand({
        TableName: tableName, Key: usageReferrerKey(licenseId, month, referrerHash(name)),
        UpdateExpression: 'SET entity = :e, licenseId = :l, referrer = :r, lastSeen = :t, #ttl = :ttl ADD #v :one',
        ...(condition ? { ConditionExpression: condition } : {}),
        ExpressionAttributeNames: { '#v': 'views', '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':e': 'usage-referrer', ':l': licenseId, ':r': name, ':t': now.toISOString(), ':ttl': ttl, ':one': 1 },
      }));
      /** A referrer new this month takes one of the month's slots, if one is left. */
      const claimSlot = async () => {
        try {
          await client.send(new UpdateCommand({
            TableName: tableName, Key: usageReferrerSlotsKey(licenseId, month),
            UpdateExpression: 'SET entity = :e, #ttl = :ttl ADD #n :one',
            ConditionExpression: 'attribute_not_exists(#n) OR #n < :max',
            ExpressionAttributeNames: { '#n': 'slots', '#ttl': 'ttl' },
            ExpressionAttributeValues: { ':e': 'usage-referrer-slots', ':ttl': ttl, ':one': 1, ':max': REFERRERS_PER_MONTH },
          }));
          return true;
        } catch (e) {
          if (isConditionFailure(e)) return false;
          throw e;
        }
      };
      const countReferrer = async () => {
        if (referrer === OTHER_REFERRERS) return addToReferrer(OTHER_REFERRERS);
        try {
          return await addToReferrer(referrer, 'attribute_exists(pk)');
        } catch (e) {
          if (!isConditionFailure(e)) throw e;
        }
        return addToReferrer((await claimSlot()) ? referrer : OTHER_REFERRERS);
      };
      await Promise.all([
        client.send(new UpdateCommand({
          TableName: tableName, Key: usageDayKey(licenseId, date),
          UpdateExpression: 'SET entity = :e, licenseId = :l, #d = :d ADD #v :one',
          ExpressionAttributeNames: { '#d': 'date', '#v': 'views' },
          ExpressionAttributeValues: { ':e': 'usage-day', ':l': licenseId, ':d': date, ':one': 1 },
        })),
        countReferrer(),
      ]);
    },

    async countPixelHit(networkHash, hour, ttl) {
      const out = await client.send(new UpdateCommand({
        TableName: tableName, Key: pixelRateKey(networkHash, hour),
        UpdateExpression: 'SET entity = :e, #ttl = :ttl ADD #n :one',
        ExpressionAttributeNames: { '#n': 'hits', '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':e': 'pixel-rate', ':ttl': ttl, ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }));
      return Number((out.Attributes as { hits?: number } | undefined)?.hits ?? 1);
    },

    async getLicenseUsage(licenseId) {
      const items: (UsageDayItem | UsageReferrerItem)[] = [];
      let start: Record<string, unknown> | undefined;
      // Bounded: at most 20 pages (a page is up to 1 MB) — years of days and thousands of referrers.
      for (let page = 0; page < 20; page++) {
        const out = await client.send(new QueryCommand({
          TableName: tableName, ConsistentRead: true,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
          ExpressionAttributeValues: { ':pk': usagePartition(licenseId), ':p': USAGE_PREFIX },
          ExclusiveStartKey: start,
        }));
        items.push(...((out.Items ?? []) as (UsageDayItem | UsageReferrerItem)[]));
        start = out.LastEvaluatedKey;
        if (!start) break;
      }
      return summarizeUsage(licenseId, items);
    },

    createPublisherKey: (item) => putIfNew(item),
    getPublisherKeyByHash: (keyHash) => get<PublisherKeyItem>(publisherKeyKey(keyHash)),
    async getPublisherKeyById(keyId) {
      if (!keyId) return undefined;
      const out = await client.send(new QueryCommand({
        TableName: tableName, IndexName: 'byStatus',
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk = :id',
        ExpressionAttributeValues: { ':pk': PUBLISHER_KEYS_PARTITION, ':id': keyId },
      }));
      const found = (out.Items ?? [])[0] as PublisherKeyItem | undefined;
      return found ? get<PublisherKeyItem>(publisherKeyKey(found.keyHash)) : undefined;
    },
    listPublisherKeys: () => queryAll<PublisherKeyItem>({ index: 'byStatus', pkName: 'gsi1pk', pk: PUBLISHER_KEYS_PARTITION, limit: 1000 }),
    updatePublisherKey: (keyId, mutate) => updateWithRetry(
      `publisher key ${keyId}`,
      async () => {
        const item = await repo.getPublisherKeyById(keyId);
        return item ? { value: publisherKeyView(item), version: { version: item.version, keyHash: item.keyHash } } : undefined;
      },
      (next, v) => putIfVersion(toPublisherKeyItem(next, v.keyHash, v.version + 1), v.version),
      mutate,
    ),

    createPartner: (item) => putIfNew(item),

    getPartnerByKeyHash: (keyHash) => get<PartnerItem>(partnerKey(keyHash)),

    async getPartnerById(partnerId) {
      if (!partnerId) return undefined;
      const out = await client.send(new QueryCommand({
        TableName: tableName, IndexName: 'byStatus',
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk = :id',
        ExpressionAttributeValues: { ':pk': PARTNERS_PARTITION, ':id': partnerId },
      }));
      const found = (out.Items ?? [])[0] as PartnerItem | undefined;
      // The index is eventually consistent: read the item itself for its current state.
      return found ? get<PartnerItem>(partnerKey(found.keyHash)) : undefined;
    },

    listPartners: () => queryAll<PartnerItem>({ index: 'byStatus', pkName: 'gsi1pk', pk: PARTNERS_PARTITION, limit: 10_000 }),

    updatePartner: (partnerId, mutate) => updateWithRetry(
      `partner ${partnerId}`,
      async () => {
        const item = await repo.getPartnerById(partnerId);
        return item ? { value: partnerView(item), version: { version: item.version, keyHash: item.keyHash } } : undefined;
      },
      (next, v) => putIfVersion(toPartnerItem(next, v.keyHash, v.version + 1), v.version),
      mutate,
    ),

    async countPartnerRequest(keyHash, date) {
      const out = await client.send(new UpdateCommand({
        TableName: tableName, Key: partnerDailyKey(keyHash, date),
        UpdateExpression: 'SET entity = :e, #ttl = :ttl ADD #n :one',
        ExpressionAttributeNames: { '#n': 'requests', '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':e': 'partner-daily', ':ttl': ttlAfterDay(date), ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }));
      return Number((out.Attributes as { requests?: number } | undefined)?.requests ?? 1);
    },

    async partnerRequestsOn(keyHash, date) {
      return Number((await get<{ requests?: number }>(partnerDailyKey(keyHash, date)))?.requests ?? 0);
    },

    async listArticlesOfSection(publicationId, section, limit) {
      const out = await client.send(new QueryCommand({
        TableName: tableName, IndexName: 'byStatus',
        KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': sectionPartition(publicationId, section) },
        ScanIndexForward: false, Limit: limit,
      }));
      return (out.Items ?? []) as ArticleItem[];
    },

    listDue: async (queue, before, limit, cursor) =>
      records(await queryPage<RequestItem>({ index: 'due', pkName: 'duePk', pk: lifecycleQueues[queue], skName: 'dueAt', skBefore: before, limit }, cursor)),
    async takeInvoiceSequence(publicationId) {
      const out = await client.send(new UpdateCommand({
        TableName: tableName, Key: invoiceCounterKey(publicationId),
        UpdateExpression: 'SET entity = :e, publicationId = :p ADD #last :one',
        ExpressionAttributeNames: { '#last': 'last' },
        ExpressionAttributeValues: { ':e': 'invoice-counter', ':p': publicationId, ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }));
      const last = (out.Attributes as { last?: number } | undefined)?.last;
      if (typeof last !== 'number') throw new Error(`invoice counter of ${publicationId} returned no number`);
      return last;
    },

    async returnInvoiceSequence(publicationId, sequence) {
      try {
        await client.send(new UpdateCommand({
          TableName: tableName, Key: invoiceCounterKey(publicationId),
          UpdateExpression: 'SET #last = :previous', ConditionExpression: '#last = :taken',
          ExpressionAttributeNames: { '#last': 'last' }, ExpressionAttributeValues: { ':previous': sequence - 1, ':taken': sequence },
        }));
        return true;
      } catch (e) {
        if (isConditionFailure(e)) return false;
        throw e;
      }
    },

    async listInvoices(opts = {}) {
      const out = await client.send(new QueryCommand({
        TableName: tableName, IndexName: 'payments',
        KeyConditionExpression: 'payPk = :pk', ExpressionAttributeValues: { ':pk': INVOICES_PARTITION },
        Limit: opts.limit ?? 100, ExclusiveStartKey: decodeCursor(opts.cursor),
      }));
      return records({ items: (out.Items ?? []) as RequestItem[], cursor: encodeCursor(out.LastEvaluatedKey) });
    },

    async getRequestByInvoice(invoiceNumber) {
      if (!invoiceNumber) return undefined;
      const out = await client.send(new QueryCommand({
        TableName: tableName, IndexName: 'payments',
        KeyConditionExpression: 'payPk = :pk AND paySk = :n', ExpressionAttributeValues: { ':pk': INVOICES_PARTITION, ':n': invoiceNumber },
      }));
      const found = (out.Items ?? [])[0] as RequestItem | undefined;
      // The index is eventually consistent: read the item itself for its current state.
      const item = found ? await get<RequestItem>(requestKey(found.requestId)) : undefined;
      return item?.invoice?.number === invoiceNumber ? toRequestRecord(item) : undefined;
    },
  };
  return repo;
}
