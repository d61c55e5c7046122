/**
 * The import commands of `desk`, run through main() against a live dynalite as staff would run them.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack.js';
import { tableAccess } from '../support/table.js';

let stack: TestStack;
let table: ReturnType<typeof tableAccess>;
const dir = mkdtempSync(join(tmpdir(), 'desk-'));

const desk = (...argv: string[]) => stack.desk(...argv);

beforeAll(async () => {
  stack = await startTestStack({ loadSamples: false });
  table = tableAccess(stack.urls.dynamodb);
});
afterAll(async () => { await stack?.stop(); });

describe('desk import-article', () => {
  it('--dry-run prints the parsed record as JSON and writes nothing', async () => {
    const r = await desk('import-article', 'data/sample-article.txt', '--dry-run', '--id', 'dredging');
    expect(r.code).toBe(0);
    const article = JSON.parse(r.out);
    expect(article).toMatchObject({ id: 'dredging', publication: { name: 'The Harbour Ledger' }, publishedAt: '2024-09-18', section: 'Waterfront' });
    expect(article.copyright).toContain('2024');
    expect(JSON.stringify(article)).not.toMatch(/reprint permission|comments/i);
    expect(await table.countItems()).toBe(0);
  });

  it('imports text and JSON, keeps revisions, and survives a re-import', async () => {
    expect((await desk('import-article', 'data/sample-article.txt', '--id', 'dredging')).code).toBe(0);
    const again = await desk('import-article', 'data/sample-article.txt', '--id', 'dredging', '--json');
    expect(JSON.parse(again.out)).toEqual([{ id: 'dredging', revision: 2 }]);
    expect((await desk('import-article', 'data/sample-article-2.json')).code).toBe(0);
    expect((await table.repo.getArticle('dredging'))?.article.headline).toMatch(/dredge/);
  });

  it('imports a saved HTML page, detected by its extension or its content', async () => {
    const r = await desk('import-article', 'tests/fixtures/html/jsonld-news-article.html', '--json');
    expect(r.code, r.err).toBe(0);
    const id = '2026-03-19-ferry-operator-orders-two-electric-boats-for-the-island-run';
    expect(JSON.parse(r.out)).toEqual([{ id, revision: 1 }]);
    expect((await table.repo.getArticle(id))?.article).toMatchObject({ section: 'Waterfront', images: [{ href: 'https://harbourledger.example/img/ferry.jpg' }] });
    const noExtension = join(dir, 'saved-page');
    writeFileSync(noExtension, readFileSync('tests/fixtures/html/meta-only-blog.html', 'utf8'));
    const dry = await desk('import-article', noExtension, '--dry-run');
    expect(dry.code, dry.err).toBe(0);
    expect(JSON.parse(dry.out)).toMatchObject({ headline: 'Le marché aux poissons déménage au quai 9', publishedAt: '2025-11-04T06:15:00+01:00' });
    expect((await desk('import-article', noExtension, '--format', 'pdf')).code).toBe(2);
  });

  it('unreadable input: a one-line error, a non-zero exit, nothing written', async () => {
    const before = await table.countItems();
    const binary = join(dir, 'photo.txt');
    writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0xff, 0x00]));
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, '');
    const badJson = join(dir, 'bad.json');
    writeFileSync(badJson, JSON.stringify({ id: 'x', headline: '' }));
    for (const file of [binary, empty, badJson, join(dir, 'missing.txt')]) {
      const r = await desk('import-article', file);
      expect(r.code, file).not.toBe(0);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
    expect((await desk('import-article', badJson)).err).toMatch(/headline/);
    expect(await table.countItems()).toBe(before);
  });
});

describe('the canonical URL and the language, from the import to what staff see', () => {
  it('an import without a canonical URL says so in one line; --canonical-url and --language fill the record', async () => {
    const without = await desk('import-article', 'data/sample-article.txt', '--id', 'facts-missing');
    expect(without.code, without.err).toBe(0);
    expect(without.err.split('\n').filter((l) => l.includes('no canonical URL'))).toHaveLength(1);
    const withUrl = await desk('import-article', 'data/sample-article.txt', '--id', 'facts-known', '--canonical-url', 'https://harbourledger.example/waterfront/dredging', '--language', 'en');
    expect(withUrl.code, withUrl.err).toBe(0);
    expect(withUrl.err).not.toContain('no canonical URL');
    expect((await table.repo.getArticle('facts-known'))?.article).toMatchObject({ canonicalUrl: 'https://harbourledger.example/waterfront/dredging', language: 'en' });
    const refused = await desk('import-article', 'data/sample-article.txt', '--id', 'facts-bad', '--language', 'xx');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('language');
    expect(await table.repo.getArticle('facts-bad')).toBeUndefined();
  });

  it('desk articles show marks a missing canonical URL and language; --json lists them', async () => {
    const shown = await desk('articles', 'show', 'facts-missing', 'facts-known');
    expect(shown.code, shown.err).toBe(0);
    const [missing, known] = shown.out.split('\n\n');
    expect(missing).toMatch(/Canonical URL\s+MISSING/);
    expect(missing).toContain('missing canonicalUrl: licensed copies, embeds and feeds claim no canonical link');
    expect(missing).toContain('missing language:');
    expect(known).toContain('https://harbourledger.example/waterfront/dredging');
    expect(known).not.toContain('MISSING');
    const json = JSON.parse((await desk('articles', 'show', 'facts-missing', '--json')).out) as { id: string; missing: string[] }[];
    expect(json).toEqual([expect.objectContaining({ id: 'facts-missing', missing: ['canonicalUrl', 'language'] })]);
    const unknown = await desk('articles', 'show', 'no-such-article');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('no article no-such-article');
  });
});

describe('desk import-terms', () => {
  it('imports a YAML rate card and names a bad field clearly', async () => {
    const ok = await desk('import-terms', 'data/rate-card.harbour-ledger.yaml');
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('the-harbour-ledger');
    expect((await table.repo.getEffectiveRateCard('the-harbour-ledger'))?.uses['web-republication'].fees.tiers[0]?.amount).toBe(15000);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'publicationId: x\nuses:\n  web-republication:\n    offered: maybe\n');
    const r = await desk('import-terms', bad);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/uses\.web-republication\.offered/);
  });

  it('reports an unknown command with usage exit code 2', async () => {
    expect((await desk('frobnicate')).code).toBe(2);
  });
});
