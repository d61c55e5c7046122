/**
 * The payment part of the requester's pages: the invoice (number, amount, due date, state), links
 * to the license certificate and invoice PDFs, and for a card-paid use the button to Stripe's
 * payment page. Domain records in, escaped HTML out.
 */
import type { RequestRecord } from '../domain/request-record.js';
import { amountOutstanding, invoiceState, type InvoiceState } from '../domain/payment.js';
import { formatDate, formatMoney, html, safeUrl, type SafeHtml } from './html.js';

/** The PDFs of a license, behind the licensee's copy token or the requester's status token. */
export const documentUrls = (baseUrl: string, licenseId: string, token: string) => {
  const b = `${baseUrl.replace(/\/+$/, '')}/licenses/${encodeURIComponent(licenseId)}`;
  const t = encodeURIComponent(token);
  return { certificate: `${b}/certificate.pdf?token=${t}`, invoice: `${b}/invoice.pdf?token=${t}` };
};

export const invoiceStateLabels: Record<InvoiceState, string> = {
  paid: 'Paid',
  due: 'Due',
  overdue: 'Overdue: please pay now',
  suspended: 'Overdue past the grace period: the license is suspended until it is paid',
};

/** `https://host/requests/ID?token=T` → base and token (the result page only has the status URL). */
function fromStatusUrl(statusUrl: string): { baseUrl: string; token: string } | undefined {
  try {
    const u = new URL(statusUrl);
    const token = u.searchParams.get('token');
    const at = u.pathname.lastIndexOf('/requests/');
    return token && at >= 0 ? { baseUrl: `${u.origin}${u.pathname.slice(0, at)}`, token } : undefined;
  } catch {
    return undefined;
  }
}

export function paymentSection(input: { item: RequestRecord; baseUrl?: string; token?: string; statusUrl?: string; now?: Date }): SafeHtml {
  const { item } = input;
  const where = input.baseUrl && input.token ? { baseUrl: input.baseUrl, token: input.token } : input.statusUrl ? fromStatusUrl(input.statusUrl) : undefined;
  if (item.status === 'awaiting-payment' && item.card) {
    return html`<section class="card" aria-labelledby="pay-h"><h2 id="pay-h">Pay by card</h2>
<p>The fee is <strong>${formatMoney(item.quote.minorUnits, item.quote.currency)}</strong>. Your license is issued, and emailed to you, as soon as the payment goes through.</p>
<div class="actions"><a class="button" href="${safeUrl(item.card.checkoutUrl)}">Pay ${formatMoney(item.quote.minorUnits, item.quote.currency)} by card</a></div>
<p class="small muted">The payment page is Stripe's. This offer lapses if it is not paid by ${formatDate(item.card.expiresAt)}.</p>
</section>`;
  }
  const license = item.license;
  if (!license || !where) return html``;
  const docs = documentUrls(where.baseUrl, license.licenseId, where.token);
  const invoice = item.invoice;
  if (!invoice) {
    return html`<p><a href="${safeUrl(docs.certificate)}">License certificate (PDF)</a></p>`;
  }
  const state = invoiceState(invoice, input.now ?? new Date());
  return html`<section class="card" aria-labelledby="inv-h"><h2 id="inv-h">Invoice ${invoice.number}</h2>
<dl class="facts">
<dt>Amount</dt><dd>${formatMoney(invoice.amount.minorUnits, invoice.amount.currency)}</dd>
<dt>Due date</dt><dd>${formatDate(invoice.dueDate)}</dd>
<dt>State</dt><dd>${invoiceStateLabels[state]}${state !== 'paid' && amountOutstanding(invoice) !== invoice.amount.minorUnits ? html` (outstanding: ${formatMoney(amountOutstanding(invoice), invoice.amount.currency)})` : ''}</dd>
<dt>How to pay</dt><dd class="pre">${invoice.paymentInstructions}</dd>
</dl>
<div class="actions"><a class="button secondary" href="${safeUrl(docs.invoice)}">Invoice (PDF)</a><a class="button secondary" href="${safeUrl(docs.certificate)}">License certificate (PDF)</a></div>
</section>`;
}
