/**
 * The ports the use cases need, implemented by the adapters: the repository (DynamoDB in
 * adapters/repository.ts). Records in, records out:
 * keys, index attributes and versions are the adapter's business.
 */
import type { Article } from '../domain/article.js';
import type { RateCard } from '../domain/terms.js';
import type { RequestStatus } from '../domain/request-state.js';
import type { LicenseRecord, RequestRecord } from '../domain/request-record.js';
import type { LifecycleQueue } from '../domain/lifecycle.js';
import { nextArticleRecord, type ArticleRecord, type ArticleWrite, type PublishedArticle } from '../domain/article-record.js';
import type { LicenseUsage } from '../domain/usage.js';
import type { Partner } from '../domain/partner.js';
import type { PublisherKey } from '../domain/publisher-key.js';
import type { ComplianceCount, ComplianceSignal } from '../domain/compliance.js';
import type { Contribution } from '../domain/request-stats.js';
import { WriteConflict } from './errors.js';

/** Returns the changed record, or undefined for "nothing to change". May be called more than once (a retry after a conflict). */
export type Mutation<T> = (current: T) => T | undefined | Promise<T | undefined>;
/** What an update did: the record as stored after it, and whether it wrote. */
export interface Updated<T> { record: T; changed: boolean }

/**
 * The one retry policy of every read-mutate-write: up to `attempts` tries; before each retry a
 * pause drawn at random from [0, min(maxDelayMs, baseDelayMs × 2^retry)] ("full jitter"), so
 * writers that collided do not collide again in step.
 */
export const UPDATE_RETRY = { attempts: 8, baseDelayMs: 5, maxDelayMs: 200 } as const;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The optimistic-lock loop, written once for every adapter: `read` gives the current value and its
 * version, `write` stores a new value only if the version is unchanged (false when someone else
 * wrote first).
 */
export async function updateWithRetry<T, V>(
  what: string,
  read: () => Promise<{ value: T; version: V } | undefined>,
  write: (next: T, expected: V) => Promise<boolean>,
  mutate: Mutation<T>,
  policy: { attempts: number; baseDelayMs: number; maxDelayMs: number } = UPDATE_RETRY,
): Promise<Updated<T> | undefined> {
  for (let attempt = 0; attempt < policy.attempts; attempt++) {
    if (attempt > 0) await pause(Math.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt));
    const current = await read();
    if (!current) return undefined;
    const next = await mutate(current.value);
    if (next === undefined) return { record: current.value, changed: false };
    if (await write(next, current.version)) return { record: next, changed: true };
  }
  throw new WriteConflict(what);
}

export interface Page<T> { items: T[]; cursor?: string }

/** An article as a feed reads it, with its opaque place in its section (newest first): what a feed cursor carries. */
export type FeedArticle = PublishedArticle & { position: string };

/**
 * A change to an article: given the stored record (undefined: none yet), the article to store next
 * — and the CMS's revision, when it gave one — or undefined for "nothing to change". May be called
 * more than once (a retry after a conflict); may throw (nothing written).
 */
export type ArticleMutation = (current: ArticleRecord | undefined) => ArticleWrite | undefined | Promise<ArticleWrite | undefined>;

/** An ArticleMutation as the record mutation updateWithRetry runs (both repositories): the write becomes the next revision. */
export const articleRecordMutation = (articleId: string, now: Date, mutate: ArticleMutation): Mutation<ArticleRecord | undefined> => async (current) => {
  const write = await mutate(current);
  return write ? nextArticleRecord(current, { ...write, article: { ...write.article, id: articleId } }, now) : undefined;
};

/**
 * What serving a license (copy, embed, certificate, invoice) reads of its request: a projection
 * without the history, outbox, approvers and request body, so a warm copy moves about a quarter of
 * the bytes a whole item would (serving a copy is measured against a bare GetItem: README "Performance").
 */
/**
 * What a list row reads of a request (the staff view's lists): the only fields a `rows` listing must
 * hold. The DynamoDB listing indexes project exactly these (functions/config/table.ts, kept equal by
 * tests/integration/index-projections.test.ts).
 */
