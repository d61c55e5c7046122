/** GET /articles/{articleId}/terms — the uses offered for one article and their price rules. */
import { httpDeps } from '../edge/wiring.js';
import { httpHandler } from '../edge/handler.js';
import { ok } from '../edge/responses.js';
import { termsForArticle } from '../domain/article-terms.js';
import { loadArticleWithTerms } from '../application/submit-request.js';

const { repo, baseUrl } = httpDeps();

export const handler = httpHandler(async (req) => {
  const { article, rateCard: card } = await loadArticleWithTerms(repo, req.params.articleId ?? '');
  return ok({ ...termsForArticle(article, card), requestFormUrl: `${baseUrl}/articles/${article.id}/reprint` }, { 'cache-control': 'public, max-age=60' });
});
