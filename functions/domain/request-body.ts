/**
 * The body of `POST /requests` and `POST /quotes` — JSON field names are part of the contract.
 */
import * as z from 'zod/mini';
import { lazySchema } from './lazy-schema.js';
import { articleIdSchema, isoDate, positiveWhole, trimmed, upTo, useTypeSchema } from './article.js';
import { licenseeDomainsSchema } from './licensee-domains.js';
import { countrySchema, languageSchema, organizationTypeSchema, territorySchema } from './terms.js';

const text = (max: number) => trimmed(1, max);

export const reprintRequestSchema = /* @__PURE__ */ lazySchema(() => z.object({
  articleId: articleIdSchema,
  requester: z.object({
    name: text(200),
    email: z.email().check(z.maxLength(254)),
    organization: text(200),
    organizationType: organizationTypeSchema,
    country: countrySchema,
  }),
  use: z.object({
    type: useTypeSchema,
    audience: positiveWhole().check(z.maximum(1_000_000_000)),
    territories: z.array(territorySchema).check(z.minLength(1), z.maxLength(250)),
    // The rate card's horizon (START_TOO_FAR_AHEAD) is the real bound; this only keeps absurd years out of stored records.
    startDate: isoDate.check(z.refine((d) => d < '2200-01-01', 'a start date before 2200')),
    durationDays: positiveWhole().check(z.maximum(36_500)),
    language: z._default(languageSchema, 'en'),
    extent: z._default(z.enum(['full', 'excerpt']), 'full'),
    excerptWords: z.optional(positiveWhole().check(z.maximum(100_000))),
    includePhotos: z._default(z.boolean(), false),
  }).check(z.refine((u) => u.extent !== 'excerpt' || u.excerptWords !== undefined, {
    path: ['excerptWords'], message: 'required when extent is excerpt',
  })),
  notes: z.optional(upTo(2000)),
  /** The sites where the licensee will publish (host names, lower-cased, IDN as punycode; at most 10): licensee-domains.ts. */
  licenseeDomains: z.optional(licenseeDomainsSchema),
}));

export type ReprintRequest = z.infer<typeof reprintRequestSchema>;

/**
 * `POST /requests` also needs the requester to accept the license terms shown with the quote
 * (`POST /quotes` does not). Kept apart from the stored request: acceptance is an event recorded in
 * the item's history, with when, from where and by which browser.
 */
export const requestSubmissionSchema = /* @__PURE__ */ lazySchema(() => z.extend(reprintRequestSchema, {
  // Its message, for people, is in domain/field-messages.ts like every other field's.
  acceptTerms: z.literal(true),
}));
export type ReprintRequestInput = z.input<typeof reprintRequestSchema>;
