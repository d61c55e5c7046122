/**
 * The plain-text importer over twelve pages of different shapes, written for this project (never
 * copied from a real site). Every field of each record is asserted, plus the furniture that must
 * not reach it. Two pages are the failures seen on real newsrooms' pages (issue 14): an author
 * named only in a contact line with comment controls after the copyright line, and a section
 * navigation line above the headline.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { articleSchema, type Article } from '../../functions/domain/article.js';
import { parseArticleText } from '../../functions/domain/import-text.js';

const NOW = new Date('2026-11-24T12:00:00Z');
const page = (name: string) => readFileSync(resolve(import.meta.dirname, '../fixtures/pages', name), 'utf8');

interface Expected {
  shape: string;
  id: string;
  headline: string;
  byline: Article['byline'];
  publication: Article['publication'];
  publishedAt: string;
  section?: string;
  paragraphs: number;
  first: string;
  last: string;
  copyright: string;
  rights: Article['rights'];
  correction?: string;
  furniture: string[];
}

const pages: Record<string, Expected> = {
  'news-site-nav-share.txt': {
    shape: 'news site: navigation trail above the headline, "By NAME | email", share blocks',
    id: '2026-04-09-tram-depot-plan-wins-planning-approval-despite-noise-fears',
    headline: 'Tram depot plan wins planning approval despite noise fears',
    byline: [{ name: 'Oskar Brennan', email: 'o.brennan@eastmeregazette.example' }],
    publication: { name: 'The Eastmere Gazette', copyrightHolder: 'Eastmere Gazette Ltd.' },
    publishedAt: '2026-04-09',
    section: 'Transport',
    paragraphs: 4,
    first: "Eastmere's planning committee approved a new tram depot on the old gasworks site on Wednesday, clearing the way for the city to double the number of trams on the Riverside line by 2029.",
    last: 'Construction is expected to start in the autumn and take about two years.',
    copyright: '© 2026 Eastmere Gazette Ltd. All rights reserved.',
    rights: { owner: 'publisher' },
    furniture: ['News | Local', 'Skip to', 'Search', 'Menu', 'Share on', 'Copy link', 'Advertisement', 'Share this article', 'WhatsApp', 'Comments (8)', '| o.brennan'],
  },
  'contact-only-author.txt': {
    shape: 'author only in a "• NAME can be reached at EMAIL" line; comment controls after the copyright line',
    id: '2025-10-02-library-to-open-on-sundays-from-november',
    headline: 'Library to open on Sundays from November',
    byline: [{ name: 'Gideon Abernathy', email: 'gabernathy@lindenfallsrecord.example' }],
    publication: { name: 'The Linden Falls Record', copyrightHolder: 'The Linden Falls Record' },
    publishedAt: '2025-10-02',
    paragraphs: 3,
    first: 'The Linden Falls public library will open on Sundays from November 2, after the town council agreed to pay for two extra part-time staff out of its reserves.',
    last: 'The library will open from noon to 5 p.m. on Sundays for a trial of six months, after which the council will look at visitor numbers before deciding whether to keep it.',
    copyright: '© 2025 The Linden Falls Record. All rights reserved.',
    rights: { owner: 'publisher' },
    furniture: ['can be reached', 'comment policy', 'Click to Read More', 'View Comments', 'Click to Hide', '•'],
  },
  'regional-daily.txt': {
    shape: 'regional daily: masthead above a bare date, "Updated" line, breadcrumb, two authors, footer year ≠ publication year',
    id: '2025-11-18-frost-wipes-out-half-the-apple-crop-in-the-upper-valley',
    headline: 'Frost wipes out half the apple crop in the upper valley',
    byline: [
      { name: 'Marguerite Delacroix-Obi', email: 'mdelacroix@northfieldcourant.example' },
      { name: 'Samuel Ingvarsson', email: 'singvarsson@northfieldcourant.example' },
    ],
    publication: { name: 'The Northfield Courant', copyrightHolder: 'Northfield Courant Newspapers Ltd.' },
    publishedAt: '2025-11-18',
    section: 'Farming',
    paragraphs: 4,
    first: "Growers in the upper Northfield valley lost about half of this year's apple crop to two nights of hard frost in early May, the regional growers' association said on Monday, the worst losses since 1997.",
    last: 'The association has asked the regional government for emergency grants to help smaller growers pay seasonal workers they had already hired.',
    copyright: '© 2025 Northfield Courant Newspapers Ltd. All rights reserved.',
    rights: { owner: 'publisher' },
    furniture: ['Updated', '8:02', 'Home ›', 'Contact Marguerite', 'Print |', '2026'],
  },
  'magazine-feature.txt': {
    shape: 'magazine: issue name in the dateline, kicker in capitals, "Words by", photo credit, long paragraphs',
    id: '2026-03-03-the-last-lighthouse-keepers-of-corran-sound',
    headline: 'The last lighthouse keepers of Corran Sound',
    byline: [{ name: 'Ysolde Marchetti' }],
    publication: { name: 'Longshore Quarterly', copyrightHolder: 'Longshore Press' },
    publishedAt: '2026-03-03',
    paragraphs: 4,
    first: 'Nobody has lived at the Corran Sound light since 1989, when the lamp was automated and the last keeper, a quiet man named Fergus Lamont, rowed his belongings across to the mainland in two trips.',
    last: "The lighthouse board still owns the island, and it has agreed to let the families' association lease the cottages as a small museum from next year.",
    copyright: '© 2026 Longshore Press. All rights reserved.',
    rights: { owner: 'publisher' },
    furniture: ['FEATURES', 'Words by', 'Photographs:', 'Ravi Castellanos', 'Subscribe', 'four issues a year', 'Spring 2026'],
  },
  'blog-post.txt': {
    shape: 'blog: tagline above a "Posted in … on ISO date" line, tags, the author holds the copyright',
    id: '2025-08-12-what-we-learned-from-replanting-a-seagrass-meadow-by-hand',
    headline: 'What we learned from replanting a seagrass meadow by hand',
    byline: [{ name: 'Ines Haverkamp' }],
    publication: { name: 'The Tideline', copyrightHolder: 'Ines Haverkamp' },
    publishedAt: '2025-08-12',
    paragraphs: 4,
    first: 'Last summer forty volunteers spent eleven weekends planting seagrass shoots, one at a time, into the mud of Gannet Bay. This is an account of what worked, what failed, and what we would do differently.',
    last: 'Next year we will plant only where the water stays calm, and ask the harbour to move its mooring buoys away from the meadow.',
    copyright: '© 2025 Ines Haverkamp. All rights reserved.',
    rights: { owner: 'publisher' },
    furniture: ['a newsletter and blog', 'Posted in', 'Tags:', 'Leave a comment', 'Like this post'],
  },
  'wire-lowercase.txt': {
    shape: 'wire story credited only by a lower-case "(meridian wire service) —" opening the text',
    id: '2025-07-21-drought-forces-river-barges-to-sail-half-empty',
    headline: 'Drought forces river barges to sail half empty',
    byline: [{ name: 'Henrike Solberg' }],
    publication: { name: 'The Eastmere Gazette', copyrightHolder: 'Eastmere Gazette Ltd.' },
    publishedAt: '2025-07-21',
    section: 'World',
    paragraphs: 3,
    first: 'KARSTADT (meridian wire service) — Barges on the upper Vell river are sailing with less than half their usual load after weeks without rain left the water at its lowest summer level in forty years.',
    last: 'Forecasters expect rain at the end of the month, but said it would take weeks for the river to recover.',
    copyright: '© 2025 Meridian Wire Service. All rights reserved.',
    rights: { owner: 'third-party', source: 'Meridian Wire Service' },
    furniture: ['Home ›', '2026'],
  },
  'newsletter-web-view.txt': {
    shape: 'newsletter web view: browser and forwarding links, sign-off, unsubscribe footer',
    id: '2026-01-16-harbour-board-delays-vote-on-cruise-berth-fees',
    headline: 'Harbour board delays vote on cruise berth fees',
    byline: [{ name: 'Tamsin Olufemi' }],
    publication: { name: 'The Quayside Briefing', copyrightHolder: 'Quayside Media Cooperative' },
    publishedAt: '2026-01-16',
    paragraphs: 3,
    first: 'Good morning. The harbour board put off its vote on new fees for cruise ships on Thursday, after two cruise lines asked for more time to respond to the proposal.',
    last: 'Board chair Anselm Kowalczyk said the vote would now be taken at the February meeting, and that the board expected to adopt the fee in some form.',
    copyright: '© 2026 Quayside Media Cooperative. All rights reserved.',
    rights: { owner: 'publisher' },
    furniture: ['View this email', 'Forward to a friend', "That's all", 'You are receiving', 'Unsubscribe', 'preferences'],
  },
  'crlf-related-list.txt': {
    shape: 'CRLF line endings, a "Related articles" list inside the text, a hard-wrapped paragraph',
    id: '2026-02-27-snow-days-push-exams-into-the-summer-break',
    headline: 'Snow days push exams into the summer break',
    byline: [{ name: 'Rosalind Achebe-Lund', email: 'rachebe@valleycourier.example' }],
    publication: { name: 'The Valley Courier', copyrightHolder: 'Valley Courier Media LLC' },
    publishedAt: '2026-02-27',
    section: 'Schools',
    paragraphs: 3,
    first: 'High school exams in the Millbrook district will run into the first week of the summer break after storms closed schools for nine days in January and February.',
    last: 'Parents of students with summer jobs said they would ask the board for exceptions, and the district said it would look at each request.',
    copyright: '© 2026 Valley Courier Media LLC. All rights reserved.',
    rights: { owner: 'publisher' },
    furniture: ['Related articles', 'Storm closes', 'Bus company', 'How other districts', 'Email Rosalind', '\r'],
  },
  'all-caps-page.txt': {
    shape: 'everything above and below the text in capitals: dateline, headline, byline, contact and copyright',
    id: '2026-05-05-city-hall-clock-stops-after-112-years',
    headline: 'CITY HALL CLOCK STOPS AFTER 112 YEARS',
    byline: [{ name: 'Cornelius Baptiste-Wren', email: 'cbw@saltflatssentinel.example' }],
    publication: { name: 'The Salt Flats Sentinel', copyrightHolder: 'The Salt Flats Sentinel' },
    publishedAt: '2026-05-05',
    paragraphs: 3,
    first: 'The clock in the tower of Salt Flats city hall stopped at 4.17 on Sunday afternoon, and the city says it may take months to find someone who can mend it.',
    last: 'The city has written to clockmakers in three states asking for quotes.',
    copyright: '© 2026 The Salt Flats Sentinel. All rights reserved.',
    rights: { owner: 'publisher' },
    furniture: ['CONTACT', 'BY CORNELIUS', 'SALTFLATSSENTINEL'],
  },
  'iso-updated.txt': {
    shape: 'ISO dates, a "Last updated" time, a correction note, author in a contact line as well as the byline',
    id: '2026-02-02-port-authority-names-first-woman-harbour-master-in-its-history',
    headline: 'Port authority names first woman harbour master in its history',
    byline: [{ name: 'Johanna Reyes-Albright', email: 'jreyes@harbourledger.example' }],
    publication: { name: 'Harbour Ledger', copyrightHolder: 'The Harbour Ledger' },
    publishedAt: '2026-02-02',
    paragraphs: 3,
    first: 'The Port Alder port authority has appointed Captain Leonie Fairweather as harbour master, the first woman to hold the post since the authority was founded in 1888.',
    last: '"The harbour does not care who is in charge, as long as they know where the sandbanks are," Fairweather said.',
    copyright: '© 2026 The Harbour Ledger. All rights reserved.',
    rights: { owner: 'publisher' },
    correction: "Correction: An earlier version of this article gave the wrong year for the authority's founding.",
    furniture: ['Last updated', '10:15', 'can be reached'],
  },
  'three-authors.txt': {
    shape: 'three authors, contact addresses for two of them, an audio control',
    id: '2025-12-01-council-budget-what-the-cuts-mean-for-your-street',
    headline: 'Council budget: what the cuts mean for your street',
    byline: [
      { name: 'Oskar Brennan', email: 'o.brennan@eastmeregazette.example' },
      { name: 'Femi Adeyemi-Stroud' },
      { name: 'Lucía Barragán', email: 'l.barragan@eastmeregazette.example' },
    ],
    publication: { name: 'The Eastmere Gazette', copyrightHolder: 'Eastmere Gazette Ltd.' },
    publishedAt: '2025-12-01',
    paragraphs: 3,
    first: 'Eastmere council will cut its road repair budget by a quarter next year, leaving about 140 streets on a waiting list for resurfacing that the council had promised to finish by 2027.',
    last: 'Libraries and swimming pools are spared, but the council will raise parking charges in the city centre by 20 pence an hour from April.',
    copyright: '© 2025 Eastmere Gazette Ltd. All rights reserved.',
    rights: { owner: 'publisher' },
    furniture: ['Listen to', 'Contact Oskar'],
  },
  'related-after-body.txt': {
    shape: 'a "You might also like" list and a "Read next:" link after the text',
    id: '2025-08-30-rowing-clubs-new-boathouse-opens-after-flood-rebuild',
    headline: "Rowing club's new boathouse opens after flood rebuild",
    byline: [{ name: 'Niamh Castellano-Park' }],
    publication: { name: 'The Harbour Ledger', copyrightHolder: 'The Harbour Ledger' },
    publishedAt: '2025-08-30',
    section: 'Sport',
    paragraphs: 3,
    first: 'The Port Alder rowing club opened its rebuilt boathouse on Saturday, two years after a winter flood tore the old wooden building off its foundations.',
    last: 'Club captain Bartholomew Ng said junior membership had doubled since the club started training from a borrowed pontoon at the marina.',
    copyright: '© 2025 The Harbour Ledger. All rights reserved.',
    rights: { owner: 'publisher' },
    furniture: ['You might also like', 'Sailing school', 'Ferry timetable', 'Harbour dredging', 'Read next', 'Regatta', 'Comments (2)'],
  },
};

describe.each(Object.entries(pages))('%s', (file, expected) => {
  const result = parseArticleText(page(file), { now: NOW });
  if (!result.ok) throw new Error(`${file}: ${result.error}`);
  const { article } = result;

  it(`reads every field (${expected.shape})`, () => {
    expect(articleSchema.parse(article)).toEqual(article);
    expect({
      id: article.id, headline: article.headline, byline: article.byline, publication: article.publication,
      publishedAt: article.publishedAt, section: article.section, copyright: article.copyright, rights: article.rights,
      correction: article.correction,
    }).toEqual({
      id: expected.id, headline: expected.headline, byline: expected.byline, publication: expected.publication,
      publishedAt: expected.publishedAt, section: expected.section, copyright: expected.copyright, rights: expected.rights,
      correction: expected.correction,
    });
    expect(Object.keys(article).sort()).toEqual(
      ['id', 'headline', 'byline', 'publication', 'publishedAt', 'body', 'copyright', 'rights',
        ...(expected.section ? ['section'] : []), ...(expected.correction ? ['correction'] : [])].sort());
  });

  it('keeps exactly the article text', () => {
    expect(article.body).toHaveLength(expected.paragraphs);
    expect(article.body[0]).toBe(expected.first);
    expect(article.body[article.body.length - 1]).toBe(expected.last);
    for (const p of article.body) expect(p).not.toMatch(/\s{2,}|^\s|\s$/);
  });

  it('lets no furniture through', () => {
    const json = JSON.stringify(article);
    for (const f of expected.furniture) expect(json, `"${f}" leaked into the record`).not.toContain(f);
  });
});

describe('the two failures seen on real pages', () => {
  it('a navigation trail is never the headline, and the real headline and byline are not body text', () => {
    const r = parseArticleText(page('news-site-nav-share.txt'), { now: NOW });
    if (!r.ok) throw new Error(r.error);
    expect(r.article.headline).not.toContain('|');
    expect(r.article.body.some((p) => p.startsWith('By ') || p === r.article.headline)).toBe(false);
  });

  it('comment controls after the copyright line are footer even when no phrase list knows them', () => {
    const text = page('contact-only-author.txt').replace('Click to Hide', 'Tap here to collapse the discussion');
    const r = parseArticleText(text, { now: NOW });
    if (!r.ok) throw new Error(r.error);
    expect(JSON.stringify(r.article)).not.toContain('collapse the discussion');
    expect(r.article.body).toHaveLength(3);
  });
});
