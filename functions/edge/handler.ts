/**
 * The one wrapper every HTTP handler goes through (middy): header normalisation, body parsing with
 * a size ceiling and content-type check, and a single error middleware that turns anything thrown
 * into RFC 9457 problem+json (or, for a browser form post, a readable HTML page). Handlers stay thin:
 * they get a parsed `HttpRequest` and return a `Response`.
 */
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { HttpProblem } from './problem.js';
import { problem, type Response } from './responses.js';
import { log } from './log.js';
import { recordMetrics } from './metrics.js';
import { METRIC } from '../config/metrics.js';
import { toHttpProblem } from '../application/errors.js';
import { ILL_FORMED_MESSAGE, illFormedPaths } from '../domain/unicode.js';

export const MAX_BODY_BYTES = 64 * 1024;

export type BodyKind = 'none' | 'json' | 'form';
export type ParsedBody =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'form'; fields: Record<string, string> };

export interface HttpRequest {
  event: APIGatewayProxyEventV2;
  method: string;
  path: string;
  params: Record<string, string>;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: ParsedBody;
  sourceIp: string;
  userAgent: string;
  /** True when the client is a browser form (urlencoded post or Accept: text/html): errors answer in HTML. */
  prefersHtml: boolean;
}

export interface HandlerOptions {
  /** Which bodies the route accepts; anything else is 415. */
  accepts?: readonly Exclude<BodyKind, 'none'>[];
  /** The body ceiling, when a route takes more than MAX_BODY_BYTES (a CMS pushing a long article). */
  maxBodyBytes?: number;
  /** Renders an error as an HTML page for browser clients; problem+json otherwise. */
  htmlError?: (p: HttpProblem, req: HttpRequest) => Response;
}

function decodeBody(event: APIGatewayProxyEventV2): string {
  if (!event.body) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

export function parseBody(event: APIGatewayProxyEventV2, accepts: readonly Exclude<BodyKind, 'none'>[], maxBytes = MAX_BODY_BYTES): ParsedBody {
  const raw = decodeBody(event);
  if (Buffer.byteLength(raw, 'utf8') > maxBytes) {
    throw new HttpProblem(413, 'Content Too Large', `The body is larger than ${maxBytes} bytes.`);
  }
  if (accepts.length === 0) return { kind: 'none' };
  const contentType = (event.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (contentType === 'application/json' && accepts.includes('json')) {
    if (!raw.trim()) throw new HttpProblem(400, 'Bad Request', 'The body is empty; a JSON object was expected.');
    let value: unknown;
    try {
      value = JSON.parse(raw) as unknown;
    } catch {
      throw new HttpProblem(400, 'Bad Request', 'The body is not valid JSON.');
    }
    refuseIllFormed(value, '');
    return { kind: 'json', value };
  }
  if (contentType === 'application/x-www-form-urlencoded' && accepts.includes('form')) {
    const fields: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(raw)) fields[k] = v;
    refuseIllFormed(fields, '');
    return { kind: 'form', fields };
  }
  const expected = accepts.map((k) => (k === 'json' ? 'application/json' : 'application/x-www-form-urlencoded')).join(' or ');
  throw new HttpProblem(415, 'Unsupported Media Type', `Send the body as ${expected}.`, {}, { accept: accepts.map((k) => (k === 'json' ? 'application/json' : 'application/x-www-form-urlencoded')).join(', ') });
}

/**
 * Text no UTF-8 encoder can write (a JSON "\ud800" escape) never gets past the edge: it would fail
 * later, inside the mailer or the table, far from the request that carried it.
 */
function refuseIllFormed(value: unknown, prefix: string): void {
  const paths = illFormedPaths(value, prefix);
  if (paths.length) throw new HttpProblem(400, 'Bad Request', 'The request contains text that is not well-formed Unicode.', { errors: paths.map((path) => ({ path, message: ILL_FORMED_MESSAGE })) });
}

function toRequest(event: APIGatewayProxyEventV2, body: ParsedBody): HttpRequest {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(event.headers ?? {})) if (v !== undefined) headers[k.toLowerCase()] = v;
  const query: Record<string, string> = {};
  for (const [k, v] of Object.entries(event.queryStringParameters ?? {})) if (v !== undefined) query[k] = v;
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(event.pathParameters ?? {})) if (v !== undefined) params[k] = v;
  const accept = headers['accept'] ?? '';
  return {
    event,
    method: event.requestContext.http.method,
    path: event.rawPath,
    params,
    query,
    headers,
    body,
    sourceIp: event.requestContext.http.sourceIp,
    userAgent: event.requestContext.http.userAgent ?? headers['user-agent'] ?? '',
    prefersHtml: body.kind === 'form' || (accept.includes('text/html') && !accept.includes('application/json')),
  };
}

export function httpHandler(fn: (req: HttpRequest) => Promise<Response>, options: HandlerOptions = {}) {
  const accepts = options.accepts ?? [];
  const core = async (event: APIGatewayProxyEventV2, _context: Context): Promise<Response> => {
    let req: HttpRequest | undefined;
    try {
      // Parse before anything else so a wrong body never reaches the core (and never writes).
      req = toRequest(event, { kind: 'none' });
      refuseIllFormed({ path: req.params, query: req.query, header: req.headers }, '');
      req = toRequest(event, parseBody(event, accepts, options.maxBodyBytes));
      const response = await fn(req);
      if (event.requestContext.http.method === 'HEAD') return { ...response, body: '' };
      return response;
    } catch (error) {
      const known = toHttpProblem(error);
      if (known) {
        const r = req && options.htmlError && req.prefersHtml ? options.htmlError(known, req) : problem(known, event.rawPath);
        return event.requestContext.http.method === 'HEAD' ? { ...r, body: '' } : r;
      }
      // Not the client's fault: log with the path (never the query string, which may carry a token).
      log('error', 'unhandled error', { path: event.rawPath, routeKey: event.routeKey, error: String((error as Error)?.stack ?? error) });
      recordMetrics([{ name: METRIC.unexpectedErrors }]);
      const unavailable = isThrottle(error);
      return problem(new HttpProblem(unavailable ? 503 : 500, unavailable ? 'Service Unavailable' : 'Internal Server Error',
        unavailable ? 'The service is busy; try again in a moment.' : 'Something went wrong on our side; nothing was changed by this request.',
        {}, unavailable ? { 'retry-after': '2' } : {}), event.rawPath);
    }
  };
  return middy<APIGatewayProxyEventV2, Response>().use(httpHeaderNormalizer()).handler(core);
}

function isThrottle(error: unknown): boolean {
  const name = (error as { name?: string })?.name ?? '';
  return ['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded', 'TimeoutError'].includes(name);
}
