/**
 * GET /publications/{publicationId}/rsl.xml — the publication's AI terms as an RSL 1.0 document
 * (`application/rsl+xml`), from its rate card (the house terms when it has none of its own). A
 * publication links it from its site's robots.txt (`License: <this URL>`); feeds and copies link it.
 */
import { httpDeps } from '../edge/wiring.js';
import { httpHandler } from '../edge/handler.js';
import { HttpProblem } from '../edge/problem.js';
import { aiTermsOf } from '../domain/ai-terms.js';
import { RSL_MEDIA_TYPE, renderRsl } from '../views/rsl.js';

const { repo } = httpDeps();

export const handler = httpHandler(async (req) => {
  const id = req.params.publicationId ?? '';
  if (!/^[a-z0-9-]{1,100}$/.test(id)) throw new HttpProblem(404, 'Not Found', 'No such publication.');
  const card = await repo.getEffectiveRateCard(id);
  if (!card) throw new HttpProblem(404, 'Not Found', 'This publication has no licensing terms yet.');
  const body = renderRsl(aiTermsOf(card, card.publicationId === id ? {} : { publicationName: id }));
  return {
    statusCode: 200,
    headers: { 'content-type': `${RSL_MEDIA_TYPE}; charset=utf-8`, 'cache-control': 'public, max-age=300', 'x-content-type-options': 'nosniff' },
    body,
  };
});
