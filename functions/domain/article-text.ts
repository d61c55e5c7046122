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
 * A source's publication time kept as precise as the source states it: a date-time with a zone
 * ("2026-12-01T19:00:00+01:00", RFC 822 "Tue, 01 Dec 2026 19:00:00 +0100", "... GMT") becomes an
 * ISO 8601 date-time in the publisher's own offset, so its calendar date (and copyright year) stays
 * the one the publisher printed; a bare date, or a time without a zone (the instant is unknown),
 * gives the date alone. Undefined when the value is not a date at all.
 */
export function publicationTime(value: string | undefined): string | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  const iso = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(v);
  if (iso) {
    const [, date, hm, sec, zone] = iso;
    if (!realDate(date!)) return undefined;
    if (!hm || !zone) return date;
    const offset = zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
    const out = `${date}T${hm}${sec?.replace(/\.0+$/, '') ?? ':00'}${offset}`;
    return Number.isNaN(Date.parse(out)) ? date : out;
  }
  const parsed = Date.parse(v);
  if (Number.isNaN(parsed)) return undefined;
  const numeric = /\s([+-])(\d{2}):?(\d{2})$/.exec(v);
  const named = /\s(?:GMT|UTC?|Z)$/i.test(v);
  if (!numeric && !named) return new Date(parsed).toISOString().slice(0, 10);
  const minutes = numeric ? (numeric[1] === '-' ? -1 : 1) * (Number(numeric[2]) * 60 + Number(numeric[3])) : 0;
  const wall = new Date(parsed + minutes * 60_000).toISOString().slice(0, 19);
  return `${wall}${numeric ? `${numeric[1]}${numeric[2]}:${numeric[3]}` : 'Z'}`;
}

const realDate = (d: string) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);

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
