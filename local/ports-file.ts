/**
 * Where the running local stack can be found: `npm start` writes `.local/ports.json` once it is
 * ready and removes it when it stops cleanly; the `desk` CLI reads it, so staff need not re-export
 * DYNAMODB_PORT in every shell. A file left behind by a killed stack names a process that no longer
 * runs: readers ignore it.
 */
import { readFileSync, renameSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

export interface PortsFile {
  pid: number;
  startedAt: string;
  api: string;
  dynamodb: string;
  ses: string;
  mail: string;
}

const projectRoot = resolve(import.meta.dirname, '..');

/** The local stack's state folder: LOCAL_DATA_DIR, else `.local/` at the project root (relative paths from the root too). */
export const localStateDir = (env: NodeJS.ProcessEnv = process.env): string => resolve(projectRoot, env.LOCAL_DATA_DIR || '.local');

export const portsFilePath = (dir: string): string => resolve(dir, 'ports.json');

export function writePortsFile(dir: string, ports: Omit<PortsFile, 'pid' | 'startedAt'>, pid = process.pid, now = new Date()): string {
  mkdirSync(dir, { recursive: true });
  const path = portsFilePath(dir);
  // Write then rename: a reader never sees half a file.
  const tmp = `${path}.${pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify({ pid, startedAt: now.toISOString(), ...ports }, null, 2)}\n`);
  renameSync(tmp, path);
  return path;
}

/** Removes the file if this process wrote it (another stack started since owns it then). */
export function removePortsFile(dir: string, pid = process.pid): void {
  const current = readPortsFileRaw(dir);
  if (current?.pid === pid) rmSync(portsFilePath(dir), { force: true });
}

function readPortsFileRaw(dir: string): PortsFile | undefined {
  try {
    const parsed = JSON.parse(readFileSync(portsFilePath(dir), 'utf8')) as Partial<PortsFile>;
    if (typeof parsed.pid !== 'number' || typeof parsed.dynamodb !== 'string' || !/^https?:\/\//.test(parsed.dynamodb)) return undefined;
    return parsed as PortsFile;
  } catch {
    return undefined;
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The running stack's ports, or undefined when none is recorded or the recording process is gone. */
export function readPortsFile(dir: string, isAlive: (pid: number) => boolean = alive): PortsFile | undefined {
  const file = readPortsFileRaw(dir);
  return file && isAlive(file.pid) ? file : undefined;
}

/**
 * The DynamoDB endpoint the CLI talks to locally, and where that choice came from (the "cannot
 * reach" error names both): an explicit setting first, then the running stack's file, then 8000.
 */
export function localDynamoEndpoint(env: NodeJS.ProcessEnv = process.env, isAlive?: (pid: number) => boolean): { url: string; source: string } {
  if (env.AWS_ENDPOINT_URL_DYNAMODB) return { url: env.AWS_ENDPOINT_URL_DYNAMODB, source: 'AWS_ENDPOINT_URL_DYNAMODB' };
  if (env.DYNAMODB_PORT) return { url: `http://localhost:${env.DYNAMODB_PORT}`, source: 'DYNAMODB_PORT' };
  const dir = localStateDir(env);
  const running = readPortsFile(dir, isAlive);
  if (running) return { url: running.dynamodb, source: portsFilePath(dir) };
  return { url: 'http://localhost:8000', source: `the default; no running stack recorded in ${portsFilePath(dir)}` };
}
