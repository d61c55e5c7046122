/**
 * POST /requests/{id}/exception mails every approver, so it counts against the client address's
 * daily mail cap like POST /requests (over it: 429 with Retry-After, nothing stored, nothing
 * counted), and a request may ask only once (a second ask: 409 in words, nothing changed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, requestBody, startTestStack, type TestStack } from '../support/stack.js';
import { tableAccess } from '../support/table.js';

const PER_SOURCE_IP = 4;

let stack: TestStack;
let table: ReturnType<typeof tableAccess>;

beforeAll(async () => {
  stack = await startTestStack({ mailCaps: { perRecipientPerDay: 100, perSourceIpPerDay: PER_SOURCE_IP } });
  table = tableAccess(stack.urls.dynamodb);
}, 60_000);
afterAll(async () => { await stack?.stop(); });

interface Answer { requestId: string; status: string; token: string }
const submitRefused = async (email: string) => {
  const res = await postJson(stack, '/requests', requestBody({ requester: { email }, use: { durationDays: 5000 } }));
  expect(res.status).toBe(201);
  const answer = await res.json() as Answer;
  expect(answer.status).toBe('rejected');
  return answer;
};
const ask = (r: Answer, body: Record<string, unknown> = {}) =>
  postJson(stack, `/requests/${r.requestId}/exception`, body, { authorization: `Bearer ${r.token}` });

describe('exception requests and the mail caps', () => {
  it('count against the client address\'s day, ask once per request, and store nothing when refused', async () => {
    // Three submissions and one exception use up this (loopback) address's allowance of four.
    const first = await submitRefused('first@plea.example');
    const second = await submitRefused('second@plea.example');
    await submitRefused('third@plea.example');
    expect((await ask(first, { note: 'A school archive.' })).status).toBe(200);

    // Asking again: refused in words, before any cap, and nothing written (the counters live in the table too).
    let before = await table.snapshot();
    const again = await ask(first, { note: 'Please?' });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    const problem = await again.json() as { detail: string };
    expect(problem.detail).toMatch(/^An exception was already asked for this request \(on \d{4}-\d{2}-\d{2}\), and a request can ask only once\./);
    expect(await table.snapshot()).toBe(before);

    // Over the cap: 429 with Retry-After, the request still refused, the table exactly as it was.
    before = await table.snapshot();
    const over = await ask(second, { note: 'Me too.' });
    expect(over.status).toBe(429);
    expect(over.headers.get('content-type')).toContain('application/problem+json');
    const seconds = Number(over.headers.get('retry-after'));
    expect(Number.isInteger(seconds) && seconds > 0 && seconds <= 86_400).toBe(true);
    expect(await over.json()).toMatchObject({ status: 429, title: 'Too Many Requests' });
    expect(await table.snapshot()).toBe(before);
    expect((await table.repo.getRequest(second.requestId))!.status).toBe('rejected');

    // The cap is the address's, not the exception's: a new submission is refused too.
    expect((await postJson(stack, '/requests', requestBody({ requester: { email: 'fourth@plea.example' } }))).status).toBe(429);
  }, 60_000);
});
