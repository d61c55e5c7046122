/** GET /articles/{articleId}/reprint — the HTML request form, with a live quote when JavaScript is on. */
import { httpDeps } from '../adapters/wiring.js';
import { httpHandler } from '../http/handler.js';
import { html } from '../http/responses.js';
import { articleIdSchema } from '../core/article.js';
import { errorPage, reprintFormPage } from '../core/render/pages.js';
import { ArticleNotFound, TermsNotConfigured } from '../use-cases/errors.js';
import { utcDate } from '../core/policy.js';

const { repo, baseUrl } = httpDeps();

export const handler = httpHandler(async (req) => {
  const articleId = req.params.articleId ?? '';
  if (!articleIdSchema.safeParse(articleId).success) throw new ArticleNotFound(articleId);
  const item = await repo.getArticle(articleId);
  if (!item) throw new ArticleNotFound(articleId);
  const rateCard = await repo.getEffectiveRateCard(item.publicationId);
  if (!rateCard) throw new TermsNotConfigured(item.publicationId);
  return html(200, reprintFormPage({ article: item.article, rateCard, baseUrl, today: utcDate(new Date()) }));
}, { htmlError: (p) => html(p.status, errorPage(p.toDocument())) });
