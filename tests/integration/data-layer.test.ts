/**
 * The write paths of the use cases — intake, a decision, the outbox's delivery — against dynalite
 * and, where Java is present, Amazon's DynamoDB Local, on the items they really write: so what
 * dynalite lets slide (an empty string in an index key, a reserved word) fails here. What the
 * repository itself promises (create, get, update and its retries, WriteConflict, every listing)
 * is the contract suite's: tests/contract/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureTable, localDynamoClient } from '../../local/services.js';
import { dynamoRepository, type Repository } from '../../functions/adapters/repository.js';
import { loadSampleData } from '../../local/sample-data.js';
import { submitRequest } from '../../functions/application/submit-request.js';
import { decide } from '../../functions/application/review.js';
import { deliverRequestMail, dispatchDue } from '../../functions/application/dispatch-outbox.js';
import { hashToken } from '../../functions/domain/tokens.js';
import type { Mailer } from '../../functions/adapters/mailer.js';
import { javaAvailable, startDynaliteBackend, startDynamoDbLocal, type Backend } from '../support/backends.js';
import { requestBody } from '../support/stack.js';
import { reprintRequestSchema } from '../../functions/domain/request-body.js';

const backends: [string, () => Promise<Backend>][] = [['dynalite', startDynaliteBackend]];
if (javaAvailable()) backends.push(['DynamoDB Local', startDynamoDbLocal]);
else if (process.env.CI) {
  // In CI (.ci/run installs Java first) a conformance run that silently did not happen is not a pass.
  describe('data layer on DynamoDB Local', () => {
    it('needs Java 17 or newer (apt-get install default-jre-headless)', () => {
      expect.fail('no `java` on PATH: DynamoDB Local cannot start, so the use-case writes were not checked against it');
    });
  });
} else console.warn('data-layer: Java not found — DynamoDB Local conformance run skipped on this machine (CI fails instead)');

const who = { actor: 'requester' as const, sourceIp: '127.0.0.1', userAgent: 'vitest' };
const body = (over: Parameters<typeof requestBody>[0] = {}) => reprintRequestSchema.parse(requestBody(over));

describe.each(backends)('data layer on %s', (_name, start) => {
  let backend: Backend;
  let repo: Repository;
  const sent: { to: string[]; subject: string; text?: string }[] = [];
  const mailer: Mailer = { send: async (m) => { sent.push({ to: m.to, subject: m.subject, text: m.text }); return { messageId: `m-${sent.length}` }; } };
  const render = { baseUrl: 'http://localhost:3000' };
  const baseUrl = 'http://localhost:3000';
  const intake = () => ({ repo, baseUrl, tokenTtlDays: 14, fallbackApprovers: ['desk@example.org'] });

  beforeAll(async () => {
    backend = await start();
    const client = localDynamoClient(backend.endpoint);
    await ensureTable(client, 'conformance');
    repo = dynamoRepository(DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }), 'conformance');
    await loadSampleData(repo, new Date());
  }, 90_000);
  afterAll(async () => { await backend?.stop(); });

  it('writes a licensed, a pending and a rejected request item, each in one conditional write', async () => {
    const now = new Date();
    const licensed = await submitRequest(intake(), body(), { who, now });
    const pending = await submitRequest(intake(), body({ use: { type: 'print-reprint' } }), { who, now });
    const rejected = await submitRequest(intake(), body({ articleId: 'wire-grain-exports' }), { who, now });
    expect([licensed.item.status, pending.item.status, rejected.item.status]).toEqual(['licensed', 'pending', 'rejected']);
    expect((await repo.getRequestByLicense(licensed.item.license!.licenseId))?.requestId).toBe(licensed.item.requestId);
    expect((await repo.listRequestsByStatus('pending')).items.map((i) => i.requestId)).toContain(pending.item.requestId);
    expect((await repo.listLicensesOfArticle('harbour-dredging-plan')).map((i) => i.requestId)).toContain(licensed.item.requestId);
  });

  it('an idempotent retry of a submission finds the request the first one created', async () => {
    const s = await submitRequest(intake(), body({ requester: { email: 'idem@example.org' } }), { idempotencyKey: 'k-1', who, now: new Date() });
    expect(await repo.createRequest(s.item)).toBe(false);
    const replay = await submitRequest(intake(), body({ requester: { email: 'idem@example.org' } }), { idempotencyKey: 'k-1', who, now: new Date() });
    expect(replay.created).toBe(false);
    expect(replay.item.requestId).toBe(s.item.requestId);
  });

  it('decides exactly once and delivers the outbox exactly once', async () => {
    const now = new Date();
    const p = await submitRequest(intake(), body({ use: { type: 'print-reprint' }, requester: { email: 'decide@example.org' } }), { who, now });
    // The approver's token exists only in the delivered mail (minted at delivery); read it there, as an approver's inbox would.
    const before = sent.length;
    await deliverRequestMail({ repo, mailer, from: 'desk@example.org', render }, p.item.requestId, new Date());
    const reviewMail = sent.slice(before).find((m) => m.to[0] !== 'decide@example.org')!;
    const token = decodeURIComponent(/token=([^\s&"<]+)/.exec(reviewMail.text!)![1]!);
    const item = await repo.getRequest(p.item.requestId);
    expect(item!.approvers[hashToken(token)]).toBeDefined();
    expect(JSON.stringify(item)).not.toContain(token);
    const results = await Promise.allSettled(Array.from({ length: 8 }, () =>
      decide({ repo, baseUrl, offerTtlDays: 14 }, p.item.requestId, { token, decision: 'approve', note: undefined, fee: undefined, confirmFee: false }, { sourceIp: '127.0.0.1' }, new Date())));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    await dispatchDue({ repo, mailer, from: 'desk@example.org', render }, new Date(Date.now() + 1000));
    await deliverRequestMail({ repo, mailer, from: 'desk@example.org', render }, p.item.requestId, new Date(Date.now() + 2000));
    const mine = sent.slice(before).filter((m) => m.to[0] === 'decide@example.org');
    expect(mine).toHaveLength(2); // acknowledgement + license, once each
    const done = await repo.getRequest(p.item.requestId);
    expect((await repo.listOutboxDue(new Date(Date.now() + 3_600_000), 1000)).items.map((i) => i.requestId)).not.toContain(p.item.requestId);
    expect(Object.values(done!.outbox).every((m) => m.state === 'sent' && m.text === undefined)).toBe(true);
  });
});
