/**
 * The local HTTP gateway: turns each HTTP request into the API Gateway HTTP API (payload format 2.0)
 * event AWS would send, calls the same handler module a Lambda would run, and writes its answer back.
 * Routes come from functions/config/functions.ts — the table the CDK stack deploys.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { functionCatalogue, routeKey, routes, type FunctionName, type Route } from '../functions/config/functions.js';
import { isLoopback } from '../functions/edge/staff-access.js';
import { gatewayProblems, type HttpProblem } from '../functions/edge/problem.js';
import { problem } from '../functions/edge/responses.js';

const MAX_BODY = 1024 * 1024; // API Gateway's own ceiling is 10 MB; handlers enforce the product's smaller one.

interface CompiledRoute { route: Route; pattern: RegExp; names: string[] }

const compiled: CompiledRoute[] = routes.map((route) => {
  const names: string[] = [];
  const source = route.path.split('/').map((seg) => {
    const m = /^\{(\w+)\}$/.exec(seg);
    if (m) { names.push(m[1]!); return '([^/]+)'; }
    return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }).join('/');
  return { route, pattern: new RegExp(`^${source}$`), names };
});

export function matchRoute(method: string, path: string):
  | { kind: 'match'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'not-found' } {
  const allow: string[] = [];
  for (const c of compiled) {
    const m = c.pattern.exec(path);
    if (!m) continue;
    if (c.route.method !== method) { allow.push(c.route.method); continue; }
    const params: Record<string, string> = {};
    c.names.forEach((n, i) => {
      // API Gateway hands path parameters over decoded; a malformed escape stays as sent.
      const raw = m[i + 1]!;
      try { params[n] = decodeURIComponent(raw); } catch { params[n] = raw; }
    });
    return { kind: 'match', route: c.route, params };
  }
  return allow.length ? { kind: 'method-not-allowed', allow } : { kind: 'not-found' };
}

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
const handlerCache = new Map<FunctionName, Promise<Handler>>();

export function loadHandler(name: FunctionName): Promise<Handler> {
  let h = handlerCache.get(name);
  if (!h) {
    const file = resolve(import.meta.dirname, '../functions/handlers', functionCatalogue[name].entry);
    h = import(pathToFileURL(file).href).then((m: { handler: Handler }) => m.handler);
    handlerCache.set(name, h);
  }
  return h;
}

export function lambdaContext(name: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `reprint-desk-local-${name}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:reprint-desk-local-${name}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/reprint-desk-local-${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export function toEvent(req: IncomingMessage, body: Buffer, route: Route, params: Record<string, string>): APIGatewayProxyEventV2 {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!.toLowerCase();
    const value = req.rawHeaders[i + 1]!;
    if (name === 'cookie') { cookies.push(...value.split(';').map((c) => c.trim()).filter(Boolean)); continue; }
    // API Gateway joins repeated headers with commas.
    headers[name] = headers[name] ? `${headers[name]},${value}` : value;
  }
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = query[k] !== undefined ? `${query[k]},${v}` : v;
  const now = new Date();
  const isText = /^(text\/|application\/(json|x-www-form-urlencoded|problem\+json|xml))/.test(headers['content-type'] ?? '');
  return {
    version: '2.0',
    routeKey: routeKey(route),
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies.length ? { cookies } : {}),
    headers,
    ...(url.searchParams.size ? { queryStringParameters: query } : {}),
    ...(Object.keys(params).length ? { pathParameters: params } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: routeKey(route),
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length ? { body: isText ? body.toString('utf8') : body.toString('base64'), isBase64Encoded: !isText } : { isBase64Encoded: false }),
  };
}

/** The gateway's own answers: the same problem documents the functions answer (functions/edge/problem.ts). */
function writeProblem(res: ServerResponse, p: HttpProblem, instance: string, head = false) {
  const r = problem(p, instance);
  res.writeHead(r.statusCode ?? p.status, r.headers);
  res.end(head ? undefined : r.body);
}

export function createGateway(): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) tooLarge = true;
      else chunks.push(c);
    });
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const head = req.method === 'HEAD';
        if (tooLarge) return writeProblem(res, gatewayProblems.tooLarge(MAX_BODY), url.pathname, head);
        const match = matchRoute(req.method ?? 'GET', url.pathname);
        if (match.kind === 'not-found') return writeProblem(res, gatewayProblems.noRoute(url.pathname), url.pathname, head);
        if (match.kind === 'method-not-allowed') return writeProblem(res, gatewayProblems.methodNotAllowed(req.method ?? '', match.allow), url.pathname, head);
        // Staff routes need a Cognito staff session in AWS; here, only this machine may reach them.
        if (match.route.auth === 'staff' && !isLoopback(req.socket.remoteAddress ?? '')) {
          return writeProblem(res, gatewayProblems.staffOnly(), url.pathname, head);
        }
        try {
          const handler = await loadHandler(match.route.function);
          const result = await handler(toEvent(req, Buffer.concat(chunks), match.route, match.params), lambdaContext(match.route.function));
          const headers: Record<string, string | string[]> = {};
          for (const [k, v] of Object.entries(result.headers ?? {})) headers[k] = String(v);
          if (result.cookies?.length) headers['set-cookie'] = result.cookies;
          res.writeHead(result.statusCode ?? 200, headers);
          const body = result.body ?? '';
          res.end(req.method === 'HEAD' ? undefined : result.isBase64Encoded ? Buffer.from(body, 'base64') : body);
        } catch (error) {
          // A function that crashed outright (its wrapper answers every error it catches): API Gateway
          // answers 500 then, too. Its own message stays on this terminal.
          console.error(`[gateway] ${match.route.function} failed:`, error);
          writeProblem(res, gatewayProblems.crashed(), url.pathname, head);
        }
      })();
    });
  });
}
