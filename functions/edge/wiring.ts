/**
 * Builds a handler's dependencies once per process from its declared environment (read at module
 * load: a missing variable fails the cold start, naming the variable).
 */
import { listFrom, readEnv, type EnvName } from '../config/environment.js';
import { dynamoDocumentClient, newSesClient } from '../adapters/aws-clients.js';
import { dynamoRepository } from '../adapters/repository.js';
import { sesMailer } from '../adapters/mailer.js';
import { withReadCache } from '../adapters/read-cache.js';
import { dynamoMailCapCounters } from '../adapters/mail-cap-counters.js';
import { mailCapLimits } from '../application/mail-caps.js';

export function httpDeps<const N extends EnvName>(extra: readonly N[] = [], opts: { cacheArticlesAndTerms?: boolean; cacheTerms?: boolean } = {}) {
  const env = readEnv(['TABLE_NAME', 'BASE_URL', 'STAGE', ...extra]);
  const repo = dynamoRepository(dynamoDocumentClient(), env.TABLE_NAME);
  const cached = opts.cacheArticlesAndTerms ? withReadCache(repo) : opts.cacheTerms ? withReadCache(repo, undefined, undefined, 'terms') : repo;
  return { env, repo: cached, baseUrl: env.BASE_URL.replace(/\/+$/, '') };
}

const INTAKE_ENV = ['TOKEN_TTL_DAYS', 'APPROVERS', 'INBOUND_DOMAIN', 'MAIL_CAP_PER_RECIPIENT_DAY', 'MAIL_CAP_PER_SOURCE_IP_DAY'] as const;

/**
 * The dependencies of the handlers that take in public requests and mail approvers (POST /requests,
 * POST /requests/{id}/exception): the intake's settings and the daily mail caps, built once here.
 */
export function intakeDeps<const N extends EnvName>(extra: readonly N[] = [], opts: { cacheArticlesAndTerms?: boolean } = {}) {
  const { env, repo, baseUrl } = httpDeps<(typeof INTAKE_ENV)[number] | N>([...INTAKE_ENV, ...extra], opts);
  return {
    env, repo, baseUrl,
    intake: {
      repo, baseUrl,
      tokenTtlDays: Number(env.TOKEN_TTL_DAYS),
      fallbackApprovers: listFrom(env.APPROVERS),
      inboundDomain: env.INBOUND_DOMAIN || undefined,
    },
    mailCaps: { counters: dynamoMailCapCounters(dynamoDocumentClient(), env.TABLE_NAME), limits: mailCapLimits(env) },
  };
}

export function mailDeps() {
  const env = readEnv(['TABLE_NAME', 'BASE_URL', 'STAGE', 'MAIL_FROM', 'SES_CONFIGURATION_SET']);
  return {
    env,
    repo: dynamoRepository(dynamoDocumentClient(), env.TABLE_NAME),
    mailer: sesMailer(newSesClient, { configurationSet: env.SES_CONFIGURATION_SET || undefined }),
  };
}
