/**
 * The request entity. A request, the license it may become, its audit history and the mail its
 * transitions cause all live in ONE item (`REQUEST#<id>`): every transition is a single conditional
 * write, which is atomic on DynamoDB, DynamoDB Local and dynalite alike — no transactions needed.
 * - the outbox is a map inside the item; the item sits in the sparse `outbox` index while any
 *   message is undelivered (outboxPk = OUTBOX) or parked after too many failures (PARKED);
 * - the license is issued by the same write that approves, so there is exactly one per request.
 */
import type { ReprintRequest } from '../../domain/request-body.js';
import type { Quote, Reason } from '../../domain/policy.js';
import type { LicenseStatus, RequestStatus } from '../../domain/request-state.js';
import type { InvoiceRecord } from '../../domain/payment.js';
import type { Billing } from '../../domain/terms.js';
import type { LicenseEvent } from '../../domain/status-display.js';
import type { WebhookEndpoint, WebhookIntent } from '../../domain/webhooks.js';
import { keyPart, type Key } from './keys.js';
import { statsIndex, type RequestStatsState } from './stats.js';

export const requestKey = (requestId: string): Key => ({ pk: `REQUEST#${keyPart(requestId, 'request id')}`, sk: 'REQUEST' });

export const statusPartition = (status: RequestStatus) => `REQUESTS#${status}`;
export const licensesOfArticlePartition = (articleId: string) => `LICENSES#${keyPart(articleId, 'article id')}`;
export const OUTBOX_DUE = 'OUTBOX';
export const OUTBOX_PARKED = 'PARKED';
export const LIFECYCLE_DUE = 'LIFECYCLE';
/** The one partition of the sparse `payments` index: every invoice, sorted by number. */
export const INVOICES_PARTITION = 'INVOICES';
export const paymentsIndex = (invoice: InvoiceRecord | undefined): { payPk?: string; paySk?: string } =>
  invoice ? { payPk: INVOICES_PARTITION, paySk: keyPart(invoice.number, 'invoice number') } : {};

export type MailKind =
  | 'approver-review' | 'approver-reminder' | 'approver-closed' | 'requester-ack' | 'requester-licensed' | 'requester-denied' | 'requester-rejected'
  | 'requester-offer' | 'requester-withdrawn' | 'requester-expired' | 'licensee-renewal' | 'licensee-revoked'
  | 'licensee-kill-notice' | 'licensee-correction'
  | 'invoice-overdue' | 'license-suspended' | 'license-restored' | 'requester-card-checkout'
  | 'licensee-compliance-notice'
  /** Not a mail: a signed webhook to one of the license's endpoints (channel `webhook`). */
  | 'webhook';

/** `cancelled`: a webhook whose endpoint was removed before it could be delivered. */
export type OutboxState = 'pending' | 'sending' | 'sent' | 'parked' | 'cancelled';

export interface OutboxMessage {
  id: string;
  kind: MailKind;
  to: string[];
  replyTo?: string[];
  subject: string;
  /** Bodies may carry a one-time link; they are dropped from the item as soon as the mail is sent. */
  text?: string;
  html?: string;
  state: OutboxState;
  attempts: number;
  createdAt: string;
  nextAttemptAt: string;
  leaseUntil?: string;
  sentAt?: string;
  sesMessageId?: string;
  lastError?: string;
  /** Held beyond the approver's hourly allowance: delivered in one digest at nextAttemptAt (application/approver-digest.ts). */
  digest?: true;
  /**
   * Unset: an email. `webhook`: an intent to POST `webhook` to one of the license's endpoints —
   * `to` holds the endpoint's origin (for listings), `subject` the event type; the payload is built
   * and signed at delivery (application/dispatch-outbox.ts), nothing secret is in the entry.
   */
  channel?: 'webhook';
  webhook?: WebhookIntent;
  /** A webhook's last HTTP status (2xx: delivered). */
  httpStatus?: number;
}

export type Actor = 'requester' | 'staff' | 'system';

export interface HistoryEntry {
  at: string;
  from: RequestStatus | null;
  to: RequestStatus;
  actor: Actor;
  /** Staff email: kept for the audit trail, never shown to the requester. */
  by?: string;
  sourceIp?: string;
  userAgent?: string;
  note?: string;
  /** Set when the license changed while the request's status did not (revoked, ended). */
  event?: LicenseEvent;
}

export interface ApproverGrant {
  email: string;
  expiresAt: string;
}

export interface ReviewDecision {
  decision: 'approve' | 'deny';
  by: string;
  at: string;
  note?: string;
  /** Set when the approver asked for a different fee: a counter-offer. */
  feeMinorUnits?: number;
}

export interface LicenseRecord {
  licenseId: string;
  number: string;
  status: LicenseStatus;
  issuedAt: string;
  validFrom: string;
  validUntil: string;
  fee: Quote;
  attribution: string;
  conditions: string[];
  licensee: { name: string; organization: string; email: string; organizationType: string; country: string };
  scope: {
    use: ReprintRequest['use']['type'];
    medium: string;
    audience: number;
    territories: string[];
    language: string;
    extent: 'full' | 'excerpt';
    excerptWords?: number;
    includePhotos: boolean;
  };
  /** The licensee's copy tokens: SHA-256 → expiry (ISO time). */
  copyTokens: Record<string, string>;
  revokedAt?: string;
  revokedReason?: string;
}

