import { describe, expect, it } from 'vitest';
import { approverClosedEmail } from '../../functions/views/emails/approver-closed.js';
import { approverReminderEmail } from '../../functions/views/emails/approver-reminder.js';
import { approverReviewEmail } from '../../functions/views/emails/approver-review.js';
import { oneLine, type Email } from '../../functions/views/emails/layout.js';
import { licenseeKillNoticeEmail } from '../../functions/views/emails/licensee-kill-notice.js';
import { licenseeRenewalEmail } from '../../functions/views/emails/licensee-renewal.js';
import { licenseeRevokedEmail } from '../../functions/views/emails/licensee-revoked.js';
import { requesterAckEmail } from '../../functions/views/emails/requester-ack.js';
import { requesterDeniedEmail } from '../../functions/views/emails/requester-denied.js';
import { requesterExpiredEmail } from '../../functions/views/emails/requester-expired.js';
import { requesterLicensedEmail } from '../../functions/views/emails/requester-licensed.js';
import { requesterOfferEmail } from '../../functions/views/emails/requester-offer.js';
import { requesterRejectedEmail } from '../../functions/views/emails/requester-rejected.js';
import { requesterWithdrawnEmail } from '../../functions/views/emails/requester-withdrawn.js';
import { escapeHtml, formatMoney } from '../../functions/views/html.js';
import type { RequestStatus } from '../../functions/domain/request-state.js';
import { BASE_URL, EVIL, fixtureArticle, fixtureItem, XSS_PAYLOADS } from '../support/render-fixtures.js';

const allowedTags = new Set(['html', 'head', 'meta', 'title', 'body', 'div', 'table', 'tr', 'td', 'th', 'h1', 'h2', 'p', 'a', 'span', 'ul', 'li', 'strong', 'caption']);

/** Structure of an HTML part: known tags only, every attribute name="value", no handlers, safe links. */
function checkHtml(markup: string) {
  const title = /<title>([\s\S]*?)<\/title>/.exec(markup)?.[1] ?? '';
  expect(title).not.toMatch(/</);
  const body = markup.replace(/<title>[\s\S]*?<\/title>/, '<title></title>');
  for (const m of body.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g)) {
    const name = (m[2] ?? '').toLowerCase();
    expect(allowedTags, `unexpected <${name}>`).toContain(name);
    if (m[1]) continue;
    const attrs: Record<string, string> = {};
    const rest = (m[3] ?? '').replace(/\s([a-zA-Z][a-zA-Z0-9-]*)(?:="([^"<>]*)")?/g, (_, k: string, v: string | undefined) => { attrs[k.toLowerCase()] = v ?? ''; return ''; });
    expect(rest.trim(), `malformed attributes in <${name}${m[3]}>`).toBe('');
    for (const k of Object.keys(attrs)) expect(k.startsWith('on')).toBe(false);
    if (attrs.href !== undefined) expect(attrs.href).toMatch(/^(https?:\/\/[^/\\]|#$)/);
  }
  expect(body.replace(/<\/?[a-zA-Z][^>]*>|<!doctype html>/gi, '')).not.toMatch(/<[a-zA-Z!/?]/);
  for (const bad of ['<script', '<img', '<svg', '"><img', 'javascript:alert(7)"']) expect(markup.includes(bad), bad).toBe(false);
}

const ourUrls = new Set<string>();

/**
 * The text part: nothing a requester typed starts a line at the margin (where our labels are) or
 * at the two-space indent of our links; their multi-line text is only ever inside "  > " quotes.
 */
function checkText(text: string) {
  expect(text).not.toMatch(/\r/);
  expect(text).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u2028\u2029\u0085]/);
  for (const line of text.split('\n')) {
    expect(line.length, 'line length').toBeLessThanOrEqual(998);
    if (line.startsWith('  > ')) continue;
    expect(line, 'forged line').not.toMatch(/^(Bcc:|Review link:|Subject:|To:|https?:)/i);
    if (/^ {2}\S/.test(line) && /^ {2}https?:/.test(line)) expect(ourUrls, 'a link line that is not ours').toContain(line.trim());
  }
}

/** Whitespace-insensitive: the text part wraps facts and lists. */
const flat = (s: string) => s.replace(/\s+/g, ' ');

