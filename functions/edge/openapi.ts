/**
 * The OpenAPI 3.1 document of the HTTP API (GET /openapi.json), generated — never written by hand:
 * every path and method from the route table (functions/config/functions.ts), every request body
 * from the zod schema its handler validates with, through zod 4's own JSON Schema export
 * (`z.toJSONSchema`, draft 2020-12, the dialect OpenAPI 3.1 uses).
 */
import * as z from 'zod/mini';
import { functionCatalogue, routes, type Route } from '../config/functions.js';
import { articleSchema } from '../domain/article.js';
import { articlePushRecordSchema, ninjsItemSchema } from '../domain/article-push.js';
import { reprintRequestSchema, requestSubmissionSchema } from '../domain/request-body.js';
import { registerWebhookBody, WEBHOOK_EVENTS } from '../domain/webhooks.js';

type Json = Record<string, unknown>;

const schemaOf = (schema: z.ZodMiniType): Json => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Json;
  return rest;
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const problemSchema = {
  type: 'object',
  description: 'RFC 9457 problem details; validation errors name every failing field.',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' }, instance: { type: 'string' },
    errors: { type: 'array', items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } } },
  },
};

const problems = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [String(s), {
  description: ({ 400: 'Malformed request', 401: 'No valid key', 403: 'Not allowed', 404: 'Not found', 409: 'Conflict', 410: 'Gone', 413: 'Body too large', 415: 'Wrong content type', 422: 'Invalid fields', 429: 'Too many requests', 503: 'Temporarily unavailable; retry after Retry-After seconds' } as Record<number, string>)[s] ?? 'Error',
  content: { 'application/problem+json': { schema: ref('Problem') } },
}]));

const form = (fields: Record<string, Json>, required: string[] = []) => ({
  'application/x-www-form-urlencoded': { schema: { type: 'object', properties: fields, required } },
});

