/**
 * Rendering an outbox intent at delivery. A message in the outbox names its kind, recipient and
 * parameters; here, just before it is sent, the dispatcher
 *   1. mints the tokens its links need (a requester's status token, a licensee's copy token, an
 *      approver's review-and-reply token) and puts only their SHA-256 hashes, with their expiry, into
 *      the record — in the same conditional write that claims the message (`mintFor`);
 *   2. renders it with the views, from the record as it is now, the article, the intent's parameters
 *      and the raw tokens, which exist only in this process's memory until SES has the mail (`render`).
 * So no raw token is ever at rest in the table, not even while SES is down.
 */
import type { Article } from '../domain/article.js';
import { replyAddressFor } from '../domain/mail-reply.js';
import { hashToken, newToken } from '../domain/tokens.js';
import type { MailKind, OutboxMessage, RequestRecord } from '../domain/request-record.js';
import type { Email } from '../views/emails/layout.js';
import { approverClosedEmail } from '../views/emails/approver-closed.js';
import { approverReminderEmail } from '../views/emails/approver-reminder.js';
import { approverReviewEmail } from '../views/emails/approver-review.js';
import { cardCheckoutEmail } from '../views/emails/card-checkout.js';
import { invoiceOverdueEmail } from '../views/emails/invoice-overdue.js';
import { licenseRestoredEmail } from '../views/emails/license-restored.js';
import { licenseSuspendedEmail } from '../views/emails/license-suspended.js';
import { licenseeComplianceNoticeEmail } from '../views/emails/licensee-compliance-notice.js';
import { licenseeKillNoticeEmail } from '../views/emails/licensee-kill-notice.js';
import { licenseeRenewalEmail } from '../views/emails/licensee-renewal.js';
import { licenseeRevokedEmail } from '../views/emails/licensee-revoked.js';
import { requesterAckEmail } from '../views/emails/requester-ack.js';
import { requesterDeniedEmail } from '../views/emails/requester-denied.js';
import { requesterExpiredEmail } from '../views/emails/requester-expired.js';
import { requesterLicensedEmail } from '../views/emails/requester-licensed.js';
import { requesterOfferEmail } from '../views/emails/requester-offer.js';
import { requesterRejectedEmail } from '../views/emails/requester-rejected.js';
import { requesterWithdrawnEmail } from '../views/emails/requester-withdrawn.js';
import { documentUrls } from '../views/payment-html.js';
import { addDaysIso } from './request-item.js';

export interface RenderContext { baseUrl: string; inboundDomain?: string }

/** The raw tokens minted for one message's delivery: in memory only. */
export interface MintedTokens { requester?: string; copy?: string; approver?: string }

type Needs = { requester?: true; copy?: true; approver?: true };

/** Which tokens each kind's links carry. */
const needs: Record<MailKind, Needs> = {
  'approver-review': { approver: true },
  'approver-reminder': { approver: true },
  'approver-closed': {},
  'requester-ack': { requester: true },
  'requester-licensed': { requester: true, copy: true },
  'requester-denied': { requester: true },
  'requester-rejected': { requester: true },
  'requester-offer': { requester: true },
  'requester-withdrawn': { requester: true },
  'requester-expired': { requester: true },
  'requester-card-checkout': { requester: true },
  'licensee-renewal': {},
  'licensee-revoked': {},
  'licensee-kill-notice': {},
  'licensee-correction': { copy: true },
  'invoice-overdue': { requester: true },
  'license-suspended': { requester: true },
  'license-restored': {},
  'licensee-compliance-notice': {},
  // Not a mail: signed and POSTed by the dispatcher (dispatch-outbox.ts deliverWebhook).
  webhook: {},
};

/** Requester tokens minted for mail live a year, as those of a status page visit do. */
const REQUESTER_TOKEN_DAYS = 365;

/** Drops token hashes (from whichever map holds them): an attempt that did not deliver leaves no valid token behind. */
export function withoutHashes(record: RequestRecord, hashes: readonly string[] | undefined): RequestRecord {
  if (!hashes?.length) return record;
  const drop = (map: Record<string, string> | undefined) => map && Object.fromEntries(Object.entries(map).filter(([h]) => !hashes.includes(h)));
  const approvers = Object.fromEntries(Object.entries(record.approvers ?? {}).filter(([h]) => !hashes.includes(h)));
  return {
    ...record,
    requesterTokens: drop(record.requesterTokens) ?? {},
    approvers,
    ...(record.license ? { license: { ...record.license, copyTokens: drop(record.license.copyTokens) ?? {} } } : {}),
  };
}

/**
 * Mints the tokens a message's links need and adds their hashes to the record. Legacy messages (with
 * rendered bodies) need none. A message that cannot have its token (a copy link without a license,
 * an approver link on a request nobody may decide) gets none: its view words the mail without it.
 */
