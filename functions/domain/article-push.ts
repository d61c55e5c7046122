/**
 * What a publisher's CMS may PUT to /articles/{articleId}: the desk's article record, or an IPTC
 * ninjs item (1.x field names such as `headline`, `body_html`, `byline`, or 2.x `headlines`,
 * `bodies`, `by`), each with the CMS's revision number. Both are zod schemas, so the OpenAPI
 * document is generated from the same definitions the handler validates with. Pure: no I/O.
 *
 * ninjs → article record (https://www.iptc.org/std/ninjs/userguide/):
 *   headline     ← headlines[role main, else first].value | headline
 *   byline       ← by | byline ("By A and B" split into people)
 *   body         ← bodies[text/html or text/plain] | body_html | body_text, as paragraphs
 *   publishedAt  ← firstcreated | contentcreated | versioncreated (the instant, in the publisher's offset, when it has a zone)
 *   pubstatus    ← pubstatus: usable → usable, withheld | canceled → canceled (licensees stop);
 *                  an ednote "Correction: …" → corrected, with the note as the correction
 *   canonicalUrl ← uri when it is an http(s) URL;  language ← language (primary subtag)
 *   section      ← subject(s) with rel "section";  copyrightHolder ← copyrightholder
 *   copyright    ← copyrightnotice, else "© {year} {holder}. All rights reserved."
 *   images       ← associations of type picture: a rendition's href, description as caption,
 *                  by as credit; a picture whose copyrightholder is not the article's is third-party
 *   revision     ← version (a whole number as a string)
 * The publication's name is the one the publisher key was issued for: ninjs names no publication.
 */
import * as z from 'zod/mini';
import { lazySchema } from './lazy-schema.js';
import { $ZodError } from 'zod/v4/core';
import { articleIdSchema, articleSchema, upTo, whole, type Article } from './article.js';
import { publicationTime } from './article-text.js';
import { illFormedPath } from './unicode.js';

export const revisionSchema = /* @__PURE__ */ lazySchema(() => whole().check(z.minimum(1), z.maximum(Number.MAX_SAFE_INTEGER),
  z.describe("The CMS's revision number of this article: a PUT with the stored revision and the same content is a no-op, an older one is refused (409).")));

/** The article record with the CMS's revision; `id`, when present, must be the path's. */
export const articlePushRecordSchema = /* @__PURE__ */ lazySchema(() => z.extend(articleSchema, {
  id: z.optional(articleIdSchema),
  revision: revisionSchema,
}).check(z.describe('An article record (the desk’s own format) with the CMS revision.')));

const text = /* @__PURE__ */ lazySchema(() => upTo(2_000_000));
const optionalUpTo = (max: number) => z.optional(upTo(max));
const valued = /* @__PURE__ */ lazySchema(() => z.object({ value: text, role: optionalUpTo(200), contenttype: optionalUpTo(200) }));
const rendition = /* @__PURE__ */ lazySchema(() => z.object({ href: optionalUpTo(2000), width: z.optional(z.number()), name: optionalUpTo(200) }));
const association = /* @__PURE__ */ lazySchema(() => z.object({
  type: optionalUpTo(50),
  uri: optionalUpTo(2000),
  renditions: z.optional(z.union([z.array(rendition), z.record(upTo(200), rendition)])),
  description_text: optionalUpTo(5000),
  descriptions: z.optional(z.array(valued).check(z.maxLength(20))),
  headline: optionalUpTo(1000),
  by: optionalUpTo(500),
  byline: optionalUpTo(500),
  copyrightholder: optionalUpTo(300),
}));
const subject = /* @__PURE__ */ lazySchema(() => z.object({ name: optionalUpTo(200), rel: optionalUpTo(100) }));

