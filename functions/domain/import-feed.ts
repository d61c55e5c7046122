/**
 * Bulk import (`desk import-feed FILE`): an RSS 2.0 or Atom feed with full text (`content:encoded`,
 * Atom `content`), a JSON Feed 1.1, or a ninjs file (one item, an array, or `{ "items": [...] }`),
 * read into one article record per item. Each item is validated on its own: a failing item is
 * reported with its reasons and never becomes a partial record. Parsing only: no I/O.
 *
 * Per item (RSS/Atom via rss-parser, JSON Feed by its field names):
 *   id           ← the last path segment of the item's link, when it is a valid id; else a hash of
 *                  its guid — stable across runs, so re-importing finds the same records;
 *   headline     ← title;  byline ← dc:creator / author(s);  publishedAt ← pubDate / published / date_published
 *                (the instant, in the feed's own offset, when it gives a time with a zone)
 *   body         ← content:encoded / content / content_html as paragraphs (content_text by blank lines)
 *   publication  ← --publication, else the feed's title;  copyright ← "© {year} {holder}. All rights reserved."
 *   section      ← the first category / tag;  canonicalUrl ← link;  images ← an image enclosure
 * ninjs items are mapped as PUT /articles/{id} maps them (domain/article-push.ts).
 */
import { createHash } from 'node:crypto';
import Parser from 'rss-parser';
import { articleIdSchema, articleSchema, type Article } from './article.js';
import { publicationTime } from './article-text.js';
import { htmlParagraphs, ninjsItemSchema, ninjsToRecord } from './article-push.js';
import { slugify } from './import-text.js';
import { illFormedPath } from './unicode.js';
import { wireDatelineCredit, wireName } from './page-text/recognise.js';
import './zod-english.js';

/** A feed file this size is a dump of a whole archive; split it. */
export const MAX_FEED_CHARS = 50_000_000;
export const MAX_FEED_ITEMS = 10_000;

export type FeedFormat = 'rss' | 'jsonfeed' | 'ninjs';

export interface FeedEntry {
  /** 1-based position in the file, for messages. */
  position: number;
  /** The item's own identifier (guid, id, uri), for messages. */
  label: string;
  result: { ok: true; article: Article } | { ok: false; reasons: string[] };
}

export type FeedRead = { ok: true; format: FeedFormat; title?: string; entries: FeedEntry[] } | { ok: false; error: string };

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
const dateOf = (v: unknown) => (typeof v === 'string' ? publicationTime(v) : undefined);

/** A stable id for an item: its link's last segment when that is a valid id, else a hash of its identity. */
export function feedItemId(link: string | undefined, identity: string | undefined, headline: string, date: string): string {
  try {
    const last = link ? new URL(link).pathname.split('/').filter(Boolean).pop()?.replace(/\.[a-z]{2,5}$/i, '') : undefined;
    if (last && last.length >= 3 && articleIdSchema.safeParse(last).success) return last;
  } catch { /* not a URL: fall through */ }
  if (identity) return `feed-${createHash('sha256').update(identity).digest('hex').slice(0, 20)}`;
  return slugify(headline, date);
}

const reasonsOf = (issues: readonly { path: PropertyKey[]; message: string }[]) =>
  issues.map((i) => `${i.path.length ? `${i.path.map(String).join('.')}: ` : ''}${i.message}`);

function recordEntry(position: number, label: string, candidate: Record<string, unknown>): FeedEntry {
  const illFormed = illFormedPath(candidate);
  if (illFormed) return { position, label, result: { ok: false, reasons: [`${illFormed.join('.')}: not well-formed Unicode (a lone surrogate)`] } };
  const parsed = articleSchema.safeParse(candidate);
  return { position, label, result: parsed.success ? { ok: true, article: parsed.data } : { ok: false, reasons: reasonsOf(parsed.error.issues) } };
}

