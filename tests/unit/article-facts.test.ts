/**
 * Facts, not placeholders (issue 12, item 6): the article record's canonical URL, language,
 * publication time and embargo are real values, checked against the standards they name, and what
 * is derived from them (the policy's embargo, a partner's delay) counts from the real instant.
 */
import { describe, expect, it } from 'vitest';
import { articleSchema, instantIso, useTypes, type Article } from '../../functions/domain/article.js';
import { countryCodeCount, isCountryCode, isLanguageCode, languageCodeCount } from '../../functions/domain/iso-codes.js';
import { evaluate } from '../../functions/domain/policy.js';
import { reprintRequestSchema, type ReprintRequestInput } from '../../functions/domain/request-body.js';
import { rateCardSchema, useTermsSchema } from '../../functions/domain/terms.js';
import { mayRun } from '../../functions/application/syndication.js';
import { NO_CANONICAL_URL_WARNING, parseArticleFile } from '../../functions/application/import-content.js';

const record = (over: Record<string, unknown> = {}, rights: Record<string, unknown> = {}) => ({
  id: 'ferry-order',
  headline: 'Ferry operator orders two electric vessels',
  byline: [{ name: 'Priyanka Duval' }],
  publication: { name: 'The Harbour Ledger', copyrightHolder: 'The Harbour Ledger' },
  publishedAt: '2026-06-01T18:00:00Z',
  section: 'Business',
  body: ['One paragraph of the story.'],
  copyright: '© 2026 The Harbour Ledger.',
  ...over,
  rights: { owner: 'publisher', ...rights },
});
const article = (over: Record<string, unknown> = {}, rights: Record<string, unknown> = {}): Article => articleSchema.parse(record(over, rights));
const fails = (over: Record<string, unknown>, rights: Record<string, unknown> = {}) => {
  const r = articleSchema.safeParse(record(over, rights));
  return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
};

const requestInput = (over: { country?: string; territories?: string[]; language?: string; startDate?: string } = {}): ReprintRequestInput => ({
  articleId: 'ferry-order',
  requester: { name: 'Ada Okafor', email: 'ada@example.org', organization: 'Riverside Weekly', organizationType: 'commercial', country: over.country ?? 'US' },
  use: { type: 'web-republication', audience: 5000, territories: over.territories ?? ['US'], startDate: over.startDate ?? '2026-06-01', durationDays: 30, language: over.language ?? 'en' },
});

describe('country and language codes are checked against ISO 3166-1 and ISO 639-1', () => {
  it('the tables hold the 249 assigned country codes and the 183 ISO 639-1 codes', () => {
    expect(countryCodeCount).toBe(249);
    expect(languageCodeCount).toBe(183);
    for (const c of ['US', 'GB', 'DE', 'AX', 'SS', 'CW']) expect(isCountryCode(c)).toBe(true);
    // ZZ (unknown), XK (user-assigned), UK and EU (exceptionally reserved) are not assigned country codes.
    for (const c of ['ZZ', 'XK', 'UK', 'EU', 'us', 'USA', '']) expect(isCountryCode(c)).toBe(false);
    for (const l of ['en', 'fr', 'nb', 'zu']) expect(isLanguageCode(l)).toBe(true);
    for (const l of ['xx', 'EN', 'eng', 'en-GB', '']) expect(isLanguageCode(l)).toBe(false);
  });

  it('a request naming ZZ as country or territory, or xx as language, is refused field by field', () => {
    expect(reprintRequestSchema.safeParse(requestInput()).success).toBe(true);
    const bad = reprintRequestSchema.safeParse(requestInput({ country: 'ZZ', territories: ['US', 'ZZ'], language: 'xx' }));
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['requester.country', 'use.language', 'use.territories.1']);
    // WORLD stays a territory, not a country.
    expect(reprintRequestSchema.safeParse(requestInput({ territories: ['WORLD'] })).success).toBe(true);
    expect(reprintRequestSchema.safeParse(requestInput({ country: 'WORLD' })).success).toBe(false);
  });

  it('a rate card with an unassigned territory or language code does not load', () => {
    const use = { offered: true, maxDurationDays: 365, attributionTemplate: 'From {publication}', fees: { tiers: [{ amount: 100 }] } };
    expect(useTermsSchema.safeParse({ ...use, territories: ['GB'], languages: ['cy'] }).success).toBe(true);
    expect(useTermsSchema.safeParse({ ...use, territories: ['ZZ'], languages: ['en'] }).success).toBe(false);
    expect(useTermsSchema.safeParse({ ...use, territories: ['GB'], languages: ['qq'] }).success).toBe(false);
  });

  it('the article record carries its language, an ISO 639-1 code', () => {
    expect(article({ language: 'nl' }).language).toBe('nl');
    expect(article().language).toBeUndefined();
    expect(fails({ language: 'xx' })).toEqual(['language']);
    expect(fails({ language: 'English' })).toEqual(['language']);
  });
});

