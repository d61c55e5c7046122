/**
 * Builds a handler's dependencies once per process from its declared environment (read at module
 * load: a missing variable fails the cold start, naming the variable).
 */
import { readEnv, type EnvName } from '../config/environment.js';
import { dynamoDocumentClient, newSesClient } from './aws-clients.js';
import { dynamoRepository } from './repository.js';
import { sesMailer } from './mailer.js';
import { withReadCache } from './read-cache.js';

export function httpDeps<const N extends EnvName>(extra: readonly N[] = [], opts: { cacheArticlesAndTerms?: boolean } = {}) {
  const env = readEnv(['TABLE_NAME', 'BASE_URL', 'STAGE', ...extra]);
  const repo = dynamoRepository(dynamoDocumentClient(), env.TABLE_NAME);
  return { env, repo: opts.cacheArticlesAndTerms ? withReadCache(repo) : repo, baseUrl: env.BASE_URL.replace(/\/+$/, '') };
}

export function mailDeps() {
  const env = readEnv(['TABLE_NAME', 'BASE_URL', 'STAGE', 'MAIL_FROM', 'SES_CONFIGURATION_SET']);
  return {
    env,
    repo: dynamoRepository(dynamoDocumentClient(), env.TABLE_NAME),
    mailer: sesMailer(newSesClient, { configurationSet: env.SES_CONFIGURATION_SET || undefined }),
  };
}
