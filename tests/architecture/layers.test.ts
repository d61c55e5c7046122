/**
 * The layers of functions/ (README, "Architecture"), checked on the real imports by
 * dependency-cruiser with the rules of .dependency-cruiser.cjs: each layer imports only downward,
 * and nothing in functions/ or cli/ imports in a circle. Today's known violations are allowlisted
 * in tools/layers-allowlist.ts, each with the branch removing it; the list may only shrink.
 *
 * The second part plants imports in a throwaway tree and cruises it with the same rules, so the
 * check is shown to bite: every upward import, a circle and a reach outside functions/ fail it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLayers, compareWithAllowlist, cruiseLayers, describeViolation, type LayerReport, type Violation } from '../../tools/check-layers.js';
import { knownViolations } from '../../tools/layers-allowlist.js';

describe('the real tree', () => {
  let report: LayerReport;
  beforeAll(async () => { report = await checkLayers(); }, 120_000);

  it('has no upward import and no circle beyond the documented allowlist', () => {
    expect(report.unexpected.map(describeViolation), 'import only downward: domain ← views ← application ← adapters ← edge ← handlers').toEqual([]);
  });

  it('has no allowlist entry that no longer occurs (the list only shrinks)', () => {
    expect(report.stale.map(([from, to, owner]) => `${from} → ${to} (${owner}): remove it from tools/layers-allowlist.ts`)).toEqual([]);
  });

  it('allowlists only layer imports, never a circle, and each entry once', () => {
    const keys = knownViolations.map(([from, to]) => `${from} -> ${to}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(report.all.filter((v) => v.rule === 'no-circular').map(describeViolation)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// The rules bite: a planted tree

const layers = ['domain', 'views', 'application', 'adapters', 'edge', 'handlers', 'config'] as const;
type Layer = (typeof layers)[number];
/** What each layer may import (besides itself): the README's rule, written out independently of the config. */
const mayImport: Record<Layer, readonly Layer[]> = {
  domain: [],
  views: ['domain'],
  application: ['domain', 'views'],
  adapters: ['domain', 'views', 'application', 'config'],
  edge: ['domain', 'views', 'application', 'adapters', 'config'],
  handlers: ['domain', 'views', 'application', 'adapters', 'edge', 'config'],
  config: [],
};

describe('the rules, on a planted tree', () => {
  let root: string;
  let found: Violation[];
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'layers-'));
    for (const from of layers) {
      write(`functions/${from}/target.ts`, 'export const target = 1;\n');
      for (const to of layers) {
        if (to === from) continue;
        write(`functions/${from}/uses-${to}.ts`, `import { target } from '../${to}/target.js';\nexport const x = target;\n`);
      }
    }
    // A type-only import counts too: a domain record that is a storage item is an upward import.
    write('functions/domain/record.ts', "import type { Item } from '../adapters/item.js';\nexport type Record = Item;\n");
    write('functions/adapters/item.ts', 'export interface Item { pk: string }\n');
    // A circle, in the CLI; and Lambda code reaching into the local stack.
    write('cli/a.ts', "import { b } from './b.js';\nexport const a = () => b;\n");
    write('cli/b.ts', "import { a } from './a.js';\nexport const b = () => a;\n");
    write('local/stack.ts', 'export const stack = 1;\n');
    write('functions/edge/uses-local.ts', "import { stack } from '../../local/stack.js';\nexport const y = stack;\n");
    found = await cruiseLayers(['functions', 'cli'], root);
  }, 120_000);

  afterAll(() => { if (root) rmSync(root, { recursive: true, force: true }); });

  const flagged = (from: string, to: string) => found.some((v) => v.from === from && v.to === to);

  for (const from of layers) {
    it(`${from}: flags each import of a layer above it, and none of a layer below`, () => {
      const wrong: string[] = [];
      for (const to of layers) {
        if (to === from) continue;
        const allowed = mayImport[from].includes(to);
        if (flagged(`functions/${from}/uses-${to}.ts`, `functions/${to}/target.ts`) === allowed) {
          wrong.push(`${from} → ${to} should be ${allowed ? 'allowed' : 'flagged'}`);
        }
      }
      expect(wrong).toEqual([]);
    });
  }

  it('flags a type-only upward import', () => {
    expect(flagged('functions/domain/record.ts', 'functions/adapters/item.ts')).toBe(true);
  });

  it('flags a circle and a reach from functions/ into the local stack', () => {
    expect(found.some((v) => v.rule === 'no-circular' && v.from.startsWith('cli/'))).toBe(true);
    expect(flagged('functions/edge/uses-local.ts', 'local/stack.ts')).toBe(true);
  });

  it('fails the check for a planted violation that is not allowlisted, and names it', () => {
    const planted = found.filter((v) => v.from === 'functions/views/uses-edge.ts');
    expect(planted).toHaveLength(1);
    const report = compareWithAllowlist(planted, []);
    expect(report.unexpected.map(describeViolation)).toEqual(['views-imports-only-domain: functions/views/uses-edge.ts → functions/edge/target.ts']);
    // …and an allowlist entry that matches nothing is reported stale.
    expect(compareWithAllowlist([], [['functions/views/gone.ts', 'functions/edge/x.ts', 'arch-edge']]).stale).toHaveLength(1);
  });
});
