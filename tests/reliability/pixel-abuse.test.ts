/**
 * Pixel inflation and unbounded usage items (issue 11), over HTTP on the local stack. Source
 * addresses are chosen with node:http's localAddress: Linux routes all of 127.0.0.0/8 to the
 * loopback interface, so 127.x.y.1 stands for a reader on network x.y.
 * - one address rotating user agents is one reader a day;
 * - thousands of distinct referrers leave at most REFERRERS_PER_MONTH referrer items (+ "other
 *   pages") and a licensee's JSON copy of bounded size;
 * - past PIXEL_HITS_PER_NETWORK_HOUR hits, a network's hits count nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { postJson, requestBody, startTestStack, type TestStack } from '../support/stack.js';
import { tableAccess } from '../support/table.js';
import { pixelFrom } from '../support/pixel.js';
import { OTHER_REFERRERS, PIXEL_HITS_PER_NETWORK_HOUR, REFERRERS_PER_MONTH } from '../../functions/domain/usage.js';
import { usagePartition } from '../../functions/adapters/entities/usage.js';
import { sizes } from './sizes.js';

let stack: TestStack;
let table: ReturnType<typeof tableAccess>;

beforeAll(async () => {
  stack = await startTestStack();
  table = tableAccess(stack.urls.dynamodb);
});
afterAll(async () => { await stack?.stop(); });

const today = () => new Date().toISOString().slice(0, 10);
const browser = (i: number) => `Mozilla/5.0 (X11; Linux x86_64; rv:${100 + (i % 50)}.${i}) Gecko/20100101 Firefox/${100 + (i % 50)}.${i}`;

async function license(email: string) {
  const res = await postJson(stack, '/requests', requestBody({ requester: { email }, use: { startDate: today() } }));
  const body = (await res.json()) as { status: string; license: { licenseId: string; copyUrl: string } };
  expect(body.status).toBe('licensed');
  return body.license;
}

const hit = async (licenseId: string, from: string, userAgent: string, referer?: string) => {
  const res = await pixelFrom(`${stack.urls.api}/licenses/${licenseId}/pixel.gif`, from, { 'user-agent': userAgent, ...(referer ? { referer } : {}) });
  expect(res.status).toBe(200);
  expect(res.body.length).toBe(43);
};

const usage = async (licenseId: string) => {
  const r = await stack.desk('licenses', 'usage', licenseId, '--json');
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as { views: number; referrers: { referrer: string; views: number }[] };
};

async function usageItems(licenseId: string): Promise<number> {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const out = await table.doc.send(new QueryCommand({
      TableName: process.env.TABLE_NAME!, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': usagePartition(licenseId) }, ExclusiveStartKey: start,
    }));
    count += (out.Items ?? []).filter((i) => String(i.sk).startsWith('USAGE#REF')).length;
    start = out.LastEvaluatedKey;
  } while (start);
  return count;
}

describe('pixel abuse', () => {
  it(`${sizes.pixelAgents} hits with ${sizes.pixelAgents} user agents from one address count one view`, async () => {
    const l = await license('pixel-agents@riverside.example');
    for (let i = 0; i < sizes.pixelAgents; i++) await hit(l.licenseId, '127.3.0.7', browser(i), 'https://blog.example/post');
    const u = await usage(l.licenseId);
    expect(u.views).toBe(1);
    console.log(`[pixel-abuse] ${sizes.pixelAgents} user agents from one address → ${u.views} view`);
  }, 30_000 + sizes.pixelAgents * 100);

  it(`${sizes.pixelReferrers} distinct referrers from as many networks leave a bounded number of items and a small copy`, async () => {
    const l = await license('pixel-referrers@riverside.example');
    const started = Date.now();
    for (let i = 0; i < sizes.pixelReferrers; i++) {
      await hit(l.licenseId, `127.${10 + Math.floor(i / 250)}.${i % 250}.1`, browser(i), `https://spam-${i}.example/page-${i}`);
    }
    const u = await usage(l.licenseId);
    expect(u.views).toBe(sizes.pixelReferrers);
    const items = await usageItems(l.licenseId);
    // One item per kept referrer, one for "other pages", one slot counter: this month's, whatever the number of hits.
    expect(items).toBeLessThanOrEqual(REFERRERS_PER_MONTH + 2);
    expect(u.referrers.length).toBeLessThanOrEqual(REFERRERS_PER_MONTH + 1);
    expect(u.referrers.at(-1)).toEqual({ referrer: OTHER_REFERRERS, views: sizes.pixelReferrers - REFERRERS_PER_MONTH });
    const copy = await (await fetch(`${l.copyUrl}&format=json`)).text();
    expect(copy.length).toBeLessThan(40 * 1024);
    console.log(`[pixel-abuse] ${sizes.pixelReferrers} referrers in ${Date.now() - started} ms → ${items} usage referrer items, ${u.referrers.length} referrers shown, JSON copy ${(copy.length / 1024).toFixed(1)} KB`);
  }, 60_000 + sizes.pixelReferrers * 150);

  it(`past ${PIXEL_HITS_PER_NETWORK_HOUR} hits an hour, a network's hits count nothing`, async () => {
    const l = await license('pixel-rate@riverside.example');
    // Hits on a license that does not exist still use up the network's allowance.
    for (let i = 0; i < PIXEL_HITS_PER_NETWORK_HOUR; i++) await hit('RD-0000000000000000', `127.4.0.${1 + (i % 200)}`, browser(i));
    await hit(l.licenseId, '127.4.0.250', browser(999));
    expect((await usage(l.licenseId)).views).toBe(0);
    await hit(l.licenseId, '127.5.0.1', browser(999));
    expect((await usage(l.licenseId)).views).toBe(1);
  }, 30_000 + PIXEL_HITS_PER_NETWORK_HOUR * 100);
});