/** An IPTC ninjs item (1.x or 2.x field names), loose: unknown ninjs fields are accepted and ignored. */
export const ninjsItemSchema = /* @__PURE__ */ lazySchema(() => z.looseObject({
  uri: z.string().check(z.minLength(1), z.maxLength(2000)),
  type: z.optional(z.literal('text')),
  version: z.string().check(z.regex(/^\d{1,15}$/, 'the revision as a whole number, e.g. "3"')),
  versioncreated: optionalUpTo(100),
  firstcreated: optionalUpTo(100),
  contentcreated: optionalUpTo(100),
  pubstatus: z.optional(z.enum(['usable', 'withheld', 'canceled'])),
  headline: optionalUpTo(500),
  headlines: z.optional(z.array(valued).check(z.maxLength(20))),
  byline: optionalUpTo(1000),
  by: optionalUpTo(1000),
  body_text: z.optional(text),
  body_html: z.optional(text),
  bodies: z.optional(z.array(valued).check(z.maxLength(20))),
  language: optionalUpTo(35),
  copyrightholder: optionalUpTo(200),
  copyrightnotice: optionalUpTo(300),
  ednote: optionalUpTo(2000),
  subject: z.optional(z.array(subject).check(z.maxLength(100))),
  subjects: z.optional(z.array(subject).check(z.maxLength(100))),
  associations: z.optional(z.union([z.array(z.extend(association, { name: optionalUpTo(200) })).check(z.maxLength(50)), z.record(upTo(200), association)])),
}).check(z.describe('An IPTC ninjs item (1.x or 2.x field names); see the mapping in the API description.')));

export type NinjsItem = z.infer<typeof ninjsItemSchema>;

/** A ninjs item is told apart by its required `uri` and `version`; a record has neither. */
export const looksLikeNinjs = (body: unknown): boolean =>
  typeof body === 'object' && body !== null && !Array.isArray(body) && ('uri' in body || 'version' in body) && !('publication' in body);

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

/** HTML paragraphs without a DOM: tags out, entities of text decoded. Good enough for CMS body_html. */
export function htmlParagraphs(html: string): string[] {
  const decode = (s: string) => s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp|rsquo|lsquo|rdquo|ldquo|mdash|ndash|hellip);/gi, (_, e: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“', mdash: '—', ndash: '–', hellip: '…' };
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '';
    }
    return named[e.toLowerCase()] ?? '';
  });
  // Bounded tag patterns keep this linear on hostile input (no unbounded scan from every "<").
  const blocks = withoutScripts(html).split(/<\/?(?:p|div|blockquote|li|h[1-6]|br)\b[^<>]{0,2000}>/i);
  return blocks.map((b) => collapse(decode(b.replace(/<[^<>]{0,2000}>/g, ' ')))).filter(Boolean);
}

/** Drops <script> and <style> elements with their content, in one pass. */
function withoutScripts(html: string): string {
  const lower = html.toLowerCase();
  let out = '';
  let at = 0;
  const opening = /<(?:script|style)\b/g;
  for (;;) {
    opening.lastIndex = at;
    const found = opening.exec(lower);
    if (!found) return out + html.slice(at);
    const start = found.index;
    const tag = lower.startsWith('<script', start) ? 'script' : 'style';
    const close = lower.indexOf(`</${tag}`, start);
    out += `${html.slice(at, start)} `;
    if (close < 0) return out;
    const end = lower.indexOf('>', close);
    at = end < 0 ? html.length : end + 1;
  }
}

const textParagraphs = (s: string) => s.split(/\n\s*\n/).map(collapse).filter(Boolean);

function people(by: string | undefined): { name: string }[] {
  if (!by?.trim()) return [];
  return collapse(by).replace(/^by\s+/i, '').split(/\s*(?:,|;|&|\band\b)\s*/i).map((n) => n.trim()).filter(Boolean).slice(0, 20).map((name) => ({ name }));
}

