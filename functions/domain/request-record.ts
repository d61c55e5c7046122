/**
 * The request record: a request, the license it may become, its audit history and the messages its
 * transitions cause. What the domain, the views and the use cases read and write — no storage
 * attributes (keys, index attributes, versions live in functions/adapters/entities/request.ts).
 */
import type { ReprintRequest } from './request-body.js';
import type { Quote, Reason } from './policy.js';
import type { LicenseStatus, RequestStatus } from './request-state.js';
import type { InvoiceRecord } from './payment.js';
import type { Billing } from './terms.js';
import type { LicenseEvent } from './status-display.js';
import type { WebhookEndpoint, WebhookIntent } from './webhooks.js';
import type { RequestStatsState } from './request-stats.js';

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

/** Why a request needs no one any more, for the approvers who did not act on it. */
export type ClosedBy =
  | { kind: 'approved' | 'denied' | 'offered'; by: string; at: string }
  | { kind: 'withdrawn' | 'offer-accepted' | 'offer-declined'; at: string };

/**
 * What a message says beyond the record it lives in: the parameters its view needs. Links with
 * tokens are NOT here: the dispatcher mints those at delivery (only their hashes are stored).
 */
export interface MailParams {
  /** The request's status as the transition left it (the message is worded for that moment). */
  status?: RequestStatus;
  /** An approver's grant minted at delivery lives until then. */
  grantUntil?: string;
  /** The approver may decide by replying (inbound mail was on when the mail was queued): Reply-To is their own reply address. */
  byReply?: true;
  /** A revocation's reason. */
  reason?: string;
  /** Who settled the request, for the approvers who did not act. */
  closed?: ClosedBy;
  /** A kill notice or a correction. */
  change?: 'withdrawn' | 'corrected';
  /** A compliance reminder: the signals it names (no reader data: origin, day range, hits). */
  lines?: { signal: string; origin: string; firstDay: string; lastDay: string; hits: number }[];
}

/**
 * One message a transition causes, as an INTENT: its channel, kind, recipient and parameters — never
 * a rendered body, never a raw token. It is written into the record by the same conditional write
 * as the transition (the outbox); the dispatcher renders it at delivery, minting any token its links
 * need then and storing only the token's hash. Another channel (webhooks: `channel: 'webhook'`, an
 * endpoint id and an event) fits the same envelope: kind + parameters + delivery state.
 */
export interface OutboxMessage {
  id: string;
  /**
   * Unset or `email`: an email. `webhook`: an intent to POST `webhook` to one of the license's
   * endpoints — `to` holds the endpoint's origin (for listings), `subject` the event type; the
   * payload is built and signed at delivery, nothing secret is in the entry. The envelope (state,
   * attempts, backoff, parking, replay) is the same for any channel.
   */
  channel?: 'email' | 'webhook';
  webhook?: WebhookIntent;
  /** A webhook's last HTTP status (2xx: delivered). */
  httpStatus?: number;
  kind: MailKind;
  to: string[];
  params?: MailParams;
  /**
   * Legacy: messages queued before intents carried their rendered subject and bodies (and Reply-To),
   * dropped once sent. Such a message is delivered as it is; new messages never carry them.
   */
  subject?: string;
  replyTo?: string[];
  text?: string;
  html?: string;
  state: OutboxState;
  attempts: number;
  createdAt: string;
  nextAttemptAt: string;
  leaseUntil?: string;
  /** Hashes of the tokens minted for the delivery in flight: kept when it is sent, dropped when it fails. */
  minted?: string[];
  sentAt?: string;
  sesMessageId?: string;
  lastError?: string;
  /** Held beyond the approver's hourly allowance: delivered in one digest at nextAttemptAt (application/approver-digest.ts). */
  digest?: true;
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

export interface RequestRecord {
  requestId: string;
  articleId: string;
  articleHeadline: string;
  publicationId: string;
  createdAt: string;
  updatedAt: string;
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
  /** Keyed by the SHA-256 of each approver's own review token (minted when their review email is delivered). */
  approvers: Record<string, ApproverGrant>;
  /** Whom the request was sent to for a decision (their grants come with their emails). */
  reviewers?: string[];
  /** When the lifecycle reminded the approvers (at most once a request): the staff view's lists read it, not the outbox. */
  remindedAt?: string;
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
  /** What this request has contributed to the desk's counters (adapters/entities/stats.ts). */
  stats?: RequestStatsState;
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



/** Everyone asked to decide the request: the reviewers named at intake, and anyone holding a grant. */
export function reviewersOf(record: Pick<RequestRecord, 'reviewers' | 'approvers'>): string[] {
  return [...new Set([...(record.reviewers ?? []), ...Object.values(record.approvers ?? {}).map((g) => g.email)].map((e) => e.toLowerCase()))];
}
