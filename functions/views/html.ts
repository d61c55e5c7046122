/**
 * HTML building blocks shared by every page and every HTML email. Pure: no I/O, no AWS.
 *
 * Escaping is the default, not something a template author must remember: the `html` tagged
 * template escapes every interpolated value unless it is already `SafeHtml`, and the only way to
 * make `SafeHtml` from a string is the explicit (and greppable) `raw()`. Attribute values are
 * always written double-quoted, and `escapeHtml` escapes both quote characters, so a value can
 * never leave the attribute it was put in.
 */
import { createHash } from 'node:crypto';
import { formatMinorUnits } from '../domain/money.js';

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string { return this.value; }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

const entities: Record<string, string> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;',
};

/**
 * Text for element content (and, since both quotes are escaped, for double-quoted attributes).
 * Also drops what can only do harm in a page: C0/C1 controls other than tab and newline, and the
 * bidi override/isolate characters that make "gpj.exe" display as "exe.jpg". CR LF becomes LF, as
 * the HTML parser would do anyway.
 */
export function escapeHtml(value: string): string {
  return stripControls(value.replace(/\r\n?/g, '\n')).replace(/[&<>"'`]/g, (c) => entities[c] ?? c);
}

/**
 * A value for a double-quoted attribute. Same as escapeHtml plus newlines as character
 * references, so a multi-line value (a textarea's previous input in a data-* attribute, say)
 * survives the attribute-value normalisation browsers apply.
 */
export function escapeAttr(value: string): string {
  return escapeHtml(value).replace(/\n/g, '&#10;');
}

/** NUL and the other C0/C1 controls have no business in a page; they are also how some filters are fooled. */
function stripControls(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0008\u000B\u000C\u000D\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g, '');
}

/** Marks a string as already-safe HTML. Only for markup built here, never for data. */
export const raw = (markup: string): SafeHtml => new SafeHtml(markup);

function interpolate(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(interpolate).join('');
  return escapeHtml(String(value));
}

/** `html\`<p>${name}</p>\`` — every value escaped unless it is SafeHtml; arrays are joined. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((v, i) => { out += interpolate(v) + (strings[i + 1] ?? ''); });
  return new SafeHtml(out);
}

/** Joins fragments (already SafeHtml or escaped on the way in). */
export const join = (parts: readonly HtmlValue[], separator = ''): SafeHtml =>
  new SafeHtml(parts.map(interpolate).filter((s) => s !== '').join(escapeHtml(separator)));

/**
 * A URL that may go into href/src/action: http(s) URLs and same-site paths only. Anything else —
 * `javascript:`, `data:`, `vbscript:`, protocol-relative `//evil`, control characters that browsers
 * silently drop — becomes "#", so a stored URL can never run script when a person clicks it.
 */
export function safeUrl(url: string | undefined): string {
  if (!url) return '#';
  // Browsers strip tabs/newlines inside URLs ("java\nscript:"), so a URL containing them is refused outright.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001F\u007F\s]/.test(url.trim()) ) return '#';
  const u = url.trim();
  if (/^https?:\/\/[^/\\]/i.test(u)) return u;
  if (u.startsWith('/') && !u.startsWith('//') && !u.startsWith('/\\')) return u;
  if (u.startsWith('#') || u.startsWith('?')) return u;
  return '#';
}

// ---------------------------------------------------------------------------------------------
// Formatting for people. Written by hand (no Intl) so that output does not depend on the host's
// ICU data: the same request renders the same bytes in Lambda, on a laptop and in a test.

/** 25000 → "25,000". */
export function formatCount(n: number): string {
  const sign = n < 0 ? '-' : '';
  return sign + String(Math.abs(Math.trunc(n))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 120000, "USD" → "USD 1,200.00"; -2500 → "−USD 25.00". The ISO code rather than "$", which means several currencies. */
export function formatMoney(minorUnits: number, currency: string): string {
  const plain = formatMinorUnits(minorUnits, currency);
  const negative = plain.startsWith('-');
  const [whole = '0', fraction] = (negative ? plain.slice(1) : plain).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  // U+2212 MINUS SIGN: a hyphen before "USD" reads as a dash, and discount lines are negative.
  return `${negative ? '\u2212' : ''}${currency.toUpperCase()} ${grouped}${fraction !== undefined ? `.${fraction}` : ''}`;
}

const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2026-12-01" or an ISO timestamp → "December 1, 2026" (the calendar date in UTC). Unparseable input is returned as given. */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  if (iso.length > 10) {
    const t = Date.parse(iso);
    if (Number.isNaN(t)) return iso;
    return formatDate(new Date(t).toISOString().slice(0, 10));
  }
  const month = monthNames[Number(m[2]) - 1];
  return month ? `${month} ${Number(m[3])}, ${m[1]}` : iso;
}

/** An ISO timestamp → "December 1, 2026, 14:05 UTC". Staff compare these across time zones, so UTC is stated. */
/** A date as a date, a date-time with its time (UTC): embargoes and publication times may be either. */
export function formatWhen(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(value) : formatDateTime(value);
}

export function formatDateTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const d = new Date(t).toISOString();
  return `${formatDate(d.slice(0, 10))}, ${d.slice(11, 16)} UTC`;
}

