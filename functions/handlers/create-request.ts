/** POST /requests — JSON (answered in JSON) or the form's urlencoded body (answered in HTML). */
import * as z from 'zod';
import { httpDeps } from '../adapters/wiring.js';
import { stripeContextFor } from '../adapters/stripe.js';
import { httpHandler, type HttpRequest } from '../http/handler.js';
import { badRequest } from '../http/problem.js';
import { html, json } from '../http/responses.js';
import { errorPage, formToRequestBody, reprintFormPage, requestResultPage } from '../core/render/pages.js';
import { fieldErrors } from '../http/problem.js';
import { requestSubmissionSchema } from '../core/request-body.js';
import { InvalidInput } from '../use-cases/errors.js';
import { utcDate } from '../core/policy.js';
import { intakeAnswer, links, loadArticleWithTerms, parseSubmission, submitRequest } from '../use-cases/submit-request.js';

const { repo, baseUrl, env } = httpDeps(['TOKEN_TTL_DAYS', 'APPROVERS', 'INBOUND_DOMAIN', 'STRIPE_SECRET_ID'], { cacheArticlesAndTerms: true });
const stripe = stripeContextFor(env.STRIPE_SECRET_ID);
// Read the secret during the cold start, not on the first request (a failure is retried on use).
void stripe().catch(() => undefined);
const baseDeps = {
  repo, baseUrl,
  tokenTtlDays: Number(env.TOKEN_TTL_DAYS),
  fallbackApprovers: env.APPROVERS.split(',').map((s) => s.trim()).filter(Boolean),
  inboundDomain: env.INBOUND_DOMAIN || undefined,
};

const idempotencyKeySchema = z.string().min(1).max(200).regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

function idempotencyKey(req: HttpRequest): string | undefined {
  const raw = req.headers['idempotency-key'];
  if (raw === undefined) return undefined;
  const parsed = idempotencyKeySchema.safeParse(raw.replace(/^"|"$/g, ''));
  if (!parsed.success) throw badRequest('The Idempotency-Key header is not valid.', [{ path: 'Idempotency-Key', message: parsed.error.issues[0]!.message }]);
  return parsed.data;
}

export const handler = httpHandler(async (req) => {
  const now = new Date();
  // Card payment on when Stripe is configured (secrets read once per process, then cached).
  const card = await stripe();
  const deps = card ? { ...baseDeps, cardCheckout: card.checkout } : baseDeps;
  const key = idempotencyKey(req);
  const who = { actor: 'requester' as const, sourceIp: req.sourceIp, userAgent: req.userAgent };

  if (req.body.kind === 'form') {
    const body = formToRequestBody(req.body.fields);
    const parsed = requestSubmissionSchema.safeParse(body);
    if (!parsed.success) {
      // Re-show the form with every error tied to its field; nothing was stored.
      // Without a known article there is no form to show again: answer the errors as a page.
      const context = await loadArticleWithTerms(repo, req.body.fields.articleId ?? '').catch(() => undefined);
      if (!context) throw new InvalidInput(parsed.error);
      return html(422, reprintFormPage({ article: context.article, rateCard: context.rateCard, baseUrl, values: req.body.fields, errors: fieldErrors(parsed.error), today: utcDate(now) }));
    }
    const { acceptTerms: _accepted, ...request } = parsed.data;
    const s = await submitRequest(deps, request, { idempotencyKey: key, who, now });
    const link = links(baseUrl);
    return html(s.created ? 201 : 200, requestResultPage({
      item: s.item, article: s.article, statusUrl: link.status(s.item.requestId, s.requesterToken),
      ...(s.item.license && s.copyToken ? { copyUrl: link.copy(s.item.license.licenseId, s.copyToken) } : {}),
    }), { location: `${baseUrl}/requests/${s.item.requestId}` });
  }

  const request = parseSubmission(req.body.kind === 'json' ? req.body.value : undefined);
  const s = await submitRequest(deps, request, { idempotencyKey: key, who, now });
  return json(s.created ? 201 : 200, intakeAnswer(s, baseUrl), {
    location: `${baseUrl}/requests/${s.item.requestId}`,
    ...(s.created ? {} : { 'idempotent-replayed': 'true' }),
  });
}, { accepts: ['json', 'form'], htmlError: (p) => html(p.status, errorPage(p.toDocument())) });
