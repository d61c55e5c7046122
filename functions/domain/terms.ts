/**
 * A publication's rate card: which uses it offers, on what conditions, at what price.
 * Loaded from JSON/YAML by the CLI (`desk import-terms`), stored in DynamoDB, evaluated by policy.ts.
 * Money is integer minor units (cents) everywhere; percentages are whole percents.
 */
import * as z from 'zod';
import { aiUseTypes, isAiUse, useTypes, useTypeSchema } from './article.js';
import { DEFAULT_START_AHEAD_DAYS } from './limits.js';
import { isCountryCode, isLanguageCode } from './iso-codes.js';

export const organizationTypes = ['commercial', 'nonprofit', 'education', 'government', 'individual'] as const;
export type OrganizationType = (typeof organizationTypes)[number];
export const organizationTypeSchema = z.enum(organizationTypes);

/** An officially assigned ISO 3166-1 alpha-2 country code, or WORLD ("ZZ" is not a country). */
export const territorySchema = z.string().refine((c) => c === 'WORLD' || isCountryCode(c), 'an ISO 3166-1 alpha-2 country code such as US, or WORLD');
/** A requester's country: an officially assigned ISO 3166-1 alpha-2 code (WORLD is no country). */
export const countrySchema = z.string().refine(isCountryCode, 'an ISO 3166-1 alpha-2 country code such as US');
/** An ISO 639-1 language code (en, fr, es…): the BCP 47 primary subtag, as ninjs and HTML `lang` take it. */
export const languageSchema = z.string().refine(isLanguageCode, 'an ISO 639-1 language code such as en');

const minorUnits = z.number().int('money is whole minor units (cents)').nonnegative();
const percent = z.number().int().min(0).max(100);

export const feeTierSchema = z.object({
  /** Upper bound of audience (inclusive) this tier applies to; omitted on the last, open-ended tier. */
  upToAudience: z.number().int().positive().optional(),
  amount: minorUnits,
});

export const useTermsSchema = z.object({
  offered: z.boolean(),
  approval: z.enum(['auto', 'review']).default('review'),
  /** When approval is `auto`, every listed condition must hold; otherwise the request goes to staff. */
  autoApprove: z.object({
    organizationTypes: z.array(organizationTypeSchema).optional(),
    maxAudience: z.number().int().positive().optional(),
    maxDurationDays: z.number().int().positive().optional(),
    extents: z.array(z.enum(['full', 'excerpt'])).optional(),
  }).default({}),
  fees: z.object({
    tiers: z.array(feeTierSchema).min(1),
    /** Fraction of the tier fee charged for an excerpt instead of the full text. */
    excerptPercent: percent.default(100),
    minimum: minorUnits.default(0),
    /**
     * What a tier's amount buys (the AI uses): `article` (the default) — one article; or
     * `1000-articles` — a price per 1,000 articles, so one article costs a thousandth of it
     * (rounded up to a whole cent, then the minimum fee).
     */
    per: z.enum(['article', '1000-articles']).optional(),
  }),
  discounts: z.partialRecord(organizationTypeSchema, percent).default({}),
  maxDurationDays: z.number().int().positive(),
  /**
   * How far ahead a license may start, in days from today. Bounds every date a request can create
   * (validUntil, the lifecycle's anchors): a start in the year 9999 would otherwise sort in the
   * `due` index as "+010000-…", before every real date.
   */
  maxStartAheadDays: z.number().int().positive().max(3650).default(DEFAULT_START_AHEAD_DAYS),
  territories: z.array(territorySchema).min(1),
  languages: z.array(languageSchema).min(1),
  maxExcerptWords: z.number().int().positive().optional(),
  attributionTemplate: z.string().min(1).max(500),
  canonicalLinkRequired: z.boolean().default(true),
  photosIncluded: z.boolean().default(false),
  conditions: z.array(z.string().max(500)).default([]),
  /**
   * How the fee is collected: `none` (not collected by the desk), `invoice` (license at once, an
   * invoice payable within `billing.invoiceDueDays`), `card` (Stripe Checkout before the license,
   * when the operator configured Stripe; otherwise as `invoice`). Free uses never pay.
   */
  payment: z.enum(['none', 'invoice', 'card']).default('none'),
});

/** An AI use a card does not mention: not offered (review, were it ever switched on). */
const aiNotOffered: z.input<typeof useTermsSchema> = {
  offered: false,
  approval: 'review',
  fees: { tiers: [{ amount: 0 }], per: 'article' },
  maxDurationDays: 365,
  territories: ['WORLD'],
  languages: ['en'],
  attributionTemplate: 'Source: "{headline}", {publication}, {date}.',
};
export { aiUseTypes };

/** The seller's legal details printed on invoices, and the invoice clock. */
export const billingSchema = z.object({
  legalName: z.string().trim().min(1).max(200),
  address: z.array(z.string().trim().min(1).max(200)).min(1).max(8),
  taxNote: z.string().max(500).optional(),
  /** How to pay: bank details, a payment page, a reference to quote. Printed on every invoice. */
  paymentInstructions: z.string().trim().min(1).max(1000),
  /** Invoice numbers read `<prefix>-000042`, one gap-free sequence per publication. */
  invoicePrefix: z.string().regex(/^[A-Z0-9]{1,12}$/, 'capital letters and digits, such as THL').optional(),
  invoiceDueDays: z.number().int().min(0).max(365).default(30),
  /** Days past the due date before an unpaid license is suspended. */
  graceDays: z.number().int().min(0).max(365).default(14),
});

export const rateCardSchema = z.object({
  /** `default` is the desk's house terms, used by any publication without its own card. */
  publicationId: z.string().min(1).max(100).regex(/^[a-z0-9-]+$/),
  publicationName: z.string().min(1).max(200).optional(),
  currency: z.string().regex(/^[A-Z]{3}$/).default('USD'),
  /**
   * Every reprint use must be stated, offered or not, so a card is never silently partial. The AI
   * uses (`ai-training`, `ai-retrieval`) may be left out: a card written before them offers none.
   */
  uses: z.object(Object.fromEntries(useTypes.map((u) => [u, isAiUse(u) ? useTermsSchema.prefault(aiNotOffered) : useTermsSchema])) as Record<(typeof useTypes)[number], typeof useTermsSchema>),
  /** Rights staff who decide requests needing review; each gets their own email. */
  approvers: z.array(z.email()).default([]),
  billing: billingSchema.optional(),
  updatedAt: z.string().optional(),
}).refine((card) => card.billing !== undefined || Object.values(card.uses).every((u) => u.payment === 'none'), {
  path: ['billing'], message: 'required when any use is paid by invoice or card (the seller\'s legal name, address and payment instructions)',
});

export type FeeTier = z.infer<typeof feeTierSchema>;
export type UseTerms = z.infer<typeof useTermsSchema>;
export type RateCard = z.infer<typeof rateCardSchema>;
export type RateCardInput = z.input<typeof rateCardSchema>;
export type Billing = z.infer<typeof billingSchema>;
export type PaymentMode = UseTerms['payment'];
export { useTypeSchema };
