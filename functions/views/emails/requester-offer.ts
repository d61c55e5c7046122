/** To the requester: the rights staff answered with a counter-offer. */
import { formatDateTime, formatMoney } from '../html.js';
import { subjectOf, quoted, compose, articleLine, requestRows, requesterFooter, type Email, type RequesterEmailInput } from './layout.js';

export function requesterOfferEmail(input: RequesterEmailInput): Email {
  const { item, article, statusUrl } = input;
  const offer = item.offer;
  const fee = offer ? formatMoney(offer.quote.minorUnits, offer.quote.currency) : 'a different fee';
  return compose({
    subject: subjectOf('Counter-offer for your reprint request for', quoted(article.headline), `[${item.requestId}]`),
    heading: 'The publication proposes a different fee',
    preheader: `${fee} instead of ${formatMoney(item.quote.minorUnits, item.quote.currency)}. Accept or decline from your status page.`,
    blocks: [
      { kind: 'p', text: `The rights staff of ${article.publication.name} would grant your license at ${fee} instead of the quoted ${formatMoney(item.quote.minorUnits, item.quote.currency)}. Nothing is licensed until you accept.` },
      ...(offer?.note?.trim() ? [{ kind: 'quote', label: 'Note from the rights staff', text: offer.note } as const] : []),
      ...(offer ? [{ kind: 'p', text: `Please answer by ${formatDateTime(offer.expiresAt)}; after that the offer lapses.` } as const] : []),
      { kind: 'button', label: 'Accept or decline the offer', url: statusUrl },
      { kind: 'facts', rows: [['Article', articleLine(article)], ...requestRows(item, false, article)] },
    ],
    requestId: item.requestId,
    footer: requesterFooter(item),
  });
}
