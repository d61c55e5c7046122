/**
 * `desk payments record|list` and `desk invoices show` — the staff's side of getting paid.
 * Recording a payment is one versioned write on the request item that holds the invoice (see
 * application/payments.ts): the invoice is marked paid once the total is reached and a suspended
 * license is restored at once, with the licensee told. `payments list` is the accounting export:
 * `--json` or `--csv` (RFC 4180), with paid, due and overdue totals per week and per publication.
 */
import { parseArgs } from 'node:util';
import { parseAmount, formatMoney } from '../functions/domain/money.js';
import { amountOutstanding, invoiceState } from '../functions/domain/payment.js';
import { invoiceStateLabels } from '../functions/views/payment-html.js';
import { InvoiceNotFound, listPayments, recordPayment } from '../functions/application/payments.js';
import { revenueSummary, type PaymentRow, type RevenueCell } from '../functions/domain/payment.js';
import { UsageError, table, shortTime, type Command } from './shared.js';

const notFound = (e: unknown): never => {
  if (e instanceof InvoiceNotFound) throw new Error(e.message);
  throw e;
};

const record: Command = async (args, ctx) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { amount: { type: 'string' }, reference: { type: 'string' }, by: { type: 'string' } } });
  const number = positionals[0];
  if (!number || !values.amount || !values.reference?.trim()) throw new UsageError('usage: desk payments record INVOICE --amount 150.00 --reference TEXT [--by EMAIL]');
  const repo = ctx.repo();
  const item = await repo.getRequestByInvoice(number);
  if (!item?.invoice) throw new Error(`Invoice ${number} was not found.`);
  const currency = item.invoice.amount.currency;
  const amountMinor = parseAmount(values.amount, currency);
  if (amountMinor === undefined || amountMinor <= 0) throw new UsageError(`--amount is a positive amount in ${currency}, such as 150.00`);
  const by = values.by ?? process.env.DESK_USER ?? process.env.USER;
  const r = await recordPayment(repo, number, { amountMinor, reference: values.reference.trim(), ...(by ? { by } : {}) }, ctx.now()).catch(notFound);
  if (ctx.json) {
    return ctx.out(JSON.stringify({ invoice: r.invoice.number, status: r.invoice.status, outstanding: amountOutstanding(r.invoice), restored: r.restored, changed: r.changed, licenseStatus: r.item.license?.status }));
  }
  if (!r.changed) return ctx.out(`A payment with reference ${values.reference.trim()} is already recorded on ${r.invoice.number}; nothing changed.`);
  ctx.out(r.invoice.status === 'paid'
    ? `Invoice ${r.invoice.number} is paid.${r.restored ? ` License ${r.item.license!.licenseId} is active again, and ${r.item.license!.licensee.email} is being told.` : ''}`
    : `Recorded ${formatMoney(amountMinor, currency)} on ${r.invoice.number}; ${formatMoney(amountOutstanding(r.invoice), currency)} is still outstanding.`);
};

const CSV_COLUMNS: (keyof PaymentRow)[] = ['invoice', 'publicationId', 'state', 'currency', 'amount', 'amountMinor', 'paidMinor', 'issuedAt', 'dueDate', 'paidAt', 'licensee', 'email', 'licenseId', 'requestId', 'references'];

/** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled; CRLF line ends. A leading =+-@ is defused for spreadsheets. */
export function toCsv(rows: readonly PaymentRow[]): string {
  const field = (v: unknown) => {
    let s = v === undefined ? '' : String(v);
    if (/^[=+\-@\t\r]/.test(s) && typeof v === 'string') s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((c) => field(r[c])).join(','))].join('\r\n') + '\r\n';
}

const money = (cell: RevenueCell, currency: string) => [cell.paid, cell.due, cell.overdue].map((m) => formatMoney(m, currency));

const list: Command = async (args, ctx) => {
  const { values } = parseArgs({ args, options: { overdue: { type: 'boolean', default: false }, csv: { type: 'boolean', default: false } } });
  if (values.csv && ctx.json) throw new UsageError('--csv and --json: pick one');
  const rows = await listPayments(ctx.repo(), { overdue: values.overdue }, ctx.now());
  if (values.csv) return ctx.out(toCsv(rows).trimEnd());
  const summary = revenueSummary(rows);
  if (ctx.json) return ctx.out(JSON.stringify({ invoices: rows, summary }));
  if (!rows.length) return ctx.out(values.overdue ? 'No overdue invoices.' : 'No invoices.');
  ctx.out(table(['INVOICE', 'STATE', 'AMOUNT', 'DUE', 'ISSUED', 'LICENSEE', 'LICENSE'],
    rows.map((r) => [r.invoice, r.state, formatMoney(r.amountMinor, r.currency), r.dueDate, shortTime(r.issuedAt), `${r.licensee} <${r.email}>`, r.licenseId ?? ''])));
  ctx.out(`\n${table(['WEEK OF', 'CURRENCY', 'PAID', 'DUE', 'OVERDUE'], summary.byWeek.map((w) => [w.week, w.currency, ...money(w.cell, w.currency)]))}`);
  ctx.out(`\n${table(['PUBLICATION', 'CURRENCY', 'PAID', 'DUE', 'OVERDUE'], summary.byPublication.map((p) => [p.publicationId, p.currency, ...money(p.cell, p.currency)]))}`);
};

const show: Command = async (args, ctx) => {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const number = positionals[0];
  if (!number) throw new UsageError('usage: desk invoices show INVOICE');
  const item = await ctx.repo().getRequestByInvoice(number);
  const inv = item?.invoice;
  if (!item || !inv) throw new Error(`Invoice ${number} was not found.`);
  const state = invoiceState(inv, ctx.now());
  if (ctx.json) return ctx.out(JSON.stringify({ ...inv, state, outstandingMinor: amountOutstanding(inv), requestId: item.requestId, licenseId: item.license?.licenseId, licenseStatus: item.license?.status }));
  const rows: [string, string][] = [
    ['Invoice', inv.number], ['State', invoiceStateLabels[state]], ['Amount', formatMoney(inv.amount.minorUnits, inv.amount.currency)],
    ['Outstanding', formatMoney(amountOutstanding(inv), inv.amount.currency)], ['Issued', shortTime(inv.issuedAt)], ['Due', inv.dueDate],
    ['Suspends on', inv.suspendOn], ['Seller', inv.seller.legalName], ['Billed to', `${inv.buyer.name}, ${inv.buyer.organization} <${inv.buyer.email}>`],
    ['For', inv.description], ['License', `${item.license?.licenseId ?? '-'} (${item.license?.status ?? '-'})`], ['Request', item.requestId],
    ...(inv.remindedAt ? [['Reminded', shortTime(inv.remindedAt)] as [string, string]] : []),
    ...(inv.suspendedAt ? [['Suspended', shortTime(inv.suspendedAt)] as [string, string]] : []),
  ];
  ctx.out(table(['FIELD', 'VALUE'], rows, 100));
  if (inv.payments.length) {
    ctx.out(`\n${table(['PAID AT', 'AMOUNT', 'REFERENCE', 'BY'], inv.payments.map((p) => [shortTime(p.at), formatMoney(p.amountMinor, inv.amount.currency), p.reference, p.by ?? '']))}`);
  }
};

export const paymentCommands: Record<string, Command> = {
  'payments record': record,
  'payments list': list,
  'invoices show': show,
};
