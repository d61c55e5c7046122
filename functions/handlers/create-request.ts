/**
 * POST /requests — JSON (answered in JSON: 201 + Location) or the form's urlencoded body (answered
 * with 303 See Other to the requester's status page, so a reload of the result never posts again).
 */
import * as z from 'zod';
import { intakeDeps } from '../edge/wiring.js';
import { stripeContextFor } from '../adapters/stripe.js';
import { httpHandler, type HttpRequest } from '../edge/handler.js';
import { badRequest, fieldErrors } from '../edge/problem.js';
import { html, json, seeOther } from '../edge/responses.js';
import { errorPage, formToRequestBody, reprintFormPage } from '../views/pages.js';
import { requestSubmissionSchema } from '../domain/request-body.js';
import { contentHash, newToken } from '../domain/tokens.js';
import { InvalidInput, type MailCapReached } from '../application/errors.js';
import { utcDate } from '../domain/policy.js';
import { recordMetrics } from '../edge/metrics.js';
import { METRIC } from '../config/metrics.js';
import type { RequestRecord } from '../domain/request-record.js';
import { intakeAnswer, links, loadArticleWithTerms, parseSubmission, submitWithinMailCaps } from '../application/submit-request.js';

const { repo, baseUrl, env, intake, mailCaps } = intakeDeps(['STRIPE_SECRET_ID'], { cacheArticlesAndTerms: true });

const countRefusal = (e: MailCapReached) => recordMetrics([{ name: METRIC.mailCapRefusals, dimensions: { subject: e.subject } }]);

/** The business figures of the dashboard: requests by decision, instant licenses and their fees. */
function intakeMetrics(created: boolean, item: RequestRecord) {
  if (!created) return;
  const fee = item.license?.fee;
  recordMetrics([
    { name: METRIC.requestsSubmitted, dimensions: { status: item.status } },
    ...(item.license ? [{ name: METRIC.licensesIssued }] : []),
    ...(fee ? [{ name: METRIC.licenseFeesMinor, value: fee.minorUnits, unit: 'None' as const, dimensions: { currency: fee.currency } }] : []),
  ]);
}

const stripe = stripeContextFor(env.STRIPE_SECRET_ID);
// Read the secret during the cold start, not on the first request (a failure is retried on use).
void stripe().catch(() => undefined);

const idempotencyKeySchema = z.string().min(1).max(200).regex(/^[\x21-\x7e]+$/);

function idempotencyKey(req: HttpRequest): string | undefined {
  const raw = req.headers['idempotency-key'];
  if (raw === undefined) return undefined;
  const parsed = idempotencyKeySchema.safeParse(raw.replace(/^"|"$/g, ''));
  if (!parsed.success) {
    throw badRequest('The Idempotency-Key header is not valid: use 1 to 200 printable characters without spaces.',
      [{ path: 'Idempotency-Key', message: 'Use 1 to 200 printable characters without spaces' }]);
  }
  return parsed.data;
}

/**
 * The form's key is per rendering of the form AND per answers: the same answers sent again (a
 * double click, Back and Send) replay the first request; changed answers are a new request.
 */
function formKey(raw: string | undefined, request: unknown): string | undefined {
  const parsed = idempotencyKeySchema.max(120).safeParse(raw);
  return parsed.success ? `form.${parsed.data}.${contentHash(request).slice(0, 32)}` : undefined;
}

export const handler = httpHandler(async (req) => {
  const now = new Date();
  const key = idempotencyKey(req);
  const who = { actor: 'requester' as const, sourceIp: req.sourceIp, userAgent: req.userAgent };
  // Card payment on when Stripe is configured (secrets read once per process, then cached).
  const card = await stripe();
  const deps = card ? { ...intake, cardCheckout: card.checkout } : intake;

  if (req.body.kind === 'form') {
    const { idempotencyKey: renderKey, ...fields } = req.body.fields;
    const body = formToRequestBody(fields);
    const parsed = requestSubmissionSchema.safeParse(body);
    if (!parsed.success) {
      // Re-show the form with every error tied to its field; nothing was stored.
      // Without a known article there is no form to show again: answer the errors as a page.
      const context = await loadArticleWithTerms(repo, fields.articleId ?? '').catch(() => undefined);
      if (!context) throw new InvalidInput(parsed.error, body);
      return html(422, reprintFormPage({
        article: context.article, rateCard: context.rateCard, baseUrl, values: fields, errors: fieldErrors(parsed.error, body),
        today: utcDate(now), idempotencyKey: renderKey || newToken(),
      }));
    }
    const { acceptTerms: _accepted, ...request } = parsed.data;
    const formIdempotencyKey = key ?? formKey(renderKey, request);
    const s = await submitWithinMailCaps(deps, mailCaps, request, { idempotencyKey: formIdempotencyKey, who, now, onRefused: countRefusal });
    intakeMetrics(s.created, s.item);
    return seeOther(links(baseUrl).status(s.item.requestId, s.requesterToken));
  }

  const request = parseSubmission(req.body.kind === 'json' ? req.body.value : undefined);
  const s = await submitWithinMailCaps(deps, mailCaps, request, { idempotencyKey: key, who, now, onRefused: countRefusal });
  intakeMetrics(s.created, s.item);
  return json(s.created ? 201 : 200, intakeAnswer(s, baseUrl), {
    location: `${baseUrl}/requests/${s.item.requestId}`,
    ...(s.created ? {} : { 'idempotent-replayed': 'true' }),
  });
}, { accepts: ['json', 'form'], htmlError: (p) => html(p.status, errorPage(p.toDocument()), p.headers) });
