import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useTypes, type Article } from '../../functions/domain/article.js';
import { houseRateCard } from '../../functions/domain/default-terms.js';
import { evaluate, isRejectionCode, isReviewCode, reasonCodes, type EvaluateInput } from '../../functions/domain/policy.js';
import type { ReprintRequest } from '../../functions/domain/request-body.js';
import { organizationTypes, type RateCard, type UseTerms } from '../../functions/domain/terms.js';

// Arbitraries build already-valid values directly (no schema parse per run) so thousands of runs stay fast.

const NOW = new Date('2026-06-01T12:00:00Z');
const countries = ['US', 'CA', 'GB', 'FR', 'DE', 'JP', 'WORLD'] as const;
const languages = ['en', 'fr', 'es', 'de'] as const;

const day = fc.integer({ min: -60, max: 400 }).map((offset) => new Date(NOW.getTime() + offset * 86_400_000).toISOString().slice(0, 10));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const articleArb: fc.Arbitrary<Article> = fc.record({
  owner: fc.constantFrom('publisher', 'publisher', 'third-party'),
  source: maybe(fc.constantFrom('Reuters', 'AP')),
  embargoUntil: maybe(day),
  excludedUses: maybe(fc.subarray([...useTypes])),
  photosExcluded: maybe(fc.boolean()),
  pubstatus: maybe(fc.constantFrom('usable', 'corrected', 'canceled')),
  words: fc.integer({ min: 1, max: 2_000 }),
  byline: fc.array(fc.constantFrom('Ana Ruiz', 'Tom Berg'), { maxLength: 3 }),
}).map(({ owner, source, embargoUntil, excludedUses, photosExcluded, pubstatus, words, byline }) => ({
  id: 'a-1',
  headline: 'A headline',
  byline: byline.map((name) => ({ name })),
  publication: { name: 'The Harbour Ledger', copyrightHolder: 'Ledger Media Ltd' },
  publishedAt: '2026-03-04',
  body: [Array.from({ length: words }, () => 'w').join(' ')],
  copyright: '© 2026 Ledger Media Ltd',
  rights: {
    owner: owner as 'publisher' | 'third-party',
    ...(source !== undefined ? { source } : {}),
    ...(embargoUntil !== undefined ? { embargoUntil } : {}),
    ...(excludedUses !== undefined ? { excludedUses } : {}),
    ...(photosExcluded !== undefined ? { photosExcluded } : {}),
  },
  ...(pubstatus !== undefined ? { pubstatus: pubstatus as Article['pubstatus'] } : {}),
}));

/** Tiers as a real card has them: ascending bounds, fees that do not fall as the audience grows. */
const tiersArb = fc.record({
  bounds: fc.uniqueArray(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 0, maxLength: 4 }),
  fees: fc.array(fc.nat({ max: 500_000 }), { minLength: 5, maxLength: 5 }),
  openEnded: fc.boolean(),
}).map(({ bounds, fees, openEnded }) => {
  const sortedBounds = [...bounds].sort((a, b) => a - b);
  const sortedFees = [...fees].sort((a, b) => a - b);
  const tiers: UseTerms['fees']['tiers'] = sortedBounds.map((upToAudience, i) => ({ upToAudience, amount: sortedFees[i] ?? 0 }));
  if (openEnded || tiers.length === 0) tiers.push({ amount: sortedFees[4] ?? 0 });
  return tiers;
});

const termsArb: fc.Arbitrary<UseTerms> = fc.record({
  offered: fc.boolean(),
  approval: fc.constantFrom('auto', 'review'),
  autoApprove: fc.record({
    organizationTypes: maybe(fc.subarray([...organizationTypes])),
    maxAudience: maybe(fc.integer({ min: 1, max: 1_000_000 })),
    maxDurationDays: maybe(fc.integer({ min: 1, max: 730 })),
    extents: maybe(fc.subarray(['full', 'excerpt'] as ('full' | 'excerpt')[])),
  }, { requiredKeys: [] }),
  fees: fc.record({ tiers: tiersArb, excerptPercent: fc.integer({ min: 0, max: 100 }), minimum: fc.nat({ max: 100_000 }), per: fc.constantFrom('article' as const, '1000-articles' as const) }),
  discounts: fc.dictionary(fc.constantFrom(...organizationTypes), fc.integer({ min: 0, max: 100 })),
  maxDurationDays: fc.integer({ min: 1, max: 730 }),
  territories: fc.subarray([...countries], { minLength: 1 }),
  languages: fc.subarray([...languages], { minLength: 1 }),
  maxExcerptWords: maybe(fc.integer({ min: 1, max: 2_000 })),
  attributionTemplate: fc.constant('"{headline}" by {author}, {publication}'),
  canonicalLinkRequired: fc.boolean(),
  photosIncluded: fc.boolean(),
  conditions: fc.array(fc.constantFrom('No paywall.', 'Send a copy.'), { maxLength: 2 }),
}).map((t) => {
  // Optional keys stay absent rather than present-and-undefined, as the schema would produce them.
  const autoApprove = Object.fromEntries(Object.entries(t.autoApprove).filter(([, v]) => v !== undefined));
  const { maxExcerptWords, ...rest } = t;
  return { ...rest, autoApprove, ...(maxExcerptWords !== undefined ? { maxExcerptWords } : {}) } as UseTerms;
});

const cardArb: fc.Arbitrary<RateCard> = fc.record({
  currency: fc.constantFrom('USD', 'EUR', 'JPY'),
  uses: fc.record(Object.fromEntries(useTypes.map((u) => [u, termsArb])) as Record<(typeof useTypes)[number], fc.Arbitrary<UseTerms>>),
}).map(({ currency, uses }) => ({ publicationId: 'p', currency, uses, approvers: [] }));

