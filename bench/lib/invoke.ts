/**
 * Calls a route's handler module in this process with the API Gateway v2 event the local gateway
 * (local/gateway.ts: matchRoute, toEvent, lambdaContext) would build for the same HTTP request — no
 * socket between client and handler; the handler's own DynamoDB calls go over loopback HTTP to
 * dynalite, as in `npm start`.
 *
 * A handler module reads TABLE_NAME once, when it loads (as a Lambda does at its cold start). To
 * time one route against two tables at the same moments, each table gets its own instance of the
 * handler module (the same file imported under a different URL query), loaded while TABLE_NAME
 * names that table — two "deployments" of the same code side by side.
 */
import type { IncomingMessage } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { lambdaContext, matchRoute, toEvent } from '../../local/gateway.js';
import { functionCatalogue, type FunctionName, type FunctionSpec } from '../../functions/config/functions.js';
import { DEFAULT_MEMORY_MB } from '../../infra/constructs/reprint-function.js';

/** The context Lambda passes: the local gateway's, with the memory the construct gives this function. */
const contextFor = (fn: FunctionName): Context => ({ ...lambdaContext(fn), memoryLimitInMB: String((functionCatalogue[fn] as FunctionSpec).memoryMb ?? DEFAULT_MEMORY_MB) });

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

let activeTable = process.env.TABLE_NAME ?? '';
/** The table later calls without an explicit one go to. */
export const useTable = (table: string) => { activeTable = table; };
export const currentTable = () => activeTable;

const modules = new Map<string, Promise<Record<string, unknown>>>();
let loading: Promise<unknown> = Promise.resolve();

/**
 * The module of function `fn` bound to `table` (loaded once per table and `instance`, one load at a
 * time). A new `instance` is a new container: its per-process caches and memos start empty.
 */
export function moduleFor<T = Record<string, unknown>>(fn: FunctionName, table = activeTable, instance = ''): Promise<T> {
  const key = `${fn}\u0000${table}\u0000${instance}`;
  let m = modules.get(key);
  if (!m) {
    const url = `${pathToFileURL(resolve(import.meta.dirname, '../../functions/handlers', functionCatalogue[fn].entry)).href}?table=${encodeURIComponent(table)}${instance ? `&instance=${encodeURIComponent(instance)}` : ''}`;
    m = loading.then(async () => {
      const before = process.env.TABLE_NAME;
      process.env.TABLE_NAME = table;
      try { return (await import(url)) as Record<string, unknown>; } finally { process.env.TABLE_NAME = before; }
    });
    loading = m.catch(() => undefined);
    modules.set(key, m);
  }
  return m as Promise<T>;
}

export interface Invocation {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Handler time in ms (what Lambda would bill, before rounding up to 1 ms). */
  ms: number;
  fn: FunctionName;
}

export interface InvokeInit {
  headers?: Record<string, string>;
  body?: string;
  /** The client's address as the gateway sees it (default loopback). */
  remoteAddress?: string;
}

export async function invoke(method: string, url: string, init: InvokeInit = {}, table = activeTable, instance = ''): Promise<Invocation> {
  const path = new URL(url, 'http://localhost').pathname;
  const match = matchRoute(method, path);
  if (match.kind !== 'match') throw new Error(`${method} ${path}: ${match.kind}`);
  const body = Buffer.from(init.body ?? '', 'utf8');
  const headers: Record<string, string> = { host: 'localhost', 'user-agent': 'reprint-desk-bench', ...init.headers };
  if (body.length && !headers['content-length']) headers['content-length'] = String(body.length);
  // The parts of an IncomingMessage that toEvent reads.
  const req = {
    url, method, httpVersion: '1.1',
    rawHeaders: Object.entries(headers).flat(),
    socket: { remoteAddress: init.remoteAddress ?? '127.0.0.1' },
  } as unknown as IncomingMessage;
  const { handler } = await moduleFor<{ handler: Handler }>(match.route.function, table, instance);
  const event = toEvent(req, body, match.route, match.params);
  const t0 = performance.now();
  const result = await handler(event, contextFor(match.route.function));
  const ms = performance.now() - t0;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(result.headers ?? {})) out[k.toLowerCase()] = String(v);
  const raw = result.body ?? '';
  return {
    status: result.statusCode ?? 200, headers: out, ms, fn: match.route.function,
    body: result.isBase64Encoded ? Buffer.from(raw, 'base64').toString('latin1') : raw,
  };
}

let containers = 0;
/** One call in a new container (a fresh instance of the handler module, its caches and memos empty). */
export const invokeCold = (method: string, url: string, init: InvokeInit = {}, table = activeTable) =>
  invoke(method, url, init, table, `cold-${++containers}`);

export const jsonInit = (body: unknown, headers: Record<string, string> = {}): InvokeInit =>
  ({ headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
export const formInit = (fields: Record<string, string>, headers: Record<string, string> = {}): InvokeInit =>
  ({ headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields).toString() });
