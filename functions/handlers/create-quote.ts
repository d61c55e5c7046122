/** POST /quotes — the same body as a request; evaluates it and stores nothing. */
import { httpDeps } from '../edge/wiring.js';
import { httpHandler } from '../edge/handler.js';
import { json } from '../edge/responses.js';
import { parseRequestBody, quote } from '../application/submit-request.js';

const { repo } = httpDeps([], { cacheArticlesAndTerms: true });

export const handler = httpHandler(async (req) => {
  const request = parseRequestBody(req.body.kind === 'json' ? req.body.value : undefined);
  const { decision } = await quote({ repo }, request, new Date());
  return json(200, {
    status: decision.status, reasons: decision.reasons, quote: decision.quote,
    validFrom: decision.validFrom, validUntil: decision.validUntil, attribution: decision.attribution, conditions: decision.conditions,
  });
}, { accepts: ['json'] });
