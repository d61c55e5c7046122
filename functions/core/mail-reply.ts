/**
 * Approving by reply, the pure part: the plus-addressed Reply-To that carries an approver's token,
 * reading it back from the recipients of a reply, the decision in the reply's first line (quoted
 * text stripped), and the checks that need no database.
 *
 * The reply address is `rd+<requestId>.<token>@<INBOUND_DOMAIN>`. The token is the approver's own
 * review token (base64url, 43 characters), so the local part is 3 + 16 + 1 + 43 = 63 characters:
 * inside the 64 that RFC 5321 allows (a `reply+` prefix would make it 66). Any `<box>+` prefix is
 * accepted when reading. Tokens are case-sensitive: a mail system that lower-cases the local part
 * breaks the token, and the reply is then ignored (it fails safe: nothing is decided).
 */
import { isRequestId } from './tokens.js';

export const REPLY_MAILBOX = 'rd';

export function replyAddressFor(requestId: string, token: string, domain: string): string {
  if (!isRequestId(requestId)) throw new Error('not a request id');
  if (!/^[A-Za-z0-9_-]{16,128}$/.test(token)) throw new Error('not a reply token');
  if (!/^[A-Za-z0-9.-]+$/.test(domain)) throw new Error('not a domain');
  return `${REPLY_MAILBOX}+${requestId}.${token}@${domain.toLowerCase()}`;
}

/** A reply address as people may see it (the CLI, logs): the token is cut out, the rest kept. */
export const redactReplyAddress = (address: string): string => address.replace(/\.([A-Za-z0-9_-]{16,128})@/, '.[token]@');

/** The request and token in a reply address, or undefined. With `domain`, the address must be on it. */
export function parseReplyAddress(address: string, domain?: string): { requestId: string; token: string } | undefined {
  const m = /^[A-Za-z0-9._-]+\+([0-9a-hjkmnp-tv-z]{16})\.([A-Za-z0-9_-]{16,128})@([A-Za-z0-9.-]+)$/.exec(address.trim().replace(/^<|>$/g, ''));
  if (!m) return undefined;
  if (domain && m[3]!.toLowerCase() !== domain.toLowerCase()) return undefined;
  return { requestId: m[1]!, token: m[2]! };
}

/** The first reply address among the recipients. Several different ones are ambiguous: none is taken. */
export function findReplyAddress(recipients: readonly string[], domain?: string): { requestId: string; token: string } | 'ambiguous' | undefined {
  const found = new Map<string, { requestId: string; token: string }>();
  for (const r of recipients) {
    const parsed = parseReplyAddress(r, domain);
    if (parsed) found.set(`${parsed.requestId}.${parsed.token}`, parsed);
  }
  if (found.size > 1) return 'ambiguous';
  return found.values().next().value;
}

/**
 * The reply's own text: everything above the quoted message. Stops at the first line that starts a
 * quote or a forwarded/original block, or the signature delimiter.
 */
export function stripQuoted(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const t = line.trim();
    if (t.startsWith('>')) break;
    if (line === '-- ' || t === '--') break;
    if (/^-{2,}\s*(original message|forwarded message)\s*-{2,}$/i.test(t)) break;
    if (/^_{8,}$/.test(t)) break; // Outlook's rule above the original
    if (/^(from|von|de|van):\s.+/i.test(t) && /^(sent|date|to|gesendet|envoyé|an|à):/i.test((lines[i + 1] ?? '').trim())) break;
    // "On Tue, 1 Dec 2026 at 10:00, Maria <m@x> wrote:" — possibly wrapped over two lines.
    if (/^on\b.*\bwrote:$/i.test(t) || (/^on\b/i.test(t) && /\bwrote:$/i.test((lines[i + 1] ?? '').trim()))) break;
    if (/^(le|am)\b.*\b(a écrit|schrieb)\s*:$/i.test(t)) break;
    out.push(line);
  }
  return out.join('\n').trim();
}

