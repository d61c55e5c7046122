/** POST /requests/{requestId}/withdraw — the requester withdraws a pending request. */
import { httpDeps } from '../adapters/wiring.js';
import { httpHandler } from '../http/handler.js';
import { html, json } from '../http/responses.js';
import { presentedToken } from '../http/token.js';
import { errorPage, requestStatusPage } from '../core/render/pages.js';
import { requesterView, withdraw } from '../use-cases/requester-actions.js';

const { repo, baseUrl } = httpDeps();

export const handler = httpHandler(async (req) => {
  const token = presentedToken(req);
  const item = await withdraw(repo, baseUrl, req.params.requestId ?? '', token, { actor: 'requester', sourceIp: req.sourceIp, userAgent: req.userAgent }, new Date());
  if (req.prefersHtml) {
    const article = await repo.getArticle(item.articleId);
    if (article) return html(200, requestStatusPage({ item, article: article.article, token: token!, baseUrl }));
  }
  return json(200, requesterView(item));
}, { accepts: ['json', 'form'], htmlError: (p) => html(p.status, errorPage(p.toDocument())) });
