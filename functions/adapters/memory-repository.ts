/**
 * The in-memory repository: the Repository port (application/ports.ts) on plain maps, so a use-case
 * unit test needs no table and no AWS client (nothing here imports the SDK). It keeps the DynamoDB
 * repository's semantics where use cases rely on them — the contract suite
 * (tests/contract/repository.contract.ts) runs against both, and against DynamoDB Local:
 * - records go in and come out as copies that survived storage (JSON: an undefined attribute is
 *   dropped, as the DynamoDB marshaller's removeUndefinedValues drops it), so nothing aliases;
 * - a request is written through the entity module's toRequestItem and read back with
 *   toRequestRecord, so the same key checks apply (an empty id throws) and the same attributes survive;
 * - listings use the same membership rules: an item is in an index partition exactly when the entity
 *   module's index attributes put it there (the outbox only while it holds undelivered mail, `due` while
 *   a lifecycle step is left, `stats` while its counters are behind or claimed, `recent` once decided),
 *   sorted by the same sort key (UTF-8 byte order, as DynamoDB sorts strings), paged the same way: a
 *   full page gives a cursor, the page after the last item is empty; a cursor the list did not give out
 *   is InvalidCursor;
 * - `update`, `updateArticle`, `updatePartner` and `updatePublisherKey` are the same optimistic loop (updateWithRetry,
 *   UPDATE_RETRY, WriteConflict); `conflict` lets a test make any write lose as if someone wrote first;
 * - counters, slots, salts, dedupe items, invoice numbers: the same conditional rules, the same answers;
 * - an item over DynamoDB's 400 KB is refused (ValidationException), as the table refuses it.
 * The mail-cap counters (application/mail-caps.ts) have an in-memory twin here too.
 */
import { articleRecordMutation, updateWithRetry, type FeedArticle, type LicenseSummary, type Page, type Repository } from '../application/ports.js';
import { InvalidCursor } from '../application/errors.js';
import type { MailCapCounters } from '../application/mail-caps.js';
import { requestIdOfLicense, type RequestRecord } from '../domain/request-record.js';
import type { Contribution } from '../domain/request-stats.js';
import { ORIGINS_PER_LICENSE_DAY, OTHER_ORIGINS } from '../domain/compliance.js';
import { OTHER_REFERRERS, REFERRERS_PER_MONTH, summarizeUsage } from '../domain/usage.js';
import type { ArticleRecord } from '../domain/article-record.js';
import { tableDefinition, type IndexName } from '../config/table.js';
import { articleKey, sectionPartition, toArticleItem, toArticleRecord, toPublishedArticle, type ArticleItem } from './entities/article.js';
import { DEFAULT_RATE_CARD_ID, rateCardKey } from './entities/rate-card.js';
import { invoiceCounterKey } from './entities/invoice.js';
import {
  INVOICES_PARTITION, OUTBOX_DUE, OUTBOX_PARKED, OUTBOX_SENDING, RECENT_PARTITION, licenseKey, licensesOfArticlePartition, lifecycleQueues, requestKey, statusPartition,
  toRequestItem, toRequestRecord,
} from './entities/request.js';
import { STATS_BEHIND, STATS_CLAIMED, statsCellKey } from './entities/stats.js';
import {
  dailySaltKey, pixelRateKey, readerSeenKey, referrerHash, ttlAfterMonth, usageCountsOf, usageDayKey,
  usagePartition, usageReferrerKey, usageReferrerSlotsKey, usageTotalKey, type UsageDayItem, type UsageReferrerItem,
} from './entities/usage.js';
import { complianceKey, complianceRanges, complianceSlotsKey, toComplianceCount, type ComplianceItem } from './entities/compliance.js';
import { PARTNERS_PARTITION, partnerDailyKey, partnerKey, toPartner, toPartnerItem, type PartnerItem } from './entities/partner.js';
import { PUBLISHER_KEYS_PARTITION, publisherKeyKey, toPublisherKey, toPublisherKeyItem, type PublisherKeyItem } from './entities/publisher-key.js';
import { mailCapKey } from './entities/mail-cap.js';
import {
  FEED_ARTICLE_FIELDS, FEED_POSITION, INVOICE_ROW_ATTRIBUTES, LICENSE_AND_ARTICLE_ATTRIBUTES,
  LICENSE_VIEW_ATTRIBUTES, licenseStateOf, licenseSummaryOf, licenseViewOf, type LicenseStateRead, type LicenseSummaryRead,
} from './entities/reads.js';

