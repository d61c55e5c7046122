/**
 * Pass 3 of the plain-text importer: classified lines in, the article's fields out.
 *
 *   - paragraphs: runs of text lines, wrapped lines joined; the halves of a paragraph split by an
 *     ad slot are joined again;
 *   - headline: among the header's candidates, the one right above the byline (a kicker above it
 *     is dropped), else the first; later candidates are paragraphs;
 *   - date and publication: the dateline, else an "Updated" line; the masthead above a bare date
 *     when the copyright notice names it; a name in capitals takes its casing from the notice;
 *   - authors: the byline, else the people a contact line names; addresses from contact lines;
 *   - copyright: always `© {year published} {holder}. All rights reserved.` — a footer's year is
 *     the year the page was rendered; wire copy names the agency.
 */
import type { Classified } from './classify.js';
import {
  contactNames, EMAIL_RE, emailSchema, endsSentence, fold, isAllCaps, matchPerson, parseDateline, startsLower,
  titleCase, WEEKDAY_INDEX, wireDatelineCredit, words, zoneOffset, type CopyrightLine,
} from './recognise.js';

/** Starts the warning about a dateline time that could not become an instant (`--published-at` answers it). */
export const DATELINE_TIME_WARNING = "the dateline's time";

export interface AssembleOptions { headline?: string; now?: Date }

export interface AssembledArticle {
  headline: string;
  byline: { name: string; email?: string }[];
  publication: { name: string; copyrightHolder: string };
  publishedAt: string;
  section?: string;
  body: string[];
  copyright: string;
  rights: { owner: 'publisher' } | { owner: 'third-party'; source: string };
  correction?: string;
}

export type Assembled = { ok: true; article: AssembledArticle; warnings: string[] } | { ok: false; error: string };

/** Joins hard-wrapped lines: "long-\ndebated" and "plan—\nwhich" without a space, others with one. */
export function joinLines(lines: readonly string[]): string {
  let para = '';
  let last = '';
  for (const l of lines) {
    // Only the previous line is looked at, never the growing paragraph: linear in its length.
    para = !para ? l : /[\p{L}\p{N}][-—]$/u.test(last) ? para + l : `${para} ${l}`;
    last = l;
  }
  return para.replace(/ {2,}/g, ' ').trim();
}

interface Paragraph { text: string; lines: number; afterFurniture: boolean; candidate?: Classified }