// ---------------------------------------------------------------------------------------------
// The page layout and its Content-Security-Policy

export const cspHash = (content: string): string => `'sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}'`;

/** The house style: one stylesheet for every page, inlined so a page needs no second request. */
export const baseStyle = `
:root{--ink:#1b1f24;--muted:#535b66;--line:#d5d9e0;--bg:#f4f5f7;--card:#fff;--accent:#1f4e79;--accent-ink:#fff;
--accent-soft:#e8eff7;--ok:#1d6b3a;--ok-soft:#e7f4ec;--warn:#7a4b00;--warn-soft:#fdf3e1;--bad:#b3261e;--bad-soft:#fcebea;--focus:#f2b705}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;overflow-wrap:anywhere}
a{color:var(--accent);text-underline-offset:2px}
a:hover{text-decoration-thickness:2px}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px;border-radius:2px}
input:focus,input:focus-within,select:focus,textarea:focus{outline:3px solid var(--focus);outline-offset:1px}
.visually-hidden{position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.skip{position:absolute;left:.5rem;top:-4rem;background:var(--card);color:var(--accent);padding:.6rem 1rem;border:2px solid var(--accent);border-radius:6px;z-index:10}
.skip:focus{top:.5rem}
.site{background:var(--accent);color:var(--accent-ink)}
.site .bar{max-width:48rem;margin:0 auto;padding:.8rem 1rem;display:flex;align-items:baseline;gap:.75rem;flex-wrap:wrap}
.brand{font-weight:700;letter-spacing:.02em;font-size:1.05rem}
.tagline{opacity:.85;font-size:.9rem}
main{display:block;max-width:48rem;margin:0 auto;padding:1.25rem 1rem 3rem}
main:focus{outline:none}
h1{font-size:1.6rem;line-height:1.25;margin:.25rem 0 .75rem}
h2{font-size:1.2rem;line-height:1.3;margin:0 0 .6rem}
h3{font-size:1.02rem;margin:1rem 0 .4rem}
p{margin:0 0 .8rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:1.1rem 1.1rem 1rem;margin:0 0 1rem}
.eyebrow{color:var(--muted);font-size:.9rem;margin:0}
.meta{color:var(--muted);font-size:.95rem;margin:0}
.lede{font-size:1.05rem}
.muted{color:var(--muted)}
.small{font-size:.9rem}
dl.facts{display:grid;grid-template-columns:minmax(8rem,max-content) 1fr;gap:.35rem 1rem;margin:0}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0}
ul.plain{list-style:none;padding:0;margin:0}
ul.reasons{padding-left:1.2rem;margin:.25rem 0 .5rem}
ul.reasons li{margin:.3rem 0}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
.code{color:var(--muted);font-size:.82rem;display:block}
table.quote{width:100%;border-collapse:collapse;margin:.25rem 0 .5rem}
table.quote th,table.quote td{padding:.4rem 0;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
table.quote td.amount,table.quote th.amount{text-align:right;white-space:nowrap;padding-left:1rem}
table.quote tfoot th,table.quote tfoot td{font-weight:700;border-bottom:0}
.badge{display:inline-block;white-space:nowrap;overflow-wrap:normal;font-size:.85rem;font-weight:600;padding:.15rem .6rem;border-radius:999px;background:var(--accent-soft);color:var(--accent)}
.badge.ok{background:var(--ok-soft);color:var(--ok)}
.badge.warn{background:var(--warn-soft);color:var(--warn)}
.badge.bad{background:var(--bad-soft);color:var(--bad)}
.notice{border-left:4px solid var(--accent);background:var(--accent-soft);padding:.75rem 1rem;border-radius:6px;margin:0 0 1rem}
.notice.ok{border-color:var(--ok);background:var(--ok-soft)}
.notice.warn{border-color:#b7791f;background:var(--warn-soft)}
.notice.bad{border-color:var(--bad);background:var(--bad-soft)}
.notice p:last-child{margin-bottom:0}
blockquote.attribution{margin:.25rem 0 .75rem;padding:.75rem 1rem;background:var(--bg);border-radius:6px;border:1px dashed var(--line)}
.history li{padding:.45rem 0;border-bottom:1px solid var(--line)}
.history li:last-child{border-bottom:0}
form{margin:0}
fieldset{border:1px solid var(--line);border-radius:10px;margin:0 0 1rem;padding:.9rem 1.1rem 1rem;background:var(--card);min-width:0}
legend{font-weight:700;padding:0 .35rem;font-size:1.05rem}
fieldset fieldset{border:0;padding:0;margin:.25rem 0 .9rem;background:none}
fieldset fieldset legend{font-size:1rem;font-weight:600;padding:0;margin-bottom:.3rem}
.field{margin:0 0 .9rem}
.grid{display:grid;grid-template-columns:1fr;gap:0 1rem}
@media (min-width:40rem){.grid.two{grid-template-columns:1fr 1fr}}
label,.label{display:block;font-weight:600;margin:0 0 .2rem}
.hint{display:block;color:var(--muted);font-size:.9rem;margin:0 0 .3rem}
.optional{font-weight:400;color:var(--muted)}
input[type=text],input[type=email],input[type=number],input[type=date],input:not([type]),select,textarea{
display:block;width:100%;max-width:100%;font:inherit;color:inherit;background:#fff;border:1.5px solid #8a929c;border-radius:6px;padding:.55rem .65rem;min-height:2.75rem}
textarea{min-height:6rem;resize:vertical}
input.w-short{max-width:8rem}
input.w-medium{max-width:16rem}
input[aria-invalid=true],select[aria-invalid=true],textarea[aria-invalid=true]{border-color:var(--bad);border-width:2px}
.choice{display:flex;align-items:flex-start;gap:.55rem;margin:.3rem 0;font-weight:400}
.choice input{width:1.25rem;height:1.25rem;margin:.15rem 0 0;flex:none;accent-color:var(--accent)}
.error{color:var(--bad);font-weight:600;margin:.1rem 0 .3rem;font-size:.95rem}
.error-summary{border:3px solid var(--bad);border-radius:10px;background:var(--card);padding:1rem 1.1rem;margin:0 0 1rem}
.error-summary h2{color:var(--bad)}
.error-summary ul{margin:0;padding-left:1.2rem}
.error-summary a{color:var(--bad);font-weight:600}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;margin-top:.5rem}
button,.button{display:inline-block;font:inherit;font-weight:600;border-radius:6px;padding:.65rem 1.25rem;min-height:2.75rem;cursor:pointer;border:2px solid var(--accent);background:var(--accent);color:var(--accent-ink);text-decoration:none}
button:hover,.button:hover{filter:brightness(1.1)}
button.secondary,.button.secondary{background:#fff;color:var(--accent)}
button.danger{background:#fff;color:var(--bad);border-color:var(--bad)}
.live{border:1px solid var(--line);border-radius:10px;background:var(--card);padding:1rem 1.1rem;margin:0 0 1rem}
.live .price{font-size:1.5rem;font-weight:700;margin:.1rem 0 .3rem}
footer.site-footer{max-width:48rem;margin:0 auto;padding:0 1rem 2rem;color:var(--muted);font-size:.85rem}
@media (max-width:30rem){h1{font-size:1.35rem}dl.facts{grid-template-columns:1fr;gap:0}dl.facts dd{margin-bottom:.5rem}.actions button,.actions .button{width:100%}}
@media print{.site,.skip,form,footer.site-footer{display:none}body{background:#fff}.card{border:0}}
`.trim();

