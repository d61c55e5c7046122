/** To each approver of a request still pending past REMIND_AFTER_HOURS. */
import { formatDate, formatDateTime } from '../html.js';
import { approverBlocks, type ApproverEmailInput } from './approver-review.js';
import { subjectOf, quoted, compose, type Email } from './layout.js';

export function approverReminderEmail(input: ApproverEmailInput): Email {
  const { item, article } = input;
  return compose({
    subject: subjectOf('Reminder: reprint request for', quoted(article.headline), 'still needs a decision', `[${item.requestId}]`),
    heading: 'A reprint request is still waiting for a decision',
    preheader: `Received ${formatDate(item.createdAt)} · ${item.request.requester.organization}`,
    blocks: [
      { kind: 'p', text: `Nobody has decided this request since it arrived on ${formatDateTime(item.createdAt)}. If it stays undecided it expires and the requester is told.` },
      ...approverBlocks(input),
    ],
    requestId: item.requestId,
    footer: `You receive this email as an approver of reprint requests for ${article.publication.name}.`,
  });
}
