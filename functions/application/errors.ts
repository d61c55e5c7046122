/**
 * Domain errors: what went wrong in the product's own words. One mapper (toHttpProblem) turns them
 * into HTTP answers, so use cases never speak HTTP and handlers never invent status codes.
 */
import type { ZodError } from 'zod';
import { HttpProblem, validationProblem } from '../edge/problem.js';
import type { RequestStatus } from '../domain/request-state.js';
import { displayStateOf, stateTable } from '../domain/status-display.js';

export class ArticleNotFound extends Error { override name = 'ArticleNotFound'; constructor(readonly articleId: string) { super(`Article ${articleId} was not found.`); } }
export class RequestNotFound extends Error { override name = 'RequestNotFound'; constructor() { super('This request was not found, or the link is not valid.'); } }
export class LicenseNotFound extends Error { override name = 'LicenseNotFound'; constructor() { super('This license was not found, or the link is not valid.'); } }
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

export function toHttpProblem(e: unknown): HttpProblem | undefined {
  if (e instanceof HttpProblem) return e;
  if (e instanceof InvalidInput) return validationProblem(e.zodError, e.input, e.prefix);
  if (e instanceof ArticleNotFound || e instanceof RequestNotFound || e instanceof LicenseNotFound) return new HttpProblem(404, 'Not Found', e.message);
  if (e instanceof InvalidToken) return new HttpProblem(e.why === 'expired' ? 410 : 404, e.why === 'expired' ? 'Gone' : 'Not Found', e.message);
  if (e instanceof IdempotencyKeyReused) return new HttpProblem(422, 'Unprocessable Content', e.message, { errors: [{ path: 'Idempotency-Key', message: e.message }] });
  if (e instanceof AlreadyDecided) return new HttpProblem(409, 'Conflict', e.message, { requestStatus: e.status, decidedAt: e.decidedAt, decidedBy: e.decidedBy });
  if (e instanceof ExceptionAlreadyAsked) return new HttpProblem(409, 'Conflict', e.message, { requestStatus: e.status });
  if (e instanceof NotAllowedInState) return new HttpProblem(409, 'Conflict', e.message, { requestStatus: e.status });
  if (e instanceof FieldRulesBroken) return new HttpProblem(422, 'Unprocessable Content', `${e.errors[0]!.message[0]!.toUpperCase()}${e.errors[0]!.message.slice(1)}.`, { errors: e.errors });
  if (e instanceof OfferExpired) return new HttpProblem(410, 'Gone', e.message, { offerExpiredAt: e.expiredAt });
  if (e instanceof TermsNotConfigured) return new HttpProblem(503, 'Service Unavailable', e.message);
  if (e instanceof MailCapReached) return new HttpProblem(429, 'Too Many Requests', e.message, {}, { 'retry-after': String(e.retryAfterSeconds) });
  if (e instanceof PaymentUnavailable) return new HttpProblem(503, 'Service Unavailable', e.message, {}, { 'retry-after': '30' });
  if (e instanceof PublisherUnauthorized) return new HttpProblem(401, 'Unauthorized', e.message, {}, { 'www-authenticate': 'Bearer realm="publisher API key"' });
  if (e instanceof WrongPublication) return new HttpProblem(403, 'Forbidden', e.message);
  if (e instanceof RevisionConflict) return new HttpProblem(409, 'Conflict', e.message, { storedRevision: e.storedRevision, pushedRevision: e.pushedRevision });
  if (e instanceof WriteConflict) return new HttpProblem(503, 'Service Unavailable', e.message, {}, { 'retry-after': '1' });
  return undefined;
}
