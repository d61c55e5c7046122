/**
 * Intake over HTTP against the local stack (dynalite + local SES + gateway + real handlers).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, requestBody, startTestStack, type TestStack } from '../support/stack.js';
import { tableAccess } from '../support/table.js';
import { isRejectionCode, type ReasonCode } from '../../functions/domain/policy.js';

let stack: TestStack;
let table: ReturnType<typeof tableAccess>;

beforeAll(async () => {
  stack = await startTestStack();
  table = tableAccess(stack.urls.dynamodb);
  // An embargoed article, to see the embargo rule through the whole path.
  const sample = await table.repo.getArticle('harbour-dredging-plan');
  const until = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await table.repo.putArticle({ ...sample!.article, id: 'embargoed-story', rights: { owner: 'publisher', embargoUntil: until } }, new Date());
});
afterAll(async () => { await stack?.stop(); });

const codes = (body: { reasons: { code: string }[] }) => body.reasons.map((r) => r.code).sort();

describe('POST /requests', () => {
  it('licenses a routine use at once, with a license number and a copy link', async () => {
    const res = await postJson(stack, '/requests', requestBody());
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(res.headers.get('location')).toBe(`${stack.urls.api}/requests/${body.requestId}`);
    expect(body.status).toBe('licensed');
    expect(body.reasons).toEqual([]);
    expect(body.license.licenseId).toMatch(/^RD-[0-9A-Z]{16}$/);
    expect(body.license.copyUrl).toContain(`/licenses/${body.license.licenseId}/copy?token=`);
    expect(body.quote).toMatchObject({ currency: 'USD', amount: '150.00', minorUnits: 15000 });
  });

  it('sends a use that needs a person to review, and queues one email per approver plus an acknowledgement', async () => {
    await stack.clearMails();
    const res = await postJson(stack, '/requests', requestBody({ use: { type: 'print-reprint', audience: 2000 } }));
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.status).toBe('pending');
    expect(codes(body)).toEqual(['REVIEW_REQUIRED']);
    expect(body.license).toBeUndefined();
    await stack.dispatch();
    const mails = (await stack.mails()).filter((m) => m.subject.includes(body.requestId) || m.body.text?.includes(body.requestId));
    const to = mails.map((m) => m.destination.to[0]).sort();
    expect(to).toEqual(['ada@riverside-weekly.example', 'editor@harbourledger.example', 'rights@harbourledger.example']);
  });

  it.each([
    ['a third-party (wire) article', requestBody({ articleId: 'wire-grain-exports' }), ['THIRD_PARTY_CONTENT']],
    ['an embargoed article', requestBody({ articleId: 'embargoed-story' }), ['EMBARGOED']],
    ['a territory outside the terms', requestBody({ use: { type: 'print-reprint', territories: ['FR'] } }), ['TERRITORY_NOT_OFFERED']],
    ['a duration beyond the terms', requestBody({ use: { durationDays: 1000 } }), ['DURATION_TOO_LONG']],
  ])('rejects %s with the right code, and stores the request', async (_what, reqBody, expected) => {
    const res = await postJson(stack, '/requests', reqBody);
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.status).toBe('rejected');
    // Rejections decide; a review reason may stand beside them (print reprints are always reviewed).
    expect(codes(body).filter((c) => isRejectionCode(c as ReasonCode))).toEqual(expected);
    const stored = await stack.api(`/requests/${body.requestId}`, { headers: { authorization: `Bearer ${body.token}` } });
    expect(stored.status).toBe(200);
    expect((await stored.json()).status).toBe('rejected');
  });

  it('quotes exactly what it then stores for the same body', async () => {
    const reqBody = requestBody({ use: { audience: 42_000 }, requester: { organizationType: 'nonprofit' } });
    const quote = await (await postJson(stack, '/quotes', reqBody)).json();
    const before = await table.countItems();
    const quoteAgain = await (await postJson(stack, '/quotes', reqBody)).json();
    expect(await table.countItems()).toBe(before); // quoting stores nothing
    const submitted = await (await postJson(stack, '/requests', reqBody)).json();
    const status = await (await stack.api(`/requests/${submitted.requestId}?token=${submitted.token}`)).json();
    expect(quote.quote).toEqual(quoteAgain.quote);
    expect(status.quote).toEqual(quote.quote);
    expect(quote.quote.minorUnits).toBeGreaterThan(0);
  });

  it('returns the first answer for a retried submission with the same Idempotency-Key, creating nothing', async () => {
    const reqBody = requestBody({ requester: { email: 'retry@example.org' } });
    const first = await postJson(stack, '/requests', reqBody, { 'idempotency-key': 'order-7731' });
    const firstBody = await first.json();
    const count = await table.countItems();
    const second = await postJson(stack, '/requests', reqBody, { 'idempotency-key': 'order-7731' });
    const secondBody = await second.json();
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(secondBody.requestId).toBe(firstBody.requestId);
    expect(secondBody.license.licenseId).toBe(firstBody.license.licenseId);
    expect(secondBody.quote).toEqual(firstBody.quote);
    expect(await table.countItems()).toBe(count);
    // Both tokens work: the retry's answer is as usable as the first.
    for (const t of [firstBody.token, secondBody.token]) {
      expect((await stack.api(`/requests/${firstBody.requestId}?token=${t}`)).status).toBe(200);
    }
    const other = await postJson(stack, '/requests', { ...reqBody, notes: 'different' }, { 'idempotency-key': 'order-7731' });
    expect(other.status).toBe(422);
    expect((await other.json()).errors[0].path).toBe('Idempotency-Key');
  });
});

describe('bad input gets a clear answer and changes nothing', () => {
  it('answers problem+json with the failing fields', async () => {
    const before = await table.snapshot();
    const bad = requestBody({ use: { audience: -5, territories: ['usa'] }, requester: { email: 'not-an-email' } });
    const res = await postJson(stack, '/requests', bad);
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = await res.json();
    expect(problem).toMatchObject({ status: 422, title: expect.any(String), detail: expect.any(String) });
    expect(problem.errors.map((e: { path: string }) => e.path).sort()).toEqual(['requester.email', 'use.audience', 'use.territories.0']);
    expect(await table.snapshot()).toBe(before);
  });

  it.each([
    ['unknown article', () => postJson(stack, '/requests', requestBody({ articleId: 'no-such-article' })), 404],
    ['wrong content type', () => stack.api('/requests', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' }), 415],
    ['body over the ceiling', () => stack.api('/requests', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ notes: 'x'.repeat(70_000) }) }), 413],
    ['malformed JSON', () => stack.api('/requests', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"articleId": ' }), 400],
    ['an array body', () => postJson(stack, '/requests', [1, 2]), 422],
    ['unknown article terms', () => stack.api('/articles/nope/terms'), 404],
    ['a wrong requester token', () => stack.api('/requests/0123456789abcdef?token=nope'), 404],
    ['an unknown route', () => stack.api('/nowhere'), 404],
    ['a wrong method', () => stack.api('/quotes'), 405],
  ])('%s → %s problem+json', async (_what, call, status) => {
    const before = await table.countItems();
    const res = await call();
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = await res.json();
    expect(body.status).toBe(status);
    expect(await table.countItems()).toBe(before);
  });
});

describe('GET /articles/{id}/terms', () => {
  it('lists every use with its price rules', async () => {
    const res = await stack.api('/articles/harbour-dredging-plan/terms');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.uses.map((u: { type: string }) => u.type)).toEqual(['web-republication', 'print-reprint', 'newsletter', 'eprint', 'coursepack', 'translation', 'excerpt-quote', 'ai-training', 'ai-retrieval']);
    expect(body.uses[0].fees.tiers[0]).toEqual({ upToAudience: 10000, amount: 15000 });
    expect(body).toMatchObject({ language: 'en', canonicalUrl: expect.stringMatching(/^https:\/\/harbourledger\.example\//) as unknown });
  });

  it('says a wire story is not licensable', async () => {
    const body = await (await stack.api('/articles/wire-grain-exports/terms')).json();
    expect(body.rightsOwner).toBe('third-party');
    expect(body).not.toHaveProperty('canonicalUrl'); // unknown, so not claimed
    expect(body.uses.every((u: { offered: boolean }) => !u.offered)).toBe(true);
  });
});

describe('POST /requests/{id}/withdraw', () => {
  it('lets the requester withdraw a pending request, once', async () => {
    const body = await (await postJson(stack, '/requests', requestBody({ use: { type: 'eprint', audience: 500 } }))).json();
    expect(body.status).toBe('pending');
    const res = await postJson(stack, `/requests/${body.requestId}/withdraw`, {}, { authorization: `Bearer ${body.token}` });
    expect(res.status).toBe(200);
    expect((await res.json()).status).toBe('withdrawn');
    const again = await postJson(stack, `/requests/${body.requestId}/withdraw`, {}, { authorization: `Bearer ${body.token}` });
    expect(again.status).toBe(409);
    const wrong = await postJson(stack, `/requests/${body.requestId}/withdraw`, {}, { authorization: 'Bearer wrong' });
    expect(wrong.status).toBe(404);
  });
});
