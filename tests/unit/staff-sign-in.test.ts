/**
 * Staff sign-in (functions/edge/staff-access.ts) with real tokens: an RSA key of our own stands in for
 * the user pool's signing key (handed to aws-jwt-verify as the pool's JWKS), and a loopback HTTP server
 * stands in for Cognito's token endpoint. The verification itself is aws-jwt-verify's, unchanged.
 */
import { createHash, createSign, generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_COOKIE, SESSION_COOKIE, staffSignIn } from '../../functions/edge/staff-access.js';

const POOL = 'eu-west-1_TestPool1';
const CLIENT = 'staffclient0123456789abcd';
const ISSUER = `https://cognito-idp.eu-west-1.amazonaws.com/${POOL}`;
const BASE = 'https://reprints.paper.example';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const { privateKey: strangerKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicJwk = publicKey.export({ format: 'jwk' }) as { kty: string; n: string; e: string };
const jwks = { keys: [{ kty: publicJwk.kty, n: publicJwk.n, e: publicJwk.e, kid: 'k1', alg: 'RS256', use: 'sig' }] };

function token(claims: Record<string, unknown> = {}, key = privateKey): string {
  const now = Math.floor(Date.now() / 1000);
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const body = `${enc({ alg: 'RS256', kid: 'k1', typ: 'JWT' })}.${enc({
    sub: 'u-1', username: 'rights@paper.example', iss: ISSUER, client_id: CLIENT, token_use: 'access', scope: 'openid email',
    iat: now, exp: now + 3600, 'cognito:groups': ['rights-staff'], ...claims,
  })}`;
  return `${body}.${createSign('RSA-SHA256').update(body).sign(key).toString('base64url')}`;
}

const event = (path: string, opts: { cookies?: string[]; query?: Record<string, string> } = {}) => ({
  version: '2.0', routeKey: `GET ${path}`, rawPath: path, rawQueryString: new URLSearchParams(opts.query ?? {}).toString(),
  headers: { accept: 'text/html' }, cookies: opts.cookies ?? [], queryStringParameters: opts.query, isBase64Encoded: false,
  requestContext: { http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '198.51.100.7', userAgent: 'test' } },
}) as unknown as APIGatewayProxyEventV2;

