/** To the licensee: the license ends soon (RENEWAL_NOTICE_DAYS). */
import type { Article } from '../../domain/article.js';
import type { RequestRecord } from '../../domain/request-record.js';
import { formatDate } from '../html.js';
import { subjectOf, quoted, compose, articleLine, requestRows, licenseNumber, licenseeFooter, type Email } from './layout.js';

export function licenseeRenewalEmail(input: { item: RequestRecord; article: Article; renewUrl: string }): Email {
  const { item, article } = input;
  const until = item.license?.validUntil ?? item.validUntil;
  return compose({
    subject: subjectOf(`Your reprint license ${licenseNumber(item)} for`, quoted(article.headline), `ends on ${formatDate(until)}`),
    heading: 'Your reprint license ends soon',
    preheader: `License ${licenseNumber(item)} ends on ${formatDate(until)}.`,
    blocks: [
      { kind: 'p', text: `Your license ${licenseNumber(item)} for ${quoted(article.headline)} ends on ${formatDate(until)}. After that the licensed copy stops working and the article must come down, unless you renew.` },
      { kind: 'button', label: 'Renew the license', url: input.renewUrl },
      { kind: 'facts', rows: [['Article', articleLine(article)], ['License number', licenseNumber(item)], ['Valid until', formatDate(until)], ...requestRows(item, false, article)] },
    ],
    requestId: item.requestId,
    footer: licenseeFooter(item),
  });
}
