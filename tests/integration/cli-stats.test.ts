/**
 * The staff CLI at any table size: `desk stats` reads the counters, `desk stats rebuild` counts a
 * table's history (requests written before the counters existed) exactly once however often it runs,
 * and `desk requests list` pages one status with a cursor (a bad one is a usage error, exit 2).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { postJson, requestBody, startTestStack, type TestStack } from '../support/stack.js';
import { tableAccess } from '../support/table.js';
import { requestKey } from '../../functions/adapters/entities/request.js';

let stack: TestStack;
let table: ReturnType<typeof tableAccess>;

beforeAll(async () => {
  stack = await startTestStack();
  table = tableAccess(stack.urls.dynamodb);
}, 60_000);
afterAll(async () => { await stack?.stop(); });

async function submit(email: string, use: Record<string, unknown> = { type: 'print-reprint', audience: 2000 }) {
  const res = await postJson(stack, '/requests', requestBody({ use, requester: { email } }));
  return (await res.json()) as { requestId: string; status: string };
}

describe('desk stats', () => {
  it('counts history once with rebuild, however often it runs, and shows the figures from the counters', async () => {
    const made = [await submit('s1@example.org'), await submit('s2@example.org'), await submit('s3@example.org', {})];
    expect(made.map((m) => m.status)).toEqual(['pending', 'pending', 'licensed']);
    // As a table from before the counters: the requests' counter state and index entries removed.
    for (const m of made) {
      await table.doc.send(new UpdateCommand({ TableName: process.env.TABLE_NAME!, Key: requestKey(m.requestId), UpdateExpression: 'REMOVE stats, statsPk, statsDue, recentPk, recentSk' }));
    }
    const empty = JSON.parse((await stack.desk('stats', '--json')).out) as { byStatus: Record<string, number> };
    expect(empty.byStatus.pending).toBe(0);

    for (let run = 0; run < 2; run++) {
      const r = await stack.desk('stats', 'rebuild', '--json');
      expect(r.code, r.err).toBe(0);
      expect(JSON.parse(r.out)).toMatchObject({ requests: 3, applied: run === 0 ? 3 : 0 });
    }
    const stats = JSON.parse((await stack.desk('stats', '--json')).out) as { byStatus: Record<string, number>; series: { points: { requests: number; licensed: number }[] } };
    expect(stats.byStatus).toMatchObject({ pending: 2, licensed: 1 });
    expect(stats.series.points.at(-1)).toMatchObject({ requests: 3, licensed: 1 });
    const people = await stack.desk('stats');
    expect(people.out).toMatch(/^STATUS\s+REQUESTS/);
    expect(people.out).toMatch(/pending\s+2/);
    // The licensed one is back among recent decisions (the rebuild rewrote it).
    expect((await table.repo.listRecentDecisions()).items.map((i) => i.requestId)).toContain(made[2]!.requestId);
  });

  it('pages requests list by status with the cursor it prints, and refuses a made-up one', async () => {
    const first = await stack.desk('requests', 'list', '--status', 'pending', '--limit', '1');
    expect(first.code, first.err).toBe(0);
    const more = /desk requests list --status pending --limit 1 --cursor (\S+)/.exec(first.out);
    expect(more).not.toBeNull();
    const second = await stack.desk('requests', 'list', '--status', 'pending', '--limit', '1', '--cursor', more![1]!);
    expect(second.code, second.err).toBe(0);
    const idOf = (out: string) => out.split('\n')[1]!.split(/\s+/)[0];
    expect(idOf(second.out)).not.toBe(idOf(first.out));
    const bad = await stack.desk('requests', 'list', '--status', 'pending', '--cursor', 'made-up');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--cursor is not one this list gave out');
    expect((await stack.desk('requests', 'list', '--cursor', more![1]!)).code).toBe(2);
  });
});
