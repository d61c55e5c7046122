/**
 * The licensing policy: request, article, rate card and clock in; decision, reasons and quote out.
 * Pure and deterministic (no I/O, no hidden clock) so it can be tested exhaustively and so that
 * `POST /quotes`, `POST /requests` and the request form always agree.
 *
 * Every rule is checked and every failing rule reported, so a requester can fix everything in one
 * go instead of discovering problems one submission at a time. The status is derived from the
 * reasons alone: any rejection reason → `rejected`; else any review reason → `pending`; else
 * `licensed`. Free-text `notes` never change the decision: they are for the rights staff to read.
 * One exception to "every reason": an auto-approval limit is not reported for a field that is
 * already refused outright (DURATION_TOO_LONG makes DURATION_ABOVE_AUTO_LIMIT meaningless).
 *
 * The quote is priced whenever the rate card can price the request — the use is offered and an
 * audience tier covers it — even when the decision is `rejected` for another reason, because the
 * form shows a live price while the requester is still correcting (say) the start date. When the
 * card cannot price it (use not offered, or AUDIENCE_NOT_OFFERED) the quote is 0 with no lines;
 * an empty `lines` is how a consumer tells "not priced" from "free" (free has lines summing to 0).
 * The lines always sum exactly to `minorUnits`.
 */
import type { Article, UseType } from './article.js';
import { instantOf } from './article-text.js';
import { wordCount } from './article-text.js';
import { applyPercent, formatMinorUnits, sumMinorUnits } from './money.js';
import type { ReprintRequest } from './request-body.js';
import type { FeeTier, OrganizationType, RateCard, UseTerms } from './terms.js';
import { DEFAULT_START_AHEAD_DAYS } from './limits.js';

export type DecisionStatus = 'licensed' | 'pending' | 'rejected';

/** Reasons that make the request impossible under the terms: the decision is `rejected`. */
export const rejectionCodes = [
  'THIRD_PARTY_CONTENT',
  'ARTICLE_WITHDRAWN',
  'EMBARGOED',
  'USE_NOT_OFFERED',
  'USE_EXCLUDED',
  'START_IN_PAST',
  'START_TOO_FAR_AHEAD',
  'DURATION_TOO_LONG',
  'TERRITORY_NOT_OFFERED',
  'LANGUAGE_NOT_OFFERED',
  'AUDIENCE_NOT_OFFERED',
  'EXCERPT_REQUIRED',
  'EXCERPT_TOO_LONG',
  'EXCERPT_LONGER_THAN_ARTICLE',
  'PHOTOS_NOT_LICENSED',
] as const;

/** Reasons that need a person at the publication: the decision is `pending`. */
export const reviewCodes = [
  'REVIEW_REQUIRED',
  'AUDIENCE_ABOVE_AUTO_LIMIT',
  'ORGANIZATION_TYPE_NEEDS_REVIEW',
  'DURATION_ABOVE_AUTO_LIMIT',
  'EXTENT_NEEDS_REVIEW',
] as const;

export const reasonCodes = [...rejectionCodes, ...reviewCodes] as const;
export type RejectionCode = (typeof rejectionCodes)[number];
export type ReviewCode = (typeof reviewCodes)[number];
export type ReasonCode = (typeof reasonCodes)[number];

export interface Reason {
  code: ReasonCode;
  message: string;
  /** Dotted path into the request body ("use.durationDays") when one field is at fault, so a form can point at it. */
  path?: string;
}

export interface QuoteLine { label: string; minorUnits: number }

export interface Quote {
  /** Decimal string in the currency's minor-unit precision: "150.00". */
  amount: string;
  currency: string;
  minorUnits: number;
  /** Each pricing step as a signed adjustment; they sum to `minorUnits`. Empty when not priced. */
  lines: QuoteLine[];
}

export interface Decision {
  status: DecisionStatus;
  reasons: Reason[];
  quote: Quote;
  /** The rate card's terms for the requested use (absent only if a hand-built card omits the use). */
  useTerms?: UseTerms;
  attribution: string;
  conditions: string[];
  /** YYYY-MM-DD, the requested start date. */
  validFrom: string;
  /** YYYY-MM-DD, inclusive: validFrom + durationDays − 1 (a 1-day license ends the day it starts). */
  validUntil: string;
}

