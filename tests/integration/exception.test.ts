/**
 * POST /requests/{id}/exception over HTTP against the local stack: a refused request becomes
 * pending with its reasons and the requester's note, in one write with every approver's email and
 * the requester's acknowledgement; only a refused request can ask, only once, only with its token,
 * and never for an article the publication cannot license.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, requestBody, startTestStack, type TestStack } from '../support/stack.js';
import { tableAccess } from '../support/table.js';

let stack: TestStack;
let table: ReturnType<typeof tableAccess>;

beforeAll(async () => {
  stack = await startTestStack();
  table = tableAccess(stack.urls.dynamodb);
});
afterAll(async () => { await stack?.stop(); });

interface Answer { requestId: string; status: string; token: string; statusUrl: string }
const submit = async (over: Parameters<typeof requestBody>[0]) => (await (await postJson(stack, '/requests', requestBody(over))).json()) as Answer;
const ask = (r: Answer, body: Record<string, unknown> = {}, token = r.token) =>
  postJson(stack, `/requests/${r.requestId}/exception`, body, { authorization: `Bearer ${token}` });

describe('asking for an exception', () => {
  it('turns a refused request into a pending one, with its reasons, the note and one email per approver', async () => {
    const refused = await submit({ requester: { email: 'plea@example.org' }, use: { durationDays: 5000 } });
    expect(refused.status).toBe('rejected');
    await stack.dispatch();
    await stack.clearMails();

    const res = await ask(refused, { note: 'A ten-year school archive.' });
    expect(res.status).toBe(200);
    const view = await res.json() as { status: string; reasons: { code: string }[]; request: { notes: string }; history: { from: string | null; to: string; note?: string }[] };
    expect(view.status).toBe('pending');
    expect(view.reasons.map((r) => r.code)).toContain('DURATION_TOO_LONG');
    expect(view.request.notes).toContain('Asked for an exception: A ten-year school archive.');
    expect(view.history.at(-1)).toMatchObject({ from: 'rejected', to: 'pending', note: 'A ten-year school archive.' });

    const item = await table.repo.getRequest(refused.requestId);
    expect(item!.reviewers?.length).toBeGreaterThanOrEqual(1);
    await stack.dispatch();
    const mails = (await stack.mails()).filter((m) => (m.body.text ?? '').includes(refused.requestId));
    const approvers = [...item!.reviewers!].sort();
    expect(mails.filter((m) => m.destination.to[0] !== 'plea@example.org').map((m) => m.destination.to[0]).sort()).toEqual(approvers);
    expect(mails.filter((m) => m.destination.to[0] === 'plea@example.org')).toHaveLength(1);

    // Only once: it is pending now.
    const again = await ask(refused);
    expect(again.status).toBe(409);
  });

  it('refuses without the requester token, for a request that was not refused, and for wire copy', async () => {
    const refused = await submit({ requester: { email: 'wrong-token@example.org' }, use: { durationDays: 5000 } });
    expect((await ask(refused, {}, 'not-the-token')).status).toBe(404);
    expect((await table.repo.getRequest(refused.requestId))!.status).toBe('rejected');

    const licensed = await submit({ requester: { email: 'happy@example.org' } });
    expect(licensed.status).toBe('licensed');
    expect((await ask(licensed)).status).toBe(409);

    const wire = await submit({ articleId: 'wire-grain-exports', requester: { email: 'wire@example.org' } });
    expect(wire.status).toBe('rejected');
    const res = await ask(wire);
    expect(res.status).toBe(409);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/cannot license this article/);
    expect((await table.repo.getRequest(wire.requestId))!.status).toBe('rejected');
  });

  it('a note too long is answered in words, and nothing changes', async () => {
    const refused = await submit({ requester: { email: 'long-note@example.org' }, use: { durationDays: 5000 } });
    const res = await ask(refused, { note: 'x'.repeat(2001) });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ errors: [{ path: 'note', message: 'The note can be at most 2,000 characters; shorten it' }] });
    expect((await table.repo.getRequest(refused.requestId))!.status).toBe('rejected');
  });
});
