/**
 * Importing articles and rate cards: shared by the CLI (`desk import-article`, `desk import-terms`)
 * and the local stack's sample-data loader, so both validate and store the same way.
 */
import { isMap, isScalar, parseDocument, visit, YAMLError, type ErrorCode } from 'yaml';
import { ILL_FORMED_MESSAGE, illFormedPath, illFormedPaths } from '../domain/unicode.js';
import { articleSchema, type Article } from '../domain/article.js';
import { rateCardSchema, type RateCard } from '../domain/terms.js';
import { DATELINE_TIME_WARNING, parseArticleText } from '../domain/import-text.js';
import { parseArticleHtml } from '../domain/import-html.js';
import { describeIssues } from '../domain/field-messages.js';
import type { Repository } from './ports.js';
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

/** Line and column (from 1) of a character offset, for a person to find the place in an editor. */
function lineAndColumn(content: string, offset: number): string {
  const before = content.slice(0, Math.max(0, Math.min(offset, content.length)));
  const line = before.split('\n').length;
  return `line ${line}, column ${before.length - before.lastIndexOf('\n')}`;
}

/**
 * Why a file is not JSON, in plain words: the parser's own message differs between Node versions
 * and quotes the input, so only the offset it names is kept (Node 20 sometimes gives none: then
 * no place is named), never its wording.
 */
function jsonSyntaxProblem(content: string, e: unknown): string {
  const message = e instanceof Error ? e.message : '';
  if (!content.trim()) return 'is empty, not JSON';
  const offset = /position (\d+)/.exec(message);
  if (/end of JSON input/i.test(message) || (offset && Number(offset[1]) >= content.trimEnd().length)) {
    return 'is not valid JSON: it ends before every bracket and quote is closed';
  }
  return offset ? `is not valid JSON: check ${lineAndColumn(content, Number(offset[1]))}` : 'is not valid JSON';
}

/** The YAML problems a person can fix by looking, in plain words; the rest read as a syntax error. */
const yamlProblemWords: Partial<Record<ErrorCode, string>> = {
  BAD_INDENT: 'the indentation is wrong',
  TAB_AS_INDENT: 'a tab is used for indentation (use spaces)',
  MISSING_CHAR: 'a closing quote or bracket is missing',
  BAD_DQ_ESCAPE: 'a backslash escape in double quotes is not valid',
  MULTILINE_IMPLICIT_KEY: 'a key runs over more than one line (a missing colon or quote?)',
  BLOCK_AS_IMPLICIT_KEY: 'a key runs over more than one line (a missing colon or quote?)',
  MULTIPLE_DOCS: 'the file holds more than one YAML document',
  RESOURCE_EXHAUSTION: 'it expands aliases too many times',
  KEY_OVER_1024_CHARS: 'a key is longer than 1024 characters',
};

/** Thrown by our own checks, whose message is already written for a person. */
class PlainYamlProblem extends Error {}

function yamlSyntaxProblem(content: string, e: unknown): string {
  if (e instanceof PlainYamlProblem) return `is not a valid rate card: ${e.message}`;
  if (e instanceof YAMLError) return `is not valid YAML: ${yamlProblemWords[e.code] ?? 'a syntax error'} (${lineAndColumn(content, e.pos[0])})`;
  // toJS throws a plain ReferenceError when aliases expand too far.
  return 'is not valid YAML';
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
      return { ok: false, error: `the file ${jsonSyntaxProblem(content, e)}` };
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
  if (!parsed.success) return { ok: false, error: `invalid article: ${oneLine(describeIssues(parsed.error, raw))}` };
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
  if (duplicate !== undefined) throw new PlainYamlProblem(`the key "${duplicate.slice(0, 100)}" appears twice in one mapping`);
  return doc.toJS({ maxAliasCount: 100 });
}

export function parseRateCardFile(content: string, fileName: string): Parsed<RateCard> {
  const bytes = Buffer.byteLength(content, 'utf8');
  if (bytes > MAX_RATE_CARD_BYTES) {
    return { ok: false, error: `${fileName} is ${Math.ceil(bytes / 1024)} KB; a rate card is at most ${MAX_RATE_CARD_BYTES / 1024} KB` };
  }
  let raw: unknown;
  const isJson = /\.json$/i.test(fileName);
  try {
    raw = isJson ? JSON.parse(content) : parseYamlLinear(content);
  } catch (e) {
    return { ok: false, error: `${fileName} ${isJson ? jsonSyntaxProblem(content, e) : yamlSyntaxProblem(content, e)}` };
  }
  const bad = illFormedText(raw);
  if (bad) return { ok: false, error: `invalid rate card: ${bad}` };
  const parsed = rateCardSchema.safeParse(raw);
  return parsed.success ? { ok: true, value: parsed.data, warnings: [] } : { ok: false, error: `invalid rate card: ${oneLine(describeIssues(parsed.error, raw))}` };
}

/** Where links in licensee notices point: the deployment's BASE_URL, else the local stack's address. */
export const defaultBaseUrl = (env: NodeJS.ProcessEnv = process.env) =>
  (env.BASE_URL || `http://localhost:${env.PORT ?? 3000}`).replace(/\/+$/, '');

/**
 * Writes the article's next revision. A revision that withdraws or corrects the article queues a
 * notice to every current licensee (application/article-updates.ts), once per revision.
 */
export async function storeArticle(repo: Repository, article: Article, now: Date, opts: { baseUrl?: string } = {}) {
  const { item } = await storeArticleRevision({ repo, baseUrl: opts.baseUrl ?? defaultBaseUrl() }, article, now);
  return item;
}

export async function storeRateCard(repo: Repository, card: RateCard, now: Date) {
  await repo.putRateCard({ ...card, updatedAt: now.toISOString() }, now);
}
