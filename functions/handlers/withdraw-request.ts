/** POST /requests/{requestId}/withdraw — the requester withdraws a pending request. */
import { httpDeps } from '../edge/wiring.js';
import { httpHandler } from '../edge/handler.js';
import { ok, seeOther } from '../edge/responses.js';
import { browserPage } from '../edge/browser-page.js';
import { requesterActor } from '../edge/request-parts.js';
import { presentedToken } from '../edge/token.js';
import { requesterView, withdraw } from '../application/requester-actions.js';
import { links } from '../application/submit-request.js';

const { repo, baseUrl } = httpDeps();

export const handler = httpHandler(async (req) => {
  const token = presentedToken(req);
  const item = await withdraw(repo, baseUrl, req.params.requestId ?? '', token, requesterActor(req), new Date());
  // A form post is answered 303 to the status page: a reload shows the page, it never posts again.
  if (req.body.kind === 'form') return seeOther(links(baseUrl).status(item.requestId, token!));
  return ok(requesterView(item));
}, { accepts: ['json', 'form'], renderError: browserPage() });
