/**
 * The CDK app (`cdk.json`: `npx tsx infra/app.ts`). Stage configuration comes from context, e.g.
 *   npx cdk deploy --all -c stage=prod -c mailFrom=reprints@paper.example -c domain=paper.example
 * With no context at all it synthesizes the `dev` stage with placeholder values (see docs/deploy.md).
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
