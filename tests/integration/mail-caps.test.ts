/**
 * Daily mail caps over HTTP against the local stack: the cap is proved with small limits set through
 * the functions' environment (MAIL_CAP_PER_RECIPIENT_DAY, MAIL_CAP_PER_SOURCE_IP_DAY), as a stage
 * would set them in cdk.json.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, requestBody, startTestStack, type TestStack } from '../support/stack.js';
import { tableAccess } from '../support/table.js';

const PER_RECIPIENT = 5;
const PER_SOURCE_IP = 16;
const ATTEMPTS = Number(process.env.MAIL_CAP_ATTEMPTS ?? 500);

let stack: TestStack;
let table: ReturnType<typeof tableAccess>;

beforeAll(async () => {
  stack = await startTestStack({ mailCaps: { perRecipientPerDay: PER_RECIPIENT, perSourceIpPerDay: PER_SOURCE_IP } });
  table = tableAccess(stack.urls.dynamodb);
}, 60_000);
afterAll(async () => { await stack?.stop(); });

async function inBatches<T>(n: number, width: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += width) out.push(...await Promise.all(Array.from({ length: Math.min(width, n - i) }, (_, j) => fn(i + j))));
  return out;
}

describe('per-recipient daily cap', () => {
  const victim = 'someone-else@inbox.example';

  it(`${ATTEMPTS} requests for one recipient in a day: at most the cap is taken and mailed, the rest answer 429 and write nothing`, async () => {
    await stack.clearMails();
    const requestItems = async () => (JSON.parse(await table.snapshot()) as { pk: string }[]).filter((i) => i.pk.startsWith('REQUEST#')).length;
    const before = await requestItems();
    const answers = await inBatches(ATTEMPTS, 10, async () => {
      const res = await postJson(stack, '/requests', requestBody({ requester: { email: victim } }));
      return { status: res.status, retryAfter: res.headers.get('retry-after'), type: res.headers.get('content-type'), body: await res.json() as Record<string, unknown> };
    });
    const accepted = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status === 429);
    expect(accepted).toHaveLength(PER_RECIPIENT);
    expect(refused).toHaveLength(ATTEMPTS - PER_RECIPIENT);
    for (const r of refused) {
      expect(r.type).toContain('application/problem+json');
      expect(r.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
      const seconds = Number(r.retryAfter);
      expect(Number.isInteger(seconds) && seconds > 0 && seconds <= 86_400).toBe(true);
    }
    // Each accepted request stored one request item; the refused ones stored nothing.
    expect(await requestItems()).toBe(before + PER_RECIPIENT);

    await stack.dispatch();
    const toVictim = (await stack.mails()).filter((m) => m.destination.to.includes(victim));
    expect(toVictim.length).toBeGreaterThan(0);
    expect(toVictim.length).toBeLessThanOrEqual(PER_RECIPIENT);
  }, 180_000);

  it('a refused request leaves the table exactly as it was', async () => {
    const before = await table.snapshot();
    const res = await postJson(stack, '/requests', requestBody({ requester: { email: victim } }));
    expect(res.status).toBe(429);
    expect(await table.snapshot()).toBe(before);
  });

  it('the form is refused the same way, as a page with Retry-After', async () => {
    const form = new URLSearchParams({
      articleId: 'harbour-dredging-plan', 'requester.name': 'Ada', 'requester.email': victim, 'requester.organization': 'Riverside',
      'requester.organizationType': 'commercial', 'requester.country': 'US', 'use.type': 'web-republication', 'use.audience': '5000',
      'use.territories': 'US', 'use.startDate': new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10), 'use.durationDays': '180',
      'use.language': 'en', 'use.extent': 'full', acceptTerms: 'on',
    });
    const res = await stack.api('/requests', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
    // A form the schema rejects would answer 422 before the cap; this one is valid and over the cap.
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('a retry with the Idempotency-Key of a request stored before the cap gets its first answer, not 429', async () => {
    const first = await postJson(stack, '/requests', requestBody({ requester: { email: 'retry@inbox.example' } }), { 'idempotency-key': 'retry-1' });
    expect(first.status).toBe(201);
    const { requestId } = await first.json() as { requestId: string };
    // Use up the rest of this address's allowance.
    for (let i = 1; i < PER_RECIPIENT; i++) expect((await postJson(stack, '/requests', requestBody({ requester: { email: 'retry@inbox.example' } }))).status).toBe(201);
    expect((await postJson(stack, '/requests', requestBody({ requester: { email: 'retry@inbox.example' } }))).status).toBe(429);
    const retry = await postJson(stack, '/requests', requestBody({ requester: { email: 'retry@inbox.example' } }), { 'idempotency-key': 'retry-1' });
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect((await retry.json() as { requestId: string }).requestId).toBe(requestId);
    // A new key is a new request: refused.
    expect((await postJson(stack, '/requests', requestBody({ requester: { email: 'retry@inbox.example' } }), { 'idempotency-key': 'retry-2' })).status).toBe(429);
  });

  it('another recipient is not affected by the first one\'s cap', async () => {
    const res = await postJson(stack, '/requests', requestBody({ requester: { email: 'fresh@inbox.example' } }));
    expect(res.status).toBe(201);
  });
});

describe('per-source-address daily cap', () => {
  it('requests from one client address stop at its cap, whatever recipient they name', async () => {
    // Requests so far from this (loopback) address: PER_RECIPIENT (victim) + PER_RECIPIENT (retry@) + 1 (fresh@) accepted;
    // the refused ones gave their count back (the replayed retry took none).
    const used = 2 * PER_RECIPIENT + 1;
    const answers = await inBatches(PER_SOURCE_IP, 4, async (i) =>
      (await postJson(stack, '/requests', requestBody({ requester: { email: `reader-${i}@spray.example` } }))).status);
    expect(answers.filter((s) => s === 201)).toHaveLength(PER_SOURCE_IP - used);
    expect(answers.filter((s) => s === 429)).toHaveLength(used);
  }, 60_000);
});
