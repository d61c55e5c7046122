/** POST /quotes — the same body as a request; evaluates it and stores nothing. */
import { httpDeps } from '../edge/wiring.js';
import { httpHandler } from '../edge/handler.js';
import { ok } from '../edge/responses.js';
import { bodyValue } from '../edge/request-parts.js';
import { parseRequestBody, quote } from '../application/submit-request.js';

const { repo } = httpDeps([], { cacheArticlesAndTerms: true });

export const handler = httpHandler(async (req) => {
  const { decision } = await quote({ repo }, parseRequestBody(bodyValue(req)), new Date());
  return ok({
    status: decision.status, reasons: decision.reasons, quote: decision.quote,
    validFrom: decision.validFrom, validUntil: decision.validUntil, attribution: decision.attribution, conditions: decision.conditions,
  });
}, { accepts: ['json'] });
