/** To the requester: the rights staff denied the request. */
import { formatDateTime } from '../html.js';
import { subjectOf, quoted, compose, articleLine, requestRows, requesterFooter, type Email, type RequesterEmailInput } from './layout.js';

export function requesterDeniedEmail(input: RequesterEmailInput): Email {
  const { item, article, statusUrl } = input;
  const note = item.review?.note;
  return compose({
    subject: subjectOf('Your reprint request for', quoted(article.headline), 'was denied', `[${item.requestId}]`),
    heading: 'Your reprint request was denied',
    preheader: `${article.publication.name} decided not to grant this license.`,
    blocks: [
      { kind: 'p', text: `${article.publication.name} decided not to grant the license you asked for${item.review ? ` (decided ${formatDateTime(item.review.at)})` : ''}.` },
      ...(note?.trim() ? [{ kind: 'quote', label: 'Note from the rights staff', text: note } as const] : [{ kind: 'p', text: 'The rights staff did not add a note.' } as const]),
      { kind: 'facts', rows: [['Article', articleLine(article)], ...requestRows(item, false, article)] },
      { kind: 'link', label: 'See your request', url: statusUrl },
    ],
    requestId: item.requestId,
    footer: requesterFooter(item),
  });
}
