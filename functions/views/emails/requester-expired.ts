/** To the requester: nobody decided in time, or a counter-offer or checkout lapsed. */
import { subjectOf, quoted, compose, articleLine, requestRows, requesterFooter, type Email, type RequesterNoticeInput } from './layout.js';

export function requesterExpiredEmail(input: RequesterNoticeInput): Email {
  const { item, article } = input;
  const offered = item.status === 'expired' && item.offer !== undefined;
  return compose({
    subject: subjectOf('Your reprint request for', quoted(article.headline), offered ? 'expired: the offer lapsed' : 'expired without a decision', `[${item.requestId}]`),
    heading: 'Your reprint request has expired',
    preheader: 'Nothing is licensed. You are welcome to ask again.',
    blocks: [
      {
        kind: 'p', text: offered
          ? 'The counter-offer for this request was not accepted in time, so it has lapsed. Nothing is licensed.'
          : `We are sorry: the rights staff of ${article.publication.name} did not decide this request in time, so it has expired. Nothing is licensed.`,
      },
      { kind: 'p', text: 'You are welcome to send the request again.' },
      { kind: 'facts', rows: [['Article', articleLine(article)], ...requestRows(item, false, article)] },
      ...(input.formUrl ? [{ kind: 'link', label: 'Ask again', url: input.formUrl } as const] : []),
      ...(input.statusUrl ? [{ kind: 'link', label: 'See your request', url: input.statusUrl } as const] : []),
    ],
    requestId: item.requestId,
    footer: requesterFooter(item),
  });
}
