/**
 * Domain errors: what went wrong in the product's own words, with no HTTP in them (no status, no
 * header). One module of the edge (functions/edge/problem.ts, `toProblem`) turns each into an
 * RFC 9457 problem document, so use cases never speak HTTP and handlers never choose a status.
 */
import type { $ZodError as ZodError } from 'zod/v4/core';
import type { RequestStatus } from '../domain/request-state.js';
import { displayStateOf, stateTable } from '../domain/status-display.js';
import { MAX_ENDPOINTS_PER_LICENSE } from '../domain/webhooks.js';

export class ArticleNotFound extends Error { override name = 'ArticleNotFound'; constructor(readonly articleId: string) { super(`Article ${articleId} was not found.`); } }
export class RequestNotFound extends Error { override name = 'RequestNotFound'; constructor() { super('This request was not found, or the link is not valid.'); } }
export class LicenseNotFound extends Error { override name = 'LicenseNotFound'; constructor(readonly what: 'license' | 'invoice' = 'license') { super(`This ${what} was not found, or the link is not valid.`); } }
export class TermsNotConfigured extends Error { override name = 'TermsNotConfigured'; constructor(readonly publicationId: string) { super(`No licensing terms are configured for ${publicationId}.`); } }
/** A body that failed its schema; `input` is what was sent, so the messages can tell missing from wrong. */
export class InvalidInput extends Error { override name = 'InvalidInput'; constructor(readonly zodError: ZodError, readonly input?: unknown, readonly prefix: (string | number)[] = []) { super('invalid input'); } }
export class IdempotencyKeyReused extends Error { override name = 'IdempotencyKeyReused'; constructor() { super('This Idempotency-Key was already used for a different request body.'); } }
export class InvalidToken extends Error { override name = 'InvalidToken'; constructor(readonly why: 'invalid' | 'expired') { super(why === 'expired' ? 'This link has expired.' : 'This link is not valid.'); } }
export class AlreadyDecided extends Error {
  override name = 'AlreadyDecided';
  constructor(readonly status: string, readonly decidedAt: string | undefined, readonly decidedBy: string | undefined) {
    super(`This request was already decided: ${stateTable[displayStateOf({ status: status as RequestStatus })]?.label ?? status}${decidedAt ? `, at ${decidedAt}` : ''}.`);
  }
}
export class NotAllowedInState extends Error {
  override name = 'NotAllowedInState';
  constructor(readonly status: string, action: string) {
    super(`This request is “${stateTable[displayStateOf({ status: status as RequestStatus })]?.label ?? status}”, so it cannot be ${action}.`);
  }
}
/** Fields that are well-formed but break a business rule; the messages are already written for people. */
export class FieldRulesBroken extends Error {
  override name = 'FieldRulesBroken';
  constructor(readonly errors: { path: string; message: string }[]) { super(errors.map((e) => e.message).join('; ')); }
}
/** A request may ask for an exception once: the rights staff's answer to it is final. */
export class ExceptionAlreadyAsked extends Error {
  override name = 'ExceptionAlreadyAsked';
  constructor(readonly status: string, readonly askedAt: string) {
    super(`An exception was already asked for this request (on ${askedAt.slice(0, 10)}), and a request can ask only once. You may submit a new request.`);
  }
}
export class OfferExpired extends Error { override name = 'OfferExpired'; constructor(readonly expiredAt: string) { super(`This counter-offer expired at ${expiredAt}; it can no longer be accepted. You may submit a new request.`); } }
/** The card payment provider (Stripe) did not answer: nothing was stored; the requester may try again. */
export class PaymentUnavailable extends Error { override name = 'PaymentUnavailable'; constructor() { super('Card payment is not available at the moment; nothing was stored. Please try again in a few minutes.'); } }
/**
 * THE conflict error: a read-mutate-write (repository `update`) kept finding that someone else had
 * written the same record first, past the one retry policy (application/ports.ts UPDATE_RETRY).
 * Nothing was written by this attempt; trying again later is safe.
 */
export class WriteConflict extends Error {
  override name = 'WriteConflict';
  constructor(readonly what: string) { super('This was being changed by someone else at the same moment; nothing was changed. Please try again.'); }
}
/** A public request over a daily mail cap (application/mail-caps.ts); nothing about it was stored. */
export class MailCapReached extends Error {
  override name = 'MailCapReached';
  constructor(readonly subject: 'recipient' | 'source-ip', readonly retryAfterSeconds: number) {
    super(subject === 'recipient'
      ? 'This email address has received as many messages from us as it may today; nothing was stored. Try again tomorrow.'
      : 'Too many requests came from your network today; nothing was stored. Try again tomorrow.');
  }
}

