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
import { illFormedPaths } from './unicode.js';

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
 * The decision in the first non-empty line of the reply's own text. Only an unambiguous line counts:
 * the word alone — approve, approved, deny, denied (any case; a closing "." or "!" is fine) — or the
 * word, a separator (":" or a dash) and a note: "deny: we do not license this story". Anything else
 * decides nothing: "Approve? Not before legal has looked at it" (a question: a "?" anywhere in the
 * line), "Approved leave: …" (an out-of-office), "approve, but only in print", "I approve". Only the
 * first line counts, so a signature or a pasted paragraph never reaches the requester as a note.
 */
export function parseDecisionLine(text: string): ReplyDecision | undefined {
  const first = stripQuoted(text).split('\n').map((l) => l.trim()).find((l) => l !== '');
  if (!first || first.includes('?')) return undefined;
  const m = /^(approved?|denied|deny)[.!]?(?:\s*[:\u2013\u2014]\s*(.*)|\s+-\s*(.*))?$/i.exec(first);
  if (!m) return undefined;
  const word = m[1]!.toLowerCase();
  const note = (m[2] ?? m[3] ?? '').trim().slice(0, 2000);
  return { decision: word.startsWith('approve') ? 'approve' : 'deny', ...(note ? { note } : {}) };
}

const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '\u2013', mdash: '\u2014', hellip: '\u2026',
  lsquo: '\u2018', rsquo: '\u2019', ldquo: '\u201c', rdquo: '\u201d', laquo: '\u00ab', raquo: '\u00bb', shy: '',
};

/** Removes every `<tag …>…</tag>` block (head, style, script) in one pass, without a backtracking pattern. */
function dropBlocks(html: string, tag: string): string {
  const lower = html.toLowerCase();
  let out = '';
  let at = 0;
  for (;;) {
    const open = lower.indexOf(`<${tag}`, at);
    if (open < 0) return out + html.slice(at);
    out += html.slice(at, open);
    const close = lower.indexOf(`</${tag}`, open);
    if (close < 0) return out;
    const end = lower.indexOf('>', close);
    at = end < 0 ? html.length : end + 1;
  }
}

/**
 * The reply's own words from an HTML-only reply, as text: what the first-line check reads. Everything
 * from the first `<blockquote>` on is the quoted notification (so it is left out, as a quote would be);
 * blocks and line breaks become new lines, tags go, the common character references are decoded (any
 * other stays as written, and is escaped wherever shown). Linear in the input: no pattern can backtrack.
 */
export function replyTextFromHtml(html: string): string {
  const quote = html.toLowerCase().indexOf('<blockquote');
  let s = quote < 0 ? html : html.slice(0, quote);
  s = s.split('<!--').map((part, i) => (i === 0 ? part : part.slice(part.indexOf('-->') < 0 ? part.length : part.indexOf('-->') + 3))).join('');
  for (const tag of ['head', 'style', 'script', 'title']) s = dropBlocks(s, tag);
  return s
    .replace(/\r?\n/g, ' ')
    .replace(/<\/?(?:br|p|div|tr|li|hr|h[1-6]|table|ul|ol|pre|section|article|header|footer)\b[^<>]*>/gi, '\n')
    .replace(/<[^<>]*>/g, '')
    .replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .split('\n').map((l) => l.replace(/[ \t\u00a0]+/g, ' ').trim()).join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Whether a message was written by a machine (an out-of-office, a list, a bounce), and by which
 * marker: RFC 3834 `Auto-Submitted` other than "no"; the vendor headers X-Autoreply, X-Autorespond,
 * X-Autogenerated, X-Auto-Response-Suppress (Exchange); `Precedence`/`X-Precedence` auto_reply, bulk,
 * junk or list; list headers (List-Id, List-Unsubscribe); an empty Return-Path (a bounce); a sender
 * such as mailer-daemon or noreply; a subject such as "Automatic reply:" or "Out of Office".
 * `headers` are lower-cased names.
 */
export function autoReplyMarker(headers: Readonly<Record<string, string>>, subject: string, from: readonly string[]): string | undefined {
  const h = (name: string) => headers[name]?.trim();
  const auto = h('auto-submitted');
  if (auto && auto.toLowerCase() !== 'no') return 'auto-submitted';
  for (const name of ['x-autoreply', 'x-autorespond', 'x-autogenerated', 'x-auto-response-suppress']) if (h(name)) return name;
  for (const name of ['precedence', 'x-precedence']) if (/^(auto[_-]?reply|bulk|junk|list)$/i.test(h(name) ?? '')) return name;
  for (const name of ['list-id', 'list-unsubscribe']) if (h(name)) return name;
  if (h('return-path') === '<>') return 'return-path';
  if (from.some((a) => /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply)@/i.test(a.trim()))) return 'from';
  if (/^(auto(matic)?[ -]?(reply|response|antwort)|out of (the )?office|abwesenheit|r[ée]ponse automatique|auto:)/i.test(subject.trim())) return 'subject';
  return undefined;
}

