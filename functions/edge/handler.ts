/**
 * The one wrapper every HTTP handler goes through (middy), in phases:
 *   before   observability (Lambda context and correlation id on every log line), header
 *            normalisation, then parsing: size ceiling, content type, JSON or form body, well-formed
 *            text — so a wrong request never reaches a use case (and never writes);
 *   handler  the route's own code: a parsed `HttpRequest` in, a `Response` out;
 *   after    HEAD answers without a body; the invocation's metrics are written;
 *   onError  the error is mapped in one place (edge/problem.ts `toProblem`) to RFC 9457
 *            problem+json — or, for a browser, to the route's page (`renderError`); an error
 *            nobody expected is logged with the request ids, counted (UnexpectedErrors, alarmed)
 *            and answered 500 (503 when AWS throttled) without a word of its own message.
 */
import middy, { type MiddlewareObj } from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { HttpProblem, badRequest, toProblem, unexpectedProblem } from './problem.js';
import { problem, type Response } from './responses.js';
import { observed, reportUnexpected } from './observability.js';
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

/**
 * A route's own answer to an error it can show better than problem+json (a browser's page, the
 * form again with the messages beside the fields, a copy's refusal as text). The status is the
 * problem's: a renderer chooses the body, never the status. `undefined`: problem+json.
 */
export type ErrorRenderer = (p: HttpProblem, error: unknown, req: HttpRequest) => Response | undefined | Promise<Response | undefined>;

export interface HandlerOptions {
  /** Which bodies the route accepts; anything else is 415. */
  accepts?: readonly Exclude<BodyKind, 'none'>[];
  /** The body ceiling, when a route takes more than MAX_BODY_BYTES (a CMS pushing a long article). */
  maxBodyBytes?: number;
  renderError?: ErrorRenderer;
}

/** The body as sent (decoded from base64 when API Gateway encoded it): for signatures over the raw bytes. */
export function rawBodyOf(event: APIGatewayProxyEventV2): string {
  if (!event.body) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

const mediaType = (k: Exclude<BodyKind, 'none'>) => (k === 'json' ? 'application/json' : 'application/x-www-form-urlencoded');

export function parseBody(event: APIGatewayProxyEventV2, accepts: readonly Exclude<BodyKind, 'none'>[], maxBytes = MAX_BODY_BYTES): ParsedBody {
  const raw = rawBodyOf(event);
  if (Buffer.byteLength(raw, 'utf8') > maxBytes) {
    throw new HttpProblem(413, 'Content Too Large', `The body is larger than ${maxBytes} bytes.`);
  }
  if (accepts.length === 0) return { kind: 'none' };
  const contentType = (event.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (contentType === 'application/json' && accepts.includes('json')) {
    if (!raw.trim()) throw badRequest('The body is empty; a JSON object was expected.');
    let value: unknown;
    try {
      value = JSON.parse(raw) as unknown;
    } catch {
      throw badRequest('The body is not valid JSON.');
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
  throw new HttpProblem(415, 'Unsupported Media Type', `Send the body as ${accepts.map(mediaType).join(' or ')}.`, {}, { accept: accepts.map(mediaType).join(', ') });
}

/**
 * Text no UTF-8 encoder can write (a JSON "\ud800" escape) never gets past the edge: it would fail
 * later, inside the mailer or the table, far from the request that carried it.
 */
function refuseIllFormed(value: unknown, prefix: string): void {
  const paths = illFormedPaths(value, prefix);
  if (paths.length) throw badRequest('The request contains text that is not well-formed Unicode.', paths.map((path) => ({ path, message: ILL_FORMED_MESSAGE })));
}

export function toRequest(event: APIGatewayProxyEventV2, body: ParsedBody): HttpRequest {
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

type Request = middy.Request<APIGatewayProxyEventV2, Response, Error, Context>;
const parsed = new WeakMap<APIGatewayProxyEventV2, HttpRequest>();

/** before: the request parsed once, or a 400/413/415 before the route's code runs. */
function parseRequest(accepts: readonly Exclude<BodyKind, 'none'>[], maxBytes?: number): MiddlewareObj<APIGatewayProxyEventV2, Response> {
  return {
    before: (request) => {
      const bare = toRequest(request.event, { kind: 'none' });
      parsed.set(request.event, bare);
      refuseIllFormed({ path: bare.params, query: bare.query, header: bare.headers }, '');
      parsed.set(request.event, toRequest(request.event, parseBody(request.event, accepts, maxBytes)));
    },
  };
}

const withoutBodyForHead = (event: APIGatewayProxyEventV2, r: Response): Response =>
  (event.requestContext.http.method === 'HEAD' ? { ...r, body: '' } : r);

/** after: HEAD without a body. onError: the one error path (see the top of this file). */
function answerErrors(renderError?: ErrorRenderer): MiddlewareObj<APIGatewayProxyEventV2, Response> {
  return {
    after: (request) => {
      if (request.response) request.response = withoutBodyForHead(request.event, request.response);
    },
    onError: async (request: Request) => {
      const { event, error } = request;
      const known = toProblem(error);
      if (!known) {
        // Not the client's fault: the path only, never the query string (it may carry a token).
        reportUnexpected(error, { path: event.rawPath, routeKey: event.routeKey });
        request.response = problem(unexpectedProblem(error), event.rawPath);
        return;
      }
      const req = parsed.get(event) ?? toRequest(event, { kind: 'none' });
      let rendered: Response | undefined;
      try {
        rendered = renderError ? await renderError(known, error, req) : undefined;
      } catch (renderFailure) {
        reportUnexpected(renderFailure, { path: event.rawPath, routeKey: event.routeKey, while: 'rendering an error page' });
      }
      // A rendered page keeps the problem's headers (Retry-After, WWW-Authenticate, Allow).
      const response = rendered ? { ...rendered, headers: { ...known.headers, ...rendered.headers } } : problem(known, event.rawPath);
      request.response = withoutBodyForHead(event, response);
    },
  };
}

export function httpHandler(fn: (req: HttpRequest) => Promise<Response>, options: HandlerOptions = {}) {
  return middy<APIGatewayProxyEventV2, Response>()
    .use(observed())
    .use(httpHeaderNormalizer())
    .use(parseRequest(options.accepts ?? [], options.maxBodyBytes))
    .use(answerErrors(options.renderError))
    .handler((event) => fn(parsed.get(event)!));
}