/** What a read-mutate-write changes. */
type Guarded = 'request' | 'article' | 'partner' | 'publisher-key';

export interface MemoryRepositoryOptions {
  /**
   * Asked before each conditional write of a read-mutate-write (`update`, `updateArticle`,
   * `updatePartner`, `updatePublisherKey`), attempt 0 first: true makes that write lose, as if another writer had
   * written first — the loop reads again, and after UPDATE_RETRY.attempts losses throws WriteConflict.
   */
  conflict?: (write: { entity: Guarded; id: string; attempt: number }) => boolean;
}

/** What a test may look at besides the port (the DynamoDB equivalent is a Scan of the table). */
export interface MemoryInspection {
  /** Every stored request, as stored (copies), in id order. */
  requests(): RequestRecord[];
  /** The optimistic-lock version of a request (1 once created, +1 per write). */
  version(requestId: string): number | undefined;
  /** Counter cells with their non-zero fields (cells whose fields are all zero left out), and the operation ids they still remember. */
  statsCells(): { cells: Contribution; ops: number };
}

export type MemoryRepository = Repository & { readonly inspect: MemoryInspection };

/** A copy as storage would give it back: plain data, undefined attributes dropped, nothing shared with the caller. */
const stored = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));

/** DynamoDB orders string keys by their UTF-8 bytes (not by UTF-16 code units, not by locale). */
const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/** Only the named top-level attributes (a ProjectionExpression of plain names). */
function project<T extends object>(item: T, names: readonly string[]): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const n of names) if (n in item && (item as Record<string, unknown>)[n] !== undefined) out[n] = (item as Record<string, unknown>)[n];
  return out as Partial<T>;
}

/** DynamoDB's item size: attribute names and values (strings UTF-8; numbers about one byte per two digits, plus one; lists and maps 3 + 1 per element). */
function sizeOf(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (typeof value === 'number') return Math.ceil(Math.max(1, String(Math.abs(value)).replace(/[eE].*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '').length) / 2) + 1 + (value < 0 ? 1 : 0);
  if (typeof value === 'boolean' || value === null) return 1;
  if (Array.isArray(value)) return 3 + value.reduce((n: number, e) => n + 1 + sizeOf(e), 0);
  if (typeof value === 'object') return 3 + Object.entries(value).reduce((n, [k, e]) => n + 1 + Buffer.byteLength(k, 'utf8') + sizeOf(e), 0);
  return 0;
}
/** DynamoDB refuses an item over 400 KB (dynalite too): so does the memory, with the same error name. */
const MAX_ITEM_BYTES = 400 * 1024;
function fits<T extends object>(item: T): T {
  const plain = stored(item) as Record<string, unknown>;
  const size = Object.entries(plain).reduce((n, [k, v]) => n + Buffer.byteLength(k, 'utf8') + sizeOf(v), 0);
  if (size > MAX_ITEM_BYTES) throw Object.assign(new Error('Item size has exceeded the maximum allowed size'), { name: 'ValidationException' });
  return item;
}

/** A stored item -> its record (a copy), when there is one. */
const recordOf = <I, R>(item: I | undefined, toRecord: (item: I) => R): R | undefined => (item ? stored(toRecord(item)) : undefined);

/** One map key for an item key. */
const idOf = (key: { pk: string; sk: string }) => `${key.pk}\u0000${key.sk}`;
/** A request id, checked as the table's key builder checks it (an empty one throws). */
const checkedId = (requestId: string) => requestKey(requestId) && requestId;

const indexKeys = (name: IndexName) => tableDefinition.globalSecondaryIndexes.find((i) => i.indexName === name)!;

/** A memory list cursor: the index, its partition and the position (sort key, then id) of the last item given out. */
interface Position { i: string; p: string; s: string; id: string }

const encodePosition = (pos: Position) => Buffer.from(JSON.stringify(pos)).toString('base64url');

