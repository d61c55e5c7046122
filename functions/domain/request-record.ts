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

export type MailKind =
  | 'approver-review' | 'approver-reminder' | 'approver-closed' | 'requester-ack' | 'requester-licensed' | 'requester-denied' | 'requester-rejected'
  | 'requester-offer' | 'requester-withdrawn' | 'requester-expired' | 'licensee-renewal' | 'licensee-revoked'
  | 'licensee-kill-notice' | 'licensee-correction'
  | 'invoice-overdue' | 'license-suspended' | 'license-restored' | 'requester-card-checkout';

export type OutboxState = 'pending' | 'sending' | 'sent' | 'parked';

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


