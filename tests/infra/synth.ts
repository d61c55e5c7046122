/**
 * Synthesizes the real app (infra/reprint-desk.ts) in-process for the infrastructure tests: once per
 * test file, into a temporary cloud assembly, with the validation plugins (cdk-nag, the built-in
 * CloudFormation validator) reporting into validation-report.json instead of throwing, so a test can
 * show the findings instead of a bare failure.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { IConstruct } from 'constructs';
import { functionCatalogue, type FunctionName, type FunctionSpec } from '../../functions/config/functions.js';
import { tableDefinition } from '../../functions/config/table.js';
import { MAIL_ACTIONS } from '../../infra/constructs/reprint-function.js';
import { buildApp, type ReprintDeskApp } from '../../infra/reprint-desk.js';
import { handlerPath, tableGrantFor } from '../../infra/table-grants.js';
import type { StageEntry } from '../../infra/stage-config.js';

/** cdk.json's context, as the cdk CLI hands it to the app (the committed stages). */
export const CDK_JSON_CONTEXT = (JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;
export const committedStages = CDK_JSON_CONTEXT.stages as Record<string, StageEntry>;

/** Context selecting `stage`, defined as `entry` (beside the committed stages). */
export const stageContext = (stage: string, entry: StageEntry) => ({ stage, stages: { ...committedStages, [stage]: entry } });

export interface Synthesized {
  built: ReprintDeskApp;
  assembly: CloudAssembly;
  outdir: string;
  stateful: Template;
  stateless: Template;
  statefulJson: TemplateJson;
  statelessJson: TemplateJson;
  /** cdk.out/validation-report.json as written by synth. */
  validationReport: ValidationReport;
}

export interface TemplateJson {
  Resources: Record<string, { Type: string; Properties?: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string; DependsOn?: string[] }>;
  Outputs?: Record<string, { Value: unknown; Export?: { Name: string } }>;
}

export interface ValidationReport {
  pluginReports: { pluginName: string; conclusion: string; violations: { ruleName: string; severity: string; violatingConstructs?: { constructPath: string }[] }[] }[];
}

export function synth(opts: { context?: Record<string, unknown>; bundle?: boolean; policyChecks?: boolean } = {}): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), 'reprint-desk-cdk-'));
  const built = buildApp({
    outdir,
    ...(opts.policyChecks === false ? { builtinCloudFormationValidation: false } : {}),
    context: {
      ...CDK_JSON_CONTEXT,
      ...(opts.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      '@aws-cdk/core:failSynthOnValidationErrors': false,
      ...opts.context,
    },
  }, { policyChecks: opts.policyChecks ?? true });
  const assembly = built.app.synth();
  const statefulJson = assembly.getStackByName(built.stateful.stackName).template as TemplateJson;
  const statelessJson = assembly.getStackByName(built.stateless.stackName).template as TemplateJson;
  const reportFile = join(outdir, 'validation-report.json');
  const validationReport = (existsSync(reportFile) ? JSON.parse(readFileSync(reportFile, 'utf8')) : { pluginReports: [] }) as ValidationReport;
  return {
    built, assembly, outdir, statefulJson, statelessJson, validationReport,
    stateful: Template.fromJSON(statefulJson),
    stateless: Template.fromJSON(statelessJson),
  };
}

export const logicalId = (c: IConstruct): string => {
  const el = (c.node.defaultChild ?? c) as CfnElement;
  const stack = Stack.of(el);
  return stack.resolve(stack.getLogicalId(el)) as string;
};

/** The `Fn::ImportValue` the consumer stack uses for a value the stateful stack exports. */
export function importOf(producer: TemplateJson, value: unknown): { 'Fn::ImportValue': string } {
  const match = Object.values(producer.Outputs ?? {}).find((o) => o.Export && JSON.stringify(o.Value) === JSON.stringify(value));
  if (!match?.Export) throw new Error(`no export for ${JSON.stringify(value)}`);
  return { 'Fn::ImportValue': match.Export.Name };
}

