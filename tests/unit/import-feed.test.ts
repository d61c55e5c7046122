/** Reading feeds into article records: Atom, JSON Feed 1.1 and ninjs files; failing items never half-parsed. */
import { describe, expect, it } from 'vitest';
import { feedItemId, readFeed } from '../../functions/domain/import-feed.js';

const atom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>The Valley Courier</title>
  <id>urn:uuid:valley-courier</id>
  <updated>2026-02-01T10:00:00Z</updated>
  <entry>
    <title>Library bond passes</title>
    <link href="https://valleycourier.example/local/library-bond-passes"/>
    <id>urn:uuid:1</id>
    <published>2026-02-01T09:00:00+01:00</published>
    <updated>2026-02-01T10:00:00Z</updated>
    <author><name>Dana Whitcombe</name></author>
    <content type="html">&lt;p&gt;Voters approved the bond.&lt;/p&gt;&lt;p&gt;Work starts next year.&lt;/p&gt;</content>
  </entry>
</feed>`;

describe('readFeed', () => {
  it('reads Atom entries with their content', async () => {
    const r = await readFeed(atom);
    if (!r.ok) throw new Error(r.error);
    expect(r.format).toBe('rss');
    const e = r.entries[0]!;
    if (!e.result.ok) throw new Error(e.result.reasons.join());
    expect(e.result.article).toMatchObject({
      id: 'library-bond-passes', headline: 'Library bond passes', publishedAt: '2026-02-01T09:00:00+01:00',
      publication: { name: 'The Valley Courier', copyrightHolder: 'The Valley Courier' },
      body: ['Voters approved the bond.', 'Work starts next year.'], copyright: '© 2026 The Valley Courier. All rights reserved.',
    });
  });

  it('reads a JSON Feed 1.1, item by item, reporting a failing item with its reasons', async () => {
    const feed = {
      version: 'https://jsonfeed.org/version/1.1', title: 'The Harbour Ledger', authors: [{ name: 'Desk Staff' }],
      items: [
        { id: 'https://harbourledger.example/a/tide-gauge', url: 'https://harbourledger.example/a/tide-gauge', title: 'New tide gauge', content_text: 'One.\n\nTwo.', date_published: '2026-03-01T08:00:00+01:00', tags: ['Waterfront'], authors: [{ name: 'Maren Holt' }] },
        { id: 'x2', title: 'No body', date_published: '2026-03-01T08:00:00Z' },
      ],
    };
    const r = await readFeed(JSON.stringify(feed));
    if (!r.ok) throw new Error(r.error);
    expect(r.format).toBe('jsonfeed');
    expect(r.entries[0]!.result).toMatchObject({ ok: true, article: { id: 'tide-gauge', section: 'Waterfront', byline: [{ name: 'Maren Holt' }], body: ['One.', 'Two.'], publishedAt: '2026-03-01T08:00:00+01:00' } });
    expect(r.entries[1]!.result).toEqual({ ok: false, reasons: ['body: an article needs at least one paragraph'] });
  });

  it('keeps an RSS pubDate as the instant in the feed\'s own offset, and a bare date as a date', async () => {
    const rss = (pubDate: string) => `<?xml version="1.0"?><rss version="2.0"><channel><title>The Harbour Ledger</title><link>https://harbourledger.example/</link><description>News</description>
      <item><title>Ferry timetable</title><link>https://harbourledger.example/a/ferry-timetable</link><guid>g-1</guid><pubDate>${pubDate}</pubDate><description>&lt;p&gt;Boats run late.&lt;/p&gt;</description></item></channel></rss>`;
    const at = async (pubDate: string) => {
      const r = await readFeed(rss(pubDate));
      if (!r.ok || !r.entries[0]!.result.ok) throw new Error(JSON.stringify(r));
      return r.entries[0]!.result.article;
    };
    expect(await at('Thu, 31 Dec 2026 23:30:00 -0500')).toMatchObject({ id: 'ferry-timetable', publishedAt: '2026-12-31T23:30:00-05:00', copyright: expect.stringMatching(/^© 2026 /) });
    expect((await at('Tue, 01 Dec 2026 18:00:00 GMT')).publishedAt).toBe('2026-12-01T18:00:00Z');
  });

  it('reads a ninjs file with the publication given, and asks for it otherwise', async () => {
    const items = [{ uri: 'urn:harbourledger:1', version: '1', headline: 'H', body_text: 'P.', firstcreated: '2026-03-01T00:00:00Z' }];
    expect(await readFeed(JSON.stringify(items))).toEqual({ ok: false, error: expect.stringMatching(/--publication/) });
    const r = await readFeed(JSON.stringify({ items }), { publication: 'The Harbour Ledger' });
    expect(r.ok && r.entries[0]!.result).toMatchObject({ ok: true, article: { headline: 'H', id: expect.stringMatching(/^feed-[0-9a-f]{20}$/) } });
  });

  it('gives an item the same id on every run', () => {
    expect(feedItemId('https://x.example/news/story-one.html', 'g', 'H', '2026-01-01')).toBe('story-one');
    expect(feedItemId('https://x.example/?p=12', 'guid-12', 'H', '2026-01-01')).toBe(feedItemId(undefined, 'guid-12', 'Other', '2027-01-01'));
  });
});
