/**
 * POST /licenses/{licenseId}/webhook — a licensee registers an HTTPS endpoint for signed license
 * events, with the license token (the copy token or the requester's status token). The answer shows
 * the endpoint's signing secret once (JSON 201, or the status page form's HTML page), never cached.
 */
import { httpDeps } from '../edge/wiring.js';
import { webhookDeps } from '../edge/wiring-webhooks.js';
import { httpHandler } from '../edge/handler.js';
import { createdOrOk, page } from '../edge/responses.js';
import { presentedToken } from '../edge/token.js';
import { browserPage } from '../edge/browser-page.js';
import { webhookRegisteredPage } from '../views/webhook-pages.js';
import { registerWebhookBody, WEBHOOK_EVENTS } from '../domain/webhooks.js';
import { InvalidInput } from '../application/errors.js';
import { registerWebhook } from '../application/webhooks.js';

const { repo } = httpDeps();
const { box, guard, policy } = webhookDeps();
const schema = registerWebhookBody({ allowLoopbackHttp: policy.allowLoopback });
const noStore = { 'cache-control': 'no-store' };

export const handler = httpHandler(async (req) => {
  const body = req.body.kind === 'form' ? req.body.fields : req.body.kind === 'json' ? req.body.value : {};
  const token = presentedToken(req);
  const input = { ...(typeof body === 'object' && body !== null ? body : {}), ...(token ? { token } : {}) };
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new InvalidInput(parsed.error, input);
  const licenseId = req.params.licenseId ?? '';
  const r = await registerWebhook({ repo, box, guard }, { licenseId, url: parsed.data.url, caller: { kind: 'licensee', token: parsed.data.token } }, new Date());
  if (req.body.kind === 'form') return page(webhookRegisteredPage({ licenseId: r.licenseId, endpoint: r.endpoint, secret: r.secret, rotated: r.rotated }), noStore);
  return createdOrOk(!r.rotated, { licenseId: r.licenseId, endpointId: r.endpoint.endpointId, url: r.endpoint.url, secret: r.secret, rotated: r.rotated, events: WEBHOOK_EVENTS }, noStore);
}, { accepts: ['json', 'form'], renderError: browserPage() });