describe('publication times and embargoes are dates or date-times', () => {
  it('publishedAt and rights.embargoUntil take a date or an RFC 3339 date-time with offset', () => {
    expect(fails({ publishedAt: '2026-06-01' })).toEqual([]);
    expect(fails({ publishedAt: '2026-06-01T20:00:00+02:00' })).toEqual([]);
    expect(fails({}, { embargoUntil: '2026-06-01T18:00:00Z' })).toEqual([]);
    expect(fails({}, { embargoUntil: '2026-06-01' })).toEqual([]);
    for (const bad of ['2026-06-31', '2026-06-01T18:00', '2026-06-01 18:00:00Z', 'tomorrow']) {
      expect(fails({ publishedAt: bad })).toEqual(['publishedAt']);
      expect(fails({}, { embargoUntil: bad })).toEqual(['rights.embargoUntil']);
    }
    expect(instantIso('2026-06-01T20:00:00+02:00')).toBe('2026-06-01T18:00:00.000Z');
    expect(instantIso('2026-06-01')).toBe('2026-06-01T00:00:00.000Z');
  });

  it('an embargo until 18:00 UTC refuses a license at 17:59 and allows it at 18:00, the same day', () => {
    const card = rateCardSchema.parse({
      publicationId: 'the-harbour-ledger',
      uses: Object.fromEntries(useTypes.map((u) => [u, useTermsSchema.parse({
        offered: u === 'web-republication', approval: 'auto', maxDurationDays: 365, territories: ['WORLD'], languages: ['en'],
        attributionTemplate: 'From {publication}', fees: { tiers: [{ amount: 100 }] },
      })])),
    });
    const a = article({ publishedAt: '2026-06-01' }, { embargoUntil: '2026-06-01T18:00:00Z' });
    const request = reprintRequestSchema.parse(requestInput({ startDate: '2026-06-01' }));
    const at = (iso: string) => evaluate({ request, article: a, rateCard: card, now: new Date(iso) });
    const before = at('2026-06-01T17:59:00Z');
    expect(before.reasons.map((r) => r.code)).toEqual(['EMBARGOED']);
    expect(before.reasons[0]!.message).toContain('June 1, 2026, 18:00 UTC');
    expect(at('2026-06-01T18:00:00Z').status).toBe('licensed');
    // The same embargo with a later start date is still refused while the article is not public.
    expect(evaluate({ request: reprintRequestSchema.parse(requestInput({ startDate: '2026-06-05' })), article: a, rateCard: card, now: new Date('2026-06-01T12:00:00Z') }).reasons.map((r) => r.code)).toEqual(['EMBARGOED']);
  });

  it('the policy takes the original language from the article record', () => {
    const card = rateCardSchema.parse({
      publicationId: 'the-harbour-ledger',
      uses: Object.fromEntries(useTypes.map((u) => [u, useTermsSchema.parse({
        offered: u === 'translation', approval: 'auto', maxDurationDays: 365, territories: ['WORLD'], languages: ['en', 'fr', 'de'],
        attributionTemplate: 'From {publication}', fees: { tiers: [{ amount: 100 }] },
      })])),
    });
    const request = reprintRequestSchema.parse({ ...requestInput({ language: 'de' }), use: { ...requestInput({ language: 'de' }).use, type: 'translation' } });
    const now = new Date('2026-06-01T12:00:00Z');
    expect(evaluate({ request, article: article({ language: 'en' }), rateCard: card, now }).status).toBe('licensed');
    const same = evaluate({ request, article: article({ language: 'de' }), rateCard: card, now });
    expect(same.reasons.map((r) => r.code)).toEqual(['LANGUAGE_NOT_OFFERED']);
    expect(same.reasons[0]!.message).toContain('other than the original (German)');
  });

  it('a partner\'s 120-minute delay counts from the publication time, not from midnight', () => {
    const partner = { embargoMinutes: 120, use: 'web-republication' as const };
    const evening = article({ publishedAt: '2026-06-01T18:00:00Z' });
    expect(mayRun(partner, evening, new Date('2026-06-01T19:59:59Z'))).toBe(false);
    expect(mayRun(partner, evening, new Date('2026-06-01T20:00:00Z'))).toBe(true);
    // An offset is an instant like any other: 20:00 in UTC+2 is 18:00 UTC.
    expect(mayRun(partner, article({ publishedAt: '2026-06-01T20:00:00+02:00' }), new Date('2026-06-01T19:59:59Z'))).toBe(false);
    // A record with only a date still counts from 00:00 UTC that day.
    expect(mayRun(partner, article({ publishedAt: '2026-06-01' }), new Date('2026-06-01T02:00:00Z'))).toBe(true);
    // The article's own embargo is an instant too.
    const held = article({ publishedAt: '2026-06-01T08:00:00Z' }, { embargoUntil: '2026-06-01T21:00:00Z' });
    expect(mayRun(partner, held, new Date('2026-06-01T20:59:59Z'))).toBe(false);
    expect(mayRun(partner, held, new Date('2026-06-01T21:00:00Z'))).toBe(true);
  });
});

