/** To the requester: the terms refuse the request, with every reason. */
import { isRejectionCode } from '../../domain/policy.js';
import { subjectOf, quoted, compose, articleLine, requestRows, reasonItems, requesterFooter, type Email, type RequesterEmailInput } from './layout.js';

export function requesterRejectedEmail(input: RequesterEmailInput): Email {
  const { item, article, statusUrl } = input;
  const refusals = item.reasons.filter((r) => isRejectionCode(r.code));
  const reviews = item.reasons.filter((r) => !isRejectionCode(r.code));
  return compose({
    subject: subjectOf('Your reprint request for', quoted(article.headline), 'cannot be licensed', `[${item.requestId}]`),
    heading: 'Your reprint request cannot be licensed',
    preheader: `${refusals.length} ${refusals.length === 1 ? 'reason' : 'reasons'} under the publication's terms.`,
    blocks: [
      { kind: 'p', text: `The terms of ${article.publication.name} do not allow this request, for ${refusals.length === 1 ? 'this reason' : `these ${refusals.length} reasons`}:` },
      { kind: 'list', items: reasonItems(refusals) },
      ...(reviews.length ? [
        { kind: 'p', text: "Once that is fixed, the request would also need the rights staff's review:" } as const,
        { kind: 'list', items: reasonItems(reviews) } as const,
      ] : []),
      { kind: 'p', text: 'You are welcome to send a new request that fits the terms.' },
      { kind: 'facts', rows: [['Article', articleLine(article)], ...requestRows(item, false, article)] },
      { kind: 'link', label: 'See your request', url: statusUrl },
    ],
    requestId: item.requestId,
    footer: requesterFooter(item),
  });
}
