/** POST /review/{requestId} — urlencoded `token`, `decision=approve|deny`, optional `note`, `fee`, `confirmFee`. */
import { httpDeps } from '../edge/wiring.js';
import { httpHandler } from '../edge/handler.js';
import { ok, page } from '../edge/responses.js';
import { noStore, reviewDecisionErrors } from '../edge/review-errors.js';
import { bodyValue } from '../edge/request-parts.js';
import { reviewDonePage } from '../views/pages/review.js';
import { decide, parseDecisionForm } from '../application/review.js';

const { repo, baseUrl, env } = httpDeps(['TOKEN_TTL_DAYS'], { cacheArticlesAndTerms: true });

export const handler = httpHandler(async (req) => {
  const form = parseDecisionForm(bodyValue(req));
  const requestId = req.params.requestId ?? '';
  const { item, outcome } = await decide({ repo, baseUrl, offerTtlDays: Number(env.TOKEN_TTL_DAYS) }, requestId, form,
    { sourceIp: req.sourceIp, userAgent: req.userAgent }, new Date());
  if (req.body.kind === 'json') return ok({ requestId, outcome, status: item.status, licenseId: item.license?.licenseId });
  return page(reviewDonePage({ item, outcome }), noStore);
}, { accepts: ['form', 'json'], renderError: reviewDecisionErrors({ repo, baseUrl }) });
