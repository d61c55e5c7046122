import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { articleIdSchema, articleSchema, type Article } from '../../functions/domain/article.js';
import { parseArticleText, slugify, type ParseResult } from '../../functions/domain/import-text.js';

const root = resolve(import.meta.dirname, '../..');
const read = (path: string): string => readFileSync(resolve(root, path), 'utf8');
const page = (name: string): string => read(`tests/fixtures/pages/${name}`);
const NOW = new Date('2026-11-24T12:00:00Z');

function ok(result: ParseResult): { article: Article; warnings: string[] } {
  if (!result.ok) throw new Error(`expected a parsed article, got: ${result.error}`);
  // Whatever the importer returns must already be a valid record.
  expect(articleSchema.parse(result.article)).toEqual(result.article);
  return result;
}

function err(result: ParseResult): string {
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.article)}`);
  expect(result.error).not.toMatch(/\n/);
  return result.error;
}

/** No furniture string may reach the record, anywhere in it. */
function expectNoFurniture(article: Article, furniture: string[]): void {
  const json = JSON.stringify(article);
  for (const f of furniture) expect(json, `furniture "${f}" leaked into the record`).not.toContain(f);
}

/** A small page around the given lines, for tests of one feature at a time. */
function mini(lines: string[], { dateline = 'The Harbour Ledger — March 14, 2026', headline = 'Harbour plan approved' } = {}): string {
  return [dateline, '', headline, '', ...lines, '', '© 2026 The Harbour Ledger. All rights reserved.'].join('\n');
}
const P1 = 'The council approved the dredging plan on Tuesday after a long debate.';
const P2 = 'Work will begin in October, the harbour master said.';

describe('data/sample-article.txt', () => {
  const text = read('data/sample-article.txt');
  const { article, warnings } = ok(parseArticleText(text, { now: NOW }));

  it('reads the dateline, headline, section and byline', () => {
    expect(article.publication).toEqual({ name: 'The Harbour Ledger', copyrightHolder: 'The Harbour Ledger' });
    expect(article.publishedAt).toBe('2024-09-18');
    expect(article.headline).toBe('Council backs plan to dredge the inner harbour before winter storms');
    expect(article.section).toBe('Waterfront');
    expect(article.byline).toEqual([
      { name: 'Maren Holt', email: 'maren.holt@harbourledger.example' },
      { name: 'Tobias Ekwueme', email: 't.ekwueme@harbourledger.example' },
    ]);
    expect(article.id).toBe('2024-09-18-council-backs-plan-to-dredge-the-inner-harbour-before-winter-storms');
    expect(article.rights).toEqual({ owner: 'publisher' });
  });

  it('keeps every paragraph intact, typography included', () => {
    expect(article.body).toHaveLength(8);
    expect(article.body[0]).toBe('The Port Alder city council voted 6–1 on Tuesday night to dredge the inner harbour this autumn, ending a two-year argument over who should pay for clearing the silt that has stranded fishing boats at low tide since the spring of 2022.');
    expect(article.body[7]).toBe('The dredging contract goes out to tender on Friday, and the commission expects to name a contractor by the end of the month.');
    expect(article.body[2]).toContain('“We have been running aground on our own doorstep,” said Ingrid Solvång');
    expect(article.body[2]).toContain('fishermen’s');
    expect(article.body[3]).toContain('funding formula — which');
    expect(article.body[3]).toContain('a subsidy… just');
  });

  it('rebuilds the copyright line with the publication year, not the footer’s', () => {
    expect(text).toContain('© 2026 The Harbour Ledger');
    expect(article.copyright).toBe('© 2024 The Harbour Ledger. All rights reserved.');
    expect(warnings).toContain('the page\'s copyright year 2026 was replaced by the publication year 2024');
  });

  it('drops all page furniture', () => {
    expectNoFurniture(article, ['Skip to content', 'Home ›', 'Comments (14)', 'Click here', 'reprint permission',
      'Show more', 'Advertisement', 'Share this article', 'Tweet', 'View comments', 'Hide comments', 'Sign up',
      'newsletter', 'Tide Table', 'Back to top', 'Contact Maren', '2026']);
  });

  it('takes the id the sample loader gives it', () => {
    expect(ok(parseArticleText(text, { id: 'harbour-dredging-plan', now: NOW })).article.id).toBe('harbour-dredging-plan');
  });
});

describe('data/sample-wire-story.txt', () => {
  const { article } = ok(parseArticleText(read('data/sample-wire-story.txt'), { id: 'wire-grain-exports', now: NOW }));

  it('is marked third-party, with the agency as source and copyright owner', () => {
    expect(article.rights).toEqual({ owner: 'third-party', source: 'Meridian Wire Service' });
    expect(article.copyright).toBe('© 2025 Meridian Wire Service. All rights reserved.');
    expect(article.publication).toEqual({ name: 'The Harbour Ledger', copyrightHolder: 'The Harbour Ledger' });
  });

  it('reads the rest like any article', () => {
    expect(article.id).toBe('wire-grain-exports');
    expect(article.publishedAt).toBe('2025-06-02');
    expect(article.headline).toBe('Grain exports through northern ports reach a six-year high');
    expect(article.byline).toEqual([{ name: 'Aurelio Brandt' }]);
    expect(article.section).toBe('Region');
    expect(article.body).toHaveLength(5);
    expect(article.body[0]).toMatch(/^KESTREL BAY \(Meridian Wire Service\) — Grain shipments/);
    expect(article.body[4]).toBe('The freight council expects the pace to slow in July, when the new harvest begins and storage space on farms becomes tight again.');
    expectNoFurniture(article, ['Distributed by', 'Click here', 'Advertisement', 'Share |', 'Comments (3)', '2026']);
  });
});

describe('data/sample-article-2.json', () => {
  const record = articleSchema.parse(JSON.parse(read('data/sample-article-2.json')));
  it('is a valid record of the same publication, in another section, with a canonical link', () => {
    expect(record.publication.name).toBe('The Harbour Ledger');
    expect(record.section).toBe('Business');
    expect(record.canonicalUrl).toMatch(/^https:\/\/harbourledger\.example\//);
    expect(record.copyright).toBe(`© ${record.publishedAt.slice(0, 4)} The Harbour Ledger. All rights reserved.`);
    expect(record.id.startsWith(record.publishedAt)).toBe(true);
    expect(articleIdSchema.safeParse(record.id).success).toBe(true);
  });
});

describe('fixture: valley-courier-crlf.txt (CRLF, hard-wrapped, two authors, ads mid-paragraph)', () => {
  const text = page('valley-courier-crlf.txt');
  const { article } = ok(parseArticleText(text, { now: NOW }));

  it('really has CRLF line endings, and parses the same as with LF', () => {
    expect(text).toContain('\r\n');
    expect(ok(parseArticleText(text.replace(/\r\n/g, '\n'), { now: NOW })).article).toEqual(article);
  });

  it('reads the "Published by …, weekday, abbreviated month" dateline', () => {
    expect(article.publication).toEqual({ name: 'The Valley Courier', copyrightHolder: 'Valley Courier Media LLC' });
    expect(article.publishedAt).toBe('2026-01-06');
    expect(article.section).toBe('Local');
    expect(article.headline).toBe('School board delays vote on four-day week');
  });

  it('gives each of several authors the address next to their name', () => {
    expect(article.byline).toEqual([
      { name: 'Priya Natarajan', email: 'pnatarajan@valleycourier.example' },
      { name: 'Tomás Echeverría', email: 'techeverria@valleycourier.example' },
    ]);
  });

  it('joins wrapped lines, and the halves of a paragraph split by an ad', () => {
    expect(article.body).toHaveLength(4);
    expect(article.body[0]).toBe('The Millbrook school board put off a decision on a four-day school week on Monday night after more than 200 parents crowded into the district office, many of them asking for a survey of families before anything changes.');
    expect(article.body[3]).toBe('Others, including several teachers, said the district had lost eleven staff to neighbouring districts that already run four-day weeks, and that the change could help it hire. Board chair Wendell Ashgrove said the board would ask for the survey to be sent out before the end of January and would take up the question again at its meeting on Feb. 23.');
    expect(article.body[2]).toContain('“By half past three she is done — there is no ‘extra hour’ left in her.”');
    expect(article.copyright).toBe('© 2026 Valley Courier Media LLC. All rights reserved.');
    expect(JSON.stringify(article)).not.toContain('\r');
    expectNoFurniture(article, ['Reprints', 'Email this story', 'ADVERTISEMENT', 'Advertisement', 'Read more', 'Bus routes',
      'View comments', 'Section:', 'Contact Priya']);
  });
});

describe('fixture: harbour-ledger-caps.txt (capitals, pipe dateline, contact line at the top)', () => {
  const { article } = ok(parseArticleText(page('harbour-ledger-caps.txt'), { now: NOW }));

  it('takes the name’s casing from the copyright line and the date from "14 March 2026"', () => {
    expect(article.publication).toEqual({ name: 'Harbour Ledger', copyrightHolder: 'The Harbour Ledger' });
    expect(article.publishedAt).toBe('2026-03-14');
    expect(article.section).toBe('Local');
    expect(article.copyright).toBe('© 2026 The Harbour Ledger. All rights reserved.');
  });

  it('reads a byline in capitals with a title, and the contact line above the text', () => {
    expect(article.byline).toEqual([{ name: 'Mariam Okafor', email: 'm.okafor@harbourledger.example' }]);
  });

  it('drops one-word controls between paragraphs and the "Most read" list', () => {
    expect(article.body).toHaveLength(4);
    expect(article.body[0]).toMatch(/^Saltmarsh Point islanders will have two ferry sailings/);
    expect(article.body[3]).toBe('The company said it hoped to restore the full timetable by the end of April and was offering a signing bonus to qualified deckhands.');
    expect(article.body[2]).toContain('Sigrún Halvorsen-Price');
    expectNoFurniture(article, ['"Share"', '"Print"', '"Hide"', 'Most read', 'Lifeboat', 'Mayor opens', 'dredging plan',
      'Reprints', '@mokafor', 'Staff Writer', 'Home >']);
  });
});

describe('fixture: iso-no-headline.txt (ISO date, no headline line, footer year ≠ publication year)', () => {
  const text = page('iso-no-headline.txt');

  it('asks for --headline when the page has no headline line', () => {
    expect(err(parseArticleText(text, { now: NOW }))).toMatch(/no headline found.*--headline/);
  });

  it('uses the given headline', () => {
    const { article, warnings } = ok(parseArticleText(text, { headline: 'Millbrook voters back library bond', now: NOW }));
    expect(article.headline).toBe('Millbrook voters back library bond');
    expect(article.id).toBe('2024-11-05-millbrook-voters-back-library-bond');
    expect(article.publication).toEqual({ name: 'Valley Courier', copyrightHolder: 'Valley Courier' });
    expect(article.publishedAt).toBe('2024-11-05');
    expect(article.byline).toEqual([{ name: 'Dana Whitcombe', email: 'dana.w@valleycourier.example' }]);
    expect(article.body).toHaveLength(3);
    expect(article.body[0]).toMatch(/^Voters in Millbrook Township approved a \$12 million bond/);
    expect(article.body[2]).toBe('The bond will add about $38 a year to the tax bill of a typical home. Opponents had argued that the township should first repair the roof of the existing library on Main Street, which has leaked since 2021.');
    expect(article.copyright).toBe('© 2024 Valley Courier. All rights reserved.');
    expect(warnings.some((w) => w.includes('2026') && w.includes('2024'))).toBe(true);
    expectNoFurniture(article, ['Reach the reporter', '555-010', 'Show comments', 'may not be republished', '2026']);
  });
});

describe('fixture: northgate-wire.txt (wire story from a byline affiliation and a credit line)', () => {
  const { article } = ok(parseArticleText(page('northgate-wire.txt'), { now: NOW }));

  it('marks it third-party and credits the agency', () => {
    expect(article.rights).toEqual({ owner: 'third-party', source: 'Northgate Press Agency' });
    expect(article.copyright).toBe('© 2025 Northgate Press Agency. All rights reserved.');
    expect(article.publication).toEqual({ name: 'The Valley Courier', copyrightHolder: 'Valley Courier Media LLC' });
    expect(article.byline).toEqual([{ name: 'Lena Ostrowski' }]);
  });

  it('reads "Sept. 3rd, 2025 · 6:40 p.m." and keeps a wire name inside a sentence', () => {
    expect(article.publishedAt).toBe('2025-09-03');
    expect(article.section).toBeUndefined();
    expect(article.body).toHaveLength(3);
    expect(article.body[0]).toMatch(/^The freight line through the Corran Gorge/);
    expect(article.body[1]).toContain('Reuters reported last month');
    expect(article.body[2]).toMatch(/resurfacing would start once the trains are running again\.$/);
    expectNoFurniture(article, ['— Northgate', 'Share this article', 'Facebook', 'View comments', '6:40']);
  });
});

describe('fixture: furniture-heavy.txt (cookie notice, breadcrumbs, lists, ads inside a wrapped paragraph)', () => {
  const { article, warnings } = ok(parseArticleText(page('furniture-heavy.txt'), { now: NOW }));

  it('reads the header through the furniture', () => {
    expect(article.publication).toEqual({ name: 'The Harbour Ledger', copyrightHolder: 'The Harbour Ledger' });
    // "Mar. 14, 2026, 6:05 a.m. EDT": a time with a certain zone makes the publication an instant.
    expect(article.publishedAt).toBe('2026-03-14T06:05:00-04:00');
    expect(article.id.startsWith('2026-03-14-')).toBe(true);
    expect(article.section).toBe('Markets'); // the "Section:" line wins over the breadcrumb
    expect(article.headline).toBe('Will the fish market survive the move to Pier 9?');
    expect(article.byline).toEqual([
      { name: 'Ruth Achterberg', email: 'ruth.achterberg@harbourledger.example' },
      { name: 'Kwame Asante-Boateng' },
    ]);
    expect(article.copyright).toBe('© 2026 The Harbour Ledger. All rights reserved.');
    expect(warnings.some((w) => w.startsWith('dropped '))).toBe(true);
  });

  it('keeps paragraphs that only mention furniture words, and mends the wrapped one', () => {
    expect(article.body).toHaveLength(5);
    expect(article.body[0]).toMatch(/^By the time the auction bell rang at 5 a\.m\. on Friday/);
    expect(article.body[1]).toBe('The new hall will have 42 stalls, down from 57, and a cold store shared by all traders. Stallholders who stay will pay a larger share of the running costs, the port said, in return for rent held flat for five years.');
    expect(article.body[2]).toContain('print their own price lists rather than share');
    expect(article.body[2]).toContain('subscribe to the co-operative’s');
    expect(article.body[3]).toMatch(/^Copyright over the market’s painted sign/);
    expect(article.body[4]).toBe('“People think a market is a building,” said Esperanza Villalobos, whose family has sold shellfish here for three generations. “It isn’t. It’s the people who get up at four in the morning… and they’ll go wherever the boats go.”');
  });

  it('lets no furniture through', () => {
    expectNoFurniture(article, ['Skip to', 'cookies', 'Accept all', 'Home ›', 'Updated', 'EDT', 'Listen to', 'Share on',
      'Photo:', 'Advertisement', 'Related:', 'Pier 9 lease', 'can be reached', '@kwame', 'Most read', 'dredging plan',
      'Ferry timetable', 'Comments (27)', 'Show comments', 'Back to top', 'Privacy policy', 'Terms of use']);
  });
});

describe('unreadable input', () => {
  it.each([
    ['empty', ''],
    ['blank', ' \n\n\t \r\n'],
  ])('%s input is refused', (_, text) => {
    expect(err(parseArticleText(text))).toBe('the input is empty');
  });

  it('refuses binary data', () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0xff, 0xfe]);
    expect(err(parseArticleText(bytes.toString('utf8')))).toMatch(/binary/);
    const noNul = Buffer.from(Array.from({ length: 400 }, (_, i) => 0x80 + (i * 37) % 0x7f));
    expect(err(parseArticleText(noNul.toString('utf8')))).toMatch(/binary|not UTF-8/);
  });

  it('says when the date is missing', () => {
    expect(err(parseArticleText(['The Harbour Ledger', '', 'Harbour plan approved', '', P1, P2].join('\n'))))
      .toMatch(/^no publication date found/);
  });

  it('says when there are no paragraphs', () => {
    expect(err(parseArticleText(['The Harbour Ledger — March 14, 2026', 'Harbour plan approved', 'By Jane Doe', '',
      'Click here for reprint permission', 'Comments (3)', '© 2026 The Harbour Ledger'].join('\n'))))
      .toMatch(/^no article paragraphs found/);
  });

  it('says when the input is HTML or JSON', () => {
    expect(err(parseArticleText('<!DOCTYPE html><html><body><p>Hi</p></body></html>'))).toMatch(/HTML/);
    expect(err(parseArticleText('{ "id": "x" }'))).toMatch(/--format json/);
  });

  it('names the field the schema rejects', () => {
    expect(err(parseArticleText(mini([P1]), { id: 'not a valid id!' }))).toMatch(/field "id"/);
    expect(err(parseArticleText(mini([P1]), { headline: 'x'.repeat(600) }))).toMatch(/field "headline"/);
  });

  it('never returns a multi-line error', () => {
    for (const text of ['', '\u0000', 'March 14', 'The Harbour Ledger — March 14, 2026\n\nHeadline only']) {
      const r = parseArticleText(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).not.toMatch(/[\r\n]/);
    }
  });
});

describe('the time in a dateline', () => {
  const at = (dateline: string) => ok(parseArticleText([dateline, '', 'Harbour plan approved', '', P1].join('\n'), { now: NOW }));

  it.each([
    ['The Harbour Ledger — March 14, 2026, 6:05 p.m. PDT', '2026-03-14T18:05:00-07:00'],
    ['The Harbour Ledger — March 14, 2026, 12:30 a.m. EST', '2026-03-14T00:30:00-05:00'],
    ['The Harbour Ledger — March 14, 2026, 12 p.m. GMT', '2026-03-14T12:00:00+00:00'],
    ['The Harbour Ledger | 2026-03-14 18:05 UTC', '2026-03-14T18:05:00+00:00'],
    ['The Harbour Ledger — 14 March 2026, 18:05 CET', '2026-03-14T18:05:00+01:00'],
  ])('%s → %s', (dateline, instant) => {
    const { article, warnings } = at(dateline);
    expect(article.publishedAt).toBe(instant);
    expect(warnings.filter((w) => w.includes('time'))).toEqual([]);
  });

  it('a time without a zone, or with an ambiguous one, keeps the date and says how to give the instant', () => {
    for (const [dateline, said] of [
      ['The Valley Courier · Sept. 3rd, 2025 · 6:40 p.m.', 'no time zone'],
      ['The Harbour Ledger — March 14, 2026, 6:05 p.m. CST', 'a time zone (CST) whose offset is not certain'],
      ['The Harbour Ledger — March 14, 2026, 6:05 p.m. ET', 'a time zone (ET) whose offset is not certain'],
    ] as const) {
      const { article, warnings } = at(dateline);
      expect(article.publishedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const w = warnings.find((x) => x.startsWith('the dateline\'s time'));
      expect(w, dateline).toContain(said);
      expect(w).toContain(`give --published-at ${article.publishedAt}T18:`);
    }
  });
});

describe('datelines', () => {
  it.each([
    ['The Harbour Ledger — March 14, 2026', 'The Harbour Ledger', '2026-03-14'],
    ['HARBOUR LEDGER | 14 March 2026', 'Harbour Ledger', '2026-03-14'],
    ['Published by The Valley Courier, Tuesday, Jan. 6, 2026', 'The Valley Courier', '2026-01-06'],
    ['Valley Courier, 2026-01-06', 'Valley Courier', '2026-01-06'],
    ['The Valley Courier - Sept. 3, 2025 at 9:15 AM EDT', 'The Valley Courier', '2025-09-03T09:15:00-04:00'],
    ['THE VALLEY COURIER · 3rd September 2025', 'The Valley Courier', '2025-09-03'],
    ['Posted in The Harbour Ledger on Dec 1 2025', 'The Harbour Ledger', '2025-12-01'],
    ['The Harbour Ledger | Published March 14, 2026 | Updated March 15, 2026', 'The Harbour Ledger', '2026-03-14'],
  ])('%s', (dateline, name, date) => {
    const text = [dateline, '', 'Harbour plan approved', '', P1].join('\n');
    const { article } = ok(parseArticleText(text, { now: NOW }));
    expect(article.publication.name).toBe(name);
    expect(article.publishedAt).toBe(date);
  });

  it('takes the name from the copyright line when the dateline is only a date', () => {
    const { article, warnings } = ok(parseArticleText(mini([P1], { dateline: 'March 14, 2026' })));
    expect(article.publication.name).toBe('The Harbour Ledger');
    expect(warnings.join(' ')).toMatch(/names no publication/);
  });

  it('reads a masthead line above a bare date, but not a headline there', () => {
    const masthead = ok(parseArticleText(['The Harbour Ledger', 'March 14, 2026', '', 'Harbour plan approved', 'By Jane Doe', '', P1, '',
      '© 2026 The Harbour Ledger'].join('\n'))).article;
    expect(masthead).toMatchObject({ headline: 'Harbour plan approved', byline: [{ name: 'Jane Doe' }], body: [P1] });
    expect(masthead.publication.name).toBe('The Harbour Ledger');
    const headline = ok(parseArticleText(['Harbour plan approved', 'March 14, 2026', 'By Jane Doe', '', P1, '',
      '© 2026 The Harbour Ledger'].join('\n'))).article;
    expect(headline).toMatchObject({ headline: 'Harbour plan approved', byline: [{ name: 'Jane Doe' }], body: [P1] });
    expect(headline.publication.name).toBe('The Harbour Ledger');
  });

  it('rejects an impossible date and warns about a wrong weekday or a future date', () => {
    expect(err(parseArticleText(mini([P1], { dateline: 'The Harbour Ledger — February 30, 2026' })))).toMatch(/no publication date/);
    const { warnings } = ok(parseArticleText(mini([P1], { dateline: 'The Harbour Ledger, Monday, March 14, 2026' }), { now: NOW }));
    expect(warnings.join(' ')).toMatch(/weekday/);
    const future = ok(parseArticleText(mini([P1], { dateline: 'The Harbour Ledger — March 14, 2027' }), { now: NOW }));
    expect(future.warnings.join(' ')).toMatch(/in the future/);
  });

  it('does not take a sentence with a date for the dateline', () => {
    const text = ['The Harbour Ledger — March 14, 2026', '', 'Harbour plan approved', '',
      'The council voted on March 10, 2026.', '', P2].join('\n');
    const { article } = ok(parseArticleText(text));
    expect(article.body).toEqual(['The council voted on March 10, 2026.', P2]);
  });
});

describe('bylines and contact lines', () => {
  const names = (byline: string, ...rest: string[]): Article['byline'] =>
    ok(parseArticleText(mini([byline, '', P1, '', ...rest]))).article.byline;

  it.each([
    ['By Jane Doe', [{ name: 'Jane Doe' }]],
    ['By Jane Doe, Staff Writer', [{ name: 'Jane Doe' }]],
    ['By Jane Doe and Omar Ruiz', [{ name: 'Jane Doe' }, { name: 'Omar Ruiz' }]],
    ['By Jane Doe, Omar Ruiz & Li Wei', [{ name: 'Jane Doe' }, { name: 'Omar Ruiz' }, { name: 'Li Wei' }]],
    ['By Jane Doe for The Harbour Ledger', [{ name: 'Jane Doe' }]],
    ['By Jane Doe, The Harbour Ledger', [{ name: 'Jane Doe' }]],
    ['By Siobhán O’Leary-Nakamura and Luis de la Fuente', [{ name: 'Siobhán O’Leary-Nakamura' }, { name: 'Luis de la Fuente' }]],
    ['By Jane Doe (jane.doe@example.org)', [{ name: 'Jane Doe', email: 'jane.doe@example.org' }]],
  ])('%s', (line, expected) => {
    expect(names(line)).toEqual(expected);
  });

  it('matches a contact line to the right author', () => {
    expect(names('By Jane Doe and Omar Ruiz', 'Contact Omar Ruiz at oruiz@example.org')).toEqual([
      { name: 'Jane Doe' }, { name: 'Omar Ruiz', email: 'oruiz@example.org' }]);
    expect(names('By Jane Doe and Omar Ruiz', 'Reach the reporters at jane.doe@example.org')).toEqual([
      { name: 'Jane Doe', email: 'jane.doe@example.org' }, { name: 'Omar Ruiz' }]);
    expect(names('By Jane Doe', 'jdoe@example.org | @janedoe')).toEqual([{ name: 'Jane Doe', email: 'jdoe@example.org' }]);
    expect(names('By Jane Doe', 'Email: newsroom@example.org')).toEqual([{ name: 'Jane Doe', email: 'newsroom@example.org' }]);
  });

  it('warns about an address it cannot attribute, and never invents an author', () => {
    const { article, warnings } = ok(parseArticleText(mini(['By Jane Doe and Omar Ruiz', '', P1, '', 'Reach the desk at desk@example.org'])));
    expect(article.byline).toEqual([{ name: 'Jane Doe' }, { name: 'Omar Ruiz' }]);
    expect(warnings.join(' ')).toMatch(/desk@example\.org matches no byline name/);
    expect(JSON.stringify(article)).not.toContain('desk@');
  });

  it('does not read a paragraph starting with "By" as a byline', () => {
    const para = 'By the end of the week, the harbour master said, the channel will be marked with new buoys.';
    const { article } = ok(parseArticleText(mini([para, '', P2])));
    expect(article.byline).toEqual([]);
    expect(article.body).toEqual([para, P2]);
  });
});

describe('wire copy (conservative detection)', () => {
  const rights = (lines: string[]): Article['rights'] => ok(parseArticleText(mini(lines))).article.rights;

  it.each([
    [['PORT ALDER (AP) — ' + P1], 'Associated Press'],
    [['(Reuters) - ' + P1], 'Reuters'],
    [[P1, '', '— Associated Press'], 'Associated Press'],
    [[P1, '', 'Distributed by Tribune Content Agency'], 'Tribune Content Agency'],
    [[P1, '', 'Wire service: Meridian Wire Service'], 'Meridian Wire Service'],
    [['By The Associated Press', '', P1], 'Associated Press'],
    [['By Kai Lindqvist | Meridian Wire Service', '', P1], 'Meridian Wire Service'],
  ])('%j → third-party', (lines, source) => {
    expect(rights(lines)).toEqual({ owner: 'third-party', source });
  });

  it.each([
    [['Reuters reported on Monday that the port had been sold.', '', P2]],
    [['Distributed by Harbour Food Bank volunteers, the parcels reached 300 homes.', '', P2]],
    [['PORT ALDER (Harbour Ledger) — ' + P1]],
    [['The plan (approved 6–1) — and its price — drew a crowd.', '', P2]],
    [['“We read the Associated Press like everyone else,” the mayor said.']],
  ])('%j stays the publisher’s', (lines) => {
    const { article } = ok(parseArticleText(mini(lines)));
    expect(article.rights).toEqual({ owner: 'publisher' });
    expect(article.body[0]).toBe(lines[0]);
  });
});

describe('sections', () => {
  const section = (lines: string[]): string | undefined => {
    const text = ['The Harbour Ledger — March 14, 2026', ...lines, '', 'Harbour plan approved', '', P1].join('\n');
    return ok(parseArticleText(text)).article.section;
  };
  it('takes an explicit "Section:" line, or the last breadcrumb element', () => {
    expect(section(['Section: Waterfront'])).toBe('Waterfront');
    expect(section(['Home > News > Local'])).toBe('Local');
    expect(section(['Home › News › Local › Harbour plan approved'])).toBe('Local');
    expect(section(['News » Business'])).toBe('Business');
    expect(section(['Home / Sport'])).toBe('Sport');
    expect(section(['Home › News', 'Section: Politics'])).toBe('Politics');
    expect(section([])).toBeUndefined();
  });
});

describe('copyright lines', () => {
  const withFooter = (footer: string, date = 'March 14, 2024'): { article: Article; warnings: string[] } =>
    ok(parseArticleText([`The Valley Courier — ${date}`, '', 'Harbour plan approved', '', P1, '', footer].join('\n')));

  it.each([
    ['© 2026 The Valley Courier. All rights reserved.', 'The Valley Courier', '© 2024 The Valley Courier. All rights reserved.'],
    ['Copyright (c) 2025 Valley Courier Media LLC', 'Valley Courier Media LLC', '© 2024 Valley Courier Media LLC. All rights reserved.'],
    ['Copyright © 2019–2026 Valley Courier Media Inc. All Rights Reserved.', 'Valley Courier Media Inc.', '© 2024 Valley Courier Media Inc. All rights reserved.'],
    ['© The Valley Courier 2026', 'The Valley Courier', '© 2024 The Valley Courier. All rights reserved.'],
    ['Copyright 2026, Valley Courier Media LLC. This material may not be redistributed.', 'Valley Courier Media LLC', '© 2024 Valley Courier Media LLC. All rights reserved.'],
  ])('%s', (footer, holder, line) => {
    const { article } = withFooter(footer);
    expect(article.publication.copyrightHolder).toBe(holder);
    expect(article.copyright).toBe(line);
    expect(article.body).toEqual([P1]);
  });

  it('prefers the footer notice to a photo credit, and falls back to the publication', () => {
    const text = ['The Valley Courier — March 14, 2024', '', 'Harbour plan approved', '', '© Jane Doe / Valley Courier', '', P1, '',
      '© 2026 Valley Courier Media LLC'].join('\n');
    expect(ok(parseArticleText(text)).article.publication.copyrightHolder).toBe('Valley Courier Media LLC');
    const none = ok(parseArticleText(['The Valley Courier — March 14, 2024', '', 'Harbour plan approved', '', P1].join('\n')));
    expect(none.article.copyright).toBe('© 2024 The Valley Courier. All rights reserved.');
    expect(none.warnings.join(' ')).toMatch(/no copyright line/);
  });
});

describe('page furniture', () => {
  const furniture = [
    'Click here for reprint permission', 'CLICK HERE FOR REPRINT PERMISSION »', 'Reprints', 'Reprints & Permissions',
    'Comments (12)', '12 Comments', 'View comments', 'Show comments ▾', 'Hide comments', 'Share', 'SHARE',
    'Share this article', '| Share | Tweet | Email |', 'Tweet', 'Print', 'Email this story', 'Advertisement',
    'ADVERTISEMENT', 'Story continues below advertisement', 'Read more: Harbour budget passes', 'Related: Pier 9 lease signed',
    'Sign up for our newsletter', 'Subscribe', 'Subscribe now →', 'Show more', 'Hide', 'Back to top ↑', 'Most read',
    'Skip to content', 'We use cookies to give you the best experience on our website.', 'Accept all cookies',
    'Photo: Jane Doe/The Harbour Ledger', '• Share on Facebook', 'Copy link', '5 min read', 'Got a tip? Email tips@harbourledger.example',
    'Tags: harbour, dredging, council', 'Facebook · X · LinkedIn', '* * *',
  ];

  it('drops every kind of control, between paragraphs and around them', () => {
    const lines = [P1, ...furniture.flatMap((f) => ['', f]), '', P2];
    const { article } = ok(parseArticleText(mini(lines)));
    expect(article.body).toEqual([P1, P2]);
    expectNoFurniture(article, furniture.filter((f) => f !== '* * *'));
  });

  it('drops controls interleaved without blank lines, mending split sentences', () => {
    const text = mini(['The council approved the dredging plan', 'Advertisement', 'on Tuesday after a long debate.', 'Share | Tweet', P2]);
    expect(ok(parseArticleText(text)).article.body).toEqual([P1, P2]);
  });

  it.each([
    'Share prices at the fish market rose for a third week, traders said.',
    'Readers can print the new timetable from the port’s website.',
    'Advertisement boards along Quay Street will be removed in May.',
    'Click here, the old sign on the ticket booth said, for the ferry.',
    'Comments from residents will be taken until Friday.',
    'Related: the council’s other decisions on Tuesday included a new bus stop, a parking review and the renaming of Gull Lane.',
  ])('keeps a sentence that merely contains such words: %s', (sentence) => {
    const { article } = ok(parseArticleText(mini([sentence, '', P2])));
    expect(article.body[0]).toBe(sentence);
  });
});

describe('headline', () => {
  it('replaces the page headline with the given one, and says so', () => {
    const { article, warnings } = ok(parseArticleText(mini([P1]), { headline: 'Dredging approved' }));
    expect(article.headline).toBe('Dredging approved');
    expect(article.body).toEqual([P1]);
    expect(warnings.join(' ')).toMatch(/replaced by the given headline/);
  });

  it('accepts a headline that comes before the dateline or after the byline', () => {
    const before = ['Harbour plan approved', 'The Harbour Ledger — March 14, 2026', 'By Jane Doe', '', P1].join('\n');
    expect(ok(parseArticleText(before)).article).toMatchObject({ headline: 'Harbour plan approved', byline: [{ name: 'Jane Doe' }], body: [P1] });
    const after = ['The Harbour Ledger — March 14, 2026', 'By Jane Doe', '', 'Harbour plan approved', '', P1].join('\n');
    expect(ok(parseArticleText(after)).article).toMatchObject({ headline: 'Harbour plan approved', byline: [{ name: 'Jane Doe' }], body: [P1] });
  });
});

describe('slugify', () => {
  it('makes a dated, lower-case ASCII id', () => {
    expect(slugify('Harbour dredging plan approved', '2026-03-14')).toBe('2026-03-14-harbour-dredging-plan-approved');
    expect(slugify('Council’s “final” say: Quay St. & Pier 9', '2026-03-14')).toBe('2026-03-14-councils-final-say-quay-st-and-pier-9');
    expect(slugify('Ærø ferry: Solvång’s crew strikes', '2026-03-14')).toBe('2026-03-14-aero-ferry-solvangs-crew-strikes');
    expect(slugify('—', '2026-03-14')).toBe('2026-03-14-article');
  });

  it('stays within 80 characters, cut at a word, and valid as an id', () => {
    const long = slugify('A very long headline about the harbour commission and its plans for dredging the inner channel before winter', '2026-03-14');
    expect(long.length).toBeLessThanOrEqual(80);
    expect(long).toMatch(/^2026-03-14-a-very-long-headline-about-the-harbour-commission-and-its-plans-[a-z]+$/);
    expect(long.endsWith('-')).toBe(false);
    for (const h of ['x'.repeat(200), '日本語の見出し', 'Ünïcödé — “quotes” … and more']) {
      expect(articleIdSchema.safeParse(slugify(h, '2026-03-14')).success).toBe(true);
    }
  });
});
