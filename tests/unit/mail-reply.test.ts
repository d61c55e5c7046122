import { describe, expect, it } from 'vitest';
import {
  checkVerdicts, evaluateReply, findReplyAddress, parseDecisionLine, parseReplyAddress, replyAddressFor, replyTextFromHtml, stripQuoted,
} from '../../functions/domain/mail-reply.js';
import { newToken } from '../../functions/domain/tokens.js';

const requestId = '0123456789abcdef';
const token = newToken();
const domain = 'inbound.paper.example';
const pass = { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' };

describe('the reply address', () => {
  it('round-trips, fits the 64-character local part, and is read back only on its domain', () => {
    const address = replyAddressFor(requestId, token, domain);
    expect(address.split('@')[0]!.length).toBeLessThanOrEqual(64);
    expect(parseReplyAddress(address)).toEqual({ requestId, token });
    expect(parseReplyAddress(`<${address}>`, domain)).toEqual({ requestId, token });
    expect(parseReplyAddress(address, 'elsewhere.example')).toBeUndefined();
    expect(parseReplyAddress(`reply+${requestId}.${token}@${domain}`)).toEqual({ requestId, token });
    expect(parseReplyAddress(`rd@${domain}`)).toBeUndefined();
    expect(parseReplyAddress(`rd+${requestId}@${domain}`)).toBeUndefined();
  });

  it('refuses to build from anything that could inject into a header', () => {
    expect(() => replyAddressFor(requestId, 'a\r\nBcc: x@y', domain)).toThrow();
    expect(() => replyAddressFor('not-an-id', token, domain)).toThrow();
    expect(() => replyAddressFor(requestId, token, 'x.example>\r\n')).toThrow();
  });

  it('two different reply addresses among the recipients are ambiguous', () => {
    const other = replyAddressFor('fedcba9876543210', newToken(), domain);
    expect(findReplyAddress([replyAddressFor(requestId, token, domain), other])).toBe('ambiguous');
    expect(findReplyAddress(['someone@x.example', replyAddressFor(requestId, token, domain)])).toEqual({ requestId, token });
  });
});

describe('the decision line', () => {
  it.each([
    ['approve', { decision: 'approve' }],
    ['Approve', { decision: 'approve' }],
    ['APPROVED.', { decision: 'approve' }],
    ['deny', { decision: 'deny' }],
    ['Deny: we do not license wire copy', { decision: 'deny', note: 'we do not license wire copy' }],
    ['approve - fine for the spring issue', { decision: 'approve', note: 'fine for the spring issue' }],
    ['\n\n  denied: not this one\nKind regards,\nMaria', { decision: 'deny', note: 'not this one' }],
    ['Deny — not for print', { decision: 'deny', note: 'not for print' }],
  ])('%j', (text, expected) => {
    expect(parseDecisionLine(text)).toEqual(expected);
  });

  it.each([
    '', 'yes', 'I approve', 'Approver here', 'Thanks!\napprove', '> approve', 'approveed',
    // The attacks: a question, an out-of-office, a hedge, no separator before the note.
    'Approve? Not before legal has looked at it', 'approve?', 'Approved leave: I am away until 4 January',
    'approve, but only in print', 'denied   not this one', 'Deny: really?',
  ])('no decision in %j', (text) => {
    expect(parseDecisionLine(text)).toBeUndefined();
  });

  it('strips the quoted message, whichever mail program wrote it', () => {
    expect(stripQuoted('deny\n\nOn Tue, 1 Dec 2026 at 10:00, Reprint Desk <r@x> wrote:\n> approve')).toBe('deny');
    expect(stripQuoted('deny\nOn Tue, 1 Dec 2026 at 10:00, Reprint Desk\n<r@x> wrote:\n> approve')).toBe('deny');
    expect(stripQuoted('approve\n-----Original Message-----\nFrom: x')).toBe('approve');
    expect(stripQuoted('approve\n________________________________\nFrom: Reprint Desk\nSent: Monday')).toBe('approve');
    expect(stripQuoted('approve\nFrom: Reprint Desk <r@x>\nSent: Monday\nTo: m@x')).toBe('approve');
    expect(stripQuoted('approve\n-- \nMaria, rights desk')).toBe('approve');
    expect(stripQuoted('Le mar. 1 déc. 2026, Reprint Desk a écrit :\n> approve')).toBe('');
  });
});

describe('checks before the database', () => {
  const envelope = (over: Partial<Parameters<typeof evaluateReply>[0]> = {}) => ({
    from: ['rights@paper.example'], recipients: [replyAddressFor(requestId, token, domain)], text: 'approve', verdicts: pass,
    headers: {} as Record<string, string>, subject: 'Re: Decision needed', ...over,
  });

  it('accepts a well-formed reply', () => {
    expect(evaluateReply(envelope(), domain)).toEqual({ ok: true, requestId, token, from: 'rights@paper.example', decision: { decision: 'approve' } });
  });

  it.each([
    [{ verdicts: { ...pass, spf: 'FAIL' } }, 'spf-not-pass'],
    [{ verdicts: { ...pass, spf: 'GRAY' } }, 'spf-not-pass'],
    [{ verdicts: { ...pass, dkim: 'FAIL' } }, 'dkim-not-pass'],
    [{ verdicts: { ...pass, dkim: 'PROCESSING_FAILED' } }, 'dkim-not-pass'],
    [{ verdicts: { ...pass, dmarc: 'FAIL' } }, 'dmarc-fail'],
    [{ headers: { 'auto-submitted': 'auto-replied' } }, 'auto-reply'],
    [{ headers: { 'x-autoreply': 'yes' } }, 'auto-reply'],
    [{ headers: { 'x-autorespond': 'On vacation' } }, 'auto-reply'],
    [{ headers: { precedence: 'auto_reply' } }, 'auto-reply'],
    [{ headers: { precedence: 'bulk' } }, 'auto-reply'],
    [{ headers: { 'x-precedence': 'auto_reply' } }, 'auto-reply'],
    [{ headers: { 'x-auto-response-suppress': 'All' } }, 'auto-reply'],
    [{ headers: { 'list-id': '<rights.paper.example>' } }, 'auto-reply'],
    [{ headers: { 'return-path': '<>' } }, 'auto-reply'],
    [{ from: ['MAILER-DAEMON@paper.example'] }, 'auto-reply'],
    [{ subject: 'Automatic reply: Decision needed' }, 'auto-reply'],
    [{ subject: 'Out of Office: Decision needed' }, 'auto-reply'],
    [{ verdicts: { ...pass, spam: 'FAIL' } }, 'spam'],
    [{ verdicts: { ...pass, virus: 'FAIL' } }, 'virus'],
    [{ text: 'approve\ud800' }, 'malformed'],
    [{ from: [] }, 'no-single-sender'],
    [{ from: ['a@x.example', 'b@x.example'] }, 'no-single-sender'],
    [{ recipients: ['rights@paper.example'] }, 'no-reply-address'],
    [{ recipients: [`rd+${requestId}.${token}@other.example`] }, 'no-reply-address'],
    [{ text: 'Thanks, will look at it tomorrow' }, 'no-decision'],
  ] as const)('%j → %s', (over, reason) => {
    expect(evaluateReply(envelope(over as never), domain)).toMatchObject({ ok: false, reason });
  });

  it('a domain without DMARC (GRAY) is not refused for that alone', () => {
    expect(checkVerdicts({ spf: 'PASS', dkim: 'PASS', dmarc: 'GRAY' })).toBeUndefined();
    expect(checkVerdicts({ spf: 'pass', dkim: 'pass' })).toBeUndefined();
    expect(checkVerdicts({ spf: 'PASS', dkim: 'PASS', spam: 'PASS', virus: 'PASS' })).toBeUndefined();
  });
});

describe('an HTML-only reply read as text (replyTextFromHtml)', () => {
  it('keeps the reply’s own lines, leaves the quoted notification out, and decodes character references', () => {
    const gmail = '<html><head><style>p { color: red }</style><title>Re</title></head><body><div dir="ltr">Deny: not for print &amp; not &lt;online&gt; &#8211; sorry&nbsp;&#x21;</div><br>'
      + '<div class="gmail_quote"><div>On Tue, 24 Nov 2026, Reprint Desk wrote:</div><blockquote>Approve or deny</blockquote></div></body></html>';
    const text = replyTextFromHtml(gmail);
    expect(text.split('\n')[0]).toBe('Deny: not for print & not <online> \u2013 sorry !');
    expect(text).not.toContain('Approve or deny');
    expect(text).not.toContain('color');
    expect(parseDecisionLine(text)).toEqual({ decision: 'deny', note: 'not for print & not <online> \u2013 sorry !' });
    // Outlook: the decision in a paragraph, a comment and a script before it, unknown references left as written.
    expect(parseDecisionLine(replyTextFromHtml('<!-- x --><script>approve</script><p class=MsoNormal>approve<o:p></o:p></p><p>&foo; &#xD800;</p>'))).toEqual({ decision: 'approve' });
    expect(replyTextFromHtml('<p>&foo; &#xD800;</p>')).toBe('&foo; &#xD800;');
  });

  it('answers hostile markup (unclosed tags and comments, a megabyte of them) with text, never an exception', () => {
    for (const junk of ['<div'.repeat(250_000), '<!--'.repeat(250_000), '<style'.repeat(160_000), '&#'.repeat(500_000)]) {
      expect(typeof replyTextFromHtml(junk)).toBe('string');
    }
    expect(replyTextFromHtml('<b>approve</b')).toBe('approve</b'); // a tag cut off at the end is left as text
  });
});
