/**
 * GET /articles/{articleId}/reprint — the HTML request form, with a live quote when JavaScript is on.
 * `?from=<requestId>&token=<requester token>` fills it in from an earlier request, with the fields
 * its refusal points at marked, so a refused requester changes only what must change. Read-only.
 */
import { httpDeps } from '../edge/wiring.js';
import { httpHandler } from '../edge/handler.js';
import { html } from '../edge/responses.js';
import { presentedToken } from '../edge/token.js';
import { errorPage } from '../views/pages/error.js';
import { formValuesOf } from '../views/pages/form-fields.js';
import { reprintFormPage } from '../views/pages/reprint-form.js';
import { isRejectionCode } from '../domain/policy.js';
import { newToken } from '../domain/tokens.js';
import { loadArticleWithTerms } from '../application/submit-request.js';
import { loadForRequester } from '../application/requester-actions.js';
import { utcDate } from '../domain/policy.js';

const { repo, baseUrl, env } = httpDeps(['APPROVERS']);
const fallbackContacts = env.APPROVERS.split(',').map((s) => s.trim()).filter(Boolean);

export const handler = httpHandler(async (req) => {
  const now = new Date();
  const { article, rateCard } = await loadArticleWithTerms(repo, req.params.articleId ?? '');
  const from = req.query.from;
  const earlier = from ? await loadForRequester(repo, from, presentedToken(req), now) : undefined;
  const prefill = earlier && earlier.articleId === article.id ? earlier : undefined;
  // The blank form may be kept for Back and Forward (no-cache, not no-store): Back then shows the very
  // rendering that was sent, with its idempotency key, so sending the same answers again replays the
  // first answer. A form filled in from a request holds personal data: never stored.
  const cache = { 'cache-control': prefill ? 'no-store' : 'no-cache' };
  return html(200, reprintFormPage({
    article, rateCard, baseUrl, today: utcDate(now), idempotencyKey: newToken(),
    contacts: rateCard.approvers.length ? rateCard.approvers : fallbackContacts,
    ...(prefill ? {
      values: formValuesOf(prefill.request),
      errors: prefill.reasons.filter((r) => isRejectionCode(r.code) && r.path).map((r) => ({ path: r.path!, message: r.message })),
    } : {}),
  }), cache);
}, { htmlError: (p) => html(p.status, errorPage(p.toDocument())) });