function checkSubject(subject: string) {
  expect(subject).not.toMatch(/[\r\n\u0000-\u001F\u007F\u2028\u2029]/);
  expect(subject.length).toBeLessThanOrEqual(200);
  expect(subject.trim()).toBe(subject);
}

const links = {
  review: `${BASE_URL}/review/0k3m9x2v7qz4h8ta?token=review-token`,
  status: `${BASE_URL}/requests/0k3m9x2v7qz4h8ta?token=status-token`,
  copy: `${BASE_URL}/licenses/RD-0K3M9X2V7QZ4H8TA/copy?token=copy-token`,
  embed: `${BASE_URL}/licenses/RD-0K3M9X2V7QZ4H8TA/embed?token=copy-token`,
  renew: `${BASE_URL}/articles/harbour-dredging-plan/reprint`,
};
for (const u of Object.values(links)) ourUrls.add(u);

function allEmails(evil: boolean): { name: string; mail: Email; status: RequestStatus }[] {
  const article = fixtureArticle({ evil });
  const at = (status: RequestStatus) => fixtureItem(status, { evil });
  const approverEmail = evil ? `x${EVIL}@example.com` : 'rights@harbourledger.example';
  const licensed = at('licensed');
  return [
    { name: 'approver review', status: 'pending', mail: approverReviewEmail({ item: at('pending'), article, reviewUrl: links.review, approverEmail }) },
    { name: 'approver reminder', status: 'pending', mail: approverReminderEmail({ item: at('pending'), article, reviewUrl: links.review, approverEmail }) },
    { name: 'requester ack', status: 'pending', mail: requesterAckEmail({ item: at('pending'), article, statusUrl: links.status }) },
    { name: 'requester licensed', status: 'licensed', mail: requesterLicensedEmail({ item: licensed, article, license: licensed.license!, copyUrl: links.copy, embedUrl: links.embed, statusUrl: links.status }) },
    {
      name: 'requester licensed, with the approver\'s note', status: 'licensed',
      mail: requesterLicensedEmail({ item: { ...licensed, review: { decision: 'approve', by: approverEmail, at: '2026-06-02T10:15:00.000Z', note: evil ? `Fine ${EVIL}\nReview link: https://evil.example` : 'Fine by us.' } }, article, license: licensed.license!, copyUrl: links.copy, embedUrl: links.embed, statusUrl: links.status }),
    },
    { name: 'approver closed (approved)', status: 'licensed', mail: approverClosedEmail({ item: licensed, article, closed: { kind: 'approved', by: approverEmail, at: '2026-06-02T10:15:00.000Z' } }) },
    { name: 'approver closed (withdrawn)', status: 'withdrawn', mail: approverClosedEmail({ item: at('withdrawn'), article, closed: { kind: 'withdrawn', at: '2026-06-02T10:15:00.000Z' } }) },
    { name: 'requester denied', status: 'denied', mail: requesterDeniedEmail({ item: at('denied'), article, statusUrl: links.status }) },
    { name: 'requester offer', status: 'offered', mail: requesterOfferEmail({ item: at('offered'), article, statusUrl: links.status }) },
    { name: 'requester rejected', status: 'rejected', mail: requesterRejectedEmail({ item: at('rejected'), article, statusUrl: links.status }) },
    { name: 'requester withdrawn', status: 'withdrawn', mail: requesterWithdrawnEmail({ item: at('withdrawn'), article, statusUrl: links.status }) },
    { name: 'requester expired', status: 'expired', mail: requesterExpiredEmail({ item: at('expired'), article, statusUrl: links.status, formUrl: links.renew }) },
    { name: 'licensee renewal', status: 'licensed', mail: licenseeRenewalEmail({ item: licensed, article, renewUrl: links.renew }) },
    { name: 'licensee revoked', status: 'licensed', mail: licenseeRevokedEmail({ item: licensed, article, reason: evil ? `Breach ${EVIL}` : 'The licensee ran an altered headline.' }) },
    { name: 'kill notice withdrawn', status: 'licensed', mail: licenseeKillNoticeEmail({ item: licensed, article, kind: 'withdrawn', copyUrl: links.copy }) },
    { name: 'kill notice corrected', status: 'licensed', mail: licenseeKillNoticeEmail({ item: licensed, article, kind: 'corrected', copyUrl: links.copy }) },
  ];
}

