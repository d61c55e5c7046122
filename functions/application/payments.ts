/**
 * Getting paid: invoices (the embedded default) and card payment through a provider port (Stripe).
 *
 * Invoice mode
 *   1. at a grant, the publication's counter gives the next invoice number (one atomic update);
 *   2. the invoice is written INSIDE the request item, by the same conditional write that issues
 *      the license and queues its email — so a license never exists without its invoice;
 *   3. the lifecycle reminds once when overdue and suspends the license after the grace period;
 *   4. staff record payments (`desk payments record`): one versioned write marks the invoice paid
 *      and, if the license was suspended, restores it and tells the licensee.
 * Card mode
 *   1. intake creates a Checkout Session (amount and currency from the quote, the request id as
 *      metadata, an idempotency key per request) and stores the request as `awaiting-payment`;
 *   2. a signature-verified `checkout.session.completed` issues the license — one versioned write,
 *      so any number of deliveries of the event issue exactly one; `checkout.session.expired`
 *      lapses the request; a full refund revokes the license.
 */
import { buildInvoice, invoiceState, withPayment, type InvoiceRecord, type PaymentRow } from '../domain/payment.js';
import type { Quote } from '../domain/policy.js';
import type { RateCard } from '../domain/terms.js';
import type { ReprintRequest } from '../domain/request-body.js';
import { labelOf, useTypeLabels } from '../views/labels.js';
import type { OutboxMessage, RequestRecord } from '../domain/request-record.js';
import type { Repository } from './ports.js';
import { log, recordFact } from './observability.js';
import { revokeLicense } from './licenses.js';
import { intent, issueLicense, transition } from './request-item.js';

// ---------------------------------------------------------------------------------------------
// Ports

/** A card payment provider's hosted checkout (Stripe Checkout in production). */
export interface CardCheckout {
  createSession(input: {
    requestId: string; amountMinor: number; currency: string; description: string; customerEmail: string;
    successUrl: string; cancelUrl: string; idempotencyKey: string;
  }): Promise<{ id: string; url: string; expiresAt: string }>;
  /** The request id a payment intent was made for (refund events name the payment intent only). */
  requestIdOfPaymentIntent(paymentIntentId: string): Promise<string | undefined>;
}

// ---------------------------------------------------------------------------------------------
// Invoices at a grant

export const invoiceDescription = (request: ReprintRequest, headline: string) =>
  `Reprint license: ${labelOf(useTypeLabels, request.use.type)} of “${headline}”`;

/**
 * Takes the publication's next number and builds the invoice. The caller writes it with the grant;
 * if that write does not happen, it calls `returnInvoiceNumber` so the sequence keeps no gap.
 */
export async function takeInvoice(repo: Repository, input: {
  rateCard: RateCard; publicationId: string; fee: Quote; request: ReprintRequest; headline: string; now: Date;
}): Promise<InvoiceRecord> {
  const billing = input.rateCard.billing;
  if (!billing) throw new Error(`rate card of ${input.publicationId} has no billing details`);
  const sequence = await repo.takeInvoiceSequence(input.publicationId);
  return buildInvoice({ sequence, publicationId: input.publicationId, billing, fee: input.fee, request: input.request,
    description: invoiceDescription(input.request, input.headline), now: input.now });
}

export async function returnInvoiceNumber(repo: Repository, invoice: InvoiceRecord): Promise<void> {
  if (await repo.returnInvoiceSequence(invoice.publicationId, invoice.sequence)) return;
  // Someone took a later number meanwhile: this one cannot be reused. Staff see it in the log.
  log.error('invoice number unused', { invoice: invoice.number, publicationId: invoice.publicationId });
}

/**
 * The invoice of a grant decided by a person (an approval, an accepted counter-offer), taken at
 * most once however often the versioned write is retried, and given back when no write used it.
 *   const invoices = grantInvoices(repo);
 *   try { … const invoice = await invoices.forGrant(item, fee, now); … write …; invoices.used(); }
 *   finally { await invoices.releaseUnused(); }
 */
