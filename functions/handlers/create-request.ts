/**
 * POST /requests — JSON (answered in JSON: 201 + Location) or the form's urlencoded body (answered
 * with 303 See Other to the requester's status page, so a reload of the result never posts again).
 */
import { intakeDeps } from '../edge/wiring.js';
import { stripeContextFor } from '../adapters/stripe.js';
import { httpHandler } from '../edge/handler.js';
import { created, ok, seeOther } from '../edge/responses.js';
import { requestFormErrors } from '../edge/request-form-errors.js';
import { requesterActor } from '../edge/request-parts.js';
import { submissionOf } from '../edge/submission.js';
import { intakeAnswer, links, submitWithinMailCaps } from '../application/submit-request.js';

const { repo, baseUrl, env, intake, mailCaps } = intakeDeps(['STRIPE_SECRET_ID'], { cacheArticlesAndTerms: true });
const stripe = stripeContextFor(env.STRIPE_SECRET_ID);

export const handler = httpHandler(async (req) => {
  const { request, idempotencyKey } = submissionOf(req);
  const card = await stripe(); // card payment on when Stripe is configured
  const s = await submitWithinMailCaps(card ? { ...intake, cardCheckout: card.checkout } : intake, mailCaps, request, { idempotencyKey, who: requesterActor(req), now: new Date() });
  if (req.body.kind === 'form') return seeOther(links(baseUrl).status(s.item.requestId, s.requesterToken));
  const location = `${baseUrl}/requests/${s.item.requestId}`;
  return s.created ? created(intakeAnswer(s, baseUrl), location) : ok(intakeAnswer(s, baseUrl), { location, 'idempotent-replayed': 'true' });
}, { accepts: ['json', 'form'], renderError: requestFormErrors({ repo, baseUrl }) });
