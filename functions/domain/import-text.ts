/**
 * Plain-text article importer (DESIGN.md "Articles", CLI `import-article --format text`).
 *
 * A pipeline of three passes, each testable alone (functions/domain/page-text/):
 *   1. blocks.ts    — is it text at all (size, binary, HTML, JSON), then lines grouped into blocks;
 *   2. classify.ts  — every line scored (recognisers in recognise.ts, furniture phrases as data in
 *                     furniture.ts, prose by its shape), then one sweep for position: header, body,
 *                     and the footer after the article's end (contact line, dated copyright line);
 *   3. assemble.ts  — paragraphs, headline, date, publication, authors, wire credit, copyright.
 * Every pass is linear in the page, so a huge or hostile input costs time in proportion to its size.
 *
 * Newsrooms without a CMS export copy the article web page as plain text. That text mixes the
 * article with page furniture ("Click here for reprint permission", comment links, share bars,
 * newsletter plugs, cookie notices…) which must never reach a licensed copy, so every line is
 * classified before anything becomes a paragraph. Pure: no I/O, the clock comes in as `now`.
 *
 * Recognised shape, in any order the header allows:
 *   - a dateline naming the publication and the date: "The Harbour Ledger — March 14, 2026",
 *     "HARBOUR LEDGER | 14 March 2026", "Published by The Valley Courier, Tuesday, Jan. 6, 2026",
 *     "Valley Courier, 2026-01-06", or a bare date (then the masthead line just above it, if the
 *     copyright notice names it, or else the copyright holder, names the publication); an
 *     "Updated …" line is only a fallback date;
 *   - a headline: the first text line before the body, alone in its block, short, and not ending
 *     like a sentence (`options.headline` overrides it);
 *   - byline lines before the body: "By Jane Doe and Omar Ruiz", "By Jane Doe, Staff Writer";
 *   - the paragraphs, separated by blank lines; hard-wrapped lines are joined;
 *   - a contact line anywhere: "Contact Jane Doe at jane@x.org", "Reach the reporter at …",
 *     "Email: …", "jane@x.org | @handle" — sets byline e-mails;
 *   - a copyright line anywhere: "© 2026 The Harbour Ledger. All rights reserved.",
 *     "Copyright (c) 2025 Valley Courier Media LLC" — gives `publication.copyrightHolder`;
 *   - optionally "Section: Local", or a breadcrumb "Home > News > Local".
 *
 * Decisions (documented here because the brief leaves them open):
 *   - COPYRIGHT: a footer's year is the year the page was rendered, not the article's, so the
 *     record's line is always rebuilt as `© {year published} {holder}. All rights reserved.`
 *     (no doubled period after "Inc."). A warning says when the footer's year was different.
 *   - WIRE COPY is detected conservatively, only from positions where a credit is conventional:
 *     a parenthesised credit opening the first paragraph ("KESTREL BAY (Meridian Wire Service) —",
 *     "(AP) —"); a credit line of its own ("— Associated Press", "Distributed by …",
 *     "Wire service: …", a bare "Reuters"); or a byline affiliation ("By Ana Ruiz, Meridian Wire
 *     Service", "By The Associated Press"). A credit counts only if it names a known agency or a
 *     name containing "Wire", "Newswire", "News Service", "Press Agency", "News Agency", except
 *     after "Distributed/Provided/Supplied/Syndicated by" or "Wire service:", which are explicit.
 *     A wire name inside a sentence ("Reuters reported…") never counts. Wire copy gets
 *     `rights: { owner: 'third-party', source }` and its copyright line names the agency (the
 *     agency's own © line if the page has one), while `publication.copyrightHolder` stays the
 *     publication's.
 *   - SECTION: an explicit "Section: X" / "Category: X" line wins; otherwise the last element of
 *     a breadcrumb ("Home › News › Waterfront" → "Waterfront"), skipping a last element that is
 *     the headline itself (more than four words) and a bare "Home".
 *   - A publication name set in capitals ("HARBOUR LEDGER") takes its casing from the copyright
 *     line when that line contains it, otherwise it is title-cased; bylines in capitals likewise.
 *   - Furniture is matched on whole lines only (case-insensitive, ignoring bullets, arrows, pipes
 *     and counts such as "(12)"), so a paragraph that merely contains "share" or "print" stays.
 *     A lower-case one-word line inside a hard-wrapped paragraph ("…a larger / share / of…") is
 *     text, not a control. A list heading ("Most read", "Related:") drops the rest of its block.
 *     A paragraph split by furniture (an ad slot mid-sentence) is joined again.
 */
import { articleSchema, type Article } from './article.js';
import { toBlocks } from './page-text/blocks.js';
import { classify } from './page-text/classify.js';
import { assemble } from './page-text/assemble.js';
import './zod-english.js';

export { MAX_PAGE_CHARS } from './page-text/blocks.js';
export { DATELINE_TIME_WARNING } from './page-text/assemble.js';

export interface ParseOptions {
  /** Record id; default `slugify(headline, publishedAt)`. */
  id?: string;
  /** Headline; overrides the headline line of the page (needed when the page text has none). */
  headline?: string;
  /** The clock, for the "published in the future" warning. */
  now?: Date;
}

export type ParseResult =
  | { ok: true; article: Article; warnings: string[] }
  | { ok: false; error: string };

// ---------------------------------------------------------------------------------------------
// Ids

const TRANSLITERATE: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ł: 'l', þ: 'th', ð: 'd', ı: 'i' };
const MAX_ID_LENGTH = 80;

/**
 * Default article id: the publication date then the headline in lower-case ASCII words,
 * e.g. `2026-03-14-harbour-dredging-plan-approved`; at most 80 characters, cut at a word.
 */
export function slugify(headline: string, publishedAt: string): string {
  const prefix = /^\d{4}-\d{2}-\d{2}$/.test(publishedAt) ? publishedAt : '';
  let slug = headline.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[ßæœøđłþðı]/g, (c) => TRANSLITERATE[c] ?? '')
    // "Council's" → "councils", not "council-s".
    .replace(/['’‘`]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const room = MAX_ID_LENGTH - (prefix ? prefix.length + 1 : 0);
  if (slug.length > room) {
    slug = slug.slice(0, room);
    const cut = slug.lastIndexOf('-');
    // Cut at a word boundary unless that would throw away most of the room.
    if (cut > room / 2) slug = slug.slice(0, cut);
    slug = slug.replace(/-+$/g, '');
  }
  return [prefix, slug || 'article'].filter(Boolean).join('-');
}


function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

export function parseArticleText(text: string, options: ParseOptions = {}): ParseResult {
  const fail = (error: string): ParseResult => ({ ok: false, error: oneLine(error) });
  const blocks = toBlocks(text);
  if (!blocks.ok) return fail(blocks.error);
  const assembled = assemble(classify(blocks.lines), { headline: options.headline, now: options.now });
  if (!assembled.ok) return fail(assembled.error);
  const { article, warnings } = assembled;
  // The id takes the publication date, also when the dateline gave a time.
  const parsed = articleSchema.safeParse({ id: options.id ?? slugify(article.headline, article.publishedAt.slice(0, 10)), ...article });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.length ? issue.path.join('.') : 'record';
    return fail(`the article field "${field}" is invalid: ${issue?.message ?? 'does not match the article schema'}`);
  }
  return { ok: true, article: parsed.data, warnings };
}
