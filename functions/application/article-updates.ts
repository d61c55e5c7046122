/**
 * Corrections and kill notices. Re-importing an article writes its next revision; licensed copies
 * read the article live, so every copy follows at once. When the new revision withdraws the article
 * (pubstatus `canceled`) or corrects it (pubstatus `corrected`, or a changed headline, body or
 * correction note), every current licensee is told:
 *   1. list the article's active licenses (the sparse byArticle index: LICENSES#<articleId>);
 *   2. for each license, ONE versioned conditional write on its request item queues the notice in
 *      the item's outbox (delivered by the dispatcher like every other mail). The mail id is
 *      deterministic per (kind, licensee, article revision), so a retry — or running this twice —
 *      finds it already queued and writes nothing: each licensee gets one notice per revision;
 *   2a. the same write queues a webhook intent (article.withdrawn / article.corrected) per endpoint;
 *   3. a correction notice carries a fresh copy link (a new copy token added to the license by the
 *      same write: only the hashes of the old ones exist, so an old link cannot be re-sent).
 */
import type { Article } from '../domain/article.js';
import { canonicalJson } from '../domain/article-push.js';
import type { ArticleRecord, PublishedArticle } from '../domain/article-record.js';
import type { MailKind } from '../domain/request-record.js';
import type { Repository } from './ports.js';
import { intent } from './request-item.js';
import { licenseState } from './licensed-copy.js';
import { webhookIntents, withMessages } from './webhooks.js';

export type ArticleChange = 'withdrawn' | 'corrected';

const sameText = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((p, i) => p.trim() === b[i]?.trim());

/** What a new revision means for licensees; undefined when they need not hear about it. */
export function changeOf(previous: Article | undefined, next: Article): ArticleChange | undefined {
  if (!previous) return undefined;
  const wasCanceled = previous.pubstatus === 'canceled';
  if (next.pubstatus === 'canceled') return wasCanceled ? undefined : 'withdrawn';
  if (wasCanceled) return 'corrected'; // reinstated: the copy serves text again
  if (next.pubstatus === 'corrected' && previous.pubstatus !== 'corrected') return 'corrected';
  if (next.headline.trim() !== previous.headline.trim() || !sameText(previous.body, next.body)) return 'corrected';
  if ((next.correction ?? '').trim() !== (previous.correction ?? '').trim() && next.correction?.trim()) return 'corrected';
  return undefined;
}

export interface UpdateDeps { repo: Repository; baseUrl: string }

export interface StoredRevision { item: ArticleRecord; outcome: 'created' | 'updated' | 'unchanged'; change?: ArticleChange; notified: number }

/**
 * Writes the next revision of an article (one read-mutate-write: the repository's `updateArticle`),
 * then notifies licensees if the change calls for it. `unlessUnchanged`: an article identical to the
 * stored one writes nothing (a feed re-run); otherwise every import is a new revision.
 */
export async function storeArticleRevision(deps: UpdateDeps, article: Article, now: Date, opts: { unlessUnchanged?: boolean } = {}): Promise<StoredRevision> {
  // The revision this one replaces is the one the write was conditional on (the last `current` seen).
  let previous: ArticleRecord | undefined;
  const updated = await deps.repo.updateArticle(article.id, now, (current) => {
    previous = current;
    if (opts.unlessUnchanged && current && canonicalJson(current.article) === canonicalJson(article)) return undefined;
    return { article };
  });
  // Nothing stored and nothing written cannot happen: the mutation writes whenever there is no article.
  const item = updated!.record;
  if (!updated!.changed) return { item, outcome: 'unchanged', notified: 0 };
  const outcome = previous ? 'updated' : 'created';
  const change = changeOf(previous?.article, article);
  if (!change) return { item, outcome, notified: 0 };
  return { item, outcome, change, notified: await notifyLicensees(deps, item, change, now) };
}

const kindOf = (change: ArticleChange): MailKind => (change === 'withdrawn' ? 'licensee-kill-notice' : 'licensee-correction');

/** Queues the notice of `change` into every active license of the article; returns how many were newly queued. */
export async function notifyLicensees(deps: UpdateDeps, articleItem: PublishedArticle, change: ArticleChange, now: Date): Promise<number> {
  const licensed = await deps.repo.listLicensesOfArticle(articleItem.article.id);
  let queued = 0;
  // A few at a time: each is its own item and its own conditional write.
  for (let i = 0; i < licensed.length; i += 10) {
    const results = await Promise.all(licensed.slice(i, i + 10).map((l) => queueNotice(deps, l.requestId, articleItem, change, now)));
    queued += results.filter(Boolean).length;
  }
  return queued;
}

async function queueNotice(deps: UpdateDeps, requestId: string, articleItem: PublishedArticle, change: ArticleChange, now: Date): Promise<boolean> {
  const { article, revision } = articleItem;
  const updated = await deps.repo.update(requestId, (item) => {
    const license = item.license;
    // The index may lag a revocation; an ended license gets no notice.
    if (!license || license.status !== 'active' || licenseState(license, now) === 'expired') return undefined;
    const to = license.licensee.email;
    // A correction's copy link gets its token when the notice is delivered.
    const message = intent(kindOf(change), to, now, { key: `r${revision}`, params: { change } });
    if (item.outbox[message.id]) return undefined;
    // The license's endpoints hear it by the same write: article.withdrawn / article.corrected (no token in it).
    const events = webhookIntents(item, change === 'withdrawn' ? 'article.withdrawn' : 'article.corrected',
      { licenseId: license.licenseId, articleId: article.id, revision, headline: article.headline }, now, `r${revision}`);
    return { ...item, articleHeadline: article.headline, updatedAt: now.toISOString(), outbox: withMessages(item.outbox, [message, ...events]) };
  });
  return Boolean(updated?.changed);
}
