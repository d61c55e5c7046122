/**
 * Mail security scanners and link checkers open every link in every email, with GET and HEAD, any
 * number of times. Every kind of email the service sends is produced here (license, acknowledgement,
 * review request, approval, denial, counter-offer, rejection, withdrawal); then every link in them
 * that points at the service is opened with GET and HEAD, round after round. The whole table is the
 * same afterwards, and no further email is queued.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, requestBody, startTestStack, type StoredMail, type TestStack } from '../support/stack.js';
import { tableAccess } from '../support/table.js';
import { sizes } from './sizes.js';

let stack: TestStack;
let table: ReturnType<typeof tableAccess>;

beforeAll(async () => {
  stack = await startTestStack();
  table = tableAccess(stack.urls.dynamodb);
});
afterAll(async () => { await stack?.stop(); });

const form = (fields: Record<string, string>) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });

/** Links in the text body and in the HTML body's href/src attributes. */
function linksIn(mail: StoredMail): string[] {
  const text = (mail.body.text ?? '').match(/https?:\/\/[^\s<>"')]+/g) ?? [];
  const html = [...(mail.body.html ?? '').matchAll(/\b(?:href|src)\s*=\s*"([^"]+)"/gi)].map((m) => m[1]!.replace(/&amp;/g, '&'));
  return [...text, ...html];
}

async function submit(email: string, use: Record<string, unknown> = {}, articleId?: string) {
  const res = await postJson(stack, '/requests', requestBody({ requester: { email }, use, ...(articleId ? { articleId } : {}) }));
  expect(res.status).toBe(201);
  return (await res.json()) as { requestId: string; token: string; status: string };
}

async function approverToken(requestId: string, to = 'rights@harbourledger.example') {
  await stack.dispatch();
  const mail = (await stack.mails()).find((m) => m.destination.to[0] === to && (m.body.text ?? '').includes(`/review/${requestId}`))!;
  return new URL(linksIn(mail).find((l) => l.includes(`/review/${requestId}`))!).searchParams.get('token')!;
}

describe('every emailed link, opened with GET and HEAD', () => {
  it('changes nothing in the table and queues no email', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const print = { type: 'print-reprint', audience: 2000, startDate: today };
    await submit('links-instant@example.org', { startDate: today });                         // licensed at once
    await submit('links-rejected@example.org', {}, 'wire-grain-exports');                    // rejected
    await submit('links-pending@example.org', print);                                        // review + acknowledgement, left pending
    const approved = await submit('links-approved@example.org', print);
    expect((await stack.api(`/review/${approved.requestId}`, form({ token: await approverToken(approved.requestId), decision: 'approve' }))).status).toBe(200);
    const denied = await submit('links-denied@example.org', print);
    expect((await stack.api(`/review/${denied.requestId}`, form({ token: await approverToken(denied.requestId), decision: 'deny', note: 'Not for print.' }))).status).toBe(200);
    const offered = await submit('links-offer@example.org', print);
    expect((await stack.api(`/review/${offered.requestId}`, form({ token: await approverToken(offered.requestId), decision: 'approve', fee: '199.00' }))).status).toBe(200);
    const withdrawn = await submit('links-withdrawn@example.org', print);
    expect((await postJson(stack, `/requests/${withdrawn.requestId}/withdraw`, {}, { authorization: `Bearer ${withdrawn.token}` })).status).toBe(200);
    await stack.dispatch();

    const mails = await stack.mails();
    const kinds = new Set(mails.map((m) => m.subject.replace(/[0-9A-Z]{2}-?[0-9A-Z]{8,}|[0-9a-z]{16}/g, '…')));
    expect(kinds.size, [...kinds].join('\n')).toBeGreaterThanOrEqual(7);
    const links = [...new Set(mails.flatMap(linksIn).filter((l) => l.startsWith(stack.urls.api)))];
    expect(links.length).toBeGreaterThanOrEqual(10);

    const before = await table.snapshot();
    const statuses = new Map<number, number>();
    let opened = 0;
    const notFound = new Set<string>();
    for (let round = 0; round < sizes.linkRounds; round++) {
      for (const link of links) {
        for (const method of ['GET', 'HEAD']) {
          const res = await fetch(link, { method, redirect: 'manual', headers: { 'user-agent': 'Mozilla/5.0 (compatible; MailScanner/1.0)' } });
          await res.arrayBuffer();
          opened++;
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status >= 400 && round === 0) notFound.add(`${method} ${new URL(link).pathname}`);
          expect(res.status, `${method} ${new URL(link).pathname}`).toBeLessThan(500);
        }
      }
    }
    expect(await table.snapshot(), 'the table changed').toBe(before);
    expect(await stack.dispatch(), 'opening links queued email').toEqual({ sent: 0, retried: 0, parked: 0 });
    console.log(`emailed links: ${links.length} distinct links in ${mails.length} emails of ${kinds.size} kinds, opened ${opened} times (GET and HEAD, ${sizes.linkRounds} rounds; statuses ${JSON.stringify(Object.fromEntries(statuses))}; 4xx: ${[...notFound].join(', ') || 'none'}): table unchanged, 0 emails queued`);
  }, 120_000);
});
