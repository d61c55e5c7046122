/**
 * The repository contract (repository.contract.ts) on the in-memory repository the use-case unit
 * tests run on — and what only the in-memory one has: the conflict hook a test uses to make writes
 * lose, and the inspection a test reads instead of scanning a table. No AWS client is loaded.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryMailCapCounters, memoryRepository } from '../../functions/adapters/memory-repository.js';
import { UPDATE_RETRY } from '../../functions/application/ports.js';
import { WriteConflict } from '../../functions/application/errors.js';
import { idOf, licensedRecord, repositoryContract, requestRecord } from './repository.contract.js';

repositoryContract('the in-memory repository', async () => ({ repo: memoryRepository(), mailCaps: memoryMailCapCounters() }));

describe('the in-memory repository beyond the contract', () => {
  it('loads no AWS SDK module: nothing it imports, however indirectly, imports one', () => {
    const seen = new Set<string>();
    const sdk: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = readFileSync(file, 'utf8');
      for (const [, spec] of source.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)) {
        if (spec!.startsWith('@aws-sdk/')) sdk.push(`${file}: ${spec}`);
        else if (spec!.startsWith('.')) visit(resolve(dirname(file), spec!.replace(/\.js$/, '.ts')));
      }
    };
    visit(resolve(import.meta.dirname, '../../functions/adapters/memory-repository.ts'));
    expect(seen.size).toBeGreaterThan(10);
    expect([...seen].some((f) => f.endsWith('adapters/entities/request.ts'))).toBe(true);
    expect(sdk).toEqual([]);
  });

  it('the conflict hook makes chosen writes lose: one loss is retried, every loss ends in WriteConflict with nothing written', async () => {
    const seen: { entity: string; id: string; attempt: number }[] = [];
    let lose = (attempt: number): boolean => attempt === 0;
    const repo = memoryRepository({ conflict: (w) => { seen.push(w); return lose(w.attempt); } });
    const r = requestRecord(1);
    await repo.createRequest(r);
    let calls = 0;
    const out = await repo.update(r.requestId, (cur) => { calls++; return { ...cur, attribution: 'mine' }; });
    expect(out).toMatchObject({ changed: true, record: { attribution: 'mine' } });
    expect(calls).toBe(2);
    expect(seen).toEqual([{ entity: 'request', id: r.requestId, attempt: 0 }, { entity: 'request', id: r.requestId, attempt: 1 }]);
    expect(repo.inspect.version(r.requestId)).toBe(2);

    lose = () => true;
    calls = 0;
    await expect(repo.update(r.requestId, (cur) => { calls++; return { ...cur, attribution: 'lost' }; })).rejects.toBeInstanceOf(WriteConflict);
    expect(calls).toBe(UPDATE_RETRY.attempts);
    expect((await repo.getRequest(r.requestId))!.attribution).toBe('mine');
    expect(repo.inspect.version(r.requestId)).toBe(2);
    // Nothing to change is not a write: the hook is not asked.
    const before = seen.length;
    expect(await repo.update(r.requestId, () => undefined)).toMatchObject({ changed: false });
    expect(seen).toHaveLength(before);
  });

  it('inspection: every request as stored, and the counters with the operations they still remember', async () => {
    const repo = memoryRepository();
    await repo.createRequest(licensedRecord(2, 3));
    await repo.createRequest(requestRecord(1));
    expect(repo.inspect.requests().map((r) => r.requestId)).toEqual([idOf(1), idOf(2)]);
    await repo.addToStatsCell('X|p1', { 'status:pending': 1 }, 'op-1');
    await repo.addToStatsCell('W|2026-11-23|p1', { received: 1 }, 'op-2');
    await repo.addToStatsCell('W|2026-11-23|p1', { received: -1 }, 'op-3');
    await repo.forgetStatsOp('X|p1', 'op-1');
    expect(repo.inspect.statsCells()).toEqual({ cells: { 'X|p1': { 'status:pending': 1 } }, ops: 2 });
  });

  it('an id the table could not key is refused as the DynamoDB adapter refuses it', async () => {
    const repo = memoryRepository();
    await expect(repo.createRequest(requestRecord(1, { requestId: '' }))).rejects.toThrow(/empty request id/);
    await expect(repo.getRequest('')).rejects.toThrow(/empty request id/);
    await expect(repo.getArticle('')).rejects.toThrow(/empty article id/);
    // DynamoDB (not dynalite) refuses an empty key value in a key condition.
    await expect(repo.readStatsCells('')).rejects.toThrow(/empty stats cell/);
  });
});
