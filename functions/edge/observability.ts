/**
 * Observability of every function: the Powertools Logger and Metrics installed as the use cases'
 * ports, the middy middlewares each entry uses, and what happens to an error nobody expected.
 * Importing this module installs the ports (every handler imports it through the wrapper).
 */
import type { MiddlewareObj } from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { installObservability } from '../application/observability.js';
import { METRIC } from '../config/metrics.js';
import { logger, logPort } from './logger.js';
import { metricsMiddleware, recordFactMetrics, recordMetrics } from './metrics.js';

installObservability({ log: logPort, facts: { record: recordFactMetrics } });

/** API Gateway's own request id: the id in its access log, so one request's lines join up. */
const correlation = (): MiddlewareObj<{ requestContext?: { requestId?: string } }> => ({
  before: (request) => {
    const id = request.event?.requestContext?.requestId;
    if (id) logger.setCorrelationId(id);
  },
});

/**
 * The middlewares every entry uses, in order: the Lambda context on every log line (keys reset
 * after each invocation; the event never logged), the correlation id, and the metrics flush.
 */
export function observed(): MiddlewareObj[] {
  return [injectLambdaContext(logger, { resetKeys: true, logEvent: false }) as MiddlewareObj, correlation() as MiddlewareObj, metricsMiddleware()];
}

/**
 * An error that was not the client's fault: logged with the request ids (the Logger's context), its
 * name and stack, and counted as UnexpectedErrors (alarmed: infra/alarms.ts). `where` is a path or a
 * function's name — never a query string.
 */
export function reportUnexpected(error: unknown, where: Record<string, string | undefined>): void {
  logger.error('unexpected error', { ...where, error: error instanceof Error ? error : String(error) });
  recordMetrics([{ name: METRIC.unexpectedErrors }]);
}
