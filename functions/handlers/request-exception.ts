/**
 * POST /requests/{requestId}/exception — a refused requester asks the rights staff for an exception
 * (urlencoded `token`, optional `note`; or JSON). The form is answered 303 to the status page.
 */
import { intakeDeps } from '../edge/wiring.js';
import { httpHandler } from '../edge/handler.js';
import { html, json, seeOther } from '../edge/responses.js';
import { presentedToken } from '../edge/token.js';
import { errorPage } from '../views/pages/error.js';
import { askException, requesterView } from '../application/requester-actions.js';
import { links } from '../application/submit-request.js';

const { baseUrl, intake, mailCaps } = intakeDeps();
// It mails every approver: counted against the client address's daily cap like POST /requests.
const deps = { ...intake, mailCaps };

export const handler = httpHandler(async (req) => {
  const token = presentedToken(req);
  const fields = req.body.kind === 'form' ? { note: req.body.fields.note } : req.body.kind === 'json' ? { note: (req.body.value as { note?: unknown })?.note } : {};
  const item = await askException(deps, req.params.requestId ?? '', token, fields, { actor: 'requester', sourceIp: req.sourceIp, userAgent: req.userAgent }, new Date());
  if (req.body.kind === 'form') return seeOther(links(baseUrl).status(item.requestId, token!));
  return json(200, requesterView(item));
}, { accepts: ['json', 'form'], htmlError: (p) => html(p.status, errorPage(p.toDocument())) });
