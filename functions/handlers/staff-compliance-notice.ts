/**
 * POST /staff/compliance/notice — the staff view's "send a notice" button: queues the templated
 * compliance reminder to the licensee through the outbox, once per click (the form's click id is
 * fresh per rendering; a double submit finds the mail already queued). Staff only (as GET /staff);
 * in AWS the session cookie is SameSite=Lax, so another site cannot make a signed-in browser post it.
 */
import { httpDeps } from '../edge/wiring.js';
import { httpHandler } from '../edge/handler.js';
import { staffSignIn } from '../edge/staff-access.js';
import { acceptedOrOk, page } from '../edge/responses.js';
import { browserPage } from '../edge/browser-page.js';
import { complianceNoticePage } from '../views/webhook-pages.js';
import { sendComplianceNotice } from '../application/compliance.js';

const { repo, env, baseUrl } = httpDeps(['STAFF_USER_POOL_ID', 'STAFF_CLIENT_ID', 'STAFF_LOGIN_URL']);
const staff = staffSignIn({ stage: env.STAGE, baseUrl, userPoolId: env.STAFF_USER_POOL_ID, clientId: env.STAFF_CLIENT_ID, loginUrl: env.STAFF_LOGIN_URL });
const noStore = { 'cache-control': 'no-store, private' };

export const handler = httpHandler(async (req) => {
  const access = await staff.check(req.event);
  if (!access.allowed) return access.response;
  const fields: Record<string, unknown> = req.body.kind === 'form' ? req.body.fields : req.body.kind === 'json' && typeof req.body.value === 'object' && req.body.value ? req.body.value as Record<string, unknown> : {};
  const licenseId = typeof fields.licenseId === 'string' ? fields.licenseId : '';
  const clickId = typeof fields.clickId === 'string' ? fields.clickId : '';
  const by = access.who === 'loopback' ? undefined : access.who;
  const r = await sendComplianceNotice(repo, { licenseId, clickId, ...(by ? { by } : {}) }, new Date());
  if (req.body.kind === 'form') return page(complianceNoticePage({ ...r, staffUrl: '/staff' }), noStore);
  return acceptedOrOk(r.queued, r, noStore);
}, { accepts: ['form', 'json'], renderError: browserPage({ 'cache-control': 'no-store' }) });
