/**
 * The storage calls' declared table access (functions/adapters/table-access.ts) — from which every
 * function's IAM grant is computed — checked against what the calls really send: each Repository and
 * mail-cap method runs against dynalite with an SDK middleware recording every command and index.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoRepository, type Repository } from '../../functions/adapters/repository.js';
import { dynamoMailCapCounters } from '../../functions/adapters/mail-cap-counters.js';
import { mailCapAccess, repositoryAccess, type TableCall } from '../../functions/adapters/table-access.js';
import type { RequestRecord } from '../../functions/domain/request-record.js';
import type { MailCapCounters } from '../../functions/application/mail-caps.js';
import type { Partner } from '../../functions/domain/partner.js';
import type { PublisherKey } from '../../functions/domain/publisher-key.js';
import { ensureTable, freePort, localDynamoClient, startDynalite, type RunningService } from '../../local/services.js';
import { loadSampleData } from '../../local/sample-data.js';

const TABLE = 'table-access';
let dynamo: RunningService;
let repo: Repository;
let counters: MailCapCounters;
const seen: { command: string; index?: string }[] = [];

beforeAll(async () => {
  dynamo = await startDynalite({ port: await freePort() });
  const raw = localDynamoClient(dynamo.url);
  await ensureTable(raw, TABLE);
  const doc = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  doc.middlewareStack.add((next, context) => async (args) => {
    const input = args.input as { IndexName?: string };
    seen.push({ command: String(context.commandName).replace(/Command$/, ''), ...(input.IndexName ? { index: input.IndexName } : {}) });
    return next(args);
  }, { step: 'initialize', name: 'recordTableAccess' });
  repo = dynamoRepository(doc, TABLE);
  counters = dynamoMailCapCounters(doc, TABLE);
  await loadSampleData(repo);
  card = (await repo.getEffectiveRateCard('the-harbour-ledger'))!;
  article = (await repo.getArticle('harbour-dredging-plan'))!.article;
}, 60_000);
let card: Awaited<ReturnType<Repository['getEffectiveRateCard']>>;
let article: NonNullable<Awaited<ReturnType<Repository['getArticle']>>>['article'] | undefined;
const publisherKey: PublisherKey = {
  keyId: 'pk-1', publicationId: 'the-harbour-ledger', publicationName: 'The Harbour Ledger', label: 'CMS', status: 'active',
  createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(),
};
afterAll(async () => { await dynamo?.close(); });

const now = new Date();
const today = now.toISOString().slice(0, 10);
const partner: Partner = {
  partnerId: 'p-1', name: 'Coastline', publicationId: 'the-harbour-ledger', sections: ['waterfront'], embargoMinutes: 0,
  use: 'web-republication', dailyLimit: 10, status: 'active', createdAt: now.toISOString(), updatedAt: now.toISOString(),
};

/** One call of each method, with arguments that reach its storage calls. */
const repositoryCalls: Record<keyof Repository, () => Promise<unknown>> = {
  getArticle: () => repo.getArticle('harbour-dredging-plan'),
  putArticle: async () => repo.putArticle((await repo.getArticle('harbour-dredging-plan'))!.article, now),
  getEffectiveRateCard: () => repo.getEffectiveRateCard('the-harbour-ledger'),
  putRateCard: () => repo.putRateCard(card!, now),
  getRequest: () => repo.getRequest('0k3m9x2v7qz4h8ta'),
  getRequestByLicense: () => repo.getRequestByLicense('RD-0000000000000000'),
  createRequest: () => repo.createRequest(probeRequest),
  update: () => repo.update(probeRequest.requestId, (r) => ({ ...r, updatedAt: now.toISOString() })),
  listRequestsByStatus: () => repo.listRequestsByStatus('pending'),
  listRecentDecisions: () => repo.listRecentDecisions(),
  listStatsWork: () => repo.listStatsWork('behind', now, 10),
  addToStatsCell: () => repo.addToStatsCell('W|2026-11-23|probe', { received: 1 }, 'probe#1'),
  forgetStatsOp: () => repo.forgetStatsOp('W|2026-11-23|probe', 'probe#1'),
  readStatsCells: () => repo.readStatsCells('W|'),
  getViewTotalsAndArticleSummaries: () => repo.getViewTotalsAndArticleSummaries(['RD-0000000000000000'], ['harbour-dredging-plan']),
  listLicensesOfArticle: () => repo.listLicensesOfArticle('harbour-dredging-plan'),
  listOutboxDue: () => repo.listOutboxDue(now, 10),
  listOutboxParked: () => repo.listOutboxParked(10),
  ping: () => repo.ping(),
  getLicenseWithArticle: () => repo.getLicenseWithArticle('RD-0000000000000000', 'harbour-dredging-plan'),
  getLicenseState: () => repo.getLicenseState('RD-0000000000000000'),
  addComplianceHit: () => repo.addComplianceHit({ licenseId: 'RD-0000000000000000', date: today, signal: 'revoked', origin: 'https://example.org', now }),
  listComplianceSignals: () => repo.listComplianceSignals(today, today),
  getLicenseSummaries: () => repo.getLicenseSummaries(['RD-0000000000000000']),
  dailySalt: () => repo.dailySalt(today, 'salt'),
  markReaderSeen: () => repo.markReaderSeen('RD-0000000000000000', today, 'reader'),
  addLicenseView: () => repo.addLicenseView('RD-0000000000000000', today, 'https://example.org/page', now),
  getLicenseUsage: () => repo.getLicenseUsage('RD-0000000000000000'),
  createPartner: () => repo.createPartner(partner, 'hash1'),
  getPartnerByKeyHash: () => repo.getPartnerByKeyHash('hash1'),
  getPartnerById: () => repo.getPartnerById('p-1'),
  listPartners: () => repo.listPartners(),
  updatePartner: () => repo.updatePartner('p-1', (p) => ({ ...p, name: 'Renamed' })),
  countPartnerRequest: () => repo.countPartnerRequest('hash1', today),
  listArticlesOfSection: () => repo.listArticlesOfSection('the-harbour-ledger', 'waterfront', 10),
  listDue: () => repo.listDue('renew', now.toISOString(), 10),
  updateArticle: () => repo.updateArticle('harbour-dredging-plan', now, () => ({ article: article! })),
  createPublisherKey: () => repo.createPublisherKey(publisherKey, 'pkhash1'),
  getPublisherKeyByHash: () => repo.getPublisherKeyByHash('pkhash1'),
  getPublisherKeyById: () => repo.getPublisherKeyById('pk-1'),
  listPublisherKeys: () => repo.listPublisherKeys(),
  updatePublisherKey: () => repo.updatePublisherKey('pk-1', (k) => ({ ...k, label: 'Renamed' })),
  countPixelHit: () => repo.countPixelHit('network', `${today}T10`),
  partnerRequestsOn: () => repo.partnerRequestsOn('hash1', today),
  takeInvoiceSequence: () => repo.takeInvoiceSequence('the-harbour-ledger'),
  returnInvoiceSequence: () => repo.returnInvoiceSequence('the-harbour-ledger', 1),
  listInvoices: () => repo.listInvoices(),
  getRequestByInvoice: () => repo.getRequestByInvoice('THL-000001'),
};
/** A stored request as small as the index attributes allow (a refusal: no license, no lifecycle step). */
const probeRequest = {
  requestId: '0k3m9x2v7qz4h8tb', articleId: 'harbour-dredging-plan', status: 'rejected', createdAt: now.toISOString(), updatedAt: now.toISOString(),
  outbox: {}, history: [], approvers: {}, requesterTokens: {},
} as unknown as RequestRecord;

