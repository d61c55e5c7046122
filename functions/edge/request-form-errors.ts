/**
 * POST /requests from the form: the status comes from the one mapping (edge/problem.ts); invalid
 * fields show the form again with every message beside its field, anything else the error page.
 */
import type { ErrorRenderer, HttpRequest } from './handler.js';
import { browserPage } from './browser-page.js';
import { html } from './responses.js';
import { fieldErrors } from './problem.js';
import type { Repository } from '../adapters/repository.js';
import { reprintFormPage } from '../views/pages/reprint-form.js';
import { utcDate } from '../domain/policy.js';
import { newToken } from '../domain/tokens.js';
import { InvalidInput } from '../application/errors.js';
import { loadArticleWithTerms } from '../application/submit-request.js';

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
