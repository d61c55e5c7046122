import { describe, expect, it } from 'vitest';
import { articleSchema, useTypes, type Article, type UseType } from '../../functions/domain/article.js';
import { houseRateCard } from '../../functions/domain/default-terms.js';
import {
  attributionPlaceholders, evaluate, isRejectionCode, isReviewCode, reasonCodes, renderAttribution,
  tierFor, unknownPlaceholders, type Decision, type ReasonCode,
} from '../../functions/domain/policy.js';
import { reprintRequestSchema, type ReprintRequest } from '../../functions/domain/request-body.js';
import { rateCardSchema, useTermsSchema, type RateCard, type UseTerms } from '../../functions/domain/terms.js';

// ---- builders: each case states only what differs from an ordinary, licensable request ----------

const NOW = new Date('2026-06-01T12:00:00Z');

type ArticleOverrides = Partial<Omit<Article, 'rights'>> & { rights?: Partial<Article['rights']> };

function article(over: ArticleOverrides = {}): Article {
  const { rights, ...rest } = over;
  return articleSchema.parse({
    id: 'harbour-2026-0042',
    headline: 'Harbour dredging plan approved',
    byline: [{ name: 'Ana Ruiz' }],
    publication: { name: 'The Harbour Ledger', copyrightHolder: 'Ledger Media Ltd' },
    publishedAt: '2026-03-04',
    canonicalUrl: 'https://ledger.example/2026/03/04/dredging',
    // 300 words: long enough for ordinary excerpts, short enough to test EXCERPT_LONGER_THAN_ARTICLE.
    body: [Array.from({ length: 100 }, (_, i) => `word${i}`).join(' '), Array.from({ length: 200 }, () => 'text').join(' ')],
    copyright: '© 2026 Ledger Media Ltd',
    ...rest,
    rights: { owner: 'publisher', ...rights },
  });
}

type TermsOverrides = Partial<Omit<UseTerms, 'fees' | 'autoApprove'>> & {
  fees?: Partial<UseTerms['fees']>;
  autoApprove?: UseTerms['autoApprove'];
};

/** Offered, auto-approved with no conditions, worldwide, English, $100 flat. */
function terms(over: TermsOverrides = {}): UseTerms {
  const { fees, ...rest } = over;
  return useTermsSchema.parse({
    offered: true,
    approval: 'auto',
    maxDurationDays: 365,
    territories: ['WORLD'],
    languages: ['en'],
    attributionTemplate: 'From {publication}',
    ...rest,
    fees: { tiers: [{ amount: 100_00 }], ...fees },
  });
}

/** A card where only the given uses are offered. */
function card(uses: Partial<Record<UseType, UseTerms>> = { 'web-republication': terms() }, currency = 'USD'): RateCard {
  const notOffered = terms({ offered: false });
  return rateCardSchema.parse({
    publicationId: 'the-harbour-ledger',
    currency,
    uses: Object.fromEntries(useTypes.map((u) => [u, uses[u] ?? notOffered])),
  });
}

type RequestOverrides = Partial<ReprintRequest['use']> & { requester?: Partial<ReprintRequest['requester']>; notes?: string };

function request(over: RequestOverrides = {}): ReprintRequest {
  const { requester, notes, ...use } = over;
  return reprintRequestSchema.parse({
    articleId: 'harbour-2026-0042',
    requester: {
      name: 'Sam Lee', email: 'sam@example.org', organization: 'Bay Weekly', organizationType: 'commercial', country: 'US',
      ...requester,
    },
    use: {
      type: 'web-republication', audience: 5_000, territories: ['US'], startDate: '2026-07-01', durationDays: 30,
      language: 'en', extent: 'full', ...use,
    },
    ...(notes !== undefined ? { notes } : {}),
  });
}

interface Case {
  name: string;
  req?: RequestOverrides;
  art?: ArticleOverrides;
  /** Terms for the requested use type (defaults to the ordinary terms). */
  t?: TermsOverrides;
  codes: ReasonCode[];
  status: Decision['status'];
}

function run(c: Pick<Case, 'req' | 'art' | 't'>): Decision {
  const req = request(c.req);
  return evaluate({ request: req, article: article(c.art), rateCard: card({ [req.use.type]: terms(c.t) }), now: NOW });
}

const codesOf = (d: Decision) => d.reasons.map((r) => r.code);

