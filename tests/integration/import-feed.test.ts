/**
 * `desk import-feed` against the local stack: a 500-item RSS feed with content:encoded shows
 * progress and its summary, and a re-run reports every item unchanged and writes nothing; a changed
 * item is updated; a failing item is reported with its reasons and leaves no record.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack.js';
import { tableAccess } from '../support/table.js';
import { rssFeed } from '../support/feeds.js';

let stack: TestStack;
let table: ReturnType<typeof tableAccess>;
const dir = mkdtempSync(join(tmpdir(), 'desk-feed-'));
const file = (name: string, content: string) => { const p = join(dir, name); writeFileSync(p, content); return p; };

beforeAll(async () => {
  stack = await startTestStack({ loadSamples: false });
  table = tableAccess(stack.urls.dynamodb);
});
afterAll(async () => { await stack?.stop(); });

describe('desk import-feed', () => {
  const items = Array.from({ length: 500 }, (_, i) => ({ n: i + 1 }));

  it('imports a 500-item feed with progress and a summary, and a re-run reports all unchanged', async () => {
    const feed = file('ledger.xml', rssFeed(items));
    const first = await stack.desk('import-feed', feed);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toBe('500 items (rss): 500 new, 0 updated, 0 unchanged, 0 failed.');
    const progress = first.err.split('\n').filter((l) => l.startsWith('importing: '));
    expect(progress.length).toBeGreaterThanOrEqual(10);
    expect(progress.at(-1)).toBe('importing: 500/500 items (100%)');

    const story = (await table.repo.getArticle('feed-story-7'))!;
    expect(story.article).toMatchObject({
      headline: 'Harbour story number 7', byline: [{ name: 'Maren Holt' }], section: 'Waterfront',
      publication: { name: 'The Harbour Ledger', copyrightHolder: 'The Harbour Ledger' },
      canonicalUrl: 'https://harbourledger.example/news/feed-story-7', publishedAt: '2026-01-08T09:00:00Z',
      body: ['Story 7: the harbour commission met on Monday & agreed the next step.', 'Work starts in 8 weeks, the commission said.'],
      copyright: '© 2026 The Harbour Ledger. All rights reserved.', rights: { owner: 'publisher' },
    });

    const before = await table.snapshot();
    const again = await stack.desk('import-feed', feed, '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({ total: 500, new: 0, updated: 0, unchanged: 500, failed: [] });
    expect(await table.snapshot()).toBe(before);
  }, 180_000);

  it('updates a changed item, and reports a failing one with its reasons, writing nothing for it', async () => {
    const changed = items.slice(0, 3).map((i) => (i.n === 2 ? { ...i, title: 'Harbour story number 2, corrected' } : i));
    const bad = [{ n: 9001, content: '' }, { n: 9002, date: 'not a date' }];
    const r = await stack.desk('import-feed', file('mixed.xml', rssFeed([...changed, ...bad])));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^5 items \(rss\): 0 new, 1 updated, 2 unchanged, 2 failed\./);
    expect(r.out).toContain('failed: item 4 (https://harbourledger.example/news/feed-story-9001): body: an article needs at least one paragraph');
    expect(r.out).toMatch(/failed: item 5 \(https:\/\/harbourledger\.example\/news\/feed-story-9002\): publishedAt: /);
    expect(await table.repo.getArticle('feed-story-9001')).toBeUndefined();
    expect(await table.repo.getArticle('feed-story-9002')).toBeUndefined();
    expect((await table.repo.getArticle('feed-story-2'))?.article.headline).toBe('Harbour story number 2, corrected');
  });

  it('refuses a file that is not a feed, writing nothing', async () => {
    const r = await stack.desk('import-feed', file('junk.xml', '<html><body>not a feed'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^desk: not a readable RSS or Atom feed/);
  });
});
