/**
 * The wrapper of the functions AWS invokes without HTTP (the table's stream, schedules, SES): the
 * same observability as the HTTP wrapper; an error nobody expected is logged with the request id,
 * counted (UnexpectedErrors) and thrown on, so that Lambda retries the event and the function's
 * Errors alarm fires.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { observed, reportUnexpected } from './observability.js';

export function workerHandler<E, R>(fn: (event: E, context: Context) => Promise<R>) {
  return middy<E, R>()
    .use(observed())
    .use({ onError: (request) => { reportUnexpected(request.error, { function: request.context.functionName }); } })
    .handler(fn);
}