export type ReplyDecision = { decision: 'approve' | 'deny'; note?: string };

/**
 * The decision in the first non-empty line of the reply's own text: "approve" or "deny" (also
 * "approved", "denied"; any case), optionally followed by a note on the same line
 * ("deny: we do not license this story"). Anything else is no decision. Only the first line counts,
 * so a signature or a pasted paragraph never reaches the requester as a note.
 */
export function parseDecisionLine(text: string): ReplyDecision | undefined {
  const first = stripQuoted(text).split('\n').map((l) => l.trim()).find((l) => l !== '');
  if (!first) return undefined;
  const m = /^\W{0,3}(approved?|denied|deny)\b[\s.,;:!–—-]*(.*)$/i.exec(first);
  if (!m) return undefined;
  const word = m[1]!.toLowerCase();
  const note = m[2]!.trim().slice(0, 2000);
  return { decision: word.startsWith('approve') ? 'approve' : 'deny', ...(note ? { note } : {}) };
}

/** SES receipt verdicts: 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED' (SES spells them in capitals). */
export interface Verdicts { spf: string; dkim: string; dmarc?: string }

export type ReplyRejection =
  | 'spf-not-pass' | 'dkim-not-pass' | 'dmarc-fail' | 'auto-reply' | 'no-single-sender' | 'no-reply-address' | 'ambiguous-reply-address'
  | 'no-decision' | 'unknown-request' | 'invalid-token' | 'expired-token' | 'sender-not-approver' | 'already-decided';

/**
 * SPF and DKIM must PASS. Neither proves by itself that the From header is the sender's (SPF covers
 * the envelope sender, DKIM any signing domain), so a DMARC FAIL — From not aligned — is refused too;
 * a domain without DMARC reports GRAY, which is let through: the token and the approver's address
 * still have to match.
 */
export function checkVerdicts(v: Verdicts): ReplyRejection | undefined {
  if (v.spf.toUpperCase() !== 'PASS') return 'spf-not-pass';
  if (v.dkim.toUpperCase() !== 'PASS') return 'dkim-not-pass';
  if (v.dmarc?.toUpperCase() === 'FAIL') return 'dmarc-fail';
  return undefined;
}

export interface ReplyEnvelope {
  /** Addresses in the From header. */
  from: readonly string[];
  /** Envelope recipients (SES `receipt.recipients`), or the To/Cc headers when none are known. */
  recipients: readonly string[];
  /** The plain-text body (mailparser derives it from the HTML part when there is none). */
  text: string;
  /** RFC 3834 Auto-Submitted header, if any. */
  autoSubmitted?: string;
  verdicts: Verdicts;
}

export type ReplyEvaluation =
  | { ok: true; requestId: string; token: string; from: string; decision: ReplyDecision }
  | { ok: false; reason: ReplyRejection; requestId?: string };

/** Every check that needs no database, in order; the use case then checks the token and the sender against the request. */
export function evaluateReply(e: ReplyEnvelope, inboundDomain?: string): ReplyEvaluation {
  const verdict = checkVerdicts(e.verdicts);
  if (verdict) return { ok: false, reason: verdict };
  if (e.autoSubmitted && e.autoSubmitted.trim().toLowerCase() !== 'no') return { ok: false, reason: 'auto-reply' };
  const senders = [...new Set(e.from.map((a) => a.trim().toLowerCase()).filter(Boolean))];
  if (senders.length !== 1) return { ok: false, reason: 'no-single-sender' };
  const address = findReplyAddress(e.recipients, inboundDomain || undefined);
  if (address === 'ambiguous') return { ok: false, reason: 'ambiguous-reply-address' };
  if (!address) return { ok: false, reason: 'no-reply-address' };
  const decision = parseDecisionLine(e.text);
  if (!decision) return { ok: false, reason: 'no-decision', requestId: address.requestId };
  return { ok: true, requestId: address.requestId, token: address.token, from: senders[0]!, decision };
}
