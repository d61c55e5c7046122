/**
 * The licensed copy of an article, in every format a licensee can ask for — an HTML page, plain
 * text, JSON (IPTC ninjs field names) and the embed snippet to paste — and the answers a copy gives
 * when it cannot be served (expired, revoked, not yet started, article withdrawn). Pure: plain data in,
 * strings out; no I/O.
 *
 * Every format carries the same parts, built once by `copyModel`: headline, byline, date, the
 * paragraphs (or only the licensed excerpt, cut at a word boundary and marked), the correction note,
 * the attribution line, the copyright line, the license number and validity, the translation duty
 * where the use is a translation, and the canonical URL of the original — only when the article
 * record has one: a copy never claims a canonical link it does not know.
 *
 * Article text is data, never markup: everything goes through the escaping `html` template (HTML,
 * embed) or JSON.stringify (JSON); URLs through `safeUrl`. The copy page adds no script at all and
 * the layout's CSP forbids any. Photos (`article.images`) appear only when the license includes
 * photos, the article's photos are not excluded, and the photo's own rights allow it: a third-party
 * photo (an agency's picture) is never served. The page's CSP admits exactly those photos' origins.
 */
import { isAiUse, type Article } from '../domain/article.js';
import { articleUri, instantIso } from '../domain/article-text.js';
import { rightsMlPolicy } from '../domain/license.js';
import type { LicenseRecord } from '../domain/request-record.js';
import { escapeAttr, formatCount, formatDate, html, raw, renderPage, safeUrl, type SafeHtml } from './html.js';
import { labelOf, languageLabel, territoriesLabel, useTypeLabels } from './labels.js';

export type Page = { html: string; csp: string };
export type CopyFormat = 'html' | 'text' | 'json';
export const copyFormats: readonly CopyFormat[] = ['html', 'text', 'json'];

/** The marker that ends a cut excerpt, in every format. */
export const ELLIPSIS = '[…]';

/** The language of the desk's own words on a copy page (headings, license box). */
const PAGE_LANGUAGE = 'en';

/** The IPTC ninjs version the JSON copy follows (validated against IPTC's schema in the tests). */
export const NINJS_STANDARD = { name: 'ninjs', version: '2.2', schema: 'http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json' } as const;

/** ODRL 2.2 (the vocabulary RightsML profiles): the rights expression language of `rightsinfo`. */
const ODRL_LANGID = 'http://www.w3.org/ns/odrl/2/';

// ---------------------------------------------------------------------------------------------
// The parts of a copy

/**
 * The canonical URL of the original: the article's own, or undefined when the record has none (an
 * article imported from pasted text without `--canonical-url`). Nothing stands in for it: a copy
 * that pointed search engines at some other page would claim what nobody knows.
 */
export function canonicalUrlOf(article: Pick<Article, 'canonicalUrl'>): string | undefined {
  return article.canonicalUrl && safeUrl(article.canonicalUrl) !== '#' ? article.canonicalUrl : undefined;
}

/** For a `Link:` header: the URL as the URL parser serialises it (percent-encoded, no `<`, `>`, spaces). */
export function linkHeaderUrl(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return encodeURI(url);
  }
}

/**
 * The first `words` words of the paragraphs, cut at a word boundary (whitespace never splits a word;
 * punctuation stays with its word). `truncated` is true when anything was left out; the last kept
 * paragraph then ends with the ellipsis marker.
 */
export function excerptParagraphs(paragraphs: readonly string[], words: number): { paragraphs: string[]; truncated: boolean; words: number } {
  const limit = Math.max(0, Math.floor(words));
  const out: string[] = [];
  let used = 0;
  for (const [i, p] of paragraphs.entries()) {
    const tokens = p.trim().split(/\s+/u).filter(Boolean);
    if (!tokens.length) continue;
    if (used + tokens.length <= limit) {
      out.push(p.trim());
      used += tokens.length;
      if (used === limit) {
        const rest = paragraphs.slice(i + 1).some((q) => q.trim());
        if (rest && out.length) out[out.length - 1] = `${out[out.length - 1]} ${ELLIPSIS}`;
        return { paragraphs: out, truncated: rest, words: used };
      }
      continue;
    }
    const take = limit - used;
    if (take > 0) out.push(`${tokens.slice(0, take).join(' ')} ${ELLIPSIS}`);
    else if (out.length) out[out.length - 1] = `${out[out.length - 1]} ${ELLIPSIS}`;
    return { paragraphs: out, truncated: true, words: used + Math.max(0, take) };
  }
  return { paragraphs: out, truncated: false, words: used };
}

