/**
 * The AI terms over HTTP on the local stack: the RSL document of the sample publication carries
 * every offered AI use at the price POST /quotes gives for one article; TDMRep's file; the
 * tdm-reservation / tdm-policy, RSL Link and noai headers on copies and feeds, consistent with the card.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sax from 'sax';
import { postJson, requestBody, startTestStack, type TestStack } from '../support/stack.js';

let stack: TestStack;
beforeAll(async () => { stack = await startTestStack(); }, 60_000);
afterAll(async () => { await stack?.stop(); });

const today = () => new Date().toISOString().slice(0, 10);

/** `{ usage token: amount }` of an RSL document, parsed strictly with namespaces. */
function rslPrices(xml: string): { prices: Record<string, string>; prohibited: string[]; root: string } {
  const parser = sax.parser(true, { xmlns: true });
  const prices: Record<string, string> = {};
  const prohibited: string[] = [];
  let root = '';
  let permits = '';
  let current = '';
  let text = '';
  parser.onerror = (e) => { throw e; };
  parser.onopentag = (t) => {
    const tag = t as sax.QualifiedTag;
    if (!root) root = `${tag.uri} ${tag.local}`;
    current = tag.uri === 'https://rslstandard.org/rsl' ? tag.local : '';
    text = '';
  };
  parser.ontext = (t) => { text += t; };
  parser.onclosetag = () => {
    if (current === 'permits') permits = text.trim();
    if (current === 'prohibits') prohibited.push(...text.trim().split(/\s+/));
    if (current === 'amount') prices[permits] = text.trim();
    current = '';
  };
  parser.write(xml).close();
  return { prices, prohibited, root };
}

describe('AI terms over HTTP', () => {
  it('GET /publications/{id}/rsl.xml: RSL 1.0 with every offered AI use at the price of a one-article quote', async () => {
    const res = await stack.api('/publications/the-harbour-ledger/rsl.xml');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/rsl+xml; charset=utf-8');
    const { prices, prohibited, root } = rslPrices(await res.text());
    expect(root).toBe('https://rslstandard.org/rsl rsl');
    expect(Object.keys(prices).sort()).toEqual(['ai-input', 'ai-train']);
    expect(prohibited).toEqual([]);
    for (const [use, token] of [['ai-training', 'ai-train'], ['ai-retrieval', 'ai-input']] as const) {
      const q = await (await postJson(stack, '/quotes', requestBody({ use: { type: use, audience: 1, territories: ['WORLD'], startDate: today() } }))).json() as { status: string; quote: { amount: string } };
      expect(q.status).toBe('pending'); // review by default
      expect(prices[token], use).toBe(q.quote.amount);
    }
    expect(prices['ai-train']).toBe('0.40'); // the sample card: 400.00 per 1,000 articles
    expect((await stack.api('/publications/the-harbour-ledger/rsl.xml', { method: 'HEAD' })).status).toBe(200);
    expect((await stack.api('/publications/Not%20an%20id/rsl.xml')).status).toBe(404);
  });

  it('GET /.well-known/tdmrep.json reserves TDM rights on every path', async () => {
    const res = await stack.api('/.well-known/tdmrep.json');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([{ location: '/', 'tdm-reservation': 1 }]);
  });

  it('a licensed copy says TDM rights are reserved, where to ask for an AI license, links the RSL document, and is noai', async () => {
    const r = await postJson(stack, '/requests', requestBody({ use: { startDate: today() } }));
    const body = await r.json() as { status: string; license: { copyUrl: string } };
    expect(body.status).toBe('licensed');
    for (const format of ['html', 'text', 'json']) {
      const copy = await fetch(`${body.license.copyUrl}&format=${format}`);
      expect(copy.status).toBe(200);
      expect(copy.headers.get('tdm-reservation')).toBe('1');
      expect(copy.headers.get('tdm-policy')).toBe(`${stack.urls.api}/articles/harbour-dredging-plan/reprint`);
      expect(copy.headers.get('link')).toContain(`<${stack.urls.api}/publications/the-harbour-ledger/rsl.xml>; rel="license"; type="application/rsl+xml"`);
      expect(copy.headers.get('link')).toContain('rel="canonical"');
      expect(copy.headers.get('x-robots-tag')).toBe('noindex, nofollow, noai, noimageai');
    }
    const text = await (await fetch(`${body.license.copyUrl}&format=text`)).text();
    expect(text).toContain('AI use: None');
  });

  it('a partner feed carries the RSL terms per item (RSS) and the TDMRep header', async () => {
    const added = await stack.desk('partners', 'add', '--name', 'Coastal Daily', '--publication', 'the-harbour-ledger', '--sections', 'waterfront,business', '--json');
    expect(added.code, added.err).toBe(0);
    const { apiKey } = JSON.parse(added.out) as { apiKey: string };
    const rss = await stack.api('/syndication/feed?format=rss', { headers: { 'x-api-key': apiKey } });
    expect(rss.status).toBe(200);
    expect(rss.headers.get('tdm-reservation')).toBe('1');
    expect(rss.headers.get('link')).toBe(`<${stack.urls.api}/publications/the-harbour-ledger/rsl.xml>; rel="license"; type="application/rsl+xml"`);
    expect(rss.headers.get('x-robots-tag')).toContain('noai');
    const xml = await rss.text();
    expect(xml).toContain('xmlns:rsl="https://rslstandard.org/rsl"');
    const items = xml.split('<item>').length - 1;
    expect(items).toBeGreaterThan(0);
    expect(xml.split('<rsl:content url="">').length - 1).toBe(items);
    expect(() => rslPrices(xml)).not.toThrow();
  });
});
