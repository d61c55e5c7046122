/**
 * The AI licensing lane: the rate card's ai-training / ai-retrieval uses, priced and decided like the
 * others, published as RSL 1.0 (checked with an independent XML parser, sax in strict namespace
 * mode, against the element set, vocabularies and structure of RSL 1.0 — the specification publishes
 * a RELAX NG grammar, not an XSD, and no validator for it runs here) and W3C TDMRep.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import sax from 'sax';
import { parse as parseYaml } from 'yaml';
import { aiTermsOf, tdmHeaders, tdmrepFile } from '../../functions/domain/ai-terms.js';
import { evaluate } from '../../functions/domain/policy.js';
import { rateCardSchema, type RateCard } from '../../functions/domain/terms.js';
import { houseRateCard } from '../../functions/domain/default-terms.js';
import { rightsMlPolicy } from '../../functions/domain/license.js';
import { renderRsl } from '../../functions/views/rsl.js';
import { renderRss, renderJsonFeed, type Feed } from '../../functions/views/feeds.js';
import { aiTermsOf as copyAiTerms, copyJson, copyText } from '../../functions/views/copy.js';
import { BASE_URL, NOW, fixtureArticle, fixtureItem, fixtureRequest } from '../support/render-fixtures.js';

const RSL_NS = 'https://rslstandard.org/rsl';
/** RSL 1.0 §3: the elements of the vocabulary; anything else in the RSL namespace is non-conformant. */
const rslElements = new Set(['rsl', 'content', 'license', 'permits', 'prohibits', 'payment', 'standard', 'custom', 'amount', 'accepts', 'reporting', 'legal', 'schema', 'alternate', 'copyright', 'terms']);
const usageTokens = new Set(['all', 'ai-all', 'ai-train', 'ai-input', 'ai-index', 'search']);
const paymentTypes = new Set(['purchase', 'subscription', 'training', 'crawl', 'use', 'contribution', 'attribution', 'free']);

interface Node { name: string; uri: string; attrs: Record<string, string>; children: Node[]; text: string }

/** A strict, namespace-aware parse: malformed XML throws. */
function parseXml(xml: string): Node {
  const parser = sax.parser(true, { xmlns: true });
  const root: Node = { name: '#document', uri: '', attrs: {}, children: [], text: '' };
  const stack: Node[] = [root];
  parser.onerror = (e) => { throw e; };
  parser.onopentag = (t) => {
    const tag = t as sax.QualifiedTag;
    const node: Node = { name: tag.local, uri: tag.uri, attrs: Object.fromEntries(Object.values(tag.attributes).map((a) => [a.local, a.value])), children: [], text: '' };
    stack.at(-1)!.children.push(node);
    stack.push(node);
  };
  parser.ontext = (t) => { stack.at(-1)!.text += t; };
  parser.onclosetag = () => { stack.pop(); };
  parser.write(xml).close();
  return root;
}
const all = (n: Node): Node[] => [n, ...n.children.flatMap(all)];
const kids = (n: Node, name: string) => n.children.filter((c) => c.name === name && c.uri === RSL_NS);

/** RSL 1.0 structure: every RSL element known, content has url and a license, vocabularies closed. */
function checkRsl(contentNodes: Node[]) {
  expect(contentNodes.length).toBeGreaterThan(0);
  for (const content of contentNodes) {
    expect(content.attrs.url).toBeDefined();
    const licenses = kids(content, 'license');
    expect(licenses.length).toBeGreaterThan(0);
    for (const n of all(content).filter((x) => x.uri === RSL_NS)) expect(rslElements, n.name).toContain(n.name);
    for (const license of licenses) {
      for (const p of [...kids(license, 'permits'), ...kids(license, 'prohibits')]) {
        expect(p.attrs.type).toBe('usage');
        for (const token of p.text.trim().split(/\s+/)) expect(usageTokens, token).toContain(token);
      }
      for (const pay of kids(license, 'payment')) {
        expect(paymentTypes).toContain(pay.attrs.type);
        for (const a of kids(pay, 'amount')) {
          expect(a.attrs.currency).toMatch(/^[A-Z]{3}$/);
          expect(a.text.trim()).toMatch(/^\d+(\.\d+)?$/);
        }
      }
    }
  }
}

/** `{ token: amount }` of a content's licenses. */
function offered(content: Node): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of kids(content, 'license')) {
    const permits = kids(l, 'permits')[0]?.text.trim();
    const amount = kids(kids(l, 'payment')[0] ?? { children: [] } as unknown as Node, 'amount')[0]?.text.trim();
    if (permits && amount) out[permits] = amount;
  }
  return out;
}
const prohibited = (content: Node) => kids(content, 'license').flatMap((l) => kids(l, 'prohibits').flatMap((p) => p.text.trim().split(/\s+/)));

