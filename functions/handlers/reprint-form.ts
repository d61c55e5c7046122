/** GET /articles/{articleId}/reprint — the HTML request form, with a live quote when JavaScript is on. */
import { httpDeps } from '../adapters/wiring.js';
import { httpHandler } from '../http/handler.js';
import { html } from '../http/responses.js';
import { errorPage, reprintFormPage } from '../core/render/pages.js';
import { loadArticleWithTerms } from '../use-cases/submit-request.js';
import { utcDate } from '../core/policy.js';

const { repo, baseUrl } = httpDeps();

export const handler = httpHandler(async (req) => {
  const { article, rateCard } = await loadArticleWithTerms(repo, req.params.articleId ?? '');
  return html(200, reprintFormPage({ article, rateCard, baseUrl, today: utcDate(new Date()) }));
}, { htmlError: (p) => html(p.status, errorPage(p.toDocument())) });
