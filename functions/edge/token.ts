/** Where a bearer token may come from: `Authorization: Bearer`, a form/JSON field `token`, or `?token=`. */
import type { HttpRequest } from './handler.js';

export function presentedToken(req: HttpRequest): string | undefined {
  const auth = req.headers['authorization'];
  const bearer = auth && /^Bearer\s+(\S+)$/i.exec(auth)?.[1];
  if (bearer) return bearer;
  if (req.body.kind === 'form' && req.body.fields.token) return req.body.fields.token;
  if (req.body.kind === 'json' && typeof (req.body.value as { token?: unknown })?.token === 'string') return (req.body.value as { token: string }).token;
  return req.query.token || undefined;
}

/** An API key: `Authorization: Bearer <key>` or `x-api-key`. Never from the query string, where URLs leak it into logs. */
export function presentedApiKey(req: HttpRequest): string | undefined {
  const auth = req.headers['authorization'];
  return (auth && /^Bearer\s+(\S+)$/i.exec(auth)?.[1]) || req.headers['x-api-key'] || undefined;
}
