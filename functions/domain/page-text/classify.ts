/**
 * Pass 2 of the plain-text importer: what each line is.
 *
 * Every line is first scored on its own: each recogniser that matches (copyright notice, furniture
 * phrase, contact line, dateline, byline, navigation trail…) votes for its kind with a weight, and
 * the line's shape (length, sentence punctuation, lower-case start) votes for prose. The highest
 * score wins; recognisers are strong evidence, but each refuses lines longer than what it
 * recognises, so prose is never taken for a control.
 *
 * Then one sweep in reading order applies what position teaches:
 *   - header (before the first paragraph): bylines, breadcrumbs and headline candidates live here;
 *     a headline candidate is a title-like line standing alone (navigation never is one);
 *   - body: from the first line of prose;
 *   - footer: after the article's end — the author's contact line, a dated copyright notice or an
 *     end mark once the body has begun. Nothing there is article text.
 * Each line is looked at a bounded number of times, so the pass is linear in the page.
 */
import type { Line } from './blocks.js';
import {
  breadcrumb, classifyFurniture, END_MARK_RE, findDate, fold, isAllCaps, isContactLine, looksLikeHeadline, navigationTrail,
  parseByline, parseCopyright, parseDateline, sectionLine, shapeOf, UPDATED_RE, wireCreditLine,
  type BylineParse, type CopyrightLine, type Dateline, type FoundDate,
} from './recognise.js';

export type Kind =
  | 'copyright' | 'rights-reserved' | 'furniture' | 'list-heading' | 'section' | 'breadcrumb' | 'navigation'
  | 'contact' | 'credit' | 'updated' | 'dateline' | 'byline' | 'end-mark' | 'label' | 'correction'
  | 'headline-candidate' | 'text' | 'footer';

export interface Classified {
  line: Line;
  kind: Kind;
  /** The winning score, and every kind that scored (for tests and for explaining a decision). */
  score: number;
  scores: Partial<Record<Kind, number>>;
  copyright?: CopyrightLine;
  section?: string;
  crumbs?: string[];
  wire?: string;
  date?: FoundDate;
  dateline?: Dateline;
  byline?: BylineParse;
  /** A headline candidate right above a bare date: maybe the masthead (assemble decides). */
  mastheadOf?: Dateline;
}

/** How much a recogniser's match counts; prose scores 1–8 from its shape. */
export const WEIGHTS = {
  copyright: 10, 'rights-reserved': 10, 'end-mark': 9, section: 9, contact: 9, furniture: 8, 'list-heading': 8,
  updated: 8, byline: 8, credit: 7, dateline: 7, breadcrumb: 7, navigation: 6, correction: 9, label: 4,
} as const satisfies Partial<Record<Kind, number>>;

/** Prose: long lines ending like sentences, or wrapped lines starting in lower case. */
export function proseScore(text: string): number {
  const s = shapeOf(text);
  return 1 + (s.length > 160 ? 4 : s.length > 80 ? 2 : 0) + (s.endsSentence ? 2 : 0) + (s.startsLower ? 1 : 0)
    - (s.allCaps && s.words <= 4 ? 1 : 0) - (s.linkLike && s.words <= 3 ? 2 : 0);
}

