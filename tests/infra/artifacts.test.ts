/**
 * The deployed code, proven without AWS: synthesize with bundling, take every function's bundle from
 * the cloud assembly (the asset directory its Code points at), copy it outside the repository (so
 * nothing can be resolved from node_modules, as in Lambda), and invoke it in a fresh Node process
 * with the environment the template gives that function — tokens replaced by the local stack's
 * values — against the local stack (dynalite + local SES) running in this process.
 *
 * Every route of the shared route table is invoked through its function's bundle with a realistic
 * API Gateway v2 event; the dispatcher's bundle delivers the mail the intake queued, through the
 * local SES; the remaining functions' bundles are invoked with the events their triggers send.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { functionCatalogue, routeKey, routes, type FunctionName, type Route } from '../../functions/config/functions.js';
import { freePort } from '../../local/services.js';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import { logicalId, synth, type Synthesized } from './synth.js';

let s: Synthesized;
let stack: LocalStack;
let tableName: string;
const bundleCopies = mkdtempSync(join(tmpdir(), 'reprint-desk-bundles-'));
const bundles = new Map<FunctionName, { dir: string; env: Record<string, unknown>; handler: string }>();

beforeAll(async () => {
  // The policy checks are asserted on the same app in stacks.test.ts; here only the bundles matter.
  s = synth({ bundle: true, policyChecks: false });
  const assets = JSON.parse(readFileSync(join(s.outdir, `${s.built.stateless.artifactId}.assets.json`), 'utf8')) as {
    files: Record<string, { source: { path: string; packaging?: string } }>;
  };
  for (const name of Object.keys(functionCatalogue) as FunctionName[]) {
    const fn = s.statelessJson.Resources[logicalId(s.built.stateless.functions[name])]!.Properties!;
    const hash = String(fn.Code.S3Key).replace(/\.zip$/, '');
    const source = assets.files[hash]?.source;
    if (!source) throw new Error(`${name}: no asset ${hash} in the assembly`);
    const dir = join(bundleCopies, name);
    cpSync(join(s.outdir, source.path), dir, { recursive: true });
    bundles.set(name, { dir, env: fn.Environment.Variables, handler: fn.Handler });
  }
  const [port, sesPort, dynamoPort] = [await freePort(), await freePort(), await freePort()];
  tableName = `artifacts-${port}`;
  stack = await startLocalStack({ port, sesPort, dynamoPort, dispatchIntervalMs: 0, tableName });
}, 240_000);

afterAll(async () => {
  await stack?.stop();
  rmSync(bundleCopies, { recursive: true, force: true });
  if (s) rmSync(s.outdir, { recursive: true, force: true });
});

/** The local values for what the template leaves to CloudFormation (tokens). */
function localEnv(name: FunctionName): Record<string, string> {
  const local: Record<string, string> = {
    TABLE_NAME: tableName,
    BASE_URL: stack.urls.api,
    SES_CONFIGURATION_SET: '', // the local SES has no configuration sets
    INBOUND_BUCKET: '',
    // A user pool that does not exist: the staff routes answer with the sign-in redirect, no network needed.
    STAFF_USER_POOL_ID: 'eu-west-1_NotAPool1',
    STAFF_CLIENT_ID: 'notaclient0123456789',
    STAFF_LOGIN_URL: 'https://reprint-desk-dev-test.auth.eu-west-1.amazoncognito.com',
  };
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(bundles.get(name)!.env)) {
    if (typeof v === 'string') out[k] = v;
    else if (k in local) out[k] = local[k]!;
    else throw new Error(`${name}: ${k} is a CloudFormation token (${JSON.stringify(v)}) this test has no local value for`);
  }
  return out;
}

/** Runs in the child: imports the bundle once, then calls its handler with each event in turn. */
const INVOKER = `
import { pathToFileURL } from 'node:url';
let input = '';
for await (const chunk of process.stdin) input += chunk;
const { file, exportName, events, context } = JSON.parse(input);
const mod = await import(pathToFileURL(file).href);
const results = [];
for (const event of events) {
  try {
    results.push({ ok: await mod[exportName](event, { ...context, getRemainingTimeInMillis: () => 10000 }) ?? null });
  } catch (e) {
    results.push({ error: String(e && e.stack || e) });
  }
}
process.stdout.write('\\n@@RESULT@@' + JSON.stringify(results));
`;

