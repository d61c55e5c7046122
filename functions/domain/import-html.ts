/**
 * HTML article importer (`desk import-article page.html --format html`, and auto-detected).
 *
 * A saved article page carries its metadata in machine-readable form, so nothing is guessed from
 * layout: first schema.org `NewsArticle` (or any `Article` subtype) JSON-LD, then OpenGraph and
 * `article:*` meta tags, then the document itself (`<title>`, `<html lang>`, `<link rel=canonical>`).
 * The body comes from Mozilla's Readability over a server-side DOM (linkedom), reduced to its
 * paragraphs; a paragraph that is only page furniture is dropped with the same phrase list the
 * plain-text importer uses. Pure: no I/O.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { articleSchema, type Article } from './article.js';
import { publicationTime } from './article-text.js';
import { slugify, type ParseOptions, type ParseResult } from './import-text.js';
import { classifyFurniture, parseByline, parseDateline, wireDatelineCredit, wireName } from './page-text/recognise.js';
import './zod-english.js';

/** Saved pages with inline scripts and styles run to a few megabytes at most. */
export const MAX_HTML_CHARS = 5_000_000;

type Json = Record<string, unknown>;

const ARTICLE_TYPES = /^(?:NewsArticle|Article|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|BackgroundNewsArticle|ReviewNewsArticle|AskPublicNewsArticle|BlogPosting|SatiricalArticle|Report|ScholarlyArticle|TechArticle|LiveBlogPosting)$/;

