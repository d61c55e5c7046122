/**
 * The licensed copy's renderers: every part in every format, nothing executable from article text,
 * excerpts cut at word boundaries.
 */
import { describe, expect, it } from 'vitest';
import type { Article } from '../../functions/domain/article.js';
import { buildLicense } from '../../functions/domain/license.js';
import type { ReprintRequest } from '../../functions/domain/request-body.js';
import {
  ELLIPSIS, canonicalUrlOf, copyJson, copyPage, copyText, embedPage, embedSnippet, excerptParagraphs, unavailablePage,
  withdrawnJson, withdrawnPage, type CopyInput,
} from '../../functions/views/copy.js';
import type { LicenseRecord } from '../../functions/domain/request-record.js';
import { licenseState, matchToken } from '../../functions/application/licensed-copy.js';
import { hashToken } from '../../functions/domain/tokens.js';
import { unavailableStatus } from '../../functions/edge/problem.js';

const BASE = 'https://desk.example';
const XSS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(2)>',
  "'><svg onload=alert(3)>",
  '</textarea><script>alert(4)</script>',
  '<a href="javascript:alert(5)">x</a>',
  '</title><style>*{}</style>',
  '<!-- --><iframe src=//evil.example>',
];
const xss = (i: number) => `${XSS[i % XSS.length]} hostile ${i}`;

function article(over: Partial<Article> = {}): Article {
  return {
    id: 'harbour-dredging-plan',
    headline: 'Council backs plan to dredge the inner harbour',
    byline: [{ name: 'Maren Holt' }, { name: 'Tobias Ekwueme' }],
    publication: { name: 'The Harbour Ledger', copyrightHolder: 'The Harbour Ledger' },
    publishedAt: '2024-09-18',
    section: 'Waterfront',
    canonicalUrl: 'https://harbourledger.example/waterfront/dredging',
    body: ['One two three four five.', 'Six seven eight nine ten.', 'Eleven twelve.'],
    copyright: '© 2024 The Harbour Ledger. All rights reserved.',
    rights: { owner: 'publisher' },
    ...over,
  };
}

function request(use: Partial<ReprintRequest['use']> = {}): ReprintRequest {
  return {
    articleId: 'harbour-dredging-plan',
    requester: { name: 'Ada Okafor', email: 'ada@riverside.example', organization: 'Riverside Weekly', organizationType: 'commercial', country: 'US' },
    use: { type: 'web-republication', audience: 5000, territories: ['US'], startDate: '2026-06-01', durationDays: 180, language: 'en', extent: 'full', includePhotos: false, ...use },
  };
}

function license(use: Partial<ReprintRequest['use']> = {}, over: Partial<LicenseRecord> = {}): LicenseRecord {
  return {
    ...buildLicense({
      licenseId: 'RD-01HZY3Q8M4N5P6R7', request: request(use), quote: { amount: '150.00', currency: 'USD', minorUnits: 15000, lines: [] } as never,
      attribution: '“Council backs plan” by Maren Holt and Tobias Ekwueme, first published in The Harbour Ledger. © 2024 The Harbour Ledger.',
      conditions: ['Run the attribution line with every copy.', 'Link to the original article.'],
      validFrom: '2026-06-01', validUntil: '2026-11-27', now: new Date('2026-06-01T00:00:00Z'), copyTokens: {},
    }),
    ...over,
  };
}

const input = (a: Article = article(), l: LicenseRecord = license()): CopyInput => ({ license: l, article: a, revision: 3, importedAt: '2026-06-02T10:00:00.000Z', baseUrl: BASE });

const hostileArticle = () => article({
  id: 'hostile',
  headline: xss(0),
  byline: [{ name: xss(1) }, { name: xss(2) }],
  publication: { name: xss(3), copyrightHolder: xss(4) },
  section: xss(5),
  body: [xss(6), xss(7), `${xss(0)}\n${xss(1)}`],
  copyright: xss(2),
  correction: xss(3),
  pubstatus: 'corrected',
  canonicalUrl: 'javascript:alert(9)' as never,
});
const hostileLicense = () => license({}, {
  attribution: xss(4),
  conditions: [xss(5), xss(6)],
  licensee: { name: xss(0), organization: xss(1), email: 'a@b.example', organizationType: 'commercial', country: 'US' },
});