export interface PageInput {
  title: string;
  lang?: string;
  main: SafeHtml;
  /** The page's one inline script (JS source). Hashed into the CSP; must not contain "</script". */
  script?: string;
  /** Extra CSS appended to the shared stylesheet (still ONE <style> element, one hash). */
  style?: string;
  /** Image URLs the page shows (a licensed copy's photos): their origins, and only theirs, join img-src. */
  images?: readonly string[];
}

/** The http(s) origins of the given URLs, for a CSP source list; anything else is dropped. */
export function imageOrigins(urls: readonly string[]): string[] {
  const origins = new Set<string>();
  for (const u of urls) {
    try {
      const url = new URL(u);
      if (/^https?:$/.test(url.protocol)) origins.add(url.origin);
    } catch { /* not a URL: never a source */ }
  }
  return [...origins];
}

/**
 * The single layout of every page, and the CSP that allows exactly its own inline style and
 * script by hash: nothing injected into the page can run or restyle it, even if escaping failed
 * somewhere, and no attribute-level style/handler is ever needed.
 */
/** A page's `lang`: a well-formed BCP 47 tag as given, else English. */
export const pageLang = (lang: string | undefined): string => (/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(lang ?? '') ? lang! : 'en');

export function renderPage(input: PageInput): { html: string; csp: string } {
  const style = input.style ? `${baseStyle}\n${input.style}` : baseStyle;
  if (/<\/style/i.test(style)) throw new Error('inline style must not contain </style');
  const script = input.script;
  if (script !== undefined && /<\/script|<!--/i.test(script)) throw new Error('inline script must not contain </script or <!--');
  const lang = pageLang(input.lang);

  const page = html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${input.title} · Reprint Desk</title>
<style>${raw(style)}</style>
</head>
<body>
<a class="skip" href="#main">Skip to main content</a>
<header class="site"><div class="bar"><span class="brand">Reprint Desk</span><span class="tagline">Reprint and republication rights</span></div></header>
<main id="main" tabindex="-1">
${input.main}
</main>
<footer class="site-footer"><p>Reprint Desk handles reprint and republication permissions on behalf of the publication.</p></footer>
${script !== undefined ? raw(`<script>${script}</script>`) : ''}
</body>
</html>
`;

  const directives = [
    "default-src 'none'",
    `style-src ${cspHash(style)}`,
    ...(script !== undefined ? [`script-src ${cspHash(script)}`] : []),
    ["img-src 'self' data:", ...imageOrigins(input.images ?? [])].join(' '),
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ];
  return { html: page.value, csp: directives.join('; ') };
}
