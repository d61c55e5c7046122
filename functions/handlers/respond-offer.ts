/** POST /requests/{requestId}/offer — the requester accepts or declines a counter-offer (`answer=accept|decline`). */
import { httpDeps } from '../edge/wiring.js';
import { httpHandler } from '../edge/handler.js';
import { badRequest } from '../edge/problem.js';
import { html, json, seeOther } from '../edge/responses.js';
import { presentedToken } from '../edge/token.js';
import { errorPage } from '../views/pages/error.js';
import { answerOffer, requesterView } from '../application/requester-actions.js';
import { links } from '../application/submit-request.js';

const { repo, baseUrl } = httpDeps(['TOKEN_TTL_DAYS']);

export const handler = httpHandler(async (req) => {
  const token = presentedToken(req);
  const answer = req.body.kind === 'form' ? req.body.fields.answer : req.body.kind === 'json' ? (req.body.value as { answer?: unknown })?.answer : undefined;
  if (answer !== 'accept' && answer !== 'decline') throw badRequest('Choose Accept or Decline.', [{ path: 'answer', message: 'Choose Accept or Decline' }]);
  const { item, copyToken } = await answerOffer(repo, baseUrl, req.params.requestId ?? '', token, answer, { actor: 'requester', sourceIp: req.sourceIp, userAgent: req.userAgent }, new Date());
  // A form post is answered 303 to the status page: a reload shows the page, it never posts again.
  if (req.body.kind === 'form') return seeOther(links(baseUrl).status(item.requestId, token!));
  return json(200, { ...requesterView(item), ...(item.license && copyToken ? { copyUrl: links(baseUrl).copy(item.license.licenseId, copyToken) } : {}) });
}, { accepts: ['json', 'form'], htmlError: (p) => html(p.status, errorPage(p.toDocument())) });
