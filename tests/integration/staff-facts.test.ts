/**
 * Staff see that an article lacks its canonical URL (issue 12, item 6): the staff overview lists the
 * articles of open requests and licenses whose record has none, and stops once it is given.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffPage } from '../../functions/views/staff.js';
import { parseArticleFile } from '../../functions/application/import-content.js';
import { postJson, requestBody, startTestStack, type TestStack } from '../support/stack.js';
import { tableAccess } from '../support/table.js';

// The handler module reads its environment when loaded: import it once the stack has set it.
let gather: typeof import('../../functions/handlers/staff-view.js').gather;
let stack: TestStack;
let table: ReturnType<typeof tableAccess>;
const dir = mkdtempSync(join(tmpdir(), 'desk-staff-facts-'));

beforeAll(async () => {
  stack = await startTestStack();
  table = tableAccess(stack.urls.dynamodb);
  ({ gather } = await import('../../functions/handlers/staff-view.js'));
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