/** Cognito's token endpoint, as far as the code exchange goes: checks the PKCE verifier it was promised. */
let server: Server;
let loginUrl: string;
const exchanges: URLSearchParams[] = [];
let issue: () => string = () => token();
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c; });
    req.on('end', () => {
      const form = new URLSearchParams(body);
      exchanges.push(form);
      const challenge = pendingChallenges.get(form.get('code') ?? '');
      const ok = req.url === '/oauth2/token' && form.get('grant_type') === 'authorization_code' && form.get('client_id') === CLIENT
        && form.get('redirect_uri') === `${BASE}/staff/callback` && challenge === createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url');
      res.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' });
      res.end(JSON.stringify(ok ? { access_token: issue(), id_token: 'x', token_type: 'Bearer', expires_in: 3600 } : { error: 'invalid_grant' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  loginUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => { server?.close(); });
const pendingChallenges = new Map<string, string>();

const signIn = () => {
  const s = staffSignIn({ stage: 'prod', baseUrl: BASE, userPoolId: POOL, clientId: CLIENT, loginUrl });
  s.verifier!.cacheJwks(jwks);
  return s;
};

describe('a request to /staff', () => {
  it('without a session: 303 to the managed login, authorization code with PKCE (S256), state kept in a __Host- cookie', async () => {
    const decision = await signIn().check(event('/staff'));
    expect(decision.allowed).toBe(false);
    const res = !decision.allowed ? decision.response : undefined;
    expect(res!.statusCode).toBe(303);
    const to = new URL(res!.headers.location!);
    expect(`${to.origin}${to.pathname}`).toBe(`${loginUrl}/oauth2/authorize`);
    expect(Object.fromEntries(to.searchParams)).toMatchObject({
      response_type: 'code', client_id: CLIENT, redirect_uri: `${BASE}/staff/callback`, scope: 'openid email', code_challenge_method: 'S256',
    });
    const [cookie] = res!.cookies!;
    expect(cookie).toMatch(new RegExp(`^${LOGIN_COOKIE}=[\\w-]+\\.[\\w-]+; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=600$`));
    const [state, verifier] = cookie!.split(';')[0]!.split('=')[1]!.split('.');
    expect(to.searchParams.get('state')).toBe(state);
    expect(to.searchParams.get('code_challenge')).toBe(createHash('sha256').update(verifier!).digest('base64url'));
  });

  it('with a valid session of a rights-staff member: allowed', async () => {
    const decision = await signIn().check(event('/staff', { cookies: [`${SESSION_COOKIE}=${token()}`] }));
    expect(decision).toEqual({ allowed: true, who: 'rights@paper.example' });
  });

  it.each([
    ['not in the group', token({ 'cognito:groups': ['readers'] })],
    ['expired', token({ exp: Math.floor(Date.now() / 1000) - 60 })],
    ['for another app client', token({ client_id: 'someoneelse' })],
    ['an ID token instead of an access token', token({ token_use: 'id' })],
    ['from another pool', token({ iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other' })],
    ['signed by another key', token({}, strangerKey)],
    ['not a token at all', 'garbage'],
  ])('a session %s is not accepted: sign in again', async (_what, t) => {
    const decision = await signIn().check(event('/staff', { cookies: [`${SESSION_COOKIE}=${t}`] }));
    expect(decision.allowed).toBe(false);
    expect(!decision.allowed && decision.response.statusCode).toBe(303);
  });
});

describe('GET /staff/callback', () => {
  async function startSignIn(s: ReturnType<typeof signIn>) {
    const d = await s.check(event('/staff'));
    const res = !d.allowed ? d.response : undefined;
    const loginCookie = res!.cookies![0]!.split(';')[0]!;
    const to = new URL(res!.headers.location!);
    const code = `code-${Math.random().toString(36).slice(2)}`;
    pendingChallenges.set(code, to.searchParams.get('code_challenge')!);
    return { loginCookie, state: to.searchParams.get('state')!, code };
  }

  it('exchanges the code with its PKCE verifier, verifies the token and sets the session cookie', async () => {
    const s = signIn();
    const { loginCookie, state, code } = await startSignIn(s);
    issue = () => token();
    const res = await s.callback(event('/staff/callback', { cookies: [loginCookie], query: { code, state } }));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${BASE}/staff`);
    const session = res.cookies!.find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(session).toMatch(/; Path=\/; Secure; HttpOnly; SameSite=Lax; Max-Age=3600$/);
    expect(res.cookies!.find((c) => c.startsWith(`${LOGIN_COOKIE}=`))).toContain('Max-Age=0');
    // The session it set opens /staff.
    const again = await s.check(event('/staff', { cookies: [session.split(';')[0]!] }));
    expect(again.allowed).toBe(true);
  });

  it('a state that does not match the cookie starts over without exchanging anything', async () => {
    const s = signIn();
    const { loginCookie, code } = await startSignIn(s);
    const before = exchanges.length;
    const res = await s.callback(event('/staff/callback', { cookies: [loginCookie], query: { code, state: 'forged' } }));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toContain('/oauth2/authorize');
    expect(exchanges.length).toBe(before);
  });

  it('a signed-in user outside rights-staff gets 403 and no session', async () => {
    const s = signIn();
    const { loginCookie, state, code } = await startSignIn(s);
    issue = () => token({ 'cognito:groups': [] });
    const res = await s.callback(event('/staff/callback', { cookies: [loginCookie], query: { code, state } }));
    issue = () => token();
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(res.cookies ?? [])).not.toContain(SESSION_COOKIE);
  });

  it('a code the token endpoint refuses starts over', async () => {
    const s = signIn();
    const { loginCookie, state } = await startSignIn(s);
    const res = await s.callback(event('/staff/callback', { cookies: [loginCookie], query: { code: 'unknown-code', state } }));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toContain('/oauth2/authorize');
  });
});
