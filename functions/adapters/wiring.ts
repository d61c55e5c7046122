/**
 * Builds a handler's dependencies once per process from its declared environment (read at module
 * load: a missing variable fails the cold start, naming the variable).
 */
import { readEnv, type EnvName } from '../config/environment.js';
import { dynamoDocumentClient, ses } from './aws-clients.js';
import { dynamoRepository } from './repository.js';
import { sesMailer } from './mailer.js';

export function httpDeps<const N extends EnvName>(extra: readonly N[] = []) {
  const env = readEnv(['TABLE_NAME', 'BASE_URL', 'STAGE', ...extra]);
  return { env, repo: dynamoRepository(dynamoDocumentClient(), env.TABLE_NAME), baseUrl: env.BASE_URL.replace(/\/+$/, '') };
}

export function mailDeps() {
  const env = readEnv(['TABLE_NAME', 'BASE_URL', 'STAGE', 'MAIL_FROM', 'SES_CONFIGURATION_SET']);
  return {
    env,
    repo: dynamoRepository(dynamoDocumentClient(), env.TABLE_NAME),
    mailer: sesMailer(ses(), { configurationSet: env.SES_CONFIGURATION_SET || undefined }),
  };
}
