/** POST /requests/{requestId}/offer — the requester accepts or declines a counter-offer (`answer=accept|decline`). */
import { httpDeps } from '../edge/wiring.js';
import { httpHandler } from '../edge/handler.js';
import { ok, seeOther } from '../edge/responses.js';
import { browserPage } from '../edge/browser-page.js';
import { bodyField, requesterActor } from '../edge/request-parts.js';
import { presentedToken } from '../edge/token.js';
import { answerOffer, offerAnswerOf, requesterView } from '../application/requester-actions.js';
import { links } from '../application/submit-request.js';

const { repo, baseUrl } = httpDeps(['TOKEN_TTL_DAYS']);

export const handler = httpHandler(async (req) => {
  const token = presentedToken(req);
  const answer = offerAnswerOf(bodyField(req, 'answer'));
  const { item, copyToken } = await answerOffer(repo, baseUrl, req.params.requestId ?? '', token, answer, requesterActor(req), new Date());
  // A form post is answered 303 to the status page: a reload shows the page, it never posts again.
  if (req.body.kind === 'form') return seeOther(links(baseUrl).status(item.requestId, token!));
  return ok({ ...requesterView(item), ...(item.license && copyToken ? { copyUrl: links(baseUrl).copy(item.license.licenseId, copyToken) } : {}) });
}, { accepts: ['json', 'form'], renderError: browserPage() });
