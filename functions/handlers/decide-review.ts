/** POST /review/{requestId} — urlencoded `token`, `decision=approve|deny`, optional `note`, `fee`, `confirmFee`. */
import { httpDeps } from '../edge/wiring.js';
import { httpHandler } from '../edge/handler.js';
import { fieldErrors } from '../edge/problem.js';
import { html, json } from '../edge/responses.js';
import { errorPage } from '../views/pages/error.js';
import { alreadyDecidedPage, reviewDonePage, reviewLinkInvalidPage, reviewPage } from '../views/pages/review.js';
import { AlreadyDecided, FieldRulesBroken, InvalidInput, InvalidToken } from '../application/errors.js';
import { decide, loadForApprover, parseDecisionForm } from '../application/review.js';

const { repo, baseUrl, env } = httpDeps(['TOKEN_TTL_DAYS'], { cacheArticlesAndTerms: true });
const noStore = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };

export const handler = httpHandler(async (req) => {
  const fields = req.body.kind === 'form' ? req.body.fields : req.body.kind === 'json' ? req.body.value : undefined;
  const form = parseDecisionForm(fields);
  const requestId = req.params.requestId ?? '';
  try {
    const { item, outcome } = await decide({ repo, baseUrl, offerTtlDays: Number(env.TOKEN_TTL_DAYS) }, requestId, form,
      { sourceIp: req.sourceIp, userAgent: req.userAgent }, new Date());
    if (req.body.kind === 'json') return json(200, { requestId, outcome, status: item.status, licenseId: item.license?.licenseId });
    return html(200, reviewDonePage({ item, outcome }), noStore);
  } catch (e) {
    if (req.body.kind === 'form' && e instanceof AlreadyDecided) {
      const current = await repo.getRequest(requestId);
      if (current) return html(409, alreadyDecidedPage({ item: current }), noStore);
    }
    if (req.body.kind === 'form' && e instanceof InvalidToken) return html(e.why === 'expired' ? 410 : 404, reviewLinkInvalidPage({ reason: e.why }), noStore);
    // A refused fee: the same form again, the message beside the fee and what was typed kept.
    const feeRefusal = e instanceof FieldRulesBroken ? e.errors
      : e instanceof InvalidInput && e.zodError.issues.every((i) => i.path[0] === 'fee') ? fieldErrors(e.zodError, e.input, e.prefix) : undefined;
    if (req.body.kind === 'form' && feeRefusal) {
      const { item, article } = await loadForApprover(repo, requestId, form.token, new Date());
      const values = { note: form.note, fee: form.fee, confirmFee: form.confirmFee };
      return html(422, reviewPage({ item, article, token: form.token, baseUrl, values, errors: feeRefusal }), noStore);
    }
    throw e;
  }
}, { accepts: ['form', 'json'], htmlError: (p) => html(p.status, errorPage(p.toDocument()), noStore) });