const asArray = <T>(v: T | T[] | undefined | null): T[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => {
  if (typeof v === 'string') return v.replace(/\s+/g, ' ').trim() || undefined;
  if (isObject(v)) return text(v.name ?? v['@value'] ?? v.text);
  if (Array.isArray(v)) return text(v[0]);
  return undefined;
};
const httpUrl = (v: unknown, base?: string): string | undefined => {
  const s = typeof v === 'string' ? v : isObject(v) ? (v.url ?? v['@id'] ?? v.contentUrl) : undefined;
  if (typeof s !== 'string' || !s.trim()) return undefined;
  try {
    const u = new URL(s.trim(), base);
    return /^https?:$/.test(u.protocol) ? u.href : undefined;
  } catch {
    return undefined;
  }
};
const isArticle = (node: Json): boolean => asArray(node['@type'] as string | string[]).some((t) => typeof t === 'string' && ARTICLE_TYPES.test(t));

/** Every JSON-LD node of the page, @graph and arrays flattened; unreadable blocks are skipped. */
export function jsonLdNodes(document: Document): Json[] {
  const nodes: Json[] = [];
  for (const script of Array.from(document.querySelectorAll('script[type="application/ld+json"]'))) {
    let data: unknown;
    try {
      data = JSON.parse(script.textContent ?? '');
    } catch {
      continue;
    }
    const queue = asArray(data as Json | Json[]);
    while (queue.length) {
      const node = queue.shift();
      if (!isObject(node)) continue;
      nodes.push(node);
      queue.push(...asArray(node['@graph'] as Json[]));
    }
  }
  return nodes;
}

export interface HtmlMetadata {
  headline?: string;
  authors: { name: string; organization: boolean }[];
  datePublished?: string;
  dateModified?: string;
  publisher?: string;
  copyrightHolder?: string;
  canonicalUrl?: string;
  section?: string;
  language?: string;
  images: NonNullable<Article['images']>;
  /** Where each field came from, for the importer's notes: 'json-ld' | 'meta' | 'document'. */
  sources: Record<string, 'json-ld' | 'meta' | 'document'>;
}

/** Metadata from JSON-LD, then OpenGraph / article meta tags, then the document. */
export function htmlMetadata(document: Document): HtmlMetadata {
  const meta = (...names: string[]): string | undefined => {
    for (const name of names) {
      const el = document.querySelector(`meta[property="${name}"], meta[name="${name}"], meta[itemprop="${name}"]`);
      const v = el?.getAttribute('content')?.replace(/\s+/g, ' ').trim();
      if (v) return v;
    }
    return undefined;
  };
  const metas = (name: string): string[] => Array.from(document.querySelectorAll(`meta[property="${name}"], meta[name="${name}"]`))
    .map((el) => el.getAttribute('content')?.trim() ?? '').filter(Boolean);
  const ld = jsonLdNodes(document).find(isArticle);
  const sources: HtmlMetadata['sources'] = {};
  const pick = <T>(field: string, fromLd: T | undefined, fromMeta: T | undefined, fromDoc?: T): T | undefined => {
    if (fromLd !== undefined) { sources[field] = 'json-ld'; return fromLd; }
    if (fromMeta !== undefined) { sources[field] = 'meta'; return fromMeta; }
    if (fromDoc !== undefined) { sources[field] = 'document'; return fromDoc; }
    return undefined;
  };

  const linkCanonical = document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? undefined;
  const canonicalUrl = pick('canonicalUrl',
    httpUrl(ld?.mainEntityOfPage) ?? httpUrl(ld?.url),
    httpUrl(meta('og:url')),
    httpUrl(linkCanonical));

  const ldAuthors = asArray(ld?.author as unknown).map((a) => ({ name: text(a) ?? '', organization: isObject(a) && a['@type'] === 'Organization' }))
    .filter((a) => a.name);
  // article:author is often a profile URL; only a name counts.
  const metaAuthors = [...metas('article:author'), ...metas('author')].filter((a) => !/^https?:/i.test(a))
    .flatMap((a) => a.split(/\s*(?:,|\band\b|&)\s*/)).filter(Boolean).map((name) => ({ name, organization: false }));
  const authors = pick('authors', ldAuthors.length ? ldAuthors : undefined, metaAuthors.length ? metaAuthors : undefined) ?? [];

  const ldImages = asArray(ld?.image as unknown).map((img) => ({
    href: httpUrl(img, canonicalUrl),
    caption: isObject(img) ? text(img.caption ?? img.description) : undefined,
    credit: isObject(img) ? text(img.creditText ?? img.author ?? img.copyrightHolder) : undefined,
  }));
  const ogImages = metas('og:image').map((href, i) => ({ href: httpUrl(href, canonicalUrl), caption: i === 0 ? meta('og:image:alt') : undefined, credit: undefined }));
  const images = (pick('images', ldImages.some((i) => i.href) ? ldImages : undefined, ogImages.some((i) => i.href) ? ogImages : undefined) ?? [])
    .filter((i): i is { href: string; caption: string | undefined; credit: string | undefined } => !!i.href)
    .map((i) => ({ href: i.href, ...(i.caption ? { caption: i.caption } : {}), ...(i.credit ? { credit: i.credit } : {}) }));

  const lang = (v: string | undefined) => {
    const primary = v?.trim().toLowerCase().split(/[-_]/)[0];
    return primary && /^[a-z]{2}$/.test(primary) ? primary : undefined;
  };
  return {
    headline: pick('headline', text(ld?.headline) ?? text(ld?.name), meta('og:title', 'twitter:title'), text(document.querySelector('title')?.textContent)),
    authors,
    datePublished: pick('datePublished', text(ld?.datePublished), meta('article:published_time', 'datePublished', 'date', 'pubdate')),
    dateModified: pick('dateModified', text(ld?.dateModified), meta('article:modified_time', 'og:updated_time', 'dateModified')),
    publisher: pick('publisher', text(ld?.publisher), meta('og:site_name')),
    copyrightHolder: pick('copyrightHolder', text(ld?.copyrightHolder), meta('copyright', 'dcterms.rightsHolder')),
    canonicalUrl,
    section: pick('section', text(ld?.articleSection), meta('article:section')),
    language: pick('language', lang(text(ld?.inLanguage)), lang(meta('og:locale', 'language', 'content-language')), lang(document.documentElement?.getAttribute('lang') ?? undefined)),
    images,
    sources,
  };
}


/** The article text as paragraphs: Readability's content, each <p> (and quote or list item) once. */
export function readableParagraphs(html: string): { paragraphs: string[]; title?: string; byline?: string; siteName?: string } {
  const { document } = parseHTML(html);
  const result = new Readability(document as unknown as Document, { serializer: (node) => node, charThreshold: 200 }).parse();
  if (!result?.content) return { paragraphs: [] };
  const root = result.content as unknown as Element;
  const paragraphs: string[] = [];
  for (const el of Array.from(root.querySelectorAll('p, blockquote, li, h2, h3'))) {
    // A paragraph inside a quote or list item is taken with its parent, once.
    if (el.parentElement?.closest('p, blockquote, li')) continue;
    if (/^H[23]$/.test(el.tagName)) continue; // subheads are layout, not paragraphs
    if (el.closest('figure, figcaption, aside, nav, footer')) continue;
    const t = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (!t || classifyFurniture(t)) continue;
    paragraphs.push(t);
  }
  return { paragraphs, title: result.title ?? undefined, byline: result.byline ?? undefined, siteName: result.siteName ?? undefined };
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

export function parseArticleHtml(html: string, options: ParseOptions = {}): ParseResult & { metadata?: HtmlMetadata } {
  const fail = (error: string) => ({ ok: false as const, error: oneLine(error) });
  if (typeof html !== 'string' || !html.trim()) return fail('the input is empty');
  if (html.length > MAX_HTML_CHARS) return fail(`the page is ${(html.length / 1e6).toFixed(1)} million characters; a saved article page may have at most ${MAX_HTML_CHARS / 1e6} million`);
  if (html.includes('\u0000')) return fail('the input is binary data, not an HTML page');
  if (!/<[a-z!]/i.test(html.slice(0, 2000))) return fail('the input is not HTML; import it with --format text or --format json');

  const warnings: string[] = [];
  const { document } = parseHTML(html);
  const metadata = htmlMetadata(document as unknown as Document);
  const readable = readableParagraphs(html);
  const headline = options.headline?.trim() || metadata.headline || readable.title;
  // Readability keeps a byline or dateline set as a paragraph above the text: it is not text.
  const body = [...readable.paragraphs];
  while (body.length && (parseByline(body[0]!) || parseDateline(body[0]!) || body[0] === headline)) body.shift();
  if (!body.length) return fail('no article paragraphs found in the page');

  if (!headline) return fail('no headline found in the page (no JSON-LD headline, og:title or <title>); give it with --headline');
  const publishedAt = publicationTime(metadata.datePublished) ?? publicationTime(metadata.dateModified);
  if (!publishedAt) return fail('no publication date found in the page (no JSON-LD datePublished or article:published_time)');
  if (!metadata.datePublished) warnings.push(`no publication date found; used the modification date ${publishedAt}`);
  const publicationName = metadata.publisher ?? readable.siteName;
  if (!publicationName) return fail('no publication name found in the page (no JSON-LD publisher or og:site_name)');
  const copyrightHolder = metadata.copyrightHolder ?? publicationName;

  // Wire copy: an agency as the author (Organization) or a credit opening the text.
  let wire = metadata.authors.map((a) => wireName(a.name)).find(Boolean) ?? wireDatelineCredit(body[0]!);
  if (!wire && !metadata.authors.length && readable.byline) wire = parseByline(/^by\s/i.test(readable.byline) ? readable.byline : `By ${readable.byline}`)?.wire;
  if (wire && wire.toLowerCase().replace(/^the /, '') === publicationName.toLowerCase().replace(/^the /, '')) wire = undefined;
  // No author in the metadata: Readability's byline ("By Jane Doe and Omar Ruiz"), if it reads as one.
  const authors = metadata.authors.length ? metadata.authors
    : (parseByline(/^by\s/i.test(readable.byline ?? '') ? readable.byline! : `By ${readable.byline ?? ''}`)?.people ?? []).map((p) => ({ name: p.name, organization: false }));
  const byline = authors.filter((a) => !a.organization && !wireName(a.name) && a.name.toLowerCase() !== publicationName.toLowerCase())
    .map((a) => ({ name: a.name }));
  if (!byline.length && !wire) warnings.push('no author found');

  const year = publishedAt.slice(0, 4);
  const holder = wire ?? copyrightHolder;
  const candidate = {
    id: options.id ?? slugify(headline, publishedAt.slice(0, 10)),
    headline,
    byline,
    publication: { name: publicationName, copyrightHolder },
    publishedAt,
    ...(metadata.section ? { section: metadata.section.slice(0, 100) } : {}),
    ...(metadata.canonicalUrl ? { canonicalUrl: metadata.canonicalUrl } : {}),
    ...(metadata.language ? { language: metadata.language } : {}),
    body,
    ...(metadata.images.length ? { images: metadata.images.slice(0, 20).map((i) => ({ ...i, ...(wire ? { rightsOwner: 'third-party' as const } : {}) })) } : {}),
    copyright: `© ${year} ${holder}${/\.$/.test(holder) ? '' : '.'} All rights reserved.`,
    rights: wire ? { owner: 'third-party' as const, source: wire } : { owner: 'publisher' as const },
  };
  const parsed = articleSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.length ? issue.path.join('.') : 'record';
    return fail(`the article field "${field}" is invalid: ${issue?.message ?? 'does not match the article schema'}`);
  }
  return { ok: true, article: parsed.data, warnings, metadata };
}
