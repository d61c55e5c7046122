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
import * as z from 'zod';
import { articleSchema, type Article } from './article.js';
import { publicationTime } from './article-text.js';
import { illFormedPath } from './unicode.js';

export const revisionSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER)
  .describe("The CMS's revision number of this article: a PUT with the stored revision and the same content is a no-op, an older one is refused (409).");

/** The article record with the CMS's revision; `id`, when present, must be the path's. */
export const articlePushRecordSchema = articleSchema.extend({
  id: articleSchema.shape.id.optional(),
  revision: revisionSchema,
}).describe('An article record (the desk’s own format) with the CMS revision.');

const text = z.string().max(2_000_000);
const valued = z.object({ value: text, role: z.string().max(200).optional(), contenttype: z.string().max(200).optional() });
const rendition = z.object({ href: z.string().max(2000).optional(), width: z.number().optional(), name: z.string().max(200).optional() });
const association = z.object({
  type: z.string().max(50).optional(),
  uri: z.string().max(2000).optional(),
  renditions: z.union([z.array(rendition), z.record(z.string().max(200), rendition)]).optional(),
  description_text: z.string().max(5000).optional(),
  descriptions: z.array(valued).max(20).optional(),
  headline: z.string().max(1000).optional(),
  by: z.string().max(500).optional(),
  byline: z.string().max(500).optional(),
  copyrightholder: z.string().max(300).optional(),
});

/** An IPTC ninjs item (1.x or 2.x field names), loose: unknown ninjs fields are accepted and ignored. */
export const ninjsItemSchema = z.looseObject({
  uri: z.string().min(1).max(2000),
  type: z.literal('text').optional(),
  version: z.string().regex(/^\d{1,15}$/, 'the revision as a whole number, e.g. "3"'),
  versioncreated: z.string().max(100).optional(),
  firstcreated: z.string().max(100).optional(),
  contentcreated: z.string().max(100).optional(),
  pubstatus: z.enum(['usable', 'withheld', 'canceled']).optional(),
  headline: z.string().max(500).optional(),
  headlines: z.array(valued).max(20).optional(),
  byline: z.string().max(1000).optional(),
  by: z.string().max(1000).optional(),
  body_text: text.optional(),
  body_html: text.optional(),
  bodies: z.array(valued).max(20).optional(),
  language: z.string().max(35).optional(),
  copyrightholder: z.string().max(200).optional(),
  copyrightnotice: z.string().max(300).optional(),
  ednote: z.string().max(2000).optional(),
  subject: z.array(z.object({ name: z.string().max(200).optional(), rel: z.string().max(100).optional() })).max(100).optional(),
  subjects: z.array(z.object({ name: z.string().max(200).optional(), rel: z.string().max(100).optional() })).max(100).optional(),
  associations: z.union([z.array(association.extend({ name: z.string().max(200).optional() })).max(50), z.record(z.string().max(200), association)]).optional(),
}).describe('An IPTC ninjs item (1.x or 2.x field names); see the mapping in the API description.');

export const articlePushSchema = z.union([articlePushRecordSchema, ninjsItemSchema]);

export type ArticlePush = z.infer<typeof articlePushRecordSchema>;
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
  | { ok: false; error: z.ZodError } {
  const illFormed = illFormedPath(body);
  if (illFormed) {
    return { ok: false, error: new z.ZodError([{ code: 'custom', path: illFormed, message: 'not well-formed Unicode (a lone surrogate)', input: undefined }]) };
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
