/** Bounds shared by the rate-card schema and the policy, in a module without zod (read-only bundles import the policy). */

/** How far ahead a license may start when a rate card says nothing (cards stored before the horizon existed). */
export const DEFAULT_START_AHEAD_DAYS = 365;

/** A pushed article with its photos' captions: well over the default 64 KB body, well under DynamoDB's 400 KB item. */
export const MAX_ARTICLE_BODY_BYTES = 256 * 1024;