export const STAFF_ROW_FIELDS = ['requestId', 'articleId', 'articleHeadline', 'publicationId', 'createdAt', 'status', 'request', 'quote', 'offer', 'review', 'license', 'history', 'reviewers', 'remindedAt'] as const satisfies readonly (keyof RequestRecord)[];
export type StaffRow = Pick<RequestRecord, (typeof STAFF_ROW_FIELDS)[number]>;

export type LicenseView = Pick<RequestRecord, 'requestId' | 'articleId' | 'articleHeadline' | 'publicationId' | 'createdAt' | 'license' | 'invoice' | 'requesterTokens'>;

/** An article as the staff view lists it (headline, and whether it has a canonical URL). */
export interface ArticleSummary { articleId: string; headline: string; canonicalUrl?: string }

/** A license as the compliance panel shows it. */
export interface LicenseSummary extends Pick<LicenseRecord, 'licenseId' | 'status' | 'validFrom' | 'validUntil'> {
  organization: string;
  email: string;
  headline: string;
}

export interface Repository {
  /**
   * An article as last written — possibly up to a second behind a write that has just landed
   * (an eventually consistent read, half the price): what forms, quotes, intake and mail show.
   * Changing an article goes through updateArticle, which reads it consistently.
   */
  getArticle(articleId: string): Promise<ArticleRecord | undefined>;
  /**
   * THE way to change an article, like `update` for requests: reads it (or finds none), calls
   * `mutate`, and stores what it returns as the next revision (domain nextArticleRecord: revision
   * + 1, stamped `now`, the CMS revision kept when none is given) only if nobody stored a revision
   * in between — a create only if there is still none; on a conflict, reads again and calls `mutate`
   * again (UPDATE_RETRY), then gives up with WriteConflict. The stored article's id is `articleId`.
   * Undefined when there is no article and `mutate` wrote none.
   */
  updateArticle(articleId: string, now: Date, mutate: ArticleMutation): Promise<Updated<ArticleRecord> | undefined>;
  /**
   * An import: stores `article` as the next revision whatever is stored (`updateArticle` with a
   * mutation that always writes). `sourceRevision` is the CMS's own revision number (PUT
   * /articles/{id}), kept across imports that do not give one.
   */
  putArticle(article: Article, now: Date, opts?: { sourceRevision?: number }): Promise<ArticleRecord>;
  /** The publication's own card, or the desk's default when it has none. */
  /** The publication's rate card, or the default one; eventually consistent like getArticle (rate cards change rarely, and readers cache them 30 s anyway). */
  getEffectiveRateCard(publicationId: string): Promise<RateCard | undefined>;
  putRateCard(card: RateCard, now: Date): Promise<void>;
  getRequest(requestId: string): Promise<RequestRecord | undefined>;
  getRequestByLicense(licenseId: string): Promise<RequestRecord | undefined>;
  /** Conditional on the id being new: false when it already exists (an idempotent retry). */
  createRequest(record: RequestRecord): Promise<boolean>;
  /**
   * THE way to change a request: reads it, calls `mutate` with the current record, and writes what
   * it returns only if nobody wrote the request in between; on a conflict, reads again and calls
   * `mutate` again (UPDATE_RETRY: bounded attempts, jittered backoff), then gives up with
   * WriteConflict. `mutate` may throw (a domain error ends the update, nothing written) or return
   * undefined (nothing to change: nothing written). Undefined when there is no such request.
   */
  update(requestId: string, mutate: Mutation<RequestRecord>): Promise<Updated<RequestRecord> | undefined>;
  /**
   * One page of the requests in a status, newest first (or oldest first), and the cursor of the
   * next. A cursor this list did not give out throws InvalidCursor. `rows`: the caller reads only
   * what a list row shows (StaffRow) — a repository may then answer from its index alone, with
   * records that hold only those fields (the DynamoDB one does: one round trip instead of two).
   */
  listRequestsByStatus(status: RequestStatus, opts?: { limit?: number; cursor?: string; oldestFirst?: boolean; rows?: boolean }): Promise<Page<RequestRecord>>;
  /** One page of decided requests, latest change first (Query on the sparse `recent` index); `rows` as above. */
  listRecentDecisions(opts?: { limit?: number; cursor?: string; rows?: boolean }): Promise<Page<RequestRecord>>;
  /**
   * One page of requests whose counters are behind (`behind`, every one, oldest change first) or
   * whose aggregator's claim ran out before `before` (`claimed`): the sparse `stats` index.
   */
  listStatsWork(kind: 'behind' | 'claimed', before: Date, limit: number, cursor?: string): Promise<Page<RequestRecord>>;
  /** ADDs `fields` to a counter cell under operation `opId`: false (and nothing added) when that operation was applied already. */
  addToStatsCell(cell: string, fields: Record<string, number>, opId: string): Promise<boolean>;
  /** Forgets an applied operation's id on a counter cell (once the request records it). */
  forgetStatsOp(cell: string, opId: string): Promise<void>;
  /** Every counter cell from `fromCell` on (sort order), summed fields per cell. */
  readStatsCells(fromCell: string): Promise<Contribution>;
  /**
   * Total views of licenses (their running totals; a license never viewed is 0) and the headline and
   * canonical URL of articles (absent ones left out, each id once): ONE BatchGetItem while licenses
   * and articles together are at most 100 (the staff view's page: 25 licenses, at most 75 articles),
   * one more per further 100.
   */
  getViewTotalsAndArticleSummaries(licenseIds: readonly string[], articleIds: readonly string[]): Promise<{ views: Map<string, number>; articles: ArticleSummary[] }>;
  listLicensesOfArticle(articleId: string): Promise<RequestRecord[]>;
  /** Requests holding mail due for (re)delivery at `now`, oldest first; one page, `cursor` for the next. */
  listOutboxDue(now: Date, limit: number, cursor?: string): Promise<Page<RequestRecord>>;
  listOutboxParked(limit: number): Promise<RequestRecord[]>;
  ping(): Promise<void>;