export function grantInvoices(repo: Repository) {
  let taken: InvoiceRecord | undefined;
  let used = false;
  return {
    async forGrant(item: RequestRecord, fee: Quote, now: Date): Promise<InvoiceRecord | undefined> {
      if (taken) return taken.amount.minorUnits === fee.minorUnits ? taken : undefined;
      // The payment terms the requester accepted (a snapshot in the item); older items read the rate card.
      const terms = item.paymentTerms ?? await (async () => {
        const card = await repo.getEffectiveRateCard(item.publicationId);
        return card ? { mode: card.uses[item.request.use.type]?.payment ?? 'none', ...(card.billing ? { billing: card.billing } : {}) } : { mode: 'none' as const };
      })();
      // A card-paid use approved by a person is invoiced: Checkout belongs to the at-once path.
      if (fee.minorUnits <= 0 || terms.mode === 'none' || !terms.billing) return undefined;
      const billing = terms.billing;
      const sequence = await repo.takeInvoiceSequence(item.publicationId);
      taken = buildInvoice({ sequence, publicationId: item.publicationId, billing, fee, request: item.request, description: invoiceDescription(item.request, item.articleHeadline), now });
      return taken;
    },
    used() { used = true; },
    async releaseUnused() { if (taken && !used) await returnInvoiceNumber(repo, taken); },
  };
}

// ---------------------------------------------------------------------------------------------
// Lifecycle steps (called by application/lifecycle.ts inside its one versioned write)

export function invoiceReminderChange(item: RequestRecord, now: Date): { changes: Partial<RequestRecord>; mails: OutboxMessage[] } {
  const invoice = { ...item.invoice!, remindedAt: now.toISOString() };
  return {
    changes: { invoice },
    mails: [intent('invoice-overdue', item.license!.licensee.email, now, { key: invoice.number })],
  };
}

export function suspendChange(item: RequestRecord, now: Date): { changes: Partial<RequestRecord>; mails: OutboxMessage[] } {
  const at = now.toISOString();
  const invoice = { ...item.invoice!, suspendedAt: at };
  const license = { ...item.license!, status: 'suspended' as const };
  return {
    changes: {
      invoice, license,
      history: [...item.history, { at, from: item.status, to: item.status, actor: 'system', note: `License suspended: invoice ${invoice.number} unpaid past its grace period` }],
    },
    mails: [intent('license-suspended', license.licensee.email, now, { key: invoice.number })],
  };
}

// ---------------------------------------------------------------------------------------------
// Recording a payment (staff)

export class InvoiceNotFound extends Error { override name = 'InvoiceNotFound'; constructor(readonly invoiceNumber: string) { super(`Invoice ${invoiceNumber} was not found.`); } }

export interface Recorded { item: RequestRecord; invoice: InvoiceRecord; restored: boolean; changed: boolean }

export async function recordPayment(repo: Repository, invoiceNumber: string, input: { amountMinor: number; reference: string; by?: string }, now: Date): Promise<Recorded> {
  const found = await repo.getRequestByInvoice(invoiceNumber);
  if (!found?.invoice) throw new InvoiceNotFound(invoiceNumber);
  let restored = false;
  const updated = await repo.update(found.requestId, async (item) => {
    if (item.invoice?.number !== invoiceNumber) throw new InvoiceNotFound(invoiceNumber);
    // The same bank reference twice is the same payment: recording it again changes nothing.
    if (item.invoice.payments.some((p) => p.reference === input.reference)) return undefined;
    const at = now.toISOString();
    const invoice = withPayment(item.invoice, { at, amountMinor: input.amountMinor, reference: input.reference, ...(input.by ? { by: input.by } : {}) });
    restored = invoice.status === 'paid' && item.license?.status === 'suspended';
    const license = restored ? { ...item.license!, status: 'active' as const } : item.license;
    const note = invoice.status === 'paid'
      ? `Invoice ${invoice.number} paid (reference ${input.reference})${restored ? '; license restored' : ''}`
      : `Part payment on invoice ${invoice.number} (reference ${input.reference})`;
    const changed: RequestRecord = {
      ...item, invoice, ...(license ? { license } : {}), updatedAt: at,
      history: [...item.history, { at, from: item.status, to: item.status, actor: 'staff', ...(input.by ? { by: input.by } : {}), note }],
    };
    const outbox = { ...item.outbox };
    if (restored) {
      const m = intent('license-restored', license!.licensee.email, now, { key: invoice.number });
      outbox[m.id] = m;
    }
    return { ...changed, outbox };
  });
  if (!updated?.record.invoice) throw new InvoiceNotFound(invoiceNumber);
  return { item: updated.record, invoice: updated.record.invoice, restored: updated.changed && restored, changed: updated.changed };
}

// ---------------------------------------------------------------------------------------------
// Listing and revenue

