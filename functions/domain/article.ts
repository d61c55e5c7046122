/**
 * The article record — field names are part of the public contract (DESIGN.md "Articles").
 * Pure: no I/O. The schema is used by the CLI importer, the repository and tests alike.
 */
import * as z from 'zod/mini';
import { lazySchema } from './lazy-schema.js';
import { isLanguageCode } from './iso-codes.js';

// zod/mini: the functional API, so a bundle carries only the checks it uses (see README "Performance").
// The issues (codes, paths, bounds) are those of classic zod; people read them through field-messages.ts.

/** A trimmed string of `min`..`max` characters. */
export const trimmed = (min: number, max: number) => z.string().check(z.trim(), z.minLength(min), z.maxLength(max));
/** A string of at most `max` characters. */
export const upTo = (max: number) => z.string().check(z.maxLength(max));
/** A whole number (safe integer). */
export const whole = () => z.number().check(z.int());
/** A whole number above zero. */
export const positiveWhole = () => z.number().check(z.int(), z.positive());

export const isoDate = /* @__PURE__ */ lazySchema(() => z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD'),
  z.refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    'not a real calendar date'),
));

/**
 * A calendar date (YYYY-MM-DD, meaning 00:00 UTC that day) or an RFC 3339 date-time with its offset
 * ("2026-12-01T18:00:00Z", "2026-12-01T19:00:00+01:00"): publication times and embargoes.
 */
export const dateOrDateTime = /* @__PURE__ */ lazySchema(() => z.union([
  isoDate,
  z.iso.datetime({ offset: true, message: 'expected a date (YYYY-MM-DD) or a date-time such as 2026-12-01T18:00:00Z' }),
], { error: 'expected a date (YYYY-MM-DD) or a date-time such as 2026-12-01T18:00:00Z' }));

export const useTypes = [
  'web-republication', 'print-reprint', 'newsletter', 'eprint', 'coursepack', 'translation', 'excerpt-quote',
  'ai-training', 'ai-retrieval',
] as const;
/**
 * The AI licensing lane: `ai-training` (training or fine-tuning models: RSL `ai-train`) and
 * `ai-retrieval` (the text as input at answer time — retrieval, grounding, generated summaries:
 * RSL `ai-input`). A rate card may leave them out: they are then not offered.
 */
export const aiUseTypes = ['ai-training', 'ai-retrieval'] as const;
export type AiUseType = (typeof aiUseTypes)[number];
export const isAiUse = (u: string): u is AiUseType => (aiUseTypes as readonly string[]).includes(u);
export type UseType = (typeof useTypes)[number];
export const useTypeSchema = /* @__PURE__ */ lazySchema(() => z.enum(useTypes));

/** An id that is safe in a URL path segment and inside a DynamoDB key. */
export const articleIdSchema = /* @__PURE__ */ lazySchema(() => z.string().check(z.minLength(1), z.maxLength(128),
  z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dot, dash and underscore only')));

/** A photo of the article; `rightsOwner: 'third-party'` (an agency's picture) is never served in a copy. */
export const imageSchema = /* @__PURE__ */ lazySchema(() => z.object({
  href: z.url({ protocol: /^https?$/ }).check(z.maxLength(2000)),
  caption: z.optional(trimmed(1, 1000)),
  credit: z.optional(trimmed(1, 300)),
  rightsOwner: z.optional(z.enum(['publisher', 'third-party'])),
}));

export const pubStatuses = ['usable', 'corrected', 'canceled'] as const;

export const articleSchema = /* @__PURE__ */ lazySchema(() => z.object({
  id: articleIdSchema,
  headline: trimmed(1, 500),
  byline: z.array(z.object({ name: trimmed(1, 200), email: z.optional(z.email()) })).check(z.maxLength(20)),
  publication: z.object({
    name: trimmed(1, 200),
    copyrightHolder: trimmed(1, 200),
  }),
  /** A date or a date-time: partners' embargo delays count from it. */
  publishedAt: dateOrDateTime,
  section: z.optional(trimmed(1, 100)),
  /** The original's own address. Absent when unknown: then no copy, embed or feed claims a canonical link. */
  canonicalUrl: z.optional(z.url({ protocol: /^https?$/ })),
  /** ISO 639-1 code of the language the article is written in; copies declare it. */
  language: z.optional(z.string().check(z.refine(isLanguageCode, 'an ISO 639-1 language code such as en'))),
  body: z.array(z.string().check(z.minLength(1))).check(z.minLength(1, 'an article needs at least one paragraph')),
  copyright: trimmed(1, 300),
  rights: z.object({
    owner: z.enum(['publisher', 'third-party']),
    source: z.optional(trimmed(1, 200)),
    /** Not public before this instant: a date (00:00 UTC) or a date-time. */
    embargoUntil: z.optional(dateOrDateTime),
    excludedUses: z.optional(z.array(useTypeSchema)),
    photosExcluded: z.optional(z.boolean()),
  }),
  /** Lifecycle of the article itself (IPTC ninjs pubstatus): corrections and withdrawals follow licensed copies. */
  pubstatus: z.optional(z.enum(pubStatuses)),
  correction: z.optional(z.string().check(z.trim(), z.maxLength(2000))),
  /** Photos (ninjs associations). A copy shows them only when its license includes photos and the photo's rights allow it. */
  images: z.optional(z.array(imageSchema).check(z.maxLength(50))),
}));

export type Article = z.infer<typeof articleSchema>;

// Plain helpers live in article-text.ts (no zod), so modules that only need them stay small.
export { articleUri, instantIso, instantOf, publicationIdOf, wordCount } from './article-text.js';