interface Invocation { result: any; error?: string; stderr: string }

/**
 * Loads one bundle in a fresh Node process, with only a Lambda-like environment, and calls its
 * handler with each event in order (one process per function, as one warm Lambda instance).
 */
function invoke(name: FunctionName, events: unknown[]): Promise<Invocation[]> {
  const b = bundles.get(name)!;
  const [base, exportName] = b.handler.split('.') as [string, string];
  const file = ['mjs', 'js', 'cjs'].map((ext) => join(b.dir, `${base}.${ext}`)).find(existsSync);
  if (!file) throw new Error(`${name}: handler ${b.handler} has no file in ${b.dir}`);
  const env = {
    PATH: process.env.PATH ?? '',
    LANG: 'C.UTF-8',
    TZ: 'UTC',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_LAMBDA_FUNCTION_NAME: `reprint-desk-artifact-${name}`,
    AWS_ENDPOINT_URL_DYNAMODB: stack.urls.dynamodb,
    AWS_ENDPOINT_URL_SES: stack.urls.mail.replace(/\/$/, ''),
    ...localEnv(name),
  };
  const context = { functionName: env.AWS_LAMBDA_FUNCTION_NAME, awsRequestId: randomUUID(), memoryLimitInMB: '512' };
  return new Promise((resolvePromise, reject) => {
    const child = execFile(process.execPath, ['--input-type=module', '-e', INVOKER], { cwd: b.dir, env, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const marker = stdout.lastIndexOf('@@RESULT@@');
      if (error || marker < 0) {
        reject(new Error(`${name} bundle failed (${error?.message ?? 'no result'}):\n${stderr}\n${stdout}`));
        return;
      }
      const results = JSON.parse(stdout.slice(marker + '@@RESULT@@'.length)) as { ok?: unknown; error?: string }[];
      resolvePromise(results.map((r) => ({ result: r.ok, ...(r.error ? { error: r.error } : {}), stderr })));
    });
    child.stdin!.end(JSON.stringify({ file, exportName, events, context }));
  });
}

/** Runs `work` over `items`, `limit` at a time. */
async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: Math.min(limit, queue.length) }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  }));
}

/** An API Gateway HTTP API (payload 2.0) event, as AWS sends it for `route`. */
function apiEvent(route: Route, opts: { params?: Record<string, string>; query?: Record<string, string>; headers?: Record<string, string>; body?: string } = {}) {
  const params: Record<string, string> = {};
  const path = route.path.replace(/\{(\w+)\}/g, (_m, n: string) => {
    params[n] = opts.params?.[n] ?? `unknown-${n}`;
    return encodeURIComponent(params[n]!);
  });
  const query = new URLSearchParams(opts.query ?? {});
  const host = new URL(stack.urls.api).host;
  const headers = { host, 'user-agent': 'reprint-desk-artifact-test', accept: '*/*', 'x-forwarded-proto': 'https', ...opts.headers };
  const now = new Date();
  return {
    version: '2.0',
    routeKey: routeKey(route),
    rawPath: path,
    rawQueryString: query.toString(),
    headers,
    ...(opts.query ? { queryStringParameters: opts.query } : {}),
    ...(Object.keys(params).length ? { pathParameters: params } : {}),
    requestContext: {
      accountId: '000000000000', apiId: 'artifacts', domainName: host, domainPrefix: host.split('.')[0],
      http: { method: route.method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: headers['user-agent'] },
      requestId: randomUUID(), routeKey: routeKey(route), stage: '$default', time: now.toUTCString(), timeEpoch: now.getTime(),
    },
    ...(opts.body !== undefined ? { body: opts.body, isBase64Encoded: false } : { isBase64Encoded: false }),
  };
}