export interface EvaluateInput {
  request: ReprintRequest;
  article: Article;
  rateCard: RateCard;
  now: Date;
  /**
   * Language the article was written in: defaults to the article record's `language`, and to
   * English for records imported before they carried one (every publication on the desk so far).
   */
  originalLanguage?: string;
}

export const DEFAULT_ORIGINAL_LANGUAGE = 'en';

const rejectionSet: ReadonlySet<string> = new Set(rejectionCodes);
const reviewSet: ReadonlySet<string> = new Set(reviewCodes);

export function isRejectionCode(code: ReasonCode): code is RejectionCode { return rejectionSet.has(code); }
export function isReviewCode(code: ReasonCode): code is ReviewCode { return reviewSet.has(code); }

export function statusOf(reasons: readonly Reason[]): DecisionStatus {
  if (reasons.some((r) => isRejectionCode(r.code))) return 'rejected';
  if (reasons.some((r) => isReviewCode(r.code))) return 'pending';
  return 'licensed';
}

export function evaluate(input: EvaluateInput): Decision {
  const { request, article, rateCard, now } = input;
  const originalLanguage = input.originalLanguage ?? article.language ?? DEFAULT_ORIGINAL_LANGUAGE;
  const use = request.use;
  const today = utcDate(now);
  const terms: UseTerms | undefined = rateCard.uses[use.type];
  const offered = terms?.offered === true;
  const label = useLabels[use.type];
  const reasons: Reason[] = [];
  const reject = (code: RejectionCode, message: string, path?: string) => reasons.push(withPath({ code, message }, path));
  const review = (code: ReviewCode, message: string, path?: string) => {
    // "Staff will review your 400 days" beside "at most 365 days" would promise a review that cannot
    // help: a field already refused outright gets no second, softer reason.
    if (path !== undefined && reasons.some((r) => r.path === path && isRejectionCode(r.code))) return;
    reasons.push(withPath({ code, message }, path));
  };

  // The article itself: these hold whatever the rate card says.
  if (article.rights.owner === 'third-party') {
    const source = article.rights.source;
    reject('THIRD_PARTY_CONTENT', source
      ? `This article is third-party content from ${source}, which the publication has no right to license; please ask ${source} directly.`
      : 'This article is third-party content (such as wire copy), which the publication has no right to license.');
  }
  if (article.pubstatus === 'canceled') {
    reject('ARTICLE_WITHDRAWN', 'This article has been withdrawn by the publication and can no longer be licensed.');
  }
  const embargo = article.rights.embargoUntil;
  // The embargo is the instant the article becomes public (a bare date: 00:00 UTC). Until then it
  // is not licensed at all, not even for a later start; after it, a license may start on its day.
  if (embargo !== undefined) {
    const lifts = instantOf(embargo);
    const liftsOn = utcDate(new Date(lifts));
    if (lifts > now.getTime() || liftsOn > use.startDate) {
      const until = whenLabel(embargo);
      reject('EMBARGOED', liftsOn > use.startDate
        ? `This article is under embargo until ${until}; a license cannot start before then, and you asked to start on ${use.startDate}.`
        : `This article is under embargo until ${until} and cannot be licensed before then.`,
      liftsOn > use.startDate ? 'use.startDate' : undefined);
    }
  }
  if (article.rights.excludedUses?.includes(use.type)) {
    reject('USE_EXCLUDED', `The publication does not license ${label} for this article.`, 'use.type');
  }
  if (use.startDate < today) {
    reject('START_IN_PAST', `A license cannot start in the past: the start date ${use.startDate} is before today (${today}, UTC).`, 'use.startDate');
  }

  let quote = unpricedQuote(rateCard.currency);
  if (!terms || !offered) {
    // The rest of the checks would only describe terms that do not apply.
    reject('USE_NOT_OFFERED', `This publication does not offer licenses for ${label}.`, 'use.type');
  } else {
    checkTerms(terms);
    const priced = priceRequest(terms, request, rateCard.currency);
    if (priced) {
      quote = priced;
    } else {
      const highest = Math.max(0, ...terms.fees.tiers.map((t) => t.upToAudience ?? 0));
      reject('AUDIENCE_NOT_OFFERED',
        `This publication licenses ${label} for audiences of up to ${count(highest)}; you stated ${count(use.audience)}. Please contact the publication's rights staff.`,
        'use.audience');
    }
    checkApproval(terms);
  }

  function checkTerms(t: UseTerms): void {
    const aheadDays = t.maxStartAheadDays ?? DEFAULT_START_AHEAD_DAYS;
    const horizon = addDays(today, aheadDays);
    if (use.startDate > horizon) {
      reject('START_TOO_FAR_AHEAD', `This publication licenses ${label} starting at most ${plural(aheadDays, 'day')} ahead, by ${horizon}; you asked to start on ${use.startDate}.`, 'use.startDate');
    }
    if (use.durationDays > t.maxDurationDays) {
      reject('DURATION_TOO_LONG', `This publication licenses ${label} for at most ${plural(t.maxDurationDays, 'day')}; you asked for ${count(use.durationDays)}.`, 'use.durationDays');
    }

    const offeredTerritories = new Set(t.territories);
    const worldwide = offeredTerritories.has('WORLD');
    const uncovered = unique(use.territories).filter((x) => !worldwide && !offeredTerritories.has(x));
    if (uncovered.length > 0) {
      reject('TERRITORY_NOT_OFFERED',
        `This publication licenses ${label} only in ${listOf(t.territories.map(territoryName))}; ${listOf(uncovered.map(territoryName))} ${uncovered.length === 1 ? 'is' : 'are'} not covered.`,
        'use.territories');
    }

    if (use.type === 'translation' && use.language === originalLanguage) {
      reject('LANGUAGE_NOT_OFFERED', `A translation must be into a language other than the original (${languageName(originalLanguage)}).`, 'use.language');
    } else if (!t.languages.includes(use.language)) {
      const verb = use.type === 'translation' ? 'into' : 'in';
      reject('LANGUAGE_NOT_OFFERED',
        `This publication licenses ${label} ${verb} ${listOf(t.languages.map(languageName), 'or')} only; you asked for ${languageName(use.language)}.`,
        'use.language');
    }

    if (use.type === 'excerpt-quote' && use.extent !== 'excerpt') {
      reject('EXCERPT_REQUIRED', 'An excerpt or quotation license covers part of the article: choose an excerpt and give its length in words.', 'use.extent');
    }
    if (use.extent === 'excerpt' && use.excerptWords !== undefined) {
      if (t.maxExcerptWords !== undefined && use.excerptWords > t.maxExcerptWords) {
        reject('EXCERPT_TOO_LONG', `This publication licenses excerpts of at most ${plural(t.maxExcerptWords, 'word')} for ${label}; you asked for ${count(use.excerptWords)}.`, 'use.excerptWords');
      }
      const articleWords = wordCount(article.body);
      if (use.excerptWords > articleWords) {
        reject('EXCERPT_LONGER_THAN_ARTICLE', `The article has ${plural(articleWords, 'word')}, so an excerpt of ${count(use.excerptWords)} is longer than the article itself.`, 'use.excerptWords');
      }
    }

    if (use.includePhotos) {
      if (article.rights.photosExcluded) {
        reject('PHOTOS_NOT_LICENSED', "The photos in this article cannot be licensed; you can license the text without them.", 'use.includePhotos');
      } else if (!t.photosIncluded) {
        reject('PHOTOS_NOT_LICENSED', `This publication licenses the text only for ${label}; photos are not included.`, 'use.includePhotos');
      }
    }
  }

  function checkApproval(t: UseTerms): void {
    if (t.approval === 'review') {
      review('REVIEW_REQUIRED', `The publication's rights staff review every request for ${label}; you will hear from them by email.`);
      return;
    }
    const auto = t.autoApprove;
    if (auto.maxAudience !== undefined && use.audience > auto.maxAudience) {
      review('AUDIENCE_ABOVE_AUTO_LIMIT', `Requests for ${label} with audiences up to ${count(auto.maxAudience)} are granted at once; an audience of ${count(use.audience)} is reviewed by the publication's rights staff.`, 'use.audience');
    }
    if (auto.organizationTypes !== undefined && !auto.organizationTypes.includes(request.requester.organizationType)) {
      const who = organizationLabels[request.requester.organizationType];
      review('ORGANIZATION_TYPE_NEEDS_REVIEW', auto.organizationTypes.length === 0
        ? `Every request for ${label} is reviewed by the publication's rights staff.`
        : `Requests for ${label} from ${listOf(auto.organizationTypes.map((o) => organizationLabels[o]), 'and')} are granted at once; requests from ${who} are reviewed by the publication's rights staff.`,
      'requester.organizationType');
    }
    if (auto.maxDurationDays !== undefined && use.durationDays > auto.maxDurationDays) {
      review('DURATION_ABOVE_AUTO_LIMIT', `Licenses for ${label} of up to ${plural(auto.maxDurationDays, 'day')} are granted at once; a license of ${plural(use.durationDays, 'day')} is reviewed by the publication's rights staff.`, 'use.durationDays');
    }
    if (auto.extents !== undefined && !auto.extents.includes(use.extent)) {
      const asked = use.extent === 'full' ? 'the full text' : 'an excerpt';
      review('EXTENT_NEEDS_REVIEW', auto.extents.length === 0
        ? `Every request for ${label} is reviewed by the publication's rights staff.`
        : `For ${label}, ${auto.extents[0] === 'full' ? 'the full text is' : 'excerpts are'} granted at once; ${asked} is reviewed by the publication's rights staff.`,
      'use.extent');
    }
  }

  const attribution = renderAttribution(terms?.attributionTemplate ?? DEFAULT_ATTRIBUTION_TEMPLATE, article, request);
  const conditions = terms ? conditionsFor(terms, article, request, originalLanguage) : [];

  return {
    status: statusOf(reasons),
    reasons,
    quote,
    ...(terms ? { useTerms: terms } : {}),
    attribution,
    conditions,
    validFrom: use.startDate,
    validUntil: addDays(use.startDate, use.durationDays - 1),
  };
}

