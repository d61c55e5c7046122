/**
 * The layering check: dependency-cruiser reads the real imports of functions/ and cli/ and checks
 * them against the rules in .dependency-cruiser.cjs (each layer imports only downward; no circle).
 * Violations listed in tools/layers-allowlist.ts (today's known ones, each with its owner) are
 * tolerated; any other fails, and so does an allowlist entry that no longer occurs.
 *
 *   npm run lint:layers     # prints each violation; exit 1 on any unexpected or stale entry
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseOptions, type IConfiguration, type IViolation } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { knownViolations } from './layers-allowlist.js';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** The project's rule set (.dependency-cruiser.cjs), as the CLI `depcruise` reads it too. */
export function layerConfig(): IConfiguration {
  return createRequire(import.meta.url)('../.dependency-cruiser.cjs') as IConfiguration;
}

export interface Violation { rule: string; from: string; to: string; cycle?: string[] }

/** "rule: from → to" (a circle lists its whole path). */
export const describeViolation = (v: Violation): string =>
  `${v.rule}: ${v.from} → ${v.cycle?.length ? v.cycle.join(' → ') : v.to}`;

/**
 * Every violation of the rules among `roots` (folders relative to `baseDir`). `baseDir` defaults to
 * this repository; a test passes a fixture tree instead, to show the rules bite.
 */
export async function cruiseLayers(roots: string[] = ['functions', 'cli'], baseDir = repoRoot): Promise<Violation[]> {
  const config = layerConfig();
  const options: ICruiseOptions = {
    ...config.options,
    baseDir,
    validate: true,
    ruleSet: { forbidden: config.forbidden ?? [] },
  } as ICruiseOptions;
  const tsConfig = extractTSConfig(`${repoRoot}tsconfig.json`);
  const result = await cruise(roots, options, {}, { tsConfig });
  if (typeof result.output === 'string') throw new Error('dependency-cruiser answered text, not a result');
  return (result.output.summary.violations as IViolation[]).map((v) => ({
    rule: v.rule.name,
    from: v.from,
    to: v.to,
    ...(v.cycle?.length ? { cycle: [v.from, ...v.cycle.map((c) => c.name)] } : {}),
  }));
}

export interface LayerReport {
  /** Every violation found. */
  all: Violation[];
  /** Violations not on the allowlist: these fail the check. */
  unexpected: Violation[];
  /** Allowlist entries that no longer occur: remove them (the list only shrinks). */
  stale: (readonly [string, string, string])[];
}

export function compareWithAllowlist(all: Violation[], allowlist: readonly (readonly [string, string, string])[] = knownViolations): LayerReport {
  const key = (from: string, to: string) => `${from} -> ${to}`;
  const allowed = new Set(allowlist.map(([from, to]) => key(from, to)));
  const found = new Set(all.map((v) => key(v.from, v.to)));
  return {
    all,
    // A circle is never allowlisted: there are none today.
    unexpected: all.filter((v) => v.rule === 'no-circular' || !allowed.has(key(v.from, v.to))),
    stale: allowlist.filter(([from, to]) => !found.has(key(from, to))),
  };
}

export async function checkLayers(): Promise<LayerReport> {
  return compareWithAllowlist(await cruiseLayers());
}

async function main(): Promise<void> {
  const report = await checkLayers();
  const known = report.all.length - report.unexpected.length;
  for (const v of report.unexpected) console.log(`error ${describeViolation(v)}`);
  for (const [from, to, owner] of report.stale) console.log(`stale allowlist entry (remove it from tools/layers-allowlist.ts): ${from} → ${to} (${owner})`);
  console.log(`layers: ${report.unexpected.length} violation(s), ${known} known and allowlisted (tools/layers-allowlist.ts), ${report.stale.length} stale allowlist entr${report.stale.length === 1 ? 'y' : 'ies'}`);
  process.exit(report.unexpected.length || report.stale.length ? 1 : 0);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
