/**
 * Every email the service sends, as pure functions of plain data → { subject, text, html }.
 *
 * Each email is described once as a list of blocks (paragraphs, facts, lists, quoted user text,
 * buttons) and rendered twice, to plain text and to HTML, so the two parts always say the same.
 * Safety lives in the two renderers, not in each email:
 * - HTML: every value goes through the escaping `html` template; links through `safeUrl`.
 * - Text: a value that is meant to be one line is forced onto one line (CR, LF, U+2028… become
 *   spaces), and free text that may span lines (notes, reasons for a denial) is printed as a
 *   quoted block, every line prefixed with "> ". So a requester's name or note can never forge a
 *   line of ours ("Review link: https://evil…") or a header-looking line.
 * - Subject: one line, control characters removed, the headline shortened.
 * Bidi override characters are removed too: they can make "gpj.exe" read as "exe.jpg".
 */
import type { Article } from '../domain/article.js';
import { isRejectionCode, type Quote, type Reason } from '../domain/policy.js';
import type { LicenseRecord, RequestRecord, ClosedBy } from '../domain/request-record.js';
import { displayStateOf, stateTable } from '../domain/status-display.js';
import { formatCount, formatDate, formatDateTime, formatMoney, html, raw, safeUrl, type SafeHtml } from './html.js';
import { audienceMeaning, labelOf, languageLabel, organizationTypeLabels, staffReasonText, territoriesLabel, useTypeLabels } from './labels.js';

export interface Email { subject: string; text: string; html: string }

// ---------------------------------------------------------------------------------------------
// Text hygiene

// eslint-disable-next-line no-control-regex
const controls = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** One line: every kind of line break becomes a space, other controls go, runs of spaces collapse. */
export function oneLine(value: string): string {
  return value.replace(/\r\n|[\r\n\u0085\u2028\u2029]/g, ' ').replace(controls, '').replace(/[ \t]{2,}/g, ' ').trim();
}

/** Multi-line free text, normalised to LF and with controls removed; blank-line runs kept to one. */
function multiLine(value: string): string {
  return value.replace(/\r\n|[\r\u0085\u2028\u2029]/g, '\n').replace(controls, '').replace(/\n{3,}/g, '\n\n').trim();
}

