/**
 * The Nu Html Checker (vnu.jar, from the npm package `vnu-jar`) run on the system's Java — never a
 * downloaded one (the package's own launcher would fetch a JRE when none is installed; this harness
 * calls `java -jar` itself). Documents are checked in ONE run of the checker, since starting the JVM
 * costs seconds: write them all to a temporary folder, pass every file, read the JSON report.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The jar's path: the package's main export is the path itself (a String object). */
export const vnuJarPath = (): string => String(require('vnu-jar'));

/** Why the checker cannot run here, or undefined when it can (Java present and answering). */
export function vnuUnavailable(): string | undefined {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (java.error || java.status !== 0) return 'no `java` on PATH (install default-jre-headless or openjdk-17-jre-headless)';
  return undefined;
}

export interface VnuMessage {
  type: 'error' | 'info' | 'non-document-error';
  subType?: string;
  message: string;
  extract?: string;
  lastLine?: number;
  firstColumn?: number;
}

export interface VnuDocument { name: string; html: string }

/** Every document's messages of type error (and any failure to read one), by document name. */
export async function checkHtml(docs: readonly VnuDocument[]): Promise<Map<string, VnuMessage[]>> {
  const dir = mkdtempSync(join(tmpdir(), 'vnu-'));
  try {
    const files = docs.map((d, i) => {
      const file = join(dir, `${String(i).padStart(4, '0')}.html`);
      writeFileSync(file, d.html, 'utf8');
      return file;
    });
    // The report names each file by a URL ("file:/tmp/…/0003.html"): its last segment is enough.
    const nameOf = new Map(files.map((f, i) => [basename(f), docs[i]!.name]));
    const report = await run(['-Xss1024k', '-jar', vnuJarPath(), '--format', 'json', '--stdout', '--exit-zero-always', ...files]);
    const parsed = JSON.parse(report) as { messages: (VnuMessage & { url?: string })[] };
    const out = new Map<string, VnuMessage[]>(docs.map((d) => [d.name, []]));
    for (const m of parsed.messages) {
      if (m.type === 'info') continue;
      const name = (m.url && nameOf.get(m.url.split('/').pop() ?? '')) || '(checker)';
      out.set(name, [...(out.get(name) ?? []), m]);
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One line per error, for an assertion message. */
export const describeVnu = (errors: Map<string, VnuMessage[]>): string =>
  [...errors].filter(([, ms]) => ms.length).map(([name, ms]) =>
    `${name}:\n${ms.map((m) => `    line ${m.lastLine ?? '?'}: ${m.message}${m.extract ? `  «${m.extract.replace(/\s+/g, ' ').slice(0, 120)}»` : ''}`).join('\n')}`).join('\n');

function run(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => { stdout += c; });
    child.stderr.setEncoding('utf8').on('data', (c: string) => { stderr += c; });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 && stdout.trim() ? resolve(stdout) : reject(new Error(`vnu exited ${code}: ${stderr.slice(0, 2000)}`))));
  });
}
