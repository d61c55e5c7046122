/**
 * The use cases on the in-memory repository (adapters/memory-repository.ts, held to the DynamoDB
 * repository's contract by tests/contract/): intake, a decision raced eight times, delivery of the
 * outbox, a withdrawal, the mail caps, the lifecycle's clock and an operator's replay — each in
 * milliseconds, with no table. Each has its end-to-end twin over HTTP on dynalite in
 * tests/integration/ (intake, review, lifecycle, mail-caps, security-input); the same use-case writes run
 * on dynalite and DynamoDB Local in tests/integration/data-layer.test.ts.
 *
 * The repository's conflict hook makes a write lose on purpose, so a use case meeting a write
 * conflict that outlasts the retries is tested without a mock: it ends in WriteConflict (a 503 with
 * Retry-After), never a 500, never "nothing to do".
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { memoryMailCapCounters, memoryRepository, type MemoryRepository } from '../../functions/adapters/memory-repository.js';
import { loadSampleData } from '../../local/sample-data.js';
import { submitRequest, submitWithinMailCaps } from '../../functions/application/submit-request.js';
import { decide } from '../../functions/application/review.js';
import { withdraw } from '../../functions/application/requester-actions.js';
import { deliverRequestMail, dispatchDue, replayParked } from '../../functions/application/dispatch-outbox.js';
import { sweepLifecycle } from '../../functions/application/lifecycle.js';
import { MailCapReached, WriteConflict } from '../../functions/application/errors.js';
import type { Mailer, OutgoingMail } from '../../functions/application/ports.js';
import { lifecycleConfigFrom } from '../../functions/domain/lifecycle.js';
import { hashToken } from '../../functions/domain/tokens.js';
import { reprintRequestSchema } from '../../functions/domain/request-body.js';
import { toProblem } from '../../functions/edge/problem.js';
import { requestBody } from '../support/stack.js';

const baseUrl = 'http://localhost:3000';
const who = { actor: 'requester' as const, sourceIp: '192.0.2.10', userAgent: 'vitest' };
const body = (over: Parameters<typeof requestBody>[0] = {}) => reprintRequestSchema.parse(requestBody(over));
const print = (email: string) => body({ use: { type: 'print-reprint', audience: 2000 }, requester: { email } });
const HOUR = 3_600_000;

let repo: MemoryRepository;
let lose: (write: { entity: string; id: string; attempt: number }) => boolean;
let sent: OutgoingMail[];
const mailer: Mailer = { send: async (m) => { sent.push(m); return { messageId: `m-${sent.length}` }; } };
const intake = () => ({ repo, baseUrl, tokenTtlDays: 14, fallbackApprovers: ['desk@example.org'] });
const dispatch = () => ({ repo, mailer, from: 'desk@example.org', render: { baseUrl } });
const to = (address: string) => sent.filter((m) => m.to.includes(address));
const reviewTokenIn = (m: OutgoingMail) => decodeURIComponent(/\/review\/[^?\s]+\?token=([^\s&"<]+)/.exec(m.text ?? '')![1]!);
const form = (token: string, decision: 'approve' | 'deny') => ({ token, decision, note: undefined, fee: undefined, confirmFee: false });

beforeEach(async () => {
  lose = () => false;
  repo = memoryRepository({ conflict: (w) => lose(w) });
  sent = [];
  await loadSampleData(repo, new Date());
});

describe('intake', () => {
  it('licenses a routine use at once, sends the rest for review, refuses what the card refuses — one stored request each', async () => {
    const now = new Date();
    const licensed = await submitRequest(intake(), body(), { who, now });
    const pending = await submitRequest(intake(), print('pending@example.org'), { who, now });
    const rejected = await submitRequest(intake(), body({ articleId: 'wire-grain-exports' }), { who, now });
    expect([licensed.item.status, pending.item.status, rejected.item.status]).toEqual(['licensed', 'pending', 'rejected']);
    expect(repo.inspect.requests()).toHaveLength(3);
    expect((await repo.getRequestByLicense(licensed.item.license!.licenseId))?.requestId).toBe(licensed.item.requestId);
    expect((await repo.listRequestsByStatus('pending')).items.map((r) => r.requestId)).toEqual([pending.item.requestId]);
    // What the requester holds is a token; what is stored is only its hash.
    const stored = JSON.stringify(repo.inspect.requests());
    expect(stored).not.toContain(licensed.requesterToken);
    expect((await repo.getRequest(licensed.item.requestId))!.requesterTokens[hashToken(licensed.requesterToken)]).toBeDefined();
  });

  it('a retry with the same Idempotency-Key finds the first request and stores nothing new', async () => {
    const first = await submitRequest(intake(), body({ requester: { email: 'idem@example.org' } }), { idempotencyKey: 'k-1', who, now: new Date() });
    const again = await submitRequest(intake(), body({ requester: { email: 'idem@example.org' } }), { idempotencyKey: 'k-1', who, now: new Date() });
    expect(again.created).toBe(false);
    expect(again.item.requestId).toBe(first.item.requestId);
    expect(again.requesterToken).not.toBe(first.requesterToken);
    expect(repo.inspect.requests()).toHaveLength(1);
  });

  it('over the recipient\'s daily mail cap: refused before anything is stored, and the client address\'s count is given back', async () => {
    const counters = memoryMailCapCounters();
    const caps = { counters, limits: { perRecipientPerDay: 2, perSourceIpPerDay: 10 } };
    const now = new Date('2026-11-25T12:00:00Z');
    for (let i = 0; i < 2; i++) await submitWithinMailCaps(intake(), caps, body({ requester: { email: 'capped@example.org' } }), { who, now });
    await expect(submitWithinMailCaps(intake(), caps, body({ requester: { email: 'capped@example.org' } }), { who, now })).rejects.toBeInstanceOf(MailCapReached);
    expect(repo.inspect.requests()).toHaveLength(2);
    expect(counters.count('source-ip', who.sourceIp, '2026-11-25')).toBe(2);
  });
});

describe('deciding and delivering', () => {
  it('eight decisions at once: exactly one wins; each message is delivered once; no raw token rests in the store', async () => {
    const p = await submitRequest(intake(), print('decide@example.org'), { who, now: new Date() });
    await deliverRequestMail(dispatch(), p.item.requestId, new Date());
    const review = sent.find((m) => !m.to.includes('decide@example.org'))!;
    const token = reviewTokenIn(review);
    expect(JSON.stringify(repo.inspect.requests())).not.toContain(token);
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) =>
      decide({ repo, baseUrl, offerTtlDays: 14 }, p.item.requestId, form(token, i % 2 ? 'deny' : 'approve'), { sourceIp: '127.0.0.1' }, new Date())));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const decided = (await repo.getRequest(p.item.requestId))!;
    expect(['licensed', 'denied']).toContain(decided.status);
    expect(decided.history.filter((h) => h.from === 'pending')).toHaveLength(1);

    await dispatchDue(dispatch(), new Date(Date.now() + 1000));
    await dispatchDue(dispatch(), new Date(Date.now() + 2000));
    expect(to('decide@example.org').map((m) => m.subject)).toHaveLength(2); // acknowledgement + the decision, once each
    expect((await repo.listOutboxDue(new Date(Date.now() + HOUR), 100)).items).toEqual([]);
    expect(Object.values(decided.outbox).length).toBeGreaterThan(0);
    expect(Object.values((await repo.getRequest(p.item.requestId))!.outbox).every((m) => m.state === 'sent')).toBe(true);
  });

  it('a decision whose write keeps losing ends in WriteConflict — a 503 to retry — and changes nothing', async () => {
    const p = await submitRequest(intake(), print('busy@example.org'), { who, now: new Date() });
    await deliverRequestMail(dispatch(), p.item.requestId, new Date());
    const token = reviewTokenIn(sent.find((m) => !m.to.includes('busy@example.org'))!);
    lose = (w) => w.entity === 'request' && w.id === p.item.requestId;
    const attempt = decide({ repo, baseUrl, offerTtlDays: 14 }, p.item.requestId, form(token, 'approve'), { sourceIp: '127.0.0.1' }, new Date());
    await expect(attempt).rejects.toBeInstanceOf(WriteConflict);
    const problem = toProblem(await attempt.catch((e: unknown) => e))!;
    expect(problem.status).toBe(503);
    expect((await repo.getRequest(p.item.requestId))!.status).toBe('pending');
    lose = () => false;
    await expect(decide({ repo, baseUrl, offerTtlDays: 14 }, p.item.requestId, form(token, 'approve'), { sourceIp: '127.0.0.1' }, new Date())).resolves.toMatchObject({ item: { status: 'licensed' } });
  });

  it('the requester withdraws a pending request once; the approvers who did not act are told', async () => {
    const p = await submitRequest(intake(), print('withdraw@example.org'), { who, now: new Date() });
    await deliverRequestMail(dispatch(), p.item.requestId, new Date());
    const approvers = sent.filter((m) => !m.to.includes('withdraw@example.org')).flatMap((m) => m.to);
    expect(approvers.length).toBeGreaterThan(0);
    const before = sent.length;
    const out = await withdraw(repo, baseUrl, p.item.requestId, p.requesterToken, who, new Date());
    expect(out.status).toBe('withdrawn');
    await expect(withdraw(repo, baseUrl, p.item.requestId, p.requesterToken, who, new Date())).rejects.toThrow();
    await dispatchDue(dispatch(), new Date(Date.now() + 1000));
    for (const approver of approvers) expect(sent.slice(before).filter((m) => m.to.includes(approver)), approver).toHaveLength(1);
  });

  it('replaying parked mail: the number put back; a conflict that outlasts the retries is WriteConflict, never "none parked"', async () => {
    const p = await submitRequest(intake(), print('parked@example.org'), { who, now: new Date() });
    await repo.update(p.item.requestId, (r) => ({ ...r, outbox: Object.fromEntries(Object.entries(r.outbox).map(([k, m]) => [k, { ...m, state: 'parked' as const, attempts: 16 }])) }));
    const parked = Object.keys((await repo.getRequest(p.item.requestId))!.outbox).length;
    expect((await repo.listOutboxParked(10)).map((r) => r.requestId)).toEqual([p.item.requestId]);
    lose = (w) => w.id === p.item.requestId;
    await expect(replayParked(repo, p.item.requestId, new Date())).rejects.toBeInstanceOf(WriteConflict);
    expect((await repo.listOutboxParked(10)).map((r) => r.requestId)).toEqual([p.item.requestId]);
    lose = () => false;
    expect(await replayParked(repo, p.item.requestId, new Date())).toBe(parked);
    expect(await replayParked(repo, p.item.requestId, new Date())).toBe(0);
    expect((await repo.listOutboxDue(new Date(Date.now() + 1000), 10)).items.map((r) => r.requestId)).toEqual([p.item.requestId]);
  });
});

describe('the lifecycle clock', () => {
  it('reminds the approvers of an undecided request once, then expires it once, telling the requester', async () => {
    const config = lifecycleConfigFrom({ REMIND_AFTER_HOURS: '48', EXPIRE_AFTER_DAYS: '14', RENEWAL_NOTICE_DAYS: '30' });
    const t0 = Date.now();
    const p = await submitRequest(intake(), print('clock@example.org'), { who, now: new Date(t0) });
    const deps = { repo, baseUrl, config };
    expect(await sweepLifecycle(deps, new Date(t0 + HOUR))).toMatchObject({ reminded: 0, expired: 0 });
    expect(await sweepLifecycle(deps, new Date(t0 + 49 * HOUR))).toMatchObject({ reminded: 1 });
    expect(await sweepLifecycle(deps, new Date(t0 + 50 * HOUR))).toMatchObject({ reminded: 0 });
    expect(await sweepLifecycle(deps, new Date(t0 + 15 * 24 * HOUR))).toMatchObject({ expired: 1 });
    expect(await sweepLifecycle(deps, new Date(t0 + 16 * 24 * HOUR))).toMatchObject({ expired: 0 });
    const expired = (await repo.getRequest(p.item.requestId))!;
    expect(expired.status).toBe('expired');
    expect(Object.values(expired.outbox).map((m) => m.kind)).toEqual(expect.arrayContaining(['approver-reminder', 'requester-expired']));
    for (const queue of ['remind', 'expire'] as const) expect((await repo.listDue(queue, '2100-01-01T00:00:00.000Z', 10)).items).toEqual([]);
  });
});