const shorten = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1).trimEnd()}…` : s);

/**
 * A subject line: one line, at most 200 characters. A trailing "[reference]" part is kept whole
 * whatever the length of the rest, since staff search their mail by it.
 */
function subjectOf(...parts: string[]): string {
  const last = parts.at(-1) ?? '';
  const ref = /^\[[^\]]+\]$/.test(last) ? oneLine(last) : '';
  const text = oneLine((ref ? parts.slice(0, -1) : parts).join(' '));
  return ref ? `${shorten(text, 200 - ref.length - 1)} ${ref}` : shorten(text, 200);
}

const WIDTH = 76;
/** RFC 5322 caps a line at 998 characters; one unbroken "word" longer than this is cut. */
const HARD_LIMIT = 900;

/**
 * Word-wraps one logical line for the text part: the first output line starts with `first`, the
 * rest with `rest` — a hanging indent, so a continuation never starts at the margin where our own
 * labels are. No line can approach the 998-character limit of RFC 5322 whatever a requester typed.
 */
function wrap(text: string, first: string, rest: string, width = WIDTH): string[] {
  const words = text.split(' ').filter(Boolean).flatMap((w) => (w.length > HARD_LIMIT ? w.match(new RegExp(`.{1,${HARD_LIMIT}}`, 'gu')) ?? [w] : [w]));
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of words) {
    const candidate = empty ? line + word : `${line} ${word}`;
    if (!empty && candidate.length > width) {
      lines.push(line);
      line = rest + word;
    } else {
      line = candidate;
    }
    empty = false;
  }
  lines.push(line);
  return lines.map((l) => l.trimEnd());
}

const quoted = (headline: string) => `“${shorten(oneLine(headline), 90)}”`;

// ---------------------------------------------------------------------------------------------
// Blocks and the two renderers

type Block =
  | { kind: 'p'; text: string; strong?: boolean }
  | { kind: 'h'; text: string }
  | { kind: 'facts'; rows: readonly (readonly [string, string])[] }
  | { kind: 'list'; items: readonly string[] }
  | { kind: 'quote'; label: string; text: string }
  | { kind: 'money'; caption: string; quote: Quote }
  | { kind: 'button'; label: string; url: string; note?: string }
  | { kind: 'link'; label: string; url: string };

interface Composed {
  subject: string;
  heading: string;
  /** The line mail programs show beside the subject. */
  preheader: string;
  blocks: Block[];
  requestId: string;
  /** Why the recipient gets this mail, in the footer. */
  footer: string;
}

function renderText(c: Composed): string {
  const heading = oneLine(c.heading);
  const out: string[] = [heading, '='.repeat(Math.min(heading.length, WIDTH)), ''];
  for (const b of c.blocks) {
    switch (b.kind) {
      // Paragraphs are not wrapped: a wrapped line would start at the margin with whatever word
      // came next, and that word may be a requester's ("Review link: …"). Mail programs wrap long
      // lines themselves; only a paragraph past the line-length limit is split, indented.
      case 'p': out.push(...wrap(oneLine(b.text), '', '  ', HARD_LIMIT), ''); break;
      case 'h': out.push(oneLine(b.text).toUpperCase(), ''); break;
      case 'facts': {
        const width = Math.min(18, Math.max(...b.rows.map(([k]) => oneLine(k).length)) + 1);
        for (const [k, v] of b.rows) out.push(...wrap(oneLine(v), `  ${`${oneLine(k)}:`.padEnd(width + 1)} `, ' '.repeat(width + 4)));
        out.push('');
        break;
      }
      case 'list': for (const item of b.items) out.push(...wrap(oneLine(item), '  - ', '    ')); out.push(''); break;
      case 'quote':
        out.push(`${oneLine(b.label)}:`);
        // Every line of the requester's text, wrapped or not, starts with "> ": it cannot pass for ours.
        // Not wrapped below the hard limit, so an attribution line can be copied exactly as written.
        for (const l of multiLine(b.text).split('\n')) out.push(...wrap(l, '  > ', '  > ', HARD_LIMIT));
        out.push('');
        break;
      case 'money':
        out.push(`${oneLine(b.caption)}:`);
        for (const l of b.quote.lines) out.push(...wrap(`${oneLine(l.label)}: ${formatMoney(l.minorUnits, b.quote.currency)}`, '  ', '      '));
        out.push(`  Total: ${formatMoney(b.quote.minorUnits, b.quote.currency)}`, '');
        break;
      case 'button':
      case 'link':
        // A URL is never wrapped: mail programs only make it clickable when it is whole.
        out.push(`${oneLine(b.label)}:`, `  ${oneLine(b.url).slice(0, HARD_LIMIT)}`);
        if (b.kind === 'button' && b.note) out.push(...wrap(oneLine(b.note), '', '  ', HARD_LIMIT));
        out.push('');
        break;
    }
  }
  out.push('--', `Reprint Desk · reference ${oneLine(c.requestId)}`, ...wrap(oneLine(c.footer), '', '  ', HARD_LIMIT), '');
  return out.join('\n');
}

// Inline styles: mail programs ignore <style> blocks and there is no CSP in a mailbox.
const font = 'font-family:system-ui,-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;';
const s = {
  body: `margin:0;padding:0;background:#f4f5f7;${font}color:#1b1f24;`,
  card: 'max-width:600px;width:100%;background:#ffffff;border:1px solid #d5d9e0;border-radius:8px;border-collapse:separate;',
  brand: `background:#1f4e79;color:#ffffff;padding:14px 24px;${font}font-size:16px;font-weight:700;border-radius:8px 8px 0 0;`,
  content: `padding:8px 24px 20px;${font}font-size:15px;line-height:1.55;color:#1b1f24;`,
  h1: 'font-size:20px;line-height:1.3;margin:16px 0 12px;',
  h2: 'font-size:16px;margin:20px 0 8px;',
  p: 'margin:0 0 12px;',
  th: 'text-align:left;vertical-align:top;color:#535b66;font-weight:400;padding:3px 16px 3px 0;white-space:nowrap;',
  td: 'vertical-align:top;padding:3px 0;',
  quote: 'margin:0 0 12px;padding:10px 14px;background:#f4f5f7;border-left:4px solid #8a929c;white-space:pre-wrap;',
  button: `display:inline-block;background:#1f4e79;color:#ffffff;text-decoration:none;font-weight:600;padding:11px 20px;border-radius:6px;${font}`,
  small: 'font-size:13px;color:#535b66;',
  money: 'width:100%;border-collapse:collapse;margin:0 0 12px;',
  mtd: 'padding:5px 0;border-bottom:1px solid #d5d9e0;',
  mamt: 'padding:5px 0 5px 16px;border-bottom:1px solid #d5d9e0;text-align:right;white-space:nowrap;',
  footer: `${font}font-size:12px;line-height:1.5;color:#535b66;padding:12px 24px;`,
};
const st = (css: string) => raw(` style="${css}"`);

