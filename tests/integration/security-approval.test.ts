/**
 * Attacks on the decision (issue 11), each reproduced against the local stack and shown to fail:
 * - a requester approving their own request with the approver's token from a quoted reply, at a
 *   fee of 0, then accepting their own "offer";
 * - a fee of 0 or an extreme fee, through the review link and through the staff CLI;
 * - an expired counter-offer accepted before the lifecycle ran;
 * - replies that are questions, out-of-office answers, spam, or unreadable MIME.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, requestBody, startTestStack, type StoredMail, type TestStack } from '../support/stack.js';
import { tableAccess } from '../support/table.js';
import { parseRequestBody, submitRequest } from '../../functions/application/submit-request.js';
import { answerOffer } from '../../functions/application/requester-actions.js';
import { receiveReply, type ReplyDeps } from '../../functions/application/reply-decision.js';
import { replyAddressFor } from '../../functions/domain/mail-reply.js';
import { newToken } from '../../functions/domain/tokens.js';
import { OfferExpired } from '../../functions/application/errors.js';

let stack: TestStack;
let table: ReturnType<typeof tableAccess>;
const domain = 'inbound.reprintdesk.local';
const RIGHTS = 'rights@harbourledger.example';
const pass = { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' };

beforeAll(async () => {
  stack = await startTestStack();
  table = tableAccess(stack.urls.dynamodb);
});
afterAll(async () => { await stack?.stop(); });

const form = (fields: Record<string, string>) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
const linksIn = (m: StoredMail) => [...new Set((m.body.text ?? '').match(/https?:\/\/[^\s<>"')]+/g) ?? [])];
const reviewTokenIn = (m: StoredMail, requestId: string) => new URL(linksIn(m).find((l) => l.includes(`/review/${requestId}`))!).searchParams.get('token')!;
const mailsOf = async (requestId: string) => (await stack.mails()).filter((m) => (m.body.text ?? '').includes(requestId));
const printReprint = (email: string) => requestBody({ use: { type: 'print-reprint', audience: 2000 }, requester: { email } });

async function reviewPost(requestId: string, fields: Record<string, string>) {
  const res = await postJson(stack, `/review/${requestId}`, fields);
  return { status: res.status, body: (await res.json()) as { errors?: { path: string; message: string }[]; outcome?: string } };
}

describe('self-approval through a quoted reply (approving by reply off: the default AWS setup)', () => {
  it('the approver\'s mail never has the requester in Reply-To, and a leaked token cannot license at 0', async () => {
    const requester = 'self-approver@riverside.example';
    // The default AWS setup: no INBOUND_DOMAIN. The same intake use case the handler runs.
    const s = await submitRequest({ repo: table.repo, baseUrl: stack.urls.api, tokenTtlDays: 14, fallbackApprovers: [] },
      parseRequestBody(printReprint(requester)), { who: { actor: 'requester' }, now: new Date() });
    expect(s.item.status).toBe('pending');
    const requestId = s.item.requestId;
    await stack.dispatch();
    const approverMails = (await mailsOf(requestId)).filter((m) => m.destination.to[0] !== requester);
    expect(approverMails.length).toBeGreaterThanOrEqual(1);
    for (const m of approverMails) {
      // Before: Reply-To: <requester>, and "Reply to this email to write to the requester".
      expect(m.replyTo ?? []).toEqual([]);
      expect(m.body.text).not.toContain('Reply to this email to write to the requester');
    }

    // Suppose the requester got the link anyway (a forwarded email): the attack of the issue.
    const leaked = reviewTokenIn(approverMails.find((m) => m.destination.to[0] === RIGHTS)!, requestId);
    const zero = await reviewPost(requestId, { token: leaked, decision: 'approve', fee: '0' });
    expect(zero.status).toBe(422);
    expect(zero.body.errors?.map((e) => e.path)).toEqual(['fee']);
    const zeroConfirmed = await reviewPost(requestId, { token: leaked, decision: 'approve', fee: '0.00', confirmFee: 'yes' });
    expect(zeroConfirmed.status).toBe(422);
    expect((await reviewPost(requestId, { token: leaked, decision: 'approve', fee: '10.00' })).status).toBe(422);
    expect((await table.repo.getRequest(requestId))!.status).toBe('pending');
    // No offer exists, so the requester has nothing to accept with their own token.
    const accept = await postJson(stack, `/requests/${requestId}/offer`, { token: s.requesterToken, answer: 'accept' });
    expect(accept.status).toBe(404);
    expect((await table.repo.getRequest(requestId))!.license).toBeUndefined();
    console.log(`[security] self-approval: Reply-To of ${approverMails.length} approver mails empty; leaked token at fee 0 → ${zero.status}, confirmed → ${zeroConfirmed.status}; accept → ${accept.status}; status pending`);
  });

  it('with approving by reply on, Reply-To is only the approver\'s own reply address, in the first mail and the reminder', async () => {
    const requester = 'replyto@riverside.example';
    const res = await postJson(stack, '/requests', printReprint(requester));
    const { requestId } = (await res.json()) as { requestId: string };
    await stack.dispatch();
    const { runLifecycle } = await import('../../functions/handlers/lifecycle.js');
    const later = new Date(Date.now() + 49 * 3_600_000);
    await runLifecycle(later);
    await stack.dispatch(later);
    const toApprovers = (await mailsOf(requestId)).filter((m) => m.destination.to[0] !== requester);
    expect(toApprovers.map((m) => m.subject).some((s) => s.startsWith('Reminder'))).toBe(true);
    for (const m of toApprovers) {
      expect(m.replyTo).toEqual([replyAddressFor(requestId, reviewTokenIn(m, requestId), domain)]);
      expect(m.replyTo.join()).not.toContain(requester);
    }
  });
});

describe('fees: bounded by the rate card, unusual ones confirmed, deep cuts need staff sign-in', () => {
  it('through the review link: a fee above ten times the card\'s highest fee is refused; over three times the quote needs confirming; a cut of up to half is an offer', async () => {
    const res = await postJson(stack, '/requests', printReprint('fees@riverside.example'));
    const { requestId } = (await res.json()) as { requestId: string };
    await stack.dispatch();
    const token = reviewTokenIn((await mailsOf(requestId)).find((m) => m.destination.to[0] === RIGHTS)!, requestId);
    const quote = (await table.repo.getRequest(requestId))!.quote;
    expect(quote.amount).toBe('250.00');
    expect((await reviewPost(requestId, { token, decision: 'approve', fee: '1000000.00', confirmFee: 'yes' })).body.errors?.[0]?.message).toMatch(/at most/);
    const extreme = await reviewPost(requestId, { token, decision: 'approve', fee: '1000.00' });
    expect(extreme.status).toBe(422);
    expect(extreme.body.errors?.map((e) => e.path)).toEqual(['confirmFee']);
    expect((await table.repo.getRequest(requestId))!.status).toBe('pending');
    const cut = await reviewPost(requestId, { token, decision: 'approve', fee: '199.00' });
    expect(cut).toMatchObject({ status: 200, body: { outcome: 'offered' } });
  });

  it('on the review page (HTML form): a refused fee shows the form again, the message beside the fee and the entered values kept', async () => {
    const res = await postJson(stack, '/requests', printReprint('fees-form@riverside.example'));
    const { requestId } = (await res.json()) as { requestId: string };
    await stack.dispatch();
    const token = reviewTokenIn((await mailsOf(requestId)).find((m) => m.destination.to[0] === RIGHTS)!, requestId);
    const post = async (fields: Record<string, string>) => {
      const r = await stack.api(`/review/${requestId}`, form({ token, decision: 'approve', ...fields }));
      return { status: r.status, type: r.headers.get('content-type') ?? '', page: await r.text() };
    };
    const feeError = (page: string) => /<p class="error" id="f-fee-error">(.*?)<\/p>/s.exec(page)?.[1] ?? '';
    const note = 'Only <b>print</b> & "web"';

    const tooHigh = await post({ fee: '1000000.00', note, confirmFee: 'yes' });
    expect(tooHigh.status).toBe(422);
    expect(tooHigh.type).toMatch(/^text\/html/);
    expect(tooHigh.page).toContain('<h1>Decide this reprint request</h1>');
    expect(feeError(tooHigh.page)).toMatch(/Fee: at most/);
    expect(tooHigh.page).toMatch(/<input id="f-fee" name="fee"[^>]*value="1000000.00"[^>]*aria-invalid="true"/);
    expect(tooHigh.page).toContain('>Only &lt;b&gt;print&lt;/b&gt; &amp; &quot;web&quot;</textarea>');
    expect(tooHigh.page).toMatch(/name="confirmFee" value="yes" checked/);
    expect(tooHigh.page).toContain(`name="token" value="${token}"`);

    const unconfirmed = await post({ fee: '1000.00' });
    expect(unconfirmed.status).toBe(422);
    expect(unconfirmed.page).toMatch(/id="f-confirm-error">.*Confirm the fee: .*is unusual/s);
    expect(unconfirmed.page).toMatch(/value="1000.00"/);

    const unreadable = await post({ fee: 'lots' });
    expect(unreadable.status).toBe(422);
    expect(feeError(unreadable.page)).toMatch(/Fee: Enter the fee as an amount such as 250\.00/);
    expect((await table.repo.getRequest(requestId))!.status).toBe('pending');

    // The same link still decides: nothing was spent by the refusals.
    const offered = await post({ fee: '300.00' });
    expect(offered.status).toBe(200);
    expect(offered.page).toContain('Counter-offer sent');
  });

  it('through the staff CLI: below the card\'s minimum is refused, a deep cut needs --confirm-fee', async () => {
    const res = await postJson(stack, '/requests', printReprint('fees-cli@riverside.example'));
    const { requestId } = (await res.json()) as { requestId: string };
    const grants = Object.keys((await table.repo.getRequest(requestId))!.approvers).length;
    const zero = await stack.desk('requests', 'approve', requestId, '--as', RIGHTS, '--fee', '0');
    expect(zero.code).toBe(2);
    expect(zero.err).toMatch(/--fee: at least USD 100\.00/);
    const deep = await stack.desk('requests', 'approve', requestId, '--as', RIGHTS, '--fee', '100.00');
    expect(deep.code).toBe(2);
    expect(deep.err).toContain('--confirm-fee');
    expect((await table.repo.getRequest(requestId))!.status).toBe('pending');
    // Refused attempts mint no grant: the item does not grow with them.
    expect(Object.keys((await table.repo.getRequest(requestId))!.approvers)).toHaveLength(grants);
    const confirmed = await stack.desk('requests', 'approve', requestId, '--as', RIGHTS, '--fee', '100.00', '--confirm-fee', '--json');
    expect(confirmed.code, confirmed.err).toBe(0);
    expect(JSON.parse(confirmed.out)).toMatchObject({ outcome: 'offered', offer: '100.00' });
  });
});

describe('an expired counter-offer', () => {
  it('cannot be accepted, even before the lifecycle has expired it', async () => {
    const res = await postJson(stack, '/requests', printReprint('late@riverside.example'));
    const { requestId, token } = (await res.json()) as { requestId: string; token: string };
    await stack.dispatch();
    const approverToken = reviewTokenIn((await mailsOf(requestId)).find((m) => m.destination.to[0] === RIGHTS)!, requestId);
    expect((await reviewPost(requestId, { token: approverToken, decision: 'approve', fee: '199.00' })).body.outcome).toBe('offered');
    const offer = (await table.repo.getRequest(requestId))!.offer!;
    const late = new Date(Date.parse(offer.expiresAt) + 60_000);
    await expect(answerOffer(table.repo, stack.urls.api, requestId, token, 'accept', { actor: 'requester' }, late)).rejects.toBeInstanceOf(OfferExpired);
    const item = (await table.repo.getRequest(requestId))!;
    expect(item.status).toBe('offered');
    expect(item.license).toBeUndefined();
    // Just in time still works.
    const ok = await answerOffer(table.repo, stack.urls.api, requestId, token, 'accept', { actor: 'requester' }, new Date(Date.parse(offer.expiresAt) - 60_000));
    expect(ok.item.status).toBe('licensed');
  });
});

describe('replies that must decide nothing', () => {
  function eml(o: { from: string; to: string; text: string; subject?: string; headers?: Record<string, string> }): string {
    return [
      `From: ${o.from}`, `To: ${o.to}`, `Subject: ${o.subject ?? 'Re: Decision needed: reprint request'}`, `Message-ID: <${newToken()}@mail.example>`,
      'Date: Tue, 24 Nov 2026 10:00:00 +0000', 'MIME-Version: 1.0', ...Object.entries(o.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
      'Content-Type: text/plain; charset=utf-8', '', o.text,
    ].join('\r\n');
  }

  it('a question, an out-of-office, spam, a virus and unreadable MIME leave the request pending; a plain decision still decides', async () => {
    const res = await postJson(stack, '/requests', printReprint('replies@riverside.example'));
    const { requestId } = (await res.json()) as { requestId: string };
    await stack.dispatch();
    const token = reviewTokenIn((await mailsOf(requestId)).find((m) => m.destination.to[0] === RIGHTS)!, requestId);
    const to = replyAddressFor(requestId, token, domain);
    const deps: ReplyDeps = { repo: table.repo, baseUrl: stack.urls.api, offerTtlDays: 14, inboundDomain: domain };
    const from = `Rights Desk <${RIGHTS}>`;
    const attacks: [string, Parameters<typeof receiveReply>[1], string][] = [
      ['a question', { raw: eml({ from, to, text: 'Approve? Not before legal has looked at it.\r\n\r\nMaria' }), verdicts: pass }, 'no-decision'],
      ['an out-of-office', {
        raw: eml({ from, to, subject: 'Re: Decision needed', text: 'Approved leave: I am away until 4 January.', headers: { 'X-Autoreply': 'yes', Precedence: 'auto_reply' } }),
        verdicts: pass,
      }, 'auto-reply'],
      ['an out-of-office marked only by its subject', { raw: eml({ from, to, subject: 'Automatic reply: Decision needed', text: 'approve' }), verdicts: pass }, 'auto-reply'],
      ['spam', { raw: eml({ from, to, text: 'approve' }), verdicts: { ...pass, spam: 'FAIL' } }, 'spam'],
      ['a virus', { raw: eml({ from, to, text: 'approve' }), verdicts: { ...pass, virus: 'FAIL' } }, 'virus'],
      ['an oversized message', { raw: eml({ from, to, text: `approve\r\n${'x'.repeat(1_100_000)}` }), verdicts: pass }, 'malformed'],
    ];
    for (const [name, message, reason] of attacks) {
      const result = await receiveReply(deps, message, new Date());
      expect(result, name).toMatchObject({ accepted: false, reason });
    }
    expect((await table.repo.getRequest(requestId))!.status).toBe('pending');
    const decided = await receiveReply(deps, { raw: eml({ from, to, text: 'deny: not for print' }), verdicts: pass }, new Date());
    expect(decided).toMatchObject({ accepted: true, decision: 'deny', status: 'denied' });
    console.log(`[security] ${attacks.length} hostile replies → 0 decisions; then "deny: not for print" → ${decided.accepted ? 'denied' : 'nothing'}`);
  });
});