export interface RequestItem extends Key {
  entity: 'request';
  requestId: string;
  articleId: string;
  articleHeadline: string;
  publicationId: string;
  createdAt: string;
  updatedAt: string;
  /** Optimistic-lock counter: every write bumps it, every read-modify-write checks it. */
  version: number;
  status: RequestStatus;
  request: ReprintRequest;
  reasons: Reason[];
  quote: Quote;
  attribution: string;
  conditions: string[];
  validFrom: string;
  validUntil: string;
  /** The requester's status tokens: SHA-256 → expiry (ISO time). A retried submission adds one. */
  requesterTokens: Record<string, string>;
  /** Keyed by the SHA-256 of each approver's own review token. */
  approvers: Record<string, ApproverGrant>;
  /**
   * A submission with an Idempotency-Key: the body's hash, and the token hashes its replays minted,
   * oldest first — at most REPLAY_TOKENS_KEPT are kept, so a replay storm cannot grow the item.
   */
  idempotency?: { bodyHash: string; replayTokens?: string[]; replayCopyTokens?: string[] };
  /** When, from where and in which browser the requester accepted the license terms. */
  termsAcceptance?: { at: string; sourceIp?: string; userAgent?: string };
  review?: ReviewDecision;
  /** A counter-offer: the approver's fee, awaiting the requester's answer. */
  offer?: { quote: Quote; note?: string; by: string; at: string; expiresAt: string };
  license?: LicenseRecord;
  /** How the fee is collected, as the rate card said when the requester accepted the terms (snapshot). */
  paymentTerms?: { mode: 'none' | 'invoice' | 'card'; billing?: Billing };
  /** The invoice of an invoice-paid license (issued with it; number from the publication's counter). */
  invoice?: InvoiceRecord;
  /** A card-paid use: its Stripe Checkout Session and what Stripe reported. */
  card?: CardPayment;
  history: HistoryEntry[];
  outbox: Record<string, OutboxMessage>;
  /** The license's webhook endpoints (at most MAX_ENDPOINTS_PER_LICENSE), by endpoint id. */
  webhooks?: Record<string, WebhookEndpoint>;
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
  /** What this request has contributed to the desk's counters (entities/stats.ts). */
  stats?: RequestStatsState;
  statsPk?: string;
  statsDue?: string;
  recentPk?: string;
  recentSk?: string;
}

export interface CardPayment {
  provider: 'stripe';
  checkoutSessionId: string;
  /** Stripe's hosted payment page for this request. */
  checkoutUrl: string;
  expiresAt: string;
  /** The Stripe event that issued the license (replays of it change nothing). */
  paidEventId?: string;
  paidAt?: string;
  paymentIntentId?: string;
  refundedAt?: string;
}

/** License ids carry the request id they live in: `RD-<REQUEST ID>`; the number people read is the same. */
export const licenseIdFor = (requestId: string) => `RD-${requestId.toUpperCase()}`;

export function requestIdOfLicense(licenseId: string): string | undefined {
  const m = /^RD-([0-9A-HJKMNP-TV-Z]{16})$/.exec(licenseId);
  return m?.[1]?.toLowerCase();
}

export const licenseKey = (licenseId: string): Key | undefined => {
  const requestId = requestIdOfLicense(licenseId);
  return requestId ? requestKey(requestId) : undefined;
};

/** Index attributes that follow from the item's state; recomputed on every write. */
export function outboxIndex(outbox: Record<string, OutboxMessage>): { outboxPk?: string; outboxDue?: string } {
  const messages = Object.values(outbox);
  const waiting = messages.filter((m) => m.state === 'pending' || m.state === 'sending');
  if (waiting.length) {
    const due = waiting.map((m) => (m.state === 'sending' && m.leaseUntil ? m.leaseUntil : m.nextAttemptAt)).sort()[0]!;
    return { outboxPk: OUTBOX_DUE, outboxDue: due };
  }
  if (messages.some((m) => m.state === 'parked')) return { outboxPk: OUTBOX_PARKED, outboxDue: messages.map((m) => m.createdAt).sort()[0]! };
  return {};
}

/** The one partition of the sparse `recent` index: decided requests by the time of their latest change. */
export const RECENT_PARTITION = 'DECIDED';
const decidedStatuses: readonly RequestStatus[] = ['licensed', 'denied', 'offered', 'declined', 'expired', 'withdrawn'];

/** When a request last changed state (or its license did): its place among recent decisions. */
export const lastChangeAt = (item: Pick<RequestItem, 'history' | 'review' | 'updatedAt'>) => item.history.at(-1)?.at ?? item.review?.at ?? item.updatedAt;

/** The sparse `recent` index entry: requests someone (or the rate card) decided, newest change last in the key. */
export function recentIndex(item: RequestItem): { recentPk?: string; recentSk?: string } {
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
