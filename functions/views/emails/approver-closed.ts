/** To the approvers who did not act: someone else settled the request, or the requester closed it. */
import type { Article } from '../../domain/article.js';
import type { ClosedBy, RequestRecord } from '../../domain/request-record.js';
import { formatDateTime, formatMoney } from '../html.js';
import { subjectOf, quoted, compose, useLabel, type Email } from './layout.js';

/** Why a request needs no one any more, for the approvers who did not act on it. */
export type { ClosedBy };

export interface ApproverClosedInput { item: RequestRecord; article: Article; closed: ClosedBy }

function closedSentence(c: ClosedBy, item: RequestRecord): string {
  const when = formatDateTime(c.at);
  switch (c.kind) {
    case 'approved': return `${c.by} approved it on ${when}; the license is issued.`;
    case 'denied': return `${c.by} denied it on ${when}.`;
    case 'offered': return `${c.by} answered it with a counter-offer on ${when}${item.offer ? ` (${formatMoney(item.offer.quote.minorUnits, item.offer.quote.currency)})` : ''}; the requester decides whether to accept.`;
    case 'withdrawn': return `The requester withdrew it on ${when}.`;
    case 'offer-accepted': return `The requester accepted the counter-offer on ${when}; the license is issued.`;
    case 'offer-declined': return `The requester declined the counter-offer on ${when}; nothing is licensed.`;
  }
}

/**
 * To every approver who did not act: one short notice that the request is settled, so nobody opens
 * a review link (or a reminder) for work that is done. Their links now only say who decided.
 */
export function approverClosedEmail(input: ApproverClosedInput): Email {
  const { item, article, closed } = input;
  const settled = closed.kind === 'offered' ? 'has been answered' : closed.kind === 'withdrawn' ? 'was withdrawn' : 'has been decided';
  return compose({
    subject: subjectOf('No action needed: reprint request for', quoted(article.headline), settled, `[${item.requestId}]`),
    heading: 'No action needed on this reprint request',
    preheader: closedSentence(closed, item),
    blocks: [
      { kind: 'p', text: `The request from ${item.request.requester.organization} to use ${quoted(article.headline)} for ${useLabel(item).toLowerCase()} needs nothing more from you. ${closedSentence(closed, item)}` },
      { kind: 'p', text: 'Your review link no longer decides anything; it shows who settled the request.' },
    ],
    requestId: item.requestId,
    footer: `You receive this email as an approver of reprint requests for ${article.publication.name}.`,
  });
}
