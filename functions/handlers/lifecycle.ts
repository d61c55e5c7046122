/**
 * The scheduled lifecycle function. In AWS an EventBridge Scheduler schedule invokes `handler`
 * (the event's content is not used: the clock is the invocation time); locally the worker in
 * local/workers.ts calls `runLifecycle(now)` on a timer, and tests call it with a moved clock.
 */
import { readEnv } from '../config/environment.js';
import { dynamoDocumentClient } from '../adapters/aws-clients.js';
import { dynamoRepository } from '../adapters/repository.js';
import { workerHandler } from '../edge/worker.js';
import { lifecycleConfigFrom } from '../domain/lifecycle.js';
import { sweepLifecycle, type LifecycleDeps, type LifecycleReport } from '../application/lifecycle.js';

const env = readEnv(['TABLE_NAME', 'BASE_URL', 'STAGE', 'REMIND_AFTER_HOURS', 'EXPIRE_AFTER_DAYS', 'RENEWAL_NOTICE_DAYS', 'INBOUND_DOMAIN']);
const deps: LifecycleDeps = {
  repo: dynamoRepository(dynamoDocumentClient(), env.TABLE_NAME),
  baseUrl: env.BASE_URL.replace(/\/+$/, ''),
  config: lifecycleConfigFrom(env),
  ...(env.INBOUND_DOMAIN ? { inboundDomain: env.INBOUND_DOMAIN } : {}),
};

export const runLifecycle = (now: Date): Promise<LifecycleReport> => sweepLifecycle(deps, now);

export const handler = workerHandler(() => runLifecycle(new Date()));
