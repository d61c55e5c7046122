/** To the requester: pay by card to receive the license (Stripe Checkout). */
import type { Article } from '../../domain/article.js';
import type { RequestRecord } from '../../domain/request-record.js';
import { formatDateTime, formatMoney } from '../html.js';
import { subjectOf, quoted, compose, articleLine, requestRows, requesterFooter, type Email } from './layout.js';

export function cardCheckoutEmail(input: { item: RequestRecord; article: Article; statusUrl: string }): Email {
  const { item, article } = input;
  return compose({
    subject: subjectOf('Pay to receive your reprint license for', quoted(article.headline)),
    heading: 'One step left: the payment',
    preheader: `${formatMoney(item.quote.minorUnits, item.quote.currency)} by card; the license follows at once.`,
    blocks: [
      { kind: 'p', text: `${article.publication.name} grants this use at once. Your license is issued, and emailed to you, as soon as the card payment goes through.` },
      { kind: 'facts', rows: [['Article', articleLine(article)], ...requestRows(item, false)] },
      { kind: 'money', caption: 'Fee', quote: item.quote },
      { kind: 'button', label: 'Pay by card', url: item.card!.checkoutUrl, note: `The payment page is Stripe's; it stays open until ${formatDateTime(item.card!.expiresAt)}.` },
      { kind: 'link', label: 'Follow your request', url: input.statusUrl },
    ],
    requestId: item.requestId,
    footer: requesterFooter(item),
  });
}