/** PUT /articles/{articleId}: a missing, unknown or revoked publisher key alike. */
export class PublisherUnauthorized extends Error {
  override name = 'PublisherUnauthorized';
  constructor() { super('A valid publisher API key is required: send it as "Authorization: Bearer <key>".'); }
}

export class WrongPublication extends Error {
  override name = 'WrongPublication';
  constructor(readonly keyPublication: string, readonly articlePublication: string) {
    super(`This key pushes articles of ${keyPublication}; this article belongs to ${articlePublication}.`);
  }
}

export class RevisionConflict extends Error {
  override name = 'RevisionConflict';
  constructor(readonly storedRevision: number, readonly pushedRevision: number, why: 'older' | 'same-revision-different-content') {
    super(why === 'older'
      ? `Revision ${pushedRevision} is older than the stored revision ${storedRevision}; nothing was changed.`
      : `Revision ${pushedRevision} is already stored with different content; send changed content with a higher revision.`);
  }
}

export class UnsafeEndpoint extends Error {
  override name = 'UnsafeEndpoint';
  constructor(readonly host: string, why: string) { super(`The endpoint ${host} ${why}; webhooks go only to public internet addresses.`); }
}

export class LicenseNotActive extends Error {
  override name = 'LicenseNotActive';
  constructor(readonly state: string) { super(`This license is ${state}; it takes no new webhook endpoints.`); }
}

export class TooManyEndpoints extends Error {
  override name = 'TooManyEndpoints';
  constructor() { super(`A license may have at most ${MAX_ENDPOINTS_PER_LICENSE} webhook endpoints; ask the rights staff to remove one.`); }
}

/** A value the use case cannot read at all (a choice outside its list, a header in the wrong form). */
export class MalformedInput extends Error {
  override name = 'MalformedInput';
  constructor(detail: string, readonly errors: { path: string; message: string }[]) { super(detail); }
}
/** A part the service needs did not answer (the table, while the stack starts). */
export class DependencyUnreachable extends Error {
  override name = 'DependencyUnreachable';
  constructor(readonly what: string, readonly cause_: string) { super(`The ${what} is not reachable: ${cause_}.`); }
}
/** Card payment is not configured on this desk. */
export class CardPaymentOff extends Error { override name = 'CardPaymentOff'; constructor() { super('Card payment is not configured on this desk.'); } }
/** An event from the payment provider whose signature is missing or does not match its body; nothing was done. */
export class UnverifiedEvent extends Error {
  override name = 'UnverifiedEvent';
  constructor(readonly why: 'missing' | 'mismatch', readonly header: string) {
    super(why === 'missing' ? `The ${header} header is missing.` : `The ${header} signature does not match this body.`);
  }
}
/** A licensed copy that may not be served today: its license ended, was revoked or suspended, or has not started. */
export class CopyUnavailable extends Error {
  override name = 'CopyUnavailable';
  constructor(readonly reason: 'expired' | 'revoked' | 'suspended' | 'not-started', readonly details: {
    licenseId: string; licenseNumber: string; headline: string; validFrom: string; validUntil: string; revokedReason?: string; articleId: string;
  }) { super(`This license is ${reason}.`); }
}
/** The printable license of a request that has none (pending, refused, withdrawn…). */
export class RequestHasNoLicense extends Error { override name = 'RequestHasNoLicense'; constructor() { super('This request has no license.'); } }
/** A page cursor that is not one this service gave out (or not for this list). */
export class InvalidCursor extends Error {
  override name = 'InvalidCursor';
  constructor(readonly parameter = 'cursor') { super('This page link is not valid (its cursor was changed or belongs to another list); start from the first page.'); }
}

/** GET /syndication/feed: a missing, unknown or revoked partner key alike. */
export class PartnerUnauthorized extends Error {
  override name = 'PartnerUnauthorized';
  constructor() { super('A valid API key is required in the x-api-key header.'); }
}

export class DailyLimitReached extends Error {
  override name = 'DailyLimitReached';
  constructor(readonly limit: number, readonly retryAfterSeconds: number) {
    super(`This API key has made its ${limit} feed requests for today (UTC); the count starts again at midnight UTC.`);
  }
}
