/** A publication's RSL document as an HTTP answer (functions/handlers/publication-rsl.ts). */
import type { Repository } from '../application/ports.js';
import { aiTermsOf } from '../domain/ai-terms.js';
import { RSL_MEDIA_TYPE, renderRsl } from '../views/rsl.js';
import { HttpProblem } from './problem.js';
import type { Response } from './responses.js';

export async function rslResponse(repo: Repository, publicationId: string): Promise<Response> {
  if (!/^[a-z0-9-]{1,100}$/.test(publicationId)) throw new HttpProblem(404, 'Not Found', 'No such publication.');
  const card = await repo.getEffectiveRateCard(publicationId);
  if (!card) throw new HttpProblem(404, 'Not Found', 'This publication has no licensing terms yet.');
  const body = renderRsl(aiTermsOf(card, card.publicationId === publicationId ? {} : { publicationName: publicationId }));
  return {
    statusCode: 200,
    headers: { 'content-type': `${RSL_MEDIA_TYPE}; charset=utf-8`, 'cache-control': 'public, max-age=300', 'x-content-type-options': 'nosniff' },
    body,
  };
}