describe('emails: subject, text and HTML are safe whatever the data', () => {
  for (const evil of [false, true]) {
    for (const { name, mail } of allEmails(evil)) {
      it(`${name}${evil ? ' (hostile data)' : ''}`, () => {
        checkSubject(mail.subject);
        checkText(mail.text);
        checkHtml(mail.html);
        expect(mail.subject).toContain(oneLine(fixtureArticle({ evil }).headline).slice(0, 40));
        expect(mail.text).toContain('0k3m9x2v7qz4h8ta');
        expect(mail.html).toContain('0k3m9x2v7qz4h8ta');
      });
    }
  }

  it('hostile text reaches the reader as text: escaped in HTML, quoted or flattened in plain text', () => {
    const article = fixtureArticle({ evil: true });
    const item = fixtureItem('pending', { evil: true });
    const mail = approverReviewEmail({ item, article, reviewUrl: links.review, approverEmail: 'a@example.com' });
    for (const p of XSS_PAYLOADS.slice(0, 6)) expect(mail.html).toContain(escapeHtml(p));
    // The requester's multi-line note is a quoted block; their CR/LF name is one line.
    expect(mail.text).toMatch(/\n {2}> We would like to run it in our\n {2}> estuary special\.\n {2}> Thanks!/);
    expect(flat(mail.text)).toContain('Maya Okafor <script>alert(1)</script>');
    expect(flat(mail.text)).toContain('Eve Bcc: victim@example.com');
    expect(mail.text).not.toMatch(/^Review link:/m);
    // The real review link is on a line of its own, under our label.
    expect(mail.text).toContain(`Open the review page:\n  ${links.review}\n`);
  });

  it('a hostile URL never becomes a link', () => {
    const item = fixtureItem('pending');
    const mail = requesterAckEmail({ item, article: fixtureArticle(), statusUrl: 'javascript:alert(1)' });
    expect(mail.html).toContain('<a href="#"');
    expect(mail.html).not.toContain('href="javascript');
  });

  it('subjects say what the mail is about, in one line, even for a huge multi-line headline', () => {
    const article = { ...fixtureArticle(), headline: `Line one\r\nBcc: x@evil.example\n${'very long '.repeat(50)}` };
    const mail = requesterAckEmail({ item: fixtureItem('pending'), article, statusUrl: links.status });
    checkSubject(mail.subject);
    expect(mail.subject).toMatch(/^We received your reprint request for “Line one Bcc: x@evil\.example very long/);
    expect(mail.subject).toContain('…”');
  });
});

