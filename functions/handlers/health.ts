/** GET /health — 200 once the table answers; 503 (problem+json) while it does not. */
import { httpDeps } from '../edge/wiring.js';
import { httpHandler } from '../edge/handler.js';
import { ok } from '../edge/responses.js';
import { checkHealth } from '../application/health.js';

const { repo, env } = httpDeps();

export const handler = httpHandler(async () => {
  const { status, checks } = await checkHealth(repo);
  return ok({ status, stage: env.STAGE, checks });
});
