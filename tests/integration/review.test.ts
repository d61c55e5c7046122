/**
 * Review by email, end to end against the local stack: the mails in the local SES store, the links in
 * them, the confirmation page, the decision, races, and an SES outage.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, requestBody, startTestStack, type StoredMail, type TestStack } from '../support/stack.js';
import { tableAccess } from '../support/table.js';

let stack: TestStack;
let table: ReturnType<typeof tableAccess>;

beforeAll(async () => {
  stack = await startTestStack();
  table = tableAccess(stack.urls.dynamodb);
});
afterAll(async () => { await stack?.stop(); });

async function pendingRequest(email = 'ada@riverside-weekly.example') {
  const res = await postJson(stack, '/requests', requestBody({ use: { type: 'print-reprint', audience: 2000 }, requester: { email } }));
  const body = await res.json();
  expect(body.status).toBe('pending');
  return body as { requestId: string; token: string };
}

const linksIn = (mail: StoredMail) => [...new Set((mail.body.text ?? '').match(/https?:\/\/[^\s<>"')]+/g) ?? [])];
const mailsFor = async (requestId: string) => (await stack.mails()).filter((m) => (m.body.text ?? '').includes(requestId));
const reviewLink = (mail: StoredMail) => linksIn(mail).find((l) => l.includes('/review/'))!;
const form = (fields: Record<string, string>) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });

describe('review by email', () => {
  it('opening every link in every email, any number of times, with GET and HEAD, changes nothing', async () => {
    const { requestId } = await pendingRequest();
    await stack.dispatch();
    const mails = await mailsFor(requestId);
    expect(mails).toHaveLength(3); // two approvers, one acknowledgement
    const before = await table.snapshot();
    const links = mails.flatMap(linksIn).filter((l) => l.startsWith(stack.urls.api));
    expect(links.length).toBeGreaterThanOrEqual(3);
    for (let round = 0; round < 3; round++) {
      for (const link of links) {
        for (const method of ['GET', 'HEAD']) {
          const res = await fetch(link, { method, redirect: 'manual' });
          expect(res.status, `${method} ${new URL(link).pathname}`).toBeLessThan(400);
        }
      }
    }
    expect(await table.snapshot()).toBe(before);
    const page = await fetch(reviewLink(mails.find((m) => m.destination.to[0] === 'rights@harbourledger.example')!));
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await page.text()).toContain('Approve');
  });

  it('approving issues exactly one license and one approval email; a second click gets 409 naming the first decision', async () => {
    const { requestId, token } = await pendingRequest('first@example.org');
    await stack.dispatch();
    const mails = await mailsFor(requestId);
    const tokenOf = (to: string) => new URL(reviewLink(mails.find((m) => m.destination.to[0] === to)!)).searchParams.get('token')!;
    const approve = await stack.api(`/review/${requestId}`, form({ token: tokenOf('rights@harbourledger.example'), decision: 'approve', note: 'Fine by us.' }));
    expect(approve.status).toBe(200);
    const second = await stack.api(`/review/${requestId}`, form({ token: tokenOf('editor@harbourledger.example'), decision: 'deny' }));
    expect(second.status).toBe(409);
    const page = await second.text();
    expect(page).toContain('rights@harbourledger.example');
    const status = await (await stack.api(`/requests/${requestId}?token=${token}`)).json();
    expect(status.status).toBe('licensed');
    expect(status.license.licenseId).toMatch(/^RD-/);
    expect(JSON.stringify(status)).not.toContain('harbourledger.example'); // no staff addresses for the requester
    expect(status.history.map((h: { to: string }) => h.to)).toEqual(['pending', 'licensed']);
    await stack.dispatch();
    const toRequester = (await mailsFor(requestId)).filter((m) => m.destination.to[0] === 'first@example.org');
    expect(toRequester.map((m) => m.subject)).toHaveLength(2); // acknowledgement + license
    expect(toRequester.some((m) => (m.body.text ?? '').includes(status.license.licenseId))).toBe(true);
  });

  it('the approval email carries the approver\'s note; the other approver gets one "no action needed" notice, the decider none', async () => {
    const { requestId } = await pendingRequest('noted@example.org');
    await stack.dispatch();
    const mails = await mailsFor(requestId);
    const review = mails.find((m) => m.destination.to[0] === 'rights@harbourledger.example')!;
    // The approver's email speaks to the approver: no promise meant for the requester.
    expect(review.body.text).not.toContain('you will hear from them');
    expect(review.body.text).toContain('The rate card sends every request for print reprint to the rights staff');
    const reviewPage = await (await fetch(reviewLink(review))).text();
    expect(reviewPage).not.toContain('you will hear from them');
    const token = new URL(reviewLink(review)).searchParams.get('token')!;
    const note = 'Approved for the spring issue only.\nPlease credit the photographer too.';
    expect((await stack.api(`/review/${requestId}`, form({ token, decision: 'approve', note }))).status).toBe(200);
    await stack.dispatch();
    const after = await mailsFor(requestId);
    const licensed = after.find((m) => m.destination.to[0] === 'noted@example.org' && /license/i.test(m.subject))!;
    expect(licensed.body.text).toContain('Note from the rights staff:');
    expect(licensed.body.text).toContain('  > Approved for the spring issue only.');
    expect(licensed.body.text).toContain('  > Please credit the photographer too.');
    expect(licensed.body.html).toContain('Approved for the spring issue only.');
    const notices = after.filter((m) => m.subject.startsWith('No action needed'));
    expect(notices.map((m) => m.destination.to[0])).toEqual(['editor@harbourledger.example']);
    expect(notices[0]!.body.text).toContain('rights@harbourledger.example approved it on');
    // Dispatching again sends nothing twice.
    await stack.dispatch();
    expect((await mailsFor(requestId)).filter((m) => m.subject.startsWith('No action needed'))).toHaveLength(1);
  });

  it('a withdrawal tells every approver, once, that no action is needed', async () => {
    const { requestId, token } = await pendingRequest('withdrawing@example.org');
    await stack.dispatch();
    const res = await stack.api(`/requests/${requestId}/withdraw`, form({ token }));
    expect(res.status).toBeLessThan(400);
    await stack.dispatch();
    const notices = (await mailsFor(requestId)).filter((m) => m.subject.startsWith('No action needed'));
    expect(notices.map((m) => m.destination.to[0]).sort()).toEqual(['editor@harbourledger.example', 'rights@harbourledger.example']);
    expect(notices[0]!.body.text).toContain('The requester withdrew it on');
  });

  it('50 concurrent approve/deny posts leave exactly one decision, one license, one requester email', async () => {
    const { requestId, token } = await pendingRequest('race@example.org');
    await stack.dispatch();
    const mails = await mailsFor(requestId);
    const tokens = mails.filter((m) => m.destination.to[0]!.endsWith('harbourledger.example'))
      .map((m) => new URL(reviewLink(m)).searchParams.get('token')!);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) =>
      stack.api(`/review/${requestId}`, form({ token: tokens[i % tokens.length]!, decision: i % 2 ? 'deny' : 'approve' })).then((r) => r.status)));
    expect(results.filter((s) => s === 200)).toHaveLength(1);
    expect(results.filter((s) => s === 409)).toHaveLength(49);
    const status = await (await stack.api(`/requests/${requestId}?token=${token}`)).json();
    expect(status.history).toHaveLength(2);
    await stack.dispatch();
    const decisionMails = (await mailsFor(requestId)).filter((m) => m.destination.to[0] === 'race@example.org');
    expect(decisionMails).toHaveLength(2); // the acknowledgement and exactly one decision
    expect(Boolean(status.license)).toBe(status.status === 'licensed');
  });

  it('a different fee becomes a counter-offer the requester accepts before the license is issued', async () => {
    const { requestId, token } = await pendingRequest('offer@example.org');
    await stack.dispatch();
    const mails = await mailsFor(requestId);
    const approverToken = new URL(reviewLink(mails.find((m) => m.destination.to[0] === 'rights@harbourledger.example')!)).searchParams.get('token')!;
    const res = await stack.api(`/review/${requestId}`, form({ token: approverToken, decision: 'approve', fee: '199.00', note: 'Our print rate.' }));
    expect(res.status).toBe(200);
    let status = await (await stack.api(`/requests/${requestId}?token=${token}`)).json();
    expect(status.status).toBe('offered');
    expect(status.offer.quote.amount).toBe('199.00');
    expect(status.license).toBeUndefined();
    const accept = await postJson(stack, `/requests/${requestId}/offer`, { answer: 'accept' }, { authorization: `Bearer ${token}` });
    expect(accept.status).toBe(200);
    status = await accept.json();
    expect(status.status).toBe('licensed');
    expect(status.license.fee.amount).toBe('199.00');
    await stack.dispatch();
    // The counter-offer told the other approver; its answer tells both (the one who offered learns the answer).
    const notices = (await mailsFor(requestId)).filter((m) => m.subject.startsWith('No action needed'));
    const byText = (s: string) => notices.filter((m) => (m.body.text ?? '').includes(s)).map((m) => m.destination.to[0]).sort();
    expect(byText('answered it with a counter-offer')).toEqual(['editor@harbourledger.example']);
    expect(byText('The requester accepted the counter-offer')).toEqual(['editor@harbourledger.example', 'rights@harbourledger.example']);
  });

  it('an expired or wrong token decides nothing', async () => {
    const { requestId } = await pendingRequest('wrong@example.org');
    const before = await table.snapshot();
    const res = await stack.api(`/review/${requestId}`, form({ token: 'not-a-real-token', decision: 'approve' }));
    expect(res.status).toBe(404);
    const missing = await stack.api(`/review/${requestId}`, form({ decision: 'approve' }));
    expect(missing.status).toBe(422);
    expect(await table.snapshot()).toBe(before);
  });
});

describe('nothing lost when SES is down', () => {
  it('stores every request while SES is down and delivers every email exactly once when it is back', async () => {
    const N = Number(process.env.OUTAGE_REQUESTS ?? 100);
    await stack.dispatch();
    await stack.clearMails();
    await stack.sesOutage.begin();
    try {
      const ids: string[] = [];
      for (let i = 0; i < N; i++) {
        const res = await postJson(stack, '/requests', requestBody({ requester: { email: `outage-${i}@example.org` } }));
        expect(res.status).toBe(201);
        ids.push((await res.json()).requestId);
      }
      const during = await stack.dispatch();
      expect(during.sent).toBe(0);
      expect(during.retried).toBe(N);
      for (const id of ids) expect(await table.repo.getRequest(id)).toBeDefined();
    } finally {
      await stack.sesOutage.end();
    }
    // Backoff has them waiting; an hour later every one is due again.
    const after = await stack.dispatch(new Date(Date.now() + 3_600_000));
    expect(after.sent).toBe(N);
    const again = await stack.dispatch(new Date(Date.now() + 7_200_000));
    expect(again.sent).toBe(0);
    const mails = (await stack.mails()).filter((m) => m.destination.to[0]!.startsWith('outage-'));
    expect(mails).toHaveLength(N);
    expect(new Set(mails.map((m) => m.destination.to[0])).size).toBe(N);
  }, 120_000);
});

describe('a review link after the requester withdrew', () => {
  it('tells the approver the request was withdrawn, and decides nothing', async () => {
    const { requestId, token } = await pendingRequest('withdrawn-late@example.org');
    await stack.dispatch();
    const link = reviewLink((await mailsFor(requestId)).find((m) => m.destination.to[0] === 'rights@harbourledger.example')!);
    expect((await postJson(stack, `/requests/${requestId}/withdraw`, {}, { authorization: `Bearer ${token}` })).status).toBe(200);
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/withdrawn/i);
    const approverToken = new URL(link).searchParams.get('token')!;
    const post = await stack.api(`/review/${requestId}`, form({ token: approverToken, decision: 'approve' }));
    expect(post.status).toBe(409);
  });
});
