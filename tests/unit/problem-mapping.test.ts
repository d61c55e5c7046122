/**
 * The one mapping from errors to RFC 9457 problem documents (functions/edge/problem.ts): every
 * domain and application error has its status, its type, a title and a detail in words, and the
 * failing fields where there are fields; every error class the use cases export is in this table,
 * so a new one cannot slip through as a 500.
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import * as errors from '../../functions/application/errors.js';
import * as syndication from '../../functions/application/syndication.js';
import * as payments from '../../functions/application/payments.js';
import * as licenses from '../../functions/application/licenses.js';
import * as pushArticle from '../../functions/application/push-article.js';
import * as replyDecision from '../../functions/application/reply-decision.js';
import * as licensedCopy from '../../functions/application/licensed-copy.js';
import { PROBLEM_BASE, gatewayProblems, toProblem, unexpectedProblem } from '../../functions/edge/problem.js';

const zodError = z.object({ use: z.object({ audience: z.number() }) }).safeParse({ use: { audience: 'many' } }).error!;
const details = { licenseId: 'L-1', licenseNumber: 'RD-1', headline: 'H', validFrom: '2026-01-01', validUntil: '2026-12-31', articleId: 'a' };
const item = { articleHeadline: 'H' } as never;
const license = { licenseId: 'L-1' } as never;
const article = { article: { id: 'a' } } as never;

/** [error, status, type (last segment), header that must be set, field paths] */
const table: [Error, number, string, string?, string[]?][] = [
  [new errors.ArticleNotFound('a'), 404, 'not-found'],
  [new errors.RequestNotFound(), 404, 'not-found'],
  [new errors.LicenseNotFound(), 404, 'not-found'],
  [new errors.LicenseNotFound('invoice'), 404, 'not-found'],
  [new errors.RequestHasNoLicense(), 404, 'not-found'],
  [new errors.CardPaymentOff(), 404, 'not-found'],
  [new payments.InvoiceNotFound('INV-1'), 404, 'not-found'],
  [new syndication.PartnerNotFound('p'), 404, 'not-found'],
  [new pushArticle.PublisherKeyNotFound('k'), 404, 'not-found'],
  [new errors.InvalidToken('invalid'), 404, 'not-found'],
  [new errors.InvalidToken('expired'), 410, 'link-expired'],
  [new errors.OfferExpired('2026-01-01T00:00:00Z'), 410, 'offer-expired'],
  [new errors.CopyUnavailable('expired', details), 410, 'license-expired'],
  [new errors.CopyUnavailable('revoked', details), 410, 'license-revoked'],
  [new errors.CopyUnavailable('not-started', details), 403, 'license-not-started'],
  [new errors.CopyUnavailable('suspended', details), 403, 'license-suspended'],
  [new licensedCopy.CopyWithdrawn(item, license, article), 410, 'article-withdrawn'],
  [new errors.InvalidInput(zodError, { use: { audience: 'many' } }), 422, 'invalid-fields', undefined, ['use.audience']],
  [new errors.FieldRulesBroken([{ path: 'fee', message: 'the fee is at least 50.00' }]), 422, 'invalid-fields', undefined, ['fee']],
  [new errors.UnsafeEndpoint('10.0.0.1', 'resolves to a private address'), 422, 'invalid-fields', undefined, ['url']],
  [new errors.MalformedInput('Choose Accept or Decline.', [{ path: 'answer', message: 'Choose Accept or Decline' }]), 400, 'malformed-input', undefined, ['answer']],
  [new errors.InvalidCursor('pending'), 400, 'invalid-cursor', undefined, ['pending']],
  [new errors.IdempotencyKeyReused(), 422, 'idempotency-key-reused', undefined, ['Idempotency-Key']],
  [new errors.UnverifiedEvent('missing', 'Stripe-Signature'), 400, 'unverified-event', undefined, ['Stripe-Signature']],
  [new errors.UnverifiedEvent('mismatch', 'Stripe-Signature'), 400, 'unverified-event', undefined, ['Stripe-Signature']],
  [new errors.PublisherUnauthorized(), 401, 'unauthorized', 'www-authenticate'],
  [new syndication.PartnerUnauthorized(), 401, 'unauthorized', 'www-authenticate'],
  [new errors.WrongPublication('p1', 'p2'), 403, 'wrong-publication'],
  [new replyDecision.NotAnApprover('x@example.org'), 403, 'not-an-approver'],
  [new errors.AlreadyDecided('licensed', '2026-01-01T00:00:00Z', 'rights@example.org'), 409, 'already-decided'],
  [new errors.ExceptionAlreadyAsked('pending', '2026-01-01T00:00:00Z'), 409, 'exception-already-asked'],
  [new errors.NotAllowedInState('licensed', 'withdrawn'), 409, 'not-allowed-in-state'],
  [new errors.RevisionConflict(3, 2, 'older'), 409, 'revision-conflict'],
  [new licenses.LicenseAlreadyEnded('L-1'), 409, 'license-already-ended'],
  [new errors.LicenseNotActive('revoked'), 409, 'license-not-active'],
  [new errors.TooManyEndpoints(), 409, 'too-many-endpoints'],
  [new errors.MailCapReached('recipient', 3600), 429, 'mail-cap-reached', 'retry-after'],
  [new syndication.DailyLimitReached(100, 60), 429, 'daily-limit-reached', 'retry-after'],
  [new errors.TermsNotConfigured('pub'), 503, 'terms-not-configured'],
  [new errors.PaymentUnavailable(), 503, 'payment-unavailable', 'retry-after'],
  [new errors.DependencyUnreachable('table', 'ResourceNotFoundException'), 503, 'dependency-unreachable', 'retry-after'],
  [new errors.WriteConflict('request r1'), 503, 'busy', 'retry-after'],
];

