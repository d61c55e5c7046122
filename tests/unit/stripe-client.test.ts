/**
 * The desk's Stripe client (functions/adapters/stripe.ts) against the official SDK: events the SDK
 * signs verify, and nothing else does; the form encoding is the SDK's bracket notation.
 */
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { STRIPE_API_VERSION, stripeForm, verifyStripeEvent } from '../../functions/adapters/stripe.js';

const secret = 'whsec_test_0123456789abcdef';
const sdk = new Stripe('sk_test_only_for_signing');
const event = JSON.stringify({ id: 'evt_1', object: 'event', type: 'checkout.session.completed', data: { object: { id: 'cs_1', metadata: { requestId: 'r' } } } });
const sign = (payload: string, opts: { secret?: string; timestamp?: number } = {}) =>
  sdk.webhooks.generateTestHeaderString({ payload, secret: opts.secret ?? secret, ...(opts.timestamp ? { timestamp: opts.timestamp } : {}) });

describe('Stripe webhook signatures', () => {
  it('accepts what the SDK signs, and what the SDK itself accepts', () => {
    const header = sign(event);
    expect(verifyStripeEvent({ webhookSecret: secret }, event, header).id).toBe('evt_1');
    expect(sdk.webhooks.constructEvent(event, header, secret).id).toBe('evt_1');
    // Several v1 signatures (a rolled secret): any one that matches is enough.
    const [t, v1] = header.split(',');
    expect(verifyStripeEvent({ webhookSecret: secret }, event, `${t},v1=${'0'.repeat(64)},${v1}`).type).toBe('checkout.session.completed');
  });

  it('refuses a changed body, another secret, an old timestamp, a missing part — as the SDK does', () => {
    const header = sign(event);
    const cases: [string, string][] = [
      [event.replace('"r"', '"s"'), header],
      [event, sign(event, { secret: 'whsec_other' })],
      [event, sign(event, { timestamp: Math.floor(Date.now() / 1000) - 301 })],
      [event, header.split(',')[0]!],
      [event, header.split(',')[1]!],
      [event, header.replace(/t=\d+/, 't=abc')],
      ['', sign('')],
    ];
    for (const [body, h] of cases) {
      expect(() => verifyStripeEvent({ webhookSecret: secret }, body, h), h).toThrow();
      expect(() => sdk.webhooks.constructEvent(body, h, secret), h).toThrow();
    }
  });
});

describe('Stripe form encoding', () => {
  it('writes nested objects and arrays in brackets, skipping absent values', () => {
    const form = new URLSearchParams(stripeForm({
      mode: 'payment', line_items: [{ quantity: 1, price_data: { currency: 'usd', unit_amount: 15000, product_data: { name: 'A & B' } } }],
      metadata: { requestId: 'r1' }, customer_email: undefined,
    }));
    expect([...form]).toEqual([
      ['mode', 'payment'], ['line_items[0][quantity]', '1'], ['line_items[0][price_data][currency]', 'usd'],
      ['line_items[0][price_data][unit_amount]', '15000'], ['line_items[0][price_data][product_data][name]', 'A & B'], ['metadata[requestId]', 'r1'],
    ]);
  });

  it('pins the API version of the SDK the tests sign with', () => {
    expect(STRIPE_API_VERSION).toBe((Stripe as unknown as { API_VERSION: string }).API_VERSION);
  });
});
