/** GET /health: the table answers, or the service is not ready (503 until it does). */
import { DependencyUnreachable } from './errors.js';

export async function checkHealth(repo: { ping(): Promise<unknown> }, clock: () => number = Date.now): Promise<{ status: 'ok'; checks: { dynamodb: { status: 'ok'; latencyMs: number } } }> {
  const t0 = clock();
  try {
    await repo.ping();
  } catch (e) {
    // The error's name only ("ResourceNotFoundException"): its message may name the account.
    throw new DependencyUnreachable('table', (e as Error)?.name ?? 'unknown error');
  }
  return { status: 'ok', checks: { dynamodb: { status: 'ok', latencyMs: clock() - t0 } } };
}