describe('toProblem', () => {
  it.each(table.map(([e, status, type, header, fields]) => ({ name: `${e.name}${'why' in e ? ` (${String(e.why)})` : 'reason' in e ? ` (${String(e.reason)})` : ''}`, e, status, type, header, fields })))(
    '$name → $status $type', ({ e, status, type, header, fields }) => {
      const p = toProblem(e)!;
      expect(p, e.name).toBeDefined();
      const doc = p.toDocument('/x');
      expect(doc.status).toBe(status);
      expect(doc.type).toBe(`${PROBLEM_BASE}${type}`);
      expect(doc.title.length).toBeGreaterThan(2);
      expect(doc.detail).toMatch(/^\S.*[.]$/s); // a sentence for a person…
      expect(doc.detail).not.toMatch(/Error|undefined|\[object|invalid_type|expected/); // …never a library's words
      if (header) expect(p.headers[header], header).toBeTruthy();
      if (fields) expect(doc.errors?.map((f) => f.path)).toEqual(fields);
      for (const f of doc.errors ?? []) expect(f.message).not.toMatch(/Invalid input|expected/);
    });

  it('knows every error class the use cases export (none falls through to a 500)', () => {
    const modules = { errors, syndication, payments, licenses, pushArticle, replyDecision, licensedCopy };
    const classes = Object.entries(modules).flatMap(([m, mod]) => Object.entries(mod)
      .filter(([, v]) => typeof v === 'function' && v.prototype instanceof Error).map(([name]) => `${m}.${name}`));
    const covered = new Set(table.map(([e]) => e.constructor.name));
    expect(classes.length).toBeGreaterThan(30);
    expect(classes.filter((c) => !covered.has(c.split('.')[1]!))).toEqual([]);
  });

  it('leaves anything else to the unexpected path, which says nothing of the error', () => {
    const e = new Error('ConditionalCheckFailed on pk=REQ#1 with token abc');
    expect(toProblem(e)).toBeUndefined();
    const doc = unexpectedProblem(e).toDocument();
    expect(doc).toMatchObject({ status: 500, type: `${PROBLEM_BASE}unexpected-error` });
    expect(JSON.stringify(doc)).not.toMatch(/Conditional|REQ#|abc/);
    expect(unexpectedProblem(Object.assign(new Error('slow down'), { name: 'ProvisionedThroughputExceededException' })).status).toBe(503);
  });

  it('the gateway\'s own answers are problem documents of the same kind', () => {
    expect(gatewayProblems.noRoute('/nope').toDocument('/nope')).toMatchObject({ status: 404, type: `${PROBLEM_BASE}no-route`, instance: '/nope' });
    const m = gatewayProblems.methodNotAllowed('DELETE', ['GET', 'HEAD']);
    expect(m.toDocument()).toMatchObject({ status: 405, detail: 'DELETE is not allowed here; use GET or HEAD.' });
    expect(m.headers.allow).toBe('GET, HEAD');
    expect(gatewayProblems.tooLarge(1024).status).toBe(413);
  });
});