describe('emails: content', () => {
  const article = fixtureArticle();

  it('the approver email has details, quote, policy notes and the review link, and says the link decides nothing', () => {
    const item = fixtureItem('pending');
    const mail = approverReviewEmail({ item, article, reviewUrl: links.review, approverEmail: 'rights@harbourledger.example' });
    expect(mail.subject).toMatch(/^Decision needed: reprint request for “Harbour dredging plan/);
    for (const part of [flat(mail.text), mail.html]) {
      for (const s of ['Maya Okafor', 'maya@coastwatch.example', 'Coastwatch Weekly', 'Nonprofit organisation', 'Web republication', '25,000', 'GB, IE', 'July 1, 2026', 'Full text', 'estuary special']) {
        expect(part).toContain(s);
      }
      expect(part).toContain(formatMoney(item.quote.minorUnits, item.quote.currency));
      for (const r of item.reasons) expect(part).toContain(r.code);
      expect(part).toContain('nothing is decided until you press Approve or Deny');
      expect(part).toContain('June 15, 2026');
    }
    expect(mail.html).toContain(`href="${links.review}"`);
  });

  it('each audience gets its own wording: the approver is never told what the requester will hear, and vice versa', () => {
    const item = { ...fixtureItem('pending'), reasons: [{ code: 'REVIEW_REQUIRED' as const, message: 'The publication\'s rights staff review every request for web republication; you will hear from them by email.' }] };
    const toApprover = approverReviewEmail({ item, article, reviewUrl: links.review, approverEmail: 'rights@harbourledger.example' });
    const reminder = approverReminderEmail({ item, article, reviewUrl: links.review, approverEmail: 'rights@harbourledger.example' });
    for (const part of [toApprover.text, toApprover.html, reminder.text, reminder.html]) {
      expect(part).not.toMatch(/you will hear from them|your request|we will email you/i);
      expect(flat(part)).toContain('The rate card sends every request for web republication to the rights staff');
    }
    const toRequester = requesterAckEmail({ item, article, statusUrl: links.status });
    expect(flat(toRequester.text)).toContain('you will hear from them by email');
    expect(toRequester.text).not.toContain('The rate card sends every request');
  });

  it('the approval carries the approver\'s note, quoted; without a note, or after a counter-offer, there is none', () => {
    const licensed = fixtureItem('licensed');
    const args = { article, license: licensed.license!, copyUrl: links.copy, embedUrl: links.embed, statusUrl: links.status };
    const review = { decision: 'approve' as const, by: 'rights@harbourledger.example', at: '2026-06-02T10:15:00.000Z' };
    const noted = requesterLicensedEmail({ ...args, item: { ...licensed, review: { ...review, note: 'Fine for the spring issue.\nCredit the photographer.' } } });
    expect(noted.text).toContain('Note from the rights staff:\n  > Fine for the spring issue.\n  > Credit the photographer.');
    expect(noted.html).toContain('Note from the rights staff');
    expect(noted.html).toContain('Fine for the spring issue.');
    expect(requesterLicensedEmail({ ...args, item: { ...licensed, review } }).text).not.toContain('Note from the rights staff');
    const offered = fixtureItem('offered');
    expect(requesterLicensedEmail({ ...args, item: { ...licensed, review: offered.review!, offer: offered.offer! } }).text).not.toContain('Note from the rights staff');
  });

  it('"no action needed" says who settled the request and how, in a few lines', () => {
    const at = '2026-06-02T10:15:00.000Z';
    const cases = [
      [{ kind: 'approved', by: 'rights@harbourledger.example', at }, 'rights@harbourledger.example approved it on June 2, 2026, 10:15 UTC; the license is issued.'],
      [{ kind: 'denied', by: 'legal@harbourledger.example', at }, 'legal@harbourledger.example denied it on June 2, 2026, 10:15 UTC.'],
      [{ kind: 'offered', by: 'rights@harbourledger.example', at }, 'answered it with a counter-offer'],
      [{ kind: 'withdrawn', at }, 'The requester withdrew it on June 2, 2026, 10:15 UTC.'],
      [{ kind: 'offer-accepted', at }, 'The requester accepted the counter-offer'],
      [{ kind: 'offer-declined', at }, 'The requester declined the counter-offer'],
    ] as const;
    for (const [closed, sentence] of cases) {
      const mail = approverClosedEmail({ item: fixtureItem('pending'), article, closed });
      expect(mail.subject).toMatch(/^No action needed: reprint request for “Harbour dredging plan/);
      expect(flat(mail.text)).toContain(sentence);
      expect(mail.text).toContain('needs nothing more from you');
      // Short: no request details, no quote, no link that could decide anything.
      expect(mail.text).not.toMatch(/https?:\/\//);
      expect(mail.text.split('\n').length).toBeLessThan(16);
    }
  });

  it('the license email carries number, scope, validity, fee, attribution, conditions and the copy link', () => {
    const item = fixtureItem('licensed');
    const license = item.license!;
    const mail = requesterLicensedEmail({ item, article, license, copyUrl: links.copy, embedUrl: links.embed, statusUrl: links.status });
    expect(mail.subject).toContain(license.number);
    for (const part of [flat(mail.text), mail.html]) {
      expect(part).toContain(license.number);
      expect(part).toContain('July 1, 2026 to June 30, 2027');
      expect(part).toContain(formatMoney(license.fee.minorUnits, license.fee.currency));
      expect(part).toContain(part === mail.html ? escapeHtml(license.attribution) : flat(license.attribution));
      for (const c of license.conditions) expect(part).toContain(part === mail.html ? escapeHtml(c) : flat(c));
      expect(part).toContain('GB, IE');
    }
    expect(mail.html).toContain(`href="${links.copy}"`);
    expect(mail.html).toContain(`href="${links.embed}"`);
  });

  it('the denial carries the note; the offer its fee and deadline; the rejection every reason', () => {
    const denied = requesterDeniedEmail({ item: fixtureItem('denied'), article, statusUrl: links.status });
    expect(denied.text).toContain('  > Thanks for asking; we cannot license it for print.');
    const offer = requesterOfferEmail({ item: fixtureItem('offered'), article, statusUrl: links.status });
    expect(offer.text).toContain('USD 350.00');
    expect(flat(offer.text)).toContain('June 16, 2026, 10:15 UTC');
    expect(offer.html).toContain(`href="${links.status}"`);
    const item = fixtureItem('rejected');
    const rejected = requesterRejectedEmail({ item, article, statusUrl: links.status });
    expect(item.reasons.length).toBeGreaterThanOrEqual(3);
    for (const r of item.reasons) {
      expect(flat(rejected.text)).toContain(`${r.message} (${r.code})`);
      expect(rejected.html).toContain(escapeHtml(r.message));
    }
  });

  it('every requester email states the request\'s state in the words of the one table of states', () => {
    const status = (m: Email) => /<th scope="row"[^>]*>Status<\/th><td[^>]*>([^<]*)<\/td>/.exec(m.html)?.[1];
    expect(status(requesterAckEmail({ item: fixtureItem('pending'), article, statusUrl: links.status }))).toBe('Waiting for a decision');
    expect(status(requesterDeniedEmail({ item: fixtureItem('denied'), article, statusUrl: links.status }))).toBe('Denied');
    expect(status(requesterOfferEmail({ item: fixtureItem('offered'), article, statusUrl: links.status }))).toBe('Counter-offer');
    expect(status(requesterRejectedEmail({ item: fixtureItem('rejected'), article, statusUrl: links.status }))).toBe('Cannot be licensed');
    expect(status(requesterWithdrawnEmail({ item: fixtureItem('withdrawn'), article, statusUrl: links.status }))).toBe('Withdrawn');
    const licensed = fixtureItem('licensed');
    const revoked = { ...licensed, license: { ...licensed.license!, status: 'revoked' as const } };
    expect(status(licenseeRevokedEmail({ item: revoked, article, reason: 'No attribution' }))).toBe('Revoked');
    expect(status(licenseeKillNoticeEmail({ item: licensed, article: { ...article, pubstatus: 'canceled' }, kind: 'withdrawn', copyUrl: links.copy }))).toBe('Article withdrawn');
    expect(flat(requesterDeniedEmail({ item: fixtureItem('denied'), article, statusUrl: links.status }).text)).toMatch(/Status:\s+Denied/);
    // The heading and subject use the same word as the Status row: "declined" is the requester's answer to an offer.
    const deniedMail = requesterDeniedEmail({ item: fixtureItem('denied'), article, statusUrl: links.status });
    expect(deniedMail.subject).toContain('was denied');
    expect(deniedMail.html).toContain('Your reprint request was denied</h1>');
    expect(`${deniedMail.subject}\n${deniedMail.text}`).not.toMatch(/declined/i);
  });

  it('kill notices say what to do', () => {
    const item = fixtureItem('licensed');
    const withdrawn = licenseeKillNoticeEmail({ item, article, kind: 'withdrawn', copyUrl: links.copy });
    expect(withdrawn.subject).toMatch(/^Kill notice: remove “/);
    expect(withdrawn.text).toContain('Remove it');
    const corrected = licenseeKillNoticeEmail({ item, article: { ...article, correction: 'The depth is 14 metres, not 41.' }, kind: 'corrected', copyUrl: links.copy });
    expect(corrected.subject).toMatch(/^Correction: “/);
    expect(corrected.text).toContain('  > The depth is 14 metres, not 41.');
  });

  it('long text is wrapped under a hanging indent and never passes the line-length limit', () => {
    const item = fixtureItem('pending');
    item.request = { ...item.request, notes: `${'word '.repeat(300)}${'x'.repeat(2500)}`, requester: { ...item.request.requester, organization: 'A '.repeat(600) } };
    const mail = approverReviewEmail({ item, article, reviewUrl: links.review, approverEmail: 'a@example.com' });
    checkText(mail.text);
    const org = mail.text.split('\n').filter((l) => l.startsWith('  Organisation:'))[0]!;
    expect(org.length).toBeLessThanOrEqual(76);
    expect(mail.text).toMatch(/\n {2}Organisation: +A A A[^\n]*\n {10,}A A/);
  });

  it('oneLine flattens every line separator', () => {
    expect(oneLine('a\r\nb\rc\nd\u2028e\u2029f\u0085g\u000bh')).toBe('a b c d e f gh');
  });
});
