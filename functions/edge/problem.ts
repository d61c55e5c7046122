/**
 * RFC 9457 problem details, and the ONE place where an error becomes an HTTP answer. Domain and
 * application errors carry no HTTP knowledge; `toProblem` gives each its status, its `type`, a
 * title, a `detail` in plain words and, for input errors, the failing fields (worded by
 * domain/field-messages.ts). The wrapper (edge/handler.ts) calls it in middy's `onError`, the local
 * gateway builds its own 404/405/413 here too, so every route — local or deployed — answers the
 * same documents. Anything `toProblem` does not know is unexpected: `unexpectedProblem` answers 500
 * (or 503 when AWS throttled us) without a word of the error's own message.
 */
import type { ZodError } from 'zod';
import { describeIssues, describeProblem, type FieldError } from '../domain/field-messages.js';
import {
  AlreadyDecided, ArticleNotFound, Busy, CardPaymentOff, CopyUnavailable, DependencyUnreachable, ExceptionAlreadyAsked,
  FieldRulesBroken, IdempotencyKeyReused, RequestHasNoLicense, InvalidInput, InvalidToken, LicenseNotFound, MailCapReached, MalformedInput,
  NotAllowedInState, OfferExpired, PaymentUnavailable, PublisherUnauthorized, RequestNotFound, RevisionConflict,
  TermsNotConfigured, UnverifiedEvent, WrongPublication,
} from '../application/errors.js';
import { DailyLimitReached, PartnerNotFound, PartnerUnauthorized } from '../application/syndication.js';
import { InvoiceNotFound } from '../application/payments.js';
import { LicenseAlreadyEnded } from '../application/licenses.js';
import { PublisherKeyNotFound } from '../application/push-article.js';
import { NotAnApprover } from '../application/reply-decision.js';
import { CopyWithdrawn } from '../application/licensed-copy.js';

export type { FieldError };

export const PROBLEM_BASE = 'https://reprintdesk.dev/problems/';

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const slugOf = (title: string) => title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

export class HttpProblem extends Error {
  override name = 'HttpProblem';
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly extensions: { errors?: FieldError[]; [k: string]: unknown } = {},
    readonly headers: Record<string, string> = {},
    /** The problem type's last path segment; by default the title's slug ("not-found"). */
    readonly kind: string = slugOf(title),
  ) {
    super(detail);
  }

  get type(): string { return `${PROBLEM_BASE}${this.kind}`; }

  toDocument(instance?: string): ProblemDocument {
    return { type: this.type, title: this.title, status: this.status, detail: this.detail, ...(instance ? { instance } : {}), ...this.extensions };
  }
}

export const badRequest = (detail: string, errors?: FieldError[]) => new HttpProblem(400, 'Bad Request', detail, errors ? { errors } : {});

/** The failing fields in words (domain/field-messages.ts): never the schema library's own text. */
export const fieldErrors = (error: ZodError, input?: unknown, prefix: (string | number)[] = []): FieldError[] =>
  describeIssues(error, input, prefix);

/** 422: the body parsed but does not satisfy the schema; every failing field is named, in words. */
export function validationProblem(error: ZodError, input?: unknown, prefix: (string | number)[] = []): HttpProblem {
  const errors = fieldErrors(error, input, prefix);
  return new HttpProblem(422, 'Unprocessable Content', describeProblem(errors), { errors }, {}, 'invalid-fields');
}

const sentence = (s: string) => `${s[0]!.toUpperCase()}${s.slice(1)}.`;

/**
 * Every error a person or a client may cause, as the problem it answers. `undefined`: not an error
 * of the request — the caller treats it as unexpected.
 */
