/**
 * GET /openapi.json — the OpenAPI 3.1 description of the HTTP API, generated from the route table
 * and the zod schemas (functions/edge/openapi.ts) into openapi.generated.ts by `npm run openapi`,
 * so this handler serves it without loading zod; only the server URL is the deployment's own.
 */
import { httpHandler } from '../edge/handler.js';
import { ok } from '../edge/responses.js';
import { readEnv } from '../config/environment.js';
import { openApiJson } from '../edge/openapi.generated.js';

const env = readEnv(['BASE_URL']);
const body = { ...openApiJson, servers: [{ url: env.BASE_URL.replace(/\/+$/, '') }] };

export const handler = httpHandler(async () => ok(body, { 'cache-control': 'public, max-age=300' }));
