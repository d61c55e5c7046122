/** To the licensee: the invoice is overdue (sent once). */
import type { Article } from '../../domain/article.js';
import type { RequestRecord } from '../../domain/request-record.js';
import { formatDate, formatMoney } from '../html.js';
import { subjectOf, quoted, compose, articleLine, licenseNumber, licenseeFooter, type Email } from './layout.js';

export function invoiceOverdueEmail(input: { item: RequestRecord; article: Article; invoiceUrl: string; statusUrl: string }): Email {
  const { item, article } = input;
  const inv = item.invoice!;
  return compose({
    subject: subjectOf(`Invoice ${inv.number} is overdue: license ${licenseNumber(item)} for`, quoted(article.headline)),
    heading: 'Your invoice is overdue',
    preheader: `${formatMoney(inv.amount.minorUnits, inv.amount.currency)} was due on ${formatDate(inv.dueDate)}.`,
    blocks: [
      { kind: 'p', text: `Invoice ${inv.number} for your reprint license ${licenseNumber(item)} was due on ${formatDate(inv.dueDate)} and is not paid yet. If it is still unpaid on ${formatDate(inv.suspendOn)}, the license is suspended and the licensed copy stops working until it is paid.`, strong: true },
      { kind: 'facts', rows: [['Invoice number', inv.number], ['Amount', formatMoney(inv.amount.minorUnits, inv.amount.currency)], ['Due date', formatDate(inv.dueDate)], ['Article', articleLine(article)]] },
      { kind: 'quote', label: 'How to pay', text: inv.paymentInstructions },
      { kind: 'button', label: 'Download the invoice (PDF)', url: input.invoiceUrl },
      { kind: 'link', label: 'See your request and license', url: input.statusUrl },
    ],
    requestId: item.requestId,
    footer: licenseeFooter(item),
  });
}
