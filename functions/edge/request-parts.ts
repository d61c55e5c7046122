/** Reading the parts of a request a route needs beyond its body: headers, query choices, who is asking. */
import * as z from 'zod/mini';
import { lazySchema } from '../domain/lazy-schema.js';
import type { HttpRequest } from './handler.js';
import { badRequest } from './problem.js';
import { contentHash } from '../domain/tokens.js';

const idempotencyKeySchema = /* @__PURE__ */ lazySchema(() => z.string().check(z.minLength(1), z.maxLength(200), z.regex(/^[\x21-\x7e]+$/)));

/** The `Idempotency-Key` header (quotes allowed around it), or 400 naming the header. */
export function idempotencyKey(req: HttpRequest): string | undefined {
  const raw = req.headers['idempotency-key'];
  if (raw === undefined) return undefined;
  const parsed = idempotencyKeySchema.safeParse(raw.replace(/^"|"$/g, ''));
  if (!parsed.success) {
    throw badRequest('The Idempotency-Key header is not valid: use 1 to 200 printable characters without spaces.',
      [{ path: 'Idempotency-Key', message: 'Use 1 to 200 printable characters without spaces' }]);
  }
  return parsed.data;
}

/**
 * The form's key is per rendering of the form AND per answers: the same answers sent again (a
 * double click, Back and Send) replay the first request; changed answers are a new request.
 */
export function formKey(raw: string | undefined, request: unknown): string | undefined {
  const parsed = idempotencyKeySchema.check(z.maxLength(120)).safeParse(raw);
  return parsed.success ? `form.${parsed.data}.${contentHash(request).slice(0, 32)}` : undefined;
}

/** A query parameter with a fixed set of values (`format=rss|json`); absent: the first. 400 otherwise. */
export function queryChoice<const T extends string>(req: HttpRequest, name: string, allowed: readonly T[]): T {
  const value = req.query[name] ?? allowed[0]!;
  if (!(allowed as readonly string[]).includes(value)) throw badRequest(`${name} is ${allowed.join(', ')}.`, [{ path: name, message: `one of ${allowed.join(', ')}` }]);
  return value as T;
}

/** A field of the body, form or JSON alike. */
export function bodyField(req: HttpRequest, name: string): unknown {
  if (req.body.kind === 'form') return req.body.fields[name];
  if (req.body.kind === 'json') return (req.body.value as Record<string, unknown> | null)?.[name];
  return undefined;
}

/** The body as the use case's input: a form's fields or the JSON value. */
export const bodyValue = (req: HttpRequest): unknown => (req.body.kind === 'form' ? req.body.fields : req.body.kind === 'json' ? req.body.value : undefined);

/** The requester, as the audit history records them. */
export const requesterActor = (req: HttpRequest) => ({ actor: 'requester' as const, sourceIp: req.sourceIp, userAgent: req.userAgent });