// ---------------------------------------------------------------------------------------------
// Pricing

/**
 * The tier for an audience: the tightest bounded tier that holds it, else the open-ended tier.
 * Looking for the tightest bound rather than the first in file order keeps a card whose tiers
 * were typed out of order from pricing a small audience at a large tier's fee.
 */
export function tierFor(tiers: readonly FeeTier[], audience: number): FeeTier | undefined {
  let best: FeeTier | undefined;
  for (const tier of tiers) {
    if (tier.upToAudience !== undefined && tier.upToAudience >= audience
      && (best?.upToAudience === undefined || tier.upToAudience < best.upToAudience)) best = tier;
  }
  return best ?? tiers.find((t) => t.upToAudience === undefined);
}

/** The quote for a request under one use's terms, or undefined when no tier covers the audience. */
export function priceRequest(terms: UseTerms, request: ReprintRequest, currency: string): Quote | undefined {
  const { use } = request;
  const tier = tierFor(terms.fees.tiers, use.audience);
  if (!tier) return undefined;
  const label = capitalize(useLabels[use.type]);
  const lines: QuoteLine[] = [];

  const highestBound = Math.max(0, ...terms.fees.tiers.map((t) => t.upToAudience ?? 0));
  const audienceText = tier.upToAudience !== undefined
    ? `audience up to ${count(tier.upToAudience)}`
    : highestBound > 0 ? `audience over ${count(highestBound)}` : 'any audience';
  // A price per 1,000 articles: this one article costs a thousandth, rounded up to a whole minor unit.
  const perThousand = terms.fees.per === '1000-articles';
  const tierFee = perThousand ? Math.ceil(tier.amount / 1000) : tier.amount;
  lines.push({
    label: perThousand
      ? `${label}, one article at ${formatMinorUnits(tier.amount, currency)} per 1,000 articles (${audienceText})`
      : `${label}, ${audienceText}`,
    minorUnits: tierFee,
  });
  let fee = tierFee;

  if (use.extent === 'excerpt' && terms.fees.excerptPercent !== 100) {
    const excerptFee = applyPercent(fee, terms.fees.excerptPercent);
    lines.push({ label: `Excerpt: ${terms.fees.excerptPercent}% of the full-text fee`, minorUnits: excerptFee - fee });
    fee = excerptFee;
  }

  const orgType = request.requester.organizationType;
  const discountPercent = terms.discounts[orgType] ?? 0;
  if (discountPercent > 0 && fee > 0) {
    const discount = applyPercent(fee, discountPercent);
    lines.push({ label: `${capitalize(organizationLabels[orgType])} discount: ${discountPercent}%`, minorUnits: -discount });
    fee -= discount;
  }

  if (fee < terms.fees.minimum) {
    lines.push({ label: `Minimum fee ${formatMinorUnits(terms.fees.minimum, currency)}`, minorUnits: terms.fees.minimum - fee });
    fee = terms.fees.minimum;
  }

  const total = sumMinorUnits(lines.map((l) => l.minorUnits));
  return { amount: formatMinorUnits(total, currency), currency, minorUnits: total, lines };
}