export function paymentRow(item: RequestRecord, now: Date): PaymentRow {
  const inv = item.invoice!;
  const paid = inv.payments.reduce((s, p) => s + p.amountMinor, 0);
  return {
    invoice: inv.number, publicationId: inv.publicationId, requestId: item.requestId, ...(item.license ? { licenseId: item.license.licenseId } : {}),
    licensee: inv.buyer.organization, email: inv.buyer.email, currency: inv.amount.currency, amount: inv.amount.amount, amountMinor: inv.amount.minorUnits,
    paidMinor: paid, issuedAt: inv.issuedAt, dueDate: inv.dueDate, state: invoiceState(inv, now), ...(inv.paidAt ? { paidAt: inv.paidAt } : {}),
    references: inv.payments.map((p) => p.reference).join(' '),
  };
}

/** Every invoice (the sparse `payments` index, page by page), optionally only the overdue ones. */
export async function listPayments(repo: Repository, opts: { overdue?: boolean; limit?: number }, now: Date): Promise<PaymentRow[]> {
  const limit = opts.limit ?? 5000;
  const rows: PaymentRow[] = [];
  let cursor: string | undefined;
  do {
    const page = await repo.listInvoices({ limit: 100, cursor });
    rows.push(...page.items.filter((i) => i.invoice).map((i) => paymentRow(i, now)));
    cursor = page.cursor;
  } while (cursor && rows.length < limit);
  const picked = opts.overdue ? rows.filter((r) => r.state === 'overdue' || r.state === 'suspended') : rows;
  return picked.slice(0, limit);
}

// ---------------------------------------------------------------------------------------------
// Card payments (Stripe events, already signature-verified by the adapter)

export type CardEvent =
  | { type: 'completed'; eventId: string; requestId: string; sessionId: string; amountMinor: number; currency: string; paymentIntentId?: string }
  | { type: 'expired'; eventId: string; requestId: string; sessionId: string }
  | { type: 'refunded'; eventId: string; requestId: string };

export type CardOutcome = 'licensed' | 'already-licensed' | 'lapsed' | 'revoked' | 'ignored';

export interface CardDeps { repo: Repository; baseUrl: string }

export async function applyCardEvent(deps: CardDeps, event: CardEvent, now: Date): Promise<CardOutcome> {
  if (event.type === 'refunded') {
    const item = await deps.repo.getRequest(event.requestId);
    if (!item?.license) return 'ignored';
    await revokeLicense(deps.repo, item.license.licenseId, { reason: 'The card payment was refunded.', by: 'stripe' }, now);
    return 'revoked';
  }
  let outcome: CardOutcome = 'ignored';
  // Another delivery of the same event (or another writer) may get there first: `update` looks again.
  const updated = await deps.repo.update(event.requestId, async (item) => {
    outcome = 'ignored';
    if (!item.card || item.card.checkoutSessionId !== event.sessionId) return undefined;
    if (item.status !== 'awaiting-payment') { outcome = item.license ? 'already-licensed' : 'ignored'; return undefined; }
    let next: RequestRecord;
    if (event.type === 'completed') {
      // Stripe charged what the session asked; a mismatch means the session is not ours to honour.
      if (event.amountMinor !== item.quote.minorUnits || event.currency.toUpperCase() !== item.quote.currency) {
        log.error('card payment amount differs from the quote', { requestId: item.requestId, eventId: event.eventId });
        return undefined;
      }
      // The licensee's links get their tokens when the email is delivered.
      const { license } = issueLicense(item, item.quote, now);
      const card = { ...item.card, paidEventId: event.eventId, paidAt: now.toISOString(), ...(event.paymentIntentId ? { paymentIntentId: event.paymentIntentId } : {}) };
      next = transition(item, 'card-paid', { actor: 'system', by: 'stripe', note: `Paid by card (Stripe event ${event.eventId})` }, now,
        { license, card }, [intent('requester-licensed', item.request.requester.email, now)]);
    } else {
      next = transition(item, 'payment-lapsed', { actor: 'system', by: 'stripe', note: 'The card payment page expired unpaid' }, now,
        {}, [intent('requester-expired', item.request.requester.email, now)]);
    }
    outcome = event.type === 'completed' ? 'licensed' : 'lapsed';
    return next;
  });
  if (updated?.changed && updated.record.license && event.type === 'completed') recordFact({ kind: 'license-issued', via: 'card', fee: updated.record.license.fee });
  return outcome;
}
