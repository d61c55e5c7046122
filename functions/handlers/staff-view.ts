/**
 * GET /staff — the read-only staff overview. It shows requesters' personal data, so it answers only
 * to staff (functions/edge/staff-access.ts): in AWS to a Cognito session of the group rights-staff
 * (a browser without one is sent to sign in), locally to loopback clients only.
 * Query parameters `pending`, `offered`, `decisions`, `licenses`: a list's next-page cursor, as the
 * page's own links give them (a cursor it did not give out answers 400). The data: one page of each
 * list and the desk's counters, in a fixed number of round trips (application/staff-overview.ts).
 */
import { httpDeps } from '../edge/wiring.js';
import type { Repository } from '../application/ports.js';
import { lifecycleConfigFrom, type LifecycleConfig } from '../domain/lifecycle.js';
import { staffPage } from '../views/staff.js';
import { httpHandler } from '../edge/handler.js';
import { staffSignIn } from '../edge/staff-access.js';
import { page } from '../edge/responses.js';
import { browserPage } from '../edge/browser-page.js';
import { staffListNames, staffOverview, type StaffCursors } from '../application/staff-overview.js';
import { complianceOverview } from '../application/compliance.js';

const { repo, env, baseUrl } = httpDeps(['REMIND_AFTER_HOURS', 'EXPIRE_AFTER_DAYS', 'RENEWAL_NOTICE_DAYS', 'STAFF_USER_POOL_ID', 'STAFF_CLIENT_ID', 'STAFF_LOGIN_URL']);
export const staff = staffSignIn({ stage: env.STAGE, baseUrl, userPoolId: env.STAFF_USER_POOL_ID, clientId: env.STAFF_CLIENT_ID, loginUrl: env.STAFF_LOGIN_URL });
const config = lifecycleConfigFrom(env);

/** The overview's data (first pages unless cursors are given) and the compliance signals, read in parallel. */
export const gather = async (r: Repository, now: Date, cfg: LifecycleConfig = config, cursors: StaffCursors = {}) => {
  const [overview, compliance] = await Promise.all([staffOverview(r, now, cfg, cursors), complianceOverview(r, now, baseUrl)]);
  return { ...overview, ...compliance };
};

export const handler = httpHandler(async (req) => {
  const access = await staff.check(req.event);
  if (!access.allowed) return access.response;
  const cursors: StaffCursors = Object.fromEntries(staffListNames.filter((l) => req.query[l] !== undefined).map((l) => [l, req.query[l]]));
  return page(staffPage(await gather(repo, new Date(), config, cursors)), { 'x-robots-tag': 'noindex, nofollow', 'cache-control': 'no-store, private' });
}, { renderError: browserPage({ 'cache-control': 'no-store' }) });
