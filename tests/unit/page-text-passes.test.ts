/** Each pass of the plain-text importer on its own: blocks, scored classification, assembly. */
import { describe, expect, it } from 'vitest';
import { MAX_PAGE_CHARS, toBlocks, type Line } from '../../functions/domain/page-text/blocks.js';
import { classify, scoreLine } from '../../functions/domain/page-text/classify.js';
import { assemble, joinLines } from '../../functions/domain/page-text/assemble.js';
import { contactNames, navigationTrail, wireDatelineCredit } from '../../functions/domain/page-text/recognise.js';
import { FURNITURE } from '../../functions/domain/page-text/furniture.js';

const lines = (text: string): Line[] => {
  const b = toBlocks(text);
  if (!b.ok) throw new Error(b.error);
  return b.lines;
};
const line = (text: string): Line => ({ text, at: 0, block: 0, index: 0, blockSize: 1 });
const P1 = 'The council approved the dredging plan on Tuesday after a long debate.';

describe('pass 1: blocks', () => {
  it('groups lines between blank lines and separators, with CRLF read as LF', () => {
    const ls = lines('A\r\nB\r\n\r\nC\n* * *\nD');
    expect(ls.map((l) => [l.text, l.block, l.index, l.blockSize])).toEqual([['A', 0, 0, 2], ['B', 0, 1, 2], ['C', 1, 0, 1], ['D', 2, 0, 1]]);
    expect(ls.map((l) => l.at)).toEqual([0, 1, 2, 3]);
  });

  it('refuses a page over the size cap with a clear error, and ill-formed Unicode', () => {
    const big = toBlocks('x'.repeat(MAX_PAGE_CHARS + 1));
    expect(big).toEqual({ ok: false, error: expect.stringMatching(/million characters; an article page may have at most 2 million/) });
    expect(toBlocks('The Ledger — March 1, 2026\n\nA\ud800 lone surrogate')).toEqual({ ok: false, error: expect.stringMatching(/well-formed Unicode/) });
  });
});

describe('pass 2: scored classification', () => {
  it('scores a navigation trail above prose and never as a headline', () => {
    const nav = scoreLine(line('News | Local | Transport'));
    expect(nav.kind).toBe('navigation');
    expect(nav.scores.navigation).toBeGreaterThan(nav.scores.text!);
    expect(navigationTrail('Share prices rose | traders said so.')).toBeUndefined();
  });

  it('scores prose by its shape', () => {
    expect(scoreLine(line(P1)).kind).toBe('text');
    expect(scoreLine(line('© 2026 The Harbour Ledger. All rights reserved.')).kind).toBe('copyright');
    expect(scoreLine(line('Click to Hide')).kind).toBe('furniture');
    expect(scoreLine(line('Jane Doe can be reached at jane@example.org')).kind).toBe('contact');
  });

  it('marks everything after the article’s end as footer', () => {
    const out = classify(lines(['The Ledger — March 1, 2026', '', 'Harbour plan approved', '', P1, '',
      'Contact Jane Doe at jane@example.org', 'Something nobody lists as furniture.', '', 'Another unknown control'].join('\n')));
    expect(out.map((c) => c.kind)).toEqual(['dateline', 'headline-candidate', 'text', 'contact', 'footer', 'footer']);
  });

  it('keeps furniture phrases as data, in the reduced form lines are compared in', () => {
    for (const phrase of FURNITURE) expect(phrase).toBe(phrase.toLowerCase().trim());
    expect(FURNITURE.has('click to hide')).toBe(true);
  });
});

describe('pass 3: assembly', () => {
  it('joins wrapped lines, hyphen and dash wraps without a space', () => {
    expect(joinLines(['a long-', 'debated plan—', 'which', 'passed'])).toBe('a long-debated plan—which passed');
  });

  it('takes the title-like line right above the byline as the headline, dropping a kicker above it', () => {
    const r = assemble(classify(lines(['The Ledger — March 1, 2026', '', 'Analysis', '', 'Harbour plan approved', 'By Omar Ruiz', '', P1,
      '', '© 2026 The Ledger'].join('\n'))));
    if (!r.ok) throw new Error(r.error);
    expect(r.article.headline).toBe('Harbour plan approved');
    expect(r.article.byline).toEqual([{ name: 'Omar Ruiz' }]);
    expect(r.article.body).toEqual([P1]);
  });

  it('names the author from a contact line when there is no byline', () => {
    expect(contactNames('• Maya Lindgren can be reached at maya@example.org')).toEqual([{ name: 'Maya Lindgren', email: 'maya@example.org' }]);
    expect(contactNames('Contact A B at a@example.org and Cé D at c@example.org')).toEqual([
      { name: 'A B', email: 'a@example.org' }, { name: 'Cé D', email: 'c@example.org' }]);
    expect(contactNames('Reach the newsroom at desk@example.org')).toEqual([]);
  });

  it('reads a lower-case wire credit opening the text as third-party (issue 11)', () => {
    expect(wireDatelineCredit('KARSTADT (meridian wire service) — Barges…')).toBe('Meridian Wire Service');
    expect(wireDatelineCredit('PORT ALDER (harbour ledger) — The council…')).toBeUndefined();
  });
});
