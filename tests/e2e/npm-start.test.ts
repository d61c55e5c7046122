/**
 * `npm start` as a newcomer runs it: a child process on free ports, data under a temp .local.
 * It must answer /health and show the mail viewer quickly, stop cleanly on Ctrl-C (SIGINT), and keep
 * what was imported across a restart. While it runs, the `desk` CLI finds it through
 * .local/ports.json with no DYNAMODB_PORT in its environment; after Ctrl-C the file is gone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/services.js';
import { main } from '../../cli/desk.js';
import { portsFilePath } from '../../local/ports-file.js';

const dataDir = mkdtempSync(join(tmpdir(), 'reprint-desk-start-'));
let child: ChildProcess | undefined;
let ports: { PORT: string; SES_PORT: string; DYNAMODB_PORT: string };

async function start(): Promise<{ ms: number; output: () => string }> {
  ports ??= { PORT: String(await freePort()), SES_PORT: String(await freePort()), DYNAMODB_PORT: String(await freePort()) };
  const t0 = Date.now();
  let output = '';
  child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
    env: { ...process.env, ...ports, LOCAL_DATA_DIR: dataDir, TABLE_NAME: '', AWS_ENDPOINT_URL_DYNAMODB: '', AWS_ENDPOINT_URL_SES: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => { output += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { output += d.toString(); });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
    if (Date.now() - t0 > 30_000) throw new Error(`not healthy within 30 s:\n${output}`);
    const ok = await fetch(`http://127.0.0.1:${ports.PORT}/health`).then((r) => r.ok, () => false);
    const mail = await fetch(`http://127.0.0.1:${ports.SES_PORT}/`).then((r) => r.ok, () => false);
    if (ok && mail) return { ms: Date.now() - t0, output: () => output };
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stop(): Promise<number | null> {
  const c = child!;
  const exited = new Promise<number | null>((r) => c.once('exit', (code) => r(code)));
  c.kill('SIGINT');
  return exited;
}

afterAll(() => { if (child && child.exitCode === null) child.kill('SIGKILL'); });

describe('npm start', () => {
  it('serves health and the mail viewer within 30 s, loads samples once, and keeps data across a restart', async () => {
    const first = await start();
    console.log(`npm start: healthy and mail viewer up in ${first.ms} ms (first start, with sample data)`);
    expect(first.output()).toContain('Sample data loaded');
    expect(first.output()).toContain(`http://127.0.0.1:${ports.PORT}/articles/harbour-dredging-plan/reprint`);
    // The stack recorded its ports; the CLI, with no DYNAMODB_PORT or endpoint in its environment, uses them.
    const recorded = JSON.parse(readFileSync(portsFilePath(dataDir), 'utf8')) as { pid: number; dynamodb: string; api: string };
    expect(recorded).toMatchObject({ pid: child!.pid, dynamodb: `http://127.0.0.1:${ports.DYNAMODB_PORT}`, api: `http://127.0.0.1:${ports.PORT}` });
    const cliEnv = { LOCAL_DATA_DIR: dataDir, TABLE_NAME: '' };
    const err: string[] = [];
    const imported = await main(['import-article', 'tests/fixtures/pages/valley-courier-crlf.txt', '--id', 'kept-across-restart'], { out: () => {}, err: (s) => err.push(s) }, cliEnv);
    expect(imported, err.join('\n')).toBe(0);
    expect(await stop()).toBe(0);
    // A clean stop removes the file; the CLI then says which endpoint it could not reach.
    expect(existsSync(portsFilePath(dataDir))).toBe(false);
    const refused: string[] = [];
    expect(await main(['requests', 'list'], { out: () => {}, err: (s) => refused.push(s) }, { ...cliEnv, DYNAMODB_PORT: ports.DYNAMODB_PORT })).toBe(1);
    expect(refused.join('\n')).toContain(`cannot reach DynamoDB at http://localhost:${ports.DYNAMODB_PORT} (from DYNAMODB_PORT)`);

    const second = await start();
    console.log(`npm start: healthy again in ${second.ms} ms (restart, data from disk)`);
    expect(second.output()).not.toContain('Sample data loaded');
    const terms = await fetch(`http://127.0.0.1:${ports.PORT}/articles/kept-across-restart/terms`);
    expect(terms.status).toBe(200);
    expect(await stop()).toBe(0);
  }, 90_000);
});