function renderBlockHtml(b: Block): SafeHtml {
  switch (b.kind) {
    case 'p': return b.strong ? html`<p${st(s.p)}><strong>${b.text}</strong></p>` : html`<p${st(s.p)}>${b.text}</p>`;
    case 'h': return html`<h2${st(s.h2)}>${b.text}</h2>`;
    case 'facts':
      return html`<table role="presentation"${st('border-collapse:collapse;margin:0 0 12px;')}>${b.rows.map(([k, v]) =>
        html`<tr><th scope="row"${st(s.th)}>${k}</th><td${st(s.td)}>${v}</td></tr>`)}</table>`;
    case 'list': return html`<ul${st('margin:0 0 12px;padding-left:20px;')}>${b.items.map((i) => html`<li${st('margin:0 0 4px;')}>${i}</li>`)}</ul>`;
    case 'quote': return html`<p${st('margin:0 0 4px;color:#535b66;')}>${b.label}:</p><div${st(s.quote)}>${multiLine(b.text)}</div>`;
    case 'money':
      return html`<table role="presentation"${st(s.money)}><caption${st('text-align:left;color:#535b66;padding:0 0 4px;')}>${b.caption}</caption>
${b.quote.lines.map((l) => html`<tr><td${st(s.mtd)}>${l.label}</td><td${st(s.mamt)}>${formatMoney(l.minorUnits, b.quote.currency)}</td></tr>`)}
<tr><td${st(`${s.mtd}font-weight:700;border-bottom:0;`)}>Total</td><td${st(`${s.mamt}font-weight:700;border-bottom:0;`)}>${formatMoney(b.quote.minorUnits, b.quote.currency)}</td></tr></table>`;
    case 'button':
      return html`<p${st('margin:16px 0 6px;')}><a href="${safeUrl(b.url)}"${st(s.button)}>${b.label}</a></p>
<p${st(`${s.small}margin:0 0 12px;`)}>${b.note ? html`${b.note} ` : ''}If the button does not work, copy this link: <span${st('word-break:break-all;')}>${b.url}</span></p>`;
    case 'link': return html`<p${st(s.p)}><a href="${safeUrl(b.url)}"${st('color:#1f4e79;')}>${b.label}</a></p>`;
  }
}