export const bylineText = (article: Article): string => {
  const names = article.byline.map((b) => b.name);
  if (!names.length) return article.publication.name;
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
};

export interface CopyInput {
  license: LicenseRecord;
  article: Article;
  /** The article's revision (bumped on every import). */
  revision: number;
  /** When that revision was imported (ninjs `versioncreated`). */
  importedAt: string;
  baseUrl: string;
}

export interface CopyModel {
  headline: string;
  byline: string;
  date: string;
  publishedAt: string;
  paragraphs: string[];
  excerpt?: { words: number; truncated: boolean };
  correction?: string;
  attribution: string;
  copyright: string;
  licenseNumber: string;
  validity: string;
  scopeLine: string;
  translationDuty?: string;
  /** The copy's own AI terms: what AI use this license covers — none unless it is an AI license. */
  aiTerms: string;
  photos: string;
  /** The photos this license may show (see licensedImages). */
  images: LicensedImage[];
  canonicalUrl?: string;
  publication: string;
  /** ISO 639-1 code of the article's language, when the record states it. */
  language?: string;
}

export interface LicensedImage { href: string; caption?: string; credit?: string }

/** The article's photos a license may show: only with includePhotos, never excluded ones, never third-party ones. */
export function licensedImages(article: Article, license: Pick<LicenseRecord, 'scope'>): LicensedImage[] {
  if (!license.scope.includePhotos || article.rights.photosExcluded || article.rights.owner === 'third-party') return [];
  return (article.images ?? []).filter((i) => i.rightsOwner !== 'third-party' && /^https?:\/\//i.test(i.href))
    .map((i) => ({ href: i.href, ...(i.caption ? { caption: i.caption } : {}), ...(i.credit ? { credit: i.credit } : {}) }));
}

/** The AI terms a copy carries: none unless the license is for an AI use, and then only that use, for the licensee. */
export function aiTermsOf(license: Pick<LicenseRecord, 'scope' | 'licensee'>): string {
  if (!isAiUse(license.scope.use)) return 'None: this license covers no AI use — no training, and no retrieval or grounding.';
  return license.scope.use === 'ai-training'
    ? `AI training only (training or fine-tuning models), by ${license.licensee.organization}; no retrieval or grounding.`
    : `AI retrieval only (retrieval, grounding, generated answers), by ${license.licensee.organization}; no training.`;
}

export function copyModel(input: CopyInput): CopyModel {
  const { license, article } = input;
  const excerpt = license.scope.extent === 'excerpt' && license.scope.excerptWords !== undefined
    ? excerptParagraphs(article.body, license.scope.excerptWords) : undefined;
  const correction = article.correction?.trim() || (article.pubstatus === 'corrected' ? 'This article has been corrected since it was first published.' : undefined);
  const translation = license.scope.use === 'translation';
  const canonicalUrl = canonicalUrlOf(article);
  const original = article.language ? languageLabel(article.language) : 'the original language';
  const images = licensedImages(article, license);
  return {
    headline: article.headline,
    byline: bylineText(article),
    date: formatDate(article.publishedAt),
    publishedAt: article.publishedAt,
    paragraphs: excerpt ? excerpt.paragraphs : article.body.map((p) => p.trim()).filter(Boolean),
    ...(excerpt ? { excerpt: { words: excerpt.words, truncated: excerpt.truncated } } : {}),
    ...(correction ? { correction } : {}),
    attribution: license.attribution,
    copyright: article.copyright,
    licenseNumber: license.number,
    validity: `${formatDate(license.validFrom)} to ${formatDate(license.validUntil)}`,
    scopeLine: [
      labelOf(useTypeLabels, license.scope.use),
      `${formatCount(license.scope.audience)} audience`,
      territoriesLabel(license.scope.territories),
      languageLabel(license.scope.language),
      license.scope.extent === 'excerpt' ? `excerpt of up to ${formatCount(license.scope.excerptWords ?? 0)} words` : 'full text',
    ].join(' · '),
    ...(translation ? {
      translationDuty: `This is the original text. The license covers a translation from ${original} into ${languageLabel(license.scope.language)}: publish the translation only, faithful to the original, and state that it is a translation, with the attribution line.`,
    } : {}),
    aiTerms: aiTermsOf(license),
    photos: !license.scope.includePhotos
      ? 'Text only: photos and other images are not part of this license.'
      : images.length
        ? `${images.length === 1 ? 'The photo is' : `${images.length} photos are`} licensed with this text; keep ${images.length === 1 ? 'its caption and credit line' : 'their captions and credit lines'}.`
        : 'Photos are licensed with this text, but this article has no photo the license can include.',
    images,
    ...(canonicalUrl ? { canonicalUrl } : {}),
    publication: article.publication.name,
    ...(article.language ? { language: article.language } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// HTML page

const copyStyle = `
.copy h1{font-size:1.8rem;margin-top:.5rem}
.copy .byline{font-weight:600;margin:0}
.copy .body p{font-size:1.06rem;line-height:1.65}
.copy .attribution{font-style:italic}
.copy figure.photo{margin:1rem 0}
.copy figure.photo img{max-width:100%;height:auto}
.copy figure.photo figcaption{font-size:.9rem}
.license-box dl.facts{font-size:.95rem}
`.trim();

/** Adds `<link rel="canonical">` to a rendered page's head (the layout has no slot for it) when the URL is known. */
function withCanonical(page: Page, canonicalUrl: string | undefined): Page {
  if (!canonicalUrl) return page;
  const link = `<link rel="canonical" href="${escapeAttr(safeUrl(canonicalUrl))}">\n`;
  const at = page.html.indexOf('</head>');
  return at < 0 ? page : { ...page, html: `${page.html.slice(0, at)}${link}${page.html.slice(at)}` };
}

/** ` lang="…"` for an element holding article text, when the record states the language. */
const langAttr = (language: string | undefined) => (language ? raw(` lang="${escapeAttr(language)}"`) : '');

function articleHtml(m: CopyModel): SafeHtml {
  return html`<article class="copy"${langAttr(m.language)}>
<p class="eyebrow">${m.publication}</p>
<h1>${m.headline}</h1>
<p class="byline">By ${m.byline}</p>
<p class="meta"><time datetime="${m.publishedAt}">${m.date}</time></p>
${m.correction ? html`<div class="notice warn"><p><strong>Correction:</strong> ${m.correction}</p></div>` : ''}
<div class="body">
${m.paragraphs.map((p) => html`<p>${p}</p>\n`)}
</div>
${m.images.map((i) => html`<figure class="photo"><img src="${safeUrl(i.href)}" alt="${i.caption ?? ''}" loading="lazy" referrerpolicy="no-referrer">${i.caption || i.credit ? html`<figcaption>${i.caption ?? ''}${i.credit ? html` <span class="credit">${i.caption ? '— ' : ''}${i.credit}</span>` : ''}</figcaption>` : ''}</figure>\n`)}
${m.excerpt?.truncated ? html`<p class="muted small">Excerpt: the first ${formatCount(m.excerpt.words)} words, as licensed. ${ELLIPSIS} marks the cut.</p>` : ''}
<blockquote class="attribution">${m.attribution}</blockquote>
<p class="small">${m.copyright}</p>
${m.canonicalUrl ? html`<p class="small">Original: <a href="${safeUrl(m.canonicalUrl)}">${m.canonicalUrl}</a></p>` : ''}
</article>`;
}

/** What the embed's pixel has counted: shown to the licensee on the copy page. */
export interface CopyViews { views: number; referrers: readonly unknown[] }

function viewsLine(usage: CopyViews): string {
  if (usage.views === 0) return 'No views counted yet.';
  const pages = usage.referrers.length;
  return `${formatCount(usage.views)} ${usage.views === 1 ? 'view' : 'views'} counted so far${pages ? `, on ${formatCount(pages)} ${pages === 1 ? 'page' : 'pages'}` : ''}.`;
}

function licenseBox(m: CopyModel, license: LicenseRecord): SafeHtml {
  return html`<section class="card license-box" aria-labelledby="license-h">
<h2 id="license-h">License ${m.licenseNumber}</h2>
${m.translationDuty ? html`<div class="notice"><p><strong>Translation:</strong> ${m.translationDuty}</p></div>` : ''}
<dl class="facts">
<dt>Licensed to</dt><dd>${license.licensee.organization}</dd>
<dt>Valid</dt><dd>${m.validity}</dd>
<dt>Scope</dt><dd>${m.scopeLine}</dd>
<dt>Photos</dt><dd>${m.photos}</dd>
<dt>AI use</dt><dd>${m.aiTerms}</dd>
</dl>
${license.conditions.length ? html`<h3>Conditions</h3><ul class="reasons">${license.conditions.map((c) => html`<li>${c}</li>`)}</ul>` : ''}
</section>`;
}

export function copyPage(input: CopyInput, links: { text: string; json: string; embed: string }): Page {
  const m = copyModel(input);
  const main = html`${licenseBox(m, input.license)}
<section class="card">
${articleHtml(m)}
</section>
<p class="small muted">Also as <a href="${safeUrl(links.text)}">plain text</a>, <a href="${safeUrl(links.json)}">JSON</a> or an <a href="${safeUrl(links.embed)}">embed snippet</a>. This page is for the licensee; it is not indexed by search engines.</p>`;
  return withCanonical(renderPage({ title: m.headline, main, style: copyStyle, lang: PAGE_LANGUAGE, images: m.images.map((i) => i.href) }), m.canonicalUrl);
}

// ---------------------------------------------------------------------------------------------
// Plain text

/** One line of text: line breaks and controls in data can never forge a line of ours. */
// eslint-disable-next-line no-control-regex
const line = (s: string) => s.replace(/\r\n|[\r\n\u0085\u2028\u2029]/g, ' ').replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g, '').trim();

export function copyText(input: CopyInput): string {
  const m = copyModel(input);
  const rule = '—'.repeat(20);
  return [
    line(m.headline),
    `By ${line(m.byline)}`,
    `${line(m.publication)}, ${m.date}`,
    '',
    ...(m.correction ? [`Correction: ${line(m.correction)}`, ''] : []),
    ...m.paragraphs.flatMap((p) => [line(p), '']),
    ...m.images.flatMap((i) => [`Photo: ${[i.caption, i.credit && `(${i.credit})`].filter(Boolean).map((x) => line(x!)).join(' ')} ${line(i.href)}`.replace(/: {2}/, ': '), '']),
    ...(m.excerpt?.truncated ? [`(Excerpt: the first ${formatCount(m.excerpt.words)} words, as licensed.)`, ''] : []),
    rule,
    line(m.attribution),
    line(m.copyright),
    ...(m.canonicalUrl ? [`Original: ${line(m.canonicalUrl)}`] : []),
    '',
    `License ${m.licenseNumber}, valid ${m.validity}`,
    `Scope: ${m.scopeLine}`,
    ...(m.translationDuty ? [`Translation: ${m.translationDuty}`] : []),
    `Photos: ${m.photos}`,
    `AI use: ${line(m.aiTerms)}`,
    ...input.license.conditions.map((c) => `- ${line(c)}`),
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// JSON: IPTC ninjs 2.2 (https://iptc.org/standards/ninjs/), nothing outside the standard. The license
// is stated where ninjs puts rights: `usageterms` in words, `rightsinfo` as the ODRL (RightsML)
// policy; its number is an `altids` entry, so a CMS can file the copy under it.

export function usageTerms(m: Pick<CopyModel, 'attribution' | 'licenseNumber' | 'validity' | 'translationDuty' | 'aiTerms'>, conditions: readonly string[]): string {
  return [`Licensed under ${m.licenseNumber}, valid ${m.validity}.`, ...conditions, `Attribution: ${m.attribution}`, ...(m.translationDuty ? [m.translationDuty] : []), `AI use: ${m.aiTerms}`].join(' ');
}

const bodyHtml = (paragraphs: readonly string[]) => paragraphs.map((p) => html`<p>${p}</p>`.value).join('\n');

/** The license, as ninjs `rightsinfo`: exactly one of linked or encoded rights (the schema's oneOf). */
export const ninjsRights = (license: LicenseRecord, article: Article, baseUrl: string) =>
  ({ langid: ODRL_LANGID, encodedrights: JSON.stringify(rightsMlPolicy(license, article, baseUrl)) });

export function copyJson(input: CopyInput) {
  const m = copyModel(input);
  const { license, article } = input;
  const text = m.paragraphs.join('\n\n');
  const notes = [
    ...(m.correction ? [`Correction: ${m.correction}`] : []),
    ...(m.excerpt?.truncated ? [`Excerpt: the first ${m.excerpt.words} words, as licensed.`] : []),
    m.photos,
  ];
  return {
    uri: articleUri({ id: article.id, canonicalUrl: m.canonicalUrl }),
    standard: NINJS_STANDARD,
    type: 'text',
    representationtype: m.excerpt?.truncated ? 'partial' : 'full',
    version: String(input.revision),
    versioncreated: input.importedAt,
    firstcreated: instantIso(article.publishedAt),
    // ninjs knows usable | withheld | canceled; a correction is a usable item with an editorial note.
    pubstatus: article.pubstatus === 'canceled' ? 'canceled' : 'usable',
    ...(article.language ? { language: article.language } : {}),
    headlines: [{ role: 'main', value: m.headline }],
    by: m.byline,
    ednote: notes.join(' '),
    bodies: [
      { role: 'main', contenttype: 'text/plain', value: text, wordcount: text.split(/\s+/u).filter((w) => w && w !== ELLIPSIS).length, charcount: text.length },
      { role: 'main', contenttype: 'text/html', value: bodyHtml(m.paragraphs) },
    ],
    ...(m.images.length ? {
      // ninjs 2.2 associations: one picture each, itself a ninjs object, with its caption and credit.
      associations: m.images.map((i, n) => ({
        name: `photo${n + 1}`, uri: i.href, type: 'picture', renditions: [{ name: 'original', href: i.href }],
        ...(i.caption ? { descriptions: [{ role: 'caption', value: i.caption }] } : {}), ...(i.credit ? { by: i.credit } : {}),
      })),
    } : {}),
    copyrightholder: article.publication.copyrightHolder,
    copyrightnotice: m.copyright,
    usageterms: usageTerms(m, license.conditions),
    rightsinfo: ninjsRights(license, article, input.baseUrl),
    altids: [{ role: 'license', value: license.number }],
    ...(article.section ? { subjects: [{ name: article.section, rel: 'section' }] } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// The embed snippet

export const pixelUrl = (baseUrl: string, licenseId: string) => `${baseUrl.replace(/\/+$/, '')}/licenses/${encodeURIComponent(licenseId)}/pixel.gif`;

/**
 * The HTML fragment a licensee pastes into their page: the copy, the attribution, the link to the
 * original and the 1×1 tracking pixel. No script and no inline style (the licensee's CSS applies).
 * Browsers send only the origin of a page to another site by default; the pixel's
 * `referrerpolicy="no-referrer-when-downgrade"` lets them send the page's address, so views count
 * per page. The pixel keeps origin and path only: any query string is dropped on arrival, unlogged.
 */
export function embedSnippet(input: CopyInput): string {
  const m = copyModel(input);
  const src = pixelUrl(input.baseUrl, input.license.licenseId);
  return html`<article class="reprintdesk-copy" data-license="${m.licenseNumber}"${langAttr(m.language)}>
<h1>${m.headline}</h1>
<p class="reprintdesk-byline">By ${m.byline}</p>
<p class="reprintdesk-date"><time datetime="${m.publishedAt}">${m.date}</time></p>
${m.correction ? html`<p class="reprintdesk-correction"><strong>Correction:</strong> ${m.correction}</p>\n` : ''}${m.paragraphs.map((p) => html`<p>${p}</p>\n`)}<p class="reprintdesk-attribution"><em>${m.attribution}</em></p>
<p class="reprintdesk-copyright">${m.copyright} License ${m.licenseNumber}.${m.canonicalUrl ? html` <a href="${safeUrl(m.canonicalUrl)}">Read the original</a>.` : ''}</p>
<img src="${safeUrl(src)}" alt="" width="1" height="1" referrerpolicy="no-referrer-when-downgrade">
</article>
`.value;
}

/** The `<head>` tag the licensee should add too (a snippet in the body cannot declare it). */
export const canonicalHeadTag = (canonicalUrl: string) => html`<link rel="canonical" href="${safeUrl(canonicalUrl)}">`.value;

export function embedPage(input: CopyInput, links: { raw: string; copy: string }, usage?: CopyViews, live?: SafeHtml): Page {
  const m = copyModel(input);
  const snippet = embedSnippet(input);
  const main = html`<p class="eyebrow">Embed snippet · License ${m.licenseNumber}</p>
<h1>${m.headline}</h1>
<p>Paste this HTML where the article should appear on your page. It carries the text, the attribution, ${m.canonicalUrl ? 'the link to the original ' : ''}and a 1×1 pixel that counts views of your copy for the publication (no cookies).${usage ? ` ${viewsLine(usage)}` : ''}</p>
<div class="field">
<label for="snippet">Article snippet</label>
<textarea id="snippet" rows="14" readonly spellcheck="false">${snippet}</textarea>
</div>
${m.canonicalUrl ? html`<div class="field">
<label for="head">In your page's &lt;head&gt;</label>
<span class="hint">Search engines then credit the original, as the license requires.</span>
<textarea id="head" rows="2" readonly spellcheck="false">${canonicalHeadTag(m.canonicalUrl)}</textarea>
</div>` : html`<p class="small muted">The publication has not given the original's web address, so there is no canonical link to add.</p>`}
${m.translationDuty ? html`<div class="notice"><p><strong>Translation:</strong> ${m.translationDuty}</p></div>` : ''}
${live ?? ''}
<p class="small muted">Valid ${m.validity}. The snippet alone, as plain text: <a href="${safeUrl(links.raw)}">raw snippet</a>. The licensed copy: <a href="${safeUrl(links.copy)}">HTML page</a>.</p>`;
  return withCanonical(renderPage({ title: `Embed: ${m.headline}`, main, style: copyStyle }), m.canonicalUrl);
}

// ---------------------------------------------------------------------------------------------
// When the copy cannot be served

export type Unavailable = 'expired' | 'revoked' | 'not-started' | 'suspended';

export interface UnavailableInput {
  reason: Unavailable;
  licenseNumber: string;
  headline: string;
  validFrom: string;
  validUntil: string;
  revokedReason?: string;
  renewUrl: string;
}

export function unavailableMessage(u: UnavailableInput): { title: string; detail: string } {
  switch (u.reason) {
    case 'expired':
      return { title: 'This license has expired', detail: `License ${u.licenseNumber} for “${line(u.headline)}” ended on ${formatDate(u.validUntil)}. The article must come down unless the license is renewed.` };
    case 'revoked':
      return { title: 'This license has been revoked', detail: `The publication revoked license ${u.licenseNumber} for “${line(u.headline)}”${u.revokedReason ? ` (${line(u.revokedReason)})` : ''}. Please remove the article.` };
    case 'suspended':
      return { title: 'This license is suspended: its invoice is unpaid', detail: `The invoice for license ${u.licenseNumber} (“${line(u.headline)}”) is unpaid past its due date and grace period, so the license is suspended and the article must not run. Paying the invoice restores the license and this copy at once; the invoice is linked from the license email and the request's status page.` };
    case 'not-started':
      return { title: 'This license has not started yet', detail: `License ${u.licenseNumber} for “${line(u.headline)}” starts on ${formatDate(u.validFrom)}; the licensed copy is available from that day (UTC).` };
  }
}

export function unavailablePage(u: UnavailableInput): Page {
  const { title, detail } = unavailableMessage(u);
  const main = html`<p class="eyebrow">License ${u.licenseNumber}</p>
<h1>${title}</h1>
<div class="notice ${u.reason === 'not-started' ? 'warn' : 'bad'}"><p>${detail}</p></div>
${u.reason === 'suspended' ? '' : html`<p><a class="button" href="${safeUrl(u.renewUrl)}">${u.reason === 'not-started' ? 'Request another license' : 'Renew: request a new license'}</a></p>`}`;
  return renderPage({ title, main });
}

export function unavailableText(u: UnavailableInput): string {
  const { title, detail } = unavailableMessage(u);
  return `${title}\n\n${detail}\n\nRenew: ${u.renewUrl}\n`;
}

export interface WithdrawnInput {
  license: LicenseRecord;
  article: Article;
  baseUrl: string;
}

export function withdrawnMessage(w: WithdrawnInput): { title: string; detail: string } {
  return {
    title: 'This article has been withdrawn',
    detail: `${line(w.article.publication.name)} has withdrawn “${line(w.article.headline)}”. Remove it from your website, newsletter or publication and do not run it again; license ${w.license.number} no longer covers it.`,
  };
}

export function withdrawnPage(w: WithdrawnInput): Page {
  const { title, detail } = withdrawnMessage(w);
  const main = html`<p class="eyebrow">Kill notice · License ${w.license.number}</p>
<h1>${title}</h1>
<div class="notice bad"><p><strong>${detail}</strong></p></div>
${w.article.correction ? html`<p><strong>Note from the publication:</strong> ${w.article.correction}</p>` : ''}`;
  return withCanonical(renderPage({ title, main }), canonicalUrlOf(w.article));
}

export function withdrawnText(w: WithdrawnInput): string {
  const { title, detail } = withdrawnMessage(w);
  return `KILL NOTICE — ${title}\n\n${detail}\n${w.article.correction ? `\nNote from the publication: ${line(w.article.correction)}\n` : ''}`;
}

/** ninjs with pubstatus canceled and no body: what a CMS pulling the JSON needs to take the copy down. */
export function withdrawnJson(w: WithdrawnInput & { revision: number; importedAt: string }) {
  const { title, detail } = withdrawnMessage(w);
  return {
    uri: articleUri({ id: w.article.id, canonicalUrl: canonicalUrlOf(w.article) }),
    standard: NINJS_STANDARD,
    type: 'text',
    version: String(w.revision),
    versioncreated: w.importedAt,
    pubstatus: 'canceled',
    ...(w.article.language ? { language: w.article.language } : {}),
    headlines: [{ role: 'main', value: w.article.headline }],
    ednote: `${title}. ${detail}${w.article.correction ? ` ${line(w.article.correction)}` : ''}`,
    copyrightholder: w.article.publication.copyrightHolder,
    copyrightnotice: w.article.copyright,
    usageterms: `License ${w.license.number} no longer covers this article: it has been withdrawn.`,
    rightsinfo: ninjsRights(w.license, w.article, w.baseUrl),
    altids: [{ role: 'license', value: w.license.number }],
  };
}

export function notFoundPage(): Page {
  return renderPage({ title: 'License not found', main: raw('<h1>This license was not found</h1>\n<p>The link is not valid: it may be incomplete. Copy the whole link from your license email.</p>') });
}
