/**
 * Line recognisers of the plain-text importer: each says what one line could be (a date, a
 * dateline, a copyright notice, a contact line, a byline, a wire credit, a breadcrumb or
 * navigation trail, furniture) and extracts what it carries. Pure and line-local, so the
 * classifier (classify.ts) can score every line in one linear pass.
 */
import * as z from 'zod/mini';
import { FURNITURE, FURNITURE_PREFIXES, GENERIC_WIRE, KNOWN_WIRES, LIST_HEADINGS, SOCIAL } from './furniture.js';

// ---------------------------------------------------------------------------------------------
// Dates

export const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};
export const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
export const WEEKDAY = '(?:(mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\\.?,?\\s+)?';
// A time after the date ("6:05 a.m. EDT", "at 9 PM") belongs to the dateline, not to the name.
export const TIME = '(?:,?\\s*(?:at\\s+)?(?:\\d{1,2}:\\d{2}(?:\\s*[ap]\\.?m\\.?)?|\\d{1,2}\\s*[ap]\\.?m\\.?)(?:\\s+(?:EST|EDT|CST|CDT|MST|MDT|PST|PDT|AKST|AKDT|HST|GMT|BST|IST|CET|CEST|EET|EEST|AEST|AEDT|NZST|NZDT|ET|PT|CT|MT|UTC(?:[+-]\\d{1,2})?))?)?';
export const DATE_PATTERNS: { re: RegExp; pick: (m: RegExpExecArray) => { y: string; mo: number; d: string; wd?: string } }[] = [
  { re: new RegExp(`\\b${WEEKDAY}(\\d{4})-(\\d{2})-(\\d{2})\\b${TIME}`, 'i'),
    pick: (m) => ({ wd: m[1], y: m[2]!, mo: Number(m[3]), d: m[4]! }) },
  { re: new RegExp(`\\b${WEEKDAY}${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b${TIME}`, 'i'),
    pick: (m) => ({ wd: m[1], y: m[4]!, mo: MONTHS[m[2]!.slice(0, 3).toLowerCase()]!, d: m[3]! }) },
  { re: new RegExp(`\\b${WEEKDAY}(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH},?\\s+(\\d{4})\\b${TIME}`, 'i'),
    pick: (m) => ({ wd: m[1], y: m[4]!, mo: MONTHS[m[3]!.slice(0, 3).toLowerCase()]!, d: m[2]! }) },
];
export const WEEKDAY_INDEX: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

export interface FoundDate { iso: string; start: number; end: number; weekday?: string; time?: DatelineTime }

/** A time of day the dateline gives after its date, and its zone as written. */
export interface DatelineTime { hour: number; minute: number; zone?: string; text: string }

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

/** "+hh:mm" for a zone abbreviation whose offset is certain, else undefined. */
export function zoneOffset(zone: string | undefined): string | undefined {
  if (!zone) return undefined;
  if (ZONE_OFFSETS[zone]) return ZONE_OFFSETS[zone];
  const utc = /^UTC([+-])(\d{1,2})$/.exec(zone);
  return utc && Number(utc[2]) <= 14 ? `${utc[1]}${utc[2]!.padStart(2, '0')}:00` : undefined;
}

