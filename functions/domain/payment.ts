/**
 * Getting paid, purely: which way a grant's fee is collected, the invoice a license carries, and
 * what an invoice's state is on a given day. No storage, no clock but the one passed in.
 *
 * An invoice lives inside the request item that holds its license, so issuing, paying and
 * suspending are each ONE conditional write with the mail they cause. Its number comes from a
 * per-publication counter (see adapters/entities/invoice.ts): consecutive, with no gaps.
 */
import type { Billing, PaymentMode, RateCard } from './terms.js';
import type { Quote } from './policy.js';
import type { ReprintRequest } from './request-body.js';
import { formatMoney } from './money.js';

export interface InvoicePayment {
  at: string;
  /** Minor units received (may be less than the total: a part payment). */
  amountMinor: number;
  reference: string;
  by?: string;
}

export interface InvoiceRecord {
  number: string;
  sequence: number;
  publicationId: string;
  issuedAt: string;
  /** YYYY-MM-DD (UTC): payable until the end of this day. */
  dueDate: string;
  /** YYYY-MM-DD (UTC): from this day on an unpaid invoice suspends its license. */
  suspendOn: string;
  amount: Quote;
  seller: { legalName: string; address: string[]; taxNote?: string };
  paymentInstructions: string;
  buyer: { name: string; organization: string; email: string; country: string };
  description: string;
  status: 'open' | 'paid';
  payments: InvoicePayment[];
  paidAt?: string;
  /** Set once the overdue reminder is queued: reminders go out once. */
  remindedAt?: string;
  suspendedAt?: string;
}

export type InvoiceState = 'paid' | 'due' | 'overdue' | 'suspended';

/** Free uses never pay; card mode needs Stripe, and falls back to an invoice (or nothing) without it. */
export function paymentModeFor(rateCard: RateCard, use: ReprintRequest['use']['type'], fee: Quote, cardAvailable: boolean): PaymentMode {
  if (fee.minorUnits <= 0) return 'none';
  const mode = rateCard.uses[use]?.payment ?? 'none';
  if (mode === 'card' && !cardAvailable) return rateCard.billing ? 'invoice' : 'none';
  if (mode !== 'none' && !rateCard.billing) return 'none';
  return mode;
}

const DAY = 86_400_000;
const dateAfter = (now: Date, days: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + days * DAY).toISOString().slice(0, 10);

export const invoiceNumber = (prefix: string, sequence: number) => `${prefix}-${String(sequence).padStart(6, '0')}`;

/** `the-harbour-ledger` → `THEHARBOURL`: the prefix when the rate card names none. */
export const defaultInvoicePrefix = (publicationId: string) => publicationId.replace(/[^a-z0-9]/gi, '').toUpperCase().slice(0, 12) || 'INV';

export function buildInvoice(input: {
  sequence: number; publicationId: string; billing: Billing; fee: Quote; request: ReprintRequest; description: string; now: Date;
}): InvoiceRecord {
  const { billing, request: r, now } = input;
  return {
    number: invoiceNumber(billing.invoicePrefix ?? defaultInvoicePrefix(input.publicationId), input.sequence),
    sequence: input.sequence,
    publicationId: input.publicationId,
    issuedAt: now.toISOString(),
    dueDate: dateAfter(now, billing.invoiceDueDays),
    suspendOn: dateAfter(now, billing.invoiceDueDays + billing.graceDays + 1),
    amount: input.fee,
    seller: { legalName: billing.legalName, address: billing.address, ...(billing.taxNote ? { taxNote: billing.taxNote } : {}) },
    paymentInstructions: billing.paymentInstructions,
    buyer: { name: r.requester.name, organization: r.requester.organization, email: r.requester.email, country: r.requester.country },
    description: input.description,
    status: 'open',
    payments: [],
  };
}

export const amountPaid = (invoice: InvoiceRecord) => invoice.payments.reduce((sum, p) => sum + p.amountMinor, 0);
export const amountOutstanding = (invoice: InvoiceRecord) => Math.max(0, invoice.amount.minorUnits - amountPaid(invoice));

/** The moment the invoice is overdue: the day after its due date, 00:00 UTC. */
export const overdueFrom = (invoice: Pick<InvoiceRecord, 'dueDate'>) => new Date(Date.parse(`${invoice.dueDate}T00:00:00Z`) + DAY).toISOString();
export const suspendFrom = (invoice: Pick<InvoiceRecord, 'suspendOn'>) => `${invoice.suspendOn}T00:00:00.000Z`;

export function invoiceState(invoice: InvoiceRecord, now: Date): InvoiceState {
  if (invoice.status === 'paid') return 'paid';
  if (invoice.suspendedAt) return 'suspended';
  return now.toISOString() >= overdueFrom(invoice) ? 'overdue' : 'due';
}

