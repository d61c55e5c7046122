/**
 * A publication's rate card: which uses it offers, on what conditions, at what price.
 * Loaded from JSON/YAML by the CLI (`desk import-terms`), stored in DynamoDB, evaluated by policy.ts.
 * Money is integer minor units (cents) everywhere; percentages are whole percents.
 */
import * as z from 'zod/mini';
import { lazySchema } from './lazy-schema.js';
import { aiUseTypes, isAiUse, positiveWhole, trimmed, upTo, useTypes, useTypeSchema, whole } from './article.js';
import { DEFAULT_START_AHEAD_DAYS } from './limits.js';
import { isCountryCode, isLanguageCode } from './iso-codes.js';

export const organizationTypes = ['commercial', 'nonprofit', 'education', 'government', 'individual'] as const;
export type OrganizationType = (typeof organizationTypes)[number];
export const organizationTypeSchema = /* @__PURE__ */ lazySchema(() => z.enum(organizationTypes));

/** An officially assigned ISO 3166-1 alpha-2 country code, or WORLD ("ZZ" is not a country). */
export const territorySchema = /* @__PURE__ */ lazySchema(() => z.string().check(z.refine((c) => c === 'WORLD' || isCountryCode(c), 'an ISO 3166-1 alpha-2 country code such as US, or WORLD')));
/** A requester's country: an officially assigned ISO 3166-1 alpha-2 code (WORLD is no country). */
export const countrySchema = /* @__PURE__ */ lazySchema(() => z.string().check(z.refine(isCountryCode, 'an ISO 3166-1 alpha-2 country code such as US')));
/** An ISO 639-1 language code (en, fr, es…): the BCP 47 primary subtag, as ninjs and HTML `lang` take it. */
export const languageSchema = /* @__PURE__ */ lazySchema(() => z.string().check(z.refine(isLanguageCode, 'an ISO 639-1 language code such as en')));

const minorUnits = /* @__PURE__ */ lazySchema(() => z.number().check(z.int('money is whole minor units (cents)'), z.nonnegative()));
const percent = /* @__PURE__ */ lazySchema(() => z.number().check(z.int(), z.minimum(0), z.maximum(100)));

export const feeTierSchema = /* @__PURE__ */ lazySchema(() => z.object({
  /** Upper bound of audience (inclusive) this tier applies to; omitted on the last, open-ended tier. */
  upToAudience: z.optional(positiveWhole()),
  amount: minorUnits,
}));

export const useTermsSchema = /* @__PURE__ */ lazySchema(() => z.object({
  offered: z.boolean(),
  approval: z._default(z.enum(['auto', 'review']), 'review'),
  /** When approval is `auto`, every listed condition must hold; otherwise the request goes to staff. */
  autoApprove: z._default(z.object({
    organizationTypes: z.optional(z.array(organizationTypeSchema)),
    maxAudience: z.optional(positiveWhole()),
    maxDurationDays: z.optional(positiveWhole()),
    extents: z.optional(z.array(z.enum(['full', 'excerpt']))),
  }), {}),
  fees: z.object({
    tiers: z.array(feeTierSchema).check(z.minLength(1)),
    /** Fraction of the tier fee charged for an excerpt instead of the full text. */
    excerptPercent: z._default(percent, 100),
    minimum: z._default(minorUnits, 0),
    /**
     * What a tier's amount buys (the AI uses): `article` (the default) — one article; or
     * `1000-articles` — a price per 1,000 articles, so one article costs a thousandth of it
     * (rounded up to a whole cent, then the minimum fee).
     */
    per: z.optional(z.enum(['article', '1000-articles'])),
  }),
  discounts: z._default(z.partialRecord(organizationTypeSchema, percent), {}),
  maxDurationDays: positiveWhole(),
  /**
   * How far ahead a license may start, in days from today. Bounds every date a request can create
   * (validUntil, the lifecycle's anchors): a start in the year 9999 would otherwise sort in the
   * `due` index as "+010000-…", before every real date.
   */
  maxStartAheadDays: z._default(positiveWhole().check(z.maximum(3650)), DEFAULT_START_AHEAD_DAYS),
  territories: z.array(territorySchema).check(z.minLength(1)),
  languages: z.array(languageSchema).check(z.minLength(1)),
  maxExcerptWords: z.optional(positiveWhole()),
  attributionTemplate: z.string().check(z.minLength(1), z.maxLength(500)),
  canonicalLinkRequired: z._default(z.boolean(), true),
  photosIncluded: z._default(z.boolean(), false),
  conditions: z._default(z.array(upTo(500)), []),
  /**
   * How the fee is collected: `none` (not collected by the desk), `invoice` (license at once, an
   * invoice payable within `billing.invoiceDueDays`), `card` (Stripe Checkout before the license,
   * when the operator configured Stripe; otherwise as `invoice`). Free uses never pay.
   */
  payment: z._default(z.enum(['none', 'invoice', 'card']), 'none'),
}));

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
export const billingSchema = /* @__PURE__ */ lazySchema(() => z.object({
  legalName: trimmed(1, 200),
  address: z.array(trimmed(1, 200)).check(z.minLength(1), z.maxLength(8)),
  taxNote: z.optional(upTo(500)),
  /** How to pay: bank details, a payment page, a reference to quote. Printed on every invoice. */
  paymentInstructions: trimmed(1, 1000),
  /** Invoice numbers read `<prefix>-000042`, one gap-free sequence per publication. */
  invoicePrefix: z.optional(z.string().check(z.regex(/^[A-Z0-9]{1,12}$/, 'capital letters and digits, such as THL'))),
  invoiceDueDays: z._default(whole().check(z.minimum(0), z.maximum(365)), 30),
  /** Days past the due date before an unpaid license is suspended. */
  graceDays: z._default(whole().check(z.minimum(0), z.maximum(365)), 14),
}));

export const rateCardSchema = /* @__PURE__ */ lazySchema(() => z.object({
  /** `default` is the desk's house terms, used by any publication without its own card. */
  publicationId: z.string().check(z.minLength(1), z.maxLength(100), z.regex(/^[a-z0-9-]+$/)),
  publicationName: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  currency: z._default(z.string().check(z.regex(/^[A-Z]{3}$/)), 'USD'),
  /**
   * Every reprint use must be stated, offered or not, so a card is never silently partial. The AI
   * uses (`ai-training`, `ai-retrieval`) may be left out: a card written before them offers none.
   */
  uses: z.object(Object.fromEntries(useTypes.map((u) => [u, isAiUse(u) ? z.prefault(useTermsSchema, aiNotOffered) : useTermsSchema])) as Record<(typeof useTypes)[number], typeof useTermsSchema>),
  /** Rights staff who decide requests needing review; each gets their own email. */
  approvers: z._default(z.array(z.email()), []),
  billing: z.optional(billingSchema),
  updatedAt: z.optional(z.string()),
}).check(z.refine((card) => card.billing !== undefined || Object.values(card.uses).every((u) => u.payment === 'none'), {
  path: ['billing'], message: 'required when any use is paid by invoice or card (the seller\'s legal name, address and payment instructions)',
})));

export type FeeTier = z.infer<typeof feeTierSchema>;
export type UseTerms = z.infer<typeof useTermsSchema>;
export type RateCard = z.infer<typeof rateCardSchema>;
export type RateCardInput = z.input<typeof rateCardSchema>;
export type Billing = z.infer<typeof billingSchema>;
export type PaymentMode = UseTerms['payment'];
export { useTypeSchema };
