/**
 * Syndication partners over HTTP on the local stack: `desk partners add` gives a key once; the feed
 * in RSS 2.0 and JSON Feed 1.1 parses in an independent reader, holds only what the partner may run
 * (its sections, past the embargo, never third-party), lists withdrawn articles as withdrawn,
 * answers 304 to a matching If-None-Match, 401 alike for missing/unknown/revoked keys, 429 past the
 * daily limit.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Article } from '../../functions/domain/article.js';
import { hashToken } from '../../functions/domain/tokens.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { tableAccess } from '../support/table.js';

let stack: TestStack;
const dir = mkdtempSync(join(tmpdir(), 'desk-syndication-'));
const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

const desk = (...argv: string[]) => stack.desk(...argv);

function article(id: string, over: Partial<Article> = {}): Article {
  return {
    id, headline: `Headline of ${id}`, byline: [{ name: 'Priyanka Duval' }],
    publication: { name: 'The Harbour Ledger', copyrightHolder: 'The Harbour Ledger' },
    publishedAt: daysAgo(3), section: 'Waterfront', canonicalUrl: `https://harbourledger.example/${id}`,
    body: [`First paragraph of ${id}.`, 'Second paragraph.'], copyright: '© The Harbour Ledger.', rights: { owner: 'publisher' }, ...over,
  };
}

async function importArticles(articles: Article[]) {
  for (const a of articles) {
    const file = join(dir, `${a.id}.json`);
    writeFileSync(file, JSON.stringify(a));
    const r = await desk('import-article', file);
    expect(r.code, r.err).toBe(0);
  }
}

async function addPartner(...args: string[]) {
  const r = await desk('partners', 'add', ...args, '--json');
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as { partnerId: string; apiKey: string; sections: string[] };
}

const feed = (key: string | undefined, format: 'rss' | 'json', headers: Record<string, string> = {}) =>
  stack.api(`/syndication/feed?format=${format}`, { headers: { ...(key !== undefined ? { 'x-api-key': key } : {}), ...headers } });

const jsonFeedSchema = z.object({
  version: z.literal('https://jsonfeed.org/version/1.1'),
  title: z.string().min(1),
  items: z.array(z.object({
    id: z.string().min(1),
    // JSON Feed 1.1: url is optional; an article without a canonical URL claims none.
    url: z.url().optional(),
    language: z.string().optional(),
    title: z.string(),
    content_html: z.string().optional(),
    content_text: z.string().optional(),
    date_published: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/),
    authors: z.array(z.object({ name: z.string() })),
    _reprintdesk: z.object({ attribution: z.string().min(1), usageterms: z.string().min(1), pubstatus: z.enum(['usable', 'corrected', 'canceled']), withdrawn: z.boolean() }),
  }).refine((i) => i.content_html !== undefined || i.content_text !== undefined)),
});

const rss = new Parser({ customFields: { item: ['rd:pubstatus', 'rd:attribution', 'rd:usageterms'] } });

let waterfront: { partnerId: string; apiKey: string };

beforeAll(async () => {
  stack = await startTestStack();
  await importArticles([
    article('waterfront-old', { publishedAt: daysAgo(10) }),
    article('waterfront-today', { publishedAt: today() }),                       // inside a 2-day embargo
    article('waterfront-withdrawn', { publishedAt: daysAgo(5), pubstatus: 'canceled', correction: 'Withdrawn: the source retracted.' }),
    article('waterfront-wire', { rights: { owner: 'third-party', source: 'Meridian Wire Service' } }),
    article('waterfront-own-embargo', { rights: { owner: 'publisher', embargoUntil: '2099-01-01' } }),
    article('waterfront-no-web', { rights: { owner: 'publisher', excludedUses: ['web-republication'] } }),
    article('sports-story', { section: 'Sports' }),
    article('hostile-story', { section: 'Region', headline: 'Tides & <b>"rates"</b> ]]> \u0001', body: ['<script>alert(1)</script> & more'] }),
  ]);
  waterfront = await addPartner('--name', 'Coastal Daily', '--publication', 'the-harbour-ledger', '--sections', 'Waterfront,Region',
    '--embargo-minutes', String(2 * 24 * 60), '--use', 'web-republication', '--daily-limit', '1000');
});
afterAll(async () => { await stack?.stop(); });

describe('partners', () => {
  it('partners add shows the key once; list never shows it; the table stores only its hash', async () => {
    expect(waterfront.apiKey).toMatch(/^rdp_[\w-]{43}$/);
    const listed = await desk('partners', 'list', '--json');
    expect(listed.out).not.toContain(waterfront.apiKey);
    expect(JSON.parse(listed.out)).toEqual(expect.arrayContaining([expect.objectContaining({ partnerId: waterfront.partnerId, name: 'Coastal Daily', sections: ['waterfront', 'region'], embargoMinutes: 2880, use: 'web-republication', dailyLimit: 1000, status: 'active' })]));
    expect((await desk('partners', 'list')).out.split('\n')[0]).toMatch(/^PARTNER\s+STATUS\s+NAME/);
    const table = tableAccess(stack.urls.dynamodb);
    const dump = await table.snapshot();
    expect(dump).not.toContain(waterfront.apiKey);
    expect(dump).toContain(`PARTNER#${hashToken(waterfront.apiKey)}`);
    expect((await desk('partners', 'add', '--name', 'x', '--publication', 'the-harbour-ledger', '--sections', 'a', '--use', 'nonsense')).code).toBe(2);
    expect((await desk('partners', 'add', '--name', 'x', '--sections', 'a')).code).toBe(2);
  });
});

describe('the feed', () => {
  it('RSS 2.0 parses and holds only what the partner may run, withdrawn items marked', async () => {
    const res = await feed(waterfront.apiKey, 'rss');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/rss\+xml/);
    const parsed = await rss.parseString(await res.text());
    const ids = parsed.items.map((i) => i.guid);
    // Waterfront + Region: the sample dredging story (Waterfront, 2024), our older waterfront stories,
    // the hostile Region story; never the wire copy (Region too), nor embargoed, excluded or other sections.
    expect(ids).toEqual(expect.arrayContaining([
      'urn:reprintdesk:article:waterfront-old', 'urn:reprintdesk:article:waterfront-withdrawn',
      'urn:reprintdesk:article:harbour-dredging-plan', 'urn:reprintdesk:article:hostile-story',
    ]));
    for (const never of ['waterfront-today', 'waterfront-wire', 'waterfront-own-embargo', 'waterfront-no-web', 'sports-story', 'wire-grain-exports', '2025-11-04-ferry-operator-orders-two-electric-vessels']) {
      expect(ids).not.toContain(`urn:reprintdesk:article:${never}`);
    }
    expect(ids).toHaveLength(4);
    // Newest first.
    const dates = parsed.items.map((i) => Date.parse(i.pubDate!));
    expect([...dates].sort((a, b) => b - a)).toEqual(dates);

    const old = parsed.items.find((i) => i.guid === 'urn:reprintdesk:article:waterfront-old')!;
    expect(old.link).toBe('https://harbourledger.example/waterfront-old');
    expect(old.creator).toBe('Priyanka Duval');
    expect(old.content).toContain('First paragraph of waterfront-old.');
    expect(old['rd:attribution']).toContain('The Harbour Ledger');
    expect(old['rd:usageterms']).toContain('Coastal Daily');
    expect(old['rd:pubstatus']).toBe('usable');
    const withdrawn = parsed.items.find((i) => i.guid === 'urn:reprintdesk:article:waterfront-withdrawn')!;
    expect(withdrawn.title).toBe('[WITHDRAWN] Headline of waterfront-withdrawn');
    expect(withdrawn['rd:pubstatus']).toBe('canceled');
    expect(withdrawn.content).not.toContain('First paragraph');
    const hostile = parsed.items.find((i) => i.guid === 'urn:reprintdesk:article:hostile-story')!;
    expect(hostile.title!.trim()).toBe('Tides & <b>"rates"</b> ]]>'); // the control character is dropped
    expect(hostile.content).toContain('&lt;script&gt;');
    console.log(`[syndication] RSS items for Coastal Daily: ${ids.length} (of 11 articles in the table)`);
  });

  it('JSON Feed 1.1 validates and holds the same items', async () => {
    const res = await feed(waterfront.apiKey, 'json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/feed\+json/);
    const doc = jsonFeedSchema.parse(await res.json());
    expect(doc.items.map((i) => i.id).sort()).toEqual([
      'urn:reprintdesk:article:harbour-dredging-plan', 'urn:reprintdesk:article:hostile-story',
      'urn:reprintdesk:article:waterfront-old', 'urn:reprintdesk:article:waterfront-withdrawn',
    ]);
    const w = doc.items.find((i) => i.id.endsWith('waterfront-withdrawn'))!;
    expect(w._reprintdesk).toMatchObject({ pubstatus: 'canceled', withdrawn: true });
    expect(w.title.startsWith('[WITHDRAWN] ')).toBe(true);
    const dredging = doc.items.find((i) => i.id.endsWith('harbour-dredging-plan'))!;
    expect(dredging.date_published).toBe('2024-09-18T00:00:00.000Z');
    expect(dredging).toMatchObject({ language: 'en', url: expect.stringMatching(/^https:\/\/harbourledger.example\//) as unknown });
    expect(dredging.authors).toEqual([{ name: 'Maren Holt' }, { name: 'Tobias Ekwueme' }]);
  });

  it('answers 304 to a matching If-None-Match, and a changed feed gets a new ETag', async () => {
    for (const format of ['rss', 'json'] as const) {
      const first = await feed(waterfront.apiKey, format);
      const etag = first.headers.get('etag')!;
      expect(etag).toMatch(/^"[\w-]{43}"$/);
      const again = await feed(waterfront.apiKey, format, { 'if-none-match': etag });
      expect(again.status).toBe(304);
      expect(again.headers.get('etag')).toBe(etag);
      expect(await again.text()).toBe('');
      expect((await feed(waterfront.apiKey, format, { 'if-none-match': '"something-else"' })).status).toBe(200);
    }
    const before = (await feed(waterfront.apiKey, 'rss')).headers.get('etag')!;
    await importArticles([article('waterfront-new', { publishedAt: daysAgo(4) })]);
    const after = await feed(waterfront.apiKey, 'rss', { 'if-none-match': before });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(before);
  });

  it('a partner with other sections gets other articles', async () => {
    const sports = await addPartner('--name', 'Fan Weekly', '--publication', 'the-harbour-ledger', '--sections', 'sports,business', '--embargo-minutes', '0');
    const parsed = await rss.parseString(await (await feed(sports.apiKey, 'rss')).text());
    expect(parsed.items.map((i) => i.guid).sort()).toEqual([
      'urn:reprintdesk:article:2025-11-04-ferry-operator-orders-two-electric-vessels', 'urn:reprintdesk:article:sports-story',
    ]);
  });

  it('401 alike for a missing, unknown or revoked key; 429 with Retry-After past the daily limit', async () => {
    const limited = await addPartner('--name', 'Small Site', '--publication', 'the-harbour-ledger', '--sections', 'waterfront', '--daily-limit', '2');
    const answers = [];
    for (const key of [undefined, '', 'rdp_wrong', waterfront.apiKey.slice(0, -1)]) answers.push(await feed(key, 'rss'));
    expect((await desk('partners', 'revoke', limited.partnerId)).code).toBe(0);
    answers.push(await feed(limited.apiKey, 'json'));
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 401]);
    const details = await Promise.all(answers.map(async (a) => {
      expect(a.headers.get('content-type')).toMatch(/problem\+json/);
      return ((await a.json()) as { detail: string }).detail;
    }));
    expect(new Set(details).size).toBe(1);

    const tiny = await addPartner('--name', 'Tiny', '--publication', 'the-harbour-ledger', '--sections', 'waterfront', '--daily-limit', '2');
    expect((await feed(tiny.apiKey, 'rss')).status).toBe(200);
    expect((await feed(tiny.apiKey, 'json')).status).toBe(200);
    const over = await feed(tiny.apiKey, 'rss');
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(over.headers.get('retry-after'))).toBeLessThanOrEqual(86_400);
    expect(await over.json()).toMatchObject({ status: 429, dailyLimit: 2 });
  });
});

describe('the feed by page', () => {
  it('pages with since, limit and the next link it gives (RSS atom:link rel=next, JSON Feed next_url), each page valid, none repeated', async () => {
    // A section of its own: 13 runnable articles a day apart, and one the partner may not run among them.
    const ids = Array.from({ length: 13 }, (_, i) => `harbourlog-${String(i).padStart(2, '0')}`);
    await importArticles([
      ...ids.map((id, i) => article(id, { section: 'Harbour Log', publishedAt: new Date(Date.now() - (i + 1) * 86_400_000).toISOString() })),
      article('harbourlog-wire', { section: 'Harbour Log', publishedAt: new Date(Date.now() - 4.5 * 86_400_000).toISOString(), rights: { owner: 'third-party', source: 'Meridian Wire Service' } }),
    ]);
    const p = await addPartner('--name', 'Log Reader', '--publication', 'the-harbour-ledger', '--sections', 'Harbour Log', '--daily-limit', '1000');
    const get = (url: string) => stack.api(url.replace(stack.urls.api, ''), { headers: { 'x-api-key': p.apiKey } });

    const seenJson: string[] = [];
    let url: string | undefined = `${stack.urls.api}/syndication/feed?format=json&limit=5`;
    for (let pages = 0; url && pages < 10; pages++) {
      const res = await get(url);
      expect(res.status).toBe(200);
      const body = jsonFeedSchema.extend({ next_url: z.url().optional() }).parse(await res.json());
      seenJson.push(...body.items.map((i) => i.id));
      url = body.next_url;
    }
    expect(seenJson).toEqual(ids.map((id) => `urn:reprintdesk:article:${id}`));

    const seenRss: string[] = [];
    let next: string | undefined = `${stack.urls.api}/syndication/feed?format=rss&limit=4`;
    while (next) {
      const res = await get(next);
      const text = await res.text();
      const parsed = await rss.parseString(text);
      seenRss.push(...parsed.items.map((i) => i.guid!));
      next = /<atom:link href="([^"]+)" rel="next"/.exec(text)?.[1]?.replaceAll('&amp;', '&');
    }
    expect(seenRss).toEqual(ids.map((id) => `urn:reprintdesk:article:${id}`));

    // Two sections, small pages: the pages together are the one big page, in the same order.
    const two = await addPartner('--name', 'Two Desks', '--publication', 'the-harbour-ledger', '--sections', 'Harbour Log,Waterfront', '--daily-limit', '1000');
    const get2 = (u: string) => stack.api(u.replace(stack.urls.api, ''), { headers: { 'x-api-key': two.apiKey } });
    const whole = (await (await get2('/syndication/feed?format=json&limit=100')).json() as { items: { id: string }[] }).items.map((i) => i.id);
    const paged: string[] = [];
    let u: string | undefined = '/syndication/feed?format=json&limit=3';
    for (let pages = 0; u && pages < 20; pages++) {
      const body = await (await get2(u)).json() as { items: { id: string }[]; next_url?: string };
      paged.push(...body.items.map((i) => i.id));
      u = body.next_url;
    }
    expect(whole.length).toBeGreaterThan(13);
    expect(paged).toEqual(whole);

    // since: only what was published after it.
    const since = new Date(Date.now() - 3.5 * 86_400_000).toISOString();
    const recent = await (await get(`/syndication/feed?format=json&since=${encodeURIComponent(since)}`)).json() as { items: { id: string }[]; next_url?: string };
    expect(recent.items.map((i) => i.id)).toEqual(ids.slice(0, 3).map((id) => `urn:reprintdesk:article:${id}`));
    expect(recent.next_url).toBeUndefined();
  });

  it('answers a bad since, limit or cursor with a 400 problem naming it', async () => {
    const p = await addPartner('--name', 'Careless', '--publication', 'the-harbour-ledger', '--sections', 'waterfront', '--daily-limit', '1000');
    for (const [query, path] of [['since=yesterday', 'since'], ['since=2026-13-45', 'since'], ['limit=0', 'limit'], ['limit=101', 'limit'], ['limit=ten', 'limit'],
      ['cursor=nonsense', 'cursor'], [`cursor=${Buffer.from('{"pk":"ARTICLE#x"}').toString('base64url')}`, 'cursor']] as const) {
      const res = await stack.api(`/syndication/feed?format=json&${query}`, { headers: { 'x-api-key': p.apiKey } });
      expect(res.status, query).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
      expect(await res.json(), query).toMatchObject({ status: 400, errors: [{ path }] });
    }
  });
});