/** SES receipt verdicts: 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED' (SES spells them in capitals). Spam and virus come with scanning on. */
export interface Verdicts { spf: string; dkim: string; dmarc?: string; spam?: string; virus?: string }

export type ReplyRejection =
  | 'spf-not-pass' | 'dkim-not-pass' | 'dmarc-fail' | 'spam' | 'virus' | 'malformed' | 'auto-reply' | 'no-single-sender' | 'no-reply-address' | 'ambiguous-reply-address'
  | 'no-decision' | 'unknown-request' | 'invalid-token' | 'expired-token' | 'sender-not-approver' | 'already-decided';

/**
 * SPF and DKIM must PASS. Neither proves by itself that the From header is the sender's (SPF covers
 * the envelope sender, DKIM any signing domain), so a DMARC FAIL — From not aligned — is refused too;
 * a domain without DMARC reports GRAY, which is let through: the token and the approver's address
 * still have to match.
 */
export function checkVerdicts(v: Verdicts): ReplyRejection | undefined {
  // A message SES flags as carrying a virus, or as spam, decides nothing, whoever it claims to be from.
  if (v.virus && v.virus.toUpperCase() !== 'PASS' && v.virus.toUpperCase() !== 'GRAY') return 'virus';
  if (v.spam?.toUpperCase() === 'FAIL') return 'spam';
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
  /** The plain-text body (the MIME parser derives it from the HTML part when there is none). */
  text: string;
  /** Header fields, names lower-cased (for the auto-reply markers). */
  headers: Readonly<Record<string, string>>;
  subject: string;
  verdicts: Verdicts;
}

export type ReplyEvaluation =
  | { ok: true; requestId: string; token: string; from: string; decision: ReplyDecision }
  | { ok: false; reason: ReplyRejection; requestId?: string };

/** Every check that needs no database, in order; the use case then checks the token and the sender against the request. */
export function evaluateReply(e: ReplyEnvelope, inboundDomain?: string): ReplyEvaluation {
  const verdict = checkVerdicts(e.verdicts);
  if (verdict) return { ok: false, reason: verdict };
  if (autoReplyMarker(e.headers, e.subject, e.from)) return { ok: false, reason: 'auto-reply' };
  if (illFormedPaths([e.text, e.subject, ...e.from, ...e.recipients]).length) return { ok: false, reason: 'malformed' };
  const senders = [...new Set(e.from.map((a) => a.trim().toLowerCase()).filter(Boolean))];
  if (senders.length !== 1) return { ok: false, reason: 'no-single-sender' };
  const address = findReplyAddress(e.recipients, inboundDomain || undefined);
  if (address === 'ambiguous') return { ok: false, reason: 'ambiguous-reply-address' };
  if (!address) return { ok: false, reason: 'no-reply-address' };
  const decision = parseDecisionLine(e.text);
  if (!decision) return { ok: false, reason: 'no-decision', requestId: address.requestId };
  return { ok: true, requestId: address.requestId, token: address.token, from: senders[0]!, decision };
}