// ---- rules --------------------------------------------------------------------------------------

describe('evaluate: one case per rule', () => {
  const cases: Case[] = [
    { name: 'an ordinary request is licensed at once', codes: [], status: 'licensed' },
    { name: 'notes never change the decision', req: { notes: 'Please, it is urgent. REVIEW ME.' }, codes: [], status: 'licensed' },

    // Article-level rejections
    { name: 'third-party content with a source', art: { rights: { owner: 'third-party', source: 'Associated Press' } }, codes: ['THIRD_PARTY_CONTENT'], status: 'rejected' },
    { name: 'third-party content without a source', art: { rights: { owner: 'third-party' } }, codes: ['THIRD_PARTY_CONTENT'], status: 'rejected' },
    { name: 'withdrawn article', art: { pubstatus: 'canceled' }, codes: ['ARTICLE_WITHDRAWN'], status: 'rejected' },
    { name: 'corrected article is still licensable', art: { pubstatus: 'corrected' }, codes: [], status: 'licensed' },
    { name: 'embargo after the start date', art: { rights: { owner: 'publisher', embargoUntil: '2026-07-02' } }, codes: ['EMBARGOED'], status: 'rejected' },
    { name: 'embargo after today although the start is later', art: { rights: { owner: 'publisher', embargoUntil: '2026-06-15' } }, codes: ['EMBARGOED'], status: 'rejected' },
    { name: 'embargo ending on the start date, already past today', art: { rights: { owner: 'publisher', embargoUntil: '2026-06-01' } }, req: { startDate: '2026-06-01' }, codes: [], status: 'licensed' },
    { name: 'embargo long over', art: { rights: { owner: 'publisher', embargoUntil: '2026-01-01' } }, codes: [], status: 'licensed' },
    { name: 'use excluded for this article', art: { rights: { owner: 'publisher', excludedUses: ['web-republication'] } }, codes: ['USE_EXCLUDED'], status: 'rejected' },
    { name: 'another use excluded does not matter', art: { rights: { owner: 'publisher', excludedUses: ['translation'] } }, codes: [], status: 'licensed' },

    // Terms
    { name: 'use not offered', t: { offered: false }, codes: ['USE_NOT_OFFERED'], status: 'rejected' },
    { name: 'use not offered skips the term checks (no duration, territory or review noise)', t: { offered: false, approval: 'review', territories: ['CA'] }, req: { durationDays: 9_999 }, codes: ['USE_NOT_OFFERED'], status: 'rejected' },
    { name: 'start date before today (UTC)', req: { startDate: '2026-05-31' }, codes: ['START_IN_PAST'], status: 'rejected' },
    { name: 'start date today is fine', req: { startDate: '2026-06-01' }, codes: [], status: 'licensed' },
    { name: 'start date past the default horizon (365 days)', req: { startDate: '2027-06-02' }, codes: ['START_TOO_FAR_AHEAD'], status: 'rejected' },
    { name: 'start date on the horizon', req: { startDate: '2027-06-01' }, codes: [], status: 'licensed' },
    { name: 'start date past the card\'s own horizon', t: { maxStartAheadDays: 30 }, req: { startDate: '2026-07-02' }, codes: ['START_TOO_FAR_AHEAD'], status: 'rejected' },
    { name: 'start date in the year 2199', req: { startDate: '2199-12-31' }, codes: ['START_TOO_FAR_AHEAD'], status: 'rejected' },
    { name: 'duration above the maximum', t: { maxDurationDays: 365 }, req: { durationDays: 400 }, codes: ['DURATION_TOO_LONG'], status: 'rejected' },
    { name: 'duration at the maximum', t: { maxDurationDays: 365 }, req: { durationDays: 365 }, codes: [], status: 'licensed' },
    { name: 'territory not offered', t: { territories: ['US', 'CA'] }, req: { territories: ['US', 'FR'] }, codes: ['TERRITORY_NOT_OFFERED'], status: 'rejected' },
    { name: 'all territories covered', t: { territories: ['US', 'CA'] }, req: { territories: ['CA', 'US'] }, codes: [], status: 'licensed' },
    { name: 'WORLD terms cover any country', t: { territories: ['WORLD'] }, req: { territories: ['JP', 'BR'] }, codes: [], status: 'licensed' },
    { name: 'WORLD requested needs WORLD terms', t: { territories: ['US', 'CA'] }, req: { territories: ['WORLD'] }, codes: ['TERRITORY_NOT_OFFERED'], status: 'rejected' },
    { name: 'WORLD requested with WORLD terms', req: { territories: ['WORLD'] }, codes: [], status: 'licensed' },
    { name: 'language not offered', req: { language: 'fr' }, codes: ['LANGUAGE_NOT_OFFERED'], status: 'rejected' },
    { name: 'translation into an offered language', t: { languages: ['fr', 'es'] }, req: { type: 'translation', language: 'fr' }, codes: [], status: 'licensed' },
    { name: 'translation into a language not offered', t: { languages: ['fr', 'es'] }, req: { type: 'translation', language: 'de' }, codes: ['LANGUAGE_NOT_OFFERED'], status: 'rejected' },
    { name: 'translation into the original language', t: { languages: ['en', 'fr'] }, req: { type: 'translation', language: 'en' }, codes: ['LANGUAGE_NOT_OFFERED'], status: 'rejected' },
    { name: 'audience above every bounded tier', t: { fees: { tiers: [{ upToAudience: 1_000, amount: 100 }, { upToAudience: 10_000, amount: 200 }] } }, req: { audience: 10_001 }, codes: ['AUDIENCE_NOT_OFFERED'], status: 'rejected' },
    { name: 'audience at the top bounded tier', t: { fees: { tiers: [{ upToAudience: 1_000, amount: 100 }, { upToAudience: 10_000, amount: 200 }] } }, req: { audience: 10_000 }, codes: [], status: 'licensed' },

    // Extent
    { name: 'excerpt-quote must be an excerpt', req: { type: 'excerpt-quote' }, codes: ['EXCERPT_REQUIRED'], status: 'rejected' },
    { name: 'excerpt-quote as an excerpt', req: { type: 'excerpt-quote', extent: 'excerpt', excerptWords: 100 }, codes: [], status: 'licensed' },
    { name: 'excerpt above the maximum', t: { maxExcerptWords: 250 }, req: { extent: 'excerpt', excerptWords: 251 }, codes: ['EXCERPT_TOO_LONG'], status: 'rejected' },
    { name: 'excerpt at the maximum', t: { maxExcerptWords: 250 }, req: { extent: 'excerpt', excerptWords: 250 }, codes: [], status: 'licensed' },
    { name: 'excerpt longer than the 300-word article', req: { extent: 'excerpt', excerptWords: 301 }, codes: ['EXCERPT_LONGER_THAN_ARTICLE'], status: 'rejected' },
    { name: 'excerpt as long as the article', req: { extent: 'excerpt', excerptWords: 300 }, codes: [], status: 'licensed' },
    { name: 'excerptWords ignored for the full text', t: { maxExcerptWords: 10 }, req: { extent: 'full', excerptWords: 5_000 }, codes: [], status: 'licensed' },

    // Photos
    { name: 'photos when the terms include none', req: { includePhotos: true }, codes: ['PHOTOS_NOT_LICENSED'], status: 'rejected' },
    { name: 'photos excluded on the article', t: { photosIncluded: true }, art: { rights: { owner: 'publisher', photosExcluded: true } }, req: { includePhotos: true }, codes: ['PHOTOS_NOT_LICENSED'], status: 'rejected' },
    { name: 'photos included by the terms', t: { photosIncluded: true }, req: { includePhotos: true }, codes: [], status: 'licensed' },
    { name: 'photos excluded but not asked for', art: { rights: { owner: 'publisher', photosExcluded: true } }, codes: [], status: 'licensed' },

    // Review
    { name: 'review approval', t: { approval: 'review' }, codes: ['REVIEW_REQUIRED'], status: 'pending' },
    { name: 'audience above the auto limit', t: { autoApprove: { maxAudience: 1_000 } }, req: { audience: 1_001 }, codes: ['AUDIENCE_ABOVE_AUTO_LIMIT'], status: 'pending' },
    { name: 'audience at the auto limit', t: { autoApprove: { maxAudience: 1_000 } }, req: { audience: 1_000 }, codes: [], status: 'licensed' },
    { name: 'organization type outside the auto list', t: { autoApprove: { organizationTypes: ['education'] } }, codes: ['ORGANIZATION_TYPE_NEEDS_REVIEW'], status: 'pending' },
    { name: 'organization type in the auto list', t: { autoApprove: { organizationTypes: ['education'] } }, req: { requester: { organizationType: 'education' } }, codes: [], status: 'licensed' },
    { name: 'empty auto organization list reviews everyone', t: { autoApprove: { organizationTypes: [] } }, codes: ['ORGANIZATION_TYPE_NEEDS_REVIEW'], status: 'pending' },
    { name: 'duration above the auto limit', t: { autoApprove: { maxDurationDays: 90 } }, req: { durationDays: 91 }, codes: ['DURATION_ABOVE_AUTO_LIMIT'], status: 'pending' },
    { name: 'extent outside the auto list', t: { autoApprove: { extents: ['excerpt'] } }, codes: ['EXTENT_NEEDS_REVIEW'], status: 'pending' },
    { name: 'excerpt inside the auto list', t: { autoApprove: { extents: ['excerpt'] } }, req: { extent: 'excerpt', excerptWords: 50 }, codes: [], status: 'licensed' },
    { name: 'review approval ignores the auto conditions', t: { approval: 'review', autoApprove: { maxAudience: 10 } }, codes: ['REVIEW_REQUIRED'], status: 'pending' },

    // Collecting everything
    { name: 'every failing auto condition is listed', t: { autoApprove: { maxAudience: 10, organizationTypes: ['nonprofit'], maxDurationDays: 7, extents: ['excerpt'] } }, codes: ['AUDIENCE_ABOVE_AUTO_LIMIT', 'ORGANIZATION_TYPE_NEEDS_REVIEW', 'DURATION_ABOVE_AUTO_LIMIT', 'EXTENT_NEEDS_REVIEW'], status: 'pending' },
    { name: 'no auto-limit reason for a field already refused', t: { maxDurationDays: 365, autoApprove: { maxDurationDays: 90, maxAudience: 10 } }, req: { durationDays: 400, audience: 20 }, codes: ['DURATION_TOO_LONG', 'AUDIENCE_ABOVE_AUTO_LIMIT'], status: 'rejected' },
    { name: 'no extent review for an excerpt-quote that is not an excerpt', req: { type: 'excerpt-quote' }, t: { autoApprove: { extents: ['excerpt'] } }, codes: ['EXCERPT_REQUIRED'], status: 'rejected' },
    { name: 'rejection wins over review, and both are listed', t: { approval: 'review', maxDurationDays: 30 }, req: { durationDays: 31 }, codes: ['DURATION_TOO_LONG', 'REVIEW_REQUIRED'], status: 'rejected' },
    {
      name: 'every rejection is listed, not only the first',
      art: { pubstatus: 'canceled', rights: { owner: 'third-party', source: 'Reuters', embargoUntil: '2026-12-31', excludedUses: ['web-republication'] } },
      t: { maxDurationDays: 30, territories: ['US'], maxExcerptWords: 100 },
      req: { startDate: '2026-01-01', durationDays: 31, territories: ['FR'], language: 'de', extent: 'excerpt', excerptWords: 400, includePhotos: true },
      codes: ['THIRD_PARTY_CONTENT', 'ARTICLE_WITHDRAWN', 'EMBARGOED', 'USE_EXCLUDED', 'START_IN_PAST', 'DURATION_TOO_LONG', 'TERRITORY_NOT_OFFERED', 'LANGUAGE_NOT_OFFERED', 'EXCERPT_TOO_LONG', 'EXCERPT_LONGER_THAN_ARTICLE', 'PHOTOS_NOT_LICENSED'],
      status: 'rejected',
    },
  ];

  it.each(cases)('$name', (c) => {
    const d = run(c);
    expect(codesOf(d)).toEqual(c.codes);
    expect(d.status).toBe(c.status);
  });

  it('the table exercises every reason code', () => {
    const seen = new Set(cases.flatMap((c) => c.codes));
    expect(reasonCodes.filter((code) => !seen.has(code))).toEqual([]);
  });
});

