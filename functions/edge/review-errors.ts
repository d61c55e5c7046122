/**
 * The approver's pages: the status comes from the one mapping (edge/problem.ts); these choose the
 * page — a dead link says so, "already decided" shows who decided, a refused fee shows the form again.
 */
import type { ErrorRenderer, HttpRequest } from './handler.js';
import { browserPage, noStore } from './browser-page.js';
import { html } from './responses.js';
import { fieldErrors } from './problem.js';
import type { Repository } from '../adapters/repository.js';
import { errorPage } from '../views/pages/error.js';
import { alreadyDecidedPage, reviewLinkInvalidPage, reviewPage } from '../views/pages/review.js';
import { AlreadyDecided, FieldRulesBroken, InvalidInput, InvalidToken } from '../application/errors.js';
import { loadForApprover, parseDecisionForm } from '../application/review.js';

export { noStore };

const formFields = (req: HttpRequest) => (req.body.kind === 'form' ? req.body.fields : undefined);

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
