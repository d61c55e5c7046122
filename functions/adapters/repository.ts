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
import type { ArticleRecord } from '../domain/article-record.js';
import { summarizeUsage, OTHER_REFERRERS, REFERRERS_PER_MONTH } from '../domain/usage.js';
import { articleRecordMutation, updateWithRetry, type ArticleSummary, type LicenseSummary, type LicenseView, type Page, type Repository } from '../application/ports.js';
import { articleKey, sectionPartition, toArticleItem, toArticleRecord, toPublishedArticle, type ArticleItem } from './entities/article.js';
import { DEFAULT_RATE_CARD_ID, rateCardKey, toRateCardItem, type RateCardItem } from './entities/rate-card.js';
import {
  OUTBOX_DUE, OUTBOX_PARKED, OUTBOX_SENDING, licenseKey, licensesOfArticlePartition, lifecycleQueues, requestKey, statusPartition, toRequestItem, toRequestRecord,
  type RequestItem,
} from './entities/request.js';
import { licenseIdFor } from '../domain/request-record.js';
import {
  USAGE_PREFIX, dailySaltKey, pixelRateKey, readerSeenKey, referrerHash, ttlAfterDay, ttlAfterMonth, usageCountsOf,
  usageDayKey, usagePartition, usageReferrerKey, usageReferrerSlotsKey,
  type UsageDayItem, type UsageReferrerItem,
} from './entities/usage.js';
import { complianceKey, complianceRanges, complianceSlotsKey, toComplianceCount, type ComplianceItem } from './entities/compliance.js';
import { ORIGINS_PER_LICENSE_DAY, OTHER_ORIGINS } from '../domain/compliance.js';
import { RECENT_PARTITION } from './entities/request.js';
import { COUNTER_META, STATS_BEHIND, STATS_CLAIMED, STATS_PARTITION, isOpAttribute, opAttribute, statsCellKey } from './entities/stats.js';
import { usageTotalKey } from './entities/usage.js';
import type { Contribution } from '../domain/request-stats.js';
import { InvalidCursor } from '../application/errors.js';
import {
  FEED_ARTICLE_FIELDS, FEED_ITEM_ATTRIBUTES, FEED_POSITION, LICENSE_AND_ARTICLE_ATTRIBUTES, LICENSE_SUMMARY_PROJECTION, LICENSE_VIEW_ATTRIBUTES,
  licenseStateOf, licenseSummaryOf, licenseViewOf, type LicenseStateRead, type LicenseSummaryRead,
} from './entities/reads.js';

import { PARTNERS_PARTITION, partnerDailyKey, partnerKey, toPartner, toPartnerItem, type PartnerItem } from './entities/partner.js';
import { invoiceCounterKey } from './entities/invoice.js';
import { INVOICES_PARTITION } from './entities/request.js';
import { PUBLISHER_KEYS_PARTITION, publisherKeyKey, toPublisherKey, toPublisherKeyItem, type PublisherKeyItem } from './entities/publisher-key.js';

export type { LicenseView, Page, Repository } from '../application/ports.js';
/** A license view as read: with its key (to find it among a BatchGetItem's answers). */
type StoredLicenseView = LicenseView & { pk: string; sk: string; copyTokens?: Record<string, string> };
const viewOf = (stored: StoredLicenseView): LicenseView => licenseViewOf(stored as unknown as Record<string, unknown>);

const projectionOf = (names: readonly string[]) => ({
  ProjectionExpression: names.map((_, i) => `#p${i}`).join(', '),
  ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#p${i}`, n])),
});
const LICENSE_VIEW_PROJECTION = projectionOf(LICENSE_VIEW_ATTRIBUTES);
const LICENSE_AND_ARTICLE_PROJECTION = projectionOf(LICENSE_AND_ARTICLE_ATTRIBUTES);