function renderHtml(c: Composed): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${c.subject}</title></head>
<body${st(s.body)}>
<div${st('display:none;max-height:0;overflow:hidden;')}>${oneLine(c.preheader)}</div>
<table role="presentation" width="100%"${st('border-collapse:collapse;background:#f4f5f7;')}><tr><td align="center"${st('padding:24px 12px;')}>
<table role="presentation"${st(s.card)}>
<tr><td${st(s.brand)}>Reprint Desk</td></tr>
<tr><td${st(s.content)}>
<h1${st(s.h1)}>${c.heading}</h1>
${c.blocks.map(renderBlockHtml)}
</td></tr></table>
<table role="presentation"${st('max-width:600px;width:100%;')}><tr><td${st(s.footer)}>Reference ${c.requestId}. ${c.footer}</td></tr></table>
</td></tr></table>
</body></html>
`.value;
}

function compose(c: Composed): Email {
  return { subject: c.subject, text: renderText(c), html: renderHtml(c) };
}

// ---------------------------------------------------------------------------------------------
// Shared content

const useLabel = (item: RequestRecord) => labelOf(useTypeLabels, item.request.use.type);

function articleLine(article: Article): string {
  const by = article.byline.map((b) => b.name);
  return `${article.headline} (${article.publication.name}, ${formatDate(article.publishedAt)}${by.length ? `, by ${by.join(', ')}` : ''})`;
}

/** The request's state, in the one table of states' words (a withdrawn article wins over "Licensed"). */
const stateRow = (item: RequestRecord, article?: Article) =>
  ['Status', stateTable[displayStateOf(item, { articleWithdrawn: article?.pubstatus === 'canceled' })].label] as const;

/** The request as rows; the requester's start with its state. */
function requestRows(item: RequestRecord, forStaff: boolean, article?: Article): (readonly [string, string])[] {
  const { requester, use } = item.request;
  return [
    ...(forStaff ? [['Requester', `${requester.name} <${requester.email}>`] as const] : [stateRow(item, article)]),
    ['Organisation', `${requester.organization} (${labelOf(organizationTypeLabels, requester.organizationType)}, ${requester.country})`],
    ['Use', labelOf(useTypeLabels, use.type)],
    ['Audience', `${formatCount(use.audience)} ${labelOf(audienceMeaning, use.type)}`],
    ['Territories', territoriesLabel(use.territories)],
    ['Language', languageLabel(use.language)],
    ['Period', `${formatDate(item.validFrom)} to ${formatDate(item.validUntil)} (${formatCount(use.durationDays)} days)`],
    ['Extent', use.extent === 'excerpt' ? `Excerpt of up to ${formatCount(use.excerptWords ?? 0)} words` : 'Full text'],
    ['Photos', use.includePhotos ? 'Requested' : 'Text only'],
    ['Reference', item.requestId],
  ];
}

const reasonItems = (reasons: readonly Reason[]) => reasons.map((r) => `${r.message} (${r.code})`);

/** Policy notes as the rights staff read them: the same reasons, not the sentences written to the requester. */
const staffReasonItems = (item: RequestRecord) => item.reasons.map((r) => `${staffReasonText(r, item)} (${r.code})`);

const notesBlock = (item: RequestRecord): Block[] =>
  item.request.notes?.trim() ? [{ kind: 'quote', label: 'Notes from the requester', text: item.request.notes }] : [];

const requesterFooter = (item: RequestRecord) =>
  `You receive this email because a reprint request was made with this address (${item.request.requester.email}).`;

// ---------------------------------------------------------------------------------------------
// To the approvers

export interface ApproverEmailInput {
  item: RequestRecord; article: Article; reviewUrl: string; approverEmail: string;
  /** Reply-To carries this approver's reply token: a reply with "approve" or "deny" first decides. */
  replyToDecide?: boolean;
}

function approverBlocks(input: ApproverEmailInput): Block[] {
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

// ---------------------------------------------------------------------------------------------
// To the requester

export interface RequesterEmailInput { item: RequestRecord; article: Article; statusUrl: string }

export function requesterAckEmail(input: RequesterEmailInput): Email {
  const { item, article, statusUrl } = input;
  return compose({
    subject: subjectOf('We received your reprint request for', quoted(article.headline), `[${item.requestId}]`),
    heading: 'Your reprint request is with the rights staff',
    preheader: `${article.publication.name} will decide in person; we will email you.`,
    blocks: [
      { kind: 'p', text: `Thank you, ${item.request.requester.name}. ${article.publication.name} decides this kind of request in person. You will get an email as soon as the rights staff decide.` },
      { kind: 'facts', rows: [['Article', articleLine(article)], ...requestRows(item, false, article)] },
      { kind: 'money', caption: 'Quoted fee', quote: item.quote },
      ...(item.reasons.length ? [{ kind: 'h', text: 'Why it needs a person' } as const, { kind: 'list', items: item.reasons.map((r) => r.message) } as const] : []),
      { kind: 'button', label: 'Follow your request', url: statusUrl, note: 'You can also withdraw the request there while it waits.' },
    ],
    requestId: item.requestId,
    footer: requesterFooter(item),
  });
}

export interface LicensedEmailInput extends RequesterEmailInput {
  license: LicenseRecord; copyUrl: string; embedUrl: string;
  /** The license certificate and (for an invoice-paid use) the invoice, as PDFs behind the copy token. */
  documents?: { certificate: string; invoice?: string };
}

export function requesterLicensedEmail(input: LicensedEmailInput): Email {
  const { item, article, license } = input;
  const sc = license.scope;
  return compose({
    subject: subjectOf(`Your reprint license ${license.number} for`, quoted(article.headline)),
    heading: 'Your reprint license',
    preheader: `License ${license.number}, valid ${formatDate(license.validFrom)} to ${formatDate(license.validUntil)}.`,
    blocks: [
      { kind: 'p', text: `${article.publication.name} grants ${license.licensee.organization} the license below. Keep this email: its links are your access to the licensed copy.` },
      {
        kind: 'facts', rows: [
          ['License number', license.number],
          ['Article', articleLine(article)],
          ['Licensee', `${license.licensee.name}, ${license.licensee.organization}`],
          ['Use', `${labelOf(useTypeLabels, sc.use)}${sc.medium ? ` (${sc.medium})` : ''}`],
          ['Audience', `${formatCount(sc.audience)} ${labelOf(audienceMeaning, sc.use)}`],
          ['Territories', territoriesLabel(sc.territories)],
          ['Language', languageLabel(sc.language)],
          ['Extent', sc.extent === 'excerpt' ? `Excerpt of up to ${formatCount(sc.excerptWords ?? 0)} words` : 'Full text'],
          ['Photos', sc.includePhotos ? 'Included' : 'Not included'],
          ['Valid', `${formatDate(license.validFrom)} to ${formatDate(license.validUntil)}`],
          ['Fee', formatMoney(license.fee.minorUnits, license.fee.currency)],
        ],
      },
      // The review page promises that the note is "sent with the decision": here it is. (After a
      // counter-offer the note went out with the offer; the acceptance does not repeat it.)
      ...(item.review?.note?.trim() && !item.offer ? [{ kind: 'quote', label: 'Note from the rights staff', text: item.review.note } as const] : []),
      { kind: 'quote', label: 'Attribution line (print it with every copy, exactly as written)', text: license.attribution },
      ...(license.conditions.length ? [{ kind: 'h', text: 'Conditions' } as const, { kind: 'list', items: license.conditions } as const] : []),
      { kind: 'button', label: 'Open the licensed copy', url: input.copyUrl, note: 'The copy carries the attribution, the copyright line and the license number.' },
      { kind: 'link', label: 'Get the embed snippet for your website', url: input.embedUrl },
      ...invoiceBlocks(item, input.documents),
      { kind: 'link', label: 'See your request and license', url: input.statusUrl },
    ],
    requestId: item.requestId,
    footer: requesterFooter(item),
  });
}

export function requesterDeniedEmail(input: RequesterEmailInput): Email {
  const { item, article, statusUrl } = input;
  const note = item.review?.note;
  return compose({
    subject: subjectOf('Your reprint request for', quoted(article.headline), 'was denied', `[${item.requestId}]`),
    heading: 'Your reprint request was denied',
    preheader: `${article.publication.name} decided not to grant this license.`,
    blocks: [
      { kind: 'p', text: `${article.publication.name} decided not to grant the license you asked for${item.review ? ` (decided ${formatDateTime(item.review.at)})` : ''}.` },
      ...(note?.trim() ? [{ kind: 'quote', label: 'Note from the rights staff', text: note } as const] : [{ kind: 'p', text: 'The rights staff did not add a note.' } as const]),
      { kind: 'facts', rows: [['Article', articleLine(article)], ...requestRows(item, false, article)] },
      { kind: 'link', label: 'See your request', url: statusUrl },
    ],
    requestId: item.requestId,
    footer: requesterFooter(item),
  });
}

export function requesterOfferEmail(input: RequesterEmailInput): Email {
  const { item, article, statusUrl } = input;
  const offer = item.offer;
  const fee = offer ? formatMoney(offer.quote.minorUnits, offer.quote.currency) : 'a different fee';
  return compose({
    subject: subjectOf('Counter-offer for your reprint request for', quoted(article.headline), `[${item.requestId}]`),
    heading: 'The publication proposes a different fee',
    preheader: `${fee} instead of ${formatMoney(item.quote.minorUnits, item.quote.currency)}. Accept or decline from your status page.`,
    blocks: [
      { kind: 'p', text: `The rights staff of ${article.publication.name} would grant your license at ${fee} instead of the quoted ${formatMoney(item.quote.minorUnits, item.quote.currency)}. Nothing is licensed until you accept.` },
      ...(offer?.note?.trim() ? [{ kind: 'quote', label: 'Note from the rights staff', text: offer.note } as const] : []),
      ...(offer ? [{ kind: 'p', text: `Please answer by ${formatDateTime(offer.expiresAt)}; after that the offer lapses.` } as const] : []),
      { kind: 'button', label: 'Accept or decline the offer', url: statusUrl },
      { kind: 'facts', rows: [['Article', articleLine(article)], ...requestRows(item, false, article)] },
    ],
    requestId: item.requestId,
    footer: requesterFooter(item),
  });
}

export function requesterRejectedEmail(input: RequesterEmailInput): Email {
  const { item, article, statusUrl } = input;
  const refusals = item.reasons.filter((r) => isRejectionCode(r.code));
  const reviews = item.reasons.filter((r) => !isRejectionCode(r.code));
  return compose({
    subject: subjectOf('Your reprint request for', quoted(article.headline), 'cannot be licensed', `[${item.requestId}]`),
    heading: 'Your reprint request cannot be licensed',
    preheader: `${refusals.length} ${refusals.length === 1 ? 'reason' : 'reasons'} under the publication's terms.`,
    blocks: [
      { kind: 'p', text: `The terms of ${article.publication.name} do not allow this request, for ${refusals.length === 1 ? 'this reason' : `these ${refusals.length} reasons`}:` },
      { kind: 'list', items: reasonItems(refusals) },
      ...(reviews.length ? [
        { kind: 'p', text: "Once that is fixed, the request would also need the rights staff's review:" } as const,
        { kind: 'list', items: reasonItems(reviews) } as const,
      ] : []),
      { kind: 'p', text: 'You are welcome to send a new request that fits the terms.' },
      { kind: 'facts', rows: [['Article', articleLine(article)], ...requestRows(item, false, article)] },
      { kind: 'link', label: 'See your request', url: statusUrl },
    ],
    requestId: item.requestId,
    footer: requesterFooter(item),
  });
}

