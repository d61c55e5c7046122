/**
 * The desk's house rate card: the terms for any publication that has not imported its own.
 *
 * The shape follows common newspaper practice: routine small uses (a blog or small site reposting
 * a story, a teacher's coursepack, a short quotation) are granted at once, so nobody waits for an
 * email round-trip over a $150 license; large, commercial or reputation-sensitive uses (print runs,
 * marketing ePrints, translations the publication cannot proofread) always reach a person.
 * Prices are in US cents. Parsed through the schema at load, so a typo here fails at start-up and
 * in the unit tests rather than during somebody's request.
 */
import { rateCardSchema, type RateCard, type RateCardInput } from './terms.js';

const standardAttribution =
  '"{headline}" by {author} was first published by {publication} on {date}. © {year} {copyrightHolder}. Republished with permission.';

/** Conditions every house license shares: they protect the journalism, not the price. */
const integrity = [
  'Do not alter the text beyond house style; never change a quotation, a fact or the meaning of the headline.',
  'Apply any correction or withdrawal the publication sends within 24 hours of the notice.',
];

const houseTerms = {
  publicationId: 'default',
  publicationName: 'Reprint Desk house terms',
  currency: 'USD',
  approvers: [],
  uses: {
    'web-republication': {
      offered: true,
      approval: 'auto',
      autoApprove: { maxAudience: 10_000 },
      fees: {
        tiers: [
          { upToAudience: 10_000, amount: 150_00 },
          { upToAudience: 100_000, amount: 400_00 },
          { upToAudience: 1_000_000, amount: 1_200_00 },
          { amount: 3_000_00 },
        ],
        excerptPercent: 50,
        minimum: 50_00,
      },
      discounts: { nonprofit: 25, education: 50, individual: 25 },
      maxDurationDays: 365,
      territories: ['WORLD'],
      languages: ['en'],
      maxExcerptWords: 500,
      attributionTemplate: standardAttribution,
      canonicalLinkRequired: true,
      photosIncluded: false,
      conditions: [
        ...integrity,
        'Keep the republished copy out of search engines (noindex) so the original stays the canonical version.',
      ],
    },
    'print-reprint': {
      offered: true,
      approval: 'review',
      fees: {
        // Audience is the number of printed copies.
        tiers: [
          { upToAudience: 1_000, amount: 250_00 },
          { upToAudience: 10_000, amount: 750_00 },
          { upToAudience: 100_000, amount: 2_500_00 },
          { amount: 6_000_00 },
        ],
        excerptPercent: 60,
        minimum: 100_00,
      },
      discounts: { nonprofit: 20, education: 40 },
      maxDurationDays: 365,
      territories: ['WORLD'],
      languages: ['en'],
      maxExcerptWords: 1_000,
      attributionTemplate: standardAttribution,
      canonicalLinkRequired: false,
      photosIncluded: true,
      conditions: [
        ...integrity,
        'Print the copyright line and the attribution on the same page as the article.',
        'Send the publication a proof before printing.',
      ],
    },
    'newsletter': {
      offered: true,
      approval: 'auto',
      autoApprove: { maxAudience: 5_000 },
      fees: {
        // Audience is the number of subscribers.
        tiers: [
          { upToAudience: 5_000, amount: 75_00 },
          { upToAudience: 50_000, amount: 250_00 },
          { upToAudience: 500_000, amount: 800_00 },
          { amount: 2_000_00 },
        ],
        excerptPercent: 40,
        minimum: 25_00,
      },
      discounts: { nonprofit: 25, education: 50, individual: 25 },
      maxDurationDays: 365,
      territories: ['WORLD'],
      languages: ['en'],
      maxExcerptWords: 400,
      attributionTemplate: standardAttribution,
      canonicalLinkRequired: true,
      photosIncluded: false,
      conditions: [...integrity, 'Run the article in one issue; archived issues may keep it.'],
    },
    'eprint': {
      offered: true,
      approval: 'review',
      fees: {
        // Audience is the number of recipients of the PDF.
        tiers: [
          { upToAudience: 1_000, amount: 750_00 },
          { upToAudience: 10_000, amount: 1_500_00 },
          { upToAudience: 100_000, amount: 3_000_00 },
          { amount: 5_000_00 },
        ],
        excerptPercent: 100,
        minimum: 250_00,
      },
      discounts: { nonprofit: 20 },
      maxDurationDays: 365,
      territories: ['WORLD'],
      languages: ['en'],
      attributionTemplate: standardAttribution,
      canonicalLinkRequired: true,
      photosIncluded: true,
      conditions: [
        ...integrity,
        'Use the ePrint as supplied, without added advertising or comment on the same pages.',
        'The ePrint must not suggest that the publication endorses a product, service or organization.',
      ],
    },
    'coursepack': {
      offered: true,
      approval: 'auto',
      autoApprove: { organizationTypes: ['education'], maxAudience: 500 },
      fees: {
        // Audience is the number of students enrolled.
        tiers: [
          { upToAudience: 50, amount: 40_00 },
          { upToAudience: 500, amount: 150_00 },
          { upToAudience: 5_000, amount: 500_00 },
          { amount: 1_500_00 },
        ],
        excerptPercent: 50,
        minimum: 10_00,
      },
      discounts: { education: 50, nonprofit: 25 },
      maxDurationDays: 365,
      territories: ['WORLD'],
      languages: ['en'],
      maxExcerptWords: 1_000,
      attributionTemplate: standardAttribution,
      canonicalLinkRequired: false,
      photosIncluded: true,
      conditions: [
        ...integrity,
        'Distribute only to students enrolled in the course, in print or on a password-protected course site.',
      ],
    },
    'translation': {
      offered: true,
      approval: 'review',
      fees: {
        tiers: [
          { upToAudience: 10_000, amount: 300_00 },
          { upToAudience: 100_000, amount: 900_00 },
          { amount: 2_500_00 },
        ],
        excerptPercent: 60,
        minimum: 100_00,
      },
      discounts: { nonprofit: 25, education: 50 },
      maxDurationDays: 365,
      territories: ['WORLD'],
      languages: ['es', 'fr', 'de', 'it', 'pt', 'nl', 'pl', 'ar', 'zh', 'ja', 'ko'],
      maxExcerptWords: 1_000,
      attributionTemplate:
        'Translated from "{headline}" by {author}, first published in English by {publication} on {date}. © {year} {copyrightHolder}. Translated and republished with permission; the publication is not responsible for the translation.',
      canonicalLinkRequired: true,
      photosIncluded: false,
      conditions: [
        'Translate the whole licensed text faithfully; do not add, cut or summarize.',
        'Apply any correction or withdrawal the publication sends within 24 hours of the notice.',
        'Send the publication a copy of the translation before it is published.',
      ],
    },
    'excerpt-quote': {
      offered: true,
      approval: 'auto',
      autoApprove: { extents: ['excerpt'] },
      fees: {
        tiers: [
          { upToAudience: 10_000, amount: 25_00 },
          { upToAudience: 100_000, amount: 75_00 },
          { amount: 200_00 },
        ],
        excerptPercent: 100,
        minimum: 0,
      },
      // Quotation for teaching and for good causes is part of the publication's public mission.
      discounts: { education: 100, nonprofit: 100, individual: 50 },
      maxDurationDays: 1_825,
      territories: ['WORLD'],
      languages: ['en'],
      maxExcerptWords: 250,
      attributionTemplate: 'From "{headline}" by {author}, {publication}, {date}. © {year} {copyrightHolder}. Used with permission.',
      canonicalLinkRequired: true,
      photosIncluded: false,
      conditions: ['Quote verbatim and in context; mark any omission with an ellipsis.'],
    },
    // The AI lane: offered, always to a person. Audience is the AI service's monthly users.
    'ai-training': {
      offered: true,
      approval: 'review',
      fees: { tiers: [{ amount: 500_00 }], per: '1000-articles', minimum: 0 },
      maxDurationDays: 365,
      territories: ['WORLD'],
      languages: ['en'],
      attributionTemplate: '"{headline}", {publication}, {date}. © {year} {copyrightHolder}. Licensed for AI training.',
      canonicalLinkRequired: false,
      photosIncluded: false,
      conditions: ['Keep a record of the licensed articles in each training set and delete them when the license ends, unless the model was trained before then.'],
    },
    'ai-retrieval': {
      offered: true,
      approval: 'review',
      fees: { tiers: [{ upToAudience: 1_000_000, amount: 2_00 }, { amount: 10_00 }], per: 'article', minimum: 0 },
      maxDurationDays: 365,
      territories: ['WORLD'],
      languages: ['en'],
      attributionTemplate: 'Source: "{headline}", {publication}, {date}.',
      canonicalLinkRequired: true,
      photosIncluded: false,
      conditions: ['Show the source with every answer that uses the article, linked to the original.'],
    },
  },
} satisfies RateCardInput;

export const houseRateCard: RateCard = rateCardSchema.parse(houseTerms);