const cardWith = (uses: Partial<Record<'ai-training' | 'ai-retrieval', Partial<RateCard['uses']['ai-training']>>>): RateCard =>
  ({ ...houseRateCard, uses: { ...houseRateCard.uses, ...Object.fromEntries(Object.entries(uses).map(([u, t]) => [u, { ...houseRateCard.uses[u as 'ai-training'], ...t }])) } });

describe('the AI uses in the rate card and the policy', () => {
  it('a card written before the AI lane still parses, and offers no AI use', () => {
    const { 'ai-training': _t, 'ai-retrieval': _r, ...reprintUses } = houseRateCard.uses;
    const card = rateCardSchema.parse({ ...houseRateCard, uses: reprintUses });
    expect(card.uses['ai-training'].offered).toBe(false);
    expect(card.uses['ai-retrieval'].offered).toBe(false);
    expect(card.uses['ai-training'].approval).toBe('review');
  });

  it('the sample card offers both, for review, priced per 1,000 articles and per article', () => {
    const card = rateCardSchema.parse(parseYaml(readFileSync(resolve(import.meta.dirname, '../../data/rate-card.harbour-ledger.yaml'), 'utf8')));
    expect(card.uses['ai-training']).toMatchObject({ offered: true, approval: 'review', fees: { per: '1000-articles' } });
    expect(card.uses['ai-retrieval']).toMatchObject({ offered: true, approval: 'review', fees: { per: 'article' } });
  });

  it('an AI request is quoted and goes to review; a price per 1,000 articles costs a thousandth per article, rounded up to a cent', () => {
    const article = fixtureArticle();
    const card = cardWith({ 'ai-training': { fees: { tiers: [{ amount: 250_00 }], per: '1000-articles', excerptPercent: 100, minimum: 0 } } });
    const request = fixtureRequest({ organizationType: 'commercial', use: { type: 'ai-training', audience: 1_000, territories: ['WORLD'] } });
    const d = evaluate({ request, article, rateCard: card, now: NOW });
    expect(d.status).toBe('pending');
    expect(d.reasons.map((r) => r.code)).toEqual(['REVIEW_REQUIRED']);
    expect(d.quote.minorUnits).toBe(25); // 250.00 / 1,000 = 0.25
    expect(d.quote.lines[0]!.label).toContain('per 1,000 articles');
    const odd = evaluate({ request, article, rateCard: cardWith({ 'ai-training': { fees: { tiers: [{ amount: 12_34 }], per: '1000-articles', excerptPercent: 100, minimum: 0 } } }), now: NOW });
    expect(odd.quote.minorUnits).toBe(2); // 12.34 / 1,000 = 0.01234 → 0.02
    expect(d.conditions.join(' ')).toContain('only to train or fine-tune AI models');
  });

  it('an AI use the card does not offer is refused like any other', () => {
    const card = cardWith({ 'ai-retrieval': { offered: false } });
    const d = evaluate({ request: fixtureRequest({ use: { type: 'ai-retrieval' } }), article: fixtureArticle(), rateCard: card, now: NOW });
    expect(d.status).toBe('rejected');
    expect(d.reasons.map((r) => r.code)).toContain('USE_NOT_OFFERED');
  });
});

