/**
 * Fixtures for the rendering tests: realistic requests in every status, built with the real policy
 * so quotes, reasons and attribution look like production — and, on demand, with a hostile string
 * in every free-text field a person outside the desk can influence.
 */
import { houseRateCard } from '../../functions/domain/default-terms.js';
import { articleSchema, type Article } from '../../functions/domain/article.js';
import { evaluate } from '../../functions/domain/policy.js';
import type { ReprintRequest } from '../../functions/domain/request-body.js';
import type { RateCard } from '../../functions/domain/terms.js';
import type { RequestStatus } from '../../functions/domain/request-state.js';
import type { LicenseRecord, RequestRecord as RequestItem } from '../../functions/domain/request-record.js';

export const NOW = new Date('2026-06-01T12:00:00Z');
export const BASE_URL = 'https://desk.example';

/** Each payload aims at a different context: element content, attribute values, URLs, mail lines. */
export const XSS_PAYLOADS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  'javascript:alert(1)',
  '</textarea><script>alert(2)</script>',
  '</title><script>alert(3)</script>',
  'Eve\r\nBcc: victim@example.com',
  '\nReview link: https://evil.example/steal',
  '{{constructor.constructor("alert(4)")()}}',
  '\u202Egnp.exe',
] as const;

export const EVIL = XSS_PAYLOADS.join(' ');

export interface FixtureOptions { evil?: boolean }

export function fixtureArticle(opts: FixtureOptions = {}): Article {
  const x = (s: string) => (opts.evil ? `${s} ${EVIL}` : s);
  // Hostile data is longer than the schema allows; it is built without it, since the renderer must
  // be safe for whatever is stored, not only for what today's importer accepts.
  const record = {
    id: 'harbour-dredging-plan',
    headline: x('Harbour dredging plan approved after two-year fight over the estuary'),
    byline: [{ name: x('Ana Ruiz') }, { name: 'Tom Berg' }],
    publication: { name: x('The Harbour Ledger'), copyrightHolder: x('Ledger Media Ltd') },
    publishedAt: '2026-03-04',
    section: x('Local'),
    canonicalUrl: 'https://harbourledger.example/2026/03/04/dredging',
    body: [
      x('The port authority approved on Tuesday a plan to deepen the harbour channel, ending a two-year dispute with fishermen and conservation groups over the estuary’s mud flats.'),
      x('Work is to start in the autumn and last eighteen months.'),
      ...Array.from({ length: 8 }, (_, i) => `Paragraph ${i + 3} of the article, with enough words to allow an excerpt of a few hundred words in the tests that need one.`),
    ],
    images: [
      { href: 'https://harbourledger.example/img/dredger.jpg', caption: x('The dredger at work in the outer channel.'), credit: x('Jane Doe/The Harbour Ledger') },
      // An agency's picture: never served in a copy, whatever the license says.
      { href: 'https://wire.example/photo/1.jpg', caption: 'The estuary from the air.', credit: 'Meridian Wire Service', rightsOwner: 'third-party' },
    ],
    copyright: '© 2026 Ledger Media Ltd',
    rights: { owner: 'publisher', ...(opts.evil ? { source: x('Wire') } : {}) },
    ...(opts.evil ? { correction: x('An earlier version misstated the depth.') } : {}),
  };
  const article: Article = opts.evil ? (record as Article) : articleSchema.parse(record);
  // The schema only allows http(s) canonical URLs; a hostile one is forced in to test the renderer's own guard.
  return opts.evil ? { ...article, canonicalUrl: 'javascript:alert(5)' } : article;
}

export function fixtureRequest(opts: FixtureOptions & { use?: Partial<ReprintRequest['use']>; organizationType?: ReprintRequest['requester']['organizationType'] } = {}): ReprintRequest {
  const x = (s: string) => (opts.evil ? `${s} ${EVIL}` : s);
  return {
    articleId: 'harbour-dredging-plan',
    requester: {
      name: x('Maya Okafor'),
      email: opts.evil ? '"<script>alert(6)</script>"@example.com' : 'maya@coastwatch.example',
      organization: x('Coastwatch Weekly'),
      organizationType: opts.organizationType ?? 'nonprofit',
      country: 'GB',
    },
    use: {
      type: 'web-republication', audience: 25_000, territories: ['GB', 'IE'], startDate: '2026-07-01',
      durationDays: 365, language: 'en', extent: 'full', includePhotos: false, ...opts.use,
    },
    licenseeDomains: opts.evil ? [x('news.coastwatch.example')] : ['news.coastwatch.example', 'xn--kste-0ra.example'],
    ...(opts.evil ? { notes: x('We would like to run it in our\nestuary special.\r\nThanks!') } : { notes: 'We would like to run it in our estuary special on July 1.' }),
  };
}

