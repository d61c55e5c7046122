/** Response shapes for API Gateway HTTP API (payload v2). */
import type { APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { HttpProblem } from './problem.js';

export type Response = APIGatewayProxyStructuredResultV2 & { headers: Record<string, string> };
export type { APIGatewayProxyResultV2 };

const baseHeaders = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return { statusCode: status, headers: { ...baseHeaders, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers }, body: JSON.stringify(body) };
}

export function text(status: number, body: string, headers: Record<string, string> = {}): Response {
  return { statusCode: status, headers: { ...baseHeaders, 'content-type': 'text/plain; charset=utf-8', ...headers }, body };
}

export function problem(p: HttpProblem, instance?: string): Response {
  return {
    statusCode: p.status,
    headers: { ...baseHeaders, 'content-type': 'application/problem+json; charset=utf-8', 'cache-control': 'no-store', ...p.headers },
    body: JSON.stringify(p.toDocument(instance)),
  };
}

/** An HTML page with its Content-Security-Policy (the page renderer computes hashes of inline code). */
export function html(status: number, page: { html: string; csp: string }, headers: Record<string, string> = {}): Response {
  return {
    statusCode: status,
    headers: {
      ...baseHeaders,
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': page.csp,
      'x-frame-options': 'DENY',
      'cache-control': 'no-store',
      ...headers,
    },
    body: page.html,
  };
}

/** 303 See Other: after a form post, the browser GETs `location`, so a reload never posts again. */
export function seeOther(location: string, headers: Record<string, string> = {}): Response {
  return { statusCode: 303, headers: { ...baseHeaders, location, 'cache-control': 'no-store', 'content-type': 'text/plain; charset=utf-8', ...headers }, body: `See ${location}\n` };
}

// --- The answers a handler gives: it says what it answers, never with which status. -------------

/** 200 with JSON. */
export const ok = (body: unknown, headers: Record<string, string> = {}): Response => json(200, body, headers);
/** 201 with JSON and the new resource's `Location`. */
export const created = (body: unknown, location: string, headers: Record<string, string> = {}): Response => json(201, body, { location, ...headers });
/** 200 with an HTML page. */
export const page = (p: { html: string; csp: string }, headers: Record<string, string> = {}): Response => html(200, p, headers);
/** 200 with plain text. */
/** 201 for something new, 200 when it was there already (a re-registration). */
export const createdOrOk = (isNew: boolean, body: unknown, headers: Record<string, string> = {}): Response => json(isNew ? 201 : 200, body, headers);
/** 202 when work was queued, 200 when it was queued before (a repeated click). */
export const acceptedOrOk = (queued: boolean, body: unknown, headers: Record<string, string> = {}): Response => json(queued ? 202 : 200, body, headers);

export const plain = (body: string, headers: Record<string, string> = {}): Response => text(200, body, headers);

/** 200 with bytes (a PDF, an image), base64 as API Gateway wants binary bodies. */
export function bytes(content: Uint8Array, contentType: string, headers: Record<string, string> = {}): Response {
  return {
    statusCode: 200,
    headers: { ...baseHeaders, 'content-type': contentType, 'content-length': String(content.byteLength), ...headers },
    body: Buffer.from(content).toString('base64'),
    isBase64Encoded: true,
  };
}
