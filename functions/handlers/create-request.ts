/**
 * POST /requests — JSON (answered in JSON: 201 + Location) or the form's urlencoded body (answered
 * with 303 See Other to the requester's status page, so a reload of the result never posts again).
 */
import * as z from 'zod';
import { httpDeps } from '../adapters/wiring.js';
import { stripeContextFor } from '../adapters/stripe.js';
import { httpHandler, type HttpRequest } from '../http/handler.js';
import { badRequest, fieldErrors } from '../http/problem.js';
import { html, json, seeOther } from '../http/responses.js';
import { errorPage, formToRequestBody, reprintFormPage } from '../core/render/pages.js';
import { requestSubmissionSchema } from '../core/request-body.js';
import { contentHash, newToken, requestIdForIdempotencyKey } from '../core/tokens.js';
import { InvalidInput, MailCapReached } from '../use-cases/errors.js';
import { utcDate } from '../core/policy.js';
import { dynamoDocumentClient } from '../adapters/aws-clients.js';
import { dynamoMailCapCounters } from '../adapters/mail-cap-counters.js';
import { admitPublicMail, mailCapLimits, releasePublicMail } from '../use-cases/mail-caps.js';
import { recordMetrics } from '../http/metrics.js';
import { METRIC } from '../config/metrics.js';
import type { RequestItem } from '../entities/request.js';
import { intakeAnswer, links, loadArticleWithTerms, parseSubmission, submitRequest } from '../use-cases/submit-request.js';

const { repo, baseUrl, env } = httpDeps(
  ['TOKEN_TTL_DAYS', 'APPROVERS', 'INBOUND_DOMAIN', 'STRIPE_SECRET_ID', 'MAIL_CAP_PER_RECIPIENT_DAY', 'MAIL_CAP_PER_SOURCE_IP_DAY'],
  { cacheArticlesAndTerms: true },
);
const mailCaps = { counters: dynamoMailCapCounters(dynamoDocumentClient(), env.TABLE_NAME), limits: mailCapLimits(env) };

/**
 * Over a daily mail cap: 429 before anything is stored (use-cases/mail-caps.ts), and counted — unless
 * this is a retry (same Idempotency-Key) of a request already stored, which gets its first answer
 * again and causes no new mail. An unknown article is 404 before the caps count anything (bad input
 * writes nothing; the article read is cached and reused by the intake).
 */
async function admit(request: { articleId: string; requester: { email: string } }, sourceIp: string, now: Date, idempotencyKey: string | undefined) {
  await loadArticleWithTerms(repo, request.articleId);
  const who = { recipient: request.requester.email, sourceIp };
  try {
    await admitPublicMail(mailCaps.counters, mailCaps.limits, who, now);
  } catch (e) {
    if (!(e instanceof MailCapReached)) throw e;
    if (idempotencyKey && await repo.getRequest(requestIdForIdempotencyKey(idempotencyKey, who.recipient))) return { release: async () => undefined };
    recordMetrics([{ name: METRIC.mailCapRefusals, dimensions: { subject: e.subject } }]);
    throw e;
  }
  return { release: () => releasePublicMail(mailCaps.counters, who, now) };
}

/** The intake, giving the caps back if it fails after admission (nothing stored, nothing counted). */
async function submitAdmitted(admitted: { release: () => Promise<void> }, ...args: Parameters<typeof submitRequest>) {
  try {
    return await submitRequest(...args);
  } catch (e) {
    await admitted.release().catch(() => undefined);
    throw e;
  }
}

/** The business figures of the dashboard: requests by decision, instant licenses and their fees. */
function intakeMetrics(created: boolean, item: RequestItem) {
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
const baseDeps = {
  repo, baseUrl,
  tokenTtlDays: Number(env.TOKEN_TTL_DAYS),
  fallbackApprovers: env.APPROVERS.split(',').map((s) => s.trim()).filter(Boolean),
  inboundDomain: env.INBOUND_DOMAIN || undefined,
};

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
  const deps = card ? { ...baseDeps, cardCheckout: card.checkout } : baseDeps;

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
    const admitted = await admit(request, req.sourceIp, now, formIdempotencyKey);
    const s = await submitAdmitted(admitted, deps, request, { idempotencyKey: formIdempotencyKey, who, now });
    intakeMetrics(s.created, s.item);
    return seeOther(links(baseUrl).status(s.item.requestId, s.requesterToken));
  }

  const request = parseSubmission(req.body.kind === 'json' ? req.body.value : undefined);
  const admitted = await admit(request, req.sourceIp, now, key);
  const s = await submitAdmitted(admitted, deps, request, { idempotencyKey: key, who, now });
  intakeMetrics(s.created, s.item);
  return json(s.created ? 201 : 200, intakeAnswer(s, baseUrl), {
    location: `${baseUrl}/requests/${s.item.requestId}`,
    ...(s.created ? {} : { 'idempotent-replayed': 'true' }),
  });
}, { accepts: ['json', 'form'], htmlError: (p) => html(p.status, errorPage(p.toDocument()), p.headers) });
