/**
 * What each storage call does to the table, owned by the storage layer beside the code that makes
 * the calls: the DynamoDB actions a Repository (or mail-cap counter) method sends and the indexes it
 * queries. The CDK stack grants a function exactly the union over the methods its code calls
 * (infra/table-grants.ts), and tests/integration/table-access.test.ts runs every method against
 * dynalite to check no method sends anything it does not declare here.
 */
import type { IndexName } from '../config/table.js';
import type { Repository } from '../application/ports.js';
import type { MailCapCounters } from '../application/mail-caps.js';

export type TableAction = 'dynamodb:GetItem' | 'dynamodb:BatchGetItem' | 'dynamodb:Query' | 'dynamodb:PutItem' | 'dynamodb:UpdateItem' | 'dynamodb:DeleteItem';

export interface TableCall {
  /** Actions on the table itself (a Query here reads a partition of the table, not an index). */
  table: readonly TableAction[];
  /** Indexes the method queries (dynamodb:Query on each). */
  indexes?: readonly IndexName[];
}

const get: TableCall = { table: ['dynamodb:GetItem'] };
const put: TableCall = { table: ['dynamodb:PutItem'] };

export const repositoryAccess: Record<keyof Repository, TableCall> = {
  getArticle: get,
  putArticle: { table: ['dynamodb:GetItem', 'dynamodb:PutItem'] },
  updateArticle: { table: ['dynamodb:GetItem', 'dynamodb:PutItem'] },
  getEffectiveRateCard: { table: ['dynamodb:BatchGetItem'] },
  putRateCard: put,
  getRequest: get,
  getRequestByLicense: get,
  createRequest: put,
  update: { table: ['dynamodb:GetItem', 'dynamodb:PutItem'] },
  listRequestsByStatus: { table: ['dynamodb:BatchGetItem'], indexes: ['byStatus'] },
  listRecentDecisions: { table: ['dynamodb:BatchGetItem'], indexes: ['recent'] },
  listStatsWork: { table: ['dynamodb:BatchGetItem'], indexes: ['stats'] },
  addToStatsCell: { table: ['dynamodb:UpdateItem'] },
  forgetStatsOp: { table: ['dynamodb:UpdateItem'] },
  readStatsCells: { table: ['dynamodb:Query'] },
  getViewTotalsAndArticleSummaries: { table: ['dynamodb:BatchGetItem'] },
  listLicensesOfArticle: { table: ['dynamodb:BatchGetItem'], indexes: ['byArticle'] },
  listOutboxDue: { table: ['dynamodb:BatchGetItem'], indexes: ['outbox'] },
  listOutboxParked: { table: ['dynamodb:BatchGetItem'], indexes: ['outbox'] },
  ping: get,
  getLicenseWithArticle: { table: ['dynamodb:BatchGetItem', 'dynamodb:GetItem'] },
  getLicenseState: get,
  addComplianceHit: { table: ['dynamodb:UpdateItem'] },
  listComplianceSignals: { table: ['dynamodb:Query'] },
  getLicenseSummaries: { table: ['dynamodb:BatchGetItem'] },
  dailySalt: { table: ['dynamodb:GetItem', 'dynamodb:PutItem'] },
  markReaderSeen: put,
  addLicenseView: { table: ['dynamodb:UpdateItem'] },
  getLicenseUsage: { table: ['dynamodb:Query'] },
  createPartner: put,
  getPartnerByKeyHash: get,
  getPartnerById: { table: ['dynamodb:GetItem'], indexes: ['byStatus'] },
  listPartners: { table: ['dynamodb:BatchGetItem'], indexes: ['byStatus'] },
  updatePartner: { table: ['dynamodb:GetItem', 'dynamodb:PutItem'], indexes: ['byStatus'] },
  countPartnerRequest: { table: ['dynamodb:UpdateItem'] },
  listArticlesOfSection: { table: [], indexes: ['byStatus'] },
  listDue: { table: ['dynamodb:BatchGetItem'], indexes: ['due'] },
  createPublisherKey: put,
  getPublisherKeyByHash: get,
  getPublisherKeyById: { table: ['dynamodb:GetItem'], indexes: ['byStatus'] },
  listPublisherKeys: { table: ['dynamodb:BatchGetItem'], indexes: ['byStatus'] },
  updatePublisherKey: { table: ['dynamodb:GetItem', 'dynamodb:PutItem'], indexes: ['byStatus'] },
  countPixelHit: { table: ['dynamodb:UpdateItem'] },
  partnerRequestsOn: get,
  takeInvoiceSequence: { table: ['dynamodb:UpdateItem'] },
  returnInvoiceSequence: { table: ['dynamodb:UpdateItem'] },
  listInvoices: { table: ['dynamodb:BatchGetItem'], indexes: ['payments'] },
  getRequestByInvoice: { table: ['dynamodb:GetItem'], indexes: ['payments'] },
};

export const mailCapAccess: Record<keyof MailCapCounters, TableCall> = {
  take: { table: ['dynamodb:UpdateItem'] },
  giveBack: { table: ['dynamodb:UpdateItem', 'dynamodb:DeleteItem'] },
};

/** Every storage method by name (the names are distinct across the ports). */
export const storageCalls: Record<string, TableCall> = { ...repositoryAccess, ...mailCapAccess };

/** Modules that implement the calls (scanning them would find every call): skipped by the grant scanner. */
export const STORAGE_IMPLEMENTATIONS = ['adapters/repository.ts', 'adapters/mail-cap-counters.ts', 'adapters/read-cache.ts', 'adapters/table-access.ts'];
