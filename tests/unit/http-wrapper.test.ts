/**
 * The one error path (functions/edge/handler.ts): parse in `before`, map in `onError`; an error
 * nobody expected answers 500 problem+json without its own words, is logged by the Powertools
 * Logger with the Lambda and API Gateway request ids, and counted as UnexpectedErrors — and no
 * token, query string or body ever reaches a log line.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { METRIC } from '../../functions/config/metrics.js';
import { lambdaContext } from '../../local/gateway.js';

let out: string[] = [];
const saved = { STAGE: process.env.STAGE, LOG_LEVEL: process.env.LOG_LEVEL };
beforeEach(() => {
  vi.resetModules();
  out = [];
  process.env.STAGE = 'prod';
  delete process.env.LOG_LEVEL;
  const capture = (chunk: string | Uint8Array) => { out.push(String(chunk)); return true; };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
});
afterEach(() => {
  vi.restoreAllMocks();
  for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
});

const lines = () => out.join('').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, any>);

function event(over: { method?: string; path?: string; query?: Record<string, string>; headers?: Record<string, string>; body?: string } = {}): APIGatewayProxyEventV2 {
  const path = over.path ?? '/requests/r-1';
  const query = over.query ?? {};
  return {
    version: '2.0', routeKey: `${over.method ?? 'GET'} /requests/{requestId}`, rawPath: path,
    rawQueryString: new URLSearchParams(query).toString(), headers: over.headers ?? {},
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    pathParameters: { requestId: 'r-1' },
    requestContext: {
      accountId: '1', apiId: 'a', domainName: 'x', domainPrefix: 'x', requestId: 'apigw-req-42', routeKey: 'x', stage: '$default', time: '', timeEpoch: 0,
      http: { method: over.method ?? 'GET', path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' },
    },
    ...(over.body !== undefined ? { body: over.body } : {}),
    isBase64Encoded: false,
  };
}

const TOKEN = 'tok_SECRET_must_never_be_logged_0123456789';

describe('an error nobody expected', () => {
  it('answers 500 problem+json without internals, logs with both request ids, counts UnexpectedErrors', async () => {
    const { httpHandler } = await import('../../functions/edge/handler.js');
    const handler = httpHandler(async () => { throw new Error(`db password hunter2 in ${TOKEN}`); });
    const context = { ...lambdaContext('get-request'), awsRequestId: 'lambda-req-7' };
    const res = await handler(event({ query: { token: TOKEN } }), context);

    expect(res.statusCode).toBe(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const doc = JSON.parse(res.body!);
    expect(doc).toMatchObject({ status: 500, title: 'Internal Server Error', type: 'https://reprintdesk.dev/problems/unexpected-error', instance: '/requests/r-1' });
    expect(res.body).not.toMatch(/hunter2|SECRET|Error:|at /);

    const logged = lines().find((l) => l.message === 'unexpected error')!;
    expect(logged).toMatchObject({ level: 'ERROR', service: 'reprint-desk', correlation_id: 'apigw-req-42', function_request_id: 'lambda-req-7', path: '/requests/r-1' });
    expect(typeof logged.cold_start).toBe('boolean');
    expect(logged.error.message).toContain('hunter2'); // the log keeps the cause for the operator…

    const emf = lines().find((l) => l._aws && METRIC.unexpectedErrors in l)!;
    expect(emf).toMatchObject({ [METRIC.unexpectedErrors]: 1, stage: 'prod', service: 'reprint-desk' });
    expect(emf._aws.CloudWatchMetrics[0].Dimensions[0].sort()).toEqual(['service', 'stage']); // what the alarm reads
  });

  it('never logs the token or the query string, even when the error message carries neither', async () => {
    const { httpHandler } = await import('../../functions/edge/handler.js');
    const handler = httpHandler(async () => { throw new TypeError('x is undefined'); });
    await handler(event({ query: { token: TOKEN, from: 'r-9' }, headers: { authorization: `Bearer ${TOKEN}` } }), lambdaContext('get-request'));
    const all = out.join('');
    expect(all).toContain('unexpected error'); // something was logged…
    expect(all).not.toContain(TOKEN); // …but not the token,
    expect(all).not.toContain('token='); // nor the query string,
    expect(all).not.toContain('Bearer'); // nor a header.
  });

  it('a DynamoDB throttle answers 503 with Retry-After, and is still counted', async () => {
    const { httpHandler } = await import('../../functions/edge/handler.js');
    const handler = httpHandler(async () => { throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }); });
    const res = await handler(event(), lambdaContext('get-request'));
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('2');
    expect(lines().some((l) => l._aws && METRIC.unexpectedErrors in l)).toBe(true);
  });
});

describe('known errors', () => {
  it('a domain error answers its problem and is neither logged as an error nor counted', async () => {
    const { httpHandler } = await import('../../functions/edge/handler.js');
    const { RequestNotFound } = await import('../../functions/application/errors.js');
    const handler = httpHandler(async () => { throw new RequestNotFound(); });
    const res = await handler(event({ query: { token: TOKEN } }), lambdaContext('get-request'));
    expect(res.statusCode).toBe(404);
    expect(JSON.parse(res.body!)).toMatchObject({ status: 404, title: 'Not Found', detail: 'This request was not found, or the link is not valid.' });
    expect(lines().filter((l) => l.level === 'ERROR')).toEqual([]);
    expect(lines().some((l) => l._aws && METRIC.unexpectedErrors in l)).toBe(false);
  });

  it('parsing happens before the handler: a wrong body never reaches it', async () => {
    const { httpHandler } = await import('../../functions/edge/handler.js');
    const seen = vi.fn(async () => { throw new Error('must not run'); });
    const handler = httpHandler(seen, { accepts: ['json'] });
    const bad = await handler(event({ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' }), lambdaContext('x'));
    expect(bad.statusCode).toBe(400);
    const wrongType = await handler(event({ method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' }), lambdaContext('x'));
    expect(wrongType.statusCode).toBe(415);
    expect(wrongType.headers.accept).toBe('application/json');
    expect(seen).not.toHaveBeenCalled();
  });

  it('a route renders an error for a browser; the status stays the mapping\'s', async () => {
    const { httpHandler } = await import('../../functions/edge/handler.js');
    const { browserPage } = await import('../../functions/edge/browser-page.js');
    const { OfferExpired } = await import('../../functions/application/errors.js');
    const handler = httpHandler(async () => { throw new OfferExpired('2026-01-01T00:00:00Z'); }, { renderError: browserPage() });
    const page = await handler(event({ headers: { accept: 'text/html' } }), lambdaContext('x'));
    expect(page.statusCode).toBe(410);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const api = await handler(event({ headers: { accept: 'application/json' } }), lambdaContext('x'));
    expect(api.statusCode).toBe(410);
    const { MailCapReached } = await import('../../functions/application/errors.js');
    const capped = await httpHandler(async () => { throw new MailCapReached('recipient', 3600); }, { renderError: browserPage() })(event({ headers: { accept: 'text/html' } }), lambdaContext('x'));
    expect(capped.statusCode).toBe(429);
    expect(capped.headers['content-type']).toMatch(/^text\/html/);
    expect(capped.headers['retry-after']).toBe('3600'); // the page keeps the problem's headers
    expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('HEAD answers without a body, errors too', async () => {
    const { httpHandler } = await import('../../functions/edge/handler.js');
    const { ok } = await import('../../functions/edge/responses.js');
    const { RequestNotFound } = await import('../../functions/application/errors.js');
    expect((await httpHandler(async () => ok({ a: 1 }))(event({ method: 'HEAD' }), lambdaContext('x'))).body).toBe('');
    const missing = await httpHandler(async () => { throw new RequestNotFound(); })(event({ method: 'HEAD' }), lambdaContext('x'));
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toBe('');
  });
});

describe('the workers (stream, schedule, SES)', () => {
  it('log and count an unexpected error, then throw it on so Lambda retries and the Errors alarm fires', async () => {
    const { workerHandler } = await import('../../functions/edge/worker.js');
    const handler = workerHandler(async () => { throw new Error('SES is down'); });
    await expect(handler({}, { ...lambdaContext('dispatcher'), awsRequestId: 'lambda-req-9' })).rejects.toThrow('SES is down');
    expect(lines().find((l) => l.message === 'unexpected error')).toMatchObject({ function_request_id: 'lambda-req-9', function: 'reprint-desk-local-dispatcher' });
    expect(lines().some((l) => l._aws && METRIC.unexpectedErrors in l)).toBe(true);
  });
});
