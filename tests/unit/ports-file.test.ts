/**
 * The CLI finds the running local stack through .local/ports.json (issue 12, item 9): what the file
 * holds, when it is believed, and what outranks it. The whole round trip (npm start writes it, the
 * CLI uses it, Ctrl-C removes it, the error names the endpoint) is in tests/e2e/npm-start.test.ts.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localDynamoEndpoint, localStateDir, portsFilePath, readPortsFile, removePortsFile, writePortsFile } from '../../local/ports-file.js';
import { main } from '../../cli/desk.js';
import { freePort } from '../../local/services.js';

const urls = { api: 'http://127.0.0.1:3101', dynamodb: 'http://127.0.0.1:8101', ses: 'http://127.0.0.1:8106', mail: 'http://127.0.0.1:8106/' };
const dir = () => mkdtempSync(join(tmpdir(), 'desk-ports-'));

describe('.local/ports.json', () => {
  it('is written whole with the pid, read back while that process lives, and removed only by its writer', () => {
    const d = dir();
    const path = writePortsFile(d, urls, 4242, new Date('2026-12-02T00:00:00Z'));
    expect(path).toBe(portsFilePath(d));
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ pid: 4242, startedAt: '2026-12-02T00:00:00.000Z', ...urls });
    expect(readPortsFile(d, (pid) => pid === 4242)).toMatchObject({ dynamodb: urls.dynamodb });
    // A stack killed without cleaning up leaves a file naming a dead process: it is not believed.
    expect(readPortsFile(d, () => false)).toBeUndefined();
    removePortsFile(d, 999);
    expect(existsSync(path)).toBe(true);
    removePortsFile(d, 4242);
    expect(existsSync(path)).toBe(false);
  });

  it('a damaged file is no file', () => {
    const d = dir();
    writeFileSync(portsFilePath(d), '{"pid": 1, "dynamodb": "ftp://x"}');
    expect(readPortsFile(d, () => true)).toBeUndefined();
    writeFileSync(portsFilePath(d), 'not json');
    expect(readPortsFile(d, () => true)).toBeUndefined();
  });

  it('the endpoint: AWS_ENDPOINT_URL_DYNAMODB, then DYNAMODB_PORT, then the running stack, then 8000 — each says where it came from', () => {
    const d = dir();
    writePortsFile(d, urls, process.pid);
    expect(localDynamoEndpoint({ LOCAL_DATA_DIR: d })).toEqual({ url: urls.dynamodb, source: portsFilePath(d) });
    expect(localDynamoEndpoint({ LOCAL_DATA_DIR: d, DYNAMODB_PORT: '8123' })).toEqual({ url: 'http://localhost:8123', source: 'DYNAMODB_PORT' });
    expect(localDynamoEndpoint({ LOCAL_DATA_DIR: d, AWS_ENDPOINT_URL_DYNAMODB: 'http://10.0.0.1:8000' }).source).toBe('AWS_ENDPOINT_URL_DYNAMODB');
    const empty = dir();
    const fallback = localDynamoEndpoint({ LOCAL_DATA_DIR: empty });
    expect(fallback.url).toBe('http://localhost:8000');
    expect(fallback.source).toContain(portsFilePath(empty));
    expect(localStateDir({})).toMatch(/\/\.local$/);
  });

  it('"cannot reach" names the endpoint it tried and where that came from', async () => {
    const d = dir();
    const closed = await freePort();
    writePortsFile(d, { ...urls, dynamodb: `http://127.0.0.1:${closed}` }, process.pid);
    const err: string[] = [];
    const code = await main(['requests', 'list'], { out: () => {}, err: (s) => err.push(s) }, { LOCAL_DATA_DIR: d });
    expect(code).toBe(1);
    expect(err.join('\n')).toContain(`cannot reach DynamoDB at http://127.0.0.1:${closed} (from ${portsFilePath(d)})`);
  });
});