function decodePosition(cursor: string | undefined, index: string, partition: string): Position | undefined {
  if (cursor === undefined) return undefined;
  let pos: unknown;
  try {
    if (!/^[A-Za-z0-9_-]{1,2048}$/.test(cursor)) throw new Error('shape');
    pos = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursor();
  }
  if (!pos || typeof pos !== 'object' || Array.isArray(pos)) throw new InvalidCursor();
  const entries = Object.entries(pos as Record<string, unknown>);
  if (entries.length !== 4 || entries.some(([k, v]) => !['i', 'p', 's', 'id'].includes(k) || typeof v !== 'string' || !v)) throw new InvalidCursor();
  const p = pos as Position;
  if (p.i !== index || p.p !== partition) throw new InvalidCursor();
  return p;
}

interface Entry<T> { sort: string; id: string; value: T }

/**
 * A Query's `Limit` below 1 is refused as DynamoDB refuses it: an error named `ValidationException`
 * (the name the AWS SDK gives the service's answer), before anything is read.
 */
function refuseLimit(limit: number): void {
  if (limit >= 1) return;
  throw Object.assign(new Error(`1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1`), { name: 'ValidationException' });
}

/**
 * One page of an index partition, as a Query with Limit and ExclusiveStartKey reads it: entries in
 * sort-key order (ties by id), those after the cursor's position, at most `limit`; a full page gives
 * the cursor of its last entry (the next page may be empty, as on DynamoDB).
 */
function pageOf<T>(entries: Entry<T>[], q: { index: string; partition: string; limit: number; descending?: boolean; cursor?: string | undefined }): Page<T> {
  refuseLimit(q.limit);
  const after = decodePosition(q.cursor, q.index, q.partition);
  const order = (a: { sort: string; id: string }, b: { sort: string; id: string }) => (byteOrder(a.sort, b.sort) || byteOrder(a.id, b.id)) * (q.descending ? -1 : 1);
  const sorted = [...entries].sort(order).filter((e) => !after || order(e, { sort: after.s, id: after.id }) > 0);
  const items = sorted.slice(0, q.limit);
  const last = items.at(-1);
  return { items: items.map((e) => e.value), ...(last && items.length === q.limit ? { cursor: encodePosition({ i: q.index, p: q.partition, s: last.sort, id: last.id }) } : {}) };
}

