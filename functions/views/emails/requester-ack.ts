/** To the requester: the request is received and waits for a decision. */
import { subjectOf, quoted, compose, articleLine, requestRows, requesterFooter, type Email, type RequesterEmailInput } from './layout.js';

export function requesterAckEmail(input: RequesterEmailInput): Email {
  const { item, article, statusUrl } = input;
  return compose({
    subject: subjectOf('We received your reprint request for', quoted(article.headline), `[${item.requestId}]`),
    heading: 'Your reprint request is with the rights staff',
    preheader: `${article.publication.name} will decide in person; we will email you.`,
    blocks: [
      { kind: 'p', text: `Thank you, ${item.request.requester.name}. ${article.publication.name} decides this kind of request in person. You will get an email as soon as the rights staff decide.` },
      { kind: 'facts', rows: [['Article', articleLine(article)], ...requestRows(item, false, article)] },
      { kind: 'money', caption: 'Quoted fee', quote: item.quote },
      ...(item.reasons.length ? [{ kind: 'h', text: 'Why it needs a person' } as const, { kind: 'list', items: item.reasons.map((r) => r.message) } as const] : []),
      { kind: 'button', label: 'Follow your request', url: statusUrl, note: 'You can also withdraw the request there while it waits.' },
    ],
    requestId: item.requestId,
    footer: requesterFooter(item),
  });
}
