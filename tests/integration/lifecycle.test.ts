/**
 * The scheduled lifecycle against the local stack, with the clock moved forward: reminders, expiries,
 * lapsed counter-offers, renewal notices and ended licenses each happen exactly once, and running
 * twice at the same moment does nothing new.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, requestBody, startTestStack, type StoredMail, type TestStack } from '../support/stack.js';
import { tableAccess } from '../support/table.js';
import type { LifecycleReport } from '../../functions/application/lifecycle.js';
import type { Repository } from '../../functions/adapters/repository.js';

let stack: TestStack;
let table: ReturnType<typeof tableAccess>;
let runLifecycle: (now: Date) => Promise<LifecycleReport>;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const t0 = Date.now();
const at = (ms: number) => new Date(t0 + ms);
const zero: LifecycleReport = { reminded: 0, reminderMails: 0, expired: 0, offersExpired: 0, renewalNotices: 0, licensesEnded: 0, invoiceReminders: 0, suspended: 0, checkoutsLapsed: 0, skipped: 0, failed: 0 };

beforeAll(async () => {
  stack = await startTestStack();
  table = tableAccess(stack.urls.dynamodb);
  ({ runLifecycle } = await import('../../functions/handlers/lifecycle.js'));
  // This file is about the request and license clock; invoices (their own queue) are in payments.test.ts.
  const card = (await table.repo.getEffectiveRateCard('the-harbour-ledger'))!;
  await table.repo.putRateCard({ ...card, uses: Object.fromEntries(Object.entries(card.uses).map(([k, u]) => [k, { ...u, payment: 'none' }])) as typeof card.uses }, new Date());
});
afterAll(async () => { await stack?.stop(); });

const form = (fields: Record<string, string>) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
const linksIn = (m: StoredMail) => [...new Set((m.body.text ?? '').match(/https?:\/\/[^\s<>"')]+/g) ?? [])];
const mailsFor = async (requestId: string) => (await stack.mails()).filter((m) => (m.body.text ?? '').includes(requestId));
const tokenIn = (m: StoredMail) => new URL(linksIn(m).find((l) => l.includes('/review/'))!).searchParams.get('token')!;

async function submit(email: string, use: Record<string, unknown>) {
  const res = await postJson(stack, '/requests', requestBody({ use, requester: { email } }));
  expect(res.status).toBe(201);
  return (await res.json()) as { requestId: string; status: string; token: string };
}

describe('lifecycle with a moving clock', () => {
  const ids = { a: '', b: '', c: '', d: '' };

  it('sets up: two pending requests, one counter-offer, one instant license', async () => {
    ids.a = (await submit('alpha@example.org', { type: 'print-reprint', audience: 2000 })).requestId;
    ids.b = (await submit('bravo@example.org', { type: 'print-reprint', audience: 2000 })).requestId;
    ids.c = (await submit('charlie@example.org', { type: 'print-reprint', audience: 2000 })).requestId;
    const d = await submit('delta@example.org', {});
    expect(d.status).toBe('licensed');
    ids.d = d.requestId;
    await stack.dispatch();
    const approverMail = (await mailsFor(ids.c)).find((m) => m.destination.to[0] === 'rights@harbourledger.example')!;
    const offer = await stack.api(`/review/${ids.c}`, form({ token: tokenIn(approverMail), decision: 'approve', fee: '199.00' }));
    expect(offer.status).toBe(200);
    // Each item waits in the queue of its next step, anchored on a time that needs no configuration.
    const due = async (id: string) => { const i = (await table.requestItem(id))!; return [i.duePk, i.dueAt]; };
    expect(await due(ids.a)).toEqual(['LIFECYCLE#REMIND', (await table.repo.getRequest(ids.a))!.createdAt]);
    expect((await due(ids.c))[0]).toBe('LIFECYCLE#OFFER');
    expect((await due(ids.d))[0]).toBe('LIFECYCLE#RENEW');
  });

  it('does nothing before anything is due', async () => {
    expect(await runLifecycle(at(1 * HOUR))).toEqual(zero);
    expect(await runLifecycle(at(47 * HOUR))).toEqual(zero);
  });

  it('reminds every approver once, with a working review link and a reply address', async () => {
    await stack.dispatch();
    await stack.clearMails();
    const first = await runLifecycle(at(49 * HOUR));
    expect(first).toEqual({ ...zero, reminded: 2, reminderMails: 4 });
    expect(await runLifecycle(at(49 * HOUR))).toEqual(zero);
    expect(await runLifecycle(at(60 * HOUR))).toEqual(zero);
    await stack.dispatch(at(60 * HOUR)); // the mail is queued at the moved clock's time
    const reminders = (await stack.mails()).filter((m) => m.subject.startsWith('Reminder'));
    expect(reminders).toHaveLength(4);
    expect(new Set(reminders.map((m) => `${m.destination.to[0]} ${(m.body.text ?? '').includes(ids.a) ? 'a' : 'b'}`)).size).toBe(4);
    for (const m of reminders) {
      const requestId = (m.body.text ?? '').includes(ids.a) ? ids.a : ids.b;
      expect(m.replyTo[0]).toBe(`rd+${requestId}.${tokenIn(m)}@inbound.reprintdesk.local`);
      const page = await fetch(linksIn(m).find((l) => l.includes('/review/'))!);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Approve');
    }
    // The reminder's fresh token decides like the original one.
    const forA = reminders.find((m) => (m.body.text ?? '').includes(ids.a) && m.destination.to[0] === 'rights@harbourledger.example')!;
    const approved = await stack.api(`/review/${ids.a}`, form({ token: tokenIn(forA), decision: 'approve' }));
    expect(approved.status).toBe(200);
    expect((await table.requestItem(ids.a))!.duePk).toBe('LIFECYCLE#RENEW');
    expect((await table.requestItem(ids.b))!.duePk).toBe('LIFECYCLE#EXPIRE');
  });

  it('expires the undecided request and the lapsed counter-offer once, telling each requester', async () => {
    await stack.dispatch();
    await stack.clearMails();
    expect(await runLifecycle(at(13 * DAY))).toEqual(zero);
    expect(await runLifecycle(at(15 * DAY))).toEqual({ ...zero, expired: 1, offersExpired: 1 });
    expect(await runLifecycle(at(15 * DAY))).toEqual(zero);
    expect(await runLifecycle(at(16 * DAY))).toEqual(zero);
    await stack.dispatch(at(16 * DAY));
    const mails = await stack.mails();
    expect(mails.map((m) => m.destination.to[0]).sort()).toEqual(['bravo@example.org', 'charlie@example.org']);
    expect(mails.find((m) => m.destination.to[0] === 'charlie@example.org')!.subject).toContain('offer lapsed');
    for (const id of [ids.b, ids.c]) {
      const item = (await table.requestItem(id))!;
      expect(item.status).toBe('expired');
      expect(item.duePk).toBeUndefined();
      expect(item.history.at(-1)).toMatchObject({ to: 'expired', actor: 'system' });
    }
    // The requester's fresh status link works.
    const link = linksIn(mails[0]!).find((l) => l.includes('/requests/'))!;
    expect((await (await fetch(link)).json()).status).toBe('expired');
  });

  it('warns each licensee once before the license ends, with a renewal link', async () => {
    await stack.clearMails();
    const licenseA = (await table.repo.getRequest(ids.a))!.license!;
    const end = Date.parse(`${licenseA.validUntil}T00:00:00Z`) + DAY;
    expect(await runLifecycle(new Date(end - 31 * DAY))).toEqual(zero);
    expect(await runLifecycle(new Date(end - 29 * DAY))).toEqual({ ...zero, renewalNotices: 2 });
    expect(await runLifecycle(new Date(end - 29 * DAY))).toEqual(zero);
    expect(await runLifecycle(new Date(end - 2 * DAY))).toEqual(zero);
    await stack.dispatch(new Date(end - 2 * DAY));
    const mails = await stack.mails();
    expect(mails.map((m) => m.destination.to[0]).sort()).toEqual(['alpha@example.org', 'delta@example.org']);
    for (const m of mails) expect(linksIn(m)).toContain(`${stack.urls.api}/articles/harbour-dredging-plan/reprint`);
  });

  it('marks ended licenses expired once; they leave the article index and the due index', async () => {
    const licenseA = (await table.repo.getRequest(ids.a))!.license!;
    const end = Date.parse(`${licenseA.validUntil}T00:00:00Z`) + DAY;
    const before = (await table.repo.listLicensesOfArticle('harbour-dredging-plan')).map((i) => i.requestId);
    expect(before).toEqual(expect.arrayContaining([ids.a, ids.d]));
    expect(await runLifecycle(new Date(end + HOUR))).toEqual({ ...zero, licensesEnded: 2 });
    expect(await runLifecycle(new Date(end + HOUR))).toEqual(zero);
    expect(await runLifecycle(new Date(end + 400 * DAY))).toEqual(zero);
    for (const id of [ids.a, ids.d]) {
      const item = (await table.requestItem(id))!;
      expect(item.license!.status).toBe('expired');
      expect(item.status).toBe('licensed');
      expect(item.duePk).toBeUndefined();
      expect(item.gsi2pk).toBeUndefined();
    }
    const after = (await table.repo.listLicensesOfArticle('harbour-dredging-plan')).map((i) => i.requestId);
    expect(after).not.toContain(ids.a);
    expect(after).not.toContain(ids.d);
  });

  it('reads work only from the due index, and a late run does only the latest step', async () => {
    const { sweepLifecycle } = await import('../../functions/application/lifecycle.js');
    const late = (await submit('late@example.org', { type: 'print-reprint', audience: 2000 })).requestId;
    const calls: string[] = [];
    const spy = new Proxy(table.repo, {
      get(target, prop: keyof Repository) {
        const v = target[prop];
        return typeof v === 'function' ? (...args: unknown[]) => { calls.push(String(prop)); return (v as (...a: unknown[]) => unknown).apply(target, args); } : v;
      },
    });
    const report = await sweepLifecycle({ repo: spy, baseUrl: stack.urls.api, config: { remindAfterHours: 48, expireAfterDays: 14, renewalNoticeDays: 30 } }, at(20 * DAY));
    expect(report).toEqual({ ...zero, expired: 1 });
    expect([...new Set(calls)].sort()).toEqual(['listDue', 'update']);
    expect(calls.filter((c) => c === 'listDue')).toHaveLength(7);
    const item = (await table.repo.getRequest(late))!;
    expect(item.status).toBe('expired');
    expect(Object.values(item.outbox).map((m) => m.kind)).not.toContain('approver-reminder');
  });
});
