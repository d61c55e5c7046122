/**
 * Who may reach staff routes (`auth: 'staff'` in the route table).
 * - Locally (stage `local`): clients on this machine only; the local gateway refuses others too.
 * - In AWS: members of the Cognito group `rights-staff`, signed in through the user pool's managed
 *   login page. The browser holds the session as an HttpOnly cookie carrying the Cognito access
 *   token, which every request verifies (signature, issuer, client, expiry, group) with AWS's
 *   aws-jwt-verify; nothing about the session is stored on our side.
 *
 * Sign-in is the OAuth 2.0 authorization-code flow with PKCE (RFC 7636) of a public client:
 *   1. `GET /staff` without a valid session redirects to `<login>/oauth2/authorize`, setting a
 *      short-lived cookie that holds the `state` and the PKCE verifier;
 *   2. Cognito sends the browser back to `GET /staff/callback?code&state`; the state must match the
 *      cookie; the code and verifier are exchanged at `<login>/oauth2/token`; the access token is
 *      verified and becomes the session cookie; the browser goes on to `/staff`.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { HttpProblem } from './problem.js';
import { problem, type Response } from './responses.js';

export const STAFF_GROUP = 'rights-staff';
/** `__Host-`: the browser keeps it only if Secure, Path=/ and without Domain (no subdomain can set it). */
export const SESSION_COOKIE = '__Host-rd-staff';
export const LOGIN_COOKIE = '__Host-rd-staff-login';
const LOGIN_COOKIE_SECONDS = 600;
const TOKEN_EXCHANGE_TIMEOUT_MS = 5_000;

export const isLoopback = (ip: string) => /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.test(ip);

export interface StaffSignInConfig {
  stage: string;
  baseUrl: string;
  /** Empty locally: staff sign-in is off and loopback decides. */
  userPoolId: string;
  clientId: string;
  /** `https://<prefix>.auth.<region>.amazoncognito.com` */
  loginUrl: string;
}

export type StaffDecision = { allowed: true; who: string } | { allowed: false; response: Response };

function cookies(event: APIGatewayProxyEventV2): Record<string, string> {
  const out: Record<string, string> = {};
  const raw = [...(event.cookies ?? []), ...(event.headers?.cookie ?? event.headers?.Cookie ?? '').split(';')];
  for (const part of raw) {
    const at = part.indexOf('=');
    if (at > 0) out[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  return out;
}

const cookie = (name: string, value: string, maxAge: number) => `${name}=${value}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=${maxAge}`;
const base64url = (b: Buffer) => b.toString('base64url');

const redirect = (location: string, setCookies: string[] = []): Response => ({
  statusCode: 303,
  headers: { location, 'cache-control': 'no-store' },
  ...(setCookies.length ? { cookies: setCookies } : {}),
  body: '',
});

export function staffSignIn(config: StaffSignInConfig) {
  const enabled = config.stage !== 'local' && Boolean(config.userPoolId && config.clientId && config.loginUrl);
  const verifier = enabled
    ? CognitoJwtVerifier.create({ userPoolId: config.userPoolId, tokenUse: 'access', clientId: config.clientId, groups: STAFF_GROUP })
    : undefined;
  const callbackUrl = `${config.baseUrl}/staff/callback`;

  async function verified(token: string | undefined): Promise<string | undefined> {
    if (!verifier || !token) return undefined;
    try {
      const payload = await verifier.verify(token);
      return String(payload.username ?? payload.sub);
    } catch {
      return undefined; // expired, forged, wrong client or not in the group: sign in again
    }
  }

  /** Where a browser without a session is sent, with the cookie that remembers state and verifier. */
  function loginRedirect(): Response {
    const state = base64url(randomBytes(24));
    const codeVerifier = base64url(randomBytes(48));
    const challenge = base64url(createHash('sha256').update(codeVerifier).digest());
    const url = new URL('/oauth2/authorize', config.loginUrl);
    url.search = new URLSearchParams({
      response_type: 'code', client_id: config.clientId, redirect_uri: callbackUrl, scope: 'openid email',
      state, code_challenge: challenge, code_challenge_method: 'S256',
    }).toString();
    return redirect(url.toString(), [cookie(LOGIN_COOKIE, `${state}.${codeVerifier}`, LOGIN_COOKIE_SECONDS)]);
  }

  return {
    enabled,
    /** The verifier, for tests that hand it a key set instead of letting it fetch the pool's JWKS. */
    verifier,

    /** Whether this request may see staff pages; if not, the answer to give (redirect or 403). */
    async check(event: APIGatewayProxyEventV2): Promise<StaffDecision> {
      const forbidden: StaffDecision = { allowed: false, response: forbiddenResponse() };
      if (config.stage === 'local') return isLoopback(event.requestContext.http.sourceIp) ? { allowed: true, who: 'loopback' } : forbidden;
      if (!enabled) return forbidden;
      const who = await verified(cookies(event)[SESSION_COOKIE]);
      if (who) return { allowed: true, who };
      return { allowed: false, response: loginRedirect() };
    },

    /** `GET /staff/callback`: exchange the code, verify the token, set the session, go to /staff. */
    async callback(event: APIGatewayProxyEventV2, fetchImpl: typeof fetch = fetch): Promise<Response> {
      if (!enabled) throw new HttpProblem(404, 'Not Found', 'Staff sign-in is not configured here.');
      const query = event.queryStringParameters ?? {};
      const [state, codeVerifier] = (cookies(event)[LOGIN_COOKIE] ?? '').split('.');
      if (!query.code || !query.state || !state || !codeVerifier || query.state !== state) {
        // A stale or forged callback: start over rather than explain OAuth to a person.
        return loginRedirect();
      }
      let tokens: { access_token?: string; expires_in?: number };
      try {
        const res = await fetchImpl(new URL('/oauth2/token', config.loginUrl), {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'authorization_code', client_id: config.clientId, code: query.code, redirect_uri: callbackUrl, code_verifier: codeVerifier }).toString(),
          signal: AbortSignal.timeout(TOKEN_EXCHANGE_TIMEOUT_MS),
        });
        if (!res.ok) return loginRedirect(); // the code expired or was used: sign in again
        tokens = await res.json() as typeof tokens;
      } catch {
        throw new HttpProblem(503, 'Service Unavailable', 'The sign-in service did not answer; try again in a moment.', {}, { 'retry-after': '5' });
      }
      const who = await verified(tokens.access_token);
      if (!who) return forbiddenResponse('You are signed in, but not as a member of the rights desk (group rights-staff). Ask an administrator to add you.');
      const maxAge = Math.max(60, Math.min(Number(tokens.expires_in) || 3600, 86_400));
      return redirect(`${config.baseUrl}/staff`, [cookie(SESSION_COOKIE, tokens.access_token!, maxAge), cookie(LOGIN_COOKIE, '', 0)]);
    },
  };
}

const forbiddenResponse = (detail = 'The staff overview is for the rights desk only.'): Response =>
  problem(new HttpProblem(403, 'Forbidden', detail), '/staff');
