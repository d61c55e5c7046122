/**
 * The local gateway's own answers (no route, wrong method, a body over its ceiling, a staff route
 * from another machine) are the same RFC 9457 documents the functions answer, built by the same
 * edge module — not a format of its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createGateway } from '../../local/gateway.js';
import { PROBLEM_BASE } from '../../functions/edge/problem.js';

let server: Server;
let base: string;
beforeAll(async () => {
  server = createGateway();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => { await new Promise((r) => server.close(r)); });

async function problemOf(res: Response) {
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  return (await res.json()) as Record<string, unknown>;
}

describe('the local gateway answers problem documents', () => {
  it('404 for a path no route serves', async () => {
    const res = await fetch(`${base}/nothing/here?token=abc`);
    expect(res.status).toBe(404);
    expect(await problemOf(res)).toEqual({ type: `${PROBLEM_BASE}no-route`, title: 'Not Found', status: 404, detail: 'Nothing is served at /nothing/here.', instance: '/nothing/here' });
  });

  it('405 with Allow for a method the route does not take', async () => {
    const res = await fetch(`${base}/requests`, { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(await problemOf(res)).toMatchObject({ type: `${PROBLEM_BASE}method-not-allowed`, status: 405, detail: 'DELETE is not allowed here; use POST.' });
  });

  it('413 for a body over the gateway\'s ceiling', async () => {
    const res = await fetch(`${base}/requests`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(1024 * 1024 + 1) });
    expect(res.status).toBe(413);
    expect(await problemOf(res)).toMatchObject({ type: `${PROBLEM_BASE}content-too-large`, status: 413 });
  });

  it('HEAD gets the status and headers without a body', async () => {
    const res = await fetch(`${base}/nothing`, { method: 'HEAD' });
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('');
  });
});