describe('evaluate: messages', () => {
  it('names the limit and the request in a sentence', () => {
    const d = run({ t: { maxDurationDays: 365 }, req: { durationDays: 400 } });
    expect(d.reasons).toEqual([{
      code: 'DURATION_TOO_LONG',
      message: 'This publication licenses web republication for at most 365 days; you asked for 400.',
      path: 'use.durationDays',
    }]);
  });

  it('names the wire service for third-party content', () => {
    const d = run({ art: { rights: { owner: 'third-party', source: 'Associated Press' } } });
    expect(d.reasons[0]?.message).toContain('Associated Press');
    expect(d.reasons[0]?.path).toBeUndefined();
  });

  it('lists the offered and the uncovered territories', () => {
    const d = run({ t: { territories: ['US', 'CA'] }, req: { territories: ['US', 'FR', 'WORLD'] } });
    expect(d.reasons[0]?.message).toBe('This publication licenses web republication only in US and CA; FR and worldwide are not covered.');
  });

  it('names languages in words', () => {
    const d = run({ t: { languages: ['fr', 'es'] }, req: { type: 'translation', language: 'de' } });
    expect(d.reasons[0]?.message).toBe('This publication licenses translations into French or Spanish only; you asked for German.');
    const same = run({ t: { languages: ['en', 'fr'] }, req: { type: 'translation', language: 'en' } });
    expect(same.reasons[0]?.message).toContain('other than the original (English)');
  });

  it('groups thousands in audience figures', () => {
    const d = run({ t: { autoApprove: { maxAudience: 10_000 } }, req: { audience: 25_000 } });
    expect(d.reasons[0]?.message).toContain('10,000');
    expect(d.reasons[0]?.message).toContain('25,000');
  });

  it('gives every reason a non-empty sentence ending in a full stop', () => {
    const d = run({
      art: { pubstatus: 'canceled', rights: { owner: 'third-party', embargoUntil: '2026-12-31', excludedUses: ['web-republication'] } },
      t: { approval: 'review', maxDurationDays: 30, territories: ['US'], maxExcerptWords: 100 },
      req: { startDate: '2026-01-01', durationDays: 31, territories: ['FR'], language: 'de', extent: 'excerpt', excerptWords: 400, includePhotos: true },
    });
    for (const r of d.reasons) expect(r.message).toMatch(/^[A-Z].*\.$/);
  });

  it('classifies every code as exactly one of rejection or review', () => {
    for (const code of reasonCodes) expect(isRejectionCode(code) !== isReviewCode(code)).toBe(true);
  });
});