describe('the importer: canonical URL and language from flags, and a word when the URL is missing', () => {
  const json = JSON.stringify(record());

  it('a JSON record without canonicalUrl imports with a warning line; the flag supplies it, and the warning goes', () => {
    const without = parseArticleFile(json, { format: 'json' });
    expect(without.ok && without.warnings).toEqual([NO_CANONICAL_URL_WARNING]);
    expect(NO_CANONICAL_URL_WARNING).toMatch(/^no canonical URL/);
    const withFlag = parseArticleFile(json, { format: 'json', canonicalUrl: 'https://harbourledger.example/business/ferry', language: 'en' });
    expect(withFlag.ok && withFlag.value).toMatchObject({ canonicalUrl: 'https://harbourledger.example/business/ferry', language: 'en' });
    expect(withFlag.ok && withFlag.warnings).toEqual([]);
  });

  it('--published-at gives pasted text its publication instant, and answers the dateline-time warning', () => {
    const text = ['The Valley Courier · Sept. 3rd, 2025 · 6:40 p.m.', '', 'Rail freight line to reopen after landslide repairs', '', 'By Lena Ostrowski', '', 'The freight line through the Corran Gorge will reopen to traffic next week, nine weeks after a landslide buried 300 metres of track.', '', '© 2025 The Valley Courier'].join('\n');
    const plain = parseArticleFile(text, { format: 'text' });
    expect(plain.ok && plain.value.publishedAt).toBe('2025-09-03');
    expect(plain.ok && plain.warnings.some((w) => w.startsWith("the dateline's time \"6:40 p.m.\" has no time zone"))).toBe(true);
    const timed = parseArticleFile(text, { format: 'text', publishedAt: '2025-09-03T18:40:00-04:00' });
    expect(timed.ok && timed.value.publishedAt).toBe('2025-09-03T18:40:00-04:00');
    expect(timed.ok && timed.warnings.some((w) => w.startsWith("the dateline's time"))).toBe(false);
    const bad = parseArticleFile(text, { format: 'text', publishedAt: '2025-09-03T18:40' });
    expect(!bad.ok && bad.error).toContain('publishedAt');
  });

  it('a canonical URL that is not http(s), or a language outside ISO 639-1, is refused with the field named', () => {
    const bad = parseArticleFile(json, { format: 'json', canonicalUrl: 'javascript:alert(1)' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toContain('canonicalUrl');
    const lang = parseArticleFile(json, { format: 'json', language: 'zz' });
    expect(!lang.ok && lang.error).toContain('language');
  });
});
