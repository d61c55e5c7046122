/**
 * POST /requests/{requestId}/exception — a refused requester asks the rights staff for an exception
 * (urlencoded `token`, optional `note`; or JSON). The form is answered 303 to the status page.
 */
import { intakeDeps } from '../edge/wiring.js';
import { httpHandler } from '../edge/handler.js';
import { ok, seeOther } from '../edge/responses.js';
import { browserPage } from '../edge/browser-page.js';
import { bodyField, requesterActor } from '../edge/request-parts.js';
import { presentedToken } from '../edge/token.js';
import { askException, requesterView } from '../application/requester-actions.js';
import { links } from '../application/submit-request.js';

const { baseUrl, intake, mailCaps } = intakeDeps();
// It mails every approver: counted against the client address's daily cap like POST /requests.
const deps = { ...intake, mailCaps };

export const handler = httpHandler(async (req) => {
  const token = presentedToken(req);
  const item = await askException(deps, req.params.requestId ?? '', token, { note: bodyField(req, 'note') }, requesterActor(req), new Date());
  if (req.body.kind === 'form') return seeOther(links(baseUrl).status(item.requestId, token!));
  return ok(requesterView(item));
}, { accepts: ['json', 'form'], renderError: browserPage() });
