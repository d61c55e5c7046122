/**
 * The request entity. A request, the license it may become, its audit history and the mail its
 * transitions cause all live in ONE item (`REQUEST#<id>`): every transition is a single conditional
 * write, which is atomic on DynamoDB, DynamoDB Local and dynalite alike — no transactions needed.
 * - the outbox is a map inside the item; the item sits in the sparse `outbox` index while any
 *   message is undelivered (outboxPk = OUTBOX) or parked after too many failures (PARKED);
 * - the license is issued by the same write that approves, so there is exactly one per request.
 */
import type { RequestStatus } from '../../domain/request-state.js';
import type { InvoiceRecord } from '../../domain/payment.js';
import { requestIdOfLicense, type LicenseRecord, type OutboxMessage, type RequestRecord } from '../../domain/request-record.js';
import { nextDue, type LifecycleQueue } from '../../domain/lifecycle.js';
import { keyPart, type Key } from './keys.js';
import { statsIndex } from './stats.js';

export const requestKey = (requestId: string): Key => ({ pk: `REQUEST#${keyPart(requestId, 'request id')}`, sk: 'REQUEST' });

export const statusPartition = (status: RequestStatus) => `REQUESTS#${status}`;
export const licensesOfArticlePartition = (articleId: string) => `LICENSES#${keyPart(articleId, 'article id')}`;
export const OUTBOX_DUE = 'OUTBOX';
/** Every waiting message is being sent (claimed, under a lease): due again only when the lease runs out. */
export const OUTBOX_SENDING = 'SENDING';
export const OUTBOX_PARKED = 'PARKED';
export const LIFECYCLE_DUE = 'LIFECYCLE';
/** The one partition of the sparse `payments` index: every invoice, sorted by number. */
export const INVOICES_PARTITION = 'INVOICES';
export const paymentsIndex = (invoice: InvoiceRecord | undefined): { payPk?: string; paySk?: string } =>
  invoice ? { payPk: INVOICES_PARTITION, paySk: keyPart(invoice.number, 'invoice number') } : {};

/**
 * The stored item: the record, its keys, its optimistic-lock version and its index attributes. One
 * difference of shape: the license's copy-token hashes are stored beside it (`copyTokens`), not in
 * it — minting a copy link then changes no attribute the listing indexes project (config/table.ts),
 * so it writes no index entry.
 */
export interface RequestItem extends RequestRecord, Key {
  copyTokens?: Record<string, string>;
  entity: 'request';
  /** Optimistic-lock counter: every write bumps it, every read-modify-write checks it (repository `update`). */
  version: number;
  gsi1pk: string;
  gsi1sk: string;
  gsi2pk?: string;
  gsi2sk?: string;
  outboxPk?: string;
  outboxDue?: string;
  duePk?: string;
  dueAt?: string;
  payPk?: string;
  paySk?: string;
  statsPk?: string;
  statsDue?: string;
  recentPk?: string;
  recentSk?: string;
}

export const licenseKey = (licenseId: string): Key | undefined => {
  const requestId = requestIdOfLicense(licenseId);
  return requestId ? requestKey(requestId) : undefined;
};

/** The partition of each lifecycle queue in the sparse `due` index (domain/lifecycle.ts names the queues). */
export const lifecycleQueues: Record<LifecycleQueue, string> = {
  remind: `${LIFECYCLE_DUE}#REMIND`,
  expire: `${LIFECYCLE_DUE}#EXPIRE`,
  offer: `${LIFECYCLE_DUE}#OFFER`,
  renew: `${LIFECYCLE_DUE}#RENEW`,
  end: `${LIFECYCLE_DUE}#END`,
  invoice: `${LIFECYCLE_DUE}#INVOICE`,
  checkout: `${LIFECYCLE_DUE}#CHECKOUT`,
};

/** The `due` index attributes for a record: `{ duePk, dueAt }`, or nothing (it leaves the sparse index). */
export function dueIndex(record: RequestRecord): { duePk?: string; dueAt?: string } {
  const due = nextDue(record);
  return due ? { duePk: lifecycleQueues[due.queue], dueAt: due.anchor } : {};
}

/**
 * Index attributes that follow from the item's state; recomputed on every write. An item with a
 * message pending is under OUTBOX (what the stream filter passes to the dispatcher); one whose
 * waiting messages are all being sent is under SENDING — the dispatcher's own claim must not wake
 * it again — due when the first lease runs out (the sweep reads both).
 */
export function outboxIndex(outbox: Record<string, OutboxMessage>): { outboxPk?: string; outboxDue?: string } {
  const messages = Object.values(outbox);
  const waiting = messages.filter((m) => m.state === 'pending' || m.state === 'sending');
  if (waiting.length) {
    const due = waiting.map((m) => (m.state === 'sending' && m.leaseUntil ? m.leaseUntil : m.nextAttemptAt)).sort()[0]!;
    return { outboxPk: waiting.some((m) => m.state === 'pending') ? OUTBOX_DUE : OUTBOX_SENDING, outboxDue: due };
  }
  if (messages.some((m) => m.state === 'parked')) return { outboxPk: OUTBOX_PARKED, outboxDue: messages.map((m) => m.createdAt).sort()[0]! };
  return {};
}

/** The one partition of the sparse `recent` index: decided requests by the time of their latest change. */
export const RECENT_PARTITION = 'DECIDED';
const decidedStatuses: readonly RequestStatus[] = ['licensed', 'denied', 'offered', 'declined', 'expired', 'withdrawn'];

