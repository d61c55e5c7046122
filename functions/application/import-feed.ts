/**
 * Stores what `desk import-feed` read (domain/import-feed.ts): each valid item is compared with the
 * stored article and written only when it is new or changed (a changed article notifies its
 * licensees, as any re-import does); a failing item writes nothing and is reported with its
 * reasons. Re-running the same file therefore writes nothing and reports every item unchanged.
 */
import type { FeedEntry } from '../domain/import-feed.js';
import type { Repository } from './ports.js';
import { storeArticleRevision } from './article-updates.js';

export interface FeedSummary {
  new: number;
  updated: number;
  unchanged: number;
  failed: { position: number; label: string; reasons: string[] }[];
  notified: number;
}

export async function importFeedEntries(
  deps: { repo: Repository; baseUrl: string },
  entries: readonly FeedEntry[],
  now: Date,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<FeedSummary> {
  const summary: FeedSummary = { new: 0, updated: 0, unchanged: 0, failed: [], notified: 0 };
  // Two items of one file naming the same article: the later one would silently win. Refuse both.
  const seen = new Map<string, number>();
  for (const e of entries) if (e.result.ok) seen.set(e.result.article.id, (seen.get(e.result.article.id) ?? 0) + 1);

  let done = 0;
  const one = async (entry: FeedEntry) => {
    try {
      if (!entry.result.ok) { summary.failed.push({ position: entry.position, label: entry.label, reasons: entry.result.reasons }); return; }
      const { article } = entry.result;
      if ((seen.get(article.id) ?? 0) > 1) {
        summary.failed.push({ position: entry.position, label: entry.label, reasons: [`id: ${article.id} is the id of more than one item in this file`] });
        return;
      }
      // Identical to the stored article: nothing written (decided inside the one read-mutate-write).
      const { outcome, notified } = await storeArticleRevision(deps, article, now, { unlessUnchanged: true });
      summary.notified += notified;
      if (outcome === 'unchanged') summary.unchanged++; else if (outcome === 'updated') summary.updated++; else summary.new++;
    } catch (e) {
      summary.failed.push({ position: entry.position, label: entry.label, reasons: [`not stored (${(e as Error).name ?? 'error'}); run the import again`] });
    } finally {
      onProgress(++done, entries.length);
    }
  };
  // A few at a time: each item is its own read and conditional write.
  const queue = [...entries];
  await Promise.all(Array.from({ length: 4 }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) await one(next);
  }));
  summary.failed.sort((a, b) => a.position - b.position);
  return summary;
}