interface ItemFields {
  link?: string; identity?: string; title?: string; date?: string; authors: string[]; html?: string; text?: string;
  category?: string; image?: string;
}

function itemRecord(f: ItemFields, publication: { name: string; copyrightHolder: string }): Record<string, unknown> {
  const headline = collapse(f.title ?? '');
  const publishedAt = f.date ?? '';
  const body = f.html !== undefined ? htmlParagraphs(f.html) : (f.text ?? '').split(/\n\s*\n/).map(collapse).filter(Boolean);
  const wire = f.authors.map(wireName).find(Boolean) ?? (body[0] ? wireDatelineCredit(body[0]) : undefined);
  const holder = wire ?? publication.copyrightHolder;
  let canonicalUrl: string | undefined;
  try { canonicalUrl = f.link && /^https?:$/.test(new URL(f.link).protocol) ? new URL(f.link).href : undefined; } catch { canonicalUrl = undefined; }
  return {
    id: feedItemId(f.link, f.identity, headline, publishedAt.slice(0, 10)),
    headline,
    byline: f.authors.filter((a) => !wireName(a)).map((name) => ({ name: collapse(name) })),
    publication,
    publishedAt,
    ...(f.category ? { section: collapse(f.category).slice(0, 100) } : {}),
    ...(canonicalUrl ? { canonicalUrl } : {}),
    body,
    ...(f.image ? { images: [{ href: f.image, ...(wire ? { rightsOwner: 'third-party' } : {}) }] } : {}),
    copyright: `© ${publishedAt.slice(0, 4)} ${holder}${/\.$/.test(holder) ? '' : '.'} All rights reserved.`,
    rights: wire ? { owner: 'third-party', source: wire } : { owner: 'publisher' },
  };
}

const splitAuthors = (s: string | undefined) => (s ? s.replace(/^by\s+/i, '').split(/\s*(?:,|;|&|\band\b)\s*/i).map(collapse).filter(Boolean) : []);

export async function readFeed(content: string, opts: { publication?: string } = {}): Promise<FeedRead> {
  if (content.length > MAX_FEED_CHARS) return { ok: false, error: `the file is ${(content.length / 1e6).toFixed(0)} million characters; split it into files of at most ${MAX_FEED_CHARS / 1e6} million` };
  const head = content.trimStart();
  if (head.startsWith('{') || head.startsWith('[')) return readJson(content, opts);
  if (!head.startsWith('<')) return { ok: false, error: 'not a feed: expected RSS 2.0 or Atom XML, a JSON Feed, or ninjs JSON' };

  type Extra = { 'content:encoded'?: string; 'dc:creator'?: string; author?: string; id?: string; published?: string };
  let feed: Parser.Output<Extra> & { copyright?: string };
  try {
    feed = await new Parser<{ copyright?: string }, Extra>({ customFields: { feed: ['copyright'], item: ['content:encoded', 'dc:creator', 'author', 'id', 'published'] } }).parseString(content);
  } catch (e) {
    return { ok: false, error: `not a readable RSS or Atom feed (${collapse(String((e as Error).message ?? e)).slice(0, 120)})` };
  }
  if (feed.items.length > MAX_FEED_ITEMS) return { ok: false, error: `the feed has ${feed.items.length} items; split it into files of at most ${MAX_FEED_ITEMS}` };
  const name = collapse(opts.publication ?? feed.title ?? '');
  const copyrightHolder = collapse((feed.copyright ?? '').replace(/^(?:copyright\s*)?(?:©|\(c\))?\s*(?:\d{4}\s*)?/i, '').replace(/\.?\s*all rights reserved\.?$/i, '')) || name;
  const entries = feed.items.map((item, i) => {
    const enclosure = item.enclosure?.type?.startsWith('image/') ? item.enclosure.url : undefined;
    const fields: ItemFields = {
      link: item.link, identity: item.guid ?? item.id ?? item.link, title: item.title,
      // Atom's `published` as written (rss-parser turns it into UTC); RSS `pubDate` keeps its own zone.
      date: dateOf(item.published) ?? dateOf(item.pubDate) ?? dateOf(item.isoDate),
      authors: splitAuthors(item['dc:creator'] ?? item.creator ?? (typeof item.author === 'string' ? item.author : undefined)),
      html: item['content:encoded'] ?? item.content,
      category: item.categories?.map((c) => (typeof c === 'string' ? c : (c as { _?: string })?._ ?? '')).find(Boolean),
      image: enclosure,
    };
    return recordEntry(i + 1, fields.identity ?? `item ${i + 1}`, itemRecord(fields, { name, copyrightHolder }));
  });
  return { ok: true, format: 'rss', title: feed.title, entries };
}

