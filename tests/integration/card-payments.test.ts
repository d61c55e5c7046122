/**
 * Card payment without the network: the official Stripe SDK talks to a loopback stand-in for the
 * Stripe API (the SDK's own host/port/protocol settings, through STRIPE_API_URL), and webhook events
 * are signed with the SDK's own test helper (stripe.webhooks.generateTestHeaderString).
 * - a licensed-at-once card use becomes `awaiting-payment` with a Checkout Session: the stand-in sees
 *   the amount and currency of the quote, the request id as metadata and one idempotency key per request;
 * - 20 concurrent deliveries of the same `checkout.session.completed` issue exactly one license;
 * - a bad signature is 400 and changes nothing; an expired session lapses the request; a refund revokes.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RateCard } from '../../functions/domain/terms.js';
import { postJson, requestBody, startTestStack, type TestStack } from '../support/stack.js';
import { tableAccess } from '../support/table.js';

const WEBHOOK_SECRET = 'whsec_test_reprint_desk_0123456789abcdef';
let stack: TestStack;
let table: ReturnType<typeof tableAccess>;
let standIn: Server;
const seen: { method: string; path: string; headers: Record<string, string | string[] | undefined>; form: URLSearchParams }[] = [];
const sdk = new Stripe('sk_test_only_for_signing');
const today = () => new Date().toISOString().slice(0, 10);

/** Enough of the Stripe API for Checkout: create a session (answering the same one to a repeated idempotency key), read a payment intent. */
function startStandIn(): Promise<string> {
  const sessions = new Map<string, Record<string, unknown>>();
  standIn = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
    req.on('end', () => {
      const form = new URLSearchParams(body);
      seen.push({ method: req.method!, path: req.url!, headers: req.headers, form });
      res.setHeader('content-type', 'application/json');
      if (req.method === 'POST' && req.url === '/v1/checkout/sessions' && form.get('customer_email') === 'stripe-down@example.org') {
        res.statusCode = 400;
        return res.end(JSON.stringify({ error: { type: 'invalid_request_error', message: 'Internal Stripe detail nobody should see' } }));
      }
      if (req.method === 'POST' && req.url === '/v1/checkout/sessions') {
        const key = String(req.headers['idempotency-key']);
        const session = sessions.get(key) ?? {
          id: `cs_test_${sessions.size + 1}`, object: 'checkout.session', url: `https://checkout.stripe.com/c/pay/cs_test_${sessions.size + 1}`,
          expires_at: Math.floor(Date.now() / 1000) + 86_400, amount_total: Number(form.get('line_items[0][price_data][unit_amount]')),
          currency: form.get('line_items[0][price_data][currency]'), metadata: { requestId: form.get('metadata[requestId]') }, payment_status: 'unpaid',
        };
        sessions.set(key, session);
        return res.end(JSON.stringify(session));
      }
      const intent = /^\/v1\/payment_intents\/(pi_[A-Za-z0-9_]+)/.exec(req.url ?? '');
      if (req.method === 'GET' && intent) return res.end(JSON.stringify({ id: intent[1], object: 'payment_intent', metadata: { requestId: intentOwners.get(intent[1]!) ?? '' } }));
      res.statusCode = 404;
      res.end(JSON.stringify({ error: { type: 'invalid_request_error', message: 'Unrecognized request URL' } }));
    });
  });
  return new Promise((r) => standIn.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(standIn.address() as { port: number }).port}`)));
}
const intentOwners = new Map<string, string>();

beforeAll(async () => {
  process.env.STRIPE_API_URL = await startStandIn();
  const dir = mkdtempSync(join(tmpdir(), 'desk-stripe-'));
  const secretFile = join(dir, 'stripe.json');
  writeFileSync(secretFile, JSON.stringify({ secretKey: 'sk_test_standin_0123456789', webhookSecret: WEBHOOK_SECRET }));
  stack = await startTestStack({ stripeSecretId: `file:${secretFile}` });
  table = tableAccess(stack.urls.dynamodb);
  // This publication takes card payment for web republication.
  const card = (await table.repo.getEffectiveRateCard('the-harbour-ledger'))!;
  const withCard: RateCard = { ...card, uses: { ...card.uses, 'web-republication': { ...card.uses['web-republication'], payment: 'card' } } };
  await table.repo.putRateCard(withCard, new Date());
});
afterAll(async () => {
  await stack?.stop();
  await new Promise((r) => standIn?.close(r));
  delete process.env.STRIPE_API_URL;
});

interface Answer { requestId: string; status: string; token: string; payment?: { checkoutUrl: string }; license?: unknown; quote: { minorUnits: number; currency: string } }

async function cardRequest(email: string): Promise<Answer> {
  const res = await postJson(stack, '/requests', requestBody({ requester: { email }, use: { startDate: today() } }));
  const body = await res.json() as Answer;
  expect(res.status, JSON.stringify(body)).toBe(201);
  return body;
}

function signed(event: Record<string, unknown>, secret = WEBHOOK_SECRET) {
  const payload = JSON.stringify(event);
  return { payload, header: sdk.webhooks.generateTestHeaderString({ payload, secret }) };
}

const deliver = (payload: string, signature: string) =>
  stack.api('/payments/stripe/webhook', { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, body: payload });

function sessionEvent(type: 'checkout.session.completed' | 'checkout.session.expired', id: string, session: { id: string; requestId: string; amount: number; currency: string; paymentIntent?: string }) {
  return {
    id, object: 'event', type, api_version: '2025-01-01', created: Math.floor(Date.now() / 1000), livemode: false, pending_webhooks: 1, request: null,
    data: { object: {
      id: session.id, object: 'checkout.session', metadata: { requestId: session.requestId }, amount_total: session.amount, currency: session.currency,
      payment_status: type === 'checkout.session.completed' ? 'paid' : 'unpaid', payment_intent: session.paymentIntent ?? null, status: type === 'checkout.session.completed' ? 'complete' : 'expired',
    } },
  };
}

describe('card payment through Stripe Checkout', () => {
  let a: Answer;

  beforeAll(async () => { a = await cardRequest('card-payer@example.org'); });

  it('a licensed-at-once card use awaits payment, with a Checkout Session for the quoted amount, keyed per request', async () => {
    expect(a.status).toBe('awaiting-payment');
    expect(a.license).toBeUndefined();
    expect(a.payment?.checkoutUrl).toMatch(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);
    const create = seen.filter((s) => s.path === '/v1/checkout/sessions');
    expect(create).toHaveLength(1);
    const { form, headers } = create[0]!;
    expect(form.get('line_items[0][price_data][unit_amount]')).toBe(String(a.quote.minorUnits));
    expect(a.quote.minorUnits).toBe(15000);
    expect(form.get('line_items[0][price_data][currency]')).toBe('usd');
    expect(form.get('metadata[requestId]')).toBe(a.requestId);
    expect(form.get('payment_intent_data[metadata][requestId]')).toBe(a.requestId);
    expect(form.get('mode')).toBe('payment');
    expect(headers['idempotency-key']).toBe(`checkout-${a.requestId}`);
    expect(String(headers.authorization)).toBe('Bearer sk_test_standin_0123456789');
    const item = (await table.repo.getRequest(a.requestId))!;
    expect(item.card?.checkoutSessionId).toBe('cs_test_1');
    expect(item.outbox).toHaveProperty(['requester-card-checkout:card-payer@example.org']);
  });

  it('a bad signature is 400 and changes nothing', async () => {
    const before = await table.snapshot();
    const event = sessionEvent('checkout.session.completed', 'evt_forged', { id: 'cs_test_1', requestId: a.requestId, amount: 15000, currency: 'usd' });
    const wrongSecret = signed(event, 'whsec_not_ours_0000000000');
    const tampered = signed(event);
    for (const [payload, header] of [
      [wrongSecret.payload, wrongSecret.header],
      [tampered.payload.replace('15000', '1'), tampered.header],
      [tampered.payload, 't=1,v1=deadbeef'],
    ] as const) {
      const res = await deliver(payload, header);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(JSON.stringify(await res.json())).not.toMatch(/StripeSignatureVerificationError|No signatures found/);
    }
    const missing = await stack.api('/payments/stripe/webhook', { method: 'POST', headers: { 'content-type': 'application/json' }, body: tampered.payload });
    expect(missing.status).toBe(400);
    expect(await table.snapshot()).toBe(before);
  });

  it('20 concurrent deliveries of checkout.session.completed issue exactly one license', async () => {
    intentOwners.set('pi_test_1', a.requestId);
    const { payload, header } = signed(sessionEvent('checkout.session.completed', 'evt_paid_1', { id: 'cs_test_1', requestId: a.requestId, amount: 15000, currency: 'usd', paymentIntent: 'pi_test_1' }));
    const answers = await Promise.all(Array.from({ length: 20 }, () => deliver(payload, header)));
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200));
    const outcomes = await Promise.all(answers.map(async (r) => (await r.json() as { outcome: string }).outcome));
    expect(outcomes.filter((o) => o === 'licensed')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'licensed').every((o) => o === 'already-licensed')).toBe(true);
    const item = (await table.repo.getRequest(a.requestId))!;
    expect(item.status).toBe('licensed');
    expect(item.license?.status).toBe('active');
    expect(item.history.filter((h) => h.to === 'licensed')).toHaveLength(1);
    expect(Object.values(item.outbox).filter((m) => m.kind === 'requester-licensed')).toHaveLength(1);
    expect(item.card).toMatchObject({ paidEventId: 'evt_paid_1', paymentIntentId: 'pi_test_1' });
    await stack.dispatch();
    const mails = (await stack.mails()).filter((m) => m.destination.to.includes('card-payer@example.org') && m.subject.startsWith('Your reprint license'));
    expect(mails).toHaveLength(1);
  });

  it('a full refund revokes the license (the request found through the payment intent)', async () => {
    const event = {
      id: 'evt_refund_1', object: 'event', type: 'charge.refunded', api_version: '2025-01-01', created: Math.floor(Date.now() / 1000), livemode: false, pending_webhooks: 1, request: null,
      data: { object: { id: 'ch_test_1', object: 'charge', amount: 15000, amount_refunded: 15000, refunded: true, payment_intent: 'pi_test_1', metadata: {} } },
    };
    const { payload, header } = signed(event);
    const res = await deliver(payload, header);
    expect(res.status).toBe(200);
    expect((await res.json() as { outcome: string }).outcome).toBe('revoked');
    const item = (await table.repo.getRequest(a.requestId))!;
    expect(item.license).toMatchObject({ status: 'revoked', revokedReason: 'The card payment was refunded.' });
  });

  it('an expired session lapses the request, and a late completion of it issues nothing', async () => {
    const b = await cardRequest('card-lapser@example.org');
    expect(b.status).toBe('awaiting-payment');
    const item = (await table.repo.getRequest(b.requestId))!;
    const sessionId = item.card!.checkoutSessionId;
    const expired = signed(sessionEvent('checkout.session.expired', 'evt_expired_1', { id: sessionId, requestId: b.requestId, amount: 15000, currency: 'usd' }));
    expect((await deliver(expired.payload, expired.header)).status).toBe(200);
    expect((await table.repo.getRequest(b.requestId))!.status).toBe('expired');
    const late = signed(sessionEvent('checkout.session.completed', 'evt_late_1', { id: sessionId, requestId: b.requestId, amount: 15000, currency: 'usd' }));
    const res = await deliver(late.payload, late.header);
    expect((await res.json() as { outcome: string }).outcome).toBe('ignored');
    expect((await table.repo.getRequest(b.requestId))!.license).toBeUndefined();
  });

  it('the form answers a card use with the button to Stripe\'s payment page; the JSON status carries it too', async () => {
    const fields = new URLSearchParams({
      articleId: 'harbour-dredging-plan', 'requester.name': 'Form Payer', 'requester.email': 'form-payer@example.org', 'requester.organization': 'Weekly',
      'requester.organizationType': 'commercial', 'requester.country': 'US', 'use.type': 'web-republication', 'use.audience': '5000',
      'use.territories': 'US', 'use.startDate': today(), 'use.durationDays': '90', 'use.language': 'en', 'use.extent': 'full', acceptTerms: 'true',
    });
    const res = await stack.api('/requests', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fields.toString() });
    expect(res.status).toBe(303);
    const page = await (await fetch(res.headers.get('location')!, { headers: { accept: 'text/html' } })).text();
    expect(page).toMatch(/href="https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_\d+"/);
    expect(page).toContain('Pay USD 150.00 by card');
    const status = await (await stack.api(`/requests/${a.requestId}`, { headers: { authorization: `Bearer ${a.token}` } })).json();
    expect(status.status).toBe('licensed');
    const b = await cardRequest('card-status@example.org');
    const waiting = await (await stack.api(`/requests/${b.requestId}`, { headers: { authorization: `Bearer ${b.token}` } })).json();
    expect(waiting).toMatchObject({ status: 'awaiting-payment', payment: { method: 'card', checkoutUrl: b.payment!.checkoutUrl } });
  });

  it('without Stripe\'s expiry event, the lifecycle lapses an unpaid checkout three days after it expired', async () => {
    const c = await cardRequest('card-silent@example.org');
    const { runLifecycle } = await import('../../functions/handlers/lifecycle.js');
    const expiresAt = Date.parse((await table.repo.getRequest(c.requestId))!.card!.expiresAt);
    expect((await runLifecycle(new Date(expiresAt + 86_400_000))).checkoutsLapsed).toBe(0);
    expect((await table.repo.getRequest(c.requestId))!.status).toBe('awaiting-payment');
    expect((await runLifecycle(new Date(expiresAt + 3 * 86_400_000 + 60_000))).checkoutsLapsed).toBeGreaterThanOrEqual(1);
    const lapsed = (await table.requestItem(c.requestId))!;
    expect(lapsed.status).toBe('expired');
    expect(lapsed.duePk).toBeUndefined();
  });

  it('when Stripe refuses, the requester gets a 503 in our words and nothing is stored', async () => {
    const before = await table.snapshot();
    const res = await postJson(stack, '/requests', requestBody({ requester: { email: 'stripe-down@example.org' }, use: { startDate: today() } }));
    expect(res.status).toBe(503);
    const problem = JSON.stringify(await res.json());
    expect(problem).toContain('Card payment is not available at the moment');
    expect(problem).not.toContain('Internal Stripe detail');
    expect(await table.snapshot()).toBe(before);
  });

  it('an Idempotency-Key retry opens no second Checkout Session', async () => {
    const body = requestBody({ requester: { email: 'card-retry@example.org' }, use: { startDate: today() } });
    const before = seen.filter((s) => s.path === '/v1/checkout/sessions').length;
    const first = await postJson(stack, '/requests', body, { 'idempotency-key': 'card-order-1' });
    const second = await postJson(stack, '/requests', body, { 'idempotency-key': 'card-order-1' });
    expect([first.status, second.status]).toEqual([201, 200]);
    expect((await second.json() as Answer).payment?.checkoutUrl).toBe((await first.json() as Answer).payment?.checkoutUrl);
    expect(seen.filter((s) => s.path === '/v1/checkout/sessions').length - before).toBe(1);
  });
});
