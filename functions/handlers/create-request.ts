/** POST /requests — JSON (answered in JSON) or the form's urlencoded body (answered in HTML). */
import * as z from 'zod';
import { httpDeps } from '../adapters/wiring.js';
import { httpHandler, type HttpRequest } from '../http/handler.js';
import { badRequest } from '../http/problem.js';
import { html, json } from '../http/responses.js';
import { errorPage, formToRequestBody, reprintFormPage, requestResultPage } from '../core/render/pages.js';
import { fieldErrors } from '../http/problem.js';
import { reprintRequestSchema } from '../core/request-body.js';
import { InvalidInput } from '../use-cases/errors.js';
import { utcDate } from '../core/policy.js';
import { dynamoDocumentClient } from '../adapters/aws-clients.js';
import { dynamoMailCapCounters } from '../adapters/mail-cap-counters.js';
import { admitPublicMail, mailCapLimits } from '../use-cases/mail-caps.js';
import { MailCapReached } from '../use-cases/errors.js';
import { recordMetrics } from '../http/metrics.js';
import { METRIC } from '../config/metrics.js';
import type { RequestItem } from '../entities/request.js';
import { requestIdForIdempotencyKey } from '../core/tokens.js';
import { intakeAnswer, links, loadArticleWithTerms, parseRequestBody, submitRequest } from '../use-cases/submit-request.js';

const { repo, baseUrl, env } = httpDeps(['TOKEN_TTL_DAYS', 'APPROVERS', 'INBOUND_DOMAIN', 'MAIL_CAP_PER_RECIPIENT_DAY', 'MAIL_CAP_PER_SOURCE_IP_DAY'], { cacheArticlesAndTerms: true });
const mailCaps = { counters: dynamoMailCapCounters(dynamoDocumentClient(), env.TABLE_NAME), limits: mailCapLimits(env) };

/**
 * Over a daily mail cap: 429 before anything is stored (use-cases/mail-caps.ts), and counted — unless
 * this is a retry (same Idempotency-Key) of a request already stored, which gets its first answer
 * again and causes no new mail.
 */
const admit = (recipient: string, sourceIp: string, now: Date, idempotencyKey: string | undefined) =>
  admitPublicMail(mailCaps.counters, mailCaps.limits, { recipient, sourceIp }, now).catch(async (e: unknown) => {
    if (!(e instanceof MailCapReached)) throw e;
    if (idempotencyKey && await repo.getRequest(requestIdForIdempotencyKey(idempotencyKey, recipient))) return;
    recordMetrics([{ name: METRIC.mailCapRefusals, dimensions: { subject: e.subject } }]);
    throw e;
  });

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
const deps = {
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
  const key = idempotencyKey(req);
  const who = { actor: 'requester' as const, sourceIp: req.sourceIp, userAgent: req.userAgent };

  if (req.body.kind === 'form') {
    const body = formToRequestBody(req.body.fields);
    const parsed = reprintRequestSchema.safeParse(body);
    if (!parsed.success) {
      // Re-show the form with every error tied to its field; nothing was stored.
      // Without a known article there is no form to show again: answer the errors as a page.
      const context = await loadArticleWithTerms(repo, req.body.fields.articleId ?? '').catch(() => undefined);
      if (!context) throw new InvalidInput(parsed.error);
      return html(422, reprintFormPage({ article: context.article, rateCard: context.rateCard, baseUrl, values: req.body.fields, errors: fieldErrors(parsed.error), today: utcDate(now) }));
    }
    // An unknown article is 404 before the caps count anything: bad input writes nothing (cached read).
    await loadArticleWithTerms(repo, parsed.data.articleId);
    await admit(parsed.data.requester.email, req.sourceIp, now, key);
    const s = await submitRequest(deps, parsed.data, { idempotencyKey: key, who, now });
    intakeMetrics(s.created, s.item);
    const link = links(baseUrl);
    return html(s.created ? 201 : 200, requestResultPage({
      item: s.item, article: s.article, statusUrl: link.status(s.item.requestId, s.requesterToken),
      ...(s.item.license && s.copyToken ? { copyUrl: link.copy(s.item.license.licenseId, s.copyToken) } : {}),
    }), { location: `${baseUrl}/requests/${s.item.requestId}` });
  }

  const request = parseRequestBody(req.body.kind === 'json' ? req.body.value : undefined);
  await loadArticleWithTerms(repo, request.articleId);
  await admit(request.requester.email, req.sourceIp, now, key);
  const s = await submitRequest(deps, request, { idempotencyKey: key, who, now });
  intakeMetrics(s.created, s.item);
  return json(s.created ? 201 : 200, intakeAnswer(s, baseUrl), {
    location: `${baseUrl}/requests/${s.item.requestId}`,
    ...(s.created ? {} : { 'idempotent-replayed': 'true' }),
  });
}, { accepts: ['json', 'form'], htmlError: (p) => html(p.status, errorPage(p.toDocument()), p.headers) });