/** Every `Validations.of(x).acknowledge()` in the tree: path, rule id, reason. */
export function acknowledgements(root: IConstruct): { path: string; id: string; reason: string }[] {
  const out: { path: string; id: string; reason: string }[] = [];
  for (const c of root.node.findAll()) {
    for (const m of c.node.metadata) {
      if (m.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      // aws-cdk-lib records a plain id as `Annotation::<id>`; cdk-nag reads it back the same way.
      for (const [id, reason] of Object.entries(m.data as Record<string, string>)) out.push({ path: c.node.path, id: id.replace(/^annotation::/i, ''), reason });
    }
  }
  return out;
}

export const violationsOf = (report: ValidationReport) =>
  report.pluginReports.flatMap((p) => p.violations.map((v) => ({
    plugin: p.pluginName, rule: v.ruleName, severity: v.severity, at: (v.violatingConstructs ?? []).map((c) => c.constructPath),
  })));

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

/**
 * What each function's role must hold: its log group, X-Ray, the table access its code uses (item
 * actions on the table, Query on each index it queries), SES for a function that sends mail, and the
 * wiring of the stream-triggered dispatcher and the asynchronously invoked functions.
 */
export function expectedStatements(syn: Synthesized, name: FunctionName, opts: { inboundObjectArn?: unknown; sandboxIdentityArns?: unknown[] } = {}): Statement[] {
  const spec: FunctionSpec = functionCatalogue[name];
  const grant = tableGrantFor(handlerPath(spec.entry));
  const fn = syn.built.stateless.functions[name];
  const tableId = logicalId(syn.built.stateful.table);
  const tableArn = importOf(syn.statefulJson, { 'Fn::GetAtt': [tableId, 'Arn'] });
  const sesArn = (kind: string, ref: unknown) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ses:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:${kind}/`, ref]] });
  const dlqArn = { 'Fn::GetAtt': [logicalId(syn.built.stateless.deadLetterQueue), 'Arn'] };
  const out: Statement[] = [
    { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [logicalId(fn.logGroupResource), 'Arn'] } },
    { Effect: 'Allow', Action: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'], Resource: '*' },
  ];
  if (grant.tableActions.length) out.push({ Effect: 'Allow', Action: [...grant.tableActions], Resource: tableArn });
  if (grant.indexes.length) {
    out.push({ Effect: 'Allow', Action: ['dynamodb:Query'], Resource: grant.indexes.map((i) => ({ 'Fn::Join': ['', [tableArn, `/index/${i}`]] })) });
  }
  if (spec.ses) {
    const identity = syn.built.stateful.identity;
    out.push({
      Effect: 'Allow', Action: [...MAIL_ACTIONS],
      Resource: [
        identity ? sesArn('identity', importOf(syn.statefulJson, { Ref: logicalId(identity) })) : sesArn('identity', syn.built.config.sesIdentity),
        sesArn('configuration-set', importOf(syn.statefulJson, { Ref: logicalId(syn.built.stateful.configurationSet) })),
        ...(opts.sandboxIdentityArns ?? []),
      ],
    });
  }
  if (name === 'dispatcher') {
    out.push(
      { Effect: 'Allow', Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'], Resource: dlqArn },
      { Effect: 'Allow', Action: 'dynamodb:ListStreams', Resource: '*' },
      { Effect: 'Allow', Action: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'], Resource: importOf(syn.statefulJson, { 'Fn::GetAtt': [tableId, 'StreamArn'] }) },
    );
  }
  if (['lifecycle', 'mail-receive'].includes(name)) {
    // On-failure destination of asynchronous invocations (the dispatcher's stream mapping already holds the same statement).
    out.push({ Effect: 'Allow', Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'], Resource: dlqArn });
  }
  // The webhook seal key (a Secrets Manager secret of the stateful stack; its Ref is its ARN).
  if ((spec.env as readonly string[]).includes('WEBHOOK_SEAL_KEY_ID')) {
    out.push({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: importOf(syn.statefulJson, { Ref: logicalId(syn.built.stateful.webhookSealKey) }) });
  }
  if ((name as string) === 'mail-receive' && opts.inboundObjectArn) out.push({ Effect: 'Allow', Action: 's3:GetObject', Resource: opts.inboundObjectArn });
  return out;
}

export const sortStatements = (sts: Record<string, any>[]) =>
  sts.map(normaliseStatement).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

/** Sort statement actions/resources so comparisons ignore order. */
export function normaliseStatement(st: Record<string, any>) {
  const arr = (v: unknown) => (Array.isArray(v) ? v : [v]);
  return {
    Effect: st.Effect,
    Action: arr(st.Action).map(String).sort(),
    Resource: arr(st.Resource).map((r) => JSON.stringify(r)).sort(),
  };
}

export function statementsOfRole(json: TemplateJson, roleLogicalId: string) {
  return Object.entries(json.Resources).filter(([, r]) => r.Type === 'AWS::IAM::Policy')
    .filter(([, p]) => (p.Properties!.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleLogicalId })))
    .flatMap(([, p]) => p.Properties!.PolicyDocument.Statement as Record<string, any>[]);
}


/** cfn-lint (a pip package) where the machine has it; tests skip with this reason where it has not. */
export const CFN_LINT = (() => {
  const probe = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? { available: true as const, version: probe.stdout.trim() } : { available: false as const, reason: 'cfn-lint is not installed (pip install cfn-lint): the cfn-lint check is skipped' };
})();

/** cfn-lint's errors (not its warnings or notes) on both templates of a synthesized app. */
export function cfnLintErrors(s: Synthesized): string[] {
  const files = [s.built.stateful, s.built.stateless].map((st) => join(s.outdir, st.templateFile));
  let out: string;
  try {
    out = execFileSync('cfn-lint', ['--format', 'json', ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    out = (e as { stdout: string }).stdout; // the exit code is a bitmask of the levels found
  }
  return (JSON.parse(out) as { Level: string; Rule: { Id: string }; Message: string; Filename: string }[])
    .filter((f) => f.Level === 'Error').map((f) => `${f.Rule.Id} ${f.Message} (${f.Filename})`);
}