// ---- quote arithmetic ---------------------------------------------------------------------------

describe('quote', () => {
  const tiers = [
    { upToAudience: 10_000, amount: 150_00 },
    { upToAudience: 100_000, amount: 400_00 },
    { amount: 1_200_00 },
  ];

  it.each([
    { audience: 1, expected: 150_00 },
    { audience: 10_000, expected: 150_00 },
    { audience: 10_001, expected: 400_00 },
    { audience: 100_000, expected: 400_00 },
    { audience: 100_001, expected: 1_200_00 },
    { audience: 999_999_999, expected: 1_200_00 },
  ])('audience $audience is priced at the tier fee $expected', ({ audience, expected }) => {
    const d = run({ t: { fees: { tiers } }, req: { audience } });
    expect(d.quote.minorUnits).toBe(expected);
  });

  it.each([
    { name: 'full text, commercial', req: {}, t: {}, minor: 150_00, amount: '150.00' },
    { name: 'excerpt at 50%', req: { extent: 'excerpt' as const, excerptWords: 100 }, t: { fees: { tiers, excerptPercent: 50 } }, minor: 75_00, amount: '75.00' },
    { name: 'nonprofit 25% off', req: { requester: { organizationType: 'nonprofit' as const } }, t: { discounts: { nonprofit: 25 } }, minor: 112_50, amount: '112.50' },
    { name: 'excerpt then discount', req: { extent: 'excerpt' as const, excerptWords: 100, requester: { organizationType: 'education' as const } }, t: { fees: { tiers, excerptPercent: 50 }, discounts: { education: 50 } }, minor: 37_50, amount: '37.50' },
    { name: 'minimum lifts a discounted fee', req: { requester: { organizationType: 'education' as const } }, t: { fees: { tiers, minimum: 100_00 }, discounts: { education: 50 } }, minor: 100_00, amount: '100.00' },
    { name: 'a 100% discount makes it free', req: { requester: { organizationType: 'education' as const } }, t: { discounts: { education: 100 } }, minor: 0, amount: '0.00' },
    { name: 'a discount for another type does not apply', req: {}, t: { discounts: { education: 50 } }, minor: 150_00, amount: '150.00' },
  ])('$name', ({ req, t, minor, amount }) => {
    const d = run({ t: { fees: { tiers }, ...t }, req });
    expect(d.quote.minorUnits).toBe(minor);
    expect(d.quote.amount).toBe(amount);
    expect(d.quote.currency).toBe('USD');
    expect(d.quote.lines.reduce((s, l) => s + l.minorUnits, 0)).toBe(minor);
  });

  it('rounds each percentage step half up to whole cents', () => {
    // 33% of 1.01 = 0.3333 → 0.33; then 50% off 0.33 = 0.165 → discount 0.17, leaving 0.16.
    const d = run({
      t: { fees: { tiers: [{ amount: 101 }], excerptPercent: 33 }, discounts: { nonprofit: 50 } },
      req: { extent: 'excerpt', excerptWords: 10, requester: { organizationType: 'nonprofit' } },
    });
    expect(d.quote.lines.map((l) => l.minorUnits)).toEqual([101, -68, -17]);
    expect(d.quote.minorUnits).toBe(16);
    expect(d.quote.amount).toBe('0.16');
  });

  it('explains each step in its lines', () => {
    const d = run({
      t: { fees: { tiers, excerptPercent: 50, minimum: 100_00 }, discounts: { education: 50 } },
      req: { audience: 20_000, extent: 'excerpt', excerptWords: 100, requester: { organizationType: 'education' } },
    });
    expect(d.quote.lines).toEqual([
      { label: 'Web republication, audience up to 100,000', minorUnits: 400_00 },
      { label: 'Excerpt: 50% of the full-text fee', minorUnits: -200_00 },
      { label: 'Educational institutions discount: 50%', minorUnits: -100_00 },
    ]);
    expect(d.quote.amount).toBe('100.00');
  });

  it('labels the open-ended tier and the minimum', () => {
    const d = run({ t: { fees: { tiers, minimum: 2_000_00 } }, req: { audience: 500_000 } });
    expect(d.quote.lines).toEqual([
      { label: 'Web republication, audience over 100,000', minorUnits: 1_200_00 },
      { label: 'Minimum fee 2000.00', minorUnits: 800_00 },
    ]);
  });

  it('formats a zero-decimal currency without decimals', () => {
    const req = request({});
    const d = evaluate({ request: req, article: article(), rateCard: card({ 'web-republication': terms({ fees: { tiers: [{ amount: 15_000 }] } }) }, 'JPY'), now: NOW });
    expect(d.quote).toMatchObject({ amount: '15000', currency: 'JPY', minorUnits: 15_000 });
  });

  it('is still priced when rejected for a reason the requester can fix', () => {
    const d = run({ t: { fees: { tiers } }, req: { startDate: '2020-01-01' } });
    expect(d.status).toBe('rejected');
    expect(d.quote.minorUnits).toBe(150_00);
    expect(d.quote.lines).toHaveLength(1);
  });

  it('is zero with no lines when the use is not offered', () => {
    const d = run({ t: { offered: false } });
    expect(d.quote).toEqual({ amount: '0.00', currency: 'USD', minorUnits: 0, lines: [] });
  });

  it('is zero with no lines when no tier covers the audience', () => {
    const d = run({ t: { fees: { tiers: [{ upToAudience: 100, amount: 5 }] } }, req: { audience: 101 } });
    expect(d.quote).toEqual({ amount: '0.00', currency: 'USD', minorUnits: 0, lines: [] });
  });

  it('picks the tightest tier even when the card lists tiers out of order', () => {
    const shuffled = [{ upToAudience: 100_000, amount: 400 }, { amount: 999 }, { upToAudience: 1_000, amount: 100 }];
    expect(tierFor(shuffled, 500)?.amount).toBe(100);
    expect(tierFor(shuffled, 5_000)?.amount).toBe(400);
    expect(tierFor(shuffled, 500_000)?.amount).toBe(999);
    expect(tierFor([{ upToAudience: 10, amount: 1 }], 11)).toBeUndefined();
  });
});

