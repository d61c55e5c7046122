/**
 * One Lambda function of the catalogue (functions/config/functions.ts), built the one way all of
 * them are: Node.js 22 on arm64, an ESM bundle made locally by esbuild (no Docker) with the AWS SDK
 * inside it, an external source map (not loaded at run time), its own log group with a retention, its own role that starts empty, and an
 * environment made of exactly the variables the catalogue says the function reads.
 *
 * Permissions are added only through `bindTable` and `bindMail`, which write explicit statements:
 * every action is named (no wildcards, no Grant helper that brings extra actions along). The table
 * grant is computed from the calls the function's code makes (infra/table-grants.ts). X-Ray tracing
 * is active: the runtime's two X-Ray write actions are the one statement CDK adds by itself.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ArnFormat, Duration, Stack, type RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat, SourceMapMode, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { environmentSpec, type EnvName } from '../../functions/config/environment.js';
import type { FunctionSpec, TableAccess } from '../../functions/config/functions.js';
import type { TableGrant } from '../table-grants.js';

export const PROJECT_ROOT = resolve(import.meta.dirname, '..', '..');
export const HANDLERS_DIR = join(PROJECT_ROOT, 'functions', 'handlers');

/** The runtime every function runs on, and the esbuild target that matches it. */
export const FUNCTION_RUNTIME = Runtime.NODEJS_22_X;
export const BUNDLE_TARGET = 'node22';
/** A function's memory when the catalogue sets none (the bench's cost model reads it too). */
export const DEFAULT_MEMORY_MB = 512;

/**
 * Modules the function bundles take from elsewhere. `@aws-sdk/credential-provider-node` (the SDK's
 * whole default credential chain, ~90 KB of every bundle with the STS and SSO clients) becomes the
 * environment-only provider a Lambda function uses (functions/adapters/lambda-credentials.ts);
 * `@pdf-lib/standard-fonts` (the metrics of 14 fonts) becomes the two faces the PDFs are set in
 * (functions/adapters/pdf-standard-fonts.ts, ≈ −95 KB of license-documents). Only the bundles: the
 * CLI, the local stack and the tests run the packages themselves.
 */
export const BUNDLE_ALIAS: Readonly<Record<string, string>> = {
  '@aws-sdk/credential-provider-node': join(PROJECT_ROOT, 'functions', 'adapters', 'lambda-credentials.ts'),
  '@pdf-lib/standard-fonts': join(PROJECT_ROOT, 'functions', 'adapters', 'pdf-standard-fonts.ts'),
};

/** Writes a function declared `table: 'read'` in the catalogue may never be granted. */
export const WRITE_ACTIONS: readonly string[] = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
export const MAIL_ACTIONS: readonly string[] = ['ses:SendEmail'];

/**
 * ESM output still meets CommonJS dependencies that call `require` for Node built-ins; this banner
 * gives the bundle a real `require`, so such a call works instead of failing with
 * "Dynamic require of … is not supported".
 */
export const ESM_REQUIRE_SHIM = "import { createRequire as __reprintDeskCreateRequire } from 'node:module'; const require = __reprintDeskCreateRequire(import.meta.url);";

/**
 * How every function is bundled: esbuild locally (no Docker), ESM for Node 22, minified, the AWS SDK
 * inside, an external source map without sources, the banner and aliases above. The bench
 * (bench/lib/bundles.ts) derives its esbuild options from this object, so its bundles are these.
 */
export const BUNDLING = {
  format: OutputFormat.ESM,
  mainFields: ['module', 'main'],
  target: BUNDLE_TARGET,
  minify: true,
  sourceMap: true,
  sourceMapMode: SourceMapMode.DEFAULT,
  sourcesContent: false,
  bundleAwsSDK: true,
  externalModules: [],
  banner: ESM_REQUIRE_SHIM,
  esbuildArgs: Object.fromEntries(Object.entries(BUNDLE_ALIAS).map(([from, to]) => [`--alias:${from}`, to])),
  tsconfig: join(PROJECT_ROOT, 'tsconfig.json'),
  forceDockerBundling: false,
  logLevel: LogLevel.WARNING,
} as const satisfies BundlingOptions;

export interface ReprintFunctionProps {
  /** The catalogue key (`create-request`). */
  name: string;
  spec: FunctionSpec;
  /** Stage values for the environment variables; a variable absent here takes its spec default. */
  environment: Partial<Record<EnvName | string, string>>;
  logRetention: RetentionDays;
  /** RETAIN in production (logs outlive a stack replacement), DESTROY elsewhere. */
  removalPolicy: RemovalPolicy;
}

export class ReprintFunction extends NodejsFunction {
  readonly catalogueName: string;
  readonly spec: FunctionSpec;
  readonly logGroupResource: LogGroup;
  private readonly executionRole: iam.Role;
  private tableBound = false;

