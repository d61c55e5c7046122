/**
 * Plain-text article importer (DESIGN.md "Articles", CLI `import-article --format text`).
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
import * as z from 'zod';
import { articleSchema, type Article } from './article.js';

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

// ---------------------------------------------------------------------------------------------
// Dates

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};
const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const WEEKDAY = '(?:(mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\\.?,?\\s+)?';
// A time after the date ("6:05 a.m. EDT", "at 9 PM") belongs to the dateline, not to the name.
const TIME = '(?:,?\\s*(?:at\\s+)?(?:\\d{1,2}:\\d{2}(?:\\s*[ap]\\.?m\\.?)?|\\d{1,2}\\s*[ap]\\.?m\\.?)(?:\\s+(?:EST|EDT|CST|CDT|MST|MDT|PST|PDT|AKST|AKDT|HST|GMT|BST|IST|CET|CEST|EET|EEST|AEST|AEDT|NZST|NZDT|ET|PT|CT|MT|UTC(?:[+-]\\d{1,2})?))?)?';
const DATE_PATTERNS: { re: RegExp; pick: (m: RegExpExecArray) => { y: string; mo: number; d: string; wd?: string } }[] = [
  { re: new RegExp(`\\b${WEEKDAY}(\\d{4})-(\\d{2})-(\\d{2})\\b${TIME}`, 'i'),
    pick: (m) => ({ wd: m[1], y: m[2]!, mo: Number(m[3]), d: m[4]! }) },
  { re: new RegExp(`\\b${WEEKDAY}${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b${TIME}`, 'i'),
    pick: (m) => ({ wd: m[1], y: m[4]!, mo: MONTHS[m[2]!.slice(0, 3).toLowerCase()]!, d: m[3]! }) },
  { re: new RegExp(`\\b${WEEKDAY}(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH},?\\s+(\\d{4})\\b${TIME}`, 'i'),
    pick: (m) => ({ wd: m[1], y: m[4]!, mo: MONTHS[m[3]!.slice(0, 3).toLowerCase()]!, d: m[2]! }) },
];
const WEEKDAY_INDEX: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

interface FoundDate { iso: string; start: number; end: number; weekday?: string; time?: DatelineTime }

/** Starts the warning about a dateline time that could not become an instant (`--published-at` answers it). */
export const DATELINE_TIME_WARNING = "the dateline's time";

/** A time of day the dateline gives after its date, and its zone as written. */
interface DatelineTime { hour: number; minute: number; zone?: string; text: string }

const TIME_CORE = '(?:(\\d{1,2}):(\\d{2})(?:\\s*([ap])\\.?m\\.?)?|(\\d{1,2})\\s*([ap])\\.?m\\.?)(?:\\s+([A-Z]{2,5}(?:[+-]\\d{1,2})?))?';
/** A time ending a matched date ("…, 6:05 a.m. EDT"). */
const TIME_AT_END = new RegExp(`,?\\s*(?:at\\s+)?${TIME_CORE}$`, 'i');
/** A time in the next segment of the dateline ("Sept. 3rd, 2025 · 6:40 p.m."). */
const TIME_NEXT = new RegExp(`^\\s*[·|•—–,-]?\\s*(?:at\\s+)?${TIME_CORE}(?=\\s*(?:[·|•—–]|$))`, 'i');

