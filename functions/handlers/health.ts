/** GET /health — 200 once the table answers; 503 (problem+json) while it does not. */
import { httpDeps } from '../edge/wiring.js';
import { httpHandler } from '../edge/handler.js';
import { HttpProblem } from '../edge/problem.js';
import { json } from '../edge/responses.js';

const { repo, env } = httpDeps();

export const handler = httpHandler(async () => {
  const t0 = Date.now();
  try {
    await repo.ping();
  } catch (e) {
    throw new HttpProblem(503, 'Service Unavailable', `The table is not reachable: ${(e as Error).name}.`, {}, { 'retry-after': '5' });
  }
  return json(200, { status: 'ok', stage: env.STAGE, checks: { dynamodb: { status: 'ok', latencyMs: Date.now() - t0 } } });
});
