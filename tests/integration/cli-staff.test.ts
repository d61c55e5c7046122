/**
 * The staff CLI against the local stack: requests list/show/approve/deny, outbox list/replay and
 * mail receive — tables for people, --json that scripts parse.
 */
import { stateTable } from '../../functions/domain/status-display.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyAddressFor } from '../../functions/domain/mail-reply.js';
import { postJson, requestBody, startTestStack, type StoredMail, type TestStack } from '../support/stack.js';
import { tableAccess } from '../support/table.js';

let stack: TestStack;
let table: ReturnType<typeof tableAccess>;
const dir = mkdtempSync(join(tmpdir(), 'desk-cli-'));

beforeAll(async () => {
  stack = await startTestStack();
  table = tableAccess(stack.urls.dynamodb);
});
afterAll(async () => { await stack?.stop(); });

const desk = (...argv: string[]) => stack.desk(...argv);
const json = async (...argv: string[]) => {
  const r = await desk(...argv, '--json');
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out);
};

async function submit(email: string, use: Record<string, unknown> = { type: 'print-reprint', audience: 2000 }) {
  const res = await postJson(stack, '/requests', requestBody({ use, requester: { email } }));
  return (await res.json()) as { requestId: string; status: string; token: string };
}
const linksIn = (m: StoredMail) => [...new Set((m.body.text ?? '').match(/https?:\/\/[^\s<>"')]+/g) ?? [])];

describe('desk requests', () => {
  it('lists requests as an aligned table and as JSON, filtered by status', async () => {
    const p = await submit('list-pending@example.org');
    const l = await submit('list-licensed@example.org', {});
    expect(l.status).toBe('licensed');
    const all = await json('requests', 'list');
    expect(all.map((r: { requestId: string }) => r.requestId)).toEqual(expect.arrayContaining([p.requestId, l.requestId]));
    const pending = await json('requests', 'list', '--status', 'pending');
    expect(pending.every((r: { status: string }) => r.status === 'pending')).toBe(true);
    expect(pending.map((r: { requestId: string }) => r.requestId)).toContain(p.requestId);
    expect(pending.map((r: { requestId: string }) => r.requestId)).not.toContain(l.requestId);
    const both = await json('requests', 'list', '--status', 'pending,licensed', '--limit', '1');
    expect(both).toHaveLength(1);

    const people = await desk('requests', 'list');
    expect(people.code).toBe(0);
    const lines = people.out.split('\n');
    expect(lines[0]).toMatch(/^REQUEST\s+STATUS\s+CREATED \(UTC\)\s+ARTICLE\s+REQUESTER\s+USE\s+FEE$/);
    // Aligned: every row's STATUS column starts where the header's does.
    const col = lines[0]!.indexOf('STATUS');
    // The STATUS column reads the one table of states' labels, as every other surface does.
    const labels = Object.values(stateTable).map((w) => w.label);
    for (const line of lines.slice(1)) expect(labels).toContain(line.slice(col).split(/\s{2,}/)[0]);

    expect((await desk('requests', 'list', '--status', 'nonsense')).code).toBe(2);
  });

  it('shows one request with its history, approvers and mail; JSON carries no token hashes or mail bodies', async () => {
    const p = await submit('show@example.org');
    await stack.dispatch();
    const people = await desk('requests', 'show', p.requestId);
    expect(people.code, people.err).toBe(0);
    expect(people.out).toContain('rights@harbourledger.example');
    expect(people.out).toMatch(/History\nAT \(UTC\)\s+FROM\s+TO\s+ACTOR/);
    expect(people.out).toMatch(/Next step\s+remind at/);
    const v = await json('requests', 'show', p.requestId);
    expect(v.approvers.map((a: { email: string }) => a.email).sort()).toEqual(['editor@harbourledger.example', 'rights@harbourledger.example']);
    expect(v.history).toHaveLength(1);
    expect(v.outbox.every((m: Record<string, unknown>) => !('text' in m) && !('html' in m))).toBe(true);
    expect(JSON.stringify(v)).not.toMatch(/[0-9a-f]{64}/); // no token hash anywhere
    expect((await desk('requests', 'show', 'nope')).code).toBe(1);
  });

  it('approves as a named approver through the review core: one license, staff in the history, second decision refused', async () => {
    const p = await submit('cli-approve@example.org');
    const notApprover = await desk('requests', 'approve', p.requestId, '--as', 'someone@example.org', '--note', 'hi');
    expect(notApprover.code).toBe(1);
    expect(notApprover.err).toContain('not an approver');
    const ok = await json('requests', 'approve', p.requestId, '--as', 'Rights@HarbourLedger.example', '--note', 'Fine by us.', '--base-url', stack.urls.api);
    expect(ok).toMatchObject({ requestId: p.requestId, outcome: 'approved', status: 'licensed', by: 'rights@harbourledger.example' });
    expect(ok.licenseId).toMatch(/^RD-/);
    const again = await desk('requests', 'deny', p.requestId, '--as', 'editor@harbourledger.example');
    expect(again.code).toBe(1);
    expect(again.err).toContain('already decided');
    const v = await json('requests', 'show', p.requestId);
    expect(v.history.at(-1)).toMatchObject({ from: 'pending', to: 'licensed', actor: 'staff', by: 'rights@harbourledger.example', note: 'Fine by us.', userAgent: 'desk cli' });
    await stack.dispatch();
    const licensed = (await stack.mails()).find((m) => m.destination.to[0] === 'cli-approve@example.org' && m.subject.includes(ok.licenseId))!;
    expect(linksIn(licensed).some((l) => l.startsWith(`${stack.urls.api}/licenses/${ok.licenseId}/copy`))).toBe(true);
  });

  it('denies with a note, and approves at another fee as a counter-offer', async () => {
    const d = await submit('cli-deny@example.org');
    const denied = await desk('requests', 'deny', d.requestId, '--as', 'editor@harbourledger.example', '--note', 'Not for print.');
    expect(denied.code, denied.err).toBe(0);
    expect(denied.out).toContain('denied by editor@harbourledger.example');
    const o = await submit('cli-offer@example.org');
    expect((await desk('requests', 'approve', o.requestId, '--as', 'rights@harbourledger.example', '--fee', 'lots')).code).toBe(2);
    const offered = await json('requests', 'approve', o.requestId, '--as', 'rights@harbourledger.example', '--fee', '199.00');
    expect(offered).toMatchObject({ outcome: 'offered', status: 'offered', offer: '199.00' });
  });
});

describe('desk outbox', () => {
  it('lists waiting and parked mail, and replays parked mail exactly once', async () => {
    await stack.dispatch();
    expect(await json('outbox', 'list')).toEqual([]);
    await stack.sesOutage.begin();
    let p: { requestId: string };
    try {
      p = await submit('parked@example.org');
      const waiting = await json('outbox', 'list');
      expect(waiting.filter((m: { requestId: string }) => m.requestId === p.requestId)).toHaveLength(3);
      // Sixteen failed attempts, an hour apart: the messages are parked.
      for (let i = 1; i <= 16; i++) await stack.dispatch(new Date(Date.now() + i * 3_600_000));
    } finally {
      await stack.sesOutage.end();
    }
    const parked = await json('outbox', 'list', '--parked');
    expect(parked.map((m: { kind: string }) => m.kind).sort()).toEqual(['approver-review', 'approver-review', 'requester-ack']);
    expect(parked.every((m: { state: string; attempts: number; lastError?: string }) => m.state === 'parked' && m.attempts === 16 && m.lastError)).toBe(true);
    const people = await desk('outbox', 'list', '--parked');
    expect(people.out.split('\n')[0]).toMatch(/^REQUEST\s+KIND\s+TO\s+STATE\s+ATTEMPTS/);

    expect(await json('outbox', 'replay', p.requestId)).toEqual({ requestId: p.requestId, replayed: 3 });
    expect(await json('outbox', 'replay', p.requestId)).toEqual({ requestId: p.requestId, replayed: 0 });
    expect(await json('outbox', 'list', '--parked')).toEqual([]);
    await stack.clearMails();
    expect((await stack.dispatch()).sent).toBe(3);
    expect((await stack.mails()).filter((m) => (m.body.text ?? '').includes(p.requestId))).toHaveLength(3);
    expect((await desk('outbox', 'replay', 'zzzz')).code).toBe(1);
  }, 60_000);
});

describe('desk mail receive', () => {
  it('feeds a saved reply through the reply use case; verdicts default to pass and can be failed', async () => {
    const p = await submit('cli-mail@example.org');
    await stack.dispatch();
    const review = (await stack.mails()).find((m) => m.destination.to[0] === 'rights@harbourledger.example' && (m.body.text ?? '').includes(p.requestId))!;
    const token = new URL(linksIn(review).find((l) => l.includes('/review/'))!).searchParams.get('token')!;
    const file = join(dir, 'reply.eml');
    writeFileSync(file, [
      'From: Rights Desk <rights@harbourledger.example>', `To: ${replyAddressFor(p.requestId, token, 'inbound.reprintdesk.local')}`,
      'Subject: Re: Decision needed', 'Message-ID: <cli-1@harbourledger.example>', 'Content-Type: text/plain; charset=utf-8', '',
      'approve', '', '> Open the review page',
    ].join('\r\n'));
    const refused = await json('mail', 'receive', file, '--spf', 'fail');
    expect(refused).toMatchObject({ accepted: false, reason: 'spf-not-pass' });
    const dkim = await desk('mail', 'receive', file, '--dkim', 'fail');
    expect(dkim.out).toBe('Ignored: dkim-not-pass. Nothing was decided.');
    expect((await table.repo.getRequest(p.requestId))!.status).toBe('pending');
    const accepted = await desk('mail', 'receive', file);
    expect(accepted.code, accepted.err).toBe(0);
    expect(accepted.out).toBe(`Accepted: ${p.requestId} approved by rights@harbourledger.example (now licensed).`);
    expect(await json('mail', 'receive', file)).toMatchObject({ accepted: false, reason: 'already-decided' });
    expect((await desk('mail', 'receive', join(dir, 'missing.eml'))).code).toBe(2);
  });
});
