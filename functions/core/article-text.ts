/** Helpers on article data that need no schema: kept apart so handlers that only read stay free of zod. */

/** Stable key of a publication, derived from its name: "The Harbour Ledger" → "the-harbour-ledger". */
export function publicationIdOf(name: string): string {
  return name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'publication';
}

export function wordCount(paragraphs: readonly string[]): number {
  return paragraphs.reduce((n, p) => n + (p.trim() ? p.trim().split(/\s+/u).length : 0), 0);
}