/** Scores one line on its own. */
export function scoreLine(line: Line): Classified {
  const text = line.text;
  const c: Classified = { line, kind: 'text', score: 0, scores: {} };
  const vote = (kind: Kind, score: number) => { c.scores[kind] = Math.max(c.scores[kind] ?? 0, score); };

  vote('text', proseScore(text));
  const copyright = parseCopyright(text);
  if (copyright) { vote('copyright', WEIGHTS.copyright); c.copyright = copyright; }
  if (/^(?:all|some) rights reserved\.?$/i.test(text)) vote('rights-reserved', WEIGHTS['rights-reserved']);
  if (END_MARK_RE.test(text)) vote('end-mark', WEIGHTS['end-mark']);
  const furniture = classifyFurniture(text);
  if (furniture) vote(furniture, WEIGHTS[furniture]);
  const section = sectionLine(text);
  if (section) { vote('section', WEIGHTS.section); c.section = section; }
  const crumbs = breadcrumb(text);
  if (crumbs) { vote('breadcrumb', WEIGHTS.breadcrumb); c.crumbs = crumbs; }
  const trail = crumbs ? undefined : navigationTrail(text);
  if (trail) { vote('navigation', WEIGHTS.navigation); c.crumbs = trail; }
  if (isContactLine(text)) vote('contact', WEIGHTS.contact);
  // A kicker or section label set in capitals above the headline: "FEATURES", "ANALYSIS".
  if (isAllCaps(text) && text.split(/\s+/).length <= 3 && !/[.!?,;:]$/.test(text)) vote('label', WEIGHTS.label);
  if (/^(?:correction|clarification|editor(?:'|’)?s note)\s*:\s*\S/i.test(text) && text.length <= 1000) vote('correction', WEIGHTS.correction);
  const wire = wireCreditLine(text);
  if (wire) { vote('credit', WEIGHTS.credit); c.wire = wire; }
  if (UPDATED_RE.test(text) && text.length <= 120) {
    const date = findDate(text);
    if (date) { vote('updated', WEIGHTS.updated); c.date = date; }
  }
  const dateline = parseDateline(text);
  if (dateline && /^by\s/i.test(dateline.name)) {
    // "By Jane Doe | March 14, 2026": a byline carrying the date.
    const by = parseByline(dateline.name);
    if (by) { vote('byline', WEIGHTS.byline + 1); c.byline = by; c.dateline = { ...dateline, name: '' }; }
  } else if (dateline) {
    vote('dateline', WEIGHTS.dateline); c.dateline = dateline;
  }
  if (!c.byline && /^(?:by|story by|words by|written by|text by)\s/i.test(text)) {
    const by = parseByline(text);
    if (by) { vote('byline', WEIGHTS.byline); c.byline = by; }
  }
  // Ties go to the stronger evidence: the order of WEIGHTS, then prose.
  for (const [kind, score] of Object.entries(c.scores) as [Kind, number][]) {
    if (score > c.score) { c.kind = kind; c.score = score; }
  }
  return c;
}

const isText = (c: Classified | undefined) => c?.kind === 'text';

/** Scores every line, then reads them in order and applies what position says. */
export function classify(lines: readonly Line[]): Classified[] {
  const out = lines.map(scoreLine);
  let phase: 'header' | 'body' | 'footer' = 'header';
  let dateline: Dateline | undefined;
  let listBlock = -1;
  const demote = (c: Classified, kind: Kind) => { c.kind = kind; c.score = c.scores[kind] ?? 0; };

  for (let i = 0; i < out.length; i++) {
    const c = out[i]!;
    const prev = out[i - 1]?.line.block === c.line.block ? out[i - 1] : undefined;
    const next = out[i + 1]?.line.block === c.line.block ? out[i + 1] : undefined;

    if (phase === 'footer') {
      // After the article's end only what describes the article counts; prose is footer.
      if (c.kind === 'text' || c.kind === 'byline' || c.kind === 'dateline' || c.kind === 'navigation' || c.kind === 'breadcrumb') demote(c, 'footer');
      continue;
    }
    // A lower-case lone word inside a wrapped paragraph ("…a larger / share / of the…") is text.
    if (c.kind === 'furniture' && isText(prev) && prev!.line.text.length > 0 && !/[.!?…]["'”’»)\]]*$/u.test(prev!.line.text)
      && /^\p{Ll}\S*$/u.test(c.line.text) && next && /^\p{Ll}/u.test(next.line.text)) {
      demote(c, 'text');
    }
    // Under "Most read" comes a list of other stories' titles, up to the first line of prose.
    if (c.kind === 'list-heading') { listBlock = c.line.block; continue; }
    if (listBlock === c.line.block && c.kind === 'text' && c.line.text.length <= 120 && !/[.…:;,]["'”’»)\]]*$/u.test(c.line.text)) {
      demote(c, 'furniture');
      continue;
    }
    listBlock = -1;

    if (phase === 'body' && (c.kind === 'byline' || c.kind === 'breadcrumb')) demote(c, 'text');
    if (c.kind === 'dateline' || (c.kind === 'byline' && c.dateline)) {
      if (!dateline) dateline = c.dateline;
      else if (c.kind === 'dateline' && (!c.dateline!.name || fold(c.dateline!.name) === fold(dateline.name))) {
        // A repeat of the dateline or a bare date later on is page metadata, not text.
        demote(c, 'furniture');
      } else if (c.kind === 'dateline') demote(c, 'text');
    }
    if (c.kind === 'text' && phase === 'header') {
      const alone = !isText(prev) && !isText(next);
      if (alone && looksLikeHeadline(c.line.text)) {
        c.kind = 'headline-candidate';
        // "The Harbour Ledger" on its own line right above a bare date: maybe the masthead.
        const below = next?.kind === 'dateline' ? next.dateline : undefined;
        if (below && !below.name && !dateline) c.mastheadOf = below;
        continue;
      }
      phase = 'body';
    }
    const endsArticle = c.kind === 'contact' || c.kind === 'end-mark'
      || (c.kind === 'copyright' && (c.copyright!.years.length > 0 || /rights reserved/i.test(c.line.text)));
    if (phase === 'body' && endsArticle) phase = 'footer';
  }
  return out;
}
