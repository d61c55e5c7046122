/**
 * The syndication feeds, read back by an independent feed reader (rss-parser, strict XML underneath)
 * and, for JSON Feed 1.1, checked against the spec's required fields with zod.
 */
import { describe, expect, it } from 'vitest';
import Parser from 'rss-parser';
import { z } from 'zod';
import type { Article } from '../../functions/domain/article.js';
import {
  WITHDRAWN_PREFIX, escapeXml, etagOf, matchesIfNoneMatch, renderJsonFeed, renderRss, type Feed, type FeedItem,
} from '../../functions/views/feeds.js';
import { mayRun } from '../../functions/application/syndication.js';

/** JSON Feed 1.1 (https://jsonfeed.org/version/1.1): what a feed and its items MUST have, and the shapes of what we use. */
const rfc3339 = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
export const jsonFeedSchema = z.object({
  version: z.literal('https://jsonfeed.org/version/1.1'),
  title: z.string().min(1),
  home_page_url: z.url().optional(),
  feed_url: z.url().optional(),
  description: z.string().optional(),
  language: z.string().optional(),
  authors: z.array(z.object({ name: z.string().optional(), url: z.string().optional(), avatar: z.string().optional() })).optional(),
  items: z.array(z.object({
    id: z.string().min(1),
    url: z.url().optional(),
    title: z.string().optional(),
    content_html: z.string().optional(),
    content_text: z.string().optional(),
    date_published: rfc3339.optional(),
    date_modified: rfc3339.optional(),
    authors: z.array(z.object({ name: z.string() })).optional(),
    tags: z.array(z.string()).optional(),
  }).loose().refine((i) => i.content_html !== undefined || i.content_text !== undefined, 'an item needs content_html or content_text')
    .refine((i) => Object.keys(i).every((k) => k.startsWith('_') || [
      'id', 'url', 'external_url', 'title', 'content_html', 'content_text', 'summary', 'image', 'banner_image',
      'date_published', 'date_modified', 'authors', 'tags', 'language', 'attachments',
    ].includes(k)), 'unknown item fields must be extensions starting with an underscore')),
}).loose();

const hostile = 'Fish & chips <b>bold</b> "quoted" \'single\' ]]> \u0001bell\u0008 \uFFFE lone\uD800 surrogate </description></item></channel>';

function item(over: Partial<FeedItem> = {}): FeedItem {
  return {
    id: 'urn:reprintdesk:article:harbour-dredging-plan',
    url: 'https://harbourledger.example/waterfront/dredging?a=1&b=2',
    title: 'Council backs plan to dredge the inner harbour',
    withdrawn: false,
    pubstatus: 'usable',
    datePublished: '2024-09-18T00:00:00Z',
    authors: ['Maren Holt', 'Tobias Ekwueme'],
    paragraphs: ['First paragraph.', 'Second paragraph.'],
    attribution: '“Council backs plan” by Maren Holt, first published in The Harbour Ledger.',
    usageterms: 'Syndicated to Coastal Daily for web republication.',
    section: 'Waterfront',
    copyright: '© 2024 The Harbour Ledger.',
    ...over,
  };
}

function feed(items: FeedItem[]): Feed {
  return {
    title: 'The Harbour Ledger — syndication feed for Coastal Daily',
    description: 'Articles Coastal Daily may run.',
    homeUrl: 'https://desk.example',
    feedUrl: { rss: 'https://desk.example/syndication/feed?format=rss', json: 'https://desk.example/syndication/feed?format=json' },
    language: 'en',
    publication: 'The Harbour Ledger',
    updated: '2026-06-02T10:00:00.000Z',
    items,
  };
}

const parser = new Parser({ customFields: { item: ['rd:pubstatus', 'rd:attribution', 'rd:usageterms', 'dc:rights'] } });