export interface RequesterNoticeInput { item: RequestRecord; article: Article; statusUrl?: string; formUrl?: string }

export function requesterWithdrawnEmail(input: RequesterNoticeInput): Email {
  const { item, article } = input;
  return compose({
    subject: subjectOf('You withdrew your reprint request for', quoted(article.headline), `[${item.requestId}]`),
    heading: 'Your reprint request is withdrawn',
    preheader: 'Nothing will be licensed and nothing is charged.',
    blocks: [
      { kind: 'p', text: 'As you asked, the request is withdrawn. Nothing will be licensed and nothing is charged.' },
      { kind: 'facts', rows: [['Article', articleLine(article)], ...requestRows(item, false, article)] },
      ...(input.statusUrl ? [{ kind: 'link', label: 'See your request', url: input.statusUrl } as const] : []),
    ],
    requestId: item.requestId,
    footer: requesterFooter(item),
  });
}

export function requesterExpiredEmail(input: RequesterNoticeInput): Email {
  const { item, article } = input;
  const offered = item.status === 'expired' && item.offer !== undefined;
  return compose({
    subject: subjectOf('Your reprint request for', quoted(article.headline), offered ? 'expired: the offer lapsed' : 'expired without a decision', `[${item.requestId}]`),
    heading: 'Your reprint request has expired',
    preheader: 'Nothing is licensed. You are welcome to ask again.',
    blocks: [
      {
        kind: 'p', text: offered
          ? 'The counter-offer for this request was not accepted in time, so it has lapsed. Nothing is licensed.'
          : `We are sorry: the rights staff of ${article.publication.name} did not decide this request in time, so it has expired. Nothing is licensed.`,
      },
      { kind: 'p', text: 'You are welcome to send the request again.' },
      { kind: 'facts', rows: [['Article', articleLine(article)], ...requestRows(item, false, article)] },
      ...(input.formUrl ? [{ kind: 'link', label: 'Ask again', url: input.formUrl } as const] : []),
      ...(input.statusUrl ? [{ kind: 'link', label: 'See your request', url: input.statusUrl } as const] : []),
    ],
    requestId: item.requestId,
    footer: requesterFooter(item),
  });
}

