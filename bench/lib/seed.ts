/**
 * Grows the table quickly with BatchWriteItem (25 items a call, a few calls in flight): clones of
 * real items the handlers wrote — requests of each status with their licenses, and articles — given
 * fresh ids, spread over many synthetic articles and the publication's sections, their index
 * attributes computed by the storage adapter's own `toRequestItem`, and their outboxes delivered (as they are
 * once the dispatcher ran). So the indexes grow the way they would with real traffic.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { contributionOf, sum, type Contribution } from '../../functions/domain/request-stats.js';
import { addToCounterCells } from '../../functions/adapters/table-tools.js';
import { newRequestId } from '../../functions/domain/tokens.js';
import { toArticleItem, type ArticleItem } from '../../functions/adapters/entities/article.js';
import { nextArticleRecord } from '../../functions/domain/article-record.js';
import { toRequestItem, toRequestRecord, type RequestItem } from '../../functions/adapters/entities/request.js';
import { licenseIdFor, type RequestRecord } from '../../functions/domain/request-record.js';

export interface SeedTemplates {
  licensed: RequestItem;
  pending: RequestItem;
  rejected: RequestItem;
  article: ArticleItem;
}

/** The mix of what a grown table holds, by share of items. */
const MIX: { kind: keyof SeedTemplates; share: number }[] = [
  { kind: 'licensed', share: 0.55 },
  { kind: 'pending', share: 0.15 },
  { kind: 'rejected', share: 0.25 },
  { kind: 'article', share: 0.05 },
];
const SECTIONS = ['news', 'business', 'waterfront', 'politics', 'culture'];

export function cloneItem(t: SeedTemplates, kind: keyof SeedTemplates, n: number, now: Date): Record<string, unknown> {
  const day = new Date(now.getTime() - (n % 700) * 86_400_000).toISOString();
  if (kind === 'article') {
    const a = t.article.article;
    const id = `bench-article-${n}`;
    const article = { ...a, id, headline: `${a.headline} (${n})`, section: SECTIONS[n % SECTIONS.length]!, publishedAt: day.slice(0, 10) };
    return toArticleItem(nextArticleRecord(undefined, { article }, now)) as unknown as Record<string, unknown>;
  }
  const template = t[kind];
  const requestId = newRequestId();
  const articleId = `bench-article-${(n * 7919) % 5000}`;
  let item: RequestRecord = {
    ...toRequestRecord(template),
    requestId, articleId,
    createdAt: day, updatedAt: day,
    outbox: Object.fromEntries(Object.entries(template.outbox ?? {}).map(([id, m]) => {
      const { text: _t, html: _h, leaseUntil: _l, ...kept } = m;
      return [id, { ...kept, state: 'sent' as const, sentAt: day }];
    })),
  };
  if (item.license) item = { ...item, license: { ...item.license, licenseId: licenseIdFor(requestId), issuedAt: day } };
  // Counted as the dispatcher would have counted it (its contribution applied; the cells get the sum).
  return toRequestItem({ ...item, stats: { applied: contributionOf(item), seq: 1 } }, 1) as unknown as Record<string, unknown>;
}

/** ADDs seeded requests' contributions to the counter cells (what the dispatcher does one request at a time). */
export async function addToCounters(doc: DynamoDBDocumentClient, tableName: string, total: Contribution): Promise<void> {
  await addToCounterCells(doc, tableName, total);
}

/** Which kind the n-th seeded item is (the MIX, spread evenly). */
export const kindOf = (n: number): keyof SeedTemplates => {
  let x = ((n * 2654435761) % 1000) / 1000;
  for (const m of MIX) { if (x < m.share) return m.kind; x -= m.share; }
  return MIX[0]!.kind;
};

/** Writes `count` cloned items; returns how long it took (ms). */
export async function seed(doc: DynamoDBDocumentClient, tableName: string, templates: SeedTemplates, count: number,
  opts: { startAt?: number; inFlight?: number; onProgress?: (done: number) => void } = {}): Promise<number> {
  const t0 = performance.now();
  const start = opts.startAt ?? 0;
  const now = new Date();
  let next = 0;
  let done = 0;
  const contributions: Contribution[] = [];
  async function worker() {
    while (next < count) {
      const from = next;
      next = Math.min(count, next + 25);
      let requests = Array.from({ length: next - from }, (_, i) => ({ PutRequest: { Item: cloneItem(templates, kindOf(start + from + i), start + from + i, now) } }));
      const batch = requests.map((r) => r.PutRequest.Item as unknown as RequestItem).filter((i) => i.entity === 'request');
      if (batch.length) contributions.push(sum(batch.map((i) => i.stats!.applied)));
      for (let attempt = 0; requests.length; attempt++) {
        const out = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
        requests = (out.UnprocessedItems?.[tableName] ?? []) as typeof requests;
        if (requests.length) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
      }
      done += 25;
      if (done % 5000 < 25) opts.onProgress?.(Math.min(done, count));
    }
  }
  await Promise.all(Array.from({ length: opts.inFlight ?? 4 }, worker));
  await addToCounters(doc, tableName, sum(contributions));
  return performance.now() - t0;
}
