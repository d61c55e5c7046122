/**
 * POST /requests/{requestId}/exception — a refused requester asks the rights staff for an exception
 * (urlencoded `token`, optional `note`; or JSON). The form is answered 303 to the status page.
 */
import { httpDeps } from '../adapters/wiring.js';
import { dynamoMailCapCounters } from '../adapters/mail-cap-counters.js';
import { dynamoDocumentClient } from '../adapters/aws-clients.js';
import { httpHandler } from '../http/handler.js';
import { html, json, seeOther } from '../http/responses.js';
import { presentedToken } from '../http/token.js';
import { errorPage } from '../core/render/pages.js';
import { askException, requesterView } from '../use-cases/requester-actions.js';
import { mailCapLimits } from '../use-cases/mail-caps.js';
import { links } from '../use-cases/submit-request.js';

const { repo, baseUrl, env } = httpDeps(['TOKEN_TTL_DAYS', 'APPROVERS', 'INBOUND_DOMAIN', 'MAIL_CAP_PER_RECIPIENT_DAY', 'MAIL_CAP_PER_SOURCE_IP_DAY']);
const deps = {
  repo, baseUrl,
  tokenTtlDays: Number(env.TOKEN_TTL_DAYS),
  fallbackApprovers: env.APPROVERS.split(',').map((s) => s.trim()).filter(Boolean),
  inboundDomain: env.INBOUND_DOMAIN || undefined,
  // It mails every approver: counted against the client address's daily cap like POST /requests.
  mailCaps: { counters: dynamoMailCapCounters(dynamoDocumentClient(), env.TABLE_NAME), limits: mailCapLimits(env) },
};

export const handler = httpHandler(async (req) => {
  const token = presentedToken(req);
  const fields = req.body.kind === 'form' ? { note: req.body.fields.note } : req.body.kind === 'json' ? { note: (req.body.value as { note?: unknown })?.note } : {};
  const item = await askException(deps, req.params.requestId ?? '', token, fields, { actor: 'requester', sourceIp: req.sourceIp, userAgent: req.userAgent }, new Date());
  if (req.body.kind === 'form') return seeOther(links(baseUrl).status(item.requestId, token!));
  return json(200, requesterView(item));
}, { accepts: ['json', 'form'], htmlError: (p) => html(p.status, errorPage(p.toDocument())) });