// ---------------------------------------------------------------------------------------------
// To licensees

const licenseNumber = (item: RequestRecord) => item.license?.number ?? item.requestId;
const licenseeFooter = (item: RequestRecord) =>
  `You receive this email because ${item.license?.licensee.organization ?? item.request.requester.organization} holds a reprint license (${licenseNumber(item)}).`;

export function licenseeRenewalEmail(input: { item: RequestRecord; article: Article; renewUrl: string }): Email {
  const { item, article } = input;
  const until = item.license?.validUntil ?? item.validUntil;
  return compose({
    subject: subjectOf(`Your reprint license ${licenseNumber(item)} for`, quoted(article.headline), `ends on ${formatDate(until)}`),
    heading: 'Your reprint license ends soon',
    preheader: `License ${licenseNumber(item)} ends on ${formatDate(until)}.`,
    blocks: [
      { kind: 'p', text: `Your license ${licenseNumber(item)} for ${quoted(article.headline)} ends on ${formatDate(until)}. After that the licensed copy stops working and the article must come down, unless you renew.` },
      { kind: 'button', label: 'Renew the license', url: input.renewUrl },
      { kind: 'facts', rows: [['Article', articleLine(article)], ['License number', licenseNumber(item)], ['Valid until', formatDate(until)], ...requestRows(item, false, article)] },
    ],
    requestId: item.requestId,
    footer: licenseeFooter(item),
  });
}