/** The lifecycle step an open invoice needs at `now`: one reminder once overdue, suspension after the grace period. */
export function invoiceStepDue(invoice: InvoiceRecord, now: Date): 'invoice-reminder' | 'suspend' | undefined {
  if (invoice.status === 'paid' || invoice.suspendedAt) return undefined;
  const t = now.toISOString();
  if (t >= suspendFrom(invoice)) return 'suspend';
  if (!invoice.remindedAt && t >= overdueFrom(invoice)) return 'invoice-reminder';
  return undefined;
}

/** Records a payment: paid in full once the total is reached. Pure; the caller writes it. */
export function withPayment(invoice: InvoiceRecord, payment: InvoicePayment): InvoiceRecord {
  const payments = [...invoice.payments, payment];
  const paid = payments.reduce((sum, p) => sum + p.amountMinor, 0) >= invoice.amount.minorUnits;
  return { ...invoice, payments, ...(paid ? { status: 'paid' as const, paidAt: payment.at } : {}) };
}

/** The sentence the form shows next to the terms: how the fee is collected for this publication. */
export function paymentTermsSentence(rateCard: RateCard): string {
  const modes = new Set(Object.values(rateCard.uses).filter((u) => u.offered).map((u) => u.payment));
  const parts: string[] = [];
  if (modes.has('invoice') || (modes.has('card') && rateCard.billing)) {
    parts.push(`an invoice is issued with the license, payable within ${rateCard.billing?.invoiceDueDays ?? 30} days`);
  }
  if (modes.has('card')) parts.push('where card payment is offered, the license is issued once the card payment goes through');
  if (!parts.length) return 'the publication tells you how to pay.';
  return `${parts.join('; ')}.`;
}

/** "USD 150.00 due 2027-01-06" (as formatMoney writes it) — for CLI tables and plain text. */
export const invoiceSummary = (invoice: InvoiceRecord) => `${formatMoney(invoice.amount.minorUnits, invoice.amount.currency)} due ${invoice.dueDate}`;

// ---------------------------------------------------------------------------------------------
// Listing and revenue: one row per invoice, and the sums the staff view and `desk payments` show

export interface PaymentRow {
  invoice: string;
  publicationId: string;
  requestId: string;
  licenseId?: string;
  licensee: string;
  email: string;
  currency: string;
  amount: string;
  amountMinor: number;
  paidMinor: number;
  issuedAt: string;
  dueDate: string;
  state: InvoiceState;
  paidAt?: string;
  references: string;
}

export interface RevenueCell { paid: number; due: number; overdue: number }
export interface RevenueSummary {
  currency: string[];
  /** Monday (UTC) of the week the invoice was issued in → amounts in minor units. */
  byWeek: { week: string; currency: string; cell: RevenueCell }[];
  byPublication: { publicationId: string; currency: string; cell: RevenueCell }[];
}

const mondayOf = (iso: string) => {
  const d = new Date(iso);
  const day = (d.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day)).toISOString().slice(0, 10);
};

/** Paid, due and overdue amounts per week of issue and per publication (each currency apart: amounts never mix). */
export function revenueSummary(rows: readonly PaymentRow[]): RevenueSummary {
  const add = (map: Map<string, RevenueCell>, key: string, r: PaymentRow) => {
    const cell = map.get(key) ?? { paid: 0, due: 0, overdue: 0 };
    cell.paid += r.paidMinor;
    const open = Math.max(0, r.amountMinor - r.paidMinor);
    if (r.state === 'due') cell.due += open;
    else if (r.state === 'overdue' || r.state === 'suspended') cell.overdue += open;
    map.set(key, cell);
  };
  const weeks = new Map<string, RevenueCell>();
  const pubs = new Map<string, RevenueCell>();
  for (const r of rows) {
    add(weeks, `${mondayOf(r.issuedAt)}|${r.currency}`, r);
    add(pubs, `${r.publicationId}|${r.currency}`, r);
  }
  const split = (k: string) => k.split('|') as [string, string];
  return {
    currency: [...new Set(rows.map((r) => r.currency))].sort(),
    byWeek: [...weeks].map(([k, cell]) => ({ week: split(k)[0], currency: split(k)[1], cell })).sort((a, b) => b.week.localeCompare(a.week) || a.currency.localeCompare(b.currency)),
    byPublication: [...pubs].map(([k, cell]) => ({ publicationId: split(k)[0], currency: split(k)[1], cell })).sort((a, b) => a.publicationId.localeCompare(b.publicationId) || a.currency.localeCompare(b.currency)),
  };
}
