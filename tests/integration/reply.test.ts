/**
 * Approving by reply against the local stack: the acceptance matrix (SPF, DKIM, DMARC, sender,
 * token, first line), the same exactly-once rule as the review page, and raw MIME as mail programs
 * write it (plain, quoted-printable, HTML only, quoted original below).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, requestBody, startTestStack, type StoredMail, type TestStack } from '../support/stack.js';
import { tableAccess } from '../support/table.js';
import { replyAddressFor } from '../../functions/domain/mail-reply.js';
import { newToken } from '../../functions/domain/tokens.js';
import { receiveReply, type ReplyDeps, type ReplyResult } from '../../functions/application/reply-decision.js';

let stack: TestStack;
let table: ReturnType<typeof tableAccess>;
let deps: ReplyDeps;
const domain = 'inbound.reprintdesk.local';
const pass = { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' };

beforeAll(async () => {
  stack = await startTestStack();
  table = tableAccess(stack.urls.dynamodb);
  deps = { repo: table.repo, baseUrl: stack.urls.api, offerTtlDays: 14, inboundDomain: domain };
});
afterAll(async () => { await stack?.stop(); });

const linksIn = (m: StoredMail) => [...new Set((m.body.text ?? '').match(/https?:\/\/[^\s<>"')]+/g) ?? [])];

/** A pending request and each approver's review token (the reply token is the review token). */
async function pending(email: string) {
  const res = await postJson(stack, '/requests', requestBody({ use: { type: 'print-reprint', audience: 2000 }, requester: { email } }));
  const body = (await res.json()) as { requestId: string; token: string; status: string };
  expect(body.status).toBe('pending');
  await stack.dispatch();
  const mails = (await stack.mails()).filter((m) => (m.body.text ?? '').includes(body.requestId));
  const tokenFor = (to: string) => new URL(linksIn(mails.find((m) => m.destination.to[0] === to)!).find((l) => l.includes('/review/'))!).searchParams.get('token')!;
  return { ...body, rights: tokenFor('rights@harbourledger.example'), editor: tokenFor('editor@harbourledger.example') };
}

