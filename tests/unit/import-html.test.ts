/** The HTML importer: JSON-LD first, then meta tags; the body from Readability, as paragraphs. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { articleSchema } from '../../functions/domain/article.js';
import { parseArticleHtml } from '../../functions/domain/import-html.js';
import { guessArticleFormat, parseArticleFile } from '../../functions/application/import-content.js';

const page = (name: string) => readFileSync(resolve(import.meta.dirname, '../fixtures/html', name), 'utf8');
const ok = (r: ReturnType<typeof parseArticleHtml>) => {
  if (!r.ok) throw new Error(r.error);
  expect(articleSchema.parse(r.article)).toEqual(r.article);
  return r;
};

describe('a saved page with NewsArticle JSON-LD', () => {
  const { article, metadata, warnings } = ok(parseArticleHtml(page('jsonld-news-article.html')));

  it('takes every field from the JSON-LD, not from og: tags or the <title>', () => {
    expect(article).toMatchObject({
      id: '2026-03-19-ferry-operator-orders-two-electric-boats-for-the-island-run',
      headline: 'Ferry operator orders two electric boats for the island run',
      byline: [{ name: 'Mariam Okafor' }, { name: 'Ruth Achterberg' }],
      publication: { name: 'The Harbour Ledger', copyrightHolder: 'Harbour Ledger Media Ltd' },
      // The instant as the publisher printed it, in its own zone (22:30 on the 19th, New York time).
      publishedAt: '2026-03-19T22:30:00-05:00',
      section: 'Waterfront',
      canonicalUrl: 'https://harbourledger.example/waterfront/2026/03/ferry-electric-boats',
      copyright: '© 2026 Harbour Ledger Media Ltd. All rights reserved.',
      rights: { owner: 'publisher' },
      images: [{ href: 'https://harbourledger.example/img/ferry.jpg', caption: 'The Saltmarsh ferry at the slipway.', credit: 'Jane Doe/The Harbour Ledger' }],
    });
    expect(metadata?.language).toBe('en');
    expect(metadata?.dateModified).toBe('2026-03-20T09:12:00-05:00');
    expect(Object.values(metadata!.sources).every((s) => s === 'json-ld')).toBe(true);
    expect(warnings).toEqual([]);
  });

  it('reduces the body to the article’s paragraphs, without byline, subheads, ads, captions or page furniture', () => {
    expect(article.body).toHaveLength(5);
    expect(article.body[0]).toMatch(/^Alder Sound Ferries has ordered two battery-electric boats/);
    expect(article.body[3]).toBe('The boats are due in the spring of 2028, after sea trials off the yard in the north.');
    expect(article.body[4]).toBe('The diesel ferries will be kept as spare vessels until the new boats have run for a full winter.');
    const json = JSON.stringify(article.body);
    for (const f of ['By Mariam', 'Advertisement', 'Quieter crossings', 'Photo: Jane', 'Most read', 'comment policy', 'Subscribe',
      'Privacy', 'dataLayer', 'display:flex', 'Share']) expect(json, f).not.toContain(f);
  });
});

describe('a saved page without JSON-LD', () => {
  const { article, metadata } = ok(parseArticleHtml(page('meta-only-blog.html')));

  it('falls back to OpenGraph and article meta tags', () => {
    expect(article).toMatchObject({
      id: '2025-11-04-le-marche-aux-poissons-demenage-au-quai-9',
      headline: 'Le marché aux poissons déménage au quai 9',
      byline: [{ name: 'Léa Morel' }], // meta author, not the article:author profile URL
      publication: { name: 'Le Courrier du Port', copyrightHolder: 'Le Courrier du Port' },
      publishedAt: '2025-11-04T06:15:00+01:00',
      section: 'Économie',
      canonicalUrl: 'https://courrierduport.example/2025/11/marche-quai-9',
      copyright: '© 2025 Le Courrier du Port. All rights reserved.',
      rights: { owner: 'publisher' },
      images: [{ href: 'https://courrierduport.example/photos/marche.jpg', caption: 'La halle du marché, un matin de novembre.' }],
    });
    expect(metadata?.language).toBe('fr');
    expect(metadata?.sources.headline).toBe('meta');
  });

  it('takes the body from Readability', () => {
    expect(article.body).toHaveLength(3);
    expect(article.body[0]).toMatch(/^La ville a confirmé mardi/);
    expect(article.body[2]).toMatch(/vendre directement sur le quai\.$/);
    expect(JSON.stringify(article)).not.toMatch(/cookies|Accepter|Partager|Accueil/);
  });
});

describe('wire copy and refusals', () => {
  const minimal = (extra: string, para = 'The council approved the dredging plan on Tuesday after a long debate that ran well past midnight and ended in a vote of six to one.') => `<!doctype html><html><head>
    <meta property="og:title" content="Plan approved"><meta property="og:site_name" content="The Harbour Ledger">
    <meta property="article:published_time" content="2026-03-14">${extra}</head><body><article><p>${para}</p><p>${para}</p></article></body></html>`;

  it('marks an agency author or a credit opening the text as third-party, photos included', () => {
    const byAgency = ok(parseArticleHtml(minimal(`<script type="application/ld+json">{"@type":"NewsArticle","author":{"@type":"Organization","name":"Meridian Wire Service"},"image":"https://x.example/a.jpg"}</script>`)));
    expect(byAgency.article.rights).toEqual({ owner: 'third-party', source: 'Meridian Wire Service' });
    expect(byAgency.article.images).toEqual([{ href: 'https://x.example/a.jpg', rightsOwner: 'third-party' }]);
    const byCredit = ok(parseArticleHtml(minimal('', 'KESTREL BAY (meridian wire service) — Grain shipments rose for a fifth month in May, port figures showed on Monday, as farmers cleared a backlog.')));
    expect(byCredit.article.rights).toEqual({ owner: 'third-party', source: 'Meridian Wire Service' });
  });

  it('keeps a bare date a date, and a time without a zone as its date only (the instant is unknown)', () => {
    expect(ok(parseArticleHtml(minimal(''))).article.publishedAt).toBe('2026-03-14');
    const zoneless = ok(parseArticleHtml(minimal('').replace('content="2026-03-14"', 'content="2026-03-14T08:00:00"')));
    expect(zoneless.article.publishedAt).toBe('2026-03-14');
    const offset = ok(parseArticleHtml(minimal('').replace('content="2026-03-14"', 'content="2026-03-14T08:00+0530"')));
    expect(offset.article.publishedAt).toBe('2026-03-14T08:00:00+05:30');
    expect(offset.article.id).toMatch(/^2026-03-14-plan-approved/);
  });

  it('skips unreadable JSON-LD and says what is missing', () => {
    expect(ok(parseArticleHtml(minimal('<script type="application/ld+json">{ not json</script>'))).article.headline).toBe('Plan approved');
    const noDate = parseArticleHtml(minimal('').replace('<meta property="article:published_time" content="2026-03-14">', ''));
    expect(noDate).toEqual({ ok: false, error: expect.stringMatching(/^no publication date found/) });
    expect(parseArticleHtml('plain words, no tags')).toEqual({ ok: false, error: expect.stringMatching(/not HTML/) });
  });

  it('is detected by extension or content, and parsed through the same entry as the other formats', () => {
    expect(guessArticleFormat('page.html', '')).toBe('html');
    expect(guessArticleFormat('page', '  <!DOCTYPE html><html>')).toBe('html');
    expect(guessArticleFormat('page', 'The Harbour Ledger — March 14, 2026')).toBe('text');
    const r = parseArticleFile(page('meta-only-blog.html'), { format: 'html', id: 'marche-quai-9' });
    expect(r.ok && r.value.id).toBe('marche-quai-9');
  });
});

describe('a page with neither JSON-LD nor an author meta tag', () => {
  it('takes the author from the byline Readability finds', () => {
    const html = `<!doctype html><html lang="en"><head><meta property="og:title" content="Gull Lane renamed">
      <meta property="og:site_name" content="The Harbour Ledger"><meta property="article:published_time" content="2026-05-02T10:00:00Z"></head>
      <body><article><h1>Gull Lane renamed</h1><p class="byline">By Tobias Ekwueme</p>
      <p>The council voted on Tuesday to rename Gull Lane after the lifeboat crew who rescued eleven fishermen in the storm of 1953.</p>
      <p>New signs go up in June, and residents will not need to change their addresses until the end of the year, the council said.</p></article></body></html>`;
    const r = parseArticleHtml(html);
    if (!r.ok) throw new Error(r.error);
    expect(r.article.byline).toEqual([{ name: 'Tobias Ekwueme' }]);
    expect(r.article.body).toHaveLength(2);
    expect(r.warnings).toEqual([]);
  });
});
