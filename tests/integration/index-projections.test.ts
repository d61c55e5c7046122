/**
 * Index projections (functions/config/table.ts): each index carries only what its queries read.
 * Checked against dynalite and, where Java is present, Amazon's DynamoDB Local:
 * - both honour the projections: a query on an index answers with the keys and the projected
 *   attributes only — so a reader that relied on an attribute an index does not carry fails here;
 * - a list asked for `rows` (the staff view's) holds every field a row reads, equal to the record's;
 *   a list asked for records (the CLI, the sweeps) answers whole records, as getRequest does;
 * - the fields a row reads (application/ports.ts STAFF_ROW_FIELDS) are what the listing indexes project.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ensureTable, localDynamoClient } from '../../local/services.js';
import { dynamoRepository, type Repository } from '../../functions/adapters/repository.js';
import { loadSampleData } from '../../local/sample-data.js';
import { submitRequest } from '../../functions/application/submit-request.js';
import { deliverRequestMail } from '../../functions/application/dispatch-outbox.js';
import { STAFF_ROW_FIELDS } from '../../functions/application/ports.js';
import { STAFF_ROW_ATTRIBUTES, tableDefinition } from '../../functions/config/table.js';
import { staffOverview } from '../../functions/application/staff-overview.js';
import { DEFAULT_COMPLIANCE_DAYS, complianceOverview, lastDays } from '../../functions/application/compliance.js';
import type { Mailer } from '../../functions/application/ports.js';
import { javaAvailable, startDynaliteBackend, startDynamoDbLocal, type Backend } from '../support/backends.js';
import { requestBody } from '../support/stack.js';
import { reprintRequestSchema } from '../../functions/domain/request-body.js';

const backends: [string, () => Promise<Backend>][] = [['dynalite', startDynaliteBackend]];
if (javaAvailable()) backends.push(['DynamoDB Local', startDynamoDbLocal]);
else console.warn('index-projections: Java not found — DynamoDB Local run not possible on this machine');

const who = { actor: 'requester' as const, sourceIp: '127.0.0.1', userAgent: 'vitest' };
const body = (over: Parameters<typeof requestBody>[0] = {}) => reprintRequestSchema.parse(requestBody(over));

describe('what the listing indexes project', () => {
  it('is what a list row reads, on both listing indexes', () => {
    expect([...STAFF_ROW_ATTRIBUTES].sort()).toEqual([...STAFF_ROW_FIELDS].sort());
    for (const name of ['byStatus', 'recent']) {
      const p = tableDefinition.globalSecondaryIndexes.find((i) => i.indexName === name)!.projection;
      expect(p.type).toBe('INCLUDE');
      expect(p.type === 'INCLUDE' ? p.attributes : []).toEqual(expect.arrayContaining([...STAFF_ROW_FIELDS]));
    }
  });
});

describe.each(backends)('index projections on %s', (_name, start) => {
  let backend: Backend;
  let repo: Repository;
  let doc: DynamoDBDocumentClient;
  const mailer: Mailer = { send: async () => ({ messageId: 'm' }) };
  const intake = () => ({ repo, baseUrl: 'http://localhost:3000', tokenTtlDays: 14, fallbackApprovers: ['desk@example.org'] });
  let licensedId = '';
  let pendingId = '';

  beforeAll(async () => {
    backend = await start();
    const client = localDynamoClient(backend.endpoint);
    await ensureTable(client, 'projections');
    doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    repo = dynamoRepository(doc, 'projections');
    const now = new Date();
    await loadSampleData(repo, now);
    const licensed = await submitRequest(intake(), body(), { who, now });
    const pending = await submitRequest(intake(), body({ use: { type: 'print-reprint' } }), { who, now });
    licensedId = licensed.item.requestId;
    pendingId = pending.item.requestId;
    // The license email mints a copy token: stored beside the license, outside what the indexes carry.
    await deliverRequestMail({ repo, mailer, from: 'desk@example.org', render: { baseUrl: 'http://localhost:3000' } }, licensedId, now);
  }, 120_000);
  afterAll(async () => { await backend?.stop(); });

  it('answers a query on each index with its keys and projected attributes only', async () => {
    const seen = new Set<string>();
    const queries: [string, string, string][] = [
      ['byStatus', 'gsi1pk', 'REQUESTS#licensed'], ['byStatus', 'gsi1pk', 'REQUESTS#pending'], ['recent', 'recentPk', 'DECIDED'],
      ['outbox', 'outboxPk', 'OUTBOX'], ['due', 'duePk', 'LIFECYCLE#REMIND'], ['byArticle', 'gsi2pk', `LICENSES#${(await repo.getRequest(licensedId))!.articleId}`],
      ['payments', 'payPk', 'INVOICES'], ['stats', 'statsPk', 'STATS'],
    ];
    for (const [index, pkName, pk] of queries) {
      const def = tableDefinition.globalSecondaryIndexes.find((i) => i.indexName === index)!;
      const allowed = new Set(['pk', 'sk', def.partitionKey, def.sortKey, ...(def.projection.type === 'INCLUDE' ? def.projection.attributes : [])]);
      const out = await doc.send(new QueryCommand({ TableName: 'projections', IndexName: index, KeyConditionExpression: '#k = :v', ExpressionAttributeNames: { '#k': pkName }, ExpressionAttributeValues: { ':v': pk } }));
      for (const item of out.Items ?? []) {
        for (const name of Object.keys(item)) expect(allowed.has(name), `${index} returned ${name}`).toBe(true);
        seen.add(index);
        // Never what the dispatcher rewrites on every delivery.
        for (const name of ['outbox', 'updatedAt', 'version', 'requesterTokens', 'copyTokens', 'stats']) expect(item[name], `${index} carries ${name}`).toBeUndefined();
      }
    }
    // The entries that must exist after a licensed and a pending submission were found and checked.
    for (const index of ['byStatus', 'recent', 'outbox', 'byArticle', 'stats']) expect(seen.has(index), index).toBe(true);
  });

  it('lists rows holding every field a row reads, and whole records otherwise', async () => {
    const full = (await repo.getRequest(licensedId))!;
    // One copy token from the submission's answer, one minted with the license email.
    expect(Object.keys(full.license!.copyTokens)).toHaveLength(2);
    const rows = (await repo.listRequestsByStatus('licensed', { rows: true })).items.find((i) => i.requestId === licensedId)!;
    for (const f of STAFF_ROW_FIELDS) expect(rows[f], f).toEqual(full[f] === undefined ? undefined : f === 'license' ? { ...full.license, copyTokens: {} } : full[f]);
    const records = (await repo.listRequestsByStatus('licensed')).items.find((i) => i.requestId === licensedId)!;
    expect(records).toEqual(full);
    const recent = (await repo.listRecentDecisions()).items.find((i) => i.requestId === licensedId)!;
    expect(recent).toEqual(full);
    expect((await repo.listOutboxDue(new Date(Date.now() + 3_600_000), 50)).items.find((i) => i.requestId === pendingId)).toEqual(await repo.getRequest(pendingId));
    expect((await repo.listLicensesOfArticle(full.articleId)).find((i) => i.requestId === licensedId)).toEqual(full);
  });

  it('shows the staff view from index rows: the same lists as from whole records', async () => {
    const now = new Date();
    const config = { remindAfterHours: 48, expireAfterDays: 14, renewalNoticeDays: 30 };
    const sent: string[] = [];
    doc.middlewareStack.add((next, context) => async (args) => { sent.push(String(context.commandName)); return next(args); }, { step: 'initialize', name: 'countStaffCalls' });
    const fromRows = await staffOverview(repo, now, config);
    doc.middlewareStack.remove('countStaffCalls');
    // Every list answered from its index: seven round trips (counters, four lists, invoices; then view totals and article summaries in one BatchGetItem).
    expect(sent).toEqual([...Array<string>(6).fill('QueryCommand'), 'BatchGetItemCommand']);
    const wholeRepo = { ...repo, listRequestsByStatus: (s: Parameters<Repository['listRequestsByStatus']>[0], o: Parameters<Repository['listRequestsByStatus']>[1] = {}) => repo.listRequestsByStatus(s, { ...o, rows: false }),
      listRecentDecisions: (o: Parameters<Repository['listRecentDecisions']>[0] = {}) => repo.listRecentDecisions({ ...o, rows: false }) };
    const fromRecords = await staffOverview(wholeRepo, now, config);
    const ids = (d: typeof fromRows) => [d.pending.map((i) => i.requestId), d.decisions.map((i) => i.requestId), d.licenses.map((l) => [l.item.requestId, l.item.license?.licenseId, l.views])];
    expect(ids(fromRows)).toEqual(ids(fromRecords));
    expect(fromRows.pending.map((i) => i.requestId)).toContain(pendingId);
    expect(fromRows.licenses.map((l) => l.item.requestId)).toContain(licensedId);
  });

  it('answers GET /staff — the overview and the compliance panel, with signals — in at most 10 round trips', async () => {
    const now = new Date();
    const config = { remindAfterHours: 48, expireAfterDays: 14, renewalNoticeDays: 30 };
    const licenseId = (await repo.getRequest(licensedId))!.license!.licenseId;
    // Signals on the window's first and last day: the window spans two months unless it lies in one.
    const days = lastDays(now, DEFAULT_COMPLIANCE_DAYS);
    for (const date of [days[0]!, days[days.length - 1]!]) await repo.addComplianceHit({ licenseId, date, signal: 'undeclared-origin', origin: 'https://elsewhere.example', now });
    const months = new Set(days.map((d) => d.slice(0, 7))).size;
    const sent: string[] = [];
    doc.middlewareStack.add((next, context) => async (args) => { sent.push(String(context.commandName)); return next(args); }, { step: 'initialize', name: 'countStaffViewCalls' });
    const [overview, panel] = await Promise.all([staffOverview(repo, now, config), complianceOverview(repo, now, 'http://localhost:3000')]);
    doc.middlewareStack.remove('countStaffViewCalls');
    expect(panel.compliance?.rows.map((r) => [r.licenseId, r.hits, r.licensee, r.headline])).toEqual([[licenseId, 2, 'Riverside Weekly', expect.any(String)]]);
    expect(overview.licenses.length).toBeGreaterThan(0);
    // 6 Queries of the overview + one Query per month of the window; one BatchGetItem each for the overview's and the panel's details.
    expect(sent.filter((c) => c === 'QueryCommand')).toHaveLength(6 + months);
    expect(sent.filter((c) => c === 'BatchGetItemCommand')).toHaveLength(2);
    expect(sent.length).toBeLessThanOrEqual(10);
    console.log(`[index-projections] GET /staff with compliance signals: ${sent.length} round trips (${6 + months} Query, 2 BatchGetItem)`);
  });
});
