/** The article entity: one item per article, listed by section for syndication feeds. */
import type { Article } from '../../domain/article.js';
import { instantIso, publicationIdOf } from '../../domain/article-text.js';
import { keyPart, type Key } from './keys.js';

export const articleKey = (articleId: string): Key => ({ pk: `ARTICLE#${keyPart(articleId, 'article id')}`, sk: 'ARTICLE' });

/** Articles of a publication's section, newest first by publication instant (UTC, whatever offset the record gave; feeds query this). */
export const sectionPartition = (publicationId: string, section: string) =>
  `SECTION#${keyPart(publicationId, 'publication id')}#${keyPart(section.toLowerCase(), 'section')}`;

export interface ArticleItem extends Key {
  entity: 'article';
  article: Article;
  publicationId: string;
  /** Bumped on every import, so licensed copies and feeds can tell a correction happened. */
  revision: number;
  importedAt: string;
  /** The publisher's CMS revision of this article, when its CMS pushed it (PUT /articles/{id} is idempotent on it). */
  sourceRevision?: number;
  gsi1pk?: string;
  gsi1sk?: string;
}

export function toArticleItem(article: Article, revision: number, importedAt: string, sourceRevision?: number): ArticleItem {
  const publicationId = publicationIdOf(article.publication.name);
  return {
    ...articleKey(article.id),
    entity: 'article',
    article,
    publicationId,
    revision,
    importedAt,
    ...(sourceRevision !== undefined ? { sourceRevision } : {}),
    ...(article.section
      ? { gsi1pk: sectionPartition(publicationId, article.section), gsi1sk: `${instantIso(article.publishedAt)}#${article.id}` }
      : {}),
  };
}