export function assemble(lines: readonly Classified[], options: AssembleOptions = {}): Assembled {
  const fail = (error: string): Assembled => ({ ok: false, error });
  const warnings: string[] = [];

  // --- Collect ----------------------------------------------------------------------------------
  const paragraphs: Paragraph[] = [];
  const candidates: Classified[] = [];
  const copyrights: CopyrightLine[] = [];
  const contacts: string[] = [];
  const crumbs: string[][] = [];
  const navTrails: string[][] = [];
  let section: string | undefined;
  const corrections: string[] = [];
  let wire: string | undefined;
  let dateline = lines.find((c) => c.dateline && (c.kind === 'dateline' || c.kind === 'byline'))?.dateline;
  dateline &&= { ...dateline };
  let fallbackDate: string | undefined;
  let byline: { name: string; email?: string }[] = [];
  let bylineAt = -1;
  let dropped = 0;
  let run: string[] = [];
  let runBlock = -1;
  let furnitureSinceText = false;

  const flush = () => {
    if (!run.length) return;
    paragraphs.push({ text: joinLines(run), lines: run.length, afterFurniture: furnitureSinceText });
    run = [];
    furnitureSinceText = false;
  };
  lines.forEach((c) => {
    if (c.kind !== 'text' || c.line.block !== runBlock) flush();
    switch (c.kind) {
      case 'text': run.push(c.line.text); runBlock = c.line.block; return;
      case 'headline-candidate': candidates.push(c); paragraphs.push({ text: c.line.text, lines: 1, afterFurniture: furnitureSinceText, candidate: c }); furnitureSinceText = false; return;
      case 'copyright': copyrights.push(c.copyright!); return;
      case 'contact': contacts.push(isAllCaps(c.line.text) ? c.line.text.toLowerCase() : c.line.text); return;
      case 'correction': corrections.push(c.line.text); return;
      case 'section': section ??= c.section; return;
      case 'breadcrumb': crumbs.push(c.crumbs!); return;
      case 'navigation': navTrails.push(c.crumbs!); dropped++; return;
      case 'credit': wire ??= c.wire; return;
      case 'updated': fallbackDate ??= c.date!.iso; return;
      case 'byline':
        byline.push(...c.byline!.people); wire ??= c.byline!.wire;
        if (bylineAt < 0) bylineAt = c.line.at;
        return;
      case 'furniture': case 'list-heading': case 'footer': case 'label':
        dropped++;
        if (paragraphs.length) furnitureSinceText = true;
        return;
      default: return;
    }
  });
  flush();

  // --- Date ---------------------------------------------------------------------------------------
  let publishedAt = dateline?.iso;
  if (!publishedAt && fallbackDate) {
    publishedAt = fallbackDate;
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
  // A time with a zone whose offset is certain makes the publication an instant (partners' embargo
  // delays count from it); any other time is reported, and the date stands alone.
  const time = dateline?.iso === publishedAt ? dateline.time : undefined;
  if (time) {
    const offset = zoneOffset(time.zone);
    const clock = `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;
    if (offset) publishedAt = `${publishedAt}T${clock}:00${offset}`;
    else warnings.push(`${DATELINE_TIME_WARNING} "${time.text}" has ${time.zone ? `a time zone (${time.zone}) whose offset is not certain` : 'no time zone'}: publishedAt is the date only; give --published-at ${publishedAt}T${clock}:00±hh:mm`);
  }

  // --- Masthead and headline ----------------------------------------------------------------------
  const significant = (s: string): string[] => words(fold(s).replace(/[^a-z0-9\s]/g, ' '))
    .filter((w) => w.length > 2 && !['the', 'and', 'media', 'news', 'group', 'inc', 'llc', 'ltd', 'company', 'corp', 'co'].includes(w));
  const related = (a: string, b: string): boolean => {
    const sb = new Set(significant(b));
    return significant(a).some((w) => sb.has(w));
  };
  const holders = copyrights.filter((c) => c.holder);
  const masthead = candidates.find((c) => c.mastheadOf);
  let headlineOf = candidates;
  if (dateline && masthead) {
    // The line above a bare date is the masthead if the copyright notice names it (or, with no
    // notice, if it reads like a name); otherwise it is a headline candidate like any other.
    const mh = masthead.line.text;
    const confirmed = holders.length ? holders.some((c) => {
      const inHolder = new Set(significant(c.holder));
      return significant(mh).length > 0 && significant(mh).every((w) => inHolder.has(w));
    }) : parseDateline(`${mh}, 2000-01-01`)?.name === mh;
    if (confirmed) {
      dateline.name = mh;
      headlineOf = candidates.filter((c) => c !== masthead);
    }
  }
  const bylineLine = bylineAt >= 0 ? lines.find((c) => c.line.at === bylineAt) : undefined;
  const above = bylineLine ? headlineOf.filter((c) => c.line.at < bylineAt && c.line.block >= bylineLine.line.block - 1) : [];
  const chosen = above[above.length - 1] ?? headlineOf[0];
  const chosenAt = chosen ? chosen.line.at : -1;
  const kept: Paragraph[] = [];
  for (const p of paragraphs) {
    if ((p.candidate && p.candidate === chosen) || (masthead && p.candidate === masthead && !headlineOf.includes(masthead))) continue;
    // A kicker or label above the headline is dropped; a title-like line after it is text.
    if (p.candidate && p.candidate.line.at < chosenAt) { dropped++; continue; }
    kept.push(p);
  }
  // Mend paragraphs split by furniture mid-sentence (an ad slot, a share bar).
  const body: string[] = [];
  for (const p of kept) {
    const prev = body[body.length - 1];
    if (p.afterFurniture && prev !== undefined && !endsSentence(prev) && startsLower(p.text)) body[body.length - 1] = `${prev} ${p.text}`;
    else body.push(p.text);
  }
  const headlineLine = chosen?.line.text;

  // --- Publication ----------------------------------------------------------------------------------
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
    pubName = at >= 0 && !isAllCaps(holder) && fold(holder).length === holder.length ? holder.slice(at, at + pubName.length) : titleCase(pubName);
  }
  const copyrightHolder = pubCopyright?.holder ? (isAllCaps(pubCopyright.holder) ? titleCase(pubCopyright.holder) : pubCopyright.holder) : pubName;
  if (!pubCopyright) warnings.push(`no copyright line found; the copyright holder is the publication, "${pubName}"`);

  if (!body.length) return fail('no article paragraphs found after removing the dateline, headline, byline and page furniture');

  const headline = options.headline?.trim() || headlineLine;
  if (!headline) return fail('no headline found: the line after the dateline reads like a paragraph; give the headline with --headline');
  if (options.headline?.trim() && headlineLine && fold(headlineLine) !== fold(options.headline.trim())) {
    warnings.push(`the page's headline line "${headlineLine}" was replaced by the given headline`);
  }

  // --- Wire, section --------------------------------------------------------------------------------
  wire ??= wireDatelineCredit(body[0]!);
  if (wire && fold(wire).replace(/^the /, '') === fold(pubName).replace(/^the /, '')) wire = undefined; // the publication itself

  const trail = crumbs[0] ?? navTrails[0];
  if (!section && trail) {
    const segs = trail.filter((c) => fold(c) !== 'home');
    let last = segs[segs.length - 1];
    if (last && (words(last).length > 4 || fold(last) === fold(headline))) last = segs[segs.length - 2];
    section = last;
  }

  // --- Authors and contact addresses --------------------------------------------------------------
  if (!byline.length && !wire) {
    // An author named only in the contact line ("• Maya Lindgren can be reached at …") is the byline.
    byline = contacts.flatMap(contactNames);
  }
  const people: { name: string; email?: string }[] = [];
  for (const p of byline) {
    // "By The Harbour Ledger" names no person. (A blogger who holds the copyright is still the author.)
    if ([pubName, wire ?? ''].some((n) => n && fold(n) === fold(p.name))) continue;
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
      if (!person) {
        if (!people.some((p) => p.email === email)) warnings.push(`the contact address ${email} matches no byline name`);
        continue;
      }
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

  // --- Copyright line -------------------------------------------------------------------------------
  const footerYears = pubCopyright?.years ?? [];
  if (footerYears.length && !footerYears.includes(Number(year))) {
    warnings.push(`the page's copyright year ${footerYears.join('–')} was replaced by the publication year ${year}`);
  }
  const lineHolder = wire ? (wireCopyright?.holder || wire) : copyrightHolder;
  const copyright = `© ${year} ${lineHolder}${/\.$/.test(lineHolder) ? '' : '.'} All rights reserved.`;
  if (dropped) warnings.push(`dropped ${dropped} line(s) of page furniture`);

  return {
    ok: true,
    warnings,
    article: {
      headline,
      byline: people,
      publication: { name: pubName, copyrightHolder },
      publishedAt,
      ...(section ? { section } : {}),
      body,
      copyright,
      rights: wire ? { owner: 'third-party', source: wire } : { owner: 'publisher' },
      ...(corrections.length ? { correction: corrections.join(' ') } : {}),
    },
  };
}
