/**
 * Decisions that do not come from the review page, through the SAME core as the review page
 * (`decide()` in review.ts: one versioned conditional write, exactly one decision wins):
 *
 * - by reply (`receiveReply`): an approver answers the notification with "approve" or "deny" in the
 *   first line. Accepted only when
 *     1. SES reports SPF and DKIM PASS (and DMARC not FAIL),
 *     2. the message is not an auto-reply and has exactly one From address,
 *     3. a recipient is the plus-addressed reply address `rd+<requestId>.<token>@INBOUND_DOMAIN`,
 *     4. the first line of the reply's own text (quotes stripped) is a decision,
 *     5. the token is one of the request's approver tokens, and the From address is the email of
 *        the approver it was issued to;
 *   then `decide()` runs with that token. Anything else is ignored: the result says why, and it is
 *   logged (never the token). Only infrastructure failures throw.
 * - as a named approver (`decideAsApprover`, the staff CLI): the staff member must be one of the
 *   request's approvers; a one-time token for their grant is added in one versioned write, and
 *   `decide()` then decides with it — no second copy of the decision logic.
 */
import PostalMime, { type Address, type Email } from 'postal-mime';
import { evaluateReply, replyTextFromHtml, type ReplyRejection, type Verdicts } from '../domain/mail-reply.js';
import { parseAmount } from '../domain/money.js';
import { hashToken, isRequestId, newToken } from '../domain/tokens.js';
import { reviewersOf, type RequestRecord } from '../domain/request-record.js';
import type { Repository } from './ports.js';
import { log, recordFact } from './observability.js';
import { $ZodError } from 'zod/v4/core';
import { AlreadyDecided, InvalidInput, InvalidToken, RequestNotFound } from './errors.js';
import { checkCounterFee, decide, parseDecisionForm, type DecisionForm, type ReviewOutcome } from './review.js';

export interface DecisionDeps { repo: Repository; baseUrl: string; offerTtlDays: number }
export interface ReplyDeps extends DecisionDeps { inboundDomain?: string }

export interface InboundMessage {
  /** The raw RFC 5322 message, as SES stored it in S3 or as saved from a mail program (.eml). */
  raw: Buffer | string;
  verdicts: Verdicts;
  /** Envelope recipients (SES `receipt.recipients`); when absent, the To, Cc and Delivered-To headers. */
  recipients?: string[];
}

export type ReplyResult =
  | { accepted: true; requestId: string; decision: 'approve' | 'deny'; outcome: ReviewOutcome; by: string; status: RequestRecord['status'] }
  | { accepted: false; reason: ReplyRejection; requestId?: string };

/** Every mailbox address of a header (groups flattened), as parsed by postal-mime. */
const addressesOf = (field: Address | Address[] | undefined): string[] =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) => (a.group ? a.group : [a])).map((v) => v.address ?? '').filter(Boolean);

/** The value of a header field (the first of repeated fields), unfolded. */
const headerValue = (parsed: Email, name: string): string | undefined => parsed.headers.find((h) => h.key === name)?.value;

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1);

function ignored(reason: ReplyRejection, fields: Record<string, unknown>): ReplyResult {
  log.warn('reply ignored', { reason, ...fields });
  recordFact({ kind: 'reply-rejected', reason });
  return { accepted: false, reason, ...(typeof fields.requestId === 'string' ? { requestId: fields.requestId } : {}) };
}

/** Larger than any reply a person writes (SES accepts up to 40 MB): parsed no further. */
export const MAX_REPLY_BYTES = 1024 * 1024;

/** Header fields by lower-cased name, values unfolded (the first of repeated fields). */
function headerFields(lines: readonly { key: string; line: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { key, line } of lines) {
    const name = key.toLowerCase();
    if (!(name in out)) out[name] = line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
  }
  return out;
}

/**
 * Reads one inbound reply and, if every check passes, decides the request through `decide()`.
 * A message that cannot be read (malformed MIME, too large, ill-formed text) is logged and dropped:
 * retrying it could never help, so it must not travel on to the dead-letter queue.
 */
export async function receiveReply(deps: ReplyDeps, message: InboundMessage, now: Date): Promise<ReplyResult> {
  if (Buffer.byteLength(message.raw) > MAX_REPLY_BYTES) return ignored('malformed', { why: 'too large', bytes: Buffer.byteLength(message.raw) });
  let parsed: Email;
  try {
    // postal-mime: no iconv tables (TextDecoder does the charsets); for an HTML-only reply the text the
    // first-line check reads is derived below (replyTextFromHtml).
    parsed = await PostalMime.parse(typeof message.raw === 'string' ? message.raw : new Uint8Array(message.raw), { attachmentEncoding: 'arraybuffer' });
  } catch (e) {
    return ignored('malformed', { why: 'unreadable MIME', error: (e as Error).name });
  }
  const headerRecipients = [
    ...addressesOf(parsed.to), ...addressesOf(parsed.cc),
    ...[headerValue(parsed, 'delivered-to'), headerValue(parsed, 'x-original-to')].flatMap((h) => (typeof h === 'string' ? [h] : [])),
  ];
  const from = addressesOf(parsed.from);
  const evaluation = evaluateReply({
    from,
    recipients: message.recipients?.length ? message.recipients : headerRecipients,
    text: parsed.text ?? (parsed.html ? replyTextFromHtml(parsed.html) : ''),
    headers: headerFields(parsed.headerLines),
    subject: parsed.subject ?? '',
    verdicts: message.verdicts,
  }, deps.inboundDomain);
  const context = { messageId: parsed.messageId?.slice(0, 200), senderDomain: from[0] ? domainOf(from[0]) : undefined };
  if (!evaluation.ok) return ignored(evaluation.reason, { ...context, requestId: evaluation.requestId });

  const { requestId, token, decision } = evaluation;
  const item = isRequestId(requestId) ? await deps.repo.getRequest(requestId) : undefined;
  if (!item) return ignored('unknown-request', { ...context, requestId });
  const grant = item.approvers[hashToken(token)];
  if (!grant) return ignored('invalid-token', { ...context, requestId });
  if (grant.email.toLowerCase() !== evaluation.from) return ignored('sender-not-approver', { ...context, requestId });

  try {
    const form = parseDecisionForm({ token, decision: decision.decision, ...(decision.note ? { note: decision.note } : {}) });
    const { item: decided, outcome } = await decide(deps, requestId, form, { userAgent: 'email reply' }, now);
    log.info('reply decided', { ...context, requestId, outcome });
    return { accepted: true, requestId, decision: decision.decision, outcome, by: grant.email, status: decided.status };
  } catch (e) {
    if (e instanceof AlreadyDecided) return ignored('already-decided', { ...context, requestId, status: e.status });
    if (e instanceof InvalidToken) return ignored(e.why === 'expired' ? 'expired-token' : 'invalid-token', { ...context, requestId });
    throw e;
  }
}