export function toProblem(e: unknown): HttpProblem | undefined {
  if (e instanceof HttpProblem) return e;
  // 400/422: the input.
  if (e instanceof InvalidInput) return validationProblem(e.zodError, e.input, e.prefix);
  if (e instanceof FieldRulesBroken) return new HttpProblem(422, 'Unprocessable Content', sentence(e.errors[0]!.message), { errors: e.errors }, {}, 'invalid-fields');
  if (e instanceof MalformedInput) return new HttpProblem(400, 'Bad Request', e.message, { errors: e.errors }, {}, 'malformed-input');
  if (e instanceof IdempotencyKeyReused) return new HttpProblem(422, 'Unprocessable Content', e.message, { errors: [{ path: 'Idempotency-Key', message: e.message }] }, {}, 'idempotency-key-reused');
  if (e instanceof UnverifiedEvent) {
    return new HttpProblem(400, 'Bad Request', e.message, { errors: [{ path: e.header, message: e.why === 'missing' ? 'required' : 'does not verify' }] }, {}, 'unverified-event');
  }
  // 401/403: who is asking.
  if (e instanceof PublisherUnauthorized) return new HttpProblem(401, 'Unauthorized', e.message, {}, { 'www-authenticate': 'Bearer realm="publisher API key"' });
  if (e instanceof PartnerUnauthorized) return new HttpProblem(401, 'Unauthorized', e.message, {}, { 'www-authenticate': 'ApiKey header="x-api-key"' });
  if (e instanceof WrongPublication) return new HttpProblem(403, 'Forbidden', e.message, {}, {}, 'wrong-publication');
  if (e instanceof NotAnApprover) return new HttpProblem(403, 'Forbidden', e.message, {}, {}, 'not-an-approver');
  // 404/410: what is asked for. An unknown id and a wrong token answer alike.
  if (e instanceof ArticleNotFound || e instanceof RequestNotFound || e instanceof LicenseNotFound || e instanceof InvoiceNotFound
    || e instanceof PartnerNotFound || e instanceof PublisherKeyNotFound || e instanceof CardPaymentOff || e instanceof RequestHasNoLicense) {
    return new HttpProblem(404, 'Not Found', e.message);
  }
  if (e instanceof InvalidToken) {
    return e.why === 'expired' ? new HttpProblem(410, 'Gone', e.message, {}, {}, 'link-expired') : new HttpProblem(404, 'Not Found', e.message);
  }
  if (e instanceof OfferExpired) return new HttpProblem(410, 'Gone', e.message, { offerExpiredAt: e.expiredAt }, {}, 'offer-expired');
  if (e instanceof CopyUnavailable) {
    const d = e.details;
    const early = e.reason === 'not-started' || e.reason === 'suspended';
    return new HttpProblem(early ? 403 : 410, early ? 'Forbidden' : 'Gone', e.message,
      { reason: e.reason, licenseId: d.licenseId, validFrom: d.validFrom, validUntil: d.validUntil }, {}, `license-${e.reason}`);
  }
  if (e instanceof CopyWithdrawn) return new HttpProblem(410, 'Gone', e.message, { reason: 'withdrawn', licenseId: e.license.licenseId }, {}, 'article-withdrawn');
  // 409: the state of the thing.
  if (e instanceof AlreadyDecided) return new HttpProblem(409, 'Conflict', e.message, { requestStatus: e.status, decidedAt: e.decidedAt, decidedBy: e.decidedBy }, {}, 'already-decided');
  if (e instanceof ExceptionAlreadyAsked) return new HttpProblem(409, 'Conflict', e.message, { requestStatus: e.status }, {}, 'exception-already-asked');
  if (e instanceof NotAllowedInState) return new HttpProblem(409, 'Conflict', e.message, { requestStatus: e.status }, {}, 'not-allowed-in-state');
  if (e instanceof RevisionConflict) return new HttpProblem(409, 'Conflict', e.message, { storedRevision: e.storedRevision, pushedRevision: e.pushedRevision }, {}, 'revision-conflict');
  if (e instanceof LicenseAlreadyEnded) return new HttpProblem(409, 'Conflict', e.message, {}, {}, 'license-already-ended');
  // 429: limits.
  if (e instanceof MailCapReached) return new HttpProblem(429, 'Too Many Requests', e.message, {}, { 'retry-after': String(e.retryAfterSeconds) }, 'mail-cap-reached');
  if (e instanceof DailyLimitReached) return new HttpProblem(429, 'Too Many Requests', e.message, { dailyLimit: e.limit }, { 'retry-after': String(e.retryAfterSeconds) }, 'daily-limit-reached');
  // 503: try again later.
  if (e instanceof TermsNotConfigured) return new HttpProblem(503, 'Service Unavailable', e.message, {}, {}, 'terms-not-configured');
  if (e instanceof PaymentUnavailable) return new HttpProblem(503, 'Service Unavailable', e.message, {}, { 'retry-after': '30' }, 'payment-unavailable');
  if (e instanceof DependencyUnreachable) return new HttpProblem(503, 'Service Unavailable', e.message, {}, { 'retry-after': '5' }, 'dependency-unreachable');
  if (e instanceof Busy) return new HttpProblem(503, 'Service Unavailable', e.message, {}, { 'retry-after': '1' }, 'busy');
  return undefined;
}

const THROTTLES = ['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded', 'TimeoutError'];

/** AWS throttled or timed out: not a fault of the request, and worth trying again in a moment. */
export const isThrottle = (error: unknown): boolean => THROTTLES.includes((error as { name?: string })?.name ?? '');

/** The answer to an error nobody expected: its own message (an SDK's, a stack) never leaves the function. */
export function unexpectedProblem(error: unknown): HttpProblem {
  return isThrottle(error)
    ? new HttpProblem(503, 'Service Unavailable', 'The service is busy; try again in a moment.', {}, { 'retry-after': '2' }, 'busy')
    : new HttpProblem(500, 'Internal Server Error', 'Something went wrong on our side; nothing was changed by this request.', {}, {}, 'unexpected-error');
}

/** The gateway's own answers (local/gateway.ts), the same documents API Gateway's routes lead to. */
export const gatewayProblems = {
  noRoute: (path: string) => new HttpProblem(404, 'Not Found', `Nothing is served at ${path}.`, {}, {}, 'no-route'),
  methodNotAllowed: (method: string, allow: readonly string[]) =>
    new HttpProblem(405, 'Method Not Allowed', `${method} is not allowed here; use ${allow.join(' or ')}.`, {}, { allow: allow.join(', ') }, 'method-not-allowed'),
  tooLarge: (maxBytes: number) => new HttpProblem(413, 'Content Too Large', `The body is larger than ${maxBytes} bytes.`, {}, {}, 'content-too-large'),
  staffOnly: () => new HttpProblem(403, 'Forbidden', 'Staff pages answer this machine only.', {}, {}, 'staff-only'),
  crashed: () => new HttpProblem(500, 'Internal Server Error', 'Something went wrong on our side; nothing was changed by this request.', {}, {}, 'unexpected-error'),
};