// ---- validity, terms, attribution, conditions ---------------------------------------------------

describe('validity', () => {
  it.each([
    { startDate: '2026-07-01', durationDays: 1, until: '2026-07-01' },
    { startDate: '2026-07-01', durationDays: 30, until: '2026-07-30' },
    { startDate: '2026-12-31', durationDays: 2, until: '2027-01-01' },
    { startDate: '2028-02-28', durationDays: 2, until: '2028-02-29' },
    { startDate: '2026-07-01', durationDays: 365, until: '2027-06-30' },
  ])('$startDate for $durationDays days ends on $until inclusive', ({ startDate, durationDays, until }) => {
    const d = run({ req: { startDate, durationDays } });
    expect(d.validFrom).toBe(startDate);
    expect(d.validUntil).toBe(until);
  });

  it('uses the UTC date of now, not the host time zone', () => {
    // 23:30 in New York on May 31 is already June 1 in UTC.
    const d = evaluate({ request: request({ startDate: '2026-05-31' }), article: article(), rateCard: card(), now: new Date('2026-05-31T23:30:00-04:00') });
    expect(codesOf(d)).toEqual(['START_IN_PAST']);
  });
});

describe('useTerms, attribution and conditions', () => {
  it('carries the terms of the requested use', () => {
    const t = terms({ maxDurationDays: 77 });
    const d = evaluate({ request: request(), article: article(), rateCard: card({ 'web-republication': t }), now: NOW });
    expect(d.useTerms).toEqual(t);
  });

  it('fills the attribution from the use terms', () => {
    const d = run({ t: { attributionTemplate: '"{headline}" by {author}, {publication}, {date}. © {year} {copyrightHolder}. {canonicalUrl}' } });
    expect(d.attribution).toBe('"Harbour dredging plan approved" by Ana Ruiz, The Harbour Ledger, March 4, 2026. © 2026 Ledger Media Ltd. https://ledger.example/2026/03/04/dredging');
  });

  it('lists generated conditions and then the publication conditions', () => {
    const d = run({
      t: { conditions: ['No paywall.'], canonicalLinkRequired: true, territories: ['US', 'CA'] },
      req: { territories: ['US', 'CA'], extent: 'excerpt', excerptWords: 120 },
    });
    expect(d.conditions).toEqual([
      'Run the attribution line with every copy.',
      'Link to the original article at https://ledger.example/2026/03/04/dredging.',
      'Reproduce no more than 120 words of the article, quoted without changes.',
      'Distribution only in US and CA.',
      'Publication in English only.',
      'Text only: photographs and other images are not part of this license.',
      'No paywall.',
    ]);
  });

  it('states the translation language and drops the link condition when not required', () => {
    const d = run({ t: { languages: ['fr'], canonicalLinkRequired: false, photosIncluded: true }, req: { type: 'translation', language: 'fr', territories: ['WORLD'], includePhotos: true } });
    expect(d.conditions).toEqual([
      'Run the attribution line with every copy.',
      'Distribution worldwide.',
      'Translation from English into French only, stating that it is a translation of the original.',
      'Photographs keep their captions and credit lines.',
    ]);
  });

  it('asks for a link to the website when the article has no canonical URL', () => {
    const d = run({ art: { canonicalUrl: undefined } });
    expect(d.conditions).toContain("Link to the original article on the publication's website.");
  });
});