const FEED_NAMES: Record<string, string> = { '#a': 'article', ...Object.fromEntries(FEED_ITEM_ATTRIBUTES.map((n, i) => [`#i${i}`, n])), ...Object.fromEntries(FEED_ARTICLE_FIELDS.map((f, i) => [`#f${i}`, f])) };
const FEED_PROJECTION = [...FEED_ITEM_ATTRIBUTES.map((_, i) => `#i${i}`), ...FEED_ARTICLE_FIELDS.map((_, i) => `#a.#f${i}`)].join(', ');

/** An item read by key -> its record, when the key holds an item of that entity. */
const recordOf = <I extends { entity: string }, R>(item: I | undefined, entity: I['entity'], toRecord: (item: I) => R): R | undefined =>
  (item?.entity === entity ? toRecord(item) : undefined);
/** An article item (a copy's projection) -> what a copy renders from. */
const published = (item: Pick<ArticleItem, 'article' | 'revision' | 'importedAt'> | undefined) => (item?.article ? toPublishedArticle(item) : undefined);

const isConditionFailure = (e: unknown) =>
  e instanceof ConditionalCheckFailedException || (e as { name?: string })?.name === 'ConditionalCheckFailedException';

const encodeCursor = (key: Record<string, unknown> | undefined) =>
  key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
const decodeCursor = (cursor: string | undefined) =>
  cursor ? (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>) : undefined;

/**
 * A list's cursor, checked: it must decode to exactly the key attributes of an item of this index
 * partition (the table key and the index key, all strings, the partition the one being read).
 * Anything else — truncated, edited, another list's — is InvalidCursor, never a 500.
 */
function checkedCursor(cursor: string | undefined, index: { pkName: string; pk: string; skName: string }): Record<string, unknown> | undefined {
  if (cursor === undefined) return undefined;
  let key: unknown;
  try {
    if (!/^[A-Za-z0-9_-]{1,2048}$/.test(cursor)) throw new Error('shape');
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursor();
  }
  const expected = new Set(['pk', 'sk', index.pkName, index.skName]);
  if (!key || typeof key !== 'object' || Array.isArray(key)) throw new InvalidCursor();
  const entries = Object.entries(key as Record<string, unknown>);
  if (entries.length !== expected.size || entries.some(([k, v]) => !expected.has(k) || typeof v !== 'string' || !v)) throw new InvalidCursor();
  if ((key as Record<string, unknown>)[index.pkName] !== index.pk) throw new InvalidCursor();
  return key as Record<string, unknown>;
}

