/** GET /requests/{requestId} — the requester's view (token as ?token= or Authorization: Bearer); HTML for browsers. */
import { httpDeps } from '../adapters/wiring.js';
import { httpHandler } from '../http/handler.js';
import { html, json } from '../http/responses.js';
import { presentedToken } from '../http/token.js';
import { errorPage, requestStatusPage } from '../core/render/pages.js';
import { loadForRequester, requesterView } from '../use-cases/requester-actions.js';

const { repo, baseUrl } = httpDeps();

export const handler = httpHandler(async (req) => {
  const token = presentedToken(req);
  const item = await loadForRequester(repo, req.params.requestId ?? '', token, new Date());
  if (req.prefersHtml) {
    const article = await repo.getArticle(item.articleId);
    if (article) return html(200, requestStatusPage({ item, article: article.article, token: token!, baseUrl }));
  }
  return json(200, requesterView(item));
}, { htmlError: (p) => html(p.status, errorPage(p.toDocument())) });