function eml(o: { from: string; to: string; text?: string; html?: string; headers?: Record<string, string>; qp?: boolean }): string {
  const head = [
    `From: ${o.from}`, `To: ${o.to}`, 'Subject: Re: Decision needed: reprint request', `Message-ID: <${newToken()}@mail.example>`,
    'Date: Tue, 24 Nov 2026 10:00:00 +0000', 'MIME-Version: 1.0', ...Object.entries(o.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
  ];
  if (o.html && !o.text) return [...head, 'Content-Type: text/html; charset=utf-8', '', o.html].join('\r\n');
  if (o.qp) return [...head, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable', '', o.text!].join('\r\n');
  return [...head, 'Content-Type: text/plain; charset=utf-8', '', o.text ?? ''].join('\r\n');
}

const quotedOriginal = '\r\n\r\nOn Tue, 24 Nov 2026 at 09:00, Reprint Desk <reprints@reprintdesk.local> wrote:\r\n> A reprint request needs your decision\r\n> Approve or deny';

describe('approving by reply: the acceptance matrix', () => {
  it('decides nothing unless SPF and DKIM pass, the sender is the token\'s approver, and the first line is a decision', async () => {
    const r = await pending('matrix@example.org');
    const to = replyAddressFor(r.requestId, r.rights, domain);
    const good = { from: 'Rights Desk <rights@harbourledger.example>', to, text: `Approve${quotedOriginal}` };
    const cases: [string, Parameters<typeof receiveReply>[1], string][] = [
      ['SPF fail', { raw: eml(good), verdicts: { ...pass, spf: 'FAIL' } }, 'spf-not-pass'],
      ['SPF softfail (GRAY)', { raw: eml(good), verdicts: { ...pass, spf: 'GRAY' } }, 'spf-not-pass'],
      ['DKIM fail', { raw: eml(good), verdicts: { ...pass, dkim: 'FAIL' } }, 'dkim-not-pass'],
      ['DMARC fail (From not aligned)', { raw: eml(good), verdicts: { ...pass, dmarc: 'FAIL' } }, 'dmarc-fail'],
      ['a stranger with the token', { raw: eml({ ...good, from: 'mallory@evil.example' }), verdicts: pass }, 'sender-not-approver'],
      ['the other approver with this approver\'s token', { raw: eml({ ...good, from: 'editor@harbourledger.example' }), verdicts: pass }, 'sender-not-approver'],
      ['no reply token (written to a plain address)', { raw: eml({ ...good, to: 'rights@harbourledger.example' }), verdicts: pass }, 'no-reply-address'],
      ['a made-up token', { raw: eml({ ...good, to: replyAddressFor(r.requestId, newToken(), domain) }), verdicts: pass }, 'invalid-token'],
      ['the token on another domain', { raw: eml({ ...good, to: `rd+${r.requestId}.${r.rights}@elsewhere.example` }), verdicts: pass }, 'no-reply-address'],
      ['no decision in the first line', { raw: eml({ ...good, text: `Thanks, I will look at it tomorrow.\r\napprove${quotedOriginal}` }), verdicts: pass }, 'no-decision'],
      ['only the quoted text says approve', { raw: eml({ ...good, text: quotedOriginal.trim() }), verdicts: pass }, 'no-decision'],
      ['an out-of-office auto-reply', { raw: eml({ ...good, headers: { 'Auto-Submitted': 'auto-replied' } }), verdicts: pass }, 'auto-reply'],
      ['an unknown request', { raw: eml({ ...good, to: replyAddressFor('0000000000000000', r.rights, domain) }), verdicts: pass }, 'unknown-request'],
    ];
    const before = await table.snapshot();
    const matrix: Record<string, string> = {};
    for (const [name, message, reason] of cases) {
      const result = await receiveReply(deps, message, new Date());
      matrix[name] = result.accepted ? 'ACCEPTED' : result.reason;
      expect(result, name).toMatchObject({ accepted: false, reason });
    }
    expect(await table.snapshot()).toBe(before);

    const accepted = await receiveReply(deps, { raw: eml({ ...good, text: `Approve - fine for the spring issue${quotedOriginal}` }), verdicts: pass }, new Date());
    matrix['well-formed reply from the approver'] = accepted.accepted ? 'ACCEPTED' : accepted.reason;
    expect(accepted).toMatchObject({ accepted: true, decision: 'approve', outcome: 'approved', status: 'licensed', by: 'rights@harbourledger.example' });
    const item = (await table.repo.getRequest(r.requestId))!;
    expect(item.status).toBe('licensed');
    expect(item.license?.licenseId).toMatch(/^RD-/);
    expect(item.history.at(-1)).toMatchObject({ actor: 'staff', by: 'rights@harbourledger.example', note: 'fine for the spring issue', userAgent: 'email reply' });

    // Exactly once: the same reply again, or the other approver, decides nothing more.
    const again = await receiveReply(deps, { raw: eml(good), verdicts: pass }, new Date());
    const other = await receiveReply(deps, { raw: eml({ from: 'editor@harbourledger.example', to: replyAddressFor(r.requestId, r.editor, domain), text: 'deny' }), verdicts: pass }, new Date());
    matrix['the same reply again'] = again.accepted ? 'ACCEPTED' : again.reason;
    matrix['the other approver, after the decision'] = other.accepted ? 'ACCEPTED' : other.reason;
    expect(again).toMatchObject({ accepted: false, reason: 'already-decided' });
    expect(other).toMatchObject({ accepted: false, reason: 'already-decided' });
    expect(await table.repo.getRequest(r.requestId)).toEqual(item);
    console.log('reply acceptance matrix', JSON.stringify(matrix, null, 1));
  });

  it('deny with a note, in HTML only and quoted-printable, reaches the requester', async () => {
    const r = await pending('denyreply@example.org');
    const html = '<div dir="ltr">Deny: we do not license this story for print</div><br><div class="gmail_quote"><div>On Tue, 24 Nov 2026 at 09:00, Reprint Desk wrote:</div><blockquote>Approve or deny</blockquote></div>';
    const result = await receiveReply(deps, {
      raw: eml({ from: 'EDITOR@HarbourLedger.example', to: `"Reprint Desk" <${replyAddressFor(r.requestId, r.editor, domain)}>`, html }), verdicts: pass,
    }, new Date());
    expect(result).toMatchObject({ accepted: true, decision: 'deny', outcome: 'denied', status: 'denied' });
    expect((await table.repo.getRequest(r.requestId))!.review).toMatchObject({ decision: 'deny', note: 'we do not license this story for print', by: 'editor@harbourledger.example' });
    await stack.dispatch();
    const denied = (await stack.mails()).find((m) => m.destination.to[0] === 'denyreply@example.org' && m.subject.includes('was denied'))!;
    expect(denied.body.text).toContain('we do not license this story for print');

    const r2 = await pending('qp@example.org');
    const qp = await receiveReply(deps, {
      raw: eml({ from: 'rights@harbourledger.example', to: replyAddressFor(r2.requestId, r2.rights, domain), qp: true, text: 'approve =E2=80=93 sch=C3=B6n\r\n\r\n> quoted' }),
      verdicts: pass, recipients: [replyAddressFor(r2.requestId, r2.rights, domain)],
    }, new Date());
    expect(qp).toMatchObject({ accepted: true, outcome: 'approved' });
    expect((await table.repo.getRequest(r2.requestId))!.review?.note).toBe('schön');
  });

  it('replies racing the review page leave exactly one decision', async () => {
    const r = await pending('race-reply@example.org');
    const form = (token: string, decision: string) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token, decision }).toString() });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => i % 2
      ? receiveReply(deps, { raw: eml({ from: 'rights@harbourledger.example', to: replyAddressFor(r.requestId, r.rights, domain), text: i % 4 === 1 ? 'approve' : 'deny' }), verdicts: pass }, new Date())
      : stack.api(`/review/${r.requestId}`, form(r.editor, i % 4 === 0 ? 'deny' : 'approve')).then((res) => res.status)));
    const winners = results.filter((x) => x === 200 || (typeof x === 'object' && (x as ReplyResult).accepted));
    expect(winners).toHaveLength(1);
    const item = (await table.repo.getRequest(r.requestId))!;
    expect(item.history).toHaveLength(2);
  });

  it('reminder tokens work as reply tokens too', async () => {
    const r = await pending('reminded-reply@example.org');
    const { runLifecycleFor } = await import('../../functions/application/lifecycle.js');
    const created = Date.parse((await table.repo.getRequest(r.requestId))!.createdAt);
    const now = new Date(created + 49 * 3_600_000);
    const outcome = await runLifecycleFor({ repo: table.repo, baseUrl: stack.urls.api, config: { remindAfterHours: 48, expireAfterDays: 14, renewalNoticeDays: 30 }, inboundDomain: domain }, r.requestId, now);
    expect(outcome).toEqual({ step: 'remind', mails: 2 });
    await stack.dispatch(now);
    const reminder = (await stack.mails()).find((m) => m.subject.startsWith('Reminder') && (m.body.text ?? '').includes(r.requestId) && m.destination.to[0] === 'rights@harbourledger.example')!;
    const result = await receiveReply(deps, { raw: eml({ from: 'rights@harbourledger.example', to: reminder.replyTo[0]!, text: 'approve' }), verdicts: pass }, new Date());
    expect(result).toMatchObject({ accepted: true, outcome: 'approved' });
  });
});