function unpricedQuote(currency: string): Quote {
  return { amount: formatMinorUnits(0, currency), currency, minorUnits: 0, lines: [] };
}

// ---------------------------------------------------------------------------------------------
// Attribution and conditions

export const DEFAULT_ATTRIBUTION_TEMPLATE = '"{headline}" by {author}, first published in {publication} on {date}. © {year} {copyrightHolder}. Reprinted with permission.';

/**
 * Placeholders an attribution template may use:
 * - `{headline}`        the article's headline
 * - `{publication}`     the publication's name
 * - `{author}`          the byline ("Ana Ruiz and Tom Berg"); the publication's name when there is no byline
 * - `{date}`            the publication date, written out ("March 4, 2026")
 * - `{isoDate}`         the publication date as YYYY-MM-DD
 * - `{year}`            the year of publication — the article's copyright year, not the current year
 * - `{copyrightHolder}` the publication's copyright holder
 * - `{canonicalUrl}`    the link to the original; empty when the article has none
 * - `{licensee}`        the requesting organization
 * Unknown placeholders are left as written, so a typo shows up in review instead of vanishing.
 * The result is plain text: escaping for HTML or email belongs to the renderer.
 */
export const attributionPlaceholders = [
  'headline', 'publication', 'author', 'date', 'isoDate', 'year', 'copyrightHolder', 'canonicalUrl', 'licensee',
] as const;
export type AttributionPlaceholder = (typeof attributionPlaceholders)[number];

