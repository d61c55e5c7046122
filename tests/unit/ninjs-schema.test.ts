/**
 * The JSON copy is IPTC ninjs 2.2: validated against IPTC's own published JSON Schema
 * (tests/fixtures/ninjs/, see SOURCE.md there) with Ajv's draft 2020-12 class and string formats.
 * The schema's `unevaluatedProperties: false` is what refuses any top-level field of our own.
 */
import { describe, expect, it } from 'vitest';
import type { Article } from '../../functions/domain/article.js';
import { buildLicense } from '../../functions/domain/license.js';
import { NINJS_STANDARD, copyJson, withdrawnJson, type CopyInput } from '../../functions/views/copy.js';
import { ninjsErrors as errorsOf, ninjsSchema as schema } from '../support/ninjs.js';

const article = (over: Partial<Article> = {}): Article => ({
  id: 'harbour-dredging-plan',
  headline: 'Council backs plan to dredge the inner harbour',
  byline: [{ name: 'Maren Holt' }],
  publication: { name: 'The Harbour Ledger', copyrightHolder: 'The Harbour Ledger' },
  publishedAt: '2024-09-18T18:05:00+02:00',
  section: 'Waterfront',
  canonicalUrl: 'https://harbourledger.example/waterfront/dredging',
  language: 'en',
  body: ['One two three four five.', 'Six seven eight nine ten.'],
  copyright: '© 2024 The Harbour Ledger.',
  rights: { owner: 'publisher' },
  ...over,
});

const license = (use: { type?: 'web-republication' | 'translation'; extent?: 'full' | 'excerpt'; excerptWords?: number; language?: string } = {}) => buildLicense({
  licenseId: 'RD-01HZY3Q8M4N5P6R7',
  request: {
    articleId: 'harbour-dredging-plan',
    requester: { name: 'Ada Okafor', email: 'ada@riverside.example', organization: 'Riverside Weekly', organizationType: 'commercial', country: 'US' },
    use: { type: use.type ?? 'web-republication', audience: 5000, territories: ['US'], startDate: '2026-06-01', durationDays: 180, language: use.language ?? 'en', extent: use.extent ?? 'full', ...(use.excerptWords ? { excerptWords: use.excerptWords } : {}), includePhotos: false },
  },
  quote: { amount: '150.00', currency: 'USD', minorUnits: 15000, lines: [] },
  attribution: 'First published in The Harbour Ledger.', conditions: ['Link to the original article.'],
  validFrom: '2026-06-01', validUntil: '2026-11-27', now: new Date('2026-06-01T00:00:00Z'), copyTokens: {},
});

const input = (a: Article = article(), l = license()): CopyInput => ({ license: l, article: a, revision: 2, importedAt: '2026-06-02T10:00:00.000Z', baseUrl: 'https://desk.example' });

describe('the JSON copy against IPTC ninjs 2.2 JSON Schema', () => {
  it('the fixture is IPTC\'s ninjs 2.2 schema, draft 2020-12, and the copy names it', () => {
    expect(schema.$id).toBe('http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json#');
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(`${NINJS_STANDARD.schema}#`).toBe(schema.$id);
  });

  it('a full copy, an excerpt, a translation, a corrected article and one without canonical URL or language are valid', () => {
    const cases: CopyInput[] = [
      input(),
      input(article(), license({ extent: 'excerpt', excerptWords: 3 })),
      input(article({ language: 'de' }), license({ type: 'translation', language: 'fr' })),
      input(article({ pubstatus: 'corrected', correction: 'An earlier version misstated the cost.', publishedAt: '2024-09-18' })),
      input(article({ canonicalUrl: undefined, language: undefined, section: undefined })),
    ];
    for (const c of cases) expect(errorsOf(copyJson(c))).toEqual([]);
  });

  it('the withdrawn copy (pubstatus canceled, no body) is valid too', () => {
    const w = withdrawnJson({ license: license(), article: article({ pubstatus: 'canceled' }), baseUrl: 'https://desk.example', revision: 3, importedAt: '2026-07-01T00:00:00.000Z' });
    expect(errorsOf(w)).toEqual([]);
  });

  it('the validator is live: a field of our own at the top level, a bad date, two rights forms all fail', () => {
    const good = copyJson(input());
    expect(errorsOf({ ...good, license: { number: 'RD-1' } }).join('\n')).toMatch(/unevaluated/i);
    expect(errorsOf({ ...good, usage: { views: 1 } })).not.toEqual([]);
    expect(errorsOf({ ...good, firstcreated: '2024-09-18' })).not.toEqual([]);
    expect(errorsOf({ ...good, rightsinfo: { ...good.rightsinfo, linkedrights: 'https://desk.example/x' } })).not.toEqual([]);
    const { uri: _uri, ...noUri } = good;
    expect(errorsOf(noUri)).not.toEqual([]);
  });

  it('the language is the article\'s, and the ODRL policy in rightsinfo is the license', () => {
    const j = copyJson(input(article({ language: 'nl' })));
    expect(j.language).toBe('nl');
    const policy = JSON.parse(j.rightsinfo.encodedrights) as { '@type': string; uid: string; permission: { assignee: { name: string } }[] };
    expect(policy).toMatchObject({ '@type': 'Agreement', uid: 'https://desk.example/licenses/RD-01HZY3Q8M4N5P6R7' });
    expect(policy.permission[0]!.assignee.name).toBe('Riverside Weekly');
  });
});
