/**
 * Stripe, through its official SDK: Checkout Sessions for card-paid uses, and webhook events
 * verified by the SDK's own signature check.
 *
 * Secrets: the secret key and the webhook signing secret live in AWS Secrets Manager as one JSON
 * secret `{"secretKey":"sk_…","webhookSecret":"whsec_…"}`, named by STRIPE_SECRET_ID. They are read
 * once per process (at the first use after a cold start) and cached; they never pass through an
 * environment variable. Locally, `file:PATH` names a JSON file of the same shape instead (a Stripe
 * test account's keys; the file stays out of git under .local/).
 *
 * STRIPE_API_URL (like AWS_ENDPOINT_URL_*) points the SDK at another host — a loopback stand-in in
 * tests; unset, the SDK talks to api.stripe.com.
 */
import { readFile } from 'node:fs/promises';
import type Stripe from 'stripe';
import * as z from 'zod/mini';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { CardCheckout, CardEvent } from '../application/payments.js';
import { log } from '../edge/log.js';

const secretsSchema = z.object({
  secretKey: z.string().check(z.regex(/^(sk|rk)_[A-Za-z0-9_]+$/, 'a Stripe secret or restricted key (sk_… or rk_…)')),
  webhookSecret: z.string().check(z.regex(/^whsec_[A-Za-z0-9_+/=]+$/, 'a webhook signing secret (whsec_…)')),
});
export type StripeSecrets = z.infer<typeof secretsSchema>;

export async function readStripeSecrets(secretId: string): Promise<StripeSecrets> {
  const raw = secretId.startsWith('file:')
    ? await readFile(secretId.slice('file:'.length), 'utf8')
    : (await new SecretsManagerClient({ maxAttempts: 3 }).send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString;
  if (!raw) throw new Error(`Stripe secret ${secretId.startsWith('file:') ? 'file' : secretId} is empty`);
  const parsed = secretsSchema.safeParse(JSON.parse(raw));
  if (!parsed.success) throw new Error(`Stripe secret is not {"secretKey","webhookSecret"}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

export interface StripeContext { stripe: Stripe; webhookSecret: string; checkout: CardCheckout }

/** SDK options from STRIPE_API_URL (host, port, protocol), with a deadline on every call. */
function clientOptions(): Stripe.StripeConfig {
  const options: Stripe.StripeConfig = { maxNetworkRetries: 2, timeout: 10_000, telemetry: false };
  const override = process.env.STRIPE_API_URL;
  if (override) {
    const u = new URL(override);
    options.host = u.hostname;
    options.port = u.port || (u.protocol === 'http:' ? 80 : 443);
    options.protocol = u.protocol === 'http:' ? 'http' : 'https';
  }
  return options;
}

export function stripeCheckout(stripe: Stripe): CardCheckout {
  return {
    async createSession(input) {
      const session = await stripe.checkout.sessions.create({
        mode: 'payment',
        line_items: [{ quantity: 1, price_data: { currency: input.currency.toLowerCase(), unit_amount: input.amountMinor, product_data: { name: input.description.slice(0, 250) } } }],
        customer_email: input.customerEmail,
        client_reference_id: input.requestId,
        metadata: { requestId: input.requestId },
        // Refund events name the payment intent, so it carries the request id too.
        payment_intent_data: { metadata: { requestId: input.requestId } },
        success_url: input.successUrl,
        cancel_url: input.cancelUrl,
      }, { idempotencyKey: input.idempotencyKey });
      if (!session.url) throw new Error(`Stripe returned Checkout Session ${session.id} without a URL`);
      return { id: session.id, url: session.url, expiresAt: new Date(session.expires_at * 1000).toISOString() };
    },
    async requestIdOfPaymentIntent(paymentIntentId) {
      const intent = await stripe.paymentIntents.retrieve(paymentIntentId);
      return intent.metadata?.requestId || undefined;
    },
  };
}

/**
 * The process's Stripe context, or undefined when card payment is off (no STRIPE_SECRET_ID).
 * Read once and cached; a failed read is not cached, so the next request tries again.
 */
export function stripeContextFor(secretId: string): () => Promise<StripeContext | undefined> {
  let cached: Promise<StripeContext> | undefined;
  return async () => {
    if (!secretId) return undefined;
    cached ??= readStripeSecrets(secretId).then(async (s) => {
      // Loaded only when card payment is configured: a desk without it never evaluates the SDK.
      const { default: StripeSdk } = await import('stripe');
      const stripe = new StripeSdk(s.secretKey, clientOptions());
      return { stripe, webhookSecret: s.webhookSecret, checkout: stripeCheckout(stripe) };
    });
    try {
      return await cached;
    } catch (e) {
      cached = undefined;
      log('error', 'Stripe secrets could not be read', { error: String((e as Error)?.message ?? e) });
      throw e;
    }
  };
}

/** The SDK's signature check (HMAC-SHA256 over timestamp and raw body, with its tolerance for replays). */
export function verifyStripeEvent(ctx: StripeContext, rawBody: string, signature: string): Stripe.Event {
  return ctx.stripe.webhooks.constructEvent(rawBody, signature, ctx.webhookSecret);
}

/** A verified Stripe event as the use case's CardEvent, or undefined for events the desk does not act on. */
export async function toCardEvent(ctx: StripeContext, event: Stripe.Event): Promise<CardEvent | undefined> {
  switch (event.type) {
    case 'checkout.session.completed': {
      const s = event.data.object;
      const requestId = s.metadata?.requestId;
      if (!requestId || s.payment_status !== 'paid') return undefined;
      const paymentIntentId = typeof s.payment_intent === 'string' ? s.payment_intent : s.payment_intent?.id;
      return { type: 'completed', eventId: event.id, requestId, sessionId: s.id, amountMinor: s.amount_total ?? -1, currency: s.currency ?? '', ...(paymentIntentId ? { paymentIntentId } : {}) };
    }
    case 'checkout.session.expired': {
      const s = event.data.object;
      const requestId = s.metadata?.requestId;
      return requestId ? { type: 'expired', eventId: event.id, requestId, sessionId: s.id } : undefined;
    }
    case 'charge.refunded': {
      const charge = event.data.object;
      // Only a full refund takes the license back; a partial one is a price adjustment.
      if (!charge.refunded) return undefined;
      const intentId = typeof charge.payment_intent === 'string' ? charge.payment_intent : charge.payment_intent?.id;
      const requestId = charge.metadata?.requestId || (intentId ? await ctx.checkout.requestIdOfPaymentIntent(intentId) : undefined);
      return requestId ? { type: 'refunded', eventId: event.id, requestId } : undefined;
    }
    default:
      return undefined;
  }
}
