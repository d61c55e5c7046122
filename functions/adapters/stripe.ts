/**
 * Stripe, over its REST API: Checkout Sessions for card-paid uses, a payment intent's metadata for
 * refunds, and webhook events verified by Stripe's documented signature scheme.
 *
 * Why not the SDK: the desk makes two calls, and `stripe` is ~250 KB of every bundle that imports it
 * (create-request, stripe-webhook) — over the 450 KB bundle budget (README "Performance"). The two
 * calls are form-encoded POST/GET with a bearer key, as the SDK sends them: the same API version
 * (`Stripe-Version`, the one stripe@23 pins), the same `Idempotency-Key`, a 10 s deadline and two
 * retries on network errors, 429 and 5xx. The signature check follows "Verify webhook signatures
 * manually" (docs.stripe.com/webhooks): HMAC-SHA256 of `<t>.<raw body>` with the endpoint secret,
 * compared in constant time with every `v1` of the header, and a 5-minute tolerance on `t`.
 * The types are the SDK's (a type-only import: nothing of it is bundled).
 *
 * Secrets: the secret key and the webhook signing secret live in AWS Secrets Manager as one JSON
 * secret `{"secretKey":"sk_…","webhookSecret":"whsec_…"}`, named by STRIPE_SECRET_ID. They are read
 * once per process (at the first use after a cold start) and cached; they never pass through an
 * environment variable. Locally, `file:PATH` names a JSON file of the same shape instead (a Stripe
 * test account's keys; the file stays out of git under .local/).
 *
 * STRIPE_API_URL (like AWS_ENDPOINT_URL_*) points the client at another host — a loopback stand-in in
 * tests; unset, it talks to https://api.stripe.com.
 */
import { readFile } from 'node:fs/promises';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type Stripe from 'stripe';
import * as z from 'zod/mini';
import { lazySchema } from '../domain/lazy-schema.js';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { CardCheckout, CardEvent } from '../application/payments.js';
import { log } from '../application/observability.js';
import { UnverifiedEvent } from '../application/errors.js';

const secretsSchema = /* @__PURE__ */ lazySchema(() => z.object({
  secretKey: z.string().check(z.regex(/^(sk|rk)_[A-Za-z0-9_]+$/, 'a Stripe secret or restricted key (sk_… or rk_…)')),
  webhookSecret: z.string().check(z.regex(/^whsec_[A-Za-z0-9_+/=]+$/, 'a webhook signing secret (whsec_…)')),
}));
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

/** The API version stripe@23 (the SDK the tests sign events with) sends: the shapes below are its. */
export const STRIPE_API_VERSION = '2026-10-28.endive';
const TIMEOUT_MS = 10_000;
const RETRIES = 2;

/** Stripe's form encoding: nested keys in brackets (`line_items[0][price_data][currency]=usd`). */
export function stripeForm(value: Record<string, unknown>): string {
  const out = new URLSearchParams();
  const add = (key: string, v: unknown) => {
    if (v === undefined || v === null) return;
    if (Array.isArray(v)) v.forEach((item, i) => add(`${key}[${i}]`, item));
    else if (typeof v === 'object') for (const [k, inner] of Object.entries(v)) add(`${key}[${k}]`, inner);
    else out.append(key, String(v));
  };
  for (const [k, v] of Object.entries(value)) add(k, v);
  return out.toString();
}

/** A failed Stripe call: its HTTP status and Stripe's error type, never Stripe's message to a person. */
export class StripeApiError extends Error {
  override name = 'StripeApiError';
  constructor(readonly status: number, readonly type: string | undefined) { super(`Stripe answered ${status}${type ? ` (${type})` : ''}`); }
}

export interface StripeApi {
  request<T>(method: 'GET' | 'POST', path: string, body?: Record<string, unknown>, idempotencyKey?: string): Promise<T>;
}

export function stripeApi(secretKey: string, baseUrl = process.env.STRIPE_API_URL || 'https://api.stripe.com'): StripeApi {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    async request<T>(method: 'GET' | 'POST', path: string, body?: Record<string, unknown>, idempotencyKey?: string): Promise<T> {
      for (let attempt = 0; ; attempt++) {
        let res: Response;
        try {
          res = await fetch(`${base}${path}`, {
            method,
            headers: {
              authorization: `Bearer ${secretKey}`,
              'stripe-version': STRIPE_API_VERSION,
              ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
              ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
            },
            ...(body ? { body: stripeForm(body) } : {}),
            signal: AbortSignal.timeout(TIMEOUT_MS),
          });
        } catch (e) {
          if (attempt < RETRIES) { await new Promise((r) => setTimeout(r, 500 * 2 ** attempt)); continue; }
          throw e;
        }
        const retryable = res.status === 429 || res.status >= 500 || res.headers.get('stripe-should-retry') === 'true';
        if (!res.ok && retryable && res.headers.get('stripe-should-retry') !== 'false' && attempt < RETRIES) {
          await res.body?.cancel();
          await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
          continue;
        }
        const json = await res.json().catch(() => undefined) as (T & { error?: { type?: string } }) | undefined;
        if (!res.ok || json === undefined) throw new StripeApiError(res.status, json?.error?.type);
        return json;
      }
    },
  };
}

