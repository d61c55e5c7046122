/** To every current licensee: the article is withdrawn (kill notice) or corrected. */
import type { Article } from '../../domain/article.js';
import type { RequestRecord } from '../../domain/request-record.js';
import { subjectOf, quoted, compose, articleLine, stateRow, licenseNumber, licenseeFooter, type Email } from './layout.js';

export function licenseeKillNoticeEmail(input: { item: RequestRecord; article: Article; kind: 'withdrawn' | 'corrected'; copyUrl: string }): Email {
  const { item, article, kind } = input;
  const withdrawn = kind === 'withdrawn';
  return compose({
    subject: withdrawn
      ? subjectOf('Kill notice: remove', quoted(article.headline), `now (license ${licenseNumber(item)})`)
      : subjectOf('Correction:', quoted(article.headline), `has been corrected; update your copy (license ${licenseNumber(item)})`),
    heading: withdrawn ? 'Kill notice: the article has been withdrawn' : 'Correction: please update your copy',
    preheader: withdrawn ? 'Remove the article from your publication now.' : 'Apply the correction within 24 hours.',
    blocks: withdrawn
      ? [
        { kind: 'p', text: `${article.publication.name} has withdrawn ${quoted(article.headline)}. Remove it from your website, newsletter or publication now, and do not run it again. Your license ${licenseNumber(item)} no longer covers it.`, strong: true },
        ...(article.correction?.trim() ? [{ kind: 'quote', label: 'Note from the publication', text: article.correction } as const] : []),
        { kind: 'facts', rows: [stateRow(item, article), ['Article', articleLine(article)], ['License number', licenseNumber(item)]] },
      ]
      : [
        { kind: 'p', text: `${article.publication.name} has corrected ${quoted(article.headline)}. Please update your copy within 24 hours, as your license ${licenseNumber(item)} requires.` },
        ...(article.correction?.trim() ? [{ kind: 'quote', label: 'The correction', text: article.correction } as const] : []),
        { kind: 'button', label: 'Open the corrected licensed copy', url: input.copyUrl },
        { kind: 'facts', rows: [['Article', articleLine(article)], ['License number', licenseNumber(item)]] },
      ],
    requestId: item.requestId,
    footer: licenseeFooter(item),
  });
}
