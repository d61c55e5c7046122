/** GET /openapi.json — the OpenAPI 3.1 description of the HTTP API, generated from the route table and the zod schemas. */
import { httpHandler } from '../http/handler.js';
import { json } from '../http/responses.js';
import { readEnv } from '../config/environment.js';
import { openApiDocument } from '../http/openapi.js';

const env = readEnv(['BASE_URL']);
const body = openApiDocument({ serverUrl: env.BASE_URL });

export const handler = httpHandler(async () => json(200, body, { 'cache-control': 'public, max-age=300' }));
