/** POST /requests/{requestId}/offer — the requester accepts or declines a counter-offer (`answer=accept|decline`). */
import { httpDeps } from '../adapters/wiring.js';
import { httpHandler } from '../http/handler.js';
import { badRequest } from '../http/problem.js';
import { html, json } from '../http/responses.js';
import { presentedToken } from '../http/token.js';
import { errorPage, requestStatusPage } from '../core/render/pages.js';
import { answerOffer, requesterView } from '../use-cases/requester-actions.js';
import { links } from '../use-cases/submit-request.js';

const { repo, baseUrl } = httpDeps(['TOKEN_TTL_DAYS']);

export const handler = httpHandler(async (req) => {
  const token = presentedToken(req);
  const answer = req.body.kind === 'form' ? req.body.fields.answer : req.body.kind === 'json' ? (req.body.value as { answer?: unknown })?.answer : undefined;
  if (answer !== 'accept' && answer !== 'decline') throw badRequest('Say whether you accept or decline the offer.', [{ path: 'answer', message: 'accept or decline' }]);
  const { item, copyToken } = await answerOffer(repo, baseUrl, req.params.requestId ?? '', token, answer, { actor: 'requester', sourceIp: req.sourceIp, userAgent: req.userAgent }, new Date());
  if (req.prefersHtml) {
    const article = await repo.getArticle(item.articleId);
    if (article) return html(200, requestStatusPage({ item, article: article.article, token: token!, baseUrl }));
  }
  return json(200, { ...requesterView(item), ...(item.license && copyToken ? { copyUrl: links(baseUrl).copy(item.license.licenseId, copyToken) } : {}) });
}, { accepts: ['json', 'form'], htmlError: (p) => html(p.status, errorPage(p.toDocument())) });
