/**
 * Importing articles and rate cards: shared by the CLI (`desk import-article`, `desk import-terms`)
 * and the local stack's sample-data loader, so both validate and store the same way.
 */
import { parse as parseYaml } from 'yaml';
import { articleSchema, type Article } from '../core/article.js';
import { rateCardSchema, type RateCard } from '../core/terms.js';
import { parseArticleText } from '../core/import-text.js';
import { parseArticleHtml } from '../core/import-html.js';
import { illFormedPath } from '../core/well-formed.js';
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

export function parseArticleFile(content: string, opts: { format: ArticleFormat; id?: string; headline?: string; now?: Date }): Parsed<Article> {
  if (content.includes('\u0000')) return { ok: false, error: 'the file is binary, not an article' };
  if (opts.format === 'html') {
    const r = parseArticleHtml(content, { id: opts.id, headline: opts.headline, now: opts.now });
    return r.ok ? { ok: true, value: r.article, warnings: r.warnings } : { ok: false, error: r.error };
  }
  if (opts.format === 'text') {
    const r = parseArticleText(content, { id: opts.id, headline: opts.headline, now: opts.now });
    return r.ok ? { ok: true, value: r.article, warnings: r.warnings } : { ok: false, error: r.error };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(content);
  } catch (e) {
    return { ok: false, error: `not valid JSON (${(e as Error).message})` };
  }
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    raw = { ...(raw as object), ...(opts.id ? { id: opts.id } : {}), ...(opts.headline ? { headline: opts.headline } : {}) };
  }
  const illFormed = illFormedPath(raw);
  if (illFormed) return { ok: false, error: `invalid article: ${illFormed.join('.') || '(record)'}: not well-formed Unicode (a lone surrogate)` };
  const parsed = articleSchema.safeParse(raw);
  return parsed.success ? { ok: true, value: parsed.data, warnings: [] } : { ok: false, error: `invalid article: ${oneLine(fieldErrors(parsed.error, raw))}` };
}

export function parseRateCardFile(content: string, fileName: string): Parsed<RateCard> {
  let raw: unknown;
  try {
    raw = /\.json$/i.test(fileName) ? JSON.parse(content) : parseYaml(content);
  } catch (e) {
    return { ok: false, error: `cannot read ${fileName}: ${(e as Error).message.split('\n')[0]}` };
  }
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