export class NotAnApprover extends Error {
  override name = 'NotAnApprover';
  constructor(readonly email: string) { super(`${email} is not an approver of this request.`); }
}

/** How long the one-time grant minted for a named approver lives: it is used at once. */
const MINTED_GRANT_MS = 10 * 60_000;

/**
 * Staff decide as themselves (the CLI): `email` must be one of the request's approvers. Same rules,
 * same write, same mail as the review page; the history records them as staff, `by` their email.
 */
export async function decideAsApprover(
  deps: DecisionDeps, requestId: string, email: string,
  input: { decision: 'approve' | 'deny'; note?: string; fee?: string; confirmFee?: boolean }, who: { userAgent?: string; sourceIp?: string }, now: Date,
): Promise<{ item: RequestRecord; outcome: ReviewOutcome }> {
  if (!isRequestId(requestId)) throw new RequestNotFound();
  const token = newToken();
  let form: DecisionForm | undefined;
  const minted = await deps.repo.update(requestId, async (item) => {
    if (item.status !== 'pending') throw new AlreadyDecided(item.status, item.review?.at, item.review?.by);
    const approver = reviewersOf(item).find((e) => e === email.trim().toLowerCase());
    if (!approver) throw new NotAnApprover(email);
    if (input.fee !== undefined && parseAmount(input.fee, item.quote.currency) === undefined) {
      throw new InvalidInput(new $ZodError([{ code: 'custom', path: ['fee'], message: `a fee such as 250.00 (${item.quote.currency})`, input: input.fee }]));
    }
    form = parseDecisionForm({ token, decision: input.decision, ...(input.note ? { note: input.note } : {}), ...(input.fee ? { fee: input.fee } : {}), ...(input.confirmFee ? { confirmFee: 'yes' } : {}) });
    // A fee the rules refuse is refused before a grant is minted: a failed attempt leaves the item as it was.
    const asked = input.decision === 'approve' && input.fee !== undefined ? parseAmount(input.fee, item.quote.currency) : undefined;
    if (asked !== undefined && asked !== item.quote.minorUnits) {
      await checkCounterFee(deps.repo, item, { ...item.quote, minorUnits: asked }, form, 'staff');
    }
    return {
      ...item,
      approvers: { ...item.approvers, [hashToken(token)]: { email: approver, expiresAt: new Date(now.getTime() + MINTED_GRANT_MS).toISOString() } },
      updatedAt: now.toISOString(),
    };
  });
  if (!minted || !form) throw new RequestNotFound();
  // The CLI runs with the operator's own credentials: staff sign-in, the second factor a fee cut needs.
  return decide(deps, requestId, form, who, now, 'staff');
}

/** What the SES receipt rule's Lambda action hands over per message (the mail's id and SES's verdicts). */
export interface SesReceipt {
  ses: {
    mail: { messageId: string };
    receipt: {
      recipients: string[];
      spfVerdict: { status: string }; dkimVerdict: { status: string }; dmarcVerdict?: { status: string };
      spamVerdict?: { status: string }; virusVerdict?: { status: string };
    };
  };
}

/**
 * Each reply of an SES event, read from where the receipt rule stored it and decided (or ignored
 * with its reason) like `desk mail receive FILE.eml`. The receipt rule scans (scanEnabled): spam and
 * virus verdicts are honoured like SPF and DKIM. Only a failure to read or write throws.
 */
export async function receiveSesReplies(deps: ReplyDeps, records: readonly SesReceipt[], read: (messageId: string) => Promise<Uint8Array>, now: Date): Promise<ReplyResult[]> {
  const results: ReplyResult[] = [];
  for (const { ses: { mail, receipt } } of records) {
    const raw = Buffer.from(await read(mail.messageId));
    const result = await receiveReply(deps, {
      raw,
      verdicts: {
        spf: receipt.spfVerdict.status, dkim: receipt.dkimVerdict.status, dmarc: receipt.dmarcVerdict?.status,
        ...(receipt.spamVerdict ? { spam: receipt.spamVerdict.status } : {}), ...(receipt.virusVerdict ? { virus: receipt.virusVerdict.status } : {}),
      },
      recipients: receipt.recipients,
    }, now);
    log.info('inbound reply', { sesMessageId: mail.messageId, accepted: result.accepted, ...(result.accepted ? { outcome: result.outcome } : { reason: result.reason }), requestId: result.requestId });
    results.push(result);
  }
  return results;
}
