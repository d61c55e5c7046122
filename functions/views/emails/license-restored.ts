/** To the licensee: the invoice is paid and the license restored. */
import type { Article } from '../../domain/article.js';
import type { RequestRecord } from '../../domain/request-record.js';
import { subjectOf, quoted, compose, licenseNumber, licenseeFooter, type Email } from './layout.js';

export function licenseRestoredEmail(input: { item: RequestRecord; article: Article }): Email {
  const { item, article } = input;
  const inv = item.invoice!;
  return compose({
    subject: subjectOf(`Invoice ${inv.number} paid: license ${licenseNumber(item)} is active again`),
    heading: 'Thank you: your license is active again',
    preheader: `Invoice ${inv.number} is paid.`,
    blocks: [
      { kind: 'p', text: `We have received the payment of invoice ${inv.number}. License ${licenseNumber(item)} for ${quoted(article.headline)} is active again, and the licensed copy works as before.` },
    ],
    requestId: item.requestId,
    footer: licenseeFooter(item),
  });
}
