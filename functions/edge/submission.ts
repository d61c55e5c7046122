/**
 * POST /requests: the submission in either shape — the form's fields (with the key of the form's
 * rendering) or the JSON body (with the Idempotency-Key header) — as the use case's request.
 */
import type { HttpRequest } from './handler.js';
import { formKey, idempotencyKey } from './request-parts.js';
import { formToRequestBody } from '../domain/request-form.js';
import type { ReprintRequest } from '../domain/request-body.js';
import { parseSubmission } from '../application/submit-request.js';

export function submissionOf(req: HttpRequest): { request: ReprintRequest; idempotencyKey: string | undefined } {
  const key = idempotencyKey(req);
  if (req.body.kind !== 'form') return { request: parseSubmission(req.body.kind === 'json' ? req.body.value : undefined), idempotencyKey: key };
  const { idempotencyKey: renderKey, ...fields } = req.body.fields;
  const request = parseSubmission(formToRequestBody(fields));
  return { request, idempotencyKey: key ?? formKey(renderKey, request) };
}
