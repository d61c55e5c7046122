/** What a CMS may push: the record with its revision, or a ninjs item mapped onto the record. */
import { describe, expect, it } from 'vitest';
import { canonicalJson, htmlParagraphs, looksLikeNinjs, pushedArticle } from '../../functions/domain/article-push.js';
import { parseArticleFile } from '../../functions/application/import-content.js';

const ctx = { id: 'story', publicationName: 'The Harbour Ledger' };
const ninjs = (over: Record<string, unknown> = {}) => ({
  uri: 'urn:newsml:harbourledger.example:2026:story', version: '4', firstcreated: '2026-03-14T22:00:00-05:00',
  headline: 'Harbour plan approved', byline: 'Jane Doe', body_text: 'First paragraph.\n\nSecond\nparagraph.', ...over,
});

describe('ninjs items', () => {
  it('maps ninjs 1.x fields, keeping the instant in the publisher\'s offset and the revision from version', () => {
    const r = pushedArticle(ninjs({ copyrightnotice: '© 2026 The Harbour Ledger', ednote: 'Correction: the vote was 6–1, not 5–2.' }), ctx);
    expect(r).toEqual({ ok: true, revision: 4, article: {
      id: 'story', headline: 'Harbour plan approved', byline: [{ name: 'Jane Doe' }],
      publication: { name: 'The Harbour Ledger', copyrightHolder: 'The Harbour Ledger' }, publishedAt: '2026-03-14T22:00:00-05:00',
      body: ['First paragraph.', 'Second paragraph.'], copyright: '© 2026 The Harbour Ledger', rights: { owner: 'publisher' },
      pubstatus: 'corrected', correction: 'the vote was 6–1, not 5–2.',
    } });
  });

  it('keeps a bare date a date, and falls back to versioncreated, normalising its offset', () => {
    const dated = pushedArticle(ninjs({ firstcreated: '2026-03-14' }), ctx);
    expect(dated.ok && dated.article.publishedAt).toBe('2026-03-14');
    const versioned = pushedArticle(ninjs({ firstcreated: undefined, versioncreated: '2026-03-15T06:30+0100' }), ctx);
    expect(versioned.ok && versioned.article.publishedAt).toBe('2026-03-15T06:30:00+01:00');
    const zoneless = pushedArticle(ninjs({ firstcreated: '2026-03-14T22:00:00' }), ctx);
    expect(zoneless.ok && zoneless.article.publishedAt).toBe('2026-03-14');
  });

  it('treats withheld and canceled alike: licensees must stop', () => {
    for (const pubstatus of ['withheld', 'canceled']) {
      const r = pushedArticle(ninjs({ pubstatus }), ctx);
      expect(r.ok && r.article.pubstatus).toBe('canceled');
    }
  });

  it('refuses what the record cannot hold, naming the field', () => {
    const r = pushedArticle(ninjs({ version: 'v4' }), ctx);
    expect(!r.ok && r.error.issues[0]?.path).toEqual(['version']);
    const noBody = pushedArticle(ninjs({ body_text: '' }), ctx);
    expect(!noBody.ok && noBody.error.issues[0]?.path).toEqual(['body']);
  });

  it('reads body_html as paragraphs, linearly and without running anything', () => {
    expect(htmlParagraphs('<p>One &amp; two</p><script>alert(1)</script><p>Three<br>four</p><div>five &#8212; six</div>'))
      .toEqual(['One & two', 'Three', 'four', 'five — six']);
    const hostile = '<p'.repeat(50_000) + '<script'.repeat(10_000);
    expect(Array.isArray(htmlParagraphs(hostile))).toBe(true);
  });
});

describe('records', () => {
  it('takes the id from the path and the revision apart from the article', () => {
    const r = pushedArticle({ revision: 2, headline: 'H', byline: [], publication: { name: 'The Harbour Ledger', copyrightHolder: 'X' },
      publishedAt: '2026-03-14', body: ['P'], copyright: '© 2026 X', rights: { owner: 'publisher' } }, ctx);
    expect(r.ok && r.article.id).toBe('story');
    expect(r.ok && r.revision).toBe(2);
    expect(r.ok && 'revision' in r.article).toBe(false);
    expect(looksLikeNinjs({ revision: 1 })).toBe(false);
    expect(looksLikeNinjs({ uri: 'x', version: '1' })).toBe(true);
  });

  it('refuses ill-formed Unicode anywhere, naming where (issue 11)', () => {
    const r = pushedArticle(JSON.parse('{"revision":1,"headline":"H","byline":[{"name":"A\\ud800"}]}'), ctx);
    expect(!r.ok && r.error.issues[0]).toMatchObject({ path: ['byline', 0, 'name'], message: expect.stringMatching(/lone surrogate/) });
    const file = parseArticleFile('{"id":"x","headline":"\\udc00"}', { format: 'json' });
    expect(file).toEqual({ ok: false, error: 'invalid article: headline: not well-formed Unicode (a lone surrogate)' });
  });

  it('compares content regardless of key order', () => {
    expect(canonicalJson({ b: 1, a: [{ y: 2, x: 1 }] })).toBe(canonicalJson({ a: [{ x: 1, y: 2 }], b: 1 }));
  });
});
