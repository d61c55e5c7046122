/**
 * The body of `POST /requests` and `POST /quotes` — JSON field names are part of the contract.
 */
import * as z from 'zod';
import { articleIdSchema, isoDate, useTypeSchema } from './article.js';
import { licenseeDomainsSchema } from './licensee-domains.js';
import { countrySchema, languageSchema, organizationTypeSchema, territorySchema } from './terms.js';

const text = (max: number) => z.string().trim().min(1).max(max);

export const reprintRequestSchema = z.object({
  articleId: articleIdSchema,
  requester: z.object({
    name: text(200),
    email: z.email().max(254),
    organization: text(200),
    organizationType: organizationTypeSchema,
    country: countrySchema,
  }),
  use: z.object({
    type: useTypeSchema,
    audience: z.number().int().positive().max(1_000_000_000),
    territories: z.array(territorySchema).min(1).max(250),
    // The rate card's horizon (START_TOO_FAR_AHEAD) is the real bound; this only keeps absurd years out of stored records.
    startDate: isoDate.refine((d) => d < '2200-01-01', 'a start date before 2200'),
    durationDays: z.number().int().positive().max(36_500),
    language: languageSchema.default('en'),
    extent: z.enum(['full', 'excerpt']).default('full'),
    excerptWords: z.number().int().positive().max(100_000).optional(),
    includePhotos: z.boolean().default(false),
  }).refine((u) => u.extent !== 'excerpt' || u.excerptWords !== undefined, {
    path: ['excerptWords'], message: 'required when extent is excerpt',
  }),
  notes: z.string().max(2000).optional(),
  /** The sites where the licensee will publish (host names, lower-cased, IDN as punycode; at most 10): licensee-domains.ts. */
  licenseeDomains: licenseeDomainsSchema.optional(),
});

export type ReprintRequest = z.infer<typeof reprintRequestSchema>;

/**
 * `POST /requests` also needs the requester to accept the license terms shown with the quote
 * (`POST /quotes` does not). Kept apart from the stored request: acceptance is an event recorded in
 * the item's history, with when, from where and by which browser.
 */
export const requestSubmissionSchema = reprintRequestSchema.extend({
  // Its message, for people, is in domain/field-messages.ts like every other field's.
  acceptTerms: z.literal(true),
});
export type ReprintRequestInput = z.input<typeof reprintRequestSchema>;
