/**
 * POST /payments/stripe/webhook — Stripe's events, verified (adapters/stripe.ts) against the raw body and
 * the `Stripe-Signature` header. A bad or missing signature is 400 and changes nothing; a verified
 * event is applied exactly once (see application/payments.ts) and answered 200, also when the desk
 * does not act on its type. Anything that failed on our side answers 5xx, so Stripe retries it.
 */
import { httpDeps } from '../edge/wiring.js';
import { stripeContextFor, verifiedCardEvent } from '../adapters/stripe.js';
import { httpHandler, rawBodyOf } from '../edge/handler.js';
import { ok } from '../edge/responses.js';
import { logger } from '../edge/logger.js';
import { CardPaymentOff } from '../application/errors.js';
import { applyCardEvent } from '../application/payments.js';

const { repo, baseUrl, env } = httpDeps(['STRIPE_SECRET_ID']);
const stripe = stripeContextFor(env.STRIPE_SECRET_ID);

export const handler = httpHandler(async (req) => {
  const ctx = await stripe();
  if (!ctx) throw new CardPaymentOff();
  const event = await verifiedCardEvent(ctx, rawBodyOf(req.event), req.headers['stripe-signature']);
  const outcome = event.cardEvent ? await applyCardEvent({ repo, baseUrl }, event.cardEvent, new Date()) : 'ignored';
  logger.info('stripe event', { eventId: event.id, type: event.type, outcome });
  return ok({ received: true, outcome });
});