const ARTICLE = 'harbour-dredging-plan';
const startDate = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
const requestBody = JSON.stringify({
  articleId: ARTICLE,
  requester: { name: 'Ada Okafor', email: 'ada@riverside-weekly.example', organization: 'Riverside Weekly', organizationType: 'commercial', country: 'US' },
  use: { type: 'web-republication', audience: 5000, territories: ['US'], startDate, durationDays: 180, language: 'en', extent: 'full' },
  acceptTerms: true,
});
const json = { 'content-type': 'application/json' };

/** What a route is sent, and the status the contract promises for it (otherwise: any answer below 500). */
const requestFor: Record<string, (ids: { requestId: string }) => { opts: Parameters<typeof apiEvent>[1]; status?: number }> = {
  'GET /health': () => ({ opts: {}, status: 200 }),
  'HEAD /health': () => ({ opts: {}, status: 200 }),
  'GET /articles/{articleId}/terms': () => ({ opts: { params: { articleId: ARTICLE } }, status: 200 }),
  'GET /articles/{articleId}/reprint': () => ({ opts: { params: { articleId: ARTICLE } }, status: 200 }),
  'POST /quotes': () => ({ opts: { headers: json, body: requestBody }, status: 200 }),
  'POST /requests': () => ({ opts: { headers: { ...json, 'idempotency-key': randomUUID() }, body: requestBody }, status: 201 }),
  'GET /requests/{requestId}': ({ requestId }) => ({ opts: { params: { requestId }, query: { token: 'not-the-token' } } }),
  'POST /requests/{requestId}/withdraw': ({ requestId }) => ({ opts: { params: { requestId }, headers: json, body: '{}' } }),
  'GET /review/{requestId}': ({ requestId }) => ({ opts: { params: { requestId }, query: { token: 'not-the-token' } } }),
  'POST /review/{requestId}': ({ requestId }) => ({
    opts: { params: { requestId }, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'token=not-the-token&decision=approve' },
  }),
  'GET /syndication/feed': () => ({ opts: { query: { format: 'json' }, headers: { 'x-api-key': 'not-a-key' } } }),
  // Without a session, the staff view and a callback without code send the browser to sign in.
  'GET /staff': () => ({ opts: {}, status: 303 }),
  'GET /staff/callback': () => ({ opts: {}, status: 303 }),
};

