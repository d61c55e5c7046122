/** GET /staff/callback — Cognito's managed login returns here; the edge completes the sign-in. */
import { httpDeps } from '../edge/wiring.js';
import { httpHandler } from '../edge/handler.js';
import { staffSignIn } from '../edge/staff-access.js';

const { env, baseUrl } = httpDeps(['STAFF_USER_POOL_ID', 'STAFF_CLIENT_ID', 'STAFF_LOGIN_URL']);
export const staff = staffSignIn({ stage: env.STAGE, baseUrl, userPoolId: env.STAFF_USER_POOL_ID, clientId: env.STAFF_CLIENT_ID, loginUrl: env.STAFF_LOGIN_URL });

export const handler = httpHandler((req) => staff.callback(req.event));
