/**
 * Bundles every function of the catalogue the way infra/constructs/reprint-function.ts makes CDK
 * bundle it — the esbuild options are derived from the construct's own `BUNDLING` (format, target,
 * main fields, minify, source map, external modules, banner, aliases, tsconfig) — plus a baseline
 * bundle holding only the DynamoDB document client built the same way; then times a fresh `node`
 * process importing each bundle.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions } from 'esbuild';
import { OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { BUNDLE_ALIAS, BUNDLING, HANDLERS_DIR, PROJECT_ROOT } from '../../infra/constructs/reprint-function.js';
import { functionCatalogue, type FunctionName } from '../../functions/config/functions.js';
import { localEnvironment } from '../../functions/config/environment.js';
import { median } from './stats.js';

/** The construct's banner, exported by it: the bench bundles exactly as CDK does. */
export const constructBanner = (): string => BUNDLING.banner;

/**
 * The esbuild options NodejsFunction derives from the construct's `BUNDLING` props (its esbuild CLI
 * flags, as the esbuild API takes them). `esbuildArgs` carries only `--alias:` flags, from `BUNDLE_ALIAS`.
 */
export function constructBuildOptions(outfile: string): BuildOptions {
  const extraArgs = Object.keys(BUNDLING.esbuildArgs).filter((flag) => !flag.startsWith('--alias:'));
  if (extraArgs.length) throw new Error(`bench/lib/bundles.ts does not translate the construct's esbuildArgs ${extraArgs.join(', ')}`);
  return {
    bundle: true,
    platform: 'node',
    format: BUNDLING.format === OutputFormat.ESM ? 'esm' : 'cjs',
    target: BUNDLING.target,
    outfile,
    minify: BUNDLING.minify,
    // SourceMapMode.DEFAULT is esbuild's `--sourcemap` (an external .map file with a link comment).
    sourcemap: BUNDLING.sourceMap && (BUNDLING.sourceMapMode === SourceMapMode.DEFAULT ? true : BUNDLING.sourceMapMode),
    sourcesContent: BUNDLING.sourcesContent,
    // bundleAwsSDK: true — the SDK is bundled like any module; only externalModules stay out.
    external: [...BUNDLING.externalModules],
    mainFields: [...BUNDLING.mainFields],
    banner: { js: BUNDLING.banner },
    alias: { ...BUNDLE_ALIAS },
    tsconfig: BUNDLING.tsconfig,
    logLevel: 'warning',
    metafile: true,
  };
}

export const BASELINE = '(baseline: DynamoDB document client only)';
/**
 * The same document client with the SDK's whole default credential chain (no BUNDLE_ALIAS): the
 * baseline as issue 16 measured it (339 KB), kept as a reference row so ratios stay comparable.
 */
export const BASELINE_FULL_CHAIN = '(reference: document client with the default credential chain)';

const BASELINE_SOURCE = `
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
// Built as functions/adapters/aws-clients.ts builds it, at module load like a handler's dependencies.
export const client = DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 4 }), {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});
`;

export interface BundleResult {
  name: string;
  file: string;
  bytes: number;
  gzipBytes: number;
  /** Largest inputs by bytes in the output, for the "why" of a big bundle. */
  top: { input: string; bytes: number }[];
}

export async function buildBundles(outDir: string): Promise<BundleResult[]> {
  mkdirSync(outDir, { recursive: true });
  const entries: { name: string; entry?: string }[] = [
    { name: BASELINE },
    { name: BASELINE_FULL_CHAIN },
    ...(Object.keys(functionCatalogue) as FunctionName[]).map((name) => ({ name, entry: join(HANDLERS_DIR, functionCatalogue[name].entry) })),
  ];
  const results: BundleResult[] = [];
  // Two at a time: these machines have two cores.
  for (let i = 0; i < entries.length; i += 2) {
    results.push(...await Promise.all(entries.slice(i, i + 2).map(async ({ name, entry }) => {
      const dir = join(outDir, name === BASELINE ? 'baseline' : name === BASELINE_FULL_CHAIN ? 'baseline-full-chain' : name);
      mkdirSync(dir, { recursive: true });
      const file = join(dir, 'index.mjs');
      const out = await build({
        ...constructBuildOptions(file),
        ...(name === BASELINE_FULL_CHAIN ? { alias: {} } : {}),
        ...(entry ? { entryPoints: [entry] } : { stdin: { contents: BASELINE_SOURCE, resolveDir: PROJECT_ROOT, loader: 'ts', sourcefile: 'bench-baseline.ts' } }),
      });
      const outputs = out.metafile!.outputs[Object.keys(out.metafile!.outputs).find((k) => k.endsWith('index.mjs'))!]!;
      const byPackage = new Map<string, number>();
      for (const [input, { bytesInOutput }] of Object.entries(outputs.inputs)) {
        const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? (input.includes('functions/') ? 'functions/ (own code)' : input);
        byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + bytesInOutput);
      }
      const code = readFileSync(file);
      return {
        name, file, bytes: statSync(file).size, gzipBytes: gzipSync(code).length,
        top: [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([input, bytes]) => ({ input, bytes })),
      };
    })));
  }
  return results;
}

/**
 * Import time of each bundle in fresh node processes (ms): `runs` rounds, each round importing every
 * bundle once in turn (interleaved, so a noisy moment hits all bundles alike); the median per bundle.
 * The handler's module-load work (reading its environment, building its SDK clients) is part of it,
 * as in a cold start. Beside the wall time, the CPU time the process spent in the import
 * (`process.cpuUsage()`, user + system): on a shared machine the wall time also counts the moments
 * the process waited for a core, the CPU time does not.
 */
export function importTimes(files: readonly string[], runs: number): Map<string, { median: number; samples: number[]; cpuSamples: number[] }> {
  const env = {
    ...process.env,
    ...localEnvironment({ baseUrl: 'http://127.0.0.1:3000', tableName: 'bench' }),
    AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench',
    // The SDK's notice that its 2027 releases need Node 22 (the deployed runtime) is no part of a cold start there.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    NODE_OPTIONS: '',
  };
  const samples = new Map<string, { wall: number[]; cpu: number[] }>(files.map((f) => [f, { wall: [], cpu: [] }]));
  for (let round = 0; round < runs; round++) {
    for (const file of files) {
      const script = `const c0 = process.cpuUsage(); const t0 = performance.now(); await import(${JSON.stringify(`file://${file}`)}); const t = performance.now() - t0; const c = process.cpuUsage(c0); process.stdout.write(JSON.stringify([t, (c.user + c.system) / 1000]));`;
      const [wall, cpu] = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { env, encoding: 'utf8' })) as [number, number];
      samples.get(file)!.wall.push(wall);
      samples.get(file)!.cpu.push(cpu);
    }
  }
  return new Map([...samples].map(([f, s]) => [f, { median: median(s.wall), samples: s.wall, cpuSamples: s.cpu }]));
}