const requestArb: fc.Arbitrary<ReprintRequest> = fc.record({
  type: fc.constantFrom(...useTypes),
  audience: fc.integer({ min: 1, max: 2_000_000 }),
  territories: fc.subarray([...countries], { minLength: 1 }),
  startDate: day,
  durationDays: fc.integer({ min: 1, max: 1_000 }),
  language: fc.constantFrom(...languages),
  extent: fc.constantFrom('full', 'excerpt'),
  excerptWords: fc.integer({ min: 1, max: 3_000 }),
  includePhotos: fc.boolean(),
  organizationType: fc.constantFrom(...organizationTypes),
  notes: maybe(fc.string({ maxLength: 40 })),
}).map(({ organizationType, notes, extent, excerptWords, ...use }) => ({
  articleId: 'a-1',
  requester: { name: 'Sam', email: 'sam@example.org', organization: 'Bay Weekly', organizationType, country: 'US' },
  use: { ...use, extent: extent as 'full' | 'excerpt', ...(extent === 'excerpt' ? { excerptWords } : {}) },
  ...(notes !== undefined ? { notes } : {}),
}));

const inputArb: fc.Arbitrary<EvaluateInput> = fc.record({
  request: requestArb,
  article: articleArb,
  rateCard: fc.oneof(cardArb, fc.constant(houseRateCard)),
}).map((x) => ({ ...x, now: NOW }));

describe('evaluate: properties', () => {
  it('draws inputs that reach every status and every reason code, so the properties below are not vacuous', () => {
    const decisions = fc.sample(inputArb, { numRuns: 6_000, seed: 42 }).map(evaluate);
    expect(new Set(decisions.map((d) => d.status))).toEqual(new Set(['licensed', 'pending', 'rejected']));
    const seen = new Set(decisions.flatMap((d) => d.reasons.map((r) => r.code)));
    expect(reasonCodes.filter((c) => !seen.has(c))).toEqual([]);
  });

  it('never quotes a negative or fractional amount, and the lines add up to the total', () => {
    fc.assert(fc.property(inputArb, (input) => {
      const { quote } = evaluate(input);
      expect(Number.isSafeInteger(quote.minorUnits)).toBe(true);
      expect(quote.minorUnits).toBeGreaterThanOrEqual(0);
      expect(quote.lines.reduce((s, l) => s + l.minorUnits, 0)).toBe(quote.minorUnits);
      for (const line of quote.lines) expect(Number.isSafeInteger(line.minorUnits)).toBe(true);
      expect(quote.currency).toBe(input.rateCard.currency);
    }), { numRuns: 2_000 });
  });

  it('never quotes less for a larger audience under the same terms', () => {
    fc.assert(fc.property(inputArb, fc.integer({ min: 1, max: 2_000_000 }), (input, extra) => {
      const smaller = evaluate(input);
      const larger = evaluate({ ...input, request: { ...input.request, use: { ...input.request.use, audience: input.request.use.audience + extra } } });
      // A larger audience can fall outside every tier (not priced): that is a refusal, not a cheaper price.
      if (larger.quote.lines.length === 0) {
        if (smaller.quote.lines.length > 0) expect(larger.reasons.map((r) => r.code)).toContain('AUDIENCE_NOT_OFFERED');
        return;
      }
      expect(larger.quote.minorUnits).toBeGreaterThanOrEqual(smaller.quote.minorUnits);
    }), { numRuns: 2_000 });
  });

  it('derives the status from the reasons', () => {
    fc.assert(fc.property(inputArb, (input) => {
      const d = evaluate(input);
      const rejections = d.reasons.filter((r) => isRejectionCode(r.code));
      const reviews = d.reasons.filter((r) => isReviewCode(r.code));
      if (d.status === 'rejected') expect(rejections.length).toBeGreaterThan(0);
      if (rejections.length > 0) expect(d.status).toBe('rejected');
      if (d.status === 'pending') expect(rejections).toEqual([]);
      if (d.status === 'pending') expect(reviews.length).toBeGreaterThan(0);
      if (d.status === 'licensed') expect(d.reasons).toEqual([]);
    }), { numRuns: 2_000 });
  });

  it('is deterministic and does not touch its input', () => {
    fc.assert(fc.property(inputArb, (input) => {
      const before = structuredClone(input);
      const first = evaluate(input);
      expect(evaluate(input)).toEqual(first);
      expect(evaluate(structuredClone(input))).toEqual(first);
      expect(input).toEqual(before);
    }), { numRuns: 500 });
  });

  it('ignores the notes', () => {
    fc.assert(fc.property(inputArb, fc.string({ maxLength: 200 }), (input, notes) => {
      const { notes: _dropped, ...withoutNotes } = input.request;
      expect(evaluate({ ...input, request: { ...withoutNotes, notes } })).toEqual(evaluate({ ...input, request: withoutNotes }));
    }), { numRuns: 500 });
  });

  it('always ends the validity durationDays − 1 days after the start, and gives a sentence for every reason', () => {
    fc.assert(fc.property(inputArb, (input) => {
      const d = evaluate(input);
      const days = (Date.parse(`${d.validUntil}T00:00:00Z`) - Date.parse(`${d.validFrom}T00:00:00Z`)) / 86_400_000;
      expect(days).toBe(input.request.use.durationDays - 1);
      for (const r of d.reasons) expect(r.message.length).toBeGreaterThan(10);
      expect(new Set(d.reasons.map((r) => r.code)).size).toBe(d.reasons.length);
    }), { numRuns: 1_000 });
  });
});
