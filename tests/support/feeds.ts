/** Generated feeds for import tests: fictional articles of The Harbour Ledger. */
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface FeedItemSpec { n: number; title?: string; date?: string; content?: string; author?: string; link?: string }

export function rssFeed(items: FeedItemSpec[], title = 'The Harbour Ledger'): string {
  const item = (i: FeedItemSpec) => {
    const link = i.link ?? `https://harbourledger.example/news/feed-story-${i.n}`;
    const content = i.content ?? `<p>Story ${i.n}: the harbour commission met on Monday &amp; agreed the next step.</p><p>Work starts in ${1 + (i.n % 12)} weeks, the commission said.</p>`;
    return `  <item>
    <title>${esc(i.title ?? `Harbour story number ${i.n}`)}</title>
    <link>${link}</link>
    <guid isPermaLink="true">${link}</guid>
    <pubDate>${i.date ?? new Date(Date.UTC(2026, 0, 1 + (i.n % 300), 9)).toUTCString()}</pubDate>
    <dc:creator>${esc(i.author ?? 'Maren Holt')}</dc:creator>
    <category>Waterfront</category>
    <content:encoded><![CDATA[${content}]]></content:encoded>
  </item>`;
  };
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>${esc(title)}</title>
  <link>https://harbourledger.example/</link>
  <description>News from the harbour</description>
  <copyright>© 2026 The Harbour Ledger</copyright>
${items.map(item).join('\n')}
</channel>
</rss>
`;
}