/** The time given with a date, if it names a real one. */
function timeOf(matched: string, after: string): DatelineTime | undefined {
  const t = TIME_AT_END.exec(matched) ?? TIME_NEXT.exec(after);
  if (!t) return undefined;
  let hour = Number(t[1] ?? t[4]);
  const minute = Number(t[2] ?? 0);
  const half = (t[3] ?? t[5])?.toLowerCase();
  if (half) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (half === 'p' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return undefined;
  return { hour, minute, ...(t[6] ? { zone: t[6].toUpperCase() } : {}), text: t[0].replace(/^[\s,·|•—–-]+/u, '').replace(/^at\s+/i, '').trim() };
}

/**
 * Zone abbreviations whose offset is certain. Left out on purpose: CST (US Central, China, Cuba),
 * IST (India, Ireland, Israel), BST (British Summer, Bangladesh) and ET/PT/CT/MT (no summer time
 * stated) — a wrong offset would move the publication time, so those keep the date only.
 */
const ZONE_OFFSETS: Readonly<Record<string, string>> = {
  UTC: '+00:00', GMT: '+00:00', EST: '-05:00', EDT: '-04:00', CDT: '-05:00', MST: '-07:00', MDT: '-06:00',
  PST: '-08:00', PDT: '-07:00', AKST: '-09:00', AKDT: '-08:00', HST: '-10:00', CET: '+01:00', CEST: '+02:00',
  EET: '+02:00', EEST: '+03:00', AEST: '+10:00', AEDT: '+11:00', NZST: '+12:00', NZDT: '+13:00',
};

function zoneOffset(zone: string | undefined): string | undefined {
  if (!zone) return undefined;
  if (ZONE_OFFSETS[zone]) return ZONE_OFFSETS[zone];
  const utc = /^UTC([+-])(\d{1,2})$/.exec(zone);
  return utc && Number(utc[2]) <= 14 ? `${utc[1]}${utc[2]!.padStart(2, '0')}:00` : undefined;
}

/** The earliest real calendar date in the line (a dateline's first date is the publication's). */
function findDate(line: string): FoundDate | undefined {
  let best: FoundDate | undefined;
  for (const { re, pick } of DATE_PATTERNS) {
    const m = re.exec(line);
    if (!m) continue;
    const { y, mo, d, wd } = pick(m);
    const iso = `${y}-${String(mo).padStart(2, '0')}-${d.padStart(2, '0')}`;
    const parsed = new Date(`${iso}T00:00:00Z`);
    if (Number.isNaN(parsed.getTime()) || !parsed.toISOString().startsWith(iso)) continue;
    if (!best || m.index < best.start) {
      const time = timeOf(m[0], line.slice(m.index + m[0].length));
      best = { iso, start: m.index, end: m.index + m[0].length, weekday: wd, ...(time ? { time } : {}) };
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Small text helpers

const EMAIL_RE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const HANDLE_RE = /(?:^|[\s(|,;])@[A-Za-z0-9_]{2,30}\b/;
// Phone numbers as reporters give them: "(555) 010-4477", "555.010.4477", "+44 20 7946 0958".
const PHONE_RE = /(?:\(\d{3}\)\s?|\b\d{3}[\s.-])\d{3}[\s.-]\d{4}\b|\+\d[\d\s().-]{7,}\d/;
const emailSchema = z.email();

const fold = (s: string): string => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
const words = (s: string): string[] => s.split(/\s+/u).filter(Boolean);
/** Ends a sentence: terminal punctuation, possibly inside closing quotes or brackets. */
const endsSentence = (s: string): boolean => /[.!?…]["'”’»)\]]*$/u.test(s);
const startsLower = (s: string): boolean => /^\p{Ll}/u.test(s);
const hasLetters = (s: string): boolean => /[\p{L}\p{N}]/u.test(s);
const SMALL_WORDS = new Set(['of', 'the', 'and', 'in', 'on', 'at', 'for', 'a', 'an', 'to', 'de', 'la', 'le', 'du', 'des', 'der', 'van', 'von', 'y', 'el']);

/** "THE HARBOUR LEDGER" → "The Harbour Ledger"; small words stay lower-case inside the name. */
function titleCase(s: string): string {
  return s.toLowerCase().split(/(\s+|-)/).map((w, i) => {
    if (i > 0 && SMALL_WORDS.has(w)) return w;
    return w.replace(/^(\p{L})/u, (c) => c.toUpperCase()).replace(/^(mc|o')(\p{L})/u, (_, p: string, c: string) => p.replace(/^./, (x) => x.toUpperCase()) + c.toUpperCase());
  }).join('');
}
const isAllCaps = (s: string): boolean => /\p{Lu}{2}/u.test(s) && !/\p{Ll}/u.test(s);

// ---------------------------------------------------------------------------------------------
// Page furniture

const FURNITURE = new Set([
  'reprint', 'reprints', 'reprints & permissions', 'reprints and permissions', 'permissions', 'reprint permission',
  'request reprint permission', 'request reprints', 'comment', 'comments', 'view comments', 'show comments',
  'hide comments', 'read comments', 'see comments', 'load comments', 'open comments', 'close comments',
  'view all comments', 'show all comments', 'leave a comment', 'add a comment', 'post a comment',
  'join the conversation', 'join the discussion', 'be the first to comment', 'jump to comments', 'discuss',
  'share', 'shares', 'share this', 'share this article', 'share this story', 'share article', 'share story',
  'share this page', 'tweet', 'tweet this', 'print', 'print this', 'print this article', 'print this story',
  'print article', 'print story', 'email', 'e-mail', 'email this', 'email this story', 'email this article',
  'e-mail this story', 'e-mail this article', 'email to a friend', 'send to a friend', 'advertisement',
  'advertisements', 'advert', 'ad', 'ads', 'sponsored', 'sponsored content', 'paid content', 'paid post',
  'story continues below advertisement', 'article continues below advertisement', 'continue reading below',
  'continue reading', 'subscribe', 'subscribe now', 'subscribe today', 'sign in', 'log in', 'login', 'log out',
  'register', 'sign up', 'newsletter', 'newsletters', 'show more', 'show less', 'show', 'hide', 'read more',
  'read less', 'see more', 'see less', 'load more', 'more', 'less', 'expand', 'collapse', 'back to top', 'top',
  'return to top', 'most read', 'most popular', 'most viewed', 'popular', 'trending', 'trending now',
  'recommended', 'recommended for you', 'related', 'related stories', 'related articles', 'related coverage',
  'related content', 'more stories', 'more from', 'more news', 'you may also like', 'you might also like',
  'read next', 'up next', "editor's picks", 'editors picks', 'skip to content', 'skip to main content',
  'skip to navigation', 'menu', 'search', 'close', 'open', 'next', 'previous', 'prev', 'next article',
  'previous article', 'next story', 'previous story', 'listen', 'listen to this article', 'listen to this story',
  'save', 'saved', 'save article', 'save for later', 'bookmark', 'gift this article', 'gift article', 'copy link',
  'copy url', 'link copied', 'facebook', 'twitter', 'x', 'linkedin', 'whatsapp', 'reddit', 'pinterest',
  'flipboard', 'bluesky', 'threads', 'mastodon', 'telegram', 'accept', 'accept all', 'accept cookies',
  'accept all cookies', 'reject all', 'reject', 'decline', 'cookie settings', 'cookie preferences',
  'manage cookies', 'manage preferences', 'privacy policy', 'privacy', 'terms of use', 'terms of service',
  'terms and conditions', 'contact us', 'about us', 'report an error', 'report a correction', 'corrections',
  'text size', 'font size', 'image', 'photo', 'photos', 'video', 'gallery', 'view gallery', 'view photos',
  'enlarge', 'enlarge this image', 'caption', 'hide caption', 'show caption', 'toggle caption',
  'expand caption', 'follow', 'follow us', 'home', 'all rights reserved', 'loading', 'advertise with us',
]);
/** Headings of link lists: the rest of their block is a list of other stories. */
const LIST_HEADINGS = new Set([
  'most read', 'most popular', 'most viewed', 'popular', 'trending', 'trending now', 'recommended',
  'recommended for you', 'related', 'related stories', 'related articles', 'related coverage', 'related content',
  'more stories', 'more from', 'more news', 'you may also like', 'you might also like', 'read next', 'up next',
  "editor's picks", 'editors picks', 'see also', 'also read',
]);
const SOCIAL = new Set(['facebook', 'twitter', 'x', 'linkedin', 'whatsapp', 'reddit', 'pinterest', 'flipboard', 'bluesky',
  'threads', 'mastodon', 'telegram', 'email', 'e-mail', 'print', 'copy', 'link', 'url', 'sms', 'messenger', 'on', 'via', 'or']);
/**
 * Furniture recognised by its beginning; lines longer than `max` are never furniture. Each
 * pattern asks for a little more than the first word, so that a sentence opening with the same
 * words ("Advertisement boards along Quay Street…", "Related: the council's other decisions…")
 * stays in the article.
 */
const FURNITURE_PREFIXES: { re: RegExp; max: number; then?: RegExp }[] = [
  { re: /^click here (?:to|for)\b/i, max: 200 },
  // A link to another story: its title follows, capitalised.
  // (`then` is matched case-sensitively, after the case-insensitive `re`.)
  { re: /^(?:read more|related|see also|also read|more from [^.]*|more on this story|read next)\s*[:»›>|]\s*/i, max: 200,
    then: /^[\p{Lu}\p{N}“"‘']/u },
  { re: /^(?:related|more) (?:stories|articles|coverage|content|links?|news)\b/i, max: 120 },
  { re: /^sign (?:up|in)\b.*\b(?:newsletters?|e-?mails?|alerts?|updates|briefings?|digest|inbox)\b/i, max: 200 },
  { re: /^subscribe\b/i, max: 160 },
  { re: /^(?:get|receive|want) (?:our|the)\b.*\bnewsletters?\b/i, max: 200 },
  { re: /^(?:already|not) a subscriber\b/i, max: 160 },
  { re: /^skip to\b/i, max: 80 },
  { re: /^(?:we|this (?:site|website)|our (?:site|website)) uses? cookies\b/i, max: 400 },
  { re: /\buses? cookies\b.*\b(?:accept|consent|agree|privacy|experience|settings)\b/i, max: 400 },
  { re: /^by (?:continuing|using) (?:to use )?(?:this|our) (?:site|website)\b/i, max: 300 },
  { re: /^advertisement\s*(?:[-–—:|(]|$)/i, max: 80 },
  { re: /^(?:story|article) continues\b/i, max: 80 },
  { re: /^share (?:this|on|via|to)\b/i, max: 100 },
  { re: /^follow us\b/i, max: 120 },
  { re: /^(?:photo|photograph|image|picture|video|graphic|illustration)s?(?: credit)?\s*(?::|by\b)/i, max: 140 },
  { re: /^(?:photo )?credit\s*:/i, max: 140 },
  { re: /^(?:tags|topics|filed under|keywords)\s*:/i, max: 200 },
  { re: /^\d+\s*(?:min|mins|minute|minutes)\s+read$/i, max: 40 },
  { re: /^(?:estimated )?read(?:ing)? time\b/i, max: 40 },
  { re: /^(?:got|have) a (?:news )?tip\b/i, max: 200 },
  { re: /^send us (?:a|your) (?:news )?tips?\b/i, max: 200 },
  { re: /^(?:news )?tips\s*:/i, max: 200 },
  { re: /^(?:view|show|hide|read|see|load|open|close) (?:all )?(?:\d+\s+)?comments?\b/i, max: 60 },
  { re: /^comments?\s*[:(]?\s*\d+/i, max: 40 },
  { re: /^\d+\s+(?:comments?|replies|shares)\b/i, max: 40 },
  { re: /^listen to (?:this|the) (?:article|story)\b/i, max: 80 },
  { re: /^(?:privacy|cookie) (?:policy|notice|settings|preferences)\b/i, max: 120 },
];

/** The line reduced to what a furniture control says: no bullets, arrows, icons, pipes or counts. */
function furnitureKey(line: string): string {
  return line.toLowerCase().normalize('NFKC')
    .replace(/^[\s\p{P}\p{S}\d]+/u, '')
    .replace(/[\s\p{P}\p{S}\d]+$/u, '')
    .replace(/\s+/g, ' ');
}

function isFurnitureToken(token: string): boolean {
  const key = furnitureKey(token);
  if (!key) return false;
  if (FURNITURE.has(key) || SOCIAL.has(key)) return true;
  const t = token.trim();
  const prefixed = FURNITURE_PREFIXES.some(({ re, max, then }) => {
    const m = t.length <= max ? re.exec(t) : null;
    return !!m && (!then || then.test(t.slice(m[0].length)));
  });
  if (prefixed) return true;
  // "Share this article: Facebook Twitter Email"
  const share = /^share(?: this)?(?: article| story| page)?\s*[:\-–—]?\s*(.*)$/i.exec(key);
  if (share && share[1] !== undefined) return words(share[1].replace(/[,/]/g, ' ')).every((w) => SOCIAL.has(w));
  return false;
}

type FurnitureKind = 'furniture' | 'list-heading';

function classifyFurniture(line: string): FurnitureKind | undefined {
  // No control or notice is this long; the guard also keeps the regexes below linear.
  if (line.length > 400) return undefined;
  const key = furnitureKey(line);
  if (LIST_HEADINGS.has(key) && line.length <= 40) return 'list-heading';
  if (isFurnitureToken(line)) return 'furniture';
  // "Share | Tweet | Email | Print", "About us · Contact us · Privacy policy", "Share   Tweet"
  const tokens = line.split(/\s*[|•·]\s*|\s+\/\s+|\t+|\s{2,}/).filter((t) => hasLetters(t));
  if (tokens.length > 1 && line.length <= 200 && tokens.every(isFurnitureToken)) return 'furniture';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Copyright, contact, section, wire credits

interface CopyrightLine { holder: string; years: number[] }

function parseCopyright(line: string): CopyrightLine | undefined {
  if (line.length > 300) return undefined;
  const lead = /^(?:all (?:content|material|text)s?\s+)?(?:©|\(c\)|copyright\b\s*(?:©|\(c\))?)/i.exec(line);
  if (!lead) return undefined;
  // "Copyright law experts say…" is a sentence, not a notice: a notice has © or a year.
  if (!/©|\(c\)/i.test(lead[0]) && !/^\s*\d{4}\b/.test(line.slice(lead[0].length))) return undefined;
  const years = [...line.matchAll(/\b(1[89]\d{2}|2\d{3})\b/g)].map((m) => Number(m[1]));
  let rest = line.slice(lead[0].length)
    .replace(/\b(?:1[89]\d{2}|2\d{3})\s*(?:[-–—]\s*(?:1[89]\d{2}|2\d{3}|present))?\b/gi, ' ')
    .replace(/\b(?:all|some) rights reserved\b\.?/gi, ' ')
    .replace(/\s+/g, ' ').trim()
    .replace(/^[,.:;\s]+|[,;:\s]+$/g, '')
    .replace(/^by\s+/i, '');
  // Keep only the holder: drop any further sentences ("This material may not be published…").
  const abbrev = /\b(?:Inc|Ltd|Co|Corp|Bros|Pty|L\.L\.C|S\.A|N\.V|plc)\.$/;
  const parts = rest.split(/(?<=\.)\s+(?=\p{Lu})/u);
  let holder = '';
  for (const part of parts) {
    holder = holder ? `${holder} ${part}` : part;
    if (!abbrev.test(holder)) break;
  }
  rest = holder.replace(/\.$/, (m) => (abbrev.test(holder) ? m : '')).trim();
  if (!rest || rest.length > 200 || !hasLetters(rest)) return years.length ? { holder: '', years } : undefined;
  return { holder: rest, years };
}

function isContactLine(line: string): boolean {
  if (line.length > 240) return false;
  const hasEmail = new RegExp(EMAIL_RE.source).test(line);
  const reachable = hasEmail || HANDLE_RE.test(line) || PHONE_RE.test(line);
  if (/^(?:contact|reach|email|e-mail|write to|follow|twitter|x)\b/i.test(line) && reachable) {
    return true;
  }
  if (/\b(?:can|may) be (?:reached|contacted)\b|\bis reachable\b/i.test(line) && reachable) return true;
  // A line of nothing but addresses and handles: "jane@x.org | @handle".
  const tokens = line.split(/[\s|,;·•/]+/).filter(Boolean);
  return tokens.length > 0 && tokens.some((t) => /@/.test(t))
    && tokens.every((t) => new RegExp(`^${EMAIL_RE.source}$`).test(t.replace(/[.,;]+$/, '')) || /^@[A-Za-z0-9_]{2,30}$/.test(t)
      || /^(?:email|e-mail|twitter|x|mastodon|bluesky|phone|tel)\s*:?$/i.test(t));
}

const KNOWN_WIRES: Record<string, string> = {
  ap: 'Associated Press', 'associated press': 'Associated Press', 'the associated press': 'Associated Press',
  reuters: 'Reuters', afp: 'Agence France-Presse', 'agence france-presse': 'Agence France-Presse',
  'agence france presse': 'Agence France-Presse', upi: 'United Press International',
  'united press international': 'United Press International', cp: 'The Canadian Press',
  'the canadian press': 'The Canadian Press', 'canadian press': 'The Canadian Press', aap: 'Australian Associated Press',
  'australian associated press': 'Australian Associated Press', 'pa media': 'PA Media', 'press association': 'PA Media',
  dpa: 'dpa', 'deutsche presse-agentur': 'dpa', efe: 'EFE', ansa: 'ANSA', xinhua: 'Xinhua', 'kyodo news': 'Kyodo News',
  'bloomberg news': 'Bloomberg News',
};
const GENERIC_WIRE = /\b(?:wire|newswire|news service|wire service|press agency|news agency|presse-agentur|press association)\b/i;

/** The agency's name if `name` is recognisably a wire service, else undefined. */
function wireName(name: string): string | undefined {
  const cleaned = name.trim().replace(/[.,;:]+$/, '').trim();
  const known = KNOWN_WIRES[cleaned.toLowerCase()];
  if (known) return known;
  if (GENERIC_WIRE.test(cleaned) && cleaned.length <= 80 && /^\p{Lu}/u.test(cleaned.replace(/^the\s+/i, ''))) return cleaned;
  return undefined;
}

/** "Meridian Wire Service", "Tribune Content Agency": capitalised words, no sentence. */
function looksLikeOrgName(s: string): boolean {
  const ws = words(s.trim());
  return ws.length >= 1 && ws.length <= 8 && !/[,;:!?]/.test(s)
    && ws.every((w, i) => /^[\p{Lu}\p{N}&]/u.test(w) || (i > 0 && SMALL_WORDS.has(w.toLowerCase())));
}

/** A line that only credits a wire service. */
function wireCreditLine(line: string): string | undefined {
  if (line.length > 120) return undefined;
  let m = /^[—–-]{1,2}\s*(.+)$/u.exec(line);
  if (m?.[1]) return wireName(m[1]);
  // After an explicit "Distributed by" any organisation's name counts, but only a bare name:
  // "Distributed by Harbour Food Bank volunteers, the parcels…" is a sentence.
  m = /^(?:distributed|provided|supplied|syndicated|moved)\s+by\s+(?:the\s+)?(.+?)\.?$/i.exec(line);
  if (m?.[1]) return wireName(m[1]) ?? (looksLikeOrgName(m[1]) ? m[1].trim() : undefined);
  m = /^(?:wire|wire service)\s*:\s*(?:the\s+)?(.+?)\.?$/i.exec(line);
  if (m?.[1]) return wireName(m[1]) ?? (looksLikeOrgName(m[1]) ? m[1].trim() : undefined);
  m = /^(?:source|via|credit|from)\s*:?\s+(?:the\s+)?(.+?)\.?$/i.exec(line);
  if (m?.[1]) return wireName(m[1]);
  return KNOWN_WIRES[line.replace(/\.$/, '').trim().toLowerCase()];
}

/** "KESTREL BAY (Meridian Wire Service) —" or "(AP) —" opening the first paragraph. */
function wireDatelineCredit(paragraph: string): string | undefined {
  const m = /^[^()]{0,80}?\(([^()]{2,60})\)\s*[—–-]{1,2}\s/u.exec(paragraph);
  return m?.[1] ? wireName(m[1]) : undefined;
}

function sectionLine(line: string): string | undefined {
  const m = /^(?:section|category)\s*:\s*(.{1,80})$/i.exec(line);
  return m?.[1]?.trim().replace(/[.]$/, '') || undefined;
}

/** "Home > News > Local" → ["Home", "News", "Local"]; undefined if the line is not a breadcrumb. */
function breadcrumb(line: string): string[] | undefined {
  if (line.length > 160) return undefined;
  let parts: string[];
  // ">" and "/" appear in sentences too, so with them the trail must start at "Home" or "News".
  if (/[›»→]/u.test(line)) parts = line.split(/\s*[›»→]\s*/u);
  else if (/^(?:home|news)\s*>\s*\S/i.test(line)) parts = line.split(/\s*>\s*/);
  else if (/^home\s*\/\s*\S/i.test(line)) parts = line.split(/\s*\/\s*/);
  else return undefined;
  parts = parts.map((p) => p.trim()).filter(Boolean);
  if (parts.length < 2) return undefined;
  const ok = parts.every((p, i) => /^[\p{Lu}\p{N}]/u.test(p) && !/[.!?]$/.test(p)
    && (i === parts.length - 1 ? words(p).length <= 15 : words(p).length <= 4 && p.length <= 30));
  return ok ? parts : undefined;
}

// ---------------------------------------------------------------------------------------------
// Bylines

const PARTICLES = new Set(['de', 'da', 'del', 'della', 'der', 'den', 'di', 'du', 'la', 'le', 'van', 'von', 'bin', 'ibn', 'al', 'el', 'y', 'dos', 'das', 'ter', 'ten']);
const TITLE_WORDS = /\b(?:staff|writers?|reporters?|correspondents?|editors?|columnists?|contributors?|contributing|photographers?|bureau|chief|interns?|critics?|analysts?|producers?|special|senior|freelance|freelancer)\b/i;
const NOT_NAMES = new Set(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'today', 'tomorrow', 'yesterday',
  'january', 'february', 'march', 'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december']);

function looksLikeName(s: string): boolean {
  const ws = words(s);
  if (ws.length < 1 || ws.length > 6 || s.length > 80) return false;
  if (!/^\p{Lu}/u.test(ws[0]!)) return false;
  if (ws.length === 1 && NOT_NAMES.has(ws[0]!.toLowerCase())) return false;
  return ws.every((w) => /^\p{Lu}[\p{L}\p{M}'’.-]*$/u.test(w) || PARTICLES.has(w.toLowerCase())
    || /^\p{Ll}{1,3}['’]\p{Lu}[\p{L}\p{M}'’-]*$/u.test(w) || /^(?:Jr|Sr)\.?$/.test(w));
}

interface BylineParse { people: { name: string; email?: string }[]; wire?: string }

/** Parses "By Jane Doe and Omar Ruiz", "By Jane Doe, Staff Writer"; undefined if not a byline. */
function parseByline(line: string): BylineParse | undefined {
  const m = /^(?:by|story by|words by|written by|text by)\s+(.+)$/i.exec(line);
  if (!m?.[1] || line.length > 200) return undefined;
  let body = m[1].trim();
  if (/[!?]$/.test(body)) return undefined;
  // A final period belongs to the byline only after an initial or a suffix ("Jr.").
  if (/\.$/.test(body) && !/(?:\b\p{Lu}|\bJr|\bSr)\.$/u.test(body)) return undefined;
  const parts = body.split(/\s*(?:,|;|\||\s+and\s+|&|\s+with\s+|\s+for\s+)\s*/i).map((p) => p.trim()).filter(Boolean);
  const people: BylineParse['people'] = [];
  let wire: string | undefined;
  for (const raw of parts) {
    const found = raw.match(new RegExp(EMAIL_RE.source));
    const email = found?.[0];
    let part = raw.replace(new RegExp(EMAIL_RE.source), '').replace(/[()<>[\]]/g, '').trim();
    if (!part) {
      if (email && people.length && !people[people.length - 1]!.email) people[people.length - 1]!.email = email;
      continue;
    }
    if (/^(?:Jr|Sr|II|III|IV)\.?$/.test(part) && people.length) { people[people.length - 1]!.name += `, ${part}`; continue; }
    const w = wireName(part);
    if (w) { wire ??= w; continue; }
    if (TITLE_WORDS.test(part) && /^\p{Lu}/u.test(part)) continue;
    // "The Harbour Ledger": an affiliation, since people's names do not start with "The".
    if (/^the\s/i.test(part) && /^\p{Lu}/u.test(part)) continue;
    if (!looksLikeName(part)) return undefined;
    if (isAllCaps(part)) part = titleCase(part);
    people.push(email ? { name: part, email } : { name: part });
  }
  if (!people.length && !wire) return undefined;
  return { people, wire };
}

/** Which byline person an address belongs to, given the text just before it. */
function matchPerson(people: { name: string }[], before: string, email: string): number | undefined {
  const ctx = fold(before);
  // The full name nearest before the address wins ("Contact A at a@x, B at b@x").
  let best: { i: number; at: number } | undefined;
  people.forEach((p, i) => {
    const at = ctx.lastIndexOf(fold(p.name));
    if (at >= 0 && (!best || at > best.at)) best = { i, at };
  });
  if (best) return best.i;
  const local = fold(email.split('@')[0] ?? '');
  const localTokens = local.split(/[^a-z]+/).filter(Boolean);
  const localJoined = localTokens.join('');
  const hits = people.map((p, i) => {
    const ns = words(fold(p.name)).map((w) => w.replace(/[^a-z]/g, '')).filter((w) => w.length > 1 && !PARTICLES.has(w));
    const first = ns[0] ?? '';
    const last = ns[ns.length - 1] ?? '';
    const byLocal = localTokens.includes(last) || (ns.length > 1 && localTokens.includes(first))
      || localJoined === first + last || localJoined === (first[0] ?? '') + last || localJoined === last + first;
    // Surname mentioned on its own before the address: "Contact Doe at …".
    const bySurname = last.length > 2 && new RegExp(`\\b${last}\\b`).test(ctx);
    return byLocal || bySurname ? i : -1;
  }).filter((i) => i >= 0);
  return hits.length === 1 ? hits[0] : undefined;
}

// ---------------------------------------------------------------------------------------------
// The parser

const UPDATED_RE = /^(?:last\s+)?(?:updated|modified|revised|edited)\b/i;
const PUBLISHED_PREFIX_RE = /^(?:(?:first\s+)?published|posted|printed|appeared)(?:\s+(?:by|in|on|at))?\s+|^from\s+(?=\p{Lu})/iu;
const END_MARK_RE = /^(?:#{2,}|-+\s*30\s*-+|—\s*30\s*—|end|\[end\]|xxx)$/i;

interface Dateline { iso: string; name: string; weekday?: string; time?: DatelineTime }

/** A dateline (or a date-only line) — undefined when the line is something else. */
function parseDateline(line: string): Dateline | undefined {
  if (line.length > 160) return undefined;
  const found = findDate(line);
  if (!found) return undefined;
  // A sentence that happens to contain a date ends like one.
  if (/[.!?”"’]$/u.test(line) && !/\d$/.test(line.slice(0, -1).trim()) && !/\b[ap]\.m\.$/i.test(line)) return undefined;
  let rest = `${line.slice(0, found.start)} | ${line.slice(found.end)}`;
  const segments = rest.split(/\s*(?:[|·•—–]|\s-\s|,\s)\s*/u).map((s) => s.trim()).filter((s) => hasLetters(s));
  // Further segments may only be short labels ("Updated March 15", "Waterfront"), not a sentence.
  if (segments.slice(1).some((s) => words(s).length > 4 || !/^[\p{Lu}\p{N}]/u.test(s))) return undefined;
  rest = segments[0] ?? '';
  for (let prev = ''; prev !== rest;) { prev = rest; rest = rest.replace(PUBLISHED_PREFIX_RE, '').trim(); }
  rest = rest.replace(/^[\s,:;|·•—–-]+|[\s,:;|·•—–-]+$/gu, '').trim();
  rest = rest.replace(/\s+(?:on|at|in|by)$/i, '').trim(); // "Posted in X on Dec 1 2025"
  if (/^(?:published|posted|updated|on|at)$/i.test(rest)) rest = '';
  if (rest) {
    const ws = words(rest);
    // The name must look like a masthead ("The Valley Courier"), not words of a sentence.
    if (ws.length > 10 || rest.length > 100) return undefined;
    if (!ws.every((w, i) => /^[\p{Lu}\p{N}&'’]/u.test(w) || (i > 0 && SMALL_WORDS.has(w.toLowerCase())) || (i === 0 && /^(?:de|la|le|el)$/.test(w)))) {
      return undefined;
    }
  }
  return { iso: found.iso, name: rest, weekday: found.weekday, ...(found.time ? { time: found.time } : {}) };
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

export function parseArticleText(text: string, options: ParseOptions = {}): ParseResult {
  const fail = (error: string): ParseResult => ({ ok: false, error: oneLine(error) });
  if (typeof text !== 'string') return fail('the input is not text');
  const warnings: string[] = [];

  // --- Is this text at all? -------------------------------------------------------------------
  if (/\u0000/.test(text)) return fail('the input is binary data, not text (it contains NUL bytes)');
  const controls = (text.match(/[\u0001-\u0008\u000b\u000e-\u001f\u007f]/g) ?? []).length;
  const replacements = (text.match(/\ufffd/g) ?? []).length;
  if (text.length && (controls + replacements) / text.length > 0.01) {
    return fail('the input is binary data or not UTF-8 text (it contains control or undecodable characters)');
  }
  const normalized = text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n').replace(/[\u200b\u200c\u200d\u2060\ufeff]/g, '')
    .replace(/[\u2028\u2029]/g, '\n').replace(/\t/g, ' ').replace(/\f/g, '\n');
  if (!normalized.trim()) return fail('the input is empty');
  const head = normalized.trimStart().slice(0, 200).toLowerCase();
  if (head.startsWith('<!doctype') || head.startsWith('<html') || /^<(?:head|body|article|div|p)[\s>]/.test(head)) {
    return fail('the input is HTML; copy the article page as plain text (or import a JSON record with --format json)');
  }
  if (/^[{[]/.test(head)) return fail('the input looks like JSON; import it with --format json');

  // --- Classify the lines and build paragraphs -----------------------------------------------
  const lines = normalized.split('\n').map((l) => l.trim());
  let dateline: Dateline | undefined;
  let fallbackDate: FoundDate | undefined;
  let headlineLine: string | undefined;
  const byline: { name: string; email?: string }[] = [];
  const contacts: string[] = [];
  const copyrights: CopyrightLine[] = [];
  let section: string | undefined;
  let crumbs: string[] | undefined;
  let wire: string | undefined;
  const body: string[] = [];

  let cur: string[] = [];
  let furnitureSinceText = false;
  let listSkip = false;
  let droppedFurniture = 0;
  // "The Harbour Ledger" on its own line right above a bare date: maybe the masthead (see below).
  let masthead: string | undefined;

  const flush = (): void => {
    if (!cur.length) return;
    let para = '';
    for (const l of cur) {
      // "long-\ndebated" and "plan—\nwhich" join without a space; other wraps join with one.
      para = !para ? l : /[\p{L}\p{N}][-—]$/u.test(para) ? para + l : `${para} ${l}`;
    }
    para = para.replace(/ {2,}/g, ' ').trim();
    const single = cur.length === 1;
    cur = [];
    const splitByFurniture = furnitureSinceText;
    furnitureSinceText = false;
    if (!para || END_MARK_RE.test(para)) return;
    if (!body.length && headlineLine === undefined && single && looksLikeHeadline(para)) {
      headlineLine = para;
      return;
    }
    const prev = body[body.length - 1];
    // An ad slot or share bar in the middle of a sentence: the two halves are one paragraph.
    if (splitByFurniture && prev !== undefined && !endsSentence(prev) && startsLower(para)) {
      body[body.length - 1] = `${prev} ${para}`;
      return;
    }
    body.push(para);
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line) { flush(); listSkip = false; continue; }
    if (!hasLetters(line)) { flush(); continue; } // rules, "* * *", lone arrows: separators only

    const copyright = parseCopyright(line);
    if (copyright) { flush(); copyrights.push(copyright); continue; }
    if (/^(?:all|some) rights reserved\.?$/i.test(line)) { flush(); continue; }

    const furniture = classifyFurniture(line);
    if (furniture) {
      // A lower-case lone word inside a wrapped paragraph ("…a larger / share / of the…") is text.
      const next = lines[i + 1] ?? '';
      const wrapped = cur.length > 0 && !endsSentence(cur[cur.length - 1]!) && startsLower(line)
        && !/\s/.test(line) && next !== '' && startsLower(next);
      if (!wrapped) {
        if (cur.length) { flush(); furnitureSinceText = true; } else if (body.length) furnitureSinceText = true;
        if (furniture === 'list-heading') listSkip = true;
        droppedFurniture++;
        continue;
      }
    }

    const sec = sectionLine(line);
    if (sec) { flush(); section ??= sec; continue; }
    const crumb = !body.length ? breadcrumb(line) : undefined;
    if (crumb) { flush(); crumbs ??= crumb; continue; }
    if (isContactLine(line)) { flush(); contacts.push(line); continue; }
    const credit = wireCreditLine(line);
    if (credit) { flush(); wire ??= credit; continue; }

    if (UPDATED_RE.test(line) && line.length <= 120) {
      const d = findDate(line);
      if (d) { flush(); fallbackDate ??= d; continue; }
    }
    const dl = parseDateline(line);
    if (dl && /^by\s/i.test(dl.name)) {
      // "By Jane Doe | March 14, 2026": a byline carrying the date.
      const by = parseByline(dl.name);
      if (by) {
        flush();
        if (!dateline) dateline = { iso: dl.iso, name: '', weekday: dl.weekday };
        byline.push(...by.people);
        wire ??= by.wire;
        continue;
      }
    } else if (dl) {
      if (!dateline) {
        // Held back rather than flushed, so the headline and byline after it are read as such.
        const only = cur.length === 1 ? cur[0] : undefined;
        if (!dl.name && !body.length && only !== undefined && only === lines[i - 1] && looksLikeHeadline(only)) {
          masthead = only;
          cur = [];
        }
        flush();
        dateline = dl;
        continue;
      }
      // A repeat of the dateline or a bare date later on is page metadata, not text.
      if (!dl.name || fold(dl.name) === fold(dateline.name)) { flush(); continue; }
    }

    if (!body.length && /^(?:by|story by|words by|written by|text by)\s/i.test(line)) {
      const by = parseByline(line);
      if (by) { flush(); byline.push(...by.people); wire ??= by.wire; continue; }
    }

    // Under "Most read" comes a list of other stories' titles: short lines not ending a sentence.
    // The first line that reads like prose ends the list.
    if (listSkip && line.length <= 120 && !/[.…:;,]["'”’»)\]]*$/u.test(line)) { droppedFurniture++; continue; }
    listSkip = false;
    cur.push(line);
  }
  flush();

  // --- Date and publication -------------------------------------------------------------------
  let publishedAt = dateline?.iso;
  if (!publishedAt && fallbackDate) {
    publishedAt = fallbackDate.iso;
    warnings.push(`no publication date found; used the "updated" date ${publishedAt}`);
  }
  if (!publishedAt) {
    return fail('no publication date found: the first line should name the publication and the date, e.g. "The Harbour Ledger — March 14, 2026"');
  }
  if (dateline?.weekday) {
    const said = WEEKDAY_INDEX[dateline.weekday.slice(0, 3).toLowerCase()];
    const actual = new Date(`${publishedAt}T00:00:00Z`).getUTCDay();
    if (said !== undefined && said !== actual) warnings.push(`the dateline's weekday does not match ${publishedAt}`);
  }
  const now = options.now ?? new Date();
  if (publishedAt > now.toISOString().slice(0, 10)) warnings.push(`the publication date ${publishedAt} is in the future`);
  const year = publishedAt.slice(0, 4);
  const publishedDate = publishedAt;
  // A time with a zone whose offset is certain makes the publication an instant (partners' embargo
  // delays count from it); any other time is reported, and the date stands alone.
  const time = dateline?.iso === publishedAt ? dateline.time : undefined;
  if (time) {
    const offset = zoneOffset(time.zone);
    const clock = `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;
    if (offset) publishedAt = `${publishedAt}T${clock}:00${offset}`;
    else warnings.push(`${DATELINE_TIME_WARNING} "${time.text}" has ${time.zone ? `a time zone (${time.zone}) whose offset is not certain` : 'no time zone'}: publishedAt is the date only; give --published-at ${publishedDate}T${clock}:00±hh:mm`);
  }

  const significant = (s: string): string[] => words(fold(s).replace(/[^a-z0-9\s]/g, ' '))
    .filter((w) => w.length > 2 && !['the', 'and', 'media', 'news', 'group', 'inc', 'llc', 'ltd', 'company', 'corp', 'co'].includes(w));
  const related = (a: string, b: string): boolean => {
    const sb = new Set(significant(b));
    return significant(a).some((w) => sb.has(w));
  };

  const holders = copyrights.filter((c) => c.holder);
  if (dateline && masthead !== undefined) {
    // The line above a bare date is the masthead if the copyright notice names it (or, with no
    // notice, if it reads like a name); otherwise it was the headline after all.
    const mh = masthead;
    const confirmed = holders.length ? holders.some((c) => {
      const inHolder = new Set(significant(c.holder));
      return significant(mh).length > 0 && significant(mh).every((w) => inHolder.has(w));
    }) : parseDateline(`${mh}, 2000-01-01`)?.name === mh;
    if (confirmed) {
      dateline.name = mh;
    } else {
      if (headlineLine !== undefined) body.unshift(headlineLine);
      headlineLine = mh;
    }
  }
  let pubName = dateline?.name ?? '';
  const wireCopyright = wire ? holders.find((c) => related(c.holder, wire!)) : undefined;
  const pubCandidates = holders.filter((c) => c !== wireCopyright);
  // The footer notice is the last one naming the publication with a year; a "© Jane Doe /
  // Harbour Ledger" photo credit has no year.
  const lastOf = (pred: (c: CopyrightLine) => boolean): CopyrightLine | undefined => pubCandidates.filter(pred).pop();
  const pubCopyright = lastOf((c) => !!pubName && related(c.holder, pubName) && c.years.length > 0)
    ?? lastOf((c) => !!pubName && related(c.holder, pubName)) ?? lastOf((c) => c.years.length > 0) ?? lastOf(() => true);
  if (!pubName) {
    if (!pubCopyright) return fail('no publication name found: the dateline should name the publication, e.g. "The Harbour Ledger — March 14, 2026"');
    pubName = pubCopyright.holder;
    warnings.push(`the dateline names no publication; used the copyright holder "${pubName}"`);
  }
  if (isAllCaps(pubName)) {
    // Set in capitals for typography: take the real casing from the copyright line if it has it.
    const holder = pubCopyright?.holder ?? '';
    const at = fold(holder).indexOf(fold(pubName));
    pubName = at >= 0 && fold(holder).length === holder.length ? holder.slice(at, at + pubName.length) : titleCase(pubName);
  }
  const copyrightHolder = pubCopyright?.holder || pubName;
  if (!pubCopyright) warnings.push(`no copyright line found; the copyright holder is the publication, "${pubName}"`);

  if (!body.length) return fail('no article paragraphs found after removing the dateline, headline, byline and page furniture');

  // --- Headline ---------------------------------------------------------------------------------
  const headline = options.headline?.trim() || headlineLine;
  if (!headline) {
    return fail('no headline found: the line after the dateline reads like a paragraph; give the headline with --headline');
  }
  if (options.headline?.trim() && headlineLine && fold(headlineLine) !== fold(options.headline.trim())) {
    warnings.push(`the page's headline line "${headlineLine}" was replaced by the given headline`);
  }

  // --- Wire, section ----------------------------------------------------------------------------
  wire ??= wireDatelineCredit(body[0]!);
  if (wire && fold(wire).replace(/^the /, '') === fold(pubName).replace(/^the /, '')) wire = undefined; // the publication itself

  if (!section && crumbs) {
    const segs = crumbs.filter((c) => fold(c) !== 'home');
    let last = segs[segs.length - 1];
    if (last && (words(last).length > 4 || fold(last) === fold(headline))) last = segs[segs.length - 2];
    section = last;
  }

  // --- Byline and contact e-mails -------------------------------------------------------------
  const people: { name: string; email?: string }[] = [];
  for (const p of byline) {
    if ([pubName, copyrightHolder, wire ?? ''].some((n) => n && fold(n) === fold(p.name))) continue;
    const known = people.find((q) => fold(q.name) === fold(p.name));
    if (known) { known.email ??= p.email; continue; }
    people.push({ ...p });
  }
  for (const line of contacts) {
    const found = [...line.matchAll(EMAIL_RE)];
    let from = 0;
    for (const m of found) {
      const email = m[0];
      const before = line.slice(from, m.index);
      from = m.index + email.length;
      if (!emailSchema.safeParse(email).success) { warnings.push(`ignored an invalid e-mail address "${email}"`); continue; }
      let who = matchPerson(people, before, email);
      // "Reach the reporter at …" with one author and one address: it is that author's.
      if (who === undefined && people.length === 1 && found.length === 1) who = 0;
      const person = who === undefined ? undefined : people[who];
      if (!person) { warnings.push(`the contact address ${email} matches no byline name`); continue; }
      person.email ??= email;
    }
  }
  for (const p of people) {
    if (p.email && !emailSchema.safeParse(p.email).success) {
      warnings.push(`ignored an invalid e-mail address "${p.email}"`);
      delete p.email;
    }
  }
  if (!people.length && !wire) warnings.push('no byline found');

  // --- Copyright line ---------------------------------------------------------------------------
  const footerYears = pubCopyright?.years ?? [];
  if (footerYears.length && !footerYears.includes(Number(year))) {
    warnings.push(`the page's copyright year ${footerYears.join('–')} was replaced by the publication year ${year}`);
  }
  const lineHolder = wire ? (wireCopyright?.holder || wire) : copyrightHolder;
  const copyright = `© ${year} ${lineHolder}${/\.$/.test(lineHolder) ? '' : '.'} All rights reserved.`;

  if (droppedFurniture) warnings.push(`dropped ${droppedFurniture} line(s) of page furniture`);

  const candidate = {
    id: options.id ?? slugify(headline, publishedDate),
    headline,
    byline: people,
    publication: { name: pubName, copyrightHolder },
    publishedAt,
    ...(section ? { section } : {}),
    body,
    copyright,
    rights: wire ? { owner: 'third-party' as const, source: wire } : { owner: 'publisher' as const },
  };
  const parsed = articleSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.length ? issue.path.join('.') : 'record';
    return fail(`the article field "${field}" is invalid: ${issue?.message ?? 'does not match the article schema'}`);
  }
  return { ok: true, article: parsed.data, warnings };
}

/** A headline: one short line, not ending like a sentence, not starting mid-sentence. */
function looksLikeHeadline(s: string): boolean {
  if (s.length > 200 || words(s).length > 30) return false;
  if (!/^[\p{Lu}\p{N}“"‘'¿¡]/u.test(s)) return false;
  // "?" and "!" are allowed: "Will the harbour ever be dredged?" is a headline.
  return !/[.…:;,]["'”’»)\]]*$/u.test(s) && !/["”]$/u.test(s);
}