  // Licensed copies, usage and syndication (issue 5).
  /**
   * A license's request item and its article. With the article id known (a license never changes
   * article, so callers may remember it), ONE BatchGetItem reads both; without, two GetItems in turn.
   * `item` is undefined unless it holds exactly this license.
   */
  getLicenseWithArticle(licenseId: string, articleId?: string): Promise<{ item?: LicenseView; article?: PublishedArticle }>;
  /** Only the license's id, status and validity (a projection: the pixel reads no outbox, no history). */
  getLicenseState(licenseId: string): Promise<(Pick<LicenseRecord, 'licenseId' | 'status' | 'validFrom' | 'validUntil'> & { licenseeDomains?: string[] }) | undefined>;
  /** ADD one to a compliance signal's counter (license, signal, page origin, UTC day); past the day's origin slots the origin counts as OTHER_ORIGINS. */
  addComplianceHit(input: { licenseId: string; date: string; signal: ComplianceSignal; origin: string; now: Date }): Promise<void>;
  /**
   * The compliance counters of the UTC days `fromDate`..`toDate` (yyyy-mm-dd, inclusive), oldest day
   * first: one Query per month the window spans (sort-key range), page by page, bounded.
   */
  listComplianceSignals(fromDate: string, toDate: string): Promise<ComplianceCount[]>;
  /**
   * What the compliance panel shows of up to 100 licenses per BatchGetItem (a projection: licensee
   * organization and email, headline, the license's state inputs), keyed by license id; a license
   * whose request item is gone, or holds another license, is left out.
   */
  getLicenseSummaries(licenseIds: readonly string[]): Promise<Map<string, LicenseSummary>>;
  /** The day's random salt for reader hashes: `candidate` becomes it unless another writer got there first. */
  dailySalt(date: string, candidate: string): Promise<string>;
  /** Conditional put of the (license, day, reader) dedupe item: true only the first time that day. */
  markReaderSeen(licenseId: string, date: string, readerHash: string): Promise<boolean>;
  /** Atomic ADD on the license's day counter and on its referrer counter for the month (or on OTHER_REFERRERS once the month's slots are taken). */
  addLicenseView(licenseId: string, date: string, referrer: string, now: Date): Promise<void>;
  /** ADDs one to a network's pixel hits in an hour (`YYYY-MM-DDTHH`, UTC; forgotten after two days); returns the new count. */
  countPixelHit(networkHash: string, hour: string): Promise<number>;
  getLicenseUsage(licenseId: string): Promise<LicenseUsage>;
  /**
   * Stores a new partner, found from then on by the SHA-256 of its API key (`keyHash`; the key is
   * never stored) or by its id. Conditional on the key being new: false when it exists.
   */
  createPartner(partner: Partner, keyHash: string): Promise<boolean>;
  getPartnerByKeyHash(keyHash: string): Promise<Partner | undefined>;
  getPartnerById(partnerId: string): Promise<Partner | undefined>;
  listPartners(): Promise<Partner[]>;
  /** The same read-mutate-write as `update`, on one partner. */
  updatePartner(partnerId: string, mutate: Mutation<Partner>): Promise<Updated<Partner> | undefined>;
  /** ADDs one to the partner's counter for the UTC day; returns the new count. */
  countPartnerRequest(keyHash: string, date: string): Promise<number>;
  /** The partner's count for the UTC day, read without counting (a HEAD probe). */
  partnerRequestsOn(keyHash: string, date: string): Promise<number>;
  /** Stores a new publisher key's record, found from then on by `keyHash` (the key's SHA-256) or its id. Conditional on the hash being new. */
  createPublisherKey(key: PublisherKey, keyHash: string): Promise<boolean>;
  getPublisherKeyByHash(keyHash: string): Promise<PublisherKey | undefined>;
  getPublisherKeyById(keyId: string): Promise<PublisherKey | undefined>;
  listPublisherKeys(): Promise<PublisherKey[]>;
  /** The same read-mutate-write as `update`, on one publisher key. */
  updatePublisherKey(keyId: string, mutate: Mutation<PublisherKey>): Promise<Updated<PublisherKey> | undefined>;
  /**
   * Articles of one section of a publication, newest first (Query on byStatus, no Scan), with only
   * the attributes a feed serves. `range`: published after the instant `after` (ISO), and before the
   * feed position `before` (an article's `position`, as a feed cursor carries it; one that is not a
   * position throws InvalidCursor).
   */
  listArticlesOfSection(publicationId: string, section: string, limit: number, range?: { after?: string; before?: string }): Promise<FeedArticle[]>;