/** When a request last changed state (or its license did): its place among recent decisions. */
export const lastChangeAt = (item: Pick<RequestRecord, 'history' | 'review' | 'updatedAt'>) => item.history.at(-1)?.at ?? item.review?.at ?? item.updatedAt;

/** The sparse `recent` index entry: requests someone (or the rate card) decided, newest change last in the key. */
export function recentIndex(item: RequestRecord): { recentPk?: string; recentSk?: string } {
  const decided = decidedStatuses.includes(item.status) && (Boolean(item.review) || item.history.length > 1 || item.status === 'licensed');
  return decided ? { recentPk: RECENT_PARTITION, recentSk: `${lastChangeAt(item)}#${item.requestId}` } : {};
}

/**
 * The item as stored: the index attributes only storage knows of (the counters' `stats` marker and
 * the `recent` index) derived from its state, on every write of a request item.
 */
export function storedRequest(item: RequestItem): RequestItem {
  const { statsPk: _a, statsDue: _b, recentPk: _c, recentSk: _d, ...rest } = item;
  return { ...rest, ...statsIndex(item), ...recentIndex(item) } as RequestItem;
}

/** Every index attribute, computed from the record's state: no write can leave a stale index entry. */
export function indexAttributes(record: RequestRecord) {
  // A suspended license is still the licensee's (paying restores it): it keeps getting kill notices.
  const licensed = record.license && (record.license.status === 'active' || record.license.status === 'suspended');
  return {
    gsi1pk: statusPartition(record.status),
    gsi1sk: `${record.createdAt}#${record.requestId}`,
    ...(licensed ? { gsi2pk: licensesOfArticlePartition(record.articleId), gsi2sk: `${record.license!.validUntil}#${record.requestId}` } : {}),
    ...outboxIndex(record.outbox),
    // Lifecycle work (reminder, expiry, renewal notice, license end): see domain/lifecycle.ts.
    ...dueIndex(record),
    ...paymentsIndex(record.invoice),
  };
}

/**
 * What a license usually repeats of its request, by field: the fee (the quote), the attribution and
 * conditions, the licensee (the requester). Stored once: a license field equal to its source is left
 * out of the stored license and restored from the source on every read (the item is ~0.9 KB smaller,
 * and every write of it is charged by the KB). A field that differs (a counter-offer's fee) is kept.
 */
type LicenseSources = Pick<RequestRecord, 'quote' | 'attribution' | 'conditions'> & { request?: Partial<Pick<RequestRecord['request'], 'requester'>> };
const licenseSources = (r: LicenseSources): Partial<Record<'fee' | 'attribution' | 'conditions' | 'licensee', unknown>> => {
  const q = r.request?.requester;
  return {
    fee: r.quote, attribution: r.attribution, conditions: r.conditions,
    licensee: q ? { name: q.name, organization: q.organization, email: q.email, organizationType: q.organizationType, country: q.country } : undefined,
  };
};
const sameValue = (a: unknown, b: unknown) => a !== undefined && JSON.stringify(a) === JSON.stringify(b);

/** Record -> item: keys, version and index attributes added. */
export function toRequestItem(record: RequestRecord, version: number): RequestItem {
  const clean = toRequestRecord(record as RequestItem);
  // Every index attribute from the whole record; then the license stored lean.
  const { license, ...item } = storedRequest({ ...requestKey(record.requestId), entity: 'request', ...clean, version, ...indexAttributes(clean) } as RequestItem);
  if (!license) return item as RequestItem;
  const { copyTokens, ...kept } = license;
  const sources = licenseSources(clean);
  const shared = Object.keys(sources).filter((k) => sameValue(sources[k as keyof typeof sources], kept[k as keyof typeof kept]));
  return { ...item, license: Object.fromEntries(Object.entries(kept).filter(([k]) => !shared.includes(k))), copyTokens } as unknown as RequestItem;
}

/**
 * A stored license as the record holds it: its copy tokens (stored beside it) and the fields it
 * shares with its request (left out when equal) put back. A read that projects `license` must also
 * read `copyTokens`, `quote`, `attribution`, `conditions` and `request`.
 */
export function withCopyTokens<T extends { license?: Partial<LicenseRecord>; copyTokens?: Record<string, string> } & Partial<LicenseSources>>(item: T): Omit<T, 'copyTokens'> {
  const { copyTokens, ...rest } = item;
  if (!rest.license) return rest;
  const sources = licenseSources(rest as LicenseSources);
  const restored = Object.fromEntries(Object.entries(sources).filter(([k, v]) => v !== undefined && (rest.license as Record<string, unknown>)[k] === undefined));
  return { ...rest, license: { ...restored, ...rest.license, copyTokens: rest.license.copyTokens ?? copyTokens ?? {} } };
}

/** Item -> record: every storage attribute dropped. */
export function toRequestRecord(item: RequestItem): RequestRecord {
  const {
    pk: _pk, sk: _sk, entity: _e, version: _v, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d,
    outboxPk: _f, outboxDue: _g, duePk: _h, dueAt: _i, payPk: _j, paySk: _k,
    statsPk: _l, statsDue: _m, recentPk: _n, recentSk: _o, ...record
  } = withCopyTokens(item) as RequestItem;
  return record;
}

/**
 * The request a table stream record is about, if its new image holds mail due for delivery (the
 * dispatcher's trigger; the event source mapping filters on the same attribute in AWS).
 */
export function requestWithDueMail(image: Record<string, { S?: string }> | undefined): string | undefined {
  if (image?.entity?.S !== 'request' || image.outboxPk?.S !== OUTBOX_DUE || !image.requestId?.S) return undefined;
  return image.requestId.S;
}
