/** To each approver: a request needs their decision (review link; Reply-To when approving by reply is on). */
import type { Article } from '../../domain/article.js';
import type { RequestRecord } from '../../domain/request-record.js';
import { formatDateTime, formatMoney } from '../html.js';
import { oneLine, shorten, subjectOf, quoted, compose, useLabel, articleLine, requestRows, staffReasonItems, notesBlock, type Block, type Email } from './layout.js';

// To the approvers

export interface ApproverEmailInput {
  item: RequestRecord; article: Article; reviewUrl: string; approverEmail: string;
  /** Reply-To carries this approver's reply token: a reply with "approve" or "deny" first decides. */
  replyToDecide?: boolean;
}

export function approverBlocks(input: ApproverEmailInput): Block[] {
  const { item, article, approverEmail } = input;
  const grant = Object.values(item.approvers ?? {}).find((g) => g.email.toLowerCase() === approverEmail.toLowerCase());
  const r = item.request.requester;
  return [
    { kind: 'p', text: `${r.name} of ${r.organization} asks to use ${quoted(article.headline)} for ${useLabel(item).toLowerCase()}.` },
    { kind: 'facts', rows: [['Article', articleLine(article)], ...requestRows(item, true), ['Received', formatDateTime(item.createdAt)]] },
    ...notesBlock(item),
    { kind: 'money', caption: 'Quote under the rate card', quote: item.quote },
    ...(item.reasons.length ? [{ kind: 'h', text: 'Policy notes' } as const, { kind: 'list', items: staffReasonItems(item) } as const] : []),
    {
      kind: 'button', label: 'Open the review page', url: input.reviewUrl,
      note: 'The link opens a confirmation page; nothing is decided until you press Approve or Deny there.',
    },
    {
      kind: 'p',
      text: `This link is personal to ${approverEmail}${grant ? ` and works until ${formatDateTime(grant.expiresAt)}` : ''}; please do not forward it. The first approver to decide settles the request. ${input.replyToDecide ? 'You can also decide by replying: write approve or deny alone on the first line (a note may follow after a colon, as in "deny: not for print").' : 'A reply to this email reaches the rights desk only.'} To write to the requester, start a new email to ${r.email}: a reply would quote your personal link.`,
    },
  ];
}

export function approverReviewEmail(input: ApproverEmailInput): Email {
  const { item, article } = input;
  return compose({
    subject: subjectOf('Decision needed: reprint request for', quoted(article.headline), 'from', shorten(oneLine(item.request.requester.organization), 60), `[${item.requestId}]`),
    heading: 'A reprint request needs your decision',
    preheader: `${useLabel(item)} · ${formatMoney(item.quote.minorUnits, item.quote.currency)} · ${item.request.requester.organization}`,
    blocks: approverBlocks(input),
    requestId: item.requestId,
    footer: `You receive this email as an approver of reprint requests for ${article.publication.name}.`,
  });
}