export interface StripeContext { api: StripeApi; webhookSecret: string; checkout: CardCheckout }

export function stripeCheckout(api: StripeApi): CardCheckout {
  return {
    async createSession(input) {
      const session = await api.request<Stripe.Checkout.Session>('POST', '/v1/checkout/sessions', {
        mode: 'payment',
        line_items: [{ quantity: 1, price_data: { currency: input.currency.toLowerCase(), unit_amount: input.amountMinor, product_data: { name: input.description.slice(0, 250) } } }],
        customer_email: input.customerEmail,
        client_reference_id: input.requestId,
        metadata: { requestId: input.requestId },
        // Refund events name the payment intent, so it carries the request id too.
        payment_intent_data: { metadata: { requestId: input.requestId } },
        success_url: input.successUrl,
        cancel_url: input.cancelUrl,
      }, input.idempotencyKey);
      if (!session.url) throw new Error(`Stripe returned Checkout Session ${session.id} without a URL`);
      return { id: session.id, url: session.url, expiresAt: new Date(session.expires_at * 1000).toISOString() };
    },
    async requestIdOfPaymentIntent(paymentIntentId) {
      if (!/^pi_[A-Za-z0-9_]+$/.test(paymentIntentId)) return undefined;
      const intent = await api.request<Stripe.PaymentIntent>('GET', `/v1/payment_intents/${paymentIntentId}`);
      return intent.metadata?.requestId || undefined;
    },
  };
}

/**
 * The process's Stripe context, or undefined when card payment is off (no STRIPE_SECRET_ID).
 * Read once and cached; a failed read is not cached, so the next request tries again.
 */
/**
 * The Stripe context of a function, read once. The secret is read during the cold start, not on
 * the first request; a failure then is forgotten and the read tried again on use.
 */
export function stripeContextFor(secretId: string): () => Promise<StripeContext | undefined> {
  let cached: Promise<StripeContext> | undefined;
  const get = async () => {
    if (!secretId) return undefined;
    cached ??= readStripeSecrets(secretId).then((s) => {
      const api = stripeApi(s.secretKey);
      return { api, webhookSecret: s.webhookSecret, checkout: stripeCheckout(api) };
    });
    try {
      return await cached;
    } catch (e) {
      cached = undefined;
      log.error('Stripe secrets could not be read', { error: String((e as Error)?.message ?? e) });
      throw e;
    }
  };
  void get().catch(() => undefined);
  return get;
}

/** How old a signed event may be (Stripe's own default tolerance): an older replay is refused. */
export const SIGNATURE_TOLERANCE_S = 300;

/**
 * Stripe's signature check: `Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">[,v1=…]`.
 * Throws when no `v1` matches or `t` is outside the tolerance; returns the parsed event.
 */
export function verifyStripeEvent(ctx: Pick<StripeContext, 'webhookSecret'>, rawBody: string, signature: string, now = Date.now()): Stripe.Event {
  const parts = signature.split(',').map((p) => p.trim().split('='));
  const t = parts.find(([k]) => k === 't')?.[1];
  const signatures = parts.filter(([k, v]) => k === 'v1' && v && /^[0-9a-f]{64}$/i.test(v)).map(([, v]) => Buffer.from(v!, 'hex'));
  if (!t || !/^\d{1,12}$/.test(t) || !signatures.length) throw new Error('Stripe-Signature has no timestamp or no v1 signature');
  const expected = createHmac('sha256', ctx.webhookSecret).update(`${t}.${rawBody}`, 'utf8').digest();
  if (!signatures.some((sig) => sig.length === expected.length && timingSafeEqual(sig, expected))) throw new Error('no v1 signature matches');
  // As the SDK: an event signed longer ago than the tolerance is a replay (a clock ahead is not refused).
  if (now / 1000 - Number(t) > SIGNATURE_TOLERANCE_S) throw new Error('the signature is older than the tolerance');
  const event = JSON.parse(rawBody) as Stripe.Event;
  if (!event || typeof event !== 'object' || typeof event.id !== 'string' || typeof event.type !== 'string') throw new Error('not a Stripe event');
  return event;
}

/**
 * The webhook's event, verified by the SDK against the raw body and the `Stripe-Signature` header,
 * as the use case's CardEvent (undefined for types the desk does not act on). A missing or wrong
 * signature is UnverifiedEvent: the SDK's own message names its internals and is not passed on.
 */
export async function verifiedCardEvent(ctx: StripeContext, rawBody: string, signature: string | undefined): Promise<{ id: string; type: string; cardEvent: CardEvent | undefined }> {
  if (!signature) throw new UnverifiedEvent('missing', 'Stripe-Signature');
  let event: Stripe.Event;
  try {
    event = verifyStripeEvent(ctx, rawBody, signature);
  } catch {
    throw new UnverifiedEvent('mismatch', 'Stripe-Signature');
  }
  return { id: event.id, type: event.type, cardEvent: await toCardEvent(ctx, event) };
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
