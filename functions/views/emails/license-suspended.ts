/** To the licensee: the license is suspended for an unpaid invoice. */
import type { Article } from '../../domain/article.js';
import type { RequestRecord } from '../../domain/request-record.js';
import { formatDate, formatMoney } from '../html.js';
import { subjectOf, quoted, compose, licenseNumber, licenseeFooter, type Email } from './layout.js';

export function licenseSuspendedEmail(input: { item: RequestRecord; article: Article; invoiceUrl: string }): Email {
  const { item, article } = input;
  const inv = item.invoice!;
  return compose({
    subject: subjectOf(`Your reprint license ${licenseNumber(item)} is suspended: invoice ${inv.number} unpaid`),
    heading: 'Your reprint license is suspended',
    preheader: 'Pay the invoice to restore it.',
    blocks: [
      { kind: 'p', text: `Invoice ${inv.number} (${formatMoney(inv.amount.minorUnits, inv.amount.currency)}, due ${formatDate(inv.dueDate)}) is unpaid past the grace period, so license ${licenseNumber(item)} for ${quoted(article.headline)} is suspended. Please take the article down until the invoice is paid; paying it restores the license at once.`, strong: true },
      { kind: 'quote', label: 'How to pay', text: inv.paymentInstructions },
      { kind: 'button', label: 'Download the invoice (PDF)', url: input.invoiceUrl },
    ],
    requestId: item.requestId,
    footer: licenseeFooter(item),
  });
}