export function fixtureLicense(item: Pick<RequestItem, 'requestId' | 'request' | 'quote' | 'attribution' | 'conditions' | 'validFrom' | 'validUntil'>, opts: FixtureOptions = {}): LicenseRecord {
  const r = item.request;
  return {
    licenseId: `RD-${item.requestId.toUpperCase()}`,
    number: `RD-${item.requestId.toUpperCase()}`,
    status: 'active',
    issuedAt: NOW.toISOString(),
    validFrom: item.validFrom,
    validUntil: item.validUntil,
    fee: item.quote,
    attribution: item.attribution,
    conditions: item.conditions,
    licensee: { name: r.requester.name, organization: r.requester.organization, email: r.requester.email, organizationType: r.requester.organizationType, country: r.requester.country },
    scope: {
      use: r.use.type, medium: opts.evil ? `web ${EVIL}` : 'web', audience: r.use.audience, territories: r.use.territories,
      language: r.use.language, extent: r.use.extent, ...(r.use.excerptWords !== undefined ? { excerptWords: r.use.excerptWords } : {}),
      includePhotos: r.use.includePhotos,
    },
    copyTokens: {},
    ...(opts.evil ? { revokedReason: `Breach ${EVIL}` } : {}),
  } as LicenseRecord;
}

const rateCard: RateCard = houseRateCard;

/** A request item in the given status, as the use cases would have stored it. */
export function fixtureItem(status: RequestStatus, opts: FixtureOptions & { request?: ReprintRequest } = {}): RequestItem {
  const x = (s: string) => (opts.evil ? `${s} ${EVIL}` : s);
  const article = fixtureArticle(opts);
  const request = opts.request ?? fixtureRequest({
    ...opts,
    ...(status === 'rejected' ? { use: { territories: ['GB'], durationDays: 900, startDate: '2026-05-01', includePhotos: true } } : {}),
  });
  const decision = evaluate({ request, article, rateCard, now: NOW });
  const requestId = '0k3m9x2v7qz4h8ta';
  const reasons = opts.evil
    ? [...decision.reasons, { code: 'REVIEW_REQUIRED' as const, message: x('Staff review needed') }]
    : decision.reasons;
  const quote = opts.evil
    ? { ...decision.quote, lines: decision.quote.lines.map((l) => ({ ...l, label: x(l.label) })) }
    : decision.quote;
  const approver = opts.evil ? `rights+${EVIL.replace(/\s/g, '')}@harbourledger.example` : 'rights@harbourledger.example';
  const createdAt = '2026-06-01T09:30:00.000Z';
  const decidedAt = '2026-06-02T10:15:00.000Z';
  const base = {
    requestId, articleId: article.id, articleHeadline: article.headline, publicationId: 'the-harbour-ledger',
    createdAt, updatedAt: createdAt, status,
    request, reasons, quote,
    attribution: opts.evil ? x(decision.attribution) : decision.attribution,
    conditions: opts.evil ? [...decision.conditions, x('Keep the byline')] : decision.conditions,
    validFrom: decision.validFrom, validUntil: decision.validUntil,
    requesterTokens: {},
    approvers: { abc123: { email: approver, expiresAt: '2026-06-15T09:30:00.000Z' } },
    history: [{ at: createdAt, from: null, to: status === 'rejected' || status === 'licensed' ? status : 'pending', actor: 'requester' as const, sourceIp: '203.0.113.9', userAgent: 'Mozilla/5.0' }],
    outbox: {},
  };
  const item = base as unknown as RequestItem;
  const note = x('Thanks for asking; we cannot license it for print.');
  switch (status) {
    case 'licensed':
      item.license = fixtureLicense(item, opts);
      if (opts.evil) item.history.push({ at: decidedAt, from: 'pending', to: 'licensed', actor: 'staff', by: approver, note: x('Approved') });
      break;
    case 'denied':
      item.review = { decision: 'deny', by: approver, at: decidedAt, note };
      item.history.push({ at: decidedAt, from: 'pending', to: 'denied', actor: 'staff', by: approver, note });
      break;
    case 'offered': {
      const fee = 350_00;
      item.review = { decision: 'approve', by: approver, at: decidedAt, feeMinorUnits: fee, note: x('We can do it at a higher fee.') };
      item.offer = {
        quote: { amount: '350.00', currency: 'USD', minorUnits: fee, lines: [{ label: 'Fee set by the rights staff', minorUnits: fee }] },
        note: x('We can do it at a higher fee.'), by: approver, at: decidedAt, expiresAt: '2026-06-16T10:15:00.000Z',
      };
      item.history.push({ at: decidedAt, from: 'pending', to: 'offered', actor: 'staff', by: approver, note: x('We can do it at a higher fee.') });
      break;
    }
    case 'withdrawn':
      item.history.push({ at: decidedAt, from: 'pending', to: 'withdrawn', actor: 'requester' });
      break;
    case 'expired':
      item.history.push({ at: decidedAt, from: 'pending', to: 'expired', actor: 'system' });
      break;
    case 'declined':
      item.history.push({ at: decidedAt, from: 'offered', to: 'declined', actor: 'requester' });
      break;
    default:
      break;
  }
  return item;
}

export const fixtureRateCard = (): RateCard => rateCard;

/** A request that the house terms send to review (audience above the auto limit). */
export const pendingRequest = (opts: FixtureOptions = {}) => fixtureRequest({ ...opts, use: { audience: 25_000 } });