describe('renderAttribution', () => {
  const req = request();

  it('fills every documented placeholder', () => {
    const template = attributionPlaceholders.map((p) => `${p}=[{${p}}]`).join(' ');
    expect(renderAttribution(template, article({ byline: [{ name: 'Ana Ruiz' }, { name: 'Tom Berg' }, { name: 'Li Wei' }] }), req)).toBe(
      'headline=[Harbour dredging plan approved] publication=[The Harbour Ledger] author=[Ana Ruiz, Tom Berg and Li Wei] '
      + 'date=[March 4, 2026] isoDate=[2026-03-04] year=[2026] copyrightHolder=[Ledger Media Ltd] '
      + 'canonicalUrl=[https://ledger.example/2026/03/04/dredging] licensee=[Bay Weekly]',
    );
  });

  it.each([
    { byline: [], author: 'The Harbour Ledger' },
    { byline: [{ name: 'Ana Ruiz' }], author: 'Ana Ruiz' },
    { byline: [{ name: 'Ana Ruiz' }, { name: 'Tom Berg' }], author: 'Ana Ruiz and Tom Berg' },
  ])('writes the byline $author', ({ byline, author }) => {
    expect(renderAttribution('{author}', article({ byline }), req)).toBe(author);
  });

  it('uses the publication year, not the current year', () => {
    expect(renderAttribution('© {year}', article({ publishedAt: '2019-12-31' }), req)).toBe('© 2019');
  });

  it('leaves unknown placeholders visible, and does not expand placeholders inside values', () => {
    expect(renderAttribution('{headline} {nope}', article({ headline: 'Why {author} matters' }), req)).toBe('Why {author} matters {nope}');
    expect(unknownPlaceholders('{headline} {nope} {Author} {nope}')).toEqual(['nope', 'Author']);
    expect(unknownPlaceholders('{headline} by {author}')).toEqual([]);
  });

  it('does not leave a double space for an empty value', () => {
    expect(renderAttribution('From {publication} {canonicalUrl} today', article({ canonicalUrl: undefined }), req)).toBe('From The Harbour Ledger today');
  });

  it('returns plain text, leaving escaping to the renderer', () => {
    expect(renderAttribution('{headline}', article({ headline: 'Fish & <chips>' }), req)).toBe('Fish & <chips>');
  });
});