describe('RSL 1.0 document', () => {
  it('parses as XML in the RSL namespace and carries every offered AI use with the price a quote gives', () => {
    const card = houseRateCard;
    const xml = renderRsl(aiTermsOf(card));
    const doc = parseXml(xml);
    const root = doc.children[0]!;
    expect(root.name).toBe('rsl');
    expect(root.uri).toBe(RSL_NS);
    const contents = kids(root, 'content');
    checkRsl(contents);
    const prices = offered(contents[0]!);
    expect(Object.keys(prices).sort()).toEqual(['ai-input', 'ai-train']);
    for (const [use, token] of [['ai-training', 'ai-train'], ['ai-retrieval', 'ai-input']] as const) {
      const q = evaluate({ request: fixtureRequest({ organizationType: 'commercial', use: { type: use, audience: 1, territories: ['WORLD'] } }), article: fixtureArticle(), rateCard: card, now: NOW }).quote;
      expect(prices[token]).toBe(q.amount);
    }
    expect(prices['ai-train']).toBe('0.50'); // 500.00 per 1,000 articles
    expect(prohibited(contents[0]!)).toEqual([]);
  });

  it('an AI use not offered is prohibited; nothing offered prohibits ai-all', () => {
    const one = parseXml(renderRsl(aiTermsOf(cardWith({ 'ai-retrieval': { offered: false } })))).children[0]!;
    checkRsl(kids(one, 'content'));
    expect(offered(kids(one, 'content')[0]!)).toEqual({ 'ai-train': '0.50' });
    expect(prohibited(kids(one, 'content')[0]!)).toEqual(['ai-input']);
    const none = parseXml(renderRsl(aiTermsOf(cardWith({ 'ai-retrieval': { offered: false }, 'ai-training': { offered: false } })))).children[0]!;
    checkRsl(kids(none, 'content'));
    expect(offered(kids(none, 'content')[0]!)).toEqual({});
    expect(prohibited(kids(none, 'content')[0]!)).toEqual(['ai-all']);
  });

  it('a hostile publication name cannot break the document', () => {
    const xml = renderRsl(aiTermsOf({ ...houseRateCard, publicationName: 'A -- <b>&"x"</b> \u0001' }));
    expect(() => parseXml(xml)).not.toThrow();
  });

  it('an RSS feed carries the terms in each item (RSL RSS module) and links the document', () => {
    const terms = aiTermsOf(houseRateCard);
    const feed: Feed = {
      title: 'T', description: 'D', homeUrl: BASE_URL, feedUrl: { rss: `${BASE_URL}/f.rss`, json: `${BASE_URL}/f.json` }, publication: 'P', updated: NOW.toISOString(),
      items: [{ id: 'urn:x:1', title: 'One', withdrawn: false, pubstatus: 'usable', datePublished: NOW.toISOString(), authors: ['A'], paragraphs: ['p'], attribution: 'a', usageterms: 'u', copyright: 'c', requestUrl: `${BASE_URL}/articles/one/reprint` }],
      ai: { terms, rslUrl: `${BASE_URL}/publications/default/rsl.xml` },
    };
    const rss = parseXml(renderRss(feed));
    const item = all(rss).find((n) => n.name === 'item')!;
    const contents = kids(item, 'content');
    expect(contents).toHaveLength(1);
    expect(contents[0]!.attrs.url).toBe('');
    checkRsl(contents);
    expect(Object.keys(offered(contents[0]!)).sort()).toEqual(['ai-input', 'ai-train']);
    expect(all(contents[0]!).some((n) => n.name === 'custom' && n.text === `${BASE_URL}/articles/one/reprint`)).toBe(true);
    const link = all(rss).find((n) => n.name === 'link' && n.attrs.rel === 'license')!;
    expect(link.attrs).toMatchObject({ href: `${BASE_URL}/publications/default/rsl.xml`, type: 'application/rsl+xml' });
    expect(renderJsonFeed(feed)._reprintdesk).toEqual({ rsl: `${BASE_URL}/publications/default/rsl.xml` });
  });
});

describe('W3C TDMRep', () => {
  it('the file reserves TDM rights on every path, as an array of rules', () => {
    expect(tdmrepFile()).toEqual([{ location: '/', 'tdm-reservation': 1 }]);
  });

  it('headers: always reserved; a policy only where an AI use can be licensed', () => {
    expect(tdmHeaders(aiTermsOf(houseRateCard), 'https://d/p')).toEqual({ 'tdm-reservation': '1', 'tdm-policy': 'https://d/p' });
    const none = aiTermsOf(cardWith({ 'ai-retrieval': { offered: false }, 'ai-training': { offered: false } }));
    expect(tdmHeaders(none, 'https://d/p')).toEqual({ 'tdm-reservation': '1' });
    // A third-party article can never be licensed, for AI or anything else.
    const wire = { ...fixtureArticle(), rights: { owner: 'third-party' as const } };
    expect(aiTermsOf(houseRateCard, { article: wire }).offers).toEqual([]);
  });
});

describe('licensed copies carry their own AI terms', () => {
  it('none unless licensed: a web license says so in words and in its ODRL policy', () => {
    const item = fixtureItem('licensed');
    const article = fixtureArticle();
    expect(copyAiTerms(item.license!)).toMatch(/^None/);
    const input = { license: item.license!, article, revision: 1, importedAt: NOW.toISOString(), baseUrl: BASE_URL };
    expect(copyText(input)).toContain('AI use: None');
    const j = copyJson(input);
    expect(j.usageterms).toContain('AI use: None');
    const policy = JSON.parse(j.rightsinfo.encodedrights) as { prohibition: { action: string }[]; permission: { action: string[] }[] };
    expect(policy.prohibition.map((p) => p.action)).toContain('tdm:mine');
    expect(policy.permission[0]!.action).not.toContain('tdm:mine');
  });

  it('an AI license permits mining for its one use, by its licensee', () => {
    const item = fixtureItem('licensed');
    const license = { ...item.license!, scope: { ...item.license!.scope, use: 'ai-retrieval' as const } };
    expect(copyAiTerms(license)).toMatch(/^AI retrieval only .* no training\.$/);
    const policy = rightsMlPolicy(license, fixtureArticle(), BASE_URL) as { permission: { action: string[] }[]; prohibition?: unknown[] };
    expect(policy.permission[0]!.action).toEqual(['tdm:mine']);
    expect(policy.prohibition).toBeUndefined();
  });
});
