/**
 * The article entity: one item per article (the record: functions/domain/article-record.ts), listed
 * by section for syndication feeds. The record's `revision` is the item's optimistic lock: a write
 * lands only on the revision it read (repository `updateArticle`).
 */
import type { ArticleRecord, PublishedArticle } from '../../domain/article-record.js';
import { instantIso } from '../../domain/article-text.js';
import { keyPart, type Key } from './keys.js';

export const articleKey = (articleId: string): Key => ({ pk: `ARTICLE#${keyPart(articleId, 'article id')}`, sk: 'ARTICLE' });

/** Articles of a publication's section, newest first by publication instant (UTC, whatever offset the record gave; feeds query this). */
export const sectionPartition = (publicationId: string, section: string) =>
  `SECTION#${keyPart(publicationId, 'publication id')}#${keyPart(section.toLowerCase(), 'section')}`;

/** The stored item: the record, its key and its place in its section (absent: no section, in no feed). */
export interface ArticleItem extends Key, ArticleRecord {
  entity: 'article';
  gsi1pk?: string;
  gsi1sk?: string;
}

/** Record -> item: key and section index added. */
export function toArticleItem(record: ArticleRecord): ArticleItem {
  const { article, publicationId } = record;
  return {
    ...articleKey(article.id),
    entity: 'article',
    ...toArticleRecord(record as ArticleItem),
    ...(article.section
      ? { gsi1pk: sectionPartition(publicationId, article.section), gsi1sk: `${instantIso(article.publishedAt)}#${article.id}` }
      : {}),
  };
}

/** Item -> record: every storage attribute dropped. */
export function toArticleRecord(item: ArticleItem): ArticleRecord {
  const { pk: _pk, sk: _sk, entity: _e, gsi1pk: _a, gsi1sk: _b, ...record } = item;
  return record;
}

/** A projected item (a copy's or a feed's read) -> what a copy or feed item renders from. */
export function toPublishedArticle(item: Pick<ArticleItem, 'article' | 'revision' | 'importedAt'>): PublishedArticle {
  return { article: item.article, revision: item.revision, importedAt: item.importedAt };
}