function httpUrl(v: string | undefined): string | undefined {
  if (!v) return undefined;
  try {
    const u = new URL(v);
    return /^https?:$/.test(u.protocol) ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** Maps a ninjs item onto the article record (still to be validated by articleSchema). */
export function ninjsToRecord(item: NinjsItem, ctx: { id: string; publicationName: string }): Record<string, unknown> {
  const headline = (item.headlines?.find((h) => h.role === 'main') ?? item.headlines?.[0])?.value ?? item.headline;
  const htmlBody = item.bodies?.find((b) => /html/i.test(b.contenttype ?? ''))?.value ?? item.body_html;
  const plainBody = item.bodies?.find((b) => !/html/i.test(b.contenttype ?? ''))?.value ?? item.body_text;
  const body = htmlBody !== undefined ? htmlParagraphs(htmlBody) : plainBody !== undefined ? textParagraphs(plainBody) : [];
  const publishedAt = publicationTime(item.firstcreated) ?? publicationTime(item.contentcreated) ?? publicationTime(item.versioncreated);
  const copyrightHolder = item.copyrightholder?.trim() || ctx.publicationName;
  const correction = /^correction\s*:\s*/i.test(item.ednote ?? '') ? item.ednote!.replace(/^correction\s*:\s*/i, '').trim() : undefined;
  const section = [...(item.subject ?? []), ...(item.subjects ?? [])].find((s) => s.rel === 'section')?.name;
  const language = item.language?.toLowerCase().split(/[-_]/)[0];
  const associations = Array.isArray(item.associations) ? item.associations : Object.values(item.associations ?? {});
  const images = associations.filter((a) => a.type === 'picture').map((a) => {
    const renditions = Array.isArray(a.renditions) ? a.renditions : Object.values(a.renditions ?? {});
    const best = [...renditions].filter((r) => r.href).sort((x, y) => (y.width ?? 0) - (x.width ?? 0))[0];
    const caption = a.description_text ?? a.descriptions?.[0]?.value ?? a.headline;
    const credit = a.by ?? a.byline;
    return {
      href: best?.href ?? a.uri,
      ...(caption?.trim() ? { caption: collapse(caption) } : {}),
      ...(credit?.trim() ? { credit: collapse(credit) } : {}),
      ...(a.copyrightholder ? { rightsOwner: a.copyrightholder.trim() === copyrightHolder ? 'publisher' : 'third-party' } : {}),
    };
  });
  return {
    id: ctx.id,
    headline,
    byline: people(item.by ?? item.byline),
    publication: { name: ctx.publicationName, copyrightHolder },
    publishedAt,
    ...(section ? { section } : {}),
    ...(httpUrl(item.uri) ? { canonicalUrl: httpUrl(item.uri) } : {}),
    ...(language && /^[a-z]{2}$/.test(language) ? { language } : {}),
    body,
    ...(images.length ? { images } : {}),
    copyright: item.copyrightnotice?.trim() || `© ${(publishedAt ?? '').slice(0, 4)} ${copyrightHolder}${/\.$/.test(copyrightHolder) ? '' : '.'} All rights reserved.`,
    rights: { owner: 'publisher' },
    pubstatus: item.pubstatus === 'canceled' || item.pubstatus === 'withheld' ? 'canceled' : correction ? 'corrected' : 'usable',
    ...(correction ? { correction } : {}),
  };
}

/** The record a push asks to store, validated; or the zod error naming every failing field. */
export function pushedArticle(body: unknown, ctx: { id: string; publicationName: string }):
  | { ok: true; article: Article; revision: number }
  | { ok: false; error: $ZodError } {
  const illFormed = illFormedPath(body);
  if (illFormed) {
    return { ok: false, error: new $ZodError([{ code: 'custom', path: illFormed, message: 'not well-formed Unicode (a lone surrogate)', input: undefined }]) };
  }
  if (looksLikeNinjs(body)) {
    const item = ninjsItemSchema.safeParse(body);
    if (!item.success) return { ok: false, error: item.error };
    const record = articleSchema.safeParse(ninjsToRecord(item.data, ctx));
    return record.success ? { ok: true, article: record.data, revision: Number(item.data.version) } : { ok: false, error: record.error };
  }
  const record = articlePushRecordSchema.safeParse(body);
  if (!record.success) return { ok: false, error: record.error };
  const { revision, ...rest } = record.data;
  return { ok: true, article: { ...rest, id: ctx.id }, revision };
}

/** Stable JSON (keys sorted) — two pushes carry the same article when these are equal. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
