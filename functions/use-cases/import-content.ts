/**
 * Importing articles and rate cards: shared by the CLI (`desk import-article`, `desk import-terms`)
 * and the local stack's sample-data loader, so both validate and store the same way.
 */
import { isMap, isScalar, parseDocument, visit } from 'yaml';
import { ILL_FORMED_MESSAGE, illFormedPath, illFormedPaths } from '../core/unicode.js';
import { articleSchema, type Article } from '../core/article.js';
import { rateCardSchema, type RateCard } from '../core/terms.js';
import { DATELINE_TIME_WARNING, parseArticleText } from '../core/import-text.js';
import { parseArticleHtml } from '../core/import-html.js';
import { fieldErrors } from '../http/problem.js';
import type { Repository } from '../adapters/repository.js';
import { storeArticleRevision } from './article-updates.js';

export type Parsed<T> = { ok: true; value: T; warnings: string[] } | { ok: false; error: string };

export type ArticleFormat = 'json' | 'text' | 'html';
export const articleFormats: readonly ArticleFormat[] = ['json', 'text', 'html'];

/** By the file's extension, else by its first characters: `{` is JSON, a tag is HTML, anything else text. */
export function guessArticleFormat(fileName: string, content: string): ArticleFormat {
  if (/\.json$/i.test(fileName)) return 'json';
  if (/\.x?html?$/i.test(fileName)) return 'html';
  const head = content.trimStart().slice(0, 500).toLowerCase();
  if (head.startsWith('{')) return 'json';
  if (/^(?:<!doctype html|<html|<head|<meta|<!--)/.test(head)) return 'html';
  return 'text';
}

const oneLine = (errors: { path: string; message: string }[]) => errors.map((e) => `${e.path}: ${e.message}`).join('; ');

/** Text that cannot be stored or mailed (a JSON or YAML "\ud800" escape makes a lone surrogate). */
function illFormedText(value: unknown): string | undefined {
  const paths = illFormedPaths(value);
  return paths.length ? `${paths.join(', ')}: ${ILL_FORMED_MESSAGE}` : undefined;
}

export interface ArticleImportOptions {
  format: ArticleFormat;
  id?: string;
  headline?: string;
  /** The original's address (`--canonical-url`): pasted text never carries it. */
  canonicalUrl?: string;
  /** ISO 639-1 code of the article's language (`--language`). */
  language?: string;
  /** The publication instant (`--published-at`): a date or a date-time with offset. */
  publishedAt?: string;
  now?: Date;
}

/** Said on every import that leaves the article without a canonical URL, so staff know what copies will lack. */
export const NO_CANONICAL_URL_WARNING = 'no canonical URL: licensed copies, embeds and feeds will claim no canonical link to the original (give --canonical-url URL, or "canonicalUrl" in JSON)';

export function parseArticleFile(content: string, opts: ArticleImportOptions): Parsed<Article> {
  if (content.includes('\u0000')) return { ok: false, error: 'the file is binary, not an article' };
  const badText = illFormedText([content, opts.id, opts.headline, opts.canonicalUrl, opts.language, opts.publishedAt]);
  if (badText) return { ok: false, error: `the file or an option ${badText}` };
  let raw: unknown;
  let warnings: string[] = [];
  if (opts.format === 'html') {
    const r = parseArticleHtml(content, { id: opts.id, headline: opts.headline, now: opts.now });
    if (!r.ok) return { ok: false, error: r.error };
    raw = r.article;
    warnings = r.warnings;
  } else if (opts.format === 'text') {
    const r = parseArticleText(content, { id: opts.id, headline: opts.headline, now: opts.now });
    if (!r.ok) return { ok: false, error: r.error };
    raw = r.article;
    // A publication time given on the command line answers the warning about the dateline's time.
    warnings = opts.publishedAt ? r.warnings.filter((w) => !w.startsWith(DATELINE_TIME_WARNING)) : r.warnings;
  } else {
    try {
      raw = JSON.parse(content);
    } catch (e) {
      return { ok: false, error: `not valid JSON (${(e as Error).message})` };
    }
  }
  // Flags win over the file: one record, the same checks, whichever format it came in.
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    raw = {
      ...(raw as object), ...(opts.id ? { id: opts.id } : {}), ...(opts.headline ? { headline: opts.headline } : {}),
      ...(opts.canonicalUrl ? { canonicalUrl: opts.canonicalUrl } : {}), ...(opts.language ? { language: opts.language } : {}),
      ...(opts.publishedAt ? { publishedAt: opts.publishedAt } : {}),
    };
  }
  const illFormed = illFormedPath(raw);
  if (illFormed) return { ok: false, error: `invalid article: ${illFormed.join('.') || '(record)'}: not well-formed Unicode (a lone surrogate)` };
  const parsed = articleSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: `invalid article: ${oneLine(fieldErrors(parsed.error, raw))}` };
  return { ok: true, value: parsed.data, warnings: [...warnings, ...(parsed.data.canonicalUrl ? [] : [NO_CANONICAL_URL_WARNING])] };
}