/** Placeholders in a template that renderAttribution will not fill — for validating a rate card on import. */
export function unknownPlaceholders(template: string): string[] {
  const known: ReadonlySet<string> = new Set(attributionPlaceholders);
  return unique([...template.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1] ?? '').filter((name) => !known.has(name)));
}

export function renderAttribution(template: string, article: Article, request: ReprintRequest): string {
  const names = article.byline.map((b) => b.name);
  const values: Record<AttributionPlaceholder, string> = {
    headline: article.headline,
    publication: article.publication.name,
    author: names.length > 0 ? listOf(names) : article.publication.name,
    date: longDate(article.publishedAt.slice(0, 10)),
    isoDate: article.publishedAt.slice(0, 10),
    year: article.publishedAt.slice(0, 4),
    copyrightHolder: article.publication.copyrightHolder,
    canonicalUrl: article.canonicalUrl ?? '',
    licensee: request.requester.organization,
  };
  // One pass with a callback, so a headline that itself contains "{author}" is not expanded again.
  return template
    .replace(/\{([A-Za-z]+)\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? values[name as AttributionPlaceholder] : whole))
    // An empty optional value (no canonical URL) must not leave a double space behind.
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

/** Generated conditions (scope of this license) first, then the publication's own conditions for the use. */
function conditionsFor(terms: UseTerms, article: Article, request: ReprintRequest, originalLanguage: string): string[] {
  const { use } = request;
  const out: string[] = [];
  out.push('Run the attribution line with every copy.');
  if (terms.canonicalLinkRequired) {
    out.push(article.canonicalUrl
      ? `Link to the original article at ${article.canonicalUrl}.`
      : "Link to the original article on the publication's website.");
  }
  if (use.extent === 'excerpt' && use.excerptWords !== undefined) {
    out.push(`Reproduce no more than ${plural(use.excerptWords, 'word')} of the article, quoted without changes.`);
  }
  const territories = unique(use.territories);
  out.push(territories.includes('WORLD')
    ? 'Distribution worldwide.'
    : `Distribution only in ${listOf(territories.map(territoryName))}.`);
  if (use.type === 'ai-training') {
    out.push('Use the article only to train or fine-tune AI models: this license does not cover showing its text to anyone, nor using it as input at answer time.');
  } else if (use.type === 'ai-retrieval') {
    out.push('Use the article only as input at answer time (retrieval, grounding, generated summaries): this license does not cover training or fine-tuning models on it.');
  } else {
    out.push(use.type === 'translation'
      ? `Translation from ${languageName(originalLanguage)} into ${languageName(use.language)} only, stating that it is a translation of the original.`
      : `Publication in ${languageName(use.language)} only.`);
  }
  if (!use.includePhotos) out.push('Text only: photographs and other images are not part of this license.');
  else out.push('Photographs keep their captions and credit lines.');
  out.push(...terms.conditions);
  return unique(out);
}

// ---------------------------------------------------------------------------------------------
// Wording

const useLabels: Record<UseType, string> = {
  'web-republication': 'web republication',
  'print-reprint': 'print reprints',
  'newsletter': 'newsletter republication',
  'eprint': 'ePrints',
  'coursepack': 'coursepacks',
  'translation': 'translations',
  'excerpt-quote': 'excerpts and quotations',
  'ai-training': 'AI training',
  'ai-retrieval': 'AI retrieval and grounding',
};

const organizationLabels: Record<OrganizationType, string> = {
  commercial: 'commercial organizations',
  nonprofit: 'nonprofit organizations',
  education: 'educational institutions',
  government: 'government bodies',
  individual: 'individuals',
};

function withPath(reason: Reason, path: string | undefined): Reason {
  return path === undefined ? reason : { ...reason, path };
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** 25000 → "25,000": written by hand so messages do not depend on the host's ICU data. */
function count(n: number): string {
  const sign = n < 0 ? '-' : '';
  return sign + String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function plural(n: number, noun: string): string {
  return `${count(n)} ${noun}${n === 1 ? '' : 's'}`;
}

function listOf(items: readonly string[], conjunction: 'and' | 'or' = 'and'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

function territoryName(code: string): string {
  return code === 'WORLD' ? 'worldwide' : code;
}

const languageNames: Readonly<Record<string, string>> = {
  en: 'English', fr: 'French', es: 'Spanish', de: 'German', it: 'Italian', pt: 'Portuguese', nl: 'Dutch',
  sv: 'Swedish', da: 'Danish', no: 'Norwegian', nb: 'Norwegian Bokmål', fi: 'Finnish', pl: 'Polish',
  cs: 'Czech', el: 'Greek', tr: 'Turkish', ru: 'Russian', uk: 'Ukrainian', ar: 'Arabic', he: 'Hebrew',
  hi: 'Hindi', zh: 'Chinese', ja: 'Japanese', ko: 'Korean', vi: 'Vietnamese', id: 'Indonesian',
};

/** "fr" → "French"; an unlisted code is shown as the code, which staff and requesters still understand. */
function languageName(code: string): string {
  return languageNames[code] ?? code;
}

const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function longDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  const month = monthNames[Number(m) - 1];
  return month && d && y ? `${month} ${Number(d)}, ${y}` : iso;
}

/** "December 1, 2026" for a date; "December 1, 2026, 18:00 UTC" for a date-time. */
function whenLabel(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return longDate(value);
  const utc = new Date(instantOf(value)).toISOString();
  return `${longDate(utc.slice(0, 10))}, ${utc.slice(11, 16)} UTC`;
}

/** The calendar date of an instant in UTC: the desk's single notion of "today", whatever the host's zone. */
export function utcDate(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** Calendar arithmetic on YYYY-MM-DD in UTC, where days are always 24 hours long. */
export function addDays(isoDate: string, days: number): string {
  const t = Date.parse(`${isoDate}T00:00:00Z`);
  return new Date(t + days * 86_400_000).toISOString().slice(0, 10);
}