export function licenseeRevokedEmail(input: { item: RequestRecord; article: Article; reason: string }): Email {
  const { item, article } = input;
  return compose({
    subject: subjectOf(`Your reprint license ${licenseNumber(item)} for`, quoted(article.headline), 'has been revoked'),
    heading: 'Your reprint license has been revoked',
    preheader: 'Please remove the article from your publication.',
    blocks: [
      { kind: 'p', text: `${article.publication.name} has revoked license ${licenseNumber(item)}. Please remove ${quoted(article.headline)} from your website, newsletter or publication and do not run it again.`, strong: true },
      ...(input.reason.trim() ? [{ kind: 'quote', label: 'Reason', text: input.reason } as const] : []),
      { kind: 'facts', rows: [['Article', articleLine(article)], ['License number', licenseNumber(item)], ...requestRows(item, false, article)] },
    ],
    requestId: item.requestId,
    footer: licenseeFooter(item),
  });
}

export function licenseeKillNoticeEmail(input: { item: RequestRecord; article: Article; kind: 'withdrawn' | 'corrected'; copyUrl: string }): Email {
  const { item, article, kind } = input;
  const withdrawn = kind === 'withdrawn';
  return compose({
    subject: withdrawn
      ? subjectOf('Kill notice: remove', quoted(article.headline), `now (license ${licenseNumber(item)})`)
      : subjectOf('Correction:', quoted(article.headline), `has been corrected; update your copy (license ${licenseNumber(item)})`),
    heading: withdrawn ? 'Kill notice: the article has been withdrawn' : 'Correction: please update your copy',
    preheader: withdrawn ? 'Remove the article from your publication now.' : 'Apply the correction within 24 hours.',
    blocks: withdrawn
      ? [
        { kind: 'p', text: `${article.publication.name} has withdrawn ${quoted(article.headline)}. Remove it from your website, newsletter or publication now, and do not run it again. Your license ${licenseNumber(item)} no longer covers it.`, strong: true },
        ...(article.correction?.trim() ? [{ kind: 'quote', label: 'Note from the publication', text: article.correction } as const] : []),
        { kind: 'facts', rows: [stateRow(item, article), ['Article', articleLine(article)], ['License number', licenseNumber(item)]] },
      ]
      : [
        { kind: 'p', text: `${article.publication.name} has corrected ${quoted(article.headline)}. Please update your copy within 24 hours, as your license ${licenseNumber(item)} requires.` },
        ...(article.correction?.trim() ? [{ kind: 'quote', label: 'The correction', text: article.correction } as const] : []),
        { kind: 'button', label: 'Open the corrected licensed copy', url: input.copyUrl },
        { kind: 'facts', rows: [['Article', articleLine(article)], ['License number', licenseNumber(item)]] },
      ],
    requestId: item.requestId,
    footer: licenseeFooter(item),
  });
}

// ---------------------------------------------------------------------------------------------
// Getting paid (invoices, suspension, card checkout)

