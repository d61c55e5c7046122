/**
 * GET /articles/{articleId}/reprint: what the request form shows — the article, its rate card, whom
 * to ask — and, with `?from=<requestId>&token=…`, the answers of an earlier request of the same
 * article with the fields its refusal points at marked. Reading changes nothing.
 */
import { isRejectionCode, utcDate } from '../domain/policy.js';
import { newToken } from '../domain/tokens.js';
import { formValuesOf } from '../views/pages/form-fields.js';
import type { Repository } from './ports.js';
import { loadArticleWithTerms } from './submit-request.js';
import { loadForRequester } from './requester-actions.js';

export async function reprintFormInput(repo: Repository, input: { articleId: string; from?: string | undefined; token?: string | undefined; fallbackContacts: readonly string[] }, now: Date) {
  const { article, rateCard } = await loadArticleWithTerms(repo, input.articleId);
  const earlier = input.from ? await loadForRequester(repo, input.from, input.token, now) : undefined;
  const prefill = earlier && earlier.articleId === article.id ? earlier : undefined;
  return {
    article, rateCard, today: utcDate(now), idempotencyKey: newToken(),
    contacts: rateCard.approvers.length ? rateCard.approvers : input.fallbackContacts,
    ...(prefill ? {
      values: formValuesOf(prefill.request),
      errors: prefill.reasons.filter((r) => isRejectionCode(r.code) && r.path).map((r) => ({ path: r.path!, message: r.message })),
    } : {}),
  };
}