// ---- the house rate card ------------------------------------------------------------------------

describe('houseRateCard', () => {
  it('is the default card, valid under the schema, and states every use', () => {
    expect(houseRateCard.publicationId).toBe('default');
    expect(rateCardSchema.parse(houseRateCard)).toEqual(houseRateCard);
    for (const u of useTypes) expect(houseRateCard.uses[u].offered).toBe(true);
  });

  it('uses only known attribution placeholders', () => {
    for (const u of useTypes) expect(unknownPlaceholders(houseRateCard.uses[u].attributionTemplate)).toEqual([]);
  });

  const house = (over: RequestOverrides) => evaluate({ request: request(over), article: article(), rateCard: houseRateCard, now: NOW });

  it.each([
    { name: 'small web republication is licensed at once', req: {}, status: 'licensed', codes: [], amount: '150.00' },
    { name: 'large web republication goes to review', req: { audience: 25_000 }, status: 'pending', codes: ['AUDIENCE_ABOVE_AUTO_LIMIT'], amount: '400.00' },
    { name: 'web republication for 400 days is refused', req: { durationDays: 400 }, status: 'rejected', codes: ['DURATION_TOO_LONG'], amount: '150.00' },
    { name: 'a short quote is free for a school', req: { type: 'excerpt-quote', extent: 'excerpt', excerptWords: 200, requester: { organizationType: 'education' } }, status: 'licensed', codes: [], amount: '0.00' },
    { name: 'a short quote for a company is paid', req: { type: 'excerpt-quote', extent: 'excerpt', excerptWords: 200 }, status: 'licensed', codes: [], amount: '25.00' },
    { name: 'a long quote is refused', req: { type: 'excerpt-quote', extent: 'excerpt', excerptWords: 260 }, status: 'rejected', codes: ['EXCERPT_TOO_LONG'], amount: '25.00' },
    { name: 'a coursepack for a school is licensed at once', req: { type: 'coursepack', audience: 120, requester: { organizationType: 'education' } }, status: 'licensed', codes: [], amount: '75.00' },
    { name: 'a coursepack for a company goes to review', req: { type: 'coursepack', audience: 120 }, status: 'pending', codes: ['ORGANIZATION_TYPE_NEEDS_REVIEW'], amount: '150.00' },
    { name: 'a translation is always reviewed', req: { type: 'translation', language: 'es' }, status: 'pending', codes: ['REVIEW_REQUIRED'], amount: '300.00' },
    { name: 'an ePrint is always reviewed', req: { type: 'eprint', audience: 500 }, status: 'pending', codes: ['REVIEW_REQUIRED'], amount: '750.00' },
    { name: 'a print reprint is always reviewed', req: { type: 'print-reprint', audience: 2_000, includePhotos: true }, status: 'pending', codes: ['REVIEW_REQUIRED'], amount: '750.00' },
    { name: 'a small newsletter is licensed at once', req: { type: 'newsletter', audience: 3_000, requester: { organizationType: 'nonprofit' } }, status: 'licensed', codes: [], amount: '56.25' },
  ] satisfies { name: string; req: RequestOverrides; status: Decision['status']; codes: ReasonCode[]; amount: string }[])('$name', ({ req, status, codes, amount }) => {
    const d = house(req);
    expect(codesOf(d)).toEqual(codes);
    expect(d.status).toBe(status);
    expect(d.quote.amount).toBe(amount);
    expect(d.attribution).toContain('Harbour dredging plan approved');
  });
});