/** A rate card is a few kilobytes; anything far larger is a mistake (or an attack on the parser). */
export const MAX_RATE_CARD_BYTES = 256 * 1024;

/**
 * YAML in linear time. The yaml library's own duplicate-key check compares every key with every
 * other (40,000 keys: 8 s), so it is off, and duplicates are found here with one Set per mapping.
 */
function parseYamlLinear(content: string): unknown {
  const doc = parseDocument(content, { uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length) throw doc.errors[0]!;
  let duplicate: string | undefined;
  visit(doc, {
    Map(_, map) {
      if (!isMap(map)) return undefined;
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        if (seen.has(key)) { duplicate = key; return visit.BREAK; }
        seen.add(key);
      }
      return undefined;
    },
  });
  if (duplicate !== undefined) throw new Error(`the key "${duplicate.slice(0, 100)}" appears twice in one mapping`);
  return doc.toJS({ maxAliasCount: 100 });
}

export function parseRateCardFile(content: string, fileName: string): Parsed<RateCard> {
  const bytes = Buffer.byteLength(content, 'utf8');
  if (bytes > MAX_RATE_CARD_BYTES) {
    return { ok: false, error: `${fileName} is ${Math.ceil(bytes / 1024)} KB; a rate card is at most ${MAX_RATE_CARD_BYTES / 1024} KB` };
  }
  let raw: unknown;
  try {
    raw = /\.json$/i.test(fileName) ? JSON.parse(content) : parseYamlLinear(content);
  } catch (e) {
    return { ok: false, error: `cannot read ${fileName}: ${(e as Error).message.split('\n')[0]}` };
  }
  const bad = illFormedText(raw);
  if (bad) return { ok: false, error: `invalid rate card: ${bad}` };
  const parsed = rateCardSchema.safeParse(raw);
  return parsed.success ? { ok: true, value: parsed.data, warnings: [] } : { ok: false, error: `invalid rate card: ${oneLine(fieldErrors(parsed.error, raw))}` };
}

/** Where links in licensee notices point: the deployment's BASE_URL, else the local stack's address. */
export const defaultBaseUrl = (env: NodeJS.ProcessEnv = process.env) =>
  (env.BASE_URL || `http://localhost:${env.PORT ?? 3000}`).replace(/\/+$/, '');

/**
 * Writes the article's next revision. A revision that withdraws or corrects the article queues a
 * notice to every current licensee (use-cases/article-updates.ts), once per revision.
 */
export async function storeArticle(repo: Repository, article: Article, now: Date, opts: { baseUrl?: string } = {}) {
  const { item } = await storeArticleRevision({ repo, baseUrl: opts.baseUrl ?? defaultBaseUrl() }, article, now);
  return item;
}

export async function storeRateCard(repo: Repository, card: RateCard, now: Date) {
  await repo.putRateCard({ ...card, updatedAt: now.toISOString() }, now);
}
