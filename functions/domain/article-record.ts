/**
 * The article record: an article as the desk keeps it — the article itself (domain/article.ts) and
 * which revision of it this is. What the use cases, views and feeds read; no storage attributes
 * (keys and the section index live in functions/adapters/entities/article.ts).
 */
import { publicationIdOf } from './article-text.js';
import type { Article } from './article.js';

export interface ArticleRecord {
  article: Article;
  /** publicationIdOf(article.publication.name): the publication the article belongs to. */
  publicationId: string;
  /**
   * The desk's own revision: 1 for the first import, bumped on every import or push, so licensed
   * copies and feeds can tell a correction happened (and the repository writes one revision at a time).
   */
  revision: number;
  /** When this revision was stored. */
  importedAt: string;
  /** The publisher's CMS revision of this article, when its CMS pushed it (PUT /articles/{id} is idempotent on it). */
  sourceRevision?: number;
}

/** What a licensed copy or a feed item renders from: the article and which revision it is. */
export type PublishedArticle = Pick<ArticleRecord, 'article' | 'revision' | 'importedAt'>;

/**
 * What an import or a push stores of an article: the article, and the CMS's revision when it gave
 * one. The rest of the record follows from it and from what is stored (nextArticleRecord).
 */
export interface ArticleWrite { article: Article; sourceRevision?: number }

/**
 * The record an import or a push makes of `write` over the stored record `current` (none: the first
 * revision): the next revision, stamped `now`; a CMS revision not given is kept from the stored one.
 */
export function nextArticleRecord(current: ArticleRecord | undefined, write: ArticleWrite, now: Date): ArticleRecord {
  const sourceRevision = write.sourceRevision ?? current?.sourceRevision;
  return {
    article: write.article,
    publicationId: publicationIdOf(write.article.publication.name),
    revision: (current?.revision ?? 0) + 1,
    importedAt: now.toISOString(),
    ...(sourceRevision !== undefined ? { sourceRevision } : {}),
  };
}