export function dynamoRepository(client: DynamoDBDocumentClient, tableName: string): Repository {
  async function get<T>(key: { pk: string; sk: string }, consistent = true): Promise<T | undefined> {
    const out = await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: consistent }));
    return out.Item as T | undefined;
  }

  /**
   * The items an index page lists, read from the table (one BatchGetItem per 100, unprocessed keys
   * retried), in the page's order. Most indexes project keys only (config/table.ts): a reader that
   * needs whole items fetches them, so index entries stay small and are rewritten only when their
   * keys change. An item gone since the index listed it is left out.
   */
  async function hydrate<T extends { pk: string; sk: string }>(entries: readonly { pk: string; sk: string }[]): Promise<T[]> {
    const found = new Map<string, T>();
    const id = (k: { pk: string; sk: string }) => `${k.pk}\u0000${k.sk}`;
    const unique = [...new Map(entries.map((e) => [id(e), { pk: e.pk, sk: e.sk }])).values()];
    for (let i = 0; i < unique.length; i += 100) {
      let keys: Record<string, unknown>[] = unique.slice(i, i + 100);
      for (let attempt = 0; keys.length; attempt++) {
        if (attempt === 8) throw new Error('BatchGetItem left keys unprocessed after 8 attempts');
        if (attempt) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
        const out = await client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys } } }));
        for (const item of (out.Responses?.[tableName] ?? []) as T[]) found.set(id(item), item);
        keys = (out.UnprocessedKeys?.[tableName]?.Keys ?? []) as Record<string, unknown>[];
      }
    }
    return entries.map((e) => found.get(id(e))).filter((x): x is T => x !== undefined);
  }
  const hydratePage = async <T extends { pk: string; sk: string }>(page: Page<{ pk: string; sk: string }>): Promise<Page<T>> =>
    ({ items: await hydrate<T>(page.items), ...(page.cursor ? { cursor: page.cursor } : {}) });

  /**
   * Running view totals of licenses and the summaries (headline, canonical URL) of articles, in ONE
   * BatchGetItem per 100 keys together (a projection of just those attributes; unprocessed keys
   * retried). A license never viewed is 0; an absent article is left out.
   */
  async function viewTotalsAndArticles(licenseIds: readonly string[], articleIds: readonly string[]): Promise<{ views: Map<string, number>; articles: ArticleSummary[] }> {
    const views = new Map<string, number>(licenseIds.map((id) => [id, 0]));
    const found = new Map<string, ArticleSummary>();
    const all: Record<string, unknown>[] = [...licenseIds.map((id) => usageTotalKey(id)), ...articleIds.map((id) => articleKey(id))];
    for (let i = 0; i < all.length; i += 100) {
      let keys = all.slice(i, i + 100);
      for (let attempt = 0; keys.length; attempt++) {
        if (attempt === 8) throw new Error('BatchGetItem left keys unprocessed after 8 attempts');
        if (attempt) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
        const out = await client.send(new BatchGetCommand({ RequestItems: { [tableName]: {
          Keys: keys, ProjectionExpression: 'licenseId, #v, #a.id, #a.headline, #a.canonicalUrl', ExpressionAttributeNames: { '#v': 'views', '#a': 'article' },
        } } }));
        for (const item of (out.Responses?.[tableName] ?? []) as { licenseId?: string; views?: number; article?: Partial<ArticleSummary> & { id?: string } }[]) {
          if (item.article?.id) {
            const a = item.article;
            found.set(a.id!, { articleId: a.id!, headline: a.headline ?? '', ...(a.canonicalUrl ? { canonicalUrl: a.canonicalUrl } : {}) });
          } else if (item.licenseId && views.has(item.licenseId)) views.set(item.licenseId, Number(item.views ?? 0));
        }
        keys = (out.UnprocessedKeys?.[tableName]?.Keys ?? []) as Record<string, unknown>[];
      }
    }
    return { views, articles: articleIds.flatMap((id) => found.get(id) ?? []) };
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

  /** An article item, if the key holds one. */
  const getArticleItem = async (articleId: string, consistent = true) => {
    const item = await get<ArticleItem>(articleKey(articleId), consistent);
    return item?.entity === 'article' ? item : undefined;
  };

  /** Stores the next revision of an article only if the stored one is still `expected` (0: only if there is none). */
  async function putArticleIfRevision(record: ArticleRecord, expected: number): Promise<boolean> {
    try {
      await client.send(new PutCommand({
        TableName: tableName,
        Item: toArticleItem(record),
        ConditionExpression: expected ? '#r = :r' : 'attribute_not_exists(pk)',
        ...(expected ? { ExpressionAttributeNames: { '#r': 'revision' }, ExpressionAttributeValues: { ':r': expected } } : {}),
      }));
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  }

  /** The item found by a short public id in `byStatus` (under `partition`), read again from the table for its current state (the index is eventually consistent). */
  async function itemById<T>(partition: string, id: string, keyOf: (keyHash: string) => { pk: string; sk: string }): Promise<T | undefined> {
    if (!id) return undefined;
    const out = await client.send(new QueryCommand({
      TableName: tableName, IndexName: 'byStatus',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk = :id',
      ExpressionAttributeValues: { ':pk': partition, ':id': id },
    }));
    const found = (out.Items ?? [])[0] as { keyHash?: string } | undefined;
    return found?.keyHash ? get<T>(keyOf(found.keyHash)) : undefined;
  }
  const partnerItemById = (partnerId: string) => itemById<PartnerItem>(PARTNERS_PARTITION, partnerId, partnerKey);
  const publisherKeyItemById = (keyId: string) => itemById<PublisherKeyItem>(PUBLISHER_KEYS_PARTITION, keyId, publisherKeyKey);
  const getPublisherKeyItem = (keyHash: string) => get<PublisherKeyItem>(publisherKeyKey(keyHash));

  const records = (page: Page<RequestItem>): Page<RequestRecord> => ({ items: page.items.map(toRequestRecord), ...(page.cursor ? { cursor: page.cursor } : {}) });
  const record = (item: RequestItem | undefined) => (item ? toRequestRecord(item) : undefined);

  const repo: Repository = {
    getArticle: async (articleId) => {
      const item = await getArticleItem(articleId, false);
      return item ? toArticleRecord(item) : undefined;
    },

    async updateArticle(articleId, now, mutate) {
      const updated = await updateWithRetry<ArticleRecord | undefined, number>(
        `article ${articleId}`,
        async () => {
          const item = await getArticleItem(articleId);
          return { value: item ? toArticleRecord(item) : undefined, version: item?.revision ?? 0 };
        },
        (next, expected) => putArticleIfRevision(next!, expected),
        articleRecordMutation(articleId, now, mutate),
      );
      return updated?.record ? { record: updated.record, changed: updated.changed } : undefined;
    },

    async putArticle(article, now, opts = {}) {
      const updated = await repo.updateArticle(article.id, now, () => ({ article, ...(opts.sourceRevision !== undefined ? { sourceRevision: opts.sourceRevision } : {}) }));
      return updated!.record;
    },

    async getEffectiveRateCard(publicationId) {
      const keys = [rateCardKey(publicationId), rateCardKey(DEFAULT_RATE_CARD_ID)];
      const out = await client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys, ConsistentRead: false } } }));
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
      const pk = statusPartition(status);
      const out = await client.send(new QueryCommand({
        TableName: tableName, IndexName: 'byStatus',
        KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': pk },
        ScanIndexForward: Boolean(opts.oldestFirst), Limit: opts.limit ?? 50,
        ExclusiveStartKey: checkedCursor(opts.cursor, { pkName: 'gsi1pk', pk, skName: 'gsi1sk' }),
      }));
      const page = { items: (out.Items ?? []) as RequestItem[], cursor: encodeCursor(out.LastEvaluatedKey) };
      return records(opts.rows ? page : await hydratePage<RequestItem>(page));
    },

    async listRecentDecisions(opts = {}) {
      const out = await client.send(new QueryCommand({
        TableName: tableName, IndexName: 'recent',
        KeyConditionExpression: 'recentPk = :pk', ExpressionAttributeValues: { ':pk': RECENT_PARTITION },
        ScanIndexForward: false, Limit: opts.limit ?? 25,
        ExclusiveStartKey: checkedCursor(opts.cursor, { pkName: 'recentPk', pk: RECENT_PARTITION, skName: 'recentSk' }),
      }));
      const page = { items: (out.Items ?? []) as RequestItem[], cursor: encodeCursor(out.LastEvaluatedKey) };
      return records(opts.rows ? page : await hydratePage<RequestItem>(page));
    },

    // Items behind are all due at once (oldest change first); claims only once their lease ran out.
    listStatsWork: async (kind, before, limit, cursor) => records(await hydratePage<RequestItem>(await queryPage<RequestItem>(kind === 'behind'
      ? { index: 'stats', pkName: 'statsPk', pk: STATS_BEHIND, limit }
      : { index: 'stats', pkName: 'statsPk', pk: STATS_CLAIMED, skName: 'statsDue', skBefore: before.toISOString(), limit }, cursor))),

    async addToStatsCell(cell, fields, opId) {
      const names: Record<string, string> = { '#op': opAttribute(opId), '#ops': 'ops', '#legacy': opId, '#e': 'entity' };
      const values: Record<string, unknown> = { ':e': 'stats', ':now': new Date().toISOString() };
      const adds = Object.entries(fields).map(([field, n], i) => {
        names[`#f${i}`] = field;
        values[`:n${i}`] = n;
        return `#f${i} :n${i}`;
      });
      try {
        await client.send(new UpdateCommand({
          TableName: tableName, Key: statsCellKey(cell),
          UpdateExpression: `SET #e = :e, #op = :now ADD ${adds.join(', ')}`,
          ConditionExpression: 'attribute_not_exists(#op) AND attribute_not_exists(#ops.#legacy)',
          ExpressionAttributeNames: names, ExpressionAttributeValues: values,
        }));
        return true;
      } catch (e) {
        if (isConditionFailure(e)) return false;
        throw e;
      }
    },

    async forgetStatsOp(cell, opId) {
      await client.send(new UpdateCommand({
        TableName: tableName, Key: statsCellKey(cell),
        UpdateExpression: 'REMOVE #op', ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#op': opAttribute(opId) },
      })).catch((e: unknown) => { if (!isConditionFailure(e)) throw e; });
    },

    async readStatsCells(fromCell) {
      const cells: Contribution = {};
      let start: Record<string, unknown> | undefined;
      do {
        const out = await client.send(new QueryCommand({
          TableName: tableName, KeyConditionExpression: 'pk = :pk AND sk >= :from',
          ExpressionAttributeValues: { ':pk': STATS_PARTITION, ':from': fromCell }, ExclusiveStartKey: start,
        }));
        for (const item of out.Items ?? []) {
          const fields: Record<string, number> = {};
          for (const [k, v] of Object.entries(item)) if (!COUNTER_META.has(k) && !isOpAttribute(k) && typeof v === 'number' && v !== 0) fields[k] = v;
          cells[item.sk as string] = fields;
        }
        start = out.LastEvaluatedKey;
      } while (start);
      return cells;
    },

    getViewTotalsAndArticleSummaries: (licenseIds, articleIds) => viewTotalsAndArticles([...new Set(licenseIds)], [...new Set(articleIds)]),

    listLicensesOfArticle: async (articleId) =>
      (await hydrate<RequestItem>(await queryAll<RequestItem>({ index: 'byArticle', pkName: 'gsi2pk', pk: licensesOfArticlePartition(articleId), limit: 100_000 }))).map(toRequestRecord),

    /** Items with mail due: pending (OUTBOX), then claims whose lease ran out (SENDING), one page at a time. */
    /**
     * Items with mail due, earliest first: pending mail (OUTBOX) and claims whose lease ran out
     * (SENDING), two partitions merged by due time. The cursor holds where each partition stands.
     */
    async listOutboxDue(now, limit, cursor) {
      type Key = { pk: string; sk: string; outboxPk: string; outboxDue: string };
      const partitions = [OUTBOX_DUE, OUTBOX_SENDING];
      const state = (decodeCursor(cursor) ?? {}) as Record<string, { after?: Key; done?: boolean }>;
      const fetched = await Promise.all(partitions.map(async (p) => {
        if (state[p]?.done) return { p, items: [] as Key[], exhausted: true };
        const page = await queryPage<Key>({ index: 'outbox', pkName: 'outboxPk', pk: p, skName: 'outboxDue', skBefore: now.toISOString(), limit },
          state[p]?.after ? encodeCursor(state[p]!.after) : undefined);
        return { p, items: page.items, exhausted: !page.cursor };
      }));
      const order = (a: Key, b: Key) => (a.outboxDue < b.outboxDue ? -1 : a.outboxDue > b.outboxDue ? 1 : a.pk < b.pk ? -1 : a.pk > b.pk ? 1 : 0);
      const taken = fetched.flatMap((f) => f.items).sort(order).slice(0, limit);
      const next: Record<string, { after?: Key; done?: boolean }> = {};
      for (const f of fetched) {
        const mine = taken.filter((k) => k.outboxPk === f.p);
        const last = mine.at(-1);
        const after = last ? { pk: last.pk, sk: last.sk, outboxPk: last.outboxPk, outboxDue: last.outboxDue } : state[f.p]?.after;
        next[f.p] = { ...(after ? { after } : {}), ...(f.exhausted && mine.length === f.items.length ? { done: true } : {}) };
      }
      const more = partitions.some((p) => !next[p]!.done);
      return records(await hydratePage<RequestItem>({ items: taken as unknown as RequestItem[], ...(more ? { cursor: encodeCursor(next) } : {}) }));
    },

    listOutboxParked: async (limit) => (await hydrate<RequestItem>(await queryAll<RequestItem>({ index: 'outbox', pkName: 'outboxPk', pk: OUTBOX_PARKED, limit }))).map(toRequestRecord),

    async ping() {
      await get(rateCardKey(DEFAULT_RATE_CARD_ID), false);
    },

    async getLicenseWithArticle(licenseId, articleId) {
      const key = licenseKey(licenseId);
      if (!key) return {};
      const holds = (i: StoredLicenseView | undefined) => (i?.license?.licenseId === licenseId ? i : undefined);
      const getView = async () => (await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true, ...LICENSE_VIEW_PROJECTION }))).Item as StoredLicenseView | undefined;
      if (articleId === undefined) {
        const item = holds(await getView());
        return item ? { item: viewOf(item), article: published(await get<ArticleItem>(articleKey(item.articleId))) } : {};
      }
      const aKey = articleKey(articleId);
      const out = await client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: [key, aKey], ConsistentRead: true, ...LICENSE_AND_ARTICLE_PROJECTION } } }));
      const found = (out.Responses?.[tableName] ?? []) as (StoredLicenseView | ArticleItem)[];
      const unprocessed = (out.UnprocessedKeys?.[tableName]?.Keys ?? []) as { pk: string; sk: string }[];
      let item = found.find((i): i is StoredLicenseView => i.pk === key.pk && i.sk === key.sk);
      let article = found.find((i): i is ArticleItem => i.pk === aKey.pk && i.sk === aKey.sk);
      // BatchGet may leave keys unprocessed under load: read those one by one.
      if (unprocessed.some((k) => k.pk === key.pk)) item = await getView();
      if (unprocessed.some((k) => k.pk === aKey.pk)) article = await get<ArticleItem>(aKey);
      item = holds(item);
      if (!item) return {};
      if (item.articleId !== articleId) article = await get<ArticleItem>(articleKey(item.articleId));
      return { item: viewOf(item), article: published(article) };
    },

    async getLicenseState(licenseId) {
      const key = licenseKey(licenseId);
      if (!key) return undefined;
      const out = await client.send(new GetCommand({
        TableName: tableName, Key: key, ConsistentRead: true,
        // The licensee's declared domains (request.licenseeDomains; absent = none declared) for the pixel's origin check.
        ProjectionExpression: '#l.licenseId, #l.#s, #l.validFrom, #l.validUntil, #l.#d, #r.#d',
        ExpressionAttributeNames: { '#l': 'license', '#s': 'status', '#r': 'request', '#d': 'licenseeDomains' },
      }));
      return licenseStateOf(out.Item as LicenseStateRead | undefined, licenseId);
    },

    async addComplianceHit({ licenseId, date, signal, origin, now }) {
      const ttl = ttlAfterMonth(date.slice(0, 7));
      const add = (name: string, condition?: string) => client.send(new UpdateCommand({
        TableName: tableName, Key: complianceKey(date, licenseId, signal, name),
        UpdateExpression: 'SET #e = :e, #l = :l, #d = :d, #s = :s, #o = :o, #t = :t, #ttl = :ttl ADD #h :one',
        ...(condition ? { ConditionExpression: condition } : {}),
        // Every name aliased: several (date, signal, …) are DynamoDB reserved words.
        ExpressionAttributeNames: { '#e': 'entity', '#l': 'licenseId', '#d': 'date', '#s': 'signal', '#o': 'origin', '#t': 'lastSeen', '#h': 'hits', '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':e': 'compliance-signal', ':l': licenseId, ':d': date, ':s': signal, ':o': name, ':t': now.toISOString(), ':ttl': ttl, ':one': 1 },
      }));
      try {
        await add(origin, 'attribute_exists(pk)');
        return;
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
      }
      // A new origin today takes one of the license's slots for the day, if one is left.
      let slot = true;
      try {
        await client.send(new UpdateCommand({
          TableName: tableName, Key: complianceSlotsKey(licenseId, date),
          UpdateExpression: 'SET entity = :e, #ttl = :ttl ADD #n :one',
          ConditionExpression: 'attribute_not_exists(#n) OR #n < :max',
          ExpressionAttributeNames: { '#n': 'slots', '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':e': 'compliance-slots', ':ttl': ttl, ':one': 1, ':max': ORIGINS_PER_LICENSE_DAY },
        }));
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
        slot = false;
      }
      await add(slot ? origin : OTHER_ORIGINS);
    },

    async listComplianceSignals(fromDate, toDate) {
      const items: ComplianceItem[] = [];
      for (const range of complianceRanges(fromDate, toDate)) {
        let start: Record<string, unknown> | undefined;
        for (let page = 0; page < 20; page++) {
          const out = await client.send(new QueryCommand({
            TableName: tableName, KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            ExpressionAttributeValues: { ':pk': range.pk, ':from': range.from, ':to': range.to }, ExclusiveStartKey: start,
          }));
          items.push(...((out.Items ?? []) as ComplianceItem[]));
          start = out.LastEvaluatedKey;
          if (!start) break;
        }
      }
      return items.filter((i) => i.entity === 'compliance-signal').map(toComplianceCount);
    },

    async getLicenseSummaries(licenseIds) {
      const wanted = new Map<string, string>();
      for (const id of new Set(licenseIds)) {
        const key = licenseKey(id);
        if (key) wanted.set(key.pk, id);
      }
      const found = new Map<string, LicenseSummary>();
      const ids = [...wanted.values()];
      for (let i = 0; i < ids.length; i += 100) {
        let keys: Record<string, unknown>[] = ids.slice(i, i + 100).map((id) => licenseKey(id)!);
        for (let attempt = 0; keys.length; attempt++) {
          if (attempt === 8) throw new Error('BatchGetItem left keys unprocessed after 8 attempts');
          if (attempt) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
          const out = await client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys, ...LICENSE_SUMMARY_PROJECTION } } }));
          for (const item of (out.Responses?.[tableName] ?? []) as LicenseSummaryRead[]) {
            const summary = licenseSummaryOf(item, wanted.get(item.pk));
            if (summary) found.set(summary.licenseId, summary);
          }
          keys = (out.UnprocessedKeys?.[tableName]?.Keys ?? []) as Record<string, unknown>[];
        }
      }
      return found;
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
        // The running total the staff view reads for a page of licenses at once (one BatchGetItem).
        client.send(new UpdateCommand({
          TableName: tableName, Key: usageTotalKey(licenseId),
          UpdateExpression: 'SET entity = :e, licenseId = :l ADD #v :one',
          ExpressionAttributeNames: { '#v': 'views' },
          ExpressionAttributeValues: { ':e': 'usage-total', ':l': licenseId, ':one': 1 },
        })),
        client.send(new UpdateCommand({
          TableName: tableName, Key: usageDayKey(licenseId, date),
          UpdateExpression: 'SET entity = :e, licenseId = :l, #d = :d ADD #v :one',
          ExpressionAttributeNames: { '#d': 'date', '#v': 'views' },
          ExpressionAttributeValues: { ':e': 'usage-day', ':l': licenseId, ':d': date, ':one': 1 },
        })),
        countReferrer(),
      ]);
    },

    async countPixelHit(networkHash, hour) {
      const ttl = ttlAfterDay(hour.slice(0, 10));
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
      return summarizeUsage(licenseId, usageCountsOf(items));
    },

    createPublisherKey: (key, keyHash) => putIfNew(toPublisherKeyItem(key, keyHash, 1)),
    getPublisherKeyByHash: async (keyHash) => recordOf(await getPublisherKeyItem(keyHash), 'publisher-key', toPublisherKey),
    getPublisherKeyById: async (keyId) => recordOf(await publisherKeyItemById(keyId), 'publisher-key', toPublisherKey),
    listPublisherKeys: async () => (await hydrate<PublisherKeyItem>(await queryAll<{ pk: string; sk: string }>({ index: 'byStatus', pkName: 'gsi1pk', pk: PUBLISHER_KEYS_PARTITION, limit: 1000 }))).map(toPublisherKey),
    updatePublisherKey: (keyId, mutate) => updateWithRetry(
      `publisher key ${keyId}`,
      async () => {
        const item = await publisherKeyItemById(keyId);
        return item ? { value: toPublisherKey(item), version: { version: item.version, keyHash: item.keyHash } } : undefined;
      },
      (next, v) => putIfVersion(toPublisherKeyItem({ ...next, keyId }, v.keyHash, v.version + 1), v.version),
      mutate,
    ),

    createPartner: (partner, keyHash) => putIfNew(toPartnerItem(partner, keyHash, 1)),
    getPartnerByKeyHash: async (keyHash) => recordOf(await get<PartnerItem>(partnerKey(keyHash)), 'partner', toPartner),
    getPartnerById: async (partnerId) => recordOf(await partnerItemById(partnerId), 'partner', toPartner),
    listPartners: async () => (await hydrate<PartnerItem>(await queryAll<{ pk: string; sk: string }>({ index: 'byStatus', pkName: 'gsi1pk', pk: PARTNERS_PARTITION, limit: 10_000 }))).map(toPartner),
    updatePartner: (partnerId, mutate) => updateWithRetry(
      `partner ${partnerId}`,
      async () => {
        const item = await partnerItemById(partnerId);
        return item ? { value: toPartner(item), version: { version: item.version, keyHash: item.keyHash } } : undefined;
      },
      (next, v) => putIfVersion(toPartnerItem({ ...next, partnerId }, v.keyHash, v.version + 1), v.version),
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

    async listArticlesOfSection(publicationId, section, limit, range = {}) {
      if (range.before !== undefined && !FEED_POSITION.test(range.before)) throw new InvalidCursor();
      // After the instant: every position of a later instant sorts above `<instant>#\uffff`.
      const after = range.after !== undefined ? `${range.after}#\uffff` : undefined;
      const condition = after && range.before ? 'gsi1pk = :pk AND gsi1sk BETWEEN :after AND :before'
        : after ? 'gsi1pk = :pk AND gsi1sk > :after' : range.before ? 'gsi1pk = :pk AND gsi1sk < :before' : 'gsi1pk = :pk';
      const out = await client.send(new QueryCommand({
        TableName: tableName, IndexName: 'byStatus',
        KeyConditionExpression: condition,
        ExpressionAttributeValues: { ':pk': sectionPartition(publicationId, section), ...(after ? { ':after': after } : {}), ...(range.before ? { ':before': range.before } : {}) },
        ProjectionExpression: FEED_PROJECTION, ExpressionAttributeNames: FEED_NAMES,
        ScanIndexForward: false, Limit: limit,
      }));
      // BETWEEN includes its ends: the cursor's own item was on the page before.
      return ((out.Items ?? []) as ArticleItem[]).filter((a) => a.gsi1sk !== range.before).map((a) => ({ ...toPublishedArticle(a), position: a.gsi1sk ?? '' }));
    },

    listDue: async (queue, before, limit, cursor) =>
      records(await hydratePage<RequestItem>(await queryPage<RequestItem>({ index: 'due', pkName: 'duePk', pk: lifecycleQueues[queue], skName: 'dueAt', skBefore: before, limit }, cursor))),
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
        ScanIndexForward: !opts.newestFirst,
        Limit: opts.limit ?? 100, ExclusiveStartKey: checkedCursor(opts.cursor, { pkName: 'payPk', pk: INVOICES_PARTITION, skName: 'paySk' }),
      }));
      const page = { items: (out.Items ?? []) as RequestItem[], cursor: encodeCursor(out.LastEvaluatedKey) };
      if (!opts.invoicesOnly) return records(await hydratePage<RequestItem>(page));
      // The index projects the invoice and the request id; an invoice is issued with its license, whose id follows from the request's.
      return { ...(page.cursor ? { cursor: page.cursor } : {}), items: page.items.map((i) => ({ requestId: i.requestId, invoice: i.invoice, license: { licenseId: licenseIdFor(i.requestId) } }) as unknown as RequestRecord) };
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
