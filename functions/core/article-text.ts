/** Helpers on article data that need no schema: kept apart so handlers that only read stay free of zod. */

/** Stable key of a publication, derived from its name: "The Harbour Ledger" → "the-harbour-ledger". */
export function publicationIdOf(name: string): string {
  return name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'publication';
}

export function wordCount(paragraphs: readonly string[]): number {
  return paragraphs.reduce((n, p) => n + (p.trim() ? p.trim().split(/\s+/u).length : 0), 0);
}

/** The instant a date or date-time stands for, in epoch milliseconds: a bare date is 00:00 UTC that day. */
export const instantOf = (value: string): number => Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);

/** The same instant as an ISO 8601 UTC string ("2026-12-01T18:00:00.000Z"), for sort keys, feeds and ninjs. */
export const instantIso = (value: string): string => new Date(instantOf(value)).toISOString();

/**
 * The identifier of an article in machine-readable copies (ninjs `uri`, the ODRL policy's target):
 * its canonical URL when the record has one, else a URN that names it without claiming a web page.
 */
export const articleUri = (article: { id: string; canonicalUrl?: string | undefined }): string =>
  article.canonicalUrl ?? `urn:reprintdesk:article:${encodeURIComponent(article.id)}`;

/**
 * What an article record lacks that staff should know about, with what follows from it. Only facts
 * nobody can derive: a missing canonical URL is never filled in with a guess.
 */
export function missingFacts(article: { canonicalUrl?: string | undefined; language?: string | undefined }): { field: 'canonicalUrl' | 'language'; consequence: string }[] {
  return [
    ...(article.canonicalUrl ? [] : [{ field: 'canonicalUrl' as const, consequence: 'licensed copies, embeds and feeds claim no canonical link to the original; re-import with --canonical-url URL' }]),
    ...(article.language ? [] : [{ field: 'language' as const, consequence: 'copies state no language and the policy assumes English; re-import with --language CODE' }]),
  ];
}
