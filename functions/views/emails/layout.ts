/**
 * What every email shares; each message is its own module beside this one, a pure function of
 * plain data → { subject, text, html }.
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
import type { Article } from '../../domain/article.js';
import { type Quote, type Reason } from '../../domain/policy.js';
import type { RequestRecord } from '../../domain/request-record.js';
import { displayStateOf, stateTable } from '../../domain/status-display.js';
import { formatCount, formatDate, formatMoney, html, raw, safeUrl, type SafeHtml } from '../html.js';
import { audienceMeaning, labelOf, languageLabel, organizationTypeLabels, staffReasonText, territoriesLabel, useTypeLabels } from '../labels.js';

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

export const shorten = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1).trimEnd()}…` : s);

/**
 * A subject line: one line, at most 200 characters. A trailing "[reference]" part is kept whole
 * whatever the length of the rest, since staff search their mail by it.
 */
export function subjectOf(...parts: string[]): string {
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
export function wrap(text: string, first: string, rest: string, width = WIDTH): string[] {
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

export const quoted = (headline: string) => `“${shorten(oneLine(headline), 90)}”`;

// ---------------------------------------------------------------------------------------------
// Blocks and the two renderers

export type Block =
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

export function compose(c: Composed): Email {
  return { subject: c.subject, text: renderText(c), html: renderHtml(c) };
}

// ---------------------------------------------------------------------------------------------
// Shared content

export const useLabel = (item: RequestRecord) => labelOf(useTypeLabels, item.request.use.type);

export function articleLine(article: Article): string {
  const by = article.byline.map((b) => b.name);
  return `${article.headline} (${article.publication.name}, ${formatDate(article.publishedAt)}${by.length ? `, by ${by.join(', ')}` : ''})`;
}

/** The request's state, in the one table of states' words (a withdrawn article wins over "Licensed"). */
export const stateRow = (item: RequestRecord, article?: Article) =>
  ['Status', stateTable[displayStateOf(item, { articleWithdrawn: article?.pubstatus === 'canceled' })].label] as const;

/** The request as rows; the requester's start with its state. */
export function requestRows(item: RequestRecord, forStaff: boolean, article?: Article): (readonly [string, string])[] {
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
    ...(item.request.licenseeDomains?.length ? [['Sites', item.request.licenseeDomains.join(', ')] as const] : []),
    ['Reference', item.requestId],
  ];
}

export const reasonItems = (reasons: readonly Reason[]) => reasons.map((r) => `${r.message} (${r.code})`);

/** Policy notes as the rights staff read them: the same reasons, not the sentences written to the requester. */
export const staffReasonItems = (item: RequestRecord) => item.reasons.map((r) => `${staffReasonText(r, item)} (${r.code})`);

export const notesBlock = (item: RequestRecord): Block[] =>
  item.request.notes?.trim() ? [{ kind: 'quote', label: 'Notes from the requester', text: item.request.notes }] : [];

export const requesterFooter = (item: RequestRecord) =>
  `You receive this email because a reprint request was made with this address (${item.request.requester.email}).`;

export interface RequesterEmailInput { item: RequestRecord; article: Article; statusUrl: string }

export interface RequesterNoticeInput { item: RequestRecord; article: Article; statusUrl?: string; formUrl?: string }

export const licenseNumber = (item: RequestRecord) => item.license?.number ?? item.requestId;
export const licenseeFooter = (item: RequestRecord) =>
  `You receive this email because ${item.license?.licensee.organization ?? item.request.requester.organization} holds a reprint license (${licenseNumber(item)}).`;
