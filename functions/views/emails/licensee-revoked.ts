/** To the licensee: the license is revoked. */
import type { Article } from '../../domain/article.js';
import type { RequestRecord } from '../../domain/request-record.js';
import { subjectOf, quoted, compose, articleLine, requestRows, licenseNumber, licenseeFooter, type Email } from './layout.js';

export function licenseeRevokedEmail(input: { item: RequestRecord; article: Article; reason: string }): Email {
  const { item, article } = input;
  return compose({
    subject: subjectOf(`Your reprint license ${licenseNumber(item)} for`, quoted(article.headline), 'has been revoked'),
    heading: 'Your reprint license has been revoked',
    preheader: 'Please remove the article from your publication.',
    blocks: [
      { kind: 'p', text: `${article.publication.name} has revoked license ${licenseNumber(item)}. Please remove ${quoted(article.headline)} from your website, newsletter or publication and do not run it again.`, strong: true },
      ...(input.reason.trim() ? [{ kind: 'quote', label: 'Reason', text: input.reason } as const] : []),
      { kind: 'facts', rows: [['Article', articleLine(article)], ['License number', licenseNumber(item)], ...requestRows(item, false, article)] },
    ],
    requestId: item.requestId,
    footer: licenseeFooter(item),
  });
}
