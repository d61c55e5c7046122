/**
 * POST /payments/stripe/webhook — Stripe's events, verified (adapters/stripe.ts) against the raw body and
 * the `Stripe-Signature` header. A bad or missing signature is 400 and changes nothing; a verified
 * event is applied exactly once (see application/payments.ts) and answered 200, also when the desk
 * does not act on its type. Anything that failed on our side answers 5xx, so Stripe retries it.
 */
import { httpDeps } from '../edge/wiring.js';
import { stripeContextFor, toCardEvent, verifyStripeEvent } from '../adapters/stripe.js';
import { httpHandler } from '../edge/handler.js';
import { HttpProblem } from '../edge/problem.js';
import { json } from '../edge/responses.js';
import { log } from '../edge/log.js';
import { applyCardEvent } from '../application/payments.js';

const { repo, baseUrl, env } = httpDeps(['STRIPE_SECRET_ID']);
const stripe = stripeContextFor(env.STRIPE_SECRET_ID);
// Read the secret during the cold start, not on the first event (a failure is retried on use).
void stripe().catch(() => undefined);

export const handler = httpHandler(async (req) => {
  const ctx = await stripe();
  if (!ctx) throw new HttpProblem(404, 'Not Found', 'Card payment is not configured on this desk.');
  const raw = req.event.body ? (req.event.isBase64Encoded ? Buffer.from(req.event.body, 'base64').toString('utf8') : req.event.body) : '';
  const signature = req.headers['stripe-signature'];
  if (!signature) throw new HttpProblem(400, 'Bad Request', 'The Stripe-Signature header is missing.', { errors: [{ path: 'Stripe-Signature', message: 'required' }] });
  let event;
  try {
    event = verifyStripeEvent(ctx, raw, signature);
  } catch {
    // The check's own message is for us; the sender only needs to know the signature failed.
    throw new HttpProblem(400, 'Bad Request', 'The Stripe signature does not match this body.', { errors: [{ path: 'Stripe-Signature', message: 'does not verify' }] });
  }
  const cardEvent = await toCardEvent(ctx, event);
  const outcome = cardEvent ? await applyCardEvent({ repo, baseUrl }, cardEvent, new Date()) : 'ignored';
  log('info', 'stripe event', { eventId: event.id, type: event.type, outcome });
  return json(200, { received: true, outcome });
});
