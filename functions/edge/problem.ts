/**
 * RFC 9457 problem details, and the ONE place where an error becomes an HTTP answer. Domain and
 * application errors carry no HTTP knowledge; `toProblem` gives each its status, its `type`, a
 * title, a `detail` in plain words and, for input errors, the failing fields (worded by
 * domain/field-messages.ts). The wrapper (edge/handler.ts) calls it in middy's `onError`, the local
 * gateway builds its own 404/405/413 here too, so every route — local or deployed — answers the
 * same documents. Anything `toProblem` does not know is unexpected: `unexpectedProblem` answers 500
 * (or 503 when AWS throttled us) without a word of the error's own message.
 */
import type { $ZodError as ZodError } from 'zod/v4/core';
import { describeIssues, describeProblem, type FieldError } from '../domain/field-messages.js';
// Types only: the mapping goes by each error's `name`, so no bundle carries the modules that throw
// them (a handler's bundle holds the use cases it calls, not every use case's error).
import type * as E from '../application/errors.js';
import type { CopyWithdrawn } from '../application/licensed-copy.js';


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
/** A license not yet or not now in force (403: it may serve again) versus one that never will again (410). */
export const unavailableStatus = (reason: E.CopyUnavailable['reason']): 403 | 410 => (reason === 'not-started' || reason === 'suspended' ? 403 : 410);

