/**
 * How routes show errors to people. The status always comes from the one mapping
 * (edge/problem.ts); these choose only the body: a page for a browser, the form again with the
 * messages beside its fields (a licensed copy's refusals: edge/copy-refusals.ts). Anything they
 * do not handle answers problem+json.
 */
import type { ErrorRenderer, HttpRequest } from './handler.js';
import { html } from './responses.js';
import { errorPage } from '../views/pages/error.js';
import { reprintFormPage } from '../views/pages/reprint-form.js';
import { alreadyDecidedPage, reviewLinkInvalidPage, reviewPage } from '../views/pages/review.js';
import { utcDate } from '../domain/policy.js';
import { newToken } from '../domain/tokens.js';
import { AlreadyDecided, FieldRulesBroken, InvalidInput, InvalidToken } from '../application/errors.js';
import { loadForApprover, parseDecisionForm } from '../application/review.js';
import { loadArticleWithTerms } from '../application/submit-request.js';
import type { Repository } from '../adapters/repository.js';
import { fieldErrors } from './problem.js';

export const noStore = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };

/**
 * A readable page for a browser (a form post, or Accept: text/html — or whatever `when` says);
 * problem+json for everyone else.
 */
export const browserPage = (headers: Record<string, string> = {}, when: (req: HttpRequest) => boolean = (req) => req.prefersHtml): ErrorRenderer =>
  (p, _e, req) => (when(req) ? html(p.status, errorPage(p.toDocument()), headers) : undefined);

const formFields = (req: HttpRequest) => (req.body.kind === 'form' ? req.body.fields : undefined);

/** POST /requests from the form: invalid fields show the form again, every message beside its field. */
export function requestFormErrors(deps: { repo: Repository; baseUrl: string }): ErrorRenderer {
  const page = browserPage();
  return async (p, e, req) => {
    const fields = formFields(req);
    if (!fields || !(e instanceof InvalidInput)) return page(p, e, req);
    // Without a known article there is no form to show again: the errors as a page.
    const context = await loadArticleWithTerms(deps.repo, fields.articleId ?? '').catch(() => undefined);
    if (!context) return page(p, e, req);
    const { idempotencyKey, ...values } = fields;
    return html(p.status, reprintFormPage({
      article: context.article, rateCard: context.rateCard, baseUrl: deps.baseUrl, values, errors: fieldErrors(e.zodError, e.input, e.prefix),
      today: utcDate(new Date()), idempotencyKey: idempotencyKey || newToken(),
    }));
  };
}

/** GET /review/{id}: a link that is not (or no longer) valid says so on its own page. */
export const reviewLinkErrors: ErrorRenderer = (p, e, req) =>
  (e instanceof InvalidToken ? html(p.status, reviewLinkInvalidPage({ reason: e.why }), noStore) : browserPage(noStore)(p, e, req));

/**
 * POST /review/{id} from the form: "already decided" shows who decided; a dead link says so; a
 * refused fee shows the form again with the message beside the fee and what was typed kept.
 */
export function reviewDecisionErrors(deps: { repo: Repository; baseUrl: string }): ErrorRenderer {
  return async (p, e, req) => {
    const fields = formFields(req);
    const requestId = req.params.requestId ?? '';
    if (!fields) return undefined;
    if (e instanceof AlreadyDecided) {
      const current = await deps.repo.getRequest(requestId);
      if (current) return html(p.status, alreadyDecidedPage({ item: current }), noStore);
    }
    if (e instanceof InvalidToken) return html(p.status, reviewLinkInvalidPage({ reason: e.why }), noStore);
    const feeRefusal = e instanceof FieldRulesBroken ? e.errors
      : e instanceof InvalidInput && e.zodError.issues.every((i) => i.path[0] === 'fee') ? fieldErrors(e.zodError, e.input, e.prefix) : undefined;
    if (feeRefusal) {
      const form = parseDecisionForm(fields);
      const { item, article } = await loadForApprover(deps.repo, requestId, form.token, new Date());
      const values = { note: form.note, fee: form.fee, confirmFee: form.confirmFee };
      return html(p.status, reviewPage({ item, article, token: form.token, baseUrl: deps.baseUrl, values, errors: feeRefusal }), noStore);
    }
    return html(p.status, errorPage(p.toDocument()), noStore);
  };
}