describe('synthesized bundles', () => {
  it('every function has one ESM bundle with its source map, written to the cloud assembly', () => {
    for (const [name, b] of bundles) {
      expect(b.handler, name).toBe('index.handler');
      const size = statSync(join(b.dir, 'index.mjs')).size;
      expect(size, name).toBeGreaterThan(1_000);
      expect(size, name).toBeLessThan(5_000_000);
      expect(existsSync(join(b.dir, 'index.mjs.map')), name).toBe(true);
      // The AWS SDK is inside the bundle: nothing is left for Lambda's runtime copy to supply.
      const code = readFileSync(join(b.dir, 'index.mjs'), 'utf8');
      expect(code, name).not.toMatch(/from\s*"@aws-sdk\//);
      // BUNDLE_ALIAS: the SDK's default credential chain (SSO, INI, STS, IMDS) is not in a bundle; a
      // function reads the credentials the Lambda runtime puts in its environment (the calls below prove it).
      expect(code, name).not.toContain('defaultProvider::fromSSO');
      expect(code, name).not.toContain('AWS_CONTAINER_CREDENTIALS_FULL_URI');
    }
    expect([...bundles.keys()].sort()).toEqual(Object.keys(functionCatalogue).sort());
  });

  it('every route of the route table is answered by its bundle against the local stack', async () => {
    const check = (key: string, inv: Invocation, status?: number) => {
      expect(inv.error, `${key}: the handler threw\n${inv.error}\n${inv.stderr}`).toBeUndefined();
      expect(inv.stderr, key).not.toMatch(/Cannot find (module|package)|Dynamic require|ERR_MODULE_NOT_FOUND|ERR_REQUIRE_ESM/);
      expect(typeof inv.result?.statusCode, `${key}: ${JSON.stringify(inv.result)?.slice(0, 300)}`).toBe('number');
      expect(inv.result.statusCode, `${key}: ${String(inv.result.body).slice(0, 300)}\n${inv.stderr}`).toBeLessThan(500);
      if (status) expect(inv.result.statusCode, `${key}: ${String(inv.result.body).slice(0, 300)}`).toBe(status);
    };

    // The intake first, so the routes after it see a real request.
    const intake = routes.find((r) => routeKey(r) === 'POST /requests')!;
    const [created] = await invoke(intake.function, [apiEvent(intake, requestFor['POST /requests']!({ requestId: '' }).opts)]);
    check('POST /requests', created!, 201);
    const body = JSON.parse(created!.result.body) as { requestId: string; status: string };
    expect(['licensed', 'pending', 'rejected']).toContain(body.status);
    const ids = { requestId: body.requestId };

    // Then every route, grouped by function: one process per bundle, three bundles at a time.
    const byFunction = new Map<FunctionName, Route[]>();
    for (const r of routes) byFunction.set(r.function, [...(byFunction.get(r.function) ?? []), r]);
    const seen: string[] = [];
    await inParallel([...byFunction.entries()], 3, async ([name, fnRoutes]) => {
      const specs = fnRoutes.map((route) => requestFor[routeKey(route)]?.(ids) ?? requestFor[`GET ${route.path}`]?.(ids) ?? { opts: {} });
      const results = await invoke(name, fnRoutes.map((route, i) => apiEvent(route, specs[i]!.opts)));
      fnRoutes.forEach((route, i) => {
        const key = routeKey(route);
        check(key, results[i]!, specs[i]!.status);
        if (key === 'GET /health') expect(JSON.parse(results[i]!.result.body)).toMatchObject({ status: 'ok', stage: 'dev' });
        if (key === 'GET /articles/{articleId}/terms') expect(results[i]!.result.body).toContain(ARTICLE);
        seen.push(key);
      });
    });
    expect(new Set(seen)).toEqual(new Set(routes.map(routeKey)));
  }, 180_000);

  it('the dispatcher bundle delivers queued mail through the local SES (schedule sweep and stream record)', async () => {
    const before = ((await (await fetch(stack.urls.mailStore)).json()) as { emails: unknown[] }).emails.length;
    const [sweep, stream] = await invoke('dispatcher', [
      { source: 'reprint-desk.schedule', task: 'outbox-sweep' },
      // A stream record for an item with nothing (left) to send: idempotent, no failure reported.
      {
        Records: [{
          eventID: '1', eventName: 'MODIFY', eventSource: 'aws:dynamodb', awsRegion: 'us-east-1',
          dynamodb: { SequenceNumber: '100', NewImage: { entity: { S: 'request' }, outboxPk: { S: 'OUTBOX' }, requestId: { S: 'unknown-request' } } },
        }],
      },
    ]);
    expect(sweep!.error).toBeUndefined();
    expect(sweep!.result).toEqual({ batchItemFailures: [] });
    const after = ((await (await fetch(stack.urls.mailStore)).json()) as { emails: unknown[] }).emails.length;
    expect(after).toBeGreaterThan(before);
    expect(stream!.error).toBeUndefined();
    expect(stream!.result).toEqual({ batchItemFailures: [] });
  }, 60_000);

  it('every other function\'s bundle loads and handles the event its trigger sends', async () => {
    const httpFunctions = new Set(routes.map((r) => r.function));
    const others = (Object.keys(functionCatalogue) as FunctionName[]).filter((n) => !httpFunctions.has(n) && n !== 'dispatcher');
    const events: Record<string, unknown> = {
      lifecycle: { source: 'reprint-desk.schedule', task: 'lifecycle' },
      // SES receipt rule, Lambda action: with no records there is nothing to read from S3.
      'mail-receive': { Records: [] },
    };
    await inParallel(others, 3, async (name) => {
      const [inv] = await invoke(name, [events[name] ?? {}]);
      expect(inv!.error, `${name} threw: ${inv!.error}`).toBeUndefined();
      expect(inv!.stderr, name).not.toMatch(/Cannot find (module|package)|Dynamic require|ERR_MODULE_NOT_FOUND/);
      expect(inv!.result, name).not.toBeUndefined();
    });
  }, 60_000);
});
