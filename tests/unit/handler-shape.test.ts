/**
 * Handlers stay thin (issue 13): each file in functions/handlers/ is at most 25 lines of code
 * (blank lines and comments aside), catches nothing and chooses no status — errors go to the one
 * mapping in functions/edge/problem.ts, answers are built by edge/responses.ts's helpers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

export const MAX_HANDLER_LINES = 25;

/** The lines that are code: not blank, not a comment line. */
export function codeLines(source: string): string[] {
  const out: string[] = [];
  let inBlock = false;
  for (const line of source.split('\n')) {
    const t = line.trim();
    if (inBlock) { if (t.includes('*/')) inBlock = false; continue; }
    if (t.startsWith('/*')) { if (!t.includes('*/')) inBlock = true; continue; }
    if (t === '' || t.startsWith('//')) continue;
    out.push(line);
  }
  return out;
}

/** Everything a handler file must not be, in words (empty: a thin handler). */
export function handlerProblems(source: string): string[] {
  const code = codeLines(source);
  const text = code.join('\n');
  const problems: string[] = [];
  if (code.length > MAX_HANDLER_LINES) problems.push(`${code.length} lines of code (at most ${MAX_HANDLER_LINES})`);
  if (/\btry\s*\{|\bcatch\s*\(|\.catch\s*\(/.test(text)) problems.push('catches an error (the wrapper maps every error)');
  if (/\bstatusCode\b|\b(?:json|html|text|problem)\(\s*[1-5]\d\d\b|\bHttpProblem\b|\?\s*[1-5]\d\d\s*:/.test(text)) problems.push('chooses a status code');
  return problems;
}

const dir = resolve(import.meta.dirname, '../../functions/handlers');
const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));

describe('handlers are thin', () => {
  it.each(files)('%s', (file) => {
    expect(handlerProblems(readFileSync(resolve(dir, file), 'utf8'))).toEqual([]);
  });

  it('the check bites: a handler of the old kind fails it on every count', () => {
    const old = [
      "import { httpHandler } from '../edge/handler.js';",
      ...Array.from({ length: 24 }, (_, i) => `const x${i} = ${i};`),
      'export const handler = httpHandler(async (req) => {',
      '  try { return json(200, {}); } catch (e) { return html(e.why === "expired" ? 410 : 404, page); }',
      '});',
    ].join('\n');
    expect(handlerProblems(old)).toEqual(['28 lines of code (at most 25)', 'catches an error (the wrapper maps every error)', 'chooses a status code']);
    expect(handlerProblems("const r = { statusCode: 304, headers, body: '' };")).toEqual(['chooses a status code']);
    expect(handlerProblems("void stripe().catch(() => undefined);")).toEqual(['catches an error (the wrapper maps every error)']);
  });

  it('comments and blank lines do not count', () => {
    expect(codeLines('/**\n * doc\n */\n\n// note\nconst a = 1;\n/* one */\nconst b = 2;')).toEqual(['const a = 1;', 'const b = 2;']);
  });
});
