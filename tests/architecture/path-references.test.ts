/**
 * Every file path the README and the code's comments name exists: a module moved or deleted
 * leaves no reference to a file that is gone. Paths are recognised when they start at a top-level
 * folder (`functions/views/html.ts`, `local/ports-file.ts`) or at a layer of functions/
 * (`views/html.ts`, `adapters/entities/request.ts`); relative ones (starting with ./ or ../) are resolved from
 * the file that names them.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = normalize(join(import.meta.dirname, '../..'));
/** Files that a run writes, named on purpose though absent from a fresh clone. */
const written = new Set(['bench/results.json']);
const top = '(?:functions|cli|local|infra|tests|data|bench|tools|bin)';
const layer = '(?:domain|views|application|adapters|edge|handlers|config)';
const pathPattern = new RegExp(`(?<![\\w./-])((?:${top}|${layer}|\\.\\.?)/[\\w./-]*\\.(?:ts|js|cjs|json|ya?ml|txt|html|md))(?![\\w/])`, 'g');

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(join(root, dir))) {
    const path = `${dir}/${name}`;
    if (statSync(join(root, path)).isDirectory()) yield* sourceFiles(path);
    else if (/\.ts$/.test(name) && !name.endsWith('.generated.ts')) yield path;
  }
}

/** The comment text of a TypeScript file (line comments and block comments), line by line. */
function commentLines(text: string): [number, string][] {
  return text.split('\n').map((l, i) => [i + 1, l] as [number, string]).filter(([, l]) => /^\s*(\/\/|\/\*|\*)/.test(l));
}

function exists(from: string, ref: string): boolean {
  const candidates = ref.startsWith('.') ? [join(dirname(from), ref)] : [ref, `functions/${ref}`];
  return candidates.some((c) => written.has(c) || existsSync(join(root, c)) || (c.endsWith('.js') && existsSync(join(root, c.replace(/\.js$/, '.ts')))));
}

describe('path references', () => {
  it('every path named in the README and in code comments exists', () => {
    const sources: [string, [number, string][]][] = [['README.md', readFileSync(join(root, 'README.md'), 'utf8').split('\n').map((l, i) => [i + 1, l])]];
    for (const dir of ['functions', 'cli', 'local', 'infra', 'tools', 'bench', 'tests']) {
      for (const file of sourceFiles(dir)) sources.push([file, commentLines(readFileSync(join(root, file), 'utf8'))]);
    }
    const missing: string[] = [];
    let checked = 0;
    for (const [file, lines] of sources) {
      for (const [n, line] of lines) {
        for (const m of line.matchAll(pathPattern)) {
          checked++;
          if (!exists(file, m[1]!)) missing.push(`${file}:${n}: ${m[1]}`);
        }
      }
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(50); // the scan does find the references it checks
  });

  it('recognises a reference to a file that does not exist', () => {
    const line = ' * The form is rendered by views/pages.ts and parsed in functions/edge/form.ts.';
    const refs = [...line.matchAll(pathPattern)].map((m) => m[1]!);
    expect(refs).toEqual(['views/pages.ts', 'functions/edge/form.ts']);
    expect(refs.filter((r) => !exists('functions/handlers/x.ts', r))).toEqual(refs);
    expect(exists('functions/views/pages/review.ts', './layout.ts')).toBe(true);
  });
});