export function mintFor(record: RequestRecord, m: OutboxMessage, now: Date): { record: RequestRecord; tokens: MintedTokens; hashes: string[] } {
  if (m.text !== undefined || m.html !== undefined) return { record, tokens: {}, hashes: [] };
  const need = needs[m.kind] ?? {};
  const tokens: MintedTokens = {};
  const hashes: string[] = [];
  let next = record;
  if (need.requester) {
    const token = newToken();
    tokens.requester = token;
    hashes.push(hashToken(token));
    next = { ...next, requesterTokens: { ...next.requesterTokens, [hashToken(token)]: addDaysIso(now, REQUESTER_TOKEN_DAYS) } };
  }
  if (need.copy && next.license) {
    const token = newToken();
    tokens.copy = token;
    hashes.push(hashToken(token));
    const expires = addDaysIso(new Date(`${next.license.validUntil}T00:00:00Z`), 365);
    next = { ...next, license: { ...next.license, copyTokens: { ...next.license.copyTokens, [hashToken(token)]: expires } } };
  }
  if (need.approver && m.to[0]) {
    const token = newToken();
    tokens.approver = token;
    hashes.push(hashToken(token));
    next = { ...next, approvers: { ...next.approvers, [hashToken(token)]: { email: m.to[0].toLowerCase(), expiresAt: m.params?.grantUntil ?? addDaysIso(now, 14) } } };
  }
  return { record: next, tokens, hashes };
}

export interface Rendered extends Email { replyTo?: string[] }

/** The message as it is sent: subject, text, HTML and (approvers, with inbound mail on) Reply-To. */
export function render(ctx: RenderContext, record: RequestRecord, article: Article, m: OutboxMessage, tokens: MintedTokens): Rendered {
  if (m.text !== undefined || m.html !== undefined) {
    return { subject: m.subject ?? '', text: m.text ?? '', html: m.html ?? '', ...(m.replyTo ? { replyTo: m.replyTo } : {}) };
  }
  const base = ctx.baseUrl;
  const item: RequestRecord = m.params?.status ? { ...record, status: m.params.status } : record;
  const statusUrl = tokens.requester ? `${base}/requests/${record.requestId}?token=${encodeURIComponent(tokens.requester)}` : `${base}/requests/${record.requestId}`;
  const formUrl = `${base}/articles/${record.articleId}/reprint`;
  const licenseId = record.license?.licenseId ?? '';
  const copyUrl = tokens.copy ? `${base}/licenses/${licenseId}/copy?token=${encodeURIComponent(tokens.copy)}` : `${base}/licenses/${licenseId}/copy`;
  const embedUrl = tokens.copy ? `${base}/licenses/${licenseId}/embed?token=${encodeURIComponent(tokens.copy)}` : `${base}/licenses/${licenseId}/embed`;
  const docToken = tokens.copy ?? tokens.requester ?? '';
  const docs = documentUrls(base, licenseId, docToken);
  switch (m.kind) {
    case 'approver-review':
    case 'approver-reminder': {
      const token = tokens.approver ?? '';
      const byReply = Boolean(ctx.inboundDomain && m.params?.byReply);
      const input = { item, article, reviewUrl: `${base}/review/${record.requestId}?token=${encodeURIComponent(token)}`, approverEmail: m.to[0] ?? '', replyToDecide: byReply };
      const email = m.kind === 'approver-review' ? approverReviewEmail(input) : approverReminderEmail(input);
      // A token-bearing mail never has the requester in Reply-To (a reply quotes the link).
      return { ...email, ...(byReply && token ? { replyTo: [replyAddressFor(record.requestId, token, ctx.inboundDomain!)] } : {}) };
    }
    case 'approver-closed': return approverClosedEmail({ item, article, closed: m.params!.closed! });
    case 'requester-ack': return requesterAckEmail({ item, article, statusUrl });
    case 'requester-licensed': return requesterLicensedEmail({
      item, article, license: record.license!, copyUrl, embedUrl, statusUrl,
      documents: { certificate: docs.certificate, ...(record.invoice ? { invoice: docs.invoice } : {}) },
    });
    case 'requester-denied': return requesterDeniedEmail({ item, article, statusUrl });
    case 'requester-rejected': return requesterRejectedEmail({ item, article, statusUrl });
    case 'requester-offer': return requesterOfferEmail({ item, article, statusUrl });
    case 'requester-withdrawn': return requesterWithdrawnEmail({ item, article, statusUrl });
    case 'requester-expired': return requesterExpiredEmail({ item, article, statusUrl, formUrl });
    case 'requester-card-checkout': return cardCheckoutEmail({ item, article, statusUrl });
    case 'licensee-renewal': return licenseeRenewalEmail({ item, article, renewUrl: formUrl });
    case 'licensee-revoked': return licenseeRevokedEmail({ item, article, reason: m.params?.reason ?? record.license?.revokedReason ?? '' });
    case 'licensee-kill-notice':
    case 'licensee-correction':
      return licenseeKillNoticeEmail({ item, article, kind: m.params?.change ?? (m.kind === 'licensee-correction' ? 'corrected' : 'withdrawn'), copyUrl });
    case 'invoice-overdue': return invoiceOverdueEmail({ item, article, invoiceUrl: docs.invoice, statusUrl });
    case 'license-suspended': return licenseSuspendedEmail({ item, article, invoiceUrl: docs.invoice });
    case 'license-restored': return licenseRestoredEmail({ item, article });
    case 'licensee-compliance-notice': return licenseeComplianceNoticeEmail({ item, article, lines: m.params?.lines ?? [] });
    case 'webhook': throw new Error('a webhook is not rendered as a mail');
  }
}

/** Enough of an article to word the email when the article itself is gone. */
export function standIn(item: RequestRecord): Article {
  return {
    id: item.articleId, headline: item.articleHeadline, byline: [], publication: { name: item.publicationId, copyrightHolder: item.publicationId },
    publishedAt: item.createdAt.slice(0, 10), body: ['—'], copyright: '', rights: { owner: 'publisher' },
  };
}
