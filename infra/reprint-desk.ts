/**
 * Builds the whole CDK app — the stage configuration, both stacks and the policy checks — so that
 * infra/app.ts (the `cdk` entry) and the infrastructure tests construct exactly the same thing.
 */
import { App, ReferenceStrength, Tags, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { loadStageConfig, type StageConfig } from './stage-config.js';
import { StatefulStack } from './stateful-stack.js';
import { StatelessStack } from './stateless-stack.js';

export interface ReprintDeskApp {
  app: App;
  config: StageConfig;
  stateful: StatefulStack;
  stateless: StatelessStack;
}

/** Stack names for a stage: `ReprintDesk-dev-Stateful`, `ReprintDesk-dev-Stateless`. */
export const stackNames = (stage: string) => ({
  stateful: `ReprintDesk-${stage}-Stateful`,
  stateless: `ReprintDesk-${stage}-Stateless`,
});

export interface BuildOptions {
  /**
   * Register cdk-nag (AwsSolutions and Serverless). Always on for `cdk synth`/`deploy` (infra/app.ts); only a test
   * whose point is not the policy checks (the bundle artifact test) turns it off, together with
   * `builtinCloudFormationValidation: false` in the App props.
   */
  policyChecks?: boolean;
}

export function buildApp(props: AppProps = {}, opts: BuildOptions = {}): ReprintDeskApp {
  const app = new App({
    // CDK_VALIDATION=false skips the (slow) built-in CloudFormation template validator, for a quick
    // look at the templates; cdk-nag still runs. Deploys keep it on.
    ...(process.env.CDK_VALIDATION === 'false' ? { builtinCloudFormationValidation: false } : {}),
    ...props,
    context: {
      // Strong references (Export/ImportValue): the stateful stack cannot be deleted while the
      // stateless stack still uses its table or identity.
      '@aws-cdk/core:defaultCrossStackReferences': ReferenceStrength.STRONG,
      ...props.context,
    },
  });
  const config = loadStageConfig((key) => app.node.tryGetContext(key));

  // Environment-agnostic unless the CLI knows an account/region (then cross-stack references are
  // resolved for that environment). Synth needs neither: it runs offline.
  // A stage pinned to an account/region (cdk.json) deploys only there.
  const account = config.env?.account ?? process.env.CDK_DEFAULT_ACCOUNT;
  const region = config.env?.region ?? process.env.CDK_DEFAULT_REGION;
  const env = account && region ? { account, region } : config.env;
  const names = stackNames(config.stage);

  const stateful = new StatefulStack(app, names.stateful, {
    stackName: names.stateful,
    description: `Reprint Desk (${config.stage}): table, SES identity and configuration set, staff user pool — data that outlives deploys`,
    terminationProtection: config.protect,
    config,
    ...(env ? { env } : {}),
  });
  const stateless = new StatelessStack(app, names.stateless, {
    stackName: names.stateless,
    description: `Reprint Desk (${config.stage}): functions, HTTP API, schedules and alarms`,
    config,
    table: stateful.table,
    mail: stateful.mail,
    ...(stateful.inbound ? { inbound: stateful.inbound } : {}),
    staff: stateful.staff,
    webhookSealKey: stateful.webhookSealKey,
    ...(env ? { env } : {}),
  });
  stateless.addStackDependency(stateful);

  // Dashboards take no tags in every region's CloudFormation schema (cfn-lint refuses them): left out.
  const untaggable = { excludeResourceTypes: ['AWS::CloudWatch::Dashboard'] };
  Tags.of(app).add('project', 'reprint-desk', untaggable);
  Tags.of(app).add('stage', config.stage, untaggable);

  // cdk-nag v3 is a validation plugin: it runs after synthesis and fails it on any unacknowledged error.
  if (opts.policyChecks !== false) {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }), new ServerlessChecks(app, { verbose: true }));
  }
  return { app, config, stateful, stateless };
}
