/**
 * The one logger: Powertools for AWS Lambda's Logger — one JSON object per line with level,
 * message, timestamp, service, the Lambda request id (`function_request_id`), `cold_start`, the
 * X-Ray trace id and, for HTTP, API Gateway's request id as `correlation_id`
 * (functions/edge/observability.ts sets it per invocation).
 *
 * What is never logged: a token, a query string (it may carry one), a request body, a header. The
 * event is never logged (`logEvent: false` wins over POWERTOOLS_LOGGER_LOG_EVENT); callers pass
 * paths and ids. Level: LOG_LEVEL, else WARN on the local stack (its console is a person's
 * terminal) and INFO deployed.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { LogFields, LogPort } from '../application/observability.js';
import { METRIC_SERVICE } from '../config/metrics.js';

type Level = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
const levels: readonly Level[] = ['DEBUG', 'INFO', 'WARN', 'ERROR'];

function levelFrom(env: NodeJS.ProcessEnv): Level {
  const wanted = (env.LOG_LEVEL ?? '').toUpperCase() as Level;
  if (levels.includes(wanted)) return wanted;
  return env.STAGE === 'local' ? 'WARN' : 'INFO';
}

export const logger = new Logger({
  serviceName: METRIC_SERVICE,
  logLevel: levelFrom(process.env),
  persistentKeys: { stage: process.env.STAGE ?? 'unknown' },
});

/** The use cases' log port (application/observability.ts), written by the Logger. */
export const logPort: LogPort = {
  debug: (message: string, fields: LogFields = {}) => logger.debug(message, fields),
  info: (message: string, fields: LogFields = {}) => logger.info(message, fields),
  warn: (message: string, fields: LogFields = {}) => logger.warn(message, fields),
  error: (message: string, fields: LogFields = {}) => logger.error(message, fields),
};
