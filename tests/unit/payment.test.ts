/**
 * Getting paid, purely: which way a fee is collected, the invoice clock (one reminder, then
 * suspension), payments, revenue totals, the rate card's billing rules, and PDFs that stay
 * readable whatever text they are given.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dueStep } from '../../functions/domain/lifecycle.js';
import {
  buildInvoice, invoiceState, invoiceStepDue, overdueFrom, paymentModeFor, suspendFrom, withPayment, type InvoiceRecord,
} from '../../functions/domain/payment.js';
import { invoicePdf, licenseCertificatePdf, pdfSafe } from '../../functions/views/pdf-documents.js';
import { rateCardSchema, type Billing, type RateCard } from '../../functions/domain/terms.js';
import { paymentRow } from '../../functions/application/payments.js';
import { revenueSummary } from '../../functions/domain/payment.js';
import { dueIndex, toRequestItem } from '../../functions/adapters/entities/request.js';
const reindex = (r: Parameters<typeof toRequestItem>[0]) => toRequestItem(r, 1);
import { EVIL, NOW, fixtureArticle, fixtureItem, fixtureRateCard } from '../support/render-fixtures.js';

const billing: Billing = {
  legalName: 'Harbour Ledger Media Ltd.', address: ['12 Quay Street', 'Port Meridian'], paymentInstructions: 'Bank transfer, quote the invoice number.',
  invoicePrefix: 'THL', invoiceDueDays: 30, graceDays: 14, taxNote: 'No sales tax.',
};
const cardWith = (payment: 'none' | 'invoice' | 'card', withBilling = true): RateCard => {
  const card = fixtureRateCard();
  return { ...card, ...(withBilling ? { billing } : {}), uses: { ...card.uses, 'web-republication': { ...card.uses['web-republication'], payment } } };
};

function invoiceFor(now = NOW): InvoiceRecord {
  const item = fixtureItem('licensed');
  return buildInvoice({ sequence: 42, publicationId: 'the-harbour-ledger', billing, fee: item.quote, request: item.request, description: 'Reprint license', now });
}

describe('payment mode', () => {
  const fee = fixtureItem('licensed').quote;
  it('follows the rate card per use; free uses never pay', () => {
    expect(paymentModeFor(cardWith('invoice'), 'web-republication', fee, false)).toBe('invoice');
    expect(paymentModeFor(cardWith('none'), 'web-republication', fee, true)).toBe('none');
    expect(paymentModeFor(cardWith('invoice'), 'web-republication', { ...fee, minorUnits: 0, amount: '0.00' }, true)).toBe('none');
  });
  it('card needs Stripe; without it the use is invoiced (or not collected without billing details)', () => {
    expect(paymentModeFor(cardWith('card'), 'web-republication', fee, true)).toBe('card');
    expect(paymentModeFor(cardWith('card'), 'web-republication', fee, false)).toBe('invoice');
    expect(paymentModeFor(cardWith('card', false), 'web-republication', fee, false)).toBe('none');
  });
  it('a rate card that bills a use must carry the seller\'s billing details', () => {
    const r = rateCardSchema.safeParse({ ...cardWith('invoice', false) });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toContain('billing');
    expect(rateCardSchema.safeParse(cardWith('invoice')).success).toBe(true);
  });
});

describe('the invoice clock', () => {
  const inv = invoiceFor();
  it('is due 30 days after issue, suspends after 14 more days of grace', () => {
    expect(inv.number).toBe('THL-000042');
    expect(inv.dueDate).toBe('2026-07-01');
    expect(overdueFrom(inv)).toBe('2026-07-02T00:00:00.000Z');
    expect(suspendFrom(inv)).toBe('2026-07-16T00:00:00.000Z');
  });
  it('reminds once when overdue, then suspends; nothing once paid', () => {
    const at = (iso: string) => new Date(iso);
    expect(invoiceStepDue(inv, at('2026-07-01T23:59:59Z'))).toBeUndefined();
    expect(invoiceStepDue(inv, at('2026-07-02T00:00:00Z'))).toBe('invoice-reminder');
    const reminded = { ...inv, remindedAt: '2026-07-02T00:00:00Z' };
    expect(invoiceStepDue(reminded, at('2026-07-15T23:59:59Z'))).toBeUndefined();
    expect(invoiceStepDue(reminded, at('2026-07-16T00:00:00Z'))).toBe('suspend');
    // A late run skips straight to what is due last.
    expect(invoiceStepDue(inv, at('2026-08-01T00:00:00Z'))).toBe('suspend');
    expect(invoiceStepDue({ ...reminded, suspendedAt: '2026-07-16T00:00:00Z' }, at('2026-08-01T00:00:00Z'))).toBeUndefined();
    const paid = withPayment(inv, { at: '2026-06-10T00:00:00Z', amountMinor: inv.amount.minorUnits, reference: 'B-1' });
    expect(invoiceStepDue(paid, at('2026-08-01T00:00:00Z'))).toBeUndefined();
    expect(invoiceState(paid, at('2026-08-01T00:00:00Z'))).toBe('paid');
  });
  it('a part payment leaves the invoice open; the rest pays it', () => {
    const part = withPayment(inv, { at: '2026-06-10T00:00:00Z', amountMinor: 100, reference: 'B-1' });
    expect(part.status).toBe('open');
    const full = withPayment(part, { at: '2026-06-11T00:00:00Z', amountMinor: inv.amount.minorUnits - 100, reference: 'B-2' });
    expect(full).toMatchObject({ status: 'paid', paidAt: '2026-06-11T00:00:00Z' });
  });
  it('a licensed item with an open invoice waits in the invoice queue, then goes back to the renewal clock', () => {
    const base = fixtureItem('licensed');
    const item = reindex({ ...base, invoice: invoiceFor(new Date(`${base.license!.validFrom}T00:00:00Z`)) });
    expect(dueIndex(item)).toEqual({ duePk: 'LIFECYCLE#INVOICE', dueAt: overdueFrom(item.invoice!) });
    const reminded = reindex({ ...item, invoice: { ...item.invoice!, remindedAt: overdueFrom(item.invoice!) } });
    expect(dueIndex(reminded)).toEqual({ duePk: 'LIFECYCLE#INVOICE', dueAt: suspendFrom(item.invoice!) });
    expect(dueStep(reminded, { remindAfterHours: 48, expireAfterDays: 14, renewalNoticeDays: 30 }, new Date(suspendFrom(item.invoice!)))).toBe('suspend');
    const paid = reindex({ ...item, invoice: withPayment(item.invoice!, { at: NOW.toISOString(), amountMinor: 1_000_000, reference: 'x' }) });
    expect(dueIndex(paid).duePk).toBe('LIFECYCLE#RENEW');
    expect(item.payPk).toBe('INVOICES');
    expect(item.paySk).toBe(item.invoice!.number);
  });
});

describe('revenue totals', () => {
  it('adds paid, due and overdue per publication and per week of issue, each currency apart', () => {
    const mk = (number: string, issued: string, minor: number, currency: string, paid: number, dueOffsetDays: number) => {
      const item = fixtureItem('licensed');
      const inv = buildInvoice({ sequence: 1, publicationId: 'pub-a', billing: { ...billing, invoiceDueDays: dueOffsetDays }, fee: { ...item.quote, minorUnits: minor, currency }, request: item.request, description: 'x', now: new Date(issued) });
      const withPaid = paid ? withPayment({ ...inv, number }, { at: issued, amountMinor: paid, reference: number }) : { ...inv, number };
      return paymentRow({ ...item, invoice: withPaid }, new Date('2026-06-20T00:00:00Z'));
    };
    const rows = [
      mk('A-1', '2026-06-01T10:00:00Z', 10_000, 'USD', 10_000, 30), // paid
      mk('A-2', '2026-06-02T10:00:00Z', 5_000, 'USD', 1_000, 30), // part paid, still due
      mk('A-3', '2026-06-03T10:00:00Z', 7_000, 'USD', 0, 5), // overdue
      mk('A-4', '2026-06-10T10:00:00Z', 9_000, 'EUR', 0, 30), // due, another currency
    ];
    const s = revenueSummary(rows);
    expect(s.currency).toEqual(['EUR', 'USD']);
    expect(s.byPublication).toEqual([
      { publicationId: 'pub-a', currency: 'EUR', cell: { paid: 0, due: 9_000, overdue: 0 } },
      { publicationId: 'pub-a', currency: 'USD', cell: { paid: 11_000, due: 4_000, overdue: 7_000 } },
    ]);
    expect(s.byWeek).toEqual([
      { week: '2026-06-08', currency: 'EUR', cell: { paid: 0, due: 9_000, overdue: 0 } },
      { week: '2026-06-01', currency: 'USD', cell: { paid: 11_000, due: 4_000, overdue: 7_000 } },
    ]);
  });
});

describe('PDF documents', () => {
  const dir = mkdtempSync(join(tmpdir(), 'desk-pdf-'));
  const text = (bytes: Uint8Array, name: string) => {
    writeFileSync(join(dir, name), bytes);
    return execFileSync('pdftotext', [join(dir, name), '-'], { encoding: 'utf8' });
  };

  it('keeps what the standard fonts can show, plain-letters what they cannot, and never fails', () => {
    expect(pdfSafe('Žluťoučký kůň “quoted” — €5')).toBe('Žlutoucký kun “quoted” — €5');
    expect(pdfSafe('東京 \u202Egnp.exe\u0007')).toBe('??  gnp.exe ');
  });

  it('renders hostile and non-Latin text as plain selectable text', async () => {
    const item = fixtureItem('licensed', { evil: true });
    const invoice = { ...invoiceFor(), buyer: { ...invoiceFor().buyer, organization: `東京 Weekly ${EVIL}` } };
    const bytes = await invoicePdf({ invoice, licenseNumber: item.license!.number, articleHeadline: `Árvíztűrő ${EVIL}` });
    const t = text(bytes, 'hostile-invoice.pdf');
    expect(t).toContain('THL-000042');
    expect(t).toContain('<script>alert(1)</script>');
    expect(t).toContain('Árvízturo');
    const cert = await licenseCertificatePdf({ license: item.license!, article: fixtureArticle({ evil: true }), verifyUrl: `https://desk.example/licenses/${item.license!.licenseId}/copy` });
    const c = text(cert, 'hostile-certificate.pdf').replace(/\s+/g, ' ');
    expect(c).toContain(item.license!.number);
    expect(c).toContain('Reprint license certificate');
  });
});