  constructor(scope: Construct, id: string, props: ReprintFunctionProps) {
    const entry = join(HANDLERS_DIR, props.spec.entry);
    if (!existsSync(entry)) {
      throw new Error(`Function "${props.name}" of the catalogue has no entry file: functions/handlers/${props.spec.entry} does not exist`);
    }
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Reprint Desk ${props.name}: logs to its own log group, plus what bindTable/bindMail add`,
    });
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });

    super(scope, id, {
      entry,
      handler: 'handler',
      description: props.spec.description,
      runtime: FUNCTION_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.spec.memoryMb ?? DEFAULT_MEMORY_MB,
      timeout: Duration.seconds(props.spec.timeoutSeconds ?? 10),
      role,
      logGroup,
      tracing: Tracing.ACTIVE,
      // No NODE_OPTIONS=--enable-source-maps: with it Node reads and parses the ~600 KB map at every
      // cold start (measured: +24–30 % import time, README "Performance"). The map is still written
      // beside the bundle, so a minified stack trace from the logs can be mapped offline.
      environment: catalogueEnvironment(props.name, props.spec, props.environment),
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      bundling: BUNDLING,
    });
    this.catalogueName = props.name;
    this.spec = props.spec;
    this.executionRole = role;
    this.logGroupResource = logGroup;

    // The only logging rights: create streams and put events in its own log group.
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'WriteOwnLogs',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [logGroup.logGroupArn],
    }));
  }

  /**
   * Exactly the table access the function's code uses: its item actions on the table, Query on each
   * index it queries (listed one by one: no `index/*`). `ceiling` is the catalogue's declaration: a
   * function declared read-only whose code writes stops synthesis.
   */
  bindTable(table: ITable, grant: TableGrant, ceiling: TableAccess): void {
    if (this.tableBound) throw new Error(`${this.catalogueName}: bindTable called twice`);
    this.tableBound = true;
    const writes = grant.tableActions.filter((a) => WRITE_ACTIONS.includes(a));
    if (ceiling === 'read' && writes.length) {
      throw new Error(`Function "${this.catalogueName}" is declared read-only (functions/config/functions.ts) but its code calls ${grant.calls.join(', ')}, which need ${writes.join(', ')}`);
    }
    if (grant.tableActions.length) {
      this.executionRole.addToPrincipalPolicy(new iam.PolicyStatement({
        sid: 'TableItems',
        actions: [...grant.tableActions],
        resources: [table.tableArn],
      }));
    }
    if (grant.indexes.length) {
      this.executionRole.addToPrincipalPolicy(new iam.PolicyStatement({
        sid: 'IndexQuery',
        actions: ['dynamodb:Query'],
        resources: grant.indexes.map((i) => `${table.tableArn}/index/${i}`),
      }));
    }
  }

  /**
   * `ses:SendEmail` on the sending identity and the configuration set (SES authorises a send against
   * both), and on any further identities SES checks (recipients' identities while in the sandbox).
   */
  bindMail(identityArn: string, configurationSetArn: string, extraIdentityArns: readonly string[] = []): void {
    // In the sandbox extraIdentityArns is `identity/*`: SES authorises a send against the recipient's
    // verified identity too, and requesters' addresses are verified by hand, not by this stack.
    this.executionRole.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'SendMail',
      actions: [...MAIL_ACTIONS],
      resources: [identityArn, configurationSetArn, ...extraIdentityArns],
    }));
  }

  /** `s3:GetObject` on the objects under `prefix` in `bucket` (nothing else in the bucket, no listing). */
  bindObjectRead(bucket: IBucket, prefix: string): void {
    this.executionRole.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'ReadInboundObjects',
      actions: ['s3:GetObject'],
      resources: [bucket.arnForObjects(`${prefix}*`)],
    }));
  }

  /**
   * `secretsmanager:GetSecretValue` on one secret, by name (`-??????` is the random suffix Secrets
   * Manager appends to every secret ARN): the Stripe keys, read once per cold start.
   */
  bindSecret(secretName: string): void {
    this.executionRole.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'ReadStripeSecret',
      actions: ['secretsmanager:GetSecretValue'],
      resources: [Stack.of(this).formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: `${secretName}-??????`, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
    }));
  }

  /** `secretsmanager:GetSecretValue` on the webhook seal key (by ARN): read once per container, on first use. */
  bindWebhookSealKey(secretArn: string): void {
    this.executionRole.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'ReadWebhookSealKey',
      actions: ['secretsmanager:GetSecretValue'],
      resources: [secretArn],
    }));
  }

  /** The function's execution role (starts with no policy but its own log writes). */
  get executionRoleResource(): iam.Role {
    return this.executionRole;
  }
}

/**
 * The function's environment: exactly the catalogue's variables. A required variable with no stage
 * value and no default stops synthesis naming the function and the variable.
 */
export function catalogueEnvironment(name: string, spec: FunctionSpec, values: Partial<Record<EnvName | string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  const missing: string[] = [];
  for (const envName of spec.env) {
    const envSpec: { required: boolean; default?: string } = environmentSpec[envName];
    const value = values[envName] ?? envSpec.default ?? (envSpec.required ? undefined : '');
    if (value === undefined || (envSpec.required && value === '')) missing.push(envName);
    else out[envName] = value;
  }
  if (missing.length) {
    throw new Error(`Function "${name}" reads ${missing.join(', ')}, which the stage gives no value (infra/stateless-stack.ts stageEnvironment)`);
  }
  return out;
}
