/**
 * Storage is the adapter's business: no file outside functions/adapters/ names an index attribute
 * or builds a key — not the Lambda code, not the CLI, not the local stack, not the CDK app (the
 * stream filters come from adapters/outbox-stream.ts), not the bench (whose bulk seeding writes
 * items through helpers in functions/adapters/table-tools.ts). The names come from
 * their sources — the index attributes from the table layout (functions/config/table.ts, which only
 * declares them), the key builders from what the entity modules export — so a new index or a new key
 * builder is covered without editing this test. And no code outside the adapters but the bench's
 * seeding reads an entity module at all: use cases, edge, handlers, CLI, infra and the local stack see
 * domain records (the layering check, tests/architecture/layers.test.ts, covers functions/ too).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tableDefinition } from '../../functions/config/table.js';

const ROOT = resolve(import.meta.dirname, '../..');
/** Code outside the storage adapter (config only declares the layout the adapter and infra read). */
const SCANNED = ['functions', 'cli', 'local', 'bench', 'infra'];
const ALLOWED = ['functions/adapters/', 'functions/config/'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const indexAttributes = tableDefinition.globalSecondaryIndexes.flatMap((i) => [i.partitionKey, i.sortKey]);
const entityDir = join(ROOT, 'functions/adapters/entities');
const keyBuilders = [...new Set(readdirSync(entityDir).flatMap((f) =>
  [...readFileSync(join(entityDir, f), 'utf8').matchAll(/export (?:const|function) ([A-Za-z0-9_]+(?:Key|Partition|PARTITION|_DUE|_PARKED))\b/g)].map((m) => m[1]!)))];

/**
 * Every occurrence of a forbidden name, with file and line: an index attribute or a constant as a
 * word, a key builder where it is called (`partnerKey(`; the OpenAPI security scheme may be called partnerKey).
 */
export function violations(sources: { path: string; text: string }[], names: readonly string[]): string[] {
  const builders = names.filter((n) => /^[a-z]/.test(n) && /(Key|Partition)$/.test(n));
  const words = names.filter((n) => !builders.includes(n));
  const word = new RegExp(`\\b(${words.join('|')})\\b|\\b(${builders.join('|')})\\s*\\(`);
  const hits: string[] = [];
  for (const { path, text } of sources) {
    text.split('\n').forEach((line, i) => { const m = word.exec(line); if (m) hits.push(`${path}:${i + 1}: ${m[1] ?? m[2]}`); });
  }
  return hits;
}

/** Every import of an entity module (functions/adapters/entities/*), with file and line. */
export function entityImports(sources: { path: string; text: string }[]): string[] {
  const hits: string[] = [];
  for (const { path, text } of sources) {
    text.split('\n').forEach((line, i) => { if (/\bfrom\s+['"][^'"]*adapters\/entities\//.test(line)) hits.push(`${path}:${i + 1}`); });
  }
  return hits;
}

describe('the storage boundary', () => {
  const sources = SCANNED.flatMap((d) => files(join(ROOT, d)))
    .map((p) => ({ path: relative(ROOT, p), text: readFileSync(p, 'utf8') }))
    .filter((f) => !ALLOWED.some((a) => f.path.startsWith(a)));

  it('knows what to look for', () => {
    expect(indexAttributes).toEqual(expect.arrayContaining(['gsi1pk', 'gsi2sk', 'outboxPk', 'outboxDue', 'duePk', 'dueAt', 'payPk', 'paySk']));
    expect(keyBuilders).toEqual(expect.arrayContaining(['requestKey', 'articleKey', 'licenseKey', 'partnerKey', 'rateCardKey', 'statusPartition', 'OUTBOX_DUE']));
    // The entities split into domain records (article, partner, publisher key, usage, compliance) keep their keys in the adapter.
    expect(keyBuilders).toEqual(expect.arrayContaining([
      'sectionPartition', 'partnerDailyKey', 'PARTNERS_PARTITION', 'publisherKeyKey', 'PUBLISHER_KEYS_PARTITION',
      'usagePartition', 'usageDayKey', 'usageReferrerKey', 'usageTotalKey', 'pixelRateKey', 'readerSeenKey', 'complianceKey', 'compliancePartition', 'complianceSlotsKey',
    ]));
    expect(sources.some((f) => f.path.startsWith('bench/'))).toBe(true);
    expect(sources.length).toBeGreaterThan(100);
  });

  it('no file outside functions/adapters/ names an index attribute or a key builder', () => {
    expect(violations(sources, [...indexAttributes, ...keyBuilders])).toEqual([]);
  });

  it('only the adapters (and the bench\'s bulk seeding, which clones items with their mappers) import an entity module', () => {
    const outside = sources.filter((f) => !f.path.startsWith('bench/'));
    expect(entityImports(outside)).toEqual([]);
    expect(entityImports([{ path: 'cli/x.ts', text: "import { toPartner } from '../functions/adapters/entities/partner.js';" }])).toEqual(['cli/x.ts:1']);
  });

  it('would catch one (the check can fail)', () => {
    const planted = [{ path: 'functions/application/x.ts', text: "const k = requestKey(id);\nif (item.duePk) return;\n// a gsi1pkish word is fine" }];
    expect(violations(planted, [...indexAttributes, ...keyBuilders])).toEqual(['functions/application/x.ts:1: requestKey', 'functions/application/x.ts:2: duePk']);
  });
});
