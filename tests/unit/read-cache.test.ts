import { describe, expect, it } from 'vitest';
import { withReadCache } from '../../functions/adapters/read-cache.js';
import type { Repository } from '../../functions/adapters/repository.js';

function countingRepo(values: Record<string, unknown>) {
  const calls: string[] = [];
  const repo = {
    getArticle: async (id: string) => { calls.push(`a:${id}`); return values[id]; },
    getEffectiveRateCard: async (id: string) => { calls.push(`t:${id}`); return values[id]; },
  } as unknown as Repository;
  return { repo, calls };
}

describe('withReadCache', () => {
  it('serves articles and terms from memory until the time-to-live runs out', async () => {
    let now = 0;
    const { repo, calls } = countingRepo({ a1: { id: 'a1' }, p1: { publicationId: 'p1' } });
    const cached = withReadCache(repo, 1000, () => now);
    await cached.getArticle('a1');
    await cached.getArticle('a1');
    await cached.getEffectiveRateCard('p1');
    await cached.getEffectiveRateCard('p1');
    expect(calls).toEqual(['a:a1', 't:p1']);
    now = 1000;
    await cached.getArticle('a1');
    expect(calls).toEqual(['a:a1', 't:p1', 'a:a1']);
  });

  it('caches only the terms for licensed copies: an article is read every time', async () => {
    const { repo, calls } = countingRepo({ a1: { id: 'a1' }, p1: { publicationId: 'p1' } });
    const cached = withReadCache(repo, 1000, () => 0, 'terms');
    await cached.getArticle('a1');
    await cached.getArticle('a1');
    await cached.getEffectiveRateCard('p1');
    await cached.getEffectiveRateCard('p1');
    expect(calls).toEqual(['a:a1', 'a:a1', 't:p1']);
  });

  it('never caches a miss or a failure', async () => {
    const { repo, calls } = countingRepo({});
    const cached = withReadCache(repo, 60_000, () => 0);
    expect(await cached.getArticle('nope')).toBeUndefined();
    expect(await cached.getArticle('nope')).toBeUndefined();
    expect(calls).toEqual(['a:nope', 'a:nope']);
    let fail = true;
    const flaky = withReadCache({ getArticle: async () => { if (fail) throw new Error('down'); return { id: 'x' }; } } as unknown as Repository, 60_000, () => 0);
    await expect(flaky.getArticle('x')).rejects.toThrow('down');
    fail = false;
    expect(await flaky.getArticle('x')).toEqual({ id: 'x' });
  });
});
