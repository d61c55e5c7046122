/**
 * The load run: `npm start`'s stack as a child process (in memory, on free loopback ports, its
 * dispatcher and lifecycle workers running as usual), driven by autocannon on 127.0.0.1 only for a
 * bounded time with a mix of routes — each connection in turn reads an article's terms, asks for a
 * quote, submits a request, and reads the status of the request it just submitted. Afterwards every
 * acknowledged (201) request is read back: any that cannot be found is "lost".
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { freePort } from '../../local/services.js';
import { ARTICLE, requestBody } from './fixtures.js';

export interface LoadResult {
  seconds: number;
  connections: number;
  requests: number;
  throughput: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  acknowledged: number;
  lost: number;
}

const PROJECT_ROOT = resolve(import.meta.dirname, '..', '..');

async function startChild(): Promise<{ child: ChildProcess; api: string; output: () => string }> {
  const ports = { PORT: String(await freePort()), SES_PORT: String(await freePort()), DYNAMODB_PORT: String(await freePort()) };
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'local/start.ts'), '--memory'], {
    cwd: PROJECT_ROOT,
    // The load comes from loopback for one requester: the mail caps and the approvers' allowance are lifted.
    env: {
      ...process.env, ...ports, TABLE_NAME: '', AWS_ENDPOINT_URL_DYNAMODB: '', AWS_ENDPOINT_URL_SES: '',
      MAIL_CAP_PER_RECIPIENT_DAY: '10000000', MAIL_CAP_PER_SOURCE_IP_DAY: '10000000', APPROVER_MAILS_PER_HOUR: '10000000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => { output += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { output += d.toString(); });
  const api = `http://127.0.0.1:${ports.PORT}`;
  const t0 = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the local stack exited early:\n${output}`);
    if (Date.now() - t0 > 60_000) { child.kill('SIGKILL'); throw new Error(`the local stack was not healthy within 60 s:\n${output}`); }
    if (await fetch(`${api}/health`).then((r) => r.ok, () => false)) return { child, api, output: () => output };
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export async function loadRun(opts: { seconds: number; connections: number; log?: (s: string) => void }): Promise<LoadResult> {
  const log = opts.log ?? (() => {});
  const { child, api, output } = await startChild();
  try {
    // One request made beforehand, for a connection whose own submission failed.
    const seedRes = await fetch(`${api}/requests`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(requestBody('licensed', 0)) });
    const seedBody = (await seedRes.json()) as { requestId: string; token: string };
    // Warm every handler of the mix first (module loading is a cold start, not load).
    for (let i = 0; i < 10; i++) {
      await fetch(`${api}/articles/${ARTICLE}/terms`).then((r) => r.arrayBuffer());
      await fetch(`${api}/quotes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(requestBody('licensed', 0)) }).then((r) => r.arrayBuffer());
      await fetch(`${api}/requests/${seedBody.requestId}?token=${seedBody.token}`).then((r) => r.arrayBuffer());
    }
    const acked: { requestId: string; token: string }[] = [];
    let n = 0;
    type Ctx = { requestId?: string; token?: string };
    const instance = autocannon({
      url: api,
      connections: opts.connections,
      duration: opts.seconds,
      timeout: 10,
      requests: [
        { method: 'GET', path: `/articles/${ARTICLE}/terms` },
        { method: 'POST', path: '/quotes', headers: { 'content-type': 'application/json' }, body: JSON.stringify(requestBody('licensed', 0)) },
        {
          method: 'POST', path: '/requests', headers: { 'content-type': 'application/json' },
          setupRequest: (req) => ({ ...req, body: JSON.stringify(requestBody('licensed', ++n)) }),
          onResponse: (status: number, body: string, context: Ctx) => {
            context.requestId = undefined;
            if (status !== 201) return;
            const b = JSON.parse(body) as { requestId: string; token: string };
            acked.push({ requestId: b.requestId, token: b.token });
            context.requestId = b.requestId;
            context.token = b.token;
          },
        },
        {
          method: 'GET', path: `/requests/${seedBody.requestId}?token=${seedBody.token}`,
          setupRequest: (req, context: Ctx) => (context.requestId ? { ...req, path: `/requests/${context.requestId}?token=${context.token}` } : req),
        },
      ],
    } as autocannon.Options);
    const result = await instance;
    log(`  load: ${result.requests.total} requests in ${opts.seconds} s, ${acked.length} acknowledged submissions; reading them back…`);
    let lost = 0;
    let next = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (next < acked.length) {
        const a = acked[next++]!;
        const res = await fetch(`${api}/requests/${a.requestId}?token=${encodeURIComponent(a.token)}`);
        if (res.status !== 200) lost++;
        await res.arrayBuffer();
      }
    }));
    const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, v]) => [code, (v as { count: number }).count]));
    if (/\[gateway\].*failed/.test(output())) log(`  load: the gateway logged failures:\n${output().split('\n').filter((l) => l.includes('[gateway]')).slice(0, 5).join('\n')}`);
    return {
      seconds: opts.seconds, connections: opts.connections,
      requests: result.requests.total,
      throughput: result.requests.total / opts.seconds,
      p50: result.latency.p50, p99: result.latency.p99,
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
      statusCodes,
      acknowledged: acked.length,
      lost,
    };
  } finally {
    await stopChild(child);
  }
}
