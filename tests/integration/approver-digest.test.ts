/**
 * Approvers are never flooded: beyond APPROVER_MAILS_PER_HOUR review emails an hour, the rest are
 * held in their items' outboxes and delivered as one digest per approver at the end of the hour —
 * each with its own working review link. Over HTTP against the local stack, with a small allowance.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, requestBody, startTestStack, type StoredMail, type TestStack } from '../support/stack.js';
import { tableAccess } from '../support/table.js';

const PER_HOUR = 2;
const REQUESTS = 5;
const APPROVERS = ['editor@harbourledger.example', 'rights@harbourledger.example'];
let stack: TestStack;
let table: ReturnType<typeof tableAccess>;
const requestIds: string[] = [];

beforeAll(async () => {
  stack = await startTestStack({ mailCaps: { perRecipientPerDay: 1000, perSourceIpPerDay: 1000, approverMailsPerHour: PER_HOUR } });
  table = tableAccess(stack.urls.dynamodb);
  for (let i = 0; i < REQUESTS; i++) {
    const res = await postJson(stack, '/requests', requestBody({ requester: { email: `reader-${i}@papers.example` }, use: { type: 'print-reprint', audience: 2000 } }));
    expect(res.status).toBe(201);
    const body = await res.json() as { requestId: string; status: string };
    expect(body.status).toBe('pending');
    requestIds.push(body.requestId);
  }
}, 60_000);
afterAll(async () => { await stack?.stop(); });

const to = (mails: StoredMail[], who: string) => mails.filter((m) => m.destination.to.includes(who));
const reviewLinks = (text = '') => [...text.matchAll(/\/review\/([0-9a-z]{16})\?token=([\w%-]+)/g)].map((m) => ({ requestId: m[1]!, token: decodeURIComponent(m[2]!) }));
let now: Date;

describe('review emails beyond the hourly allowance', () => {
  it(`each approver gets ${PER_HOUR} review emails now; requesters get every acknowledgement`, async () => {
    now = new Date();
    await stack.dispatch(now);
    const mails = await stack.mails();
    for (const approver of APPROVERS) expect(to(mails, approver), approver).toHaveLength(PER_HOUR);
    for (let i = 0; i < REQUESTS; i++) expect(to(mails, `reader-${i}@papers.example`)).toHaveLength(1);
  });

  it('the rest wait in their items\' outboxes, nothing dropped', async () => {
    const held = (await Promise.all(requestIds.map((id) => table.repo.getRequest(id))))
      .flatMap((item) => Object.values(item!.outbox)).filter((m) => m.digest);
    expect(held).toHaveLength(APPROVERS.length * (REQUESTS - PER_HOUR));
    for (const m of held) {
      expect(m.state).toBe('pending');
      // An intent: no body (and no token) until the digest is rendered.
      expect(m.kind).toBe('approver-review');
      expect(m.text).toBeUndefined();
      expect(m.nextAttemptAt > now.toISOString()).toBe(true);
    }
  });

  it('at the end of the hour each approver gets ONE digest holding each held request with its own working link', async () => {
    await stack.clearMails();
    const later = new Date(now.getTime() + 3_600_000 + 1000);
    await stack.dispatch(later);
    const mails = await stack.mails();
    for (const approver of APPROVERS) {
      const got = to(mails, approver);
      expect(got, approver).toHaveLength(1);
      expect(got[0]!.subject).toBe(`${REQUESTS - PER_HOUR} reprint requests await your decision`);
      const links = reviewLinks(got[0]!.body.text);
      expect(links).toHaveLength(REQUESTS - PER_HOUR);
      expect(new Set(links.map((l) => l.requestId)).size).toBe(REQUESTS - PER_HOUR);
      for (const l of links) {
        const page = await stack.api(`/review/${l.requestId}?token=${encodeURIComponent(l.token)}`);
        expect(page.status, `${approver} ${l.requestId}`).toBe(200);
      }
    }
    // Delivered: bodies dropped, nothing left to send, a second sweep sends nothing again.
    const items = await Promise.all(requestIds.map((id) => table.repo.getRequest(id)));
    for (const m of items.flatMap((item) => Object.values(item!.outbox))) {
      expect(m.state, m.id).toBe('sent');
      expect(m.text, m.id).toBeUndefined();
    }
    await stack.clearMails();
    expect(await stack.dispatch(new Date(later.getTime() + 1000))).toEqual({ sent: 0, retried: 0, parked: 0 });
    expect(await stack.mails()).toEqual([]);
  });
});