export function toProblem(e: unknown): HttpProblem | undefined {
  if (e instanceof HttpProblem) return e;
  if (!(e instanceof Error)) return undefined;
  const as = <T>() => e as unknown as T;
  switch (e.name) {
    // 400/422: the input.
    case 'InvalidInput': { const x = as<E.InvalidInput>(); return validationProblem(x.zodError, x.input, x.prefix); }
    case 'FieldRulesBroken': { const x = as<E.FieldRulesBroken>(); return new HttpProblem(422, 'Unprocessable Content', sentence(x.errors[0]!.message), { errors: x.errors }, {}, 'invalid-fields'); }
    // A webhook URL whose host is not a public address (registering turns it into FieldRulesBroken; this is the same answer).
    case 'UnsafeEndpoint': return new HttpProblem(422, 'Unprocessable Content', e.message, { errors: [{ path: 'url', message: e.message.replace(/\.$/, '') }] }, {}, 'invalid-fields');
    case 'MalformedInput': return new HttpProblem(400, 'Bad Request', e.message, { errors: as<E.MalformedInput>().errors }, {}, 'malformed-input');
    case 'IdempotencyKeyReused': return new HttpProblem(422, 'Unprocessable Content', e.message, { errors: [{ path: 'Idempotency-Key', message: e.message }] }, {}, 'idempotency-key-reused');
    case 'InvalidCursor': {
      const x = as<E.InvalidCursor>();
      return new HttpProblem(400, 'Bad Request', e.message, { errors: [{ path: x.parameter, message: 'is not a cursor this list gave out' }] }, {}, 'invalid-cursor');
    }
    case 'UnverifiedEvent': {
      const x = as<E.UnverifiedEvent>();
      return new HttpProblem(400, 'Bad Request', e.message, { errors: [{ path: x.header, message: x.why === 'missing' ? 'required' : 'does not verify' }] }, {}, 'unverified-event');
    }
    // 401/403: who is asking.
    case 'PublisherUnauthorized': return new HttpProblem(401, 'Unauthorized', e.message, {}, { 'www-authenticate': 'Bearer realm="publisher API key"' });
    case 'PartnerUnauthorized': return new HttpProblem(401, 'Unauthorized', e.message, {}, { 'www-authenticate': 'ApiKey header="x-api-key"' });
    case 'WrongPublication': return new HttpProblem(403, 'Forbidden', e.message, {}, {}, 'wrong-publication');
    case 'NotAnApprover': return new HttpProblem(403, 'Forbidden', e.message, {}, {}, 'not-an-approver');
    // 404/410: what is asked for. An unknown id and a wrong token answer alike.
    case 'ArticleNotFound': case 'RequestNotFound': case 'LicenseNotFound': case 'InvoiceNotFound': case 'PartnerNotFound':
    case 'PublisherKeyNotFound': case 'CardPaymentOff': case 'RequestHasNoLicense':
      return new HttpProblem(404, 'Not Found', e.message);
    case 'InvalidToken':
      return as<E.InvalidToken>().why === 'expired' ? new HttpProblem(410, 'Gone', e.message, {}, {}, 'link-expired') : new HttpProblem(404, 'Not Found', e.message);
    case 'OfferExpired': return new HttpProblem(410, 'Gone', e.message, { offerExpiredAt: as<E.OfferExpired>().expiredAt }, {}, 'offer-expired');
    case 'CopyUnavailable': {
      const { reason, details: d } = as<E.CopyUnavailable>();
      const status = unavailableStatus(reason);
      return new HttpProblem(status, status === 403 ? 'Forbidden' : 'Gone', e.message,
        { reason, licenseId: d.licenseId, validFrom: d.validFrom, validUntil: d.validUntil }, {}, `license-${reason}`);
    }
    case 'CopyWithdrawn': return new HttpProblem(410, 'Gone', e.message, { reason: 'withdrawn', licenseId: as<CopyWithdrawn>().license.licenseId }, {}, 'article-withdrawn');
    // 409: the state of the thing.
    case 'AlreadyDecided': { const x = as<E.AlreadyDecided>(); return new HttpProblem(409, 'Conflict', e.message, { requestStatus: x.status, decidedAt: x.decidedAt, decidedBy: x.decidedBy }, {}, 'already-decided'); }
    case 'ExceptionAlreadyAsked': return new HttpProblem(409, 'Conflict', e.message, { requestStatus: as<E.ExceptionAlreadyAsked>().status }, {}, 'exception-already-asked');
    case 'NotAllowedInState': return new HttpProblem(409, 'Conflict', e.message, { requestStatus: as<E.NotAllowedInState>().status }, {}, 'not-allowed-in-state');
    case 'RevisionConflict': { const x = as<E.RevisionConflict>(); return new HttpProblem(409, 'Conflict', e.message, { storedRevision: x.storedRevision, pushedRevision: x.pushedRevision }, {}, 'revision-conflict'); }
    case 'LicenseAlreadyEnded': return new HttpProblem(409, 'Conflict', e.message, {}, {}, 'license-already-ended');
    case 'LicenseNotActive': return new HttpProblem(409, 'Conflict', e.message, {}, {}, 'license-not-active');
    case 'TooManyEndpoints': return new HttpProblem(409, 'Conflict', e.message, {}, {}, 'too-many-endpoints');
    // 429: limits.
    case 'MailCapReached': return new HttpProblem(429, 'Too Many Requests', e.message, {}, { 'retry-after': String(as<E.MailCapReached>().retryAfterSeconds) }, 'mail-cap-reached');
    case 'DailyLimitReached': { const x = as<E.DailyLimitReached>(); return new HttpProblem(429, 'Too Many Requests', e.message, { dailyLimit: x.limit }, { 'retry-after': String(x.retryAfterSeconds) }, 'daily-limit-reached'); }
    // 503: try again later.
    case 'TermsNotConfigured': return new HttpProblem(503, 'Service Unavailable', e.message, {}, {}, 'terms-not-configured');
    case 'PaymentUnavailable': return new HttpProblem(503, 'Service Unavailable', e.message, {}, { 'retry-after': '30' }, 'payment-unavailable');
    case 'DependencyUnreachable': return new HttpProblem(503, 'Service Unavailable', e.message, {}, { 'retry-after': '5' }, 'dependency-unreachable');
    case 'WriteConflict': return new HttpProblem(503, 'Service Unavailable', e.message, {}, { 'retry-after': '1' }, 'busy');
    default: return undefined;
  }
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