  // Lifecycle (issue 7).
  /**
   * Requests waiting in one lifecycle queue whose anchor is at or before `before`, oldest first:
   * one page, and a `cursor` for the next.
   */
  listDue(queue: LifecycleQueue, before: string, limit: number, cursor?: string): Promise<Page<RequestRecord>>;
  // Getting paid (issue 15).
  /** Takes the publication's next invoice number: one atomic ADD on its counter item. */
  takeInvoiceSequence(publicationId: string): Promise<number>;
  /**
   * Gives `sequence` back when nothing was written with it — only if it is still the last number
   * taken (a conditional write), so a later number is never reused. False when someone took one since.
   */
  returnInvoiceSequence(publicationId: string, sequence: number): Promise<boolean>;
  /** Request items holding an invoice, by invoice number (Query on the sparse `payments` index). */
  /** `invoicesOnly`: read only the request id, the invoice and the license id (what a payment row shows). */
  listInvoices(opts?: { limit?: number; cursor?: string; newestFirst?: boolean; invoicesOnly?: boolean }): Promise<Page<RequestRecord>>;
  getRequestByInvoice(invoiceNumber: string): Promise<RequestRecord | undefined>;
}


/** One email as the mailer sends it (adapters/mailer.ts implements the port with SES). */
export interface OutgoingMail {
  from: string;
  to: string[];
  replyTo?: string[];
  subject: string;
  text?: string;
  html?: string;
}

/** The mail port: the only way a use case sends mail. */
export interface Mailer { send(mail: OutgoingMail): Promise<{ messageId: string }> }
