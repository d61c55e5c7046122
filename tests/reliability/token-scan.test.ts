/**
 * No raw token at rest (issue 11). Every kind of token the service issues is issued here — requester
 * status tokens (first answers, Idempotency-Key replays, decisions), license copy tokens, approvers'
 * review tokens (first mails, reminders, the staff CLI's one-time grant), reply tokens in Reply-To,
 * partner API keys — and collected from every answer and every email. Once the mail is delivered,
 * every attribute of every item in the table, and everything the staff CLI prints, is searched for
 * every one of them: none may be found. And while SES is down — when mail waits in the outbox, before
 * any token in it was ever sent — the table is scanned too: the outbox holds intents, not bodies, and
 * a mail's tokens are minted only at its delivery, so no raw token rests in the table even then.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { postJson, requestBody, startTestStack, type StoredMail, type TestStack } from '../support/stack.js';
import { tableAccess } from '../support/table.js';
import { sizes } from './sizes.js';

let stack: TestStack;
let table: ReturnType<typeof tableAccess>;
const RIGHTS = 'rights@harbourledger.example';
const HOUR = 3_600_000;

beforeAll(async () => {
  stack = await startTestStack();
  table = tableAccess(stack.urls.dynamodb);
});
afterAll(async () => { await stack?.stop(); });

const issued = new Set<string>();
const TOKEN = /[A-Za-z0-9_-]{43}/;

function collect(text: string | undefined) {
  if (!text) return;
  for (const m of text.matchAll(/[?&](?:amp;)?token=([A-Za-z0-9_-]{43})/g)) issued.add(m[1]!);
  for (const m of text.matchAll(/rd\+[0-9a-z]{16}\.([A-Za-z0-9_-]{43})@/g)) issued.add(m[1]!);
  for (const m of text.matchAll(/rdp_[A-Za-z0-9_-]{43}/g)) issued.add(m[0]);
}

function collectMail(m: StoredMail) {
  collect(m.body.text);
  collect(m.body.html);
  collect(m.replyTo.join(' '));
}

async function submit(body: unknown, headers: Record<string, string> = {}) {
  const res = await postJson(stack, '/requests', body, headers);
  const text = await res.text();
  collect(text);
  const answer = JSON.parse(text) as { requestId: string; token: string; status: string };
  issued.add(answer.token);
  return answer;
}

const reviewToken = async (requestId: string, to = RIGHTS) => {
  const mail = (await stack.mails()).find((m) => m.destination.to[0] === to && (m.body.text ?? '').includes(`/review/${requestId}`))!;
  return /\/review\/[0-9a-z]{16}\?token=([A-Za-z0-9_-]{43})/.exec(mail.body.text!)![1]!;
};

async function scanItems(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await table.doc.send(new ScanCommand({ TableName: process.env.TABLE_NAME!, ExclusiveStartKey: start, ConsistentRead: true }));
    items.push(...((out.Items ?? []) as Record<string, unknown>[]));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Every string in a value: attribute names and values, at any depth. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) { out.push(k); strings(v, out); }
  return out;
}

describe('no raw token at rest', () => {
  it('after delivery, no attribute of any item and nothing the staff CLI prints holds any token issued', async () => {
    const rounds = Math.max(1, Math.round(sizes.linkRounds / 2));
    const requestIds: string[] = [];
    for (let r = 0; r < rounds; r++) {
      // Licensed at once (copy token), with Idempotency-Key replays (each mints tokens).
      const licensed = await submit(requestBody({ requester: { email: `scan-licensed-${r}@riverside.example` } }), { 'idempotency-key': `scan-${r}` });
      for (let i = 0; i < 3; i++) await submit(requestBody({ requester: { email: `scan-licensed-${r}@riverside.example` } }), { 'idempotency-key': `scan-${r}` });
      // Pending: review tokens and reply tokens (approving by reply is on in the local stack).
      const approved = await submit(requestBody({ requester: { email: `scan-approved-${r}@riverside.example` }, use: { type: 'print-reprint', audience: 2000 } }));
      const offered = await submit(requestBody({ requester: { email: `scan-offered-${r}@riverside.example` }, use: { type: 'print-reprint', audience: 2000 } }));
      const reminded = await submit(requestBody({ requester: { email: `scan-reminded-${r}@riverside.example` }, use: { type: 'print-reprint', audience: 2000 } }));
      const byCli = await submit(requestBody({ requester: { email: `scan-cli-${r}@riverside.example` }, use: { type: 'print-reprint', audience: 2000 } }));
      requestIds.push(licensed.requestId, approved.requestId, offered.requestId, reminded.requestId, byCli.requestId);
      await stack.dispatch();
      const decide = async (requestId: string, fields: Record<string, string>) => {
        const res = await postJson(stack, `/review/${requestId}`, { token: await reviewToken(requestId), ...fields });
        expect(res.status).toBe(200);
      };
      await decide(approved.requestId, { decision: 'approve' });
      await decide(offered.requestId, { decision: 'approve', fee: '199.00' });
      const accept = await postJson(stack, `/requests/${offered.requestId}/offer`, { token: offered.token, answer: 'accept' });
      collect(await accept.text());
      expect((await stack.desk('requests', 'approve', byCli.requestId, '--as', RIGHTS)).code).toBe(0);
    }
    // Reminders mint fresh review and reply tokens.
    const { runLifecycle } = await import('../../functions/handlers/lifecycle.js');
    const later = new Date(Date.now() + 49 * HOUR);
    await runLifecycle(later);
    const partner = await stack.desk('partners', 'add', '--name', 'Scan Daily', '--publication', 'the-harbour-ledger', '--sections', 'business', '--json');
    collect(partner.out);
    await stack.dispatch(later);
    for (const m of await stack.mails()) collectMail(m);

    expect([...issued].every((t) => TOKEN.test(t))).toBe(true);
    const items = await scanItems();
    const found: string[] = [];
    let attributes = 0;
    for (const item of items) {
      const texts = strings(item);
      attributes += texts.length;
      for (const t of issued) if (texts.some((s) => s.includes(t))) found.push(`${String(item.pk)}/${String(item.sk)}`);
    }
    const printed: string[] = [];
    for (const id of requestIds) printed.push((await stack.desk('requests', 'show', id, '--json')).out, (await stack.desk('requests', 'show', id)).out);
    printed.push((await stack.desk('outbox', 'list', '--json')).out, (await stack.desk('requests', 'list', '--json')).out, (await stack.desk('partners', 'list', '--json')).out);
    const printedHits = [...issued].filter((t) => printed.some((p) => p.includes(t)));

    expect(issued.size).toBeGreaterThan(20 * rounds);
    expect(found).toEqual([]);
    expect(printedHits).toEqual([]);
    console.log(`[token-scan] ${issued.size} tokens issued; ${items.length} items, ${attributes} attribute names and values scanned; ${printed.length} CLI outputs; 0 tokens found`);
  }, 120_000);

  it('an SES outage while 100 requests are submitted leaves no raw token in the table, during the outage or after delivery', async () => {
    const N = Number(process.env.OUTAGE_REQUESTS ?? 100);
    await stack.dispatch();
    const outage = new Set<string>();
    const grab = (text: string | undefined) => {
      if (!text) return;
      for (const m of text.matchAll(/[?&](?:amp;)?token=([A-Za-z0-9_-]{43})/g)) outage.add(m[1]!);
      for (const m of text.matchAll(/rd\+[0-9a-z]{16}\.([A-Za-z0-9_-]{43})@/g)) outage.add(m[1]!);
    };
    const ids: string[] = [];
    let during: Record<string, unknown>[];
    await stack.sesOutage.begin();
    try {
      for (let i = 0; i < N; i++) {
        // Half licensed at once (a copy token for the licensee's mail), half pending (review and reply tokens for two approvers).
        const body = i % 2 ? requestBody({ requester: { email: `outage-scan-${i}@riverside.example` }, use: { type: 'print-reprint', audience: 2000 } })
          : requestBody({ requester: { email: `outage-scan-${i}@riverside.example` } });
        const res = await postJson(stack, '/requests', body);
        expect(res.status).toBe(201);
        const text = await res.text();
        grab(text);
        const answer = JSON.parse(text) as { requestId: string; token: string };
        outage.add(answer.token);
        ids.push(answer.requestId);
      }
      const failed = await stack.dispatch();
      expect(failed.sent).toBe(0);
      expect(failed.retried).toBeGreaterThanOrEqual(N);
      during = await scanItems();
    } finally {
      await stack.sesOutage.end();
    }
    // SES is back: every mail goes out, each with the tokens minted for it at that moment.
    await stack.dispatch(new Date(Date.now() + 3_600_000));
    const mails = (await stack.mails()).filter((m) => m.destination.to[0]!.startsWith('outage-scan-') || (m.body.text ?? '').includes('outage-scan-'));
    for (const m of mails) { grab(m.body.text); grab(m.body.html); grab(m.replyTo.join(' ')); }
    expect(mails.filter((m) => m.destination.to[0]!.startsWith('outage-scan-')).length).toBeGreaterThanOrEqual(N);
    const mailed = [...outage].length;
    expect(mailed).toBeGreaterThan(2 * N);
    const after = await scanItems();
    const hits = (items: Record<string, unknown>[]) => {
      const found: string[] = [];
      for (const item of items) {
        const texts = strings(item);
        for (const t of outage) if (texts.some((s) => s.includes(t))) found.push(`${String(item.pk)}`);
      }
      return found;
    };
    expect(hits(during!)).toEqual([]);
    expect(hits(after)).toEqual([]);
    console.log(`[token-scan] SES outage: ${N} requests, ${outage.size} tokens issued (answers and delivered mail); ${during!.length} items scanned during the outage and ${after.length} after delivery; 0 tokens found`);
  }, 300_000);
});