export function memoryRepository(opts: MemoryRepositoryOptions = {}): MemoryRepository {
  const requests = new Map<string, { record: RequestRecord; version: number }>();
  const articles = new Map<string, ArticleItem>();
  const rateCards = new Map<string, Parameters<Repository['putRateCard']>[0]>();
  const statsCells = new Map<string, { fields: Record<string, number>; ops: Map<string, string> }>();
  const usageTotals = new Map<string, number>();
  const usageDays = new Map<string, UsageDayItem>();
  const usageReferrers = new Map<string, UsageReferrerItem>();
  const slots = new Map<string, number>();
  const compliance = new Map<string, ComplianceItem>();
  const salts = new Map<string, string>();
  const seen = new Set<string>();
  const pixelHits = new Map<string, number>();
  const partners = new Map<string, PartnerItem>();
  const partnerDaily = new Map<string, number>();
  const publisherKeys = new Map<string, PublisherKeyItem>();
  const invoiceCounters = new Map<string, number>();

  /** Record -> what a read gives back: through the item, as the DynamoDB adapter writes and reads it. */
  const normalize = (record: RequestRecord, version: number): RequestRecord => stored(toRequestRecord(fits(toRequestItem(record, version))));

  /** The conflict hook for a write: its attempt number counts the writes of one update. */
  const loses = (entity: Guarded, id: string, attempt: number) => opts.conflict?.({ entity, id, attempt }) ?? false;

  /** Every request in one partition of an index, with its sort key: the item the adapter would write, read for its index attributes. */
  function inIndex(index: IndexName, partition: string): Entry<RequestRecord>[] {
    const { partitionKey, sortKey } = indexKeys(index);
    const out: Entry<RequestRecord>[] = [];
    for (const { record, version } of requests.values()) {
      const item = toRequestItem(record, version) as unknown as Record<string, unknown>;
      if (item[partitionKey] === partition && typeof item[sortKey] === 'string') out.push({ sort: item[sortKey], id: record.requestId, value: stored(record) });
    }
    return out;
  }
  /** Index partition entries whose sort key is at or before `upTo` (a KeyCondition `sk <= :upTo`). */
  const upTo = (entries: Entry<RequestRecord>[], bound: string) => entries.filter((e) => byteOrder(e.sort, bound) <= 0);

  /** The request a license id names (its id is inside the license id), if it holds exactly that license. */
  const requestByLicense = (licenseId: string) => {
    if (!licenseKey(licenseId)) return undefined;
    const record = requests.get(requestIdOfLicense(licenseId)!)?.record;
    return record?.license?.licenseId === licenseId ? record : undefined;
  };
  const articleById = (articleId: string) => articles.get(articleKey(articleId).pk);

  /** The items listed in one byStatus partition (partners, publisher keys), in its order. */
  const listed = <T extends { pk: string; gsi1pk: string; gsi1sk: string }>(items: Map<string, T>, partition: string) =>
    [...items.values()].filter((i) => i.gsi1pk === partition).sort((a, b) => byteOrder(a.gsi1sk, b.gsi1sk) || byteOrder(a.pk, b.pk));
  /** A partner or publisher key by its public id (the listing's sort key): the first listed. */
  const byPublicId = <T extends { pk: string; gsi1pk: string; gsi1sk: string }>(items: Map<string, T>, partition: string, id: string) =>
    (id ? listed(items, partition).find((i) => i.gsi1sk === id) : undefined);

  /** One view on a referrer's counter for the month; a referrer new this month takes one of the month's slots, if one is left. */
  function addReferrerView(licenseId: string, month: string, referrer: string, now: Date) {
    const keyOf = (name: string) => idOf(usageReferrerKey(licenseId, month, referrerHash(name)));
    let name = referrer;
    if (referrer !== OTHER_REFERRERS && !usageReferrers.has(keyOf(referrer))) {
      const slotKey = idOf(usageReferrerSlotsKey(licenseId, month));
      const taken = slots.get(slotKey) ?? 0;
      if (taken < REFERRERS_PER_MONTH) slots.set(slotKey, taken + 1);
      else name = OTHER_REFERRERS;
    }
    const key = usageReferrerKey(licenseId, month, referrerHash(name));
    const item = usageReferrers.get(idOf(key)) ?? { ...key, entity: 'usage-referrer' as const, licenseId, referrer: name, views: 0, lastSeen: '' };
    usageReferrers.set(idOf(key), { ...item, views: item.views + 1, lastSeen: now.toISOString() });
  }

  const repo: Repository = {
    getArticle: async (articleId) => {
      const item = articleById(articleId);
      return item ? stored(toArticleRecord(item)) : undefined;
    },

    async updateArticle(articleId, now, mutate) {
      let attempt = 0;
      const updated = await updateWithRetry<ArticleRecord | undefined, number>(
        `article ${articleId}`,
        async () => {
          const item = articleById(articleId);
          return { value: item ? stored(toArticleRecord(item)) : undefined, version: item?.revision ?? 0 };
        },
        async (next, expected) => {
          if (loses('article', articleId, attempt++)) return false;
          const item = stored(fits(toArticleItem(next!)));
          if ((articles.get(item.pk)?.revision ?? 0) !== expected) return false;
          articles.set(item.pk, item);
          return true;
        },
        articleRecordMutation(articleId, now, mutate),
      );
      return updated?.record ? { record: updated.record, changed: updated.changed } : undefined;
    },

    async putArticle(article, now, o = {}) {
      const updated = await repo.updateArticle(article.id, now, () => ({ article, ...(o.sourceRevision !== undefined ? { sourceRevision: o.sourceRevision } : {}) }));
      return updated!.record;
    },

    getEffectiveRateCard: async (publicationId) => stored(rateCards.get(rateCardKey(publicationId).pk) ?? rateCards.get(rateCardKey(DEFAULT_RATE_CARD_ID).pk)),
    async putRateCard(card) { rateCards.set(rateCardKey(card.publicationId).pk, stored(card)); },

    getRequest: async (requestId) => stored(requests.get(checkedId(requestId))?.record),
    getRequestByLicense: async (licenseId) => stored(requestByLicense(licenseId)),

    async createRequest(record) {
      const normalized = normalize(record, 1);
      if (requests.has(normalized.requestId)) return false;
      requests.set(normalized.requestId, { record: normalized, version: 1 });
      return true;
    },

    update: (requestId, mutate) => {
      let attempt = 0;
      return updateWithRetry(
      `request ${requestId}`,
      async () => {
        const found = requests.get(checkedId(requestId));
        return found ? { value: stored(found.record), version: found.version } : undefined;
      },
      async (next, version) => {
        if (loses('request', requestId, attempt++)) return false;
        const normalized = normalize({ ...next, requestId }, version + 1);
        if (requests.get(requestId)?.version !== version) return false;
        requests.set(requestId, { record: normalized, version: version + 1 });
        return true;
      },
      mutate,
      );
    },

    listRequestsByStatus: async (status, o = {}) =>
      pageOf(inIndex('byStatus', statusPartition(status)), { index: 'byStatus', partition: statusPartition(status), limit: o.limit ?? 50, descending: !o.oldestFirst, cursor: o.cursor }),

    listRecentDecisions: async (o = {}) =>
      pageOf(inIndex('recent', RECENT_PARTITION), { index: 'recent', partition: RECENT_PARTITION, limit: o.limit ?? 25, descending: true, cursor: o.cursor }),

    listStatsWork: async (kind, before, limit, cursor) => kind === 'behind'
      ? pageOf(inIndex('stats', STATS_BEHIND), { index: 'stats', partition: STATS_BEHIND, limit, cursor })
      : pageOf(upTo(inIndex('stats', STATS_CLAIMED), before.toISOString()), { index: 'stats', partition: STATS_CLAIMED, limit, cursor }),

    async addToStatsCell(cell, fields, opId) {
      const key = statsCellKey(cell).sk;
      const counter = statsCells.get(key) ?? { fields: {}, ops: new Map<string, string>() };
      statsCells.set(key, counter);
      if (counter.ops.has(opId)) return false;
      counter.ops.set(opId, new Date().toISOString());
      for (const [field, n] of Object.entries(fields)) counter.fields[field] = (counter.fields[field] ?? 0) + n;
      return true;
    },

    async forgetStatsOp(cell, opId) {
      statsCells.get(statsCellKey(cell).sk)?.ops.delete(opId);
    },

    async readStatsCells(fromCell) {
      const cells: Contribution = {};
      statsCellKey(fromCell); // DynamoDB refuses an empty key value in a key condition too
      for (const cell of [...statsCells.keys()].sort(byteOrder)) {
        if (byteOrder(cell, fromCell) < 0) continue;
        cells[cell] = Object.fromEntries(Object.entries(statsCells.get(cell)!.fields).filter(([, n]) => n !== 0));
      }
      return cells;
    },

    async getViewTotalsAndArticleSummaries(licenseIds, articleIds) {
      const views = new Map<string, number>(licenseIds.map((id) => [id, usageTotals.get(idOf(usageTotalKey(id))) ?? 0]));
      const articles = [...new Set(articleIds)].flatMap((id) => {
        const a = articleById(id)?.article;
        return a ? [{ articleId: a.id, headline: a.headline, ...(a.canonicalUrl ? { canonicalUrl: a.canonicalUrl } : {}) }] : [];
      });
      return { views, articles };
    },

    listLicensesOfArticle: async (articleId) =>
      pageOf(inIndex('byArticle', licensesOfArticlePartition(articleId)), { index: 'byArticle', partition: licensesOfArticlePartition(articleId), limit: 100_000 }).items,

    // Pending mail due (OUTBOX) and claims whose lease ran out (SENDING), merged by due time as the DynamoDB repository merges them.
    listOutboxDue: async (now, limit, cursor) => {
      const due = (partition: string) => upTo(inIndex('outbox', partition), now.toISOString());
      return pageOf([...due(OUTBOX_DUE), ...due(OUTBOX_SENDING)], { index: 'outbox', partition: 'DUE', limit, cursor });
    },

    listOutboxParked: async (limit) => pageOf(inIndex('outbox', OUTBOX_PARKED), { index: 'outbox', partition: OUTBOX_PARKED, limit }).items,

    async ping() {},

    async getLicenseWithArticle(licenseId, articleId) {
      const record = requestByLicense(licenseId);
      if (!record) return {};
      if (articleId === undefined) {
        const article = articleById(record.articleId);
        return { item: stored(licenseViewOf(project(toRequestItem(record, 1), LICENSE_VIEW_ATTRIBUTES))), article: article ? stored(toPublishedArticle(article)) : undefined };
      }
      // One BatchGetItem with one projection for both items (the request item's `entity` comes along); another article than the one named is read whole.
      const item = stored(licenseViewOf(project(toRequestItem(record, 1), LICENSE_AND_ARTICLE_ATTRIBUTES)));
      const named = articleById(articleId);
      const article = record.articleId !== articleId ? articleById(record.articleId)
        : named ? (project(named, LICENSE_AND_ARTICLE_ATTRIBUTES) as ArticleItem) : undefined;
      return { item, article: article ? stored(toPublishedArticle(article)) : undefined };
    },

    async getLicenseState(licenseId) {
      const record = requestByLicense(licenseId);
      if (!record) return undefined;
      const read: LicenseStateRead = {
        ...(record.license ? { license: stored(project(record.license, ['licenseId', 'status', 'validFrom', 'validUntil', 'licenseeDomains'])) as LicenseStateRead['license'] } : {}),
        ...(record.request && 'licenseeDomains' in record.request ? { request: stored({ licenseeDomains: (record.request as { licenseeDomains?: unknown }).licenseeDomains }) } : {}),
      };
      return licenseStateOf(read, licenseId);
    },

    async addComplianceHit({ licenseId, date, signal, origin, now }) {
      const ttl = ttlAfterMonth(date.slice(0, 7));
      const add = (name: string) => {
        const key = complianceKey(date, licenseId, signal, name);
        const id = `${key.pk}|${key.sk}`;
        const item = compliance.get(id) ?? { ...key, entity: 'compliance-signal' as const, licenseId, date, signal, origin: name, hits: 0, lastSeen: '', ttl };
        compliance.set(id, { ...item, origin: name, lastSeen: now.toISOString(), ttl, hits: item.hits + 1 });
      };
      const known = complianceKey(date, licenseId, signal, origin);
      if (compliance.has(`${known.pk}|${known.sk}`)) return add(origin);
      // A new origin today takes one of the license's slots for the day, if one is left.
      const slotKey = idOf(complianceSlotsKey(licenseId, date));
      const taken = slots.get(slotKey) ?? 0;
      if (taken < ORIGINS_PER_LICENSE_DAY) slots.set(slotKey, taken + 1);
      add(taken < ORIGINS_PER_LICENSE_DAY ? origin : OTHER_ORIGINS);
    },

    async listComplianceSignals(fromDate, toDate) {
      const ranges = complianceRanges(fromDate, toDate);
      return [...compliance.values()]
        .filter((i) => ranges.some((r) => i.pk === r.pk && byteOrder(i.sk, r.from) >= 0 && byteOrder(i.sk, r.to) <= 0))
        .sort((a, b) => byteOrder(a.pk, b.pk) || byteOrder(a.sk, b.sk)).map((i) => stored(toComplianceCount(i)));
    },

    async getLicenseSummaries(licenseIds) {
      const found = new Map<string, LicenseSummary>();
      for (const id of new Set(licenseIds)) {
        const record = requestByLicense(id);
        const summary = record && licenseSummaryOf({
          pk: requestKey(record.requestId).pk, articleHeadline: record.articleHeadline,
          license: stored(project(record.license!, ['licenseId', 'status', 'validFrom', 'validUntil', 'licensee'])) as LicenseSummaryRead['license'],
        }, id);
        if (summary) found.set(id, summary);
      }
      return found;
    },

    async dailySalt(date, candidate) {
      const key = idOf(dailySaltKey(date));
      if (!salts.has(key)) salts.set(key, candidate);
      return salts.get(key)!;
    },

    async markReaderSeen(licenseId, date, readerHash) {
      const key = idOf(readerSeenKey(licenseId, date, readerHash));
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    },

    async addLicenseView(licenseId, date, referrer, now) {
      usageTotals.set(idOf(usageTotalKey(licenseId)), (usageTotals.get(idOf(usageTotalKey(licenseId))) ?? 0) + 1);
      const key = usageDayKey(licenseId, date);
      const day = usageDays.get(idOf(key)) ?? { ...key, entity: 'usage-day' as const, licenseId, date, views: 0 };
      usageDays.set(idOf(key), { ...day, views: day.views + 1 });
      addReferrerView(licenseId, date.slice(0, 7), referrer, now);
    },

    async countPixelHit(networkHash, hour) {
      const key = idOf(pixelRateKey(networkHash, hour));
      pixelHits.set(key, (pixelHits.get(key) ?? 0) + 1);
      return pixelHits.get(key)!;
    },

    async getLicenseUsage(licenseId) {
      const pk = usagePartition(licenseId);
      const items = [...usageDays.values(), ...usageReferrers.values()].filter((i) => i.pk === pk).sort((a, b) => byteOrder(a.sk, b.sk));
      return summarizeUsage(licenseId, usageCountsOf(stored(items)));
    },

    async createPartner(partner, keyHash) {
      const item = stored(fits(toPartnerItem(partner, keyHash, 1)));
      if (partners.has(item.pk)) return false;
      partners.set(item.pk, item);
      return true;
    },
    getPartnerByKeyHash: async (keyHash) => recordOf(partners.get(partnerKey(keyHash).pk), toPartner),
    getPartnerById: async (partnerId) => recordOf(byPublicId(partners, PARTNERS_PARTITION, partnerId), toPartner),
    listPartners: async () => listed(partners, PARTNERS_PARTITION).map((i) => stored(toPartner(i))),
    updatePartner: (partnerId, mutate) => {
      let attempt = 0;
      return updateWithRetry(
      `partner ${partnerId}`,
      async () => {
        const item = byPublicId(partners, PARTNERS_PARTITION, partnerId);
        return item ? { value: stored(toPartner(item)), version: { version: item.version, keyHash: item.keyHash } } : undefined;
      },
      async (next, v) => {
        if (loses('partner', partnerId, attempt++)) return false;
        const item = stored(fits(toPartnerItem({ ...next, partnerId }, v.keyHash, v.version + 1)));
        if (partners.get(item.pk)?.version !== v.version) return false;
        partners.set(item.pk, item);
        return true;
      },
      mutate,
      );
    },

    async countPartnerRequest(keyHash, date) {
      const key = idOf(partnerDailyKey(keyHash, date));
      partnerDaily.set(key, (partnerDaily.get(key) ?? 0) + 1);
      return partnerDaily.get(key)!;
    },
    partnerRequestsOn: async (keyHash, date) => partnerDaily.get(idOf(partnerDailyKey(keyHash, date))) ?? 0,

    async createPublisherKey(key, keyHash) {
      const item = stored(fits(toPublisherKeyItem(key, keyHash, 1)));
      if (publisherKeys.has(item.pk)) return false;
      publisherKeys.set(item.pk, item);
      return true;
    },
    getPublisherKeyByHash: async (keyHash) => recordOf(publisherKeys.get(publisherKeyKey(keyHash).pk), toPublisherKey),
    getPublisherKeyById: async (keyId) => recordOf(byPublicId(publisherKeys, PUBLISHER_KEYS_PARTITION, keyId), toPublisherKey),
    listPublisherKeys: async () => listed(publisherKeys, PUBLISHER_KEYS_PARTITION).map((i) => stored(toPublisherKey(i))),
    updatePublisherKey: (keyId, mutate) => {
      let attempt = 0;
      return updateWithRetry(
      `publisher key ${keyId}`,
      async () => {
        const item = byPublicId(publisherKeys, PUBLISHER_KEYS_PARTITION, keyId);
        return item ? { value: stored(toPublisherKey(item)), version: { version: item.version, keyHash: item.keyHash } } : undefined;
      },
      async (next, v) => {
        if (loses('publisher-key', keyId, attempt++)) return false;
        const item = stored(fits(toPublisherKeyItem({ ...next, keyId }, v.keyHash, v.version + 1)));
        if (publisherKeys.get(item.pk)?.version !== v.version) return false;
        publisherKeys.set(item.pk, item);
        return true;
      },
      mutate,
      );
    },

    async listArticlesOfSection(publicationId, section, limit, range = {}) {
      if (range.before !== undefined && !FEED_POSITION.test(range.before)) throw new InvalidCursor();
      refuseLimit(limit);
      const partition = sectionPartition(publicationId, section);
      // The same key condition as the Query: after the instant (every later position sorts above `<instant>#\uffff`),
      // before the position (BETWEEN, when both are given, includes its ends: the cursor's own item is dropped after the page is cut).
      const after = range.after !== undefined ? `${range.after}#\uffff` : undefined;
      const inRange = (sk: string) => (after === undefined || (range.before !== undefined ? byteOrder(sk, after) >= 0 : byteOrder(sk, after) > 0))
        && (range.before === undefined || (after !== undefined ? byteOrder(sk, range.before) <= 0 : byteOrder(sk, range.before) < 0));
      const page = [...articles.values()]
        .filter((a) => a.gsi1pk === partition && a.gsi1sk !== undefined && inRange(a.gsi1sk))
        .sort((a, b) => byteOrder(b.gsi1sk!, a.gsi1sk!) || byteOrder(b.pk, a.pk))
        .slice(0, limit);
      // Only what a feed serves of each article (the same projection as the Query's).
      return page.filter((a) => a.gsi1sk !== range.before).map((a): FeedArticle => ({
        ...stored(toPublishedArticle({ ...a, article: project(a.article, FEED_ARTICLE_FIELDS) as ArticleItem['article'] })),
        position: a.gsi1sk ?? '',
      }));
    },

    listDue: async (queue, before, limit, cursor) =>
      pageOf(upTo(inIndex('due', lifecycleQueues[queue]), before), { index: 'due', partition: lifecycleQueues[queue], limit, cursor }),

    async takeInvoiceSequence(publicationId) {
      const key = idOf(invoiceCounterKey(publicationId));
      const last = (invoiceCounters.get(key) ?? 0) + 1;
      invoiceCounters.set(key, last);
      return last;
    },

    async returnInvoiceSequence(publicationId, sequence) {
      const key = idOf(invoiceCounterKey(publicationId));
      if (invoiceCounters.get(key) !== sequence) return false;
      invoiceCounters.set(key, sequence - 1);
      return true;
    },

    async listInvoices(o = {}) {
      const page = pageOf(inIndex('payments', INVOICES_PARTITION), { index: 'payments', partition: INVOICES_PARTITION, limit: o.limit ?? 100, descending: Boolean(o.newestFirst), cursor: o.cursor });
      if (!o.invoicesOnly) return page;
      // The projection a payment row reads: the id, the invoice, the license's id.
      const rows = page.items.map((r) => ({
        ...project(r, INVOICE_ROW_ATTRIBUTES),
        ...(r.license ? { license: { licenseId: r.license.licenseId } } : {}),
      }) as RequestRecord);
      return { ...page, items: rows };
    },

    async getRequestByInvoice(invoiceNumber) {
      if (!invoiceNumber) return undefined;
      return stored([...requests.values()].find((r) => r.record.invoice?.number === invoiceNumber)?.record);
    },
  };

  const inspect: MemoryInspection = {
    requests: () => [...requests.values()].sort((a, b) => byteOrder(a.record.requestId, b.record.requestId)).map((r) => stored(r.record)),
    version: (requestId) => requests.get(requestId)?.version,
    statsCells() {
      const cells: Contribution = {};
      let ops = 0;
      for (const [cell, counter] of statsCells) {
        ops += counter.ops.size;
        const fields = Object.fromEntries(Object.entries(counter.fields).filter(([, n]) => n !== 0));
        if (Object.keys(fields).length) cells[cell] = fields;
      }
      return { cells, ops };
    },
  };
  return Object.assign(repo, { inspect });
}

/** The mail-cap counters (application/mail-caps.ts) in memory: the same conditional count, the same give-back. */
export function memoryMailCapCounters(): MailCapCounters & { count(subject: Parameters<MailCapCounters['take']>[0], value: string, date: string): number } {
  const counts = new Map<string, number>();
  const keyOf = (...a: Parameters<typeof mailCapKey>) => { const k = mailCapKey(...a); return `${k.pk}|${k.sk}`; };
  return {
    async take(subject, value, date, limit) {
      const key = keyOf(subject, value, date);
      const n = counts.get(key) ?? 0;
      if (n >= limit) return false;
      counts.set(key, n + 1);
      return true;
    },
    async giveBack(subject, value, date) {
      const key = keyOf(subject, value, date);
      const n = counts.get(key) ?? 0;
      // Back to nothing: the counter goes too, so a refused or failed request leaves no trace.
      if (n > 1) counts.set(key, n - 1);
      else counts.delete(key);
    },
    count: (subject, value, date) => counts.get(keyOf(subject, value, date)) ?? 0,
  };
}