function readJson(content: string, opts: { publication?: string }): FeedRead {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch (e) {
    return { ok: false, error: `not valid JSON (${(e as Error).message})` };
  }
  const obj = data as Record<string, unknown>;
  if (obj && typeof obj === 'object' && !Array.isArray(obj) && typeof obj.version === 'string' && obj.version.startsWith('https://jsonfeed.org/version/')) {
    const items = Array.isArray(obj.items) ? obj.items as Record<string, unknown>[] : [];
    if (items.length > MAX_FEED_ITEMS) return { ok: false, error: `the feed has ${items.length} items; split it into files of at most ${MAX_FEED_ITEMS}` };
    const name = collapse(opts.publication ?? (typeof obj.title === 'string' ? obj.title : ''));
    const feedAuthors = Array.isArray(obj.authors) ? obj.authors as { name?: string }[] : [];
    const entries = items.map((raw, i) => {
      const item = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
      const str = (k: string) => (typeof item[k] === 'string' ? item[k] as string : undefined);
      const authors = (Array.isArray(item.authors) ? item.authors as { name?: unknown }[] : feedAuthors)
        .map((a) => (typeof a?.name === 'string' ? a.name : '')).filter(Boolean);
      const tags = Array.isArray(item.tags) ? item.tags.filter((t): t is string => typeof t === 'string') : [];
      const fields: ItemFields = {
        link: str('url'), identity: str('id') ?? str('url'), title: str('title'), date: dateOf(str('date_published') ?? str('date_modified')),
        authors, html: str('content_html'), text: str('content_text'), category: tags[0], image: str('image'),
      };
      return recordEntry(i + 1, fields.identity ?? `item ${i + 1}`, itemRecord(fields, { name, copyrightHolder: name }));
    });
    return { ok: true, format: 'jsonfeed', title: typeof obj.title === 'string' ? obj.title : undefined, entries };
  }
  const list = Array.isArray(data) ? data : Array.isArray(obj?.items) ? obj.items as unknown[] : [data];
  if (list.length > MAX_FEED_ITEMS) return { ok: false, error: `the file has ${list.length} items; split it into files of at most ${MAX_FEED_ITEMS}` };
  const name = collapse(opts.publication ?? '');
  if (!name) return { ok: false, error: 'a ninjs file names no publication: give it with --publication "NAME"' };
  const entries = list.map((raw, i): FeedEntry => {
    const item = ninjsItemSchema.safeParse(raw);
    const label = typeof (raw as { uri?: unknown })?.uri === 'string' ? (raw as { uri: string }).uri : `item ${i + 1}`;
    if (!item.success) return { position: i + 1, label, result: { ok: false, reasons: reasonsOf(item.error.issues) } };
    const headline = item.data.headlines?.[0]?.value ?? item.data.headline ?? '';
    const id = feedItemId(item.data.uri, item.data.uri, headline, dateOf(item.data.firstcreated)?.slice(0, 10) ?? '');
    return recordEntry(i + 1, label, ninjsToRecord(item.data, { id, publicationName: name }));
  });
  return { ok: true, format: 'ninjs', entries };
}