const capCalls: Record<keyof MailCapCounters, () => Promise<unknown>> = {
  take: () => counters.take('recipient', 'a@b.example', today, 5),
  giveBack: () => counters.giveBack('recipient', 'a@b.example', today),
};

async function observe(call: () => Promise<unknown>) {
  seen.length = 0;
  await call().catch(() => undefined); // a refused condition is a call made all the same
  return [...seen];
}

function check(name: string, declared: TableCall, observed: { command: string; index?: string }[]) {
  expect(observed.length, `${name} sent nothing`).toBeGreaterThan(0);
  for (const o of observed) {
    if (o.index) {
      expect(o.command, name).toBe('Query');
      expect(declared.indexes ?? [], `${name} queried index ${o.index}`).toContain(o.index);
    } else {
      expect(declared.table, `${name} sent ${o.command}`).toContain(`dynamodb:${o.command}`);
    }
  }
}

describe('declared table access', () => {
  it('covers every method the repository has, and no other', () => {
    expect(Object.keys(repositoryAccess).sort()).toEqual(Object.keys(repo).sort());
    expect(Object.keys(mailCapAccess).sort()).toEqual(Object.keys(counters).sort());
  });

  it.each(Object.keys(repositoryCalls) as (keyof Repository)[])('Repository.%s sends only what it declares', async (name) => {
    check(name, repositoryAccess[name], await observe(repositoryCalls[name]));
  });

  it.each(Object.keys(capCalls) as (keyof MailCapCounters)[])('MailCapCounters.%s sends only what it declares', async (name) => {
    check(name, mailCapAccess[name], await observe(capCalls[name]));
  });
});