describe('RSS 2.0', () => {
  it('parses in a feed reader with every item field', async () => {
    const xml = renderRss(feed([item(), item({ id: 'urn:x:2', title: 'Withdrawn story', withdrawn: true, pubstatus: 'canceled', paragraphs: [] })]));
    const parsed = await parser.parseString(xml);
    expect(parsed.title).toBe('The Harbour Ledger — syndication feed for Coastal Daily');
    expect(parsed.items).toHaveLength(2);
    const [a, w] = parsed.items;
    expect(a!.title).toBe('Council backs plan to dredge the inner harbour');
    expect(a!.link).toBe('https://harbourledger.example/waterfront/dredging?a=1&b=2');
    expect(a!.guid).toBe('urn:reprintdesk:article:harbour-dredging-plan');
    expect(a!.pubDate).toBe('Wed, 18 Sep 2024 00:00:00 GMT');
    expect(a!.creator).toBe('Maren Holt');
    expect(a!.content).toContain('<p>First paragraph.</p>');
    expect(a!.content).toContain('first published in The Harbour Ledger');
    expect(a!.content).toContain('Usage terms: Syndicated to Coastal Daily');
    expect(a!['rd:pubstatus']).toBe('usable');
    expect(w!.title).toBe(`${WITHDRAWN_PREFIX}Withdrawn story`);
    expect(w!['rd:pubstatus']).toBe('canceled');
    expect(w!.content).toContain('has been withdrawn');
    expect(w!.content).not.toContain('First paragraph');
  });

  it('hostile text in every field still parses, and reads back as the same text (minus what XML forbids)', async () => {
    const xml = renderRss(feed([item({ title: hostile, authors: [hostile], paragraphs: [hostile], attribution: hostile, usageterms: hostile, section: hostile, copyright: hostile, url: `https://x.example/?q=<"'>&x=]]>` })]));
    // eslint-disable-next-line no-control-regex
    expect(xml).not.toMatch(/[\u0001\u0008\uFFFE]/);
    const parsed = await parser.parseString(xml);
    // eslint-disable-next-line no-control-regex
    const clean = hostile.replace(/[\u0001\u0008\uFFFE]|\uD800/g, '');
    expect(parsed.items[0]!.title).toBe(clean);
    expect(parsed.items[0]!['rd:attribution']).toBe(clean);
    // The description is HTML: the hostile markup in it is escaped once more, as text.
    expect(parsed.items[0]!.content).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect(parsed.items[0]!.content).not.toContain('<b>');
  });

  it('the reader is strict: an unescaped ampersand or a broken tag is rejected (so passing means well-formed)', async () => {
    await expect(parser.parseString('<rss version="2.0"><channel><title>a & b</title></channel></rss>')).rejects.toThrow();
    await expect(parser.parseString('<rss version="2.0"><channel><title>a</titl></channel></rss>')).rejects.toThrow();
  });

  it('escapeXml escapes the five specials and drops forbidden characters', () => {
    expect(escapeXml(`<a href="x">&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
    expect(escapeXml('a\u0000b\u001Fc\tok\n')).toBe('abc\tok\n');
    expect(escapeXml('emoji 😀 stays')).toBe('emoji 😀 stays');
  });

  it('renders the same bytes for the same input (a stable ETag)', () => {
    const f = feed([item()]);
    expect(etagOf(renderRss(f))).toBe(etagOf(renderRss(structuredClone(f))));
    expect(etagOf(renderRss(f))).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
  });
});

describe('an item without a canonical URL claims none', () => {
  it('RSS has no <link> for it and JSON Feed no url; the language shows when known', async () => {
    const { url: _url, ...bare } = item();
    const rss = renderRss(feed([{ ...bare, language: 'fr' }]));
    const parsed = await parser.parseString(rss);
    expect(parsed.items[0]!.link).toBeUndefined();
    expect(rss).toContain('<dc:language>fr</dc:language>');
    const json = renderJsonFeed({ ...feed([{ ...bare, language: 'fr' }]), language: undefined });
    expect(json.items[0]).not.toHaveProperty('url');
    expect(json.items[0]).toMatchObject({ language: 'fr' });
    expect(json).not.toHaveProperty('language');
  });
});

describe('JSON Feed 1.1', () => {
  it('satisfies the spec, with the _reprintdesk extension on every item', () => {
    const json = renderJsonFeed(feed([item(), item({ id: 'urn:x:2', withdrawn: true, pubstatus: 'canceled', paragraphs: [], dateModified: '2026-06-03T08:00:00.000Z' })]));
    const parsed = jsonFeedSchema.parse(JSON.parse(JSON.stringify(json)));
    expect(parsed.items).toHaveLength(2);
    const [a, w] = json.items;
    expect(a).toMatchObject({ id: 'urn:reprintdesk:article:harbour-dredging-plan', url: 'https://harbourledger.example/waterfront/dredging?a=1&b=2', date_published: '2024-09-18T00:00:00Z', authors: [{ name: 'Maren Holt' }, { name: 'Tobias Ekwueme' }] });
    expect(a!._reprintdesk).toMatchObject({ pubstatus: 'usable', withdrawn: false, attribution: expect.stringContaining('first published') as unknown, usageterms: expect.stringContaining('Coastal Daily') as unknown });
    expect(a!.content_text).toContain('First paragraph.\n\nSecond paragraph.');
    expect(w!.title).toBe(`${WITHDRAWN_PREFIX}Council backs plan to dredge the inner harbour`);
    expect(w!.content_text).not.toContain('First paragraph');
    expect(w!._reprintdesk.pubstatus).toBe('canceled');
    expect(w!.tags).toContain('withdrawn');
  });

  it('content_html escapes hostile text', () => {
    const json = renderJsonFeed(feed([item({ paragraphs: ['<script>alert(1)</script>'], title: '<img src=x onerror=alert(1)>' })]));
    expect(json.items[0]!.content_html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(json.items[0]!.content_html).not.toContain('<script');
    expect(json.items[0]!.title).toBe('<img src=x onerror=alert(1)>'); // a title is plain text in JSON Feed
  });
});

describe('what a partner may run', () => {
  const article = (over: Partial<Article> = {}): Article => ({
    id: 'a', headline: 'h', byline: [], publication: { name: 'P', copyrightHolder: 'P' }, publishedAt: '2026-06-01',
    body: ['x'], copyright: '©', rights: { owner: 'publisher' }, ...over,
  });
  const partner = { embargoMinutes: 90, use: 'web-republication' as const };

  it('publishedAt is a date, taken as 00:00 UTC; the embargo runs from there', () => {
    expect(mayRun(partner, article(), new Date('2026-06-01T01:29:59Z'))).toBe(false);
    expect(mayRun(partner, article(), new Date('2026-06-01T01:30:00Z'))).toBe(true);
    expect(mayRun({ ...partner, embargoMinutes: 0 }, article(), new Date('2026-05-31T23:59:59Z'))).toBe(false);
  });

  it('never third-party content, nothing under its own embargo, nothing whose use is excluded', () => {
    const later = new Date('2026-07-01T00:00:00Z');
    expect(mayRun(partner, article({ rights: { owner: 'third-party', source: 'Wire' } }), later)).toBe(false);
    expect(mayRun(partner, article({ rights: { owner: 'publisher', embargoUntil: '2026-07-02' } }), later)).toBe(false);
    expect(mayRun(partner, article({ rights: { owner: 'publisher', embargoUntil: '2026-07-01' } }), later)).toBe(true);
    expect(mayRun(partner, article({ rights: { owner: 'publisher', excludedUses: ['web-republication'] } }), later)).toBe(false);
    // Withdrawn articles are listed (as withdrawn), not dropped.
    expect(mayRun(partner, article({ pubstatus: 'canceled' }), later)).toBe(true);
  });

  it('If-None-Match: exact, listed, weak-prefixed and * all match; others do not', () => {
    const etag = '"abc"';
    expect(matchesIfNoneMatch('"abc"', etag)).toBe(true);
    expect(matchesIfNoneMatch('"x", W/"abc"', etag)).toBe(true);
    expect(matchesIfNoneMatch('*', etag)).toBe(true);
    expect(matchesIfNoneMatch('"abd"', etag)).toBe(false);
    expect(matchesIfNoneMatch(undefined, etag)).toBe(false);
  });
});
