/**
 * An article changes through ONE read-mutate-write, `repo.updateArticle(id, now, mutate)`, on the
 * repository's one retry policy (UPDATE_RETRY, then WriteConflict) — the CMS push decides created /
 * unchanged / refused inside it, so racing pushes are each decided against what landed. Against
 * dynalite and, where Java is present, Amazon's DynamoDB Local (the revision condition must hold on both).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureTable, localDynamoClient } from '../../local/services.js';
import { dynamoRepository, type Repository } from '../../functions/adapters/repository.js';
import { loadSampleData } from '../../local/sample-data.js';
import { pushArticle, type PushResult } from '../../functions/application/push-article.js';
import { storeArticleRevision } from '../../functions/application/article-updates.js';
import { RevisionConflict, WriteConflict } from '../../functions/application/errors.js';
import { UPDATE_RETRY } from '../../functions/application/ports.js';
import type { PublisherKey } from '../../functions/domain/publisher-key.js';
import { javaAvailable, startDynaliteBackend, startDynamoDbLocal, type Backend } from '../support/backends.js';

const backends: [string, () => Promise<Backend>][] = [['dynalite', startDynaliteBackend]];
if (javaAvailable()) backends.push(['DynamoDB Local', startDynamoDbLocal]);
else console.warn('article-revisions: Java not found — DynamoDB Local conformance run not possible on this machine');

const key: PublisherKey = {
  keyId: 'k-test', publicationId: 'the-harbour-ledger', publicationName: 'The Harbour Ledger', label: 'CMS', status: 'active',
  createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z',
};
const pushed = (revision: number, over: Record<string, unknown> = {}) => ({
  revision,
  headline: `Pier 9 lease, revision ${revision}`,
  byline: [{ name: 'Ruth Achterberg' }],
  publication: { name: 'The Harbour Ledger', copyrightHolder: 'The Harbour Ledger' },
  publishedAt: '2026-11-30',
  section: 'Waterfront',
  body: [`The port signed the lease (text of revision ${revision}).`],
  copyright: '© 2026 The Harbour Ledger',
  rights: { owner: 'publisher' },
  ...over,
});

describe.each(backends)('article revisions on %s', (_name, start) => {
  let backend: Backend;
  let repo: Repository;
  const deps = () => ({ repo, baseUrl: 'http://localhost:3000' });

  beforeAll(async () => {
    backend = await start();
    const client = localDynamoClient(backend.endpoint);
    await ensureTable(client, 'articles');
    repo = dynamoRepository(DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }), 'articles');
    await loadSampleData(repo, new Date());
  }, 90_000);
  afterAll(async () => { await backend?.stop(); });

  it('creates when absent, writes nothing when the mutation says so, and keeps the CMS revision across imports', async () => {
    const sample = (await repo.getArticle('harbour-dredging-plan'))!.article;
    const article = { ...sample, id: 'revisions-a' };
    expect(await repo.updateArticle('revisions-a', new Date(), () => undefined)).toBeUndefined();
    expect(await repo.getArticle('revisions-a')).toBeUndefined();

    const created = await repo.updateArticle('revisions-a', new Date('2026-12-01T00:00:00Z'), (current) => {
      expect(current).toBeUndefined();
      return { article, sourceRevision: 7 };
    });
    expect(created).toEqual({ changed: true, record: { article, publicationId: 'the-harbour-ledger', revision: 1, importedAt: '2026-12-01T00:00:00.000Z', sourceRevision: 7 } });
    expect(await repo.getArticle('revisions-a')).toEqual(created!.record);

    const unchanged = await repo.updateArticle('revisions-a', new Date(), () => undefined);
    expect(unchanged).toEqual({ changed: false, record: created!.record });

    // An import gives no CMS revision: the stored one is kept, the desk's revision moves on.
    const imported = await storeArticleRevision(deps(), { ...article, headline: 'Re-imported' }, new Date());
    expect(imported.item).toMatchObject({ revision: 2, sourceRevision: 7, article: { headline: 'Re-imported' } });
    expect(imported.change).toBe('corrected');
  });

  it('on a conflict reads again and calls the mutation again with what landed', async () => {
    const sample = (await repo.getArticle('harbour-dredging-plan'))!.article;
    await repo.putArticle({ ...sample, id: 'revisions-b' }, new Date());
    const seen: number[] = [];
    const updated = await repo.updateArticle('revisions-b', new Date(), async (current) => {
      seen.push(current!.revision);
      // Someone else stores a revision between this read and this write, once.
      if (seen.length === 1) await repo.putArticle({ ...sample, id: 'revisions-b', headline: 'Theirs' }, new Date());
      return { article: { ...current!.article, body: [...current!.article.body, 'Mine.'] } };
    });
    expect(seen).toEqual([1, 2]);
    expect(updated?.record.revision).toBe(3);
    const stored = (await repo.getArticle('revisions-b'))!;
    expect(stored.article.headline).toBe('Theirs');
    expect(stored.article.body.at(-1)).toBe('Mine.');
  });

  it('gives up with WriteConflict after the one retry policy, having written nothing of its own', async () => {
    const sample = (await repo.getArticle('harbour-dredging-plan'))!.article;
    await repo.putArticle({ ...sample, id: 'revisions-c' }, new Date());
    let calls = 0;
    await expect(repo.updateArticle('revisions-c', new Date(), async (current) => {
      calls++;
      await repo.putArticle({ ...current!.article, headline: `Theirs ${calls}` }, new Date());
      return { article: { ...current!.article, headline: 'Mine' } };
    })).rejects.toBeInstanceOf(WriteConflict);
    expect(calls).toBe(UPDATE_RETRY.attempts);
    expect((await repo.getArticle('revisions-c'))!).toMatchObject({ revision: 1 + UPDATE_RETRY.attempts, article: { headline: `Theirs ${UPDATE_RETRY.attempts}` } });
  });

  it('racing CMS pushes: each is decided against what landed — the newest revision wins, no older one overwrites it', async () => {
    const revisions = [3, 1, 6, 2, 5, 4];
    const results = await Promise.allSettled(revisions.map((r) => pushArticle(deps(), { articleId: 'revisions-race', body: pushed(r), key }, new Date())));
    const won = results.filter((r): r is PromiseFulfilledResult<PushResult> => r.status === 'fulfilled').map((r) => r.value);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
    for (const e of refused) expect(e).toBeInstanceOf(RevisionConflict);
    expect(won.length + refused.length).toBe(revisions.length);
    expect(won.filter((w) => w.outcome === 'created')).toHaveLength(1);
    const stored = (await repo.getArticle('revisions-race'))!;
    expect(stored.sourceRevision).toBe(6);
    expect(stored.article.headline).toBe('Pier 9 lease, revision 6');
    // Every accepted push stored exactly one desk revision, in increasing CMS revision order.
    expect(stored.revision).toBe(won.length);
    const order = [...won].sort((a, b) => a.item.revision - b.item.revision).map((w) => w.item.sourceRevision!);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // A replay of the winner is `unchanged` and writes nothing.
    const replay = await pushArticle(deps(), { articleId: 'revisions-race', body: pushed(6), key }, new Date());
    expect(replay.outcome).toBe('unchanged');
    expect((await repo.getArticle('revisions-race'))!.revision).toBe(stored.revision);
  });
});
