/**
 * Staff see that an article lacks its canonical URL (issue 12, item 6): the staff overview lists the
 * articles of open requests and licenses whose record has none, and stops once it is given.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffPage } from '../../functions/views/staff.js';
import { formatDateTime } from '../../functions/views/html.js';
import { parseArticleFile } from '../../functions/application/import-content.js';
import { postJson, requestBody, startTestStack, type TestStack } from '../support/stack.js';
import { tableAccess } from '../support/table.js';

// The handler modules read their environment when loaded: import them once the stack has set it.
let gather: typeof import('../../functions/handlers/staff-view.js').gather;
let runLifecycle: typeof import('../../functions/handlers/lifecycle.js').runLifecycle;
let stack: TestStack;
let table: ReturnType<typeof tableAccess>;
const dir = mkdtempSync(join(tmpdir(), 'desk-staff-facts-'));

beforeAll(async () => {
  stack = await startTestStack();
  table = tableAccess(stack.urls.dynamodb);
  ({ gather } = await import('../../functions/handlers/staff-view.js'));
  ({ runLifecycle } = await import('../../functions/handlers/lifecycle.js'));
});
afterAll(async () => { await stack?.stop(); });

function sample(id: string, canonicalUrl?: string) {
  const r = parseArticleFile(readFileSync(resolve(import.meta.dirname, '../../data/sample-article.txt'), 'utf8'), { format: 'text', id, ...(canonicalUrl ? { canonicalUrl } : {}) });
  if (!r.ok) throw new Error(r.error);
  const file = join(dir, `${id}-${canonicalUrl ? 'with' : 'without'}.json`);
  writeFileSync(file, JSON.stringify(r.value));
  return file;
}

describe('the staff overview and articles without a canonical URL', () => {
  it('lists the article of an open request that has none, and drops it once a URL is imported', async () => {
    expect((await stack.desk('import-article', sample('pasted-no-url'))).code).toBe(0);
    const res = await postJson(stack, '/requests', requestBody({ articleId: 'pasted-no-url', use: { type: 'print-reprint', audience: 2000 }, requester: { email: 'facts@example.org' } }));
    expect(((await res.json()) as { status: string }).status).toBe('pending');

    const before = staffPage(await gather(table.repo, new Date())).html;
    expect(before).toContain('Articles without a canonical URL');
    expect(before).toMatch(/<li>Council backs plan to dredge the inner harbour before winter storms <span class="muted small code-inline">pasted-no-url<\/span><\/li>/);
    // The sample article has its URL (the loader gives it): it is not listed.
    expect(before).not.toContain('code-inline">harbour-dredging-plan</span></li>');

    expect((await stack.desk('import-article', sample('pasted-no-url', 'https://harbourledger.example/waterfront/pasted'))).code).toBe(0);
    const after = staffPage(await gather(table.repo, new Date())).html;
    expect(after).not.toContain('Articles without a canonical URL');
  });
});

/** The text of the "Next" cell in the pending table's row of one request. */
function nextCell(page: string, requestId: string): string {
  const row = new RegExp(`<tr><td class="code-inline">${requestId}</td>[\\s\\S]*?</tr>`).exec(page);
  expect(row, `a pending row for ${requestId}`).not.toBeNull();
  const cells = [...row![0].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1]!);
  return cells[cells.length - 1]!.trim();
}

describe('the staff overview\'s "Next" column for a request waiting for a decision', () => {
  // The row is read from the byStatus index: what the next step is needs the request's approvers
  // and whether a reminder went out (its mail), not only its status and dates.
  it('says "Reminder" at intake plus 48 hours, then "Expires" once the reminder went out', async () => {
    const res = await postJson(stack, '/requests', requestBody({ use: { type: 'print-reprint', audience: 3000 }, requester: { email: 'next-step@example.org' } }));
    const { requestId, status } = (await res.json()) as { requestId: string; status: string };
    expect(status).toBe('pending');
    const created = Date.parse((await table.repo.getRequest(requestId))!.createdAt);

    const before = nextCell(staffPage(await gather(table.repo, new Date(created + 60_000))).html, requestId);
    expect(before).toBe(`Reminder ${formatDateTime(new Date(created + 48 * 3_600_000).toISOString())}`);

    expect((await runLifecycle(new Date(created + 49 * 3_600_000))).reminded).toBeGreaterThanOrEqual(1);
    const after = nextCell(staffPage(await gather(table.repo, new Date(created + 50 * 3_600_000))).html, requestId);
    expect(after).toBe(`Expires ${formatDateTime(new Date(created + 14 * 86_400_000).toISOString())}`);
  });
});
