/**
 * Photos (issue 14): a copy shows the article's photos only when its license includes photos and
 * the photo's rights allow it — a third-party photo is never served, excluded photos never — and
 * the request form offers photos only where there is one a license could include.
 */
import { describe, expect, it } from 'vitest';
import type { Article } from '../../functions/domain/article.js';
import { buildLicense } from '../../functions/domain/license.js';
import type { ReprintRequest } from '../../functions/domain/request-body.js';
import { copyJson, copyPage, copyText, licensedImages, type CopyInput } from '../../functions/views/copy.js';
import { hasLicensablePhotos, reprintFormPage } from '../../functions/views/pages/reprint-form.js';
import type { LicenseRecord } from '../../functions/domain/request-record.js';
import { fixtureArticle, fixtureRateCard } from '../support/render-fixtures.js';
import { ninjsErrors } from '../support/ninjs.js';

const OWN = { href: 'https://harbourledger.example/img/dredger.jpg', caption: 'The dredger <b>at work</b>.', credit: 'Jane Doe/The Harbour Ledger' };
const AGENCY = { href: 'https://wire.example/photo/1.jpg', caption: 'The estuary from the air.', credit: 'Meridian Wire Service', rightsOwner: 'third-party' as const };

const article = (over: Partial<Article> = {}): Article => ({
  id: 'harbour-dredging-plan', headline: 'Council backs plan', byline: [{ name: 'Maren Holt' }],
  publication: { name: 'The Harbour Ledger', copyrightHolder: 'The Harbour Ledger' }, publishedAt: '2024-09-18',
  body: ['One two three.', 'Four five six.'], copyright: '© 2024 The Harbour Ledger. All rights reserved.',
  rights: { owner: 'publisher' }, images: [OWN, AGENCY], ...over,
});

function license(includePhotos: boolean): LicenseRecord {
  const request: ReprintRequest = {
    articleId: 'harbour-dredging-plan',
    requester: { name: 'Ada Okafor', email: 'ada@riverside.example', organization: 'Riverside Weekly', organizationType: 'commercial', country: 'US' },
    use: { type: 'web-republication', audience: 5000, territories: ['US'], startDate: '2026-06-01', durationDays: 180, language: 'en', extent: 'full', includePhotos },
  };
  return buildLicense({
    licenseId: 'RD-01HZY3Q8M4N5P6R7', request, quote: { amount: '150.00', currency: 'USD', minorUnits: 15000, lines: [] } as never,
    attribution: 'Attribution line.', conditions: [], validFrom: '2026-06-01', validUntil: '2026-11-27', now: new Date('2026-06-01T00:00:00Z'), copyTokens: {},
  });
}
const input = (a: Article, includePhotos: boolean): CopyInput => ({ license: license(includePhotos), article: a, revision: 1, importedAt: '2026-06-02T10:00:00Z', baseUrl: 'https://desk.example' });
const links = { text: 'https://desk.example/t', json: 'https://desk.example/j', embed: 'https://desk.example/e' };

describe('photos in licensed copies', () => {
  it('shows the publisher’s photo, escaped, with caption and credit, and admits only its origin in the CSP', () => {
    const page = copyPage(input(article(), true), links);
    expect(page.html).toContain('<img src="https://harbourledger.example/img/dredger.jpg" alt="The dredger &lt;b&gt;at work&lt;/b&gt;."');
    expect(page.html).toContain('Jane Doe/The Harbour Ledger');
    expect(page.csp).toMatch(/img-src 'self' data: https:\/\/harbourledger\.example(;|$)/);
    const text = copyText(input(article(), true));
    expect(text).toContain('Photo: The dredger <b>at work</b>. (Jane Doe/The Harbour Ledger) https://harbourledger.example/img/dredger.jpg');
    // ninjs 2.2 associations: an array of pictures, each a ninjs object (valid against IPTC's schema).
    const json = copyJson(input(article(), true));
    expect(json.associations).toEqual([{
      name: 'photo1', uri: OWN.href, type: 'picture', renditions: [{ name: 'original', href: OWN.href }],
      descriptions: [{ role: 'caption', value: OWN.caption }], by: OWN.credit,
    }]);
    expect(ninjsErrors(json)).toEqual([]);
  });

  it('never serves a third-party photo, in any format', () => {
    const copies = [copyPage(input(article(), true), links).html, copyText(input(article(), true)), JSON.stringify(copyJson(input(article(), true)))];
    for (const c of copies) expect(c).not.toContain('wire.example');
    expect(copyPage(input(article(), true), links).csp).not.toContain('wire.example');
  });

  it('shows no photo when the license is text only or the article excludes photos', () => {
    for (const [a, photos] of [[article(), false], [article({ rights: { owner: 'publisher', photosExcluded: true } }), true]] as const) {
      const copies = [copyPage(input(a, photos), links).html, copyText(input(a, photos)), JSON.stringify(copyJson(input(a, photos)))];
      for (const c of copies) expect(c).not.toContain('dredger.jpg');
      expect(licensedImages(a, license(photos))).toEqual([]);
    }
  });
});

describe('the form’s photos option', () => {
  const rateCard = fixtureRateCard();
  const base = fixtureArticle();
  const form = (a: Article) => reprintFormPage({ article: a, rateCard, baseUrl: 'https://desk.example' }).html;

  it('is offered where there is a photo a license could include', () => {
    expect(hasLicensablePhotos(base)).toBe(true);
    expect(form(base)).toContain('name="use.includePhotos"');
  });

  it('is not offered without photos, with only third-party photos, or with photos excluded', () => {
    for (const a of [{ ...base, images: undefined }, { ...base, images: [AGENCY] }, { ...base, rights: { ...base.rights, photosExcluded: true } }]) {
      expect(hasLicensablePhotos(a)).toBe(false);
      expect(form(a)).not.toContain('name="use.includePhotos"');
    }
  });
});
