/**
 * What the repository's reads return, whichever store answers them: the attributes each projection
 * keeps, the shape of a feed position, and how a license's state is read from its request. Pure
 * (no SDK): the DynamoDB repository (adapters/repository.ts) and the in-memory one
 * (adapters/memory-repository.ts) both shape their answers with these, so they answer alike.
 */
import type { LicenseRecord } from '../../domain/request-record.js';
import { declaredDomainsOf } from '../../domain/compliance.js';
import type { ArticleItem } from './article.js';
import { withCopyTokens, type RequestItem } from './request.js';
import type { LicenseSummary, LicenseView } from '../../application/ports.js';

/**
 * What serving a license reads of its request item (application/ports.ts `LicenseView`, plus its
 * key) — with what the stored license is restored from (entities/request.ts withCopyTokens: its
 * copy tokens, stored beside it, and the fields it shares with the request). licenseViewOf shapes it.
 */
export const LICENSE_VIEW_ATTRIBUTES = ['pk', 'sk', 'requestId', 'articleId', 'articleHeadline', 'publicationId', 'createdAt', 'license', 'copyTokens', 'quote', 'attribution', 'conditions', 'request', 'invoice', 'requesterTokens'] as const satisfies readonly (keyof RequestItem)[];

/** What was read with LICENSE_VIEW_ATTRIBUTES -> the LicenseView: the license restored, the sources and keys dropped. */
export function licenseViewOf(read: Record<string, unknown>): LicenseView {
  const { pk: _pk, sk: _sk, entity: _e, quote: _q, attribution: _a, conditions: _c, request: _r, ...view } = withCopyTokens(read as Parameters<typeof withCopyTokens>[0]) as Record<string, unknown>;
  return view as unknown as LicenseView;
}
/** The article item's attributes a copy renders from (read in the same BatchGetItem, so one projection serves both). */
export const ARTICLE_VIEW_ATTRIBUTES = ['entity', 'article', 'revision', 'importedAt'] as const satisfies readonly (keyof ArticleItem)[];
/** The one projection a BatchGetItem of a license's request and its article applies to both items. */
export const LICENSE_AND_ARTICLE_ATTRIBUTES: readonly string[] = [...new Set<string>([...LICENSE_VIEW_ATTRIBUTES, ...ARTICLE_VIEW_ATTRIBUTES])];

/** A feed position: `<ISO instant>#<article id>` (the section index's sort key). */
// eslint-disable-next-line no-control-regex
export const FEED_POSITION = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z#[^\u0000-\u001f]{1,300}$/;

/** What a feed serves of an article item: not its images, photos or anything else the record holds. */
export const FEED_ARTICLE_FIELDS = ['id', 'headline', 'byline', 'publication', 'publishedAt', 'section', 'canonicalUrl', 'language', 'body', 'copyright', 'rights', 'pubstatus', 'correction'] as const;
/** The article item's own attributes a feed query reads besides those article fields. */
export const FEED_ITEM_ATTRIBUTES = ['pk', 'sk', 'revision', 'importedAt', 'gsi1sk'] as const satisfies readonly (keyof ArticleItem)[];

/** What a payment row reads of a request item (`listInvoices({ invoicesOnly })`): its id, its invoice, its license's id. */
export const INVOICE_ROW_ATTRIBUTES = ['pk', 'sk', 'payPk', 'paySk', 'requestId', 'invoice'] as const satisfies readonly (keyof RequestItem)[];

/** What the pixel reads of a request item: the license's state and the licensee's declared domains. */
export interface LicenseStateRead {
  license?: Pick<LicenseRecord, 'licenseId' | 'status' | 'validFrom' | 'validUntil'> & { licenseeDomains?: unknown };
  request?: { licenseeDomains?: unknown };
}

/**
 * A license's state from what the pixel read: undefined unless the item holds exactly this license;
 * the domains the request declared, else those on the license (absent: none declared).
 */
export function licenseStateOf(found: LicenseStateRead | undefined, licenseId: string):
  (Pick<LicenseRecord, 'licenseId' | 'status' | 'validFrom' | 'validUntil'> & { licenseeDomains?: string[] }) | undefined {
  const license = found?.license;
  if (license?.licenseId !== licenseId) return undefined;
  const domains = declaredDomainsOf(found?.request).length ? declaredDomainsOf(found?.request) : declaredDomainsOf(license);
  const { licenseeDomains: _d, ...state } = license;
  return { ...state, ...(domains.length ? { licenseeDomains: domains } : {}) };
}

/**
 * The compliance panel's read of a request item (application/ports.ts LicenseSummary): the license's
 * id, status and validity, its licensee's organization and email — or, when the stored license
 * leaves the licensee out (equal to the requester, entities/request.ts), the requester's — and the
 * headline. Nested paths, every name aliased.
 */
export const LICENSE_SUMMARY_PROJECTION = {
  ProjectionExpression: '#pk, #l.#id, #l.#st, #l.#vf, #l.#vu, #l.#le.#o, #l.#le.#e, #r.#rq.#o, #r.#rq.#e, #h',
  ExpressionAttributeNames: {
    '#pk': 'pk', '#l': 'license', '#id': 'licenseId', '#st': 'status', '#vf': 'validFrom', '#vu': 'validUntil', '#le': 'licensee',
    '#o': 'organization', '#e': 'email', '#r': 'request', '#rq': 'requester', '#h': 'articleHeadline',
  },
};

type Party = { organization?: string; email?: string };
export interface LicenseSummaryRead {
  pk: string;
  license?: Partial<Pick<LicenseRecord, 'licenseId' | 'status' | 'validFrom' | 'validUntil'>> & { licensee?: Party };
  request?: { requester?: Party };
  articleHeadline?: string;
}

/** A projected request item -> the summary of `licenseId`, when the item holds exactly that license. */
export function licenseSummaryOf(read: LicenseSummaryRead, licenseId: string | undefined): LicenseSummary | undefined {
  const l = read.license;
  if (!licenseId || !l || l.licenseId !== licenseId || !l.status || !l.validFrom || !l.validUntil) return undefined;
  const party = l.licensee ?? read.request?.requester ?? {};
  return {
    licenseId, status: l.status, validFrom: l.validFrom, validUntil: l.validUntil,
    organization: party.organization ?? '', email: party.email ?? '', headline: read.articleHeadline ?? '',
  };
}
