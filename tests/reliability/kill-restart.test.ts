/**
 * kill -9 of `npm start`'s stack under load, then a restart on the same data directory: every
 * request that was acknowledged with a 201 before the kill is still there afterwards, readable by
 * its requester with the token the 201 gave, and the restarted stack takes new requests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/services.js';
import { requestBody } from '../support/stack.js';
import { sizes } from './sizes.js';

const dataDir = mkdtempSync(join(tmpdir(), 'reprint-desk-kill-'));
let child: ChildProcess | undefined;
let ports: { PORT: string; SES_PORT: string; DYNAMODB_PORT: string };
let output = '';

async function start(): Promise<number> {
  ports ??= { PORT: String(await freePort()), SES_PORT: String(await freePort()), DYNAMODB_PORT: String(await freePort()) };
  const t0 = Date.now();
  output = '';
  const c = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
    // Every request comes from loopback: the per-address mail cap is lifted (this test is about kill -9, not caps).
    env: {
      ...process.env, ...ports, LOCAL_DATA_DIR: dataDir, TABLE_NAME: '', AWS_ENDPOINT_URL_DYNAMODB: '', AWS_ENDPOINT_URL_SES: '',
      MAIL_CAP_PER_SOURCE_IP_DAY: '1000000', APPROVER_MAILS_PER_HOUR: '1000000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = c;
  c.stdout!.on('data', (d: Buffer) => { output += d.toString(); });
  c.stderr!.on('data', (d: Buffer) => { output += d.toString(); });
  for (;;) {
    if (c.exitCode !== null) throw new Error(`the stack exited early:\n${output}`);
    if (Date.now() - t0 > 60_000) throw new Error(`not healthy within 60 s:\n${output}`);
    if (await fetch(`${api()}/health`).then((r) => r.ok, () => false)) return Date.now() - t0;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const api = () => `http://127.0.0.1:${ports.PORT}`;

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('kill -9 under load', () => {
  it('keeps every acknowledged request across a SIGKILL and a restart', async () => {
    await start();
    const acked: { requestId: string; token: string }[] = [];
    let inFlightAtKill = 0;
    let sent = 0;
    let killedAt = -1;
    const victim = child!;
    const exited = new Promise<void>((r) => victim.once('exit', () => r()));

    await Promise.all(Array.from({ length: sizes.killConcurrency }, async () => {
      // Each connection keeps one request in flight until the kill; none starts after it.
      while (sent < sizes.killRequests && killedAt < 0) {
        const n = sent++;
        try {
          const res = await fetch(`${api()}/requests`, {
            method: 'POST', headers: { 'content-type': 'application/json' },
            body: JSON.stringify(requestBody({ requester: { email: `kill-${n}@example.org` } })),
          });
          const text = await res.text();
          if (res.status === 201) {
            const body = JSON.parse(text) as { requestId: string; token: string };
            acked.push({ requestId: body.requestId, token: body.token });
          } else if (killedAt >= 0) inFlightAtKill++;
          else throw new Error(`POST /requests answered ${res.status} before the kill: ${text.slice(0, 300)}`);
        } catch (e) {
          if (killedAt < 0) throw e;
          inFlightAtKill++; // the connection died with the process: not acknowledged
        }
        if (acked.length >= sizes.killAfter && killedAt < 0) {
          killedAt = acked.length;
          victim.kill('SIGKILL'); // mid-load: the other connections are still sending
        }
      }
    }));
    await exited;
    expect(victim.signalCode).toBe('SIGKILL');
    expect(killedAt).toBeGreaterThan(0);

    const restartMs = await start();
    const missing: string[] = [];
    let next = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (next < acked.length) {
        const a = acked[next++]!;
        const res = await fetch(`${api()}/requests/${a.requestId}?token=${encodeURIComponent(a.token)}`);
        const body = res.status === 200 ? (await res.json()) as { requestId: string; status: string } : undefined;
        if (body?.requestId !== a.requestId || body.status !== 'licensed') missing.push(`${a.requestId} (${res.status})`);
      }
    }));
    expect(missing, `acknowledged but gone after the restart:\n${missing.join('\n')}`).toEqual([]);

    // The restarted stack works: a new request is taken and found.
    const after = await fetch(`${api()}/requests`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(requestBody({ requester: { email: 'after-restart@example.org' } })) });
    expect(after.status).toBe(201);

    console.log(`kill -9 under load: ${acked.length} of ${sent} requests acknowledged (SIGKILL after ${killedAt}, ${sizes.killConcurrency} connections, ${inFlightAtKill} in flight cut off), `
      + `${acked.length - missing.length}/${acked.length} found after a restart healthy in ${restartMs} ms, 0 lost`);
    const stopped = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
    child!.kill('SIGINT');
    expect(await stopped).toBe(0);
  }, 180_000);
});