/** Every tag in the markup, as written. */
const tags = (markup: string) => [...markup.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)(\s[^>]*)?>/g)].map((m) => ({ name: m[1]!.toLowerCase(), attrs: m[2] ?? '' }));

function assertInert(markup: string, allowed: { img?: number } = {}) {
  const all = tags(markup);
  expect(all.filter((t) => ['script', 'iframe', 'svg', 'object', 'embed', 'base', 'form'].includes(t.name))).toEqual([]);
  expect(all.filter((t) => t.name === 'img')).toHaveLength(allowed.img ?? 0);
  // No event handler attribute on any tag, no javascript: URL anywhere in an attribute.
  for (const t of all) {
    expect(t.attrs).not.toMatch(/\son[a-z]+\s*=/i);
    expect(t.attrs).not.toMatch(/javascript:/i);
  }
  // The hostile strings are all there — escaped.
  expect(markup).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
}

describe('licensed copy: every part in every format', () => {
  const parts = (s: string) => {
    expect(s).toContain('Council backs plan to dredge the inner harbour');
    expect(s).toContain('Maren Holt and Tobias Ekwueme');
    expect(s).toContain('One two three four five.');
    expect(s).toContain('Eleven twelve.');
    expect(s).toContain('first published in The Harbour Ledger');
    expect(s).toContain('© 2024 The Harbour Ledger. All rights reserved.');
    expect(s).toContain('RD-01HZY3Q8M4N5P6R7');
    expect(s).toContain('https://harbourledger.example/waterfront/dredging');
  };

  it('HTML page: parts, canonical link in the head, noindex, no script, strict CSP', () => {
    const page = copyPage(input(), { text: `${BASE}/t`, json: `${BASE}/j`, embed: `${BASE}/e` });
    parts(page.html);
    expect(page.html).toContain('September 18, 2024');
    expect(page.html).toContain('June 1, 2026 to November 27, 2026');
    const head = page.html.slice(0, page.html.indexOf('</head>'));
    expect(head).toContain('<link rel="canonical" href="https://harbourledger.example/waterfront/dredging">');
    expect(head).toMatch(/<meta name="robots" content="noindex/);
    expect(page.html).not.toContain('<script');
    expect(page.csp).toContain("default-src 'none'");
    expect(page.csp).not.toContain('unsafe-inline');
    expect(page.csp).not.toContain('script-src');
    expect(page.html).toContain('Text only: photos and other images are not part of this license.');
  });

  it('text and JSON carry the same parts; JSON is ninjs 2.2 with the license in rightsinfo', () => {
    parts(copyText(input()));
    const j = copyJson(input(article({ language: 'fr' })));
    parts(JSON.stringify(j));
    expect(j).toMatchObject({
      uri: 'https://harbourledger.example/waterfront/dredging', type: 'text', version: '3', pubstatus: 'usable', language: 'fr',
      headlines: [{ role: 'main', value: 'Council backs plan to dredge the inner harbour' }], by: 'Maren Holt and Tobias Ekwueme',
      copyrightholder: 'The Harbour Ledger', copyrightnotice: '© 2024 The Harbour Ledger. All rights reserved.',
      versioncreated: '2026-06-02T10:00:00.000Z', firstcreated: '2024-09-18T00:00:00.000Z',
      standard: { name: 'ninjs', version: '2.2' }, altids: [{ role: 'license', value: 'RD-01HZY3Q8M4N5P6R7' }],
    });
    const [plain, markup] = j.bodies;
    expect(plain!.value.split('\n\n')).toEqual(['One two three four five.', 'Six seven eight nine ten.', 'Eleven twelve.']);
    expect(plain).toMatchObject({ contenttype: 'text/plain', wordcount: 12 });
    expect(markup).toMatchObject({ contenttype: 'text/html', value: '<p>One two three four five.</p>\n<p>Six seven eight nine ten.</p>\n<p>Eleven twelve.</p>' });
    expect(j.usageterms).toContain('RD-01HZY3Q8M4N5P6R7');
    expect(j.rightsinfo.langid).toBe('http://www.w3.org/ns/odrl/2/');
    const policy = JSON.parse(j.rightsinfo.encodedrights) as { '@type': string; permission: { target: string }[] };
    expect(policy['@type']).toBe('Agreement');
    expect(policy.permission[0]!.target).toBe('https://harbourledger.example/waterfront/dredging');
    // Nothing of the desk's own beside the standard's fields.
    expect(j).not.toHaveProperty('license');
    expect(j).not.toHaveProperty('usage');
  });

  it('the copy is in the article\'s language: ninjs language, lang on the article text; none claimed when unknown', () => {
    const fr = input(article({ language: 'fr' }));
    expect(copyPage(fr, { text: '/t', json: '/j', embed: '/e' }).html).toContain('<article class="copy" lang="fr">');
    expect(embedSnippet(fr)).toMatch(/<article class="reprintdesk-copy" data-license="[^"]+" lang="fr">/);
    const unknown = input(article({ language: undefined }));
    expect(copyJson(unknown)).not.toHaveProperty('language');
    expect(copyPage(unknown, { text: '/t', json: '/j', embed: '/e' }).html).toContain('<article class="copy">');
  });

  it('the embed page shows the views the pixel counted', () => {
    expect(embedPage(input(), { raw: '/r', copy: '/c' }, { views: 3, referrers: [{}, {}] }).html).toContain('3 views counted so far, on 2 pages.');
    expect(embedPage(input(), { raw: '/r', copy: '/c' }, { views: 0, referrers: [] }).html).toContain('No views counted yet.');
  });

  it('embed snippet: the copy, the attribution, the link to the original and exactly one pixel', () => {
    const s = embedSnippet(input());
    parts(s);
    expect(s).toContain(`<img src="${BASE}/licenses/RD-01HZY3Q8M4N5P6R7/pixel.gif" alt="" width="1" height="1"`);
    expect(tags(s).filter((t) => t.name === 'img')).toHaveLength(1);
    expect(s).not.toContain('<script');
    expect(s).not.toContain('style=');
  });

  it('the embed page shows the snippet as text in a textarea (no live pixel on our page)', () => {
    const page = embedPage(input(), { raw: `${BASE}/raw`, copy: `${BASE}/copy` });
    expect(page.html).toContain('<textarea id="snippet"');
    expect(page.html).toContain('&lt;img src=&quot;https://desk.example/licenses/RD-01HZY3Q8M4N5P6R7/pixel.gif&quot;');
    expect(tags(page.html).filter((t) => t.name === 'img')).toHaveLength(0);
  });

  it('a corrected article carries its correction note; a translation license states the duty', () => {
    const corrected = article({ pubstatus: 'corrected', correction: 'An earlier version misstated the cost.' });
    expect(copyText(input(corrected))).toContain('Correction: An earlier version misstated the cost.');
    expect(copyJson(input(corrected)).ednote).toContain('Correction: An earlier version misstated the cost.');
    const t = input(article(), license({ type: 'translation', language: 'fr' }));
    for (const out of [copyText(t), copyPage(t, { text: '/t', json: '/j', embed: '/e' }).html, JSON.stringify(copyJson(t))]) {
      expect(out).toContain('into French (fr)');
      expect(out).toContain('state that it is a translation');
    }
    // The original is served, in the original language.
    expect(copyJson(t).bodies[0]!.value).toContain('One two three four five.');
    expect(copyText(input(article({ language: 'de' }), license({ type: 'translation', language: 'fr' })))).toContain('from German (de) into French (fr)');
  });

  it('without a canonical URL of its own, no format claims one: no link rel, no Original line, a URN as ninjs uri', () => {
    const i = input(article({ canonicalUrl: undefined }));
    expect(canonicalUrlOf(i.article)).toBeUndefined();
    const page = copyPage(i, { text: '/t', json: '/j', embed: '/e' }).html;
    expect(page).not.toContain('rel="canonical"');
    expect(page).not.toContain('Original:');
    expect(copyText(i)).not.toContain('Original:');
    expect(embedSnippet(i)).not.toContain('Read the original');
    const embed = embedPage(i, { raw: '/r', copy: '/c' }).html;
    expect(embed).not.toContain('rel="canonical"');
    expect(embed).not.toContain('rel=&quot;canonical&quot;');
    const j = copyJson(i);
    expect(j.uri).toBe('urn:reprintdesk:article:harbour-dredging-plan');
    expect((JSON.parse(j.rightsinfo.encodedrights) as { permission: { target: string }[] }).permission[0]!.target).toBe(j.uri);
    expect(JSON.stringify(j)).not.toContain('/reprint');
    expect(withdrawnJson({ license: license(), article: i.article, baseUrl: BASE, revision: 1, importedAt: '2026-07-01T00:00:00Z' }).uri).toBe('urn:reprintdesk:article:harbour-dredging-plan');
  });
});

describe('licensed copy: nothing executable from article text', () => {
  const i = input(hostileArticle(), hostileLicense());

  it('HTML page escapes every field, and the CSP allows no script', () => {
    const page = copyPage(i, { text: '/t', json: '/j', embed: '/e' });
    assertInert(page.html);
    expect(page.html).toContain('&lt;img src=x onerror=alert(2)&gt;');
    // A javascript: canonical never becomes a link target, and nothing else is claimed in its place.
    expect(page.html).not.toContain('rel="canonical"');
    expect(page.csp).not.toMatch(/script-src/);
    // The title survives as text.
    expect(page.html).toMatch(/<title>&lt;script&gt;alert\(1\)&lt;\/script&gt; hostile 0 · Reprint Desk<\/title>/);
  });

  it('embed snippet and its page escape every field', () => {
    assertInert(embedSnippet(i), { img: 1 });
    const page = embedPage(i, { raw: '/r', copy: '/c' }).html;
    // Inside the textarea the snippet is text: its own markup is escaped, so "</textarea>" cannot close it.
    // (One textarea: a javascript: canonical URL is no canonical URL, so there is no <head> tag to paste.)
    expect(page.match(/<\/textarea>/g)).toHaveLength(1);
    expect(tags(page).filter((t) => ['script', 'img', 'svg', 'iframe'].includes(t.name))).toEqual([]);
  });

  it('JSON body_html is escaped markup; the refusal and withdrawal pages are inert too', () => {
    const j = copyJson(i);
    assertInert(j.bodies[1]!.value);
    assertInert(withdrawnPage({ license: i.license, article: i.article, baseUrl: BASE }).html);
    assertInert(unavailablePage({ reason: 'revoked', licenseNumber: 'RD-1', headline: xss(0), validFrom: '2026-01-01', validUntil: '2026-02-01', revokedReason: xss(1), renewUrl: `${BASE}/articles/x/reprint` }).html);
  });

  it('plain text: a line break in a field cannot forge a line of ours', () => {
    const t = copyText(input(article({ headline: 'Real headline\nLicense RD-FAKE, valid forever' })));
    expect(t.split('\n')).not.toContain('License RD-FAKE, valid forever');
    expect(t.split('\n')[0]).toBe('Real headline License RD-FAKE, valid forever');
  });
});

describe('excerpts', () => {
  const body = ['One two three four five.', 'Six seven eight nine ten.', 'Eleven twelve.'];

  it('cuts inside a paragraph at a word boundary and marks the cut', () => {
    expect(excerptParagraphs(body, 7)).toEqual({ paragraphs: ['One two three four five.', `Six seven ${ELLIPSIS}`], truncated: true, words: 7 });
  });

  it('a cut exactly at a paragraph end still marks that more follows', () => {
    expect(excerptParagraphs(body, 5)).toEqual({ paragraphs: [`One two three four five. ${ELLIPSIS}`], truncated: true, words: 5 });
  });

  it('an excerpt as long as the article, or longer, is the whole article, unmarked', () => {
    expect(excerptParagraphs(body, 12)).toEqual({ paragraphs: body, truncated: false, words: 12 });
    expect(excerptParagraphs(body, 500)).toEqual({ paragraphs: body, truncated: false, words: 12 });
  });

  it('never splits a word, whatever the whitespace', () => {
    const r = excerptParagraphs(['Alpha\u00a0beta  gamma\tdelta — epsilon'], 3);
    expect(r.paragraphs[0]).toBe(`Alpha beta gamma ${ELLIPSIS}`);
    for (let n = 0; n < 14; n++) {
      const words = excerptParagraphs(body, n).paragraphs.join(' ').replace(ELLIPSIS, '').trim().split(/\s+/).filter(Boolean);
      expect(words.length).toBe(Math.min(n, 12));
      for (const w of words) expect(body.join(' ').split(/\s+/)).toContain(w);
    }
  });

  it('an excerpt license serves only the excerpt, in every format', () => {
    const i = input(article(), license({ extent: 'excerpt', excerptWords: 7 }));
    for (const out of [copyText(i), copyPage(i, { text: '/t', json: '/j', embed: '/e' }).html, embedSnippet(i), copyJson(i).bodies[0]!.value]) {
      expect(out).toContain(`Six seven ${ELLIPSIS}`);
      expect(out).not.toContain('eight nine');
      expect(out).not.toContain('Eleven');
    }
    expect(copyJson(i)).toMatchObject({ representationtype: 'partial', ednote: expect.stringContaining('Excerpt: the first 7 words') as unknown });
  });
});

describe('validity and tokens', () => {
  const l = license();
  it('dates are inclusive UTC days', () => {
    expect(licenseState(l, new Date('2026-05-31T23:59:59Z'))).toBe('not-started');
    expect(licenseState(l, new Date('2026-06-01T00:00:00Z'))).toBe('active');
    expect(licenseState(l, new Date('2026-11-27T23:59:59Z'))).toBe('active');
    expect(licenseState(l, new Date('2026-11-28T00:00:00Z'))).toBe('expired');
    expect(licenseState({ ...l, status: 'revoked' }, new Date('2026-07-01T00:00:00Z'))).toBe('revoked');
    expect(unavailableStatus('not-started')).toBe(403);
    expect(unavailableStatus('expired')).toBe(410);
    expect(unavailableStatus('revoked')).toBe(410);
  });

  it('matches a token by hash among several, and tells an expired one apart', () => {
    const now = new Date('2026-07-01T00:00:00Z');
    const tokens = { [hashToken('a')]: '2027-01-01T00:00:00Z', [hashToken('b')]: '2026-01-01T00:00:00Z', 'not-a-hash': '2099-01-01T00:00:00Z' };
    expect(matchToken(tokens, hashToken('a'), now)).toBe('valid');
    expect(matchToken(tokens, hashToken('b'), now)).toBe('expired');
    expect(matchToken(tokens, hashToken('c'), now)).toBe('invalid');
    expect(matchToken(undefined, hashToken('a'), now)).toBe('invalid');
    expect(matchToken({}, hashToken(''), now)).toBe('invalid');
  });

  it('withdrawn JSON is ninjs canceled with no body', () => {
    const w = withdrawnJson({ license: l, article: article({ pubstatus: 'canceled' }), baseUrl: BASE, revision: 4, importedAt: '2026-07-01T00:00:00Z' });
    expect(w.pubstatus).toBe('canceled');
    expect(w).not.toHaveProperty('bodies');
    expect(w.ednote).toContain('withdrawn');
  });
});