/** The earliest real calendar date in the line (a dateline's first date is the publication's). */
export function findDate(line: string): FoundDate | undefined {
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

export const EMAIL_RE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
export const HANDLE_RE = /(?:^|[\s(|,;])@[A-Za-z0-9_]{2,30}\b/;
// Phone numbers as reporters give them: "(555) 010-4477", "555.010.4477", "+44 20 7946 0958".
export const PHONE_RE = /(?:\(\d{3}\)\s?|\b\d{3}[\s.-])\d{3}[\s.-]\d{4}\b|\+\d[\d\s().-]{7,}\d/;
export const emailSchema = z.email();

export const fold = (s: string): string => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
export const words = (s: string): string[] => s.split(/\s+/u).filter(Boolean);
/** Ends a sentence: terminal punctuation, possibly inside closing quotes or brackets. */
export const endsSentence = (s: string): boolean => /[.!?…]["'”’»)\]]*$/u.test(s);
export const startsLower = (s: string): boolean => /^\p{Ll}/u.test(s);
export const hasLetters = (s: string): boolean => /[\p{L}\p{N}]/u.test(s);
export const SMALL_WORDS = new Set(['of', 'the', 'and', 'in', 'on', 'at', 'for', 'a', 'an', 'to', 'de', 'la', 'le', 'du', 'des', 'der', 'van', 'von', 'y', 'el']);

/** "THE HARBOUR LEDGER" → "The Harbour Ledger"; small words stay lower-case inside the name. */
export function titleCase(s: string): string {
  return s.toLowerCase().split(/(\s+|-)/).map((w, i) => {
    if (i > 0 && SMALL_WORDS.has(w)) return w;
    return w.replace(/^(\p{L})/u, (c) => c.toUpperCase()).replace(/^(mc|o')(\p{L})/u, (_, p: string, c: string) => p.replace(/^./, (x) => x.toUpperCase()) + c.toUpperCase());
  }).join('');
}
export const isAllCaps = (s: string): boolean => /\p{Lu}{2}/u.test(s) && !/\p{Ll}/u.test(s);
/** The line reduced to what a furniture control says: no bullets, arrows, icons, pipes or counts. */
export function furnitureKey(line: string): string {
  return line.toLowerCase().normalize('NFKC')
    .replace(/^[\s\p{P}\p{S}\d]+/u, '')
    .replace(/[\s\p{P}\p{S}\d]+$/u, '')
    .replace(/\s+/g, ' ');
}

export function isFurnitureToken(token: string): boolean {
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

export type FurnitureKind = 'furniture' | 'list-heading';

export function classifyFurniture(line: string): FurnitureKind | undefined {
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

export interface CopyrightLine { holder: string; years: number[] }

export function parseCopyright(line: string): CopyrightLine | undefined {
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

export function isContactLine(line: string): boolean {
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

/** The agency's name if `name` is recognisably a wire service, else undefined. */
export function wireName(name: string): string | undefined {
  const cleaned = name.trim().replace(/[.,;:]+$/, '').trim();
  const known = KNOWN_WIRES[cleaned.toLowerCase()];
  if (known) return known;
  if (GENERIC_WIRE.test(cleaned) && cleaned.length <= 80 && /^\p{Lu}/u.test(cleaned.replace(/^the\s+/i, ''))) return cleaned;
  return undefined;
}

/** "Meridian Wire Service", "Tribune Content Agency": capitalised words, no sentence. */
export function looksLikeOrgName(s: string): boolean {
  const ws = words(s.trim());
  return ws.length >= 1 && ws.length <= 8 && !/[,;:!?]/.test(s)
    && ws.every((w, i) => /^[\p{Lu}\p{N}&]/u.test(w) || (i > 0 && SMALL_WORDS.has(w.toLowerCase())));
}

/** A line that only credits a wire service. */
export function wireCreditLine(line: string): string | undefined {
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
export function wireDatelineCredit(paragraph: string): string | undefined {
  const m = /^[^()]{0,80}?\(([^()]{2,60})\)\s*[—–-]{1,2}\s/u.exec(paragraph);
  if (!m?.[1]) return undefined;
  // In this position a credit set in lower case ("(meridian wire service) —") is still a credit.
  const credit = m[1].trim();
  return wireName(credit) ?? (!/\p{Lu}/u.test(credit) ? wireName(titleCase(credit)) : undefined);
}

export function sectionLine(line: string): string | undefined {
  const m = /^(?:section|category)\s*:\s*(.{1,80})$/i.exec(line);
  return m?.[1]?.trim().replace(/[.]$/, '') || undefined;
}

/** "Home > News > Local" → ["Home", "News", "Local"]; undefined if the line is not a breadcrumb. */
export function breadcrumb(line: string): string[] | undefined {
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

export const PARTICLES = new Set(['de', 'da', 'del', 'della', 'der', 'den', 'di', 'du', 'la', 'le', 'van', 'von', 'bin', 'ibn', 'al', 'el', 'y', 'dos', 'das', 'ter', 'ten']);
export const TITLE_WORDS = /\b(?:staff|writers?|reporters?|correspondents?|editors?|columnists?|contributors?|contributing|photographers?|bureau|chief|interns?|critics?|analysts?|producers?|special|senior|freelance|freelancer)\b/i;
export const NOT_NAMES = new Set(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'today', 'tomorrow', 'yesterday',
  'january', 'february', 'march', 'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december']);

export function looksLikeName(s: string): boolean {
  const ws = words(s);
  if (ws.length < 1 || ws.length > 6 || s.length > 80) return false;
  if (!/^\p{Lu}/u.test(ws[0]!)) return false;
  if (ws.length === 1 && NOT_NAMES.has(ws[0]!.toLowerCase())) return false;
  return ws.every((w) => /^\p{Lu}[\p{L}\p{M}'’.-]*$/u.test(w) || PARTICLES.has(w.toLowerCase())
    || /^\p{Ll}{1,3}['’]\p{Lu}[\p{L}\p{M}'’-]*$/u.test(w) || /^(?:Jr|Sr)\.?$/.test(w));
}

export interface BylineParse { people: { name: string; email?: string }[]; wire?: string }

/** Parses "By Jane Doe and Omar Ruiz", "By Jane Doe, Staff Writer"; undefined if not a byline. */
export function parseByline(line: string): BylineParse | undefined {
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
export function matchPerson(people: { name: string }[], before: string, email: string): number | undefined {
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

export const UPDATED_RE = /^(?:last\s+)?(?:updated|modified|revised|edited)\b/i;
export const PUBLISHED_PREFIX_RE = /^(?:(?:first\s+)?published|posted|printed|appeared)(?:\s+(?:by|in|on|at))?\s+|^from\s+(?=\p{Lu})/iu;
export const END_MARK_RE = /^(?:#{2,}|-+\s*30\s*-+|—\s*30\s*—|end|\[end\]|xxx)$/i;

export interface Dateline { iso: string; name: string; weekday?: string; time?: DatelineTime }

/** A dateline (or a date-only line) — undefined when the line is something else. */
export function parseDateline(line: string): Dateline | undefined {
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

/** A headline: one short line, not ending like a sentence, not starting mid-sentence. */
export function looksLikeHeadline(s: string): boolean {
  if (s.length > 200 || words(s).length > 30) return false;
  if (!/^[\p{Lu}\p{N}“"‘'¿¡]/u.test(s)) return false;
  // "?" and "!" are allowed: "Will the harbour ever be dredged?" is a headline.
  return !/[.…:;,]["'”’»)\]]*$/u.test(s) && !/["”]$/u.test(s);
}

// ---------------------------------------------------------------------------------------------
// Navigation, contact names, line shape

/**
 * A section navigation trail: "News | Local | Transport", "NEWS · LOCAL · TRANSPORT". Short
 * capitalised labels between separators, none a sentence. (Breadcrumbs with › or > are
 * breadcrumb() above; a trail separated by pipes is the same thing, set as a menu.)
 */
export function navigationTrail(line: string): string[] | undefined {
  if (line.length > 160 || !/[|·•]/u.test(line)) return undefined;
  const parts = line.split(/\s*[|·•]\s*/u).map((p) => p.trim()).filter(Boolean);
  if (parts.length < 2 || parts.length > 12) return undefined;
  const label = (p: string) => words(p).length <= 3 && p.length <= 30 && /^[\p{Lu}\p{N}&]/u.test(p)
    && !/[.!?,;:@]$/u.test(p) && !/@|\d{4}/.test(p) && !/^by\s/i.test(p);
  return parts.every(label) ? parts : undefined;
}

/**
 * The people a contact line names: "• Maya Lindgren can be reached at maya@x.example",
 * "Contact Jane Doe at jane@x.example and Omar Ruiz at …", "Reach Omar Ruiz at …".
 * Used when the page has no byline: an author named only in the contact line is the author.
 */
export function contactNames(line: string): { name: string; email?: string }[] {
  const people: { name: string; email?: string }[] = [];
  const text = line.replace(/^[\s•·*\-–—>]+/u, '');
  const re = new RegExp(`(?:^|\\b(?:contact|reach|email|e-mail|write to)\\s+|\\band\\s+|,\\s*)([\\p{Lu}][\\p{L}\\p{M}'’. -]{1,60}?)\\s+(?:(?:can|may) be (?:reached|contacted)\\s+)?(?:at|via|on)\\s+(${EMAIL_RE.source})`, 'giu');
  for (const m of text.matchAll(re)) {
    const name = m[1]!.trim().replace(/^(?:contact|reach|email|e-mail|write to)\s+/i, '');
    if (/^(?:the|our|this)\b/i.test(name) || !looksLikeName(name)) continue;
    people.push({ name: isAllCaps(name) ? titleCase(name) : name, email: m[2] });
  }
  return people;
}

/** Shape features of a line, for scoring. */
export interface LineShape {
  length: number;
  words: number;
  endsSentence: boolean;
  startsLower: boolean;
  allCaps: boolean;
  separators: number;
  linkLike: boolean;
}

export function shapeOf(line: string): LineShape {
  return {
    length: line.length,
    words: words(line).length,
    endsSentence: /[.!?…:;,]["'”’»)\]]*$/u.test(line),
    startsLower: startsLower(line),
    allCaps: isAllCaps(line),
    separators: (line.match(/\s[|·•]\s|\s\/\s/gu) ?? []).length,
    linkLike: /\bhttps?:\/\/|\bwww\.|\.(?:com|org|net)\/\S/i.test(line),
  };
}