/** What each route takes and answers, beyond what the route table says. */
function operationDetails(route: Route): Json {
  const key = `${route.method} ${route.path}`;
  const html = { 'text/html': { schema: { type: 'string' } } };
  const anyJson = { 'application/json': { schema: { type: 'object' } } };
  switch (key) {
    case 'POST /quotes':
    case 'POST /requests':
      return {
        // POST /requests also needs acceptTerms: true (the requester accepts the terms shown with the quote).
        requestBody: { required: true, content: { 'application/json': { schema: ref(route.path === '/requests' ? 'ReprintSubmission' : 'ReprintRequest') }, ...(route.path === '/requests' ? form({}) : {}) } },
        responses: { [route.path === '/requests' ? '201' : '200']: { description: 'The decision, reasons and quote', content: anyJson }, ...problems(400, 404, 413, 415, 422) },
      };
    case 'PUT /articles/{articleId}':
      return {
        description: 'A publisher’s CMS pushes an article: the desk’s article record or an IPTC ninjs item, each with the CMS revision. ' +
          'Idempotent on the revision: the same revision and content again answers 200 `unchanged`; an older revision, or other content under the stored revision, 409. ' +
          '`pubstatus: canceled` (or a ninjs `withheld`/`canceled`) withdraws the article and sends every licensee a kill notice, a correction sends a correction notice — once per revision.',
        security: [{ publisherKey: [] }],
        requestBody: { required: true, content: { 'application/json': { schema: { oneOf: [ref('ArticlePushRecord'), ref('NinjsItem')] } } } },
        responses: {
          201: { description: 'Created', content: { 'application/json': { schema: ref('PushResult') } } },
          200: { description: 'Updated, or unchanged (a retry)', content: { 'application/json': { schema: ref('PushResult') } } },
          ...problems(400, 401, 403, 409, 413, 415, 422, 503),
        },
      };
    case 'POST /review/{requestId}':
      return { requestBody: { required: true, content: form({ token: { type: 'string' }, decision: { enum: ['approve', 'deny'] }, note: { type: 'string' }, fee: { type: 'string' } }, ['token', 'decision']) },
        responses: { 200: { description: 'The decision', content: html }, ...problems(400, 404, 409, 410, 422) } };
    case 'POST /requests/{requestId}/withdraw':
    case 'POST /requests/{requestId}/offer':
      return { requestBody: { content: { ...form({ token: { type: 'string' }, answer: { enum: ['accept', 'decline'] } }), ...anyJson } },
        responses: { 200: { description: 'The request’s new state', content: { ...anyJson, ...html } }, ...problems(400, 404, 409, 410, 422) } };
    case 'POST /requests/{requestId}/exception':
      return { requestBody: { content: { ...form({ token: { type: 'string' }, note: { type: 'string' } }), ...anyJson } },
        responses: { 200: { description: 'The request’s new state', content: { ...anyJson, ...html } }, ...problems(400, 404, 409, 410, 422, 429) } };
    case 'GET /syndication/feed':
      return { security: [{ partnerKey: [] }],
        parameters: [
          { name: 'format', in: 'query', required: false, schema: { enum: ['rss', 'json'], default: 'rss' } },
          { name: 'since', in: 'query', required: false, schema: { type: 'string' }, description: 'Only articles published after this instant: a date-time with its zone (2026-12-01T18:00:00Z) or a date (00:00 UTC).' },
          { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 }, description: 'Items on the page.' },
          { name: 'cursor', in: 'query', required: false, schema: { type: 'string' }, description: 'The next (older) page, as the feed\'s own next link gives it (RSS atom:link rel="next", JSON Feed next_url); opaque.' },
        ],
        responses: { 200: { description: 'RSS 2.0 or JSON Feed 1.1', content: { 'application/rss+xml': { schema: { type: 'string' } }, 'application/feed+json': { schema: { type: 'object' } } } }, 304: { description: 'Not modified' }, ...problems(400, 401, 429) } };
    case 'GET /licenses/{licenseId}/certificate.pdf':
    case 'GET /licenses/{licenseId}/invoice.pdf':
      return { parameters: [{ name: 'token', in: 'query', required: false, schema: { type: 'string' }, description: 'The licensee\'s copy token or the requester\'s status token (or Authorization: Bearer)' }],
        responses: { 200: { description: 'The PDF', content: { 'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } } } }, ...problems(404) } };
    case 'HEAD /licenses/{licenseId}/certificate.pdf':
    case 'HEAD /licenses/{licenseId}/invoice.pdf':
      return { responses: { 200: { description: 'The PDF\'s headers' }, ...problems(404) } };
    case 'POST /payments/stripe/webhook':
      return { description: 'Stripe events, verified by the Stripe-Signature header: checkout.session.completed issues the license once, checkout.session.expired lapses the request, charge.refunded revokes the license. 404 while card payment is not configured.',
        parameters: [{ name: 'Stripe-Signature', in: 'header', required: true, schema: { type: 'string' } }],
        requestBody: { required: true, content: anyJson },
        responses: { 200: { description: 'Received', content: anyJson }, ...problems(400, 404, 503) } };
    case 'GET /publications/{publicationId}/rsl.xml':
      return { description: 'RSL 1.0 (https://rslstandard.org/rsl): one license per AI use the publication offers (ai-train, ai-input) with the price of one article; AI uses not offered are prohibited.',
        responses: { 200: { description: 'The RSL document', content: { 'application/rsl+xml': { schema: { type: 'string' } } } }, ...problems(404) } };
    case 'GET /.well-known/tdmrep.json':
      return { description: 'W3C TDMRep: an array of rules {location, tdm-reservation, tdm-policy?}; TDM rights are reserved on every path.',
        responses: { 200: { description: 'The TDMRep rules', content: { 'application/json': { schema: { type: 'array', items: { type: 'object', required: ['location', 'tdm-reservation'], properties: { location: { type: 'string' }, 'tdm-reservation': { enum: [0, 1] }, 'tdm-policy': { type: 'string' } } } } } } } } };
    case 'POST /licenses/{licenseId}/webhook':
      return { description: 'A licensee registers an HTTPS endpoint for signed license events (Standard Webhooks: license.revoked, license.expiring, license.ended, article.corrected, article.withdrawn). '
          + 'The token is the licensee\'s copy token or the requester\'s status token (field `token` or Authorization: Bearer). The answer shows the endpoint\'s signing secret once; registering the same URL again rotates it (200). '
          + 'Endpoints whose host resolves to a private, loopback, link-local or other special-use address are refused (422).',
        requestBody: { required: true, content: { 'application/json': { schema: ref('WebhookRegistration') }, ...form({ token: { type: 'string' }, url: { type: 'string' } }, ['token', 'url']) } },
        responses: {
          201: { description: 'Registered; the secret is shown this once', content: { 'application/json': { schema: ref('WebhookRegistered') }, ...html } },
          200: { description: 'The same URL again: a new secret, shown this once', content: { 'application/json': { schema: ref('WebhookRegistered') }, ...html } },
          ...problems(400, 404, 409, 413, 415, 422, 503),
        } };
    case 'POST /staff/compliance/notice':
      return { description: 'The staff view\'s "send a notice": emails the licensee the templated compliance reminder through the outbox, once per click id (a double submit sends once).',
        requestBody: { required: true, content: { ...form({ licenseId: { type: 'string' }, clickId: { type: 'string', pattern: '^[A-Za-z0-9_-]{16,64}$' } }, ['licenseId', 'clickId']), ...anyJson } },
        responses: { 202: { description: 'Queued', content: anyJson }, 200: { description: 'Already queued for this click (JSON), or the result page (form)', content: { ...anyJson, ...html } }, ...problems(400, 403, 404, 415, 422, 503) } };
    case 'GET /staff':
      return { parameters: ['pending', 'offered', 'decisions', 'licenses'].map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' }, description: `The ${name} list's next page, as the page's own link gives it (opaque; one it did not give out answers 400).` })),
        responses: { 200: { description: 'The staff overview', content: html }, ...problems(400, 403) } };
    case 'GET /openapi.json':
      return { responses: { 200: { description: 'This document', content: anyJson } } };
    default:
      return { responses: { 200: { description: 'OK', content: route.method === 'HEAD' ? {} : { ...anyJson, ...html } }, ...problems(400, 404) } };
  }
}

export function openApiDocument(opts: { serverUrl: string }): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) {
    const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const fn = functionCatalogue[route.function];
    const op: Json = {
      operationId: `${route.method.toLowerCase()}-${route.function}`,
      summary: route.method === 'HEAD' ? `${fn.description} (headers only)` : fn.description,
      ...(params.length ? { parameters: params } : {}),
      ...(route.auth === 'staff' ? { description: 'Staff only: a Cognito sign-in of the group rights-staff in AWS (a browser without one is sent to sign in); loopback clients only locally.' } : {}),
      ...operationDetails(route),
    };
    if (route.method === 'HEAD' && op.requestBody) delete op.requestBody;
    (paths[route.path] ??= {})[route.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Reprint Desk',
      version: '1.0.0',
      description: 'Reprint and syndication permissions for news publishers. Every error is application/problem+json (RFC 9457).',
    },
    servers: [{ url: opts.serverUrl.replace(/\/+$/, '') }],
    paths,
    components: {
      securitySchemes: {
        publisherKey: { type: 'http', scheme: 'bearer', description: 'A publisher API key from `desk publishers keys add` (also accepted in x-api-key).' },
        partnerKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'A syndication partner key from `desk partners add`.' },
      },
      schemas: {
        Problem: problemSchema,
        WebhookRegistration: schemaOf(registerWebhookBody({ allowLoopbackHttp: false })),
        WebhookRegistered: {
          type: 'object', required: ['licenseId', 'endpointId', 'url', 'secret', 'rotated', 'events'],
          properties: {
            licenseId: { type: 'string' }, endpointId: { type: 'string' }, url: { type: 'string' },
            secret: { type: 'string', description: 'whsec_… (Standard Webhooks); shown once' }, rotated: { type: 'boolean' },
            events: { type: 'array', items: { enum: [...WEBHOOK_EVENTS] } },
          },
        },
        ReprintRequest: schemaOf(reprintRequestSchema),
        ReprintSubmission: schemaOf(requestSubmissionSchema),
        Article: schemaOf(articleSchema),
        ArticlePushRecord: schemaOf(articlePushRecordSchema),
        NinjsItem: schemaOf(ninjsItemSchema),
        PushResult: {
          type: 'object',
          required: ['articleId', 'outcome', 'revision', 'deskRevision', 'notified'],
          properties: {
            articleId: { type: 'string' }, outcome: { enum: ['created', 'updated', 'unchanged'] }, revision: { type: 'integer' },
            deskRevision: { type: 'integer' }, pubstatus: { enum: ['usable', 'corrected', 'canceled'] }, change: { enum: ['withdrawn', 'corrected'] },
            notified: { type: 'integer', description: 'Licensees sent a kill or correction notice by this push' },
            links: { type: 'object', properties: { reprint: { type: 'string' }, terms: { type: 'string' } } },
          },
        },
      },
    },
  };
}

/** Where `npm run openapi` writes the document, so the handler serves it without loading zod at all. */
export const GENERATED_MODULE = new URL('./openapi.generated.ts', import.meta.url);

export function generatedModuleSource(): string {
  return `/* Generated by \`npm run openapi\` from functions/edge/openapi.ts: do not edit. A test fails when it is out of date. */\n`
    + `export const openApiJson: Record<string, unknown> = ${JSON.stringify(openApiDocument({ serverUrl: '/' }), null, 2)};\n`;
}

if (process.argv[1]?.endsWith('openapi.ts') && process.argv.includes('--write')) {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(GENERATED_MODULE, generatedModuleSource());
  process.stdout.write(`wrote ${GENERATED_MODULE.pathname}\n`);
}