/** The invoice facts and the PDF links of a license email. */
function invoiceBlocks(item: RequestRecord, documents: LicensedEmailInput['documents']): Block[] {
  const blocks: Block[] = [];
  const inv = item.invoice;
  if (inv) {
    blocks.push({ kind: 'h', text: `Invoice ${inv.number}` });
    blocks.push({ kind: 'facts', rows: [
      ['Invoice number', inv.number], ['Amount', formatMoney(inv.amount.minorUnits, inv.amount.currency)], ['Due date', formatDate(inv.dueDate)],
    ] });
    blocks.push({ kind: 'quote', label: 'How to pay', text: inv.paymentInstructions });
    blocks.push({ kind: 'p', text: `If the invoice is still unpaid ${formatDate(inv.suspendOn)}, the license is suspended until it is paid.` });
  }
  if (documents?.invoice) blocks.push({ kind: 'link', label: 'Download the invoice (PDF)', url: documents.invoice });
  if (documents) blocks.push({ kind: 'link', label: 'Download the license certificate (PDF)', url: documents.certificate });
  return blocks;
}

export function invoiceOverdueEmail(input: { item: RequestRecord; article: Article; invoiceUrl: string; statusUrl: string }): Email {
  const { item, article } = input;
  const inv = item.invoice!;
  return compose({
    subject: subjectOf(`Invoice ${inv.number} is overdue: license ${licenseNumber(item)} for`, quoted(article.headline)),
    heading: 'Your invoice is overdue',
    preheader: `${formatMoney(inv.amount.minorUnits, inv.amount.currency)} was due on ${formatDate(inv.dueDate)}.`,
    blocks: [
      { kind: 'p', text: `Invoice ${inv.number} for your reprint license ${licenseNumber(item)} was due on ${formatDate(inv.dueDate)} and is not paid yet. If it is still unpaid on ${formatDate(inv.suspendOn)}, the license is suspended and the licensed copy stops working until it is paid.`, strong: true },
      { kind: 'facts', rows: [['Invoice number', inv.number], ['Amount', formatMoney(inv.amount.minorUnits, inv.amount.currency)], ['Due date', formatDate(inv.dueDate)], ['Article', articleLine(article)]] },
      { kind: 'quote', label: 'How to pay', text: inv.paymentInstructions },
      { kind: 'button', label: 'Download the invoice (PDF)', url: input.invoiceUrl },
      { kind: 'link', label: 'See your request and license', url: input.statusUrl },
    ],
    requestId: item.requestId,
    footer: licenseeFooter(item),
  });
}

export function licenseSuspendedEmail(input: { item: RequestRecord; article: Article; invoiceUrl: string }): Email {
  const { item, article } = input;
  const inv = item.invoice!;
  return compose({
    subject: subjectOf(`Your reprint license ${licenseNumber(item)} is suspended: invoice ${inv.number} unpaid`),
    heading: 'Your reprint license is suspended',
    preheader: 'Pay the invoice to restore it.',
    blocks: [
      { kind: 'p', text: `Invoice ${inv.number} (${formatMoney(inv.amount.minorUnits, inv.amount.currency)}, due ${formatDate(inv.dueDate)}) is unpaid past the grace period, so license ${licenseNumber(item)} for ${quoted(article.headline)} is suspended. Please take the article down until the invoice is paid; paying it restores the license at once.`, strong: true },
      { kind: 'quote', label: 'How to pay', text: inv.paymentInstructions },
      { kind: 'button', label: 'Download the invoice (PDF)', url: input.invoiceUrl },
    ],
    requestId: item.requestId,
    footer: licenseeFooter(item),
  });
}

export function licenseRestoredEmail(input: { item: RequestRecord; article: Article }): Email {
  const { item, article } = input;
  const inv = item.invoice!;
  return compose({
    subject: subjectOf(`Invoice ${inv.number} paid: license ${licenseNumber(item)} is active again`),
    heading: 'Thank you: your license is active again',
    preheader: `Invoice ${inv.number} is paid.`,
    blocks: [
      { kind: 'p', text: `We have received the payment of invoice ${inv.number}. License ${licenseNumber(item)} for ${quoted(article.headline)} is active again, and the licensed copy works as before.` },
    ],
    requestId: item.requestId,
    footer: licenseeFooter(item),
  });
}

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
