/**
 * The AWS SDK's credential chain as a Lambda function needs it: the environment variables the Lambda
 * runtime sets (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN) — nothing else.
 *
 * Every SDK client imports `defaultProvider` from `@aws-sdk/credential-provider-node`, which brings
 * the whole default chain (SSO, INI files, credential processes, web identity, IMDS/ECS, and the STS
 * and SSO clients they use: ~90 KB of every bundle) that a Lambda function never reaches. The bundler
 * replaces that module by this one in the function bundles only (infra/constructs/reprint-function.ts
 * `BUNDLE_ALIAS`, read by the bench too); the CLI, the local stack and the tests run unbundled and
 * keep the full chain (an operator's profile or SSO session).
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

type Init = Parameters<typeof fromEnv>[0];

/** The same export the SDK clients import from `@aws-sdk/credential-provider-node`. */
export const defaultProvider = (init: Init = {}): AwsCredentialIdentityProvider => fromEnv(init);

export const credentialsWillNeedRefresh = (credentials?: AwsCredentialIdentity) => credentials?.expiration !== undefined;
export const credentialsTreatedAsExpired = (credentials?: AwsCredentialIdentity) =>
  credentials?.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300_000;
