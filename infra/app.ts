/**
 * The CDK app (`cdk.json`: `npx tsx infra/app.ts`). Each stage's settings are committed in cdk.json
 * under `context.stages`; `-c stage=<name>` picks one (default `dev`):
 *   npx cdk deploy --all -c stage=prod
 * See README, Deploy.
 */
import { StageConfigError } from './stage-config.js';
import { MissingHandlerError } from './stateless-stack.js';
import { buildApp } from './reprint-desk.js';

try {
  buildApp().app.synth();
} catch (e) {
  // Configuration mistakes are reported as such: the message names the key or file, no stack trace.
  if (e instanceof StageConfigError || e instanceof MissingHandlerError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
