/** To the requester: their withdrawal is confirmed. */
import { subjectOf, quoted, compose, articleLine, requestRows, requesterFooter, type Email, type RequesterNoticeInput } from './layout.js';

export function requesterWithdrawnEmail(input: RequesterNoticeInput): Email {
  const { item, article } = input;
  return compose({
    subject: subjectOf('You withdrew your reprint request for', quoted(article.headline), `[${item.requestId}]`),
    heading: 'Your reprint request is withdrawn',
    preheader: 'Nothing will be licensed and nothing is charged.',
    blocks: [
      { kind: 'p', text: 'As you asked, the request is withdrawn. Nothing will be licensed and nothing is charged.' },
      { kind: 'facts', rows: [['Article', articleLine(article)], ...requestRows(item, false, article)] },
      ...(input.statusUrl ? [{ kind: 'link', label: 'See your request', url: input.statusUrl } as const] : []),
    ],
    requestId: item.requestId,
    footer: requesterFooter(item),
  });
}
