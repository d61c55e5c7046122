/**
 * SDK clients, built once per process (Lambda reuses them across invocations). Endpoints come from
 * the SDK's own standard variables AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL_SES, so the same
 * handler code talks to dynalite and the local SES on a laptop and to AWS when deployed.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';

let documentClient: DynamoDBDocumentClient | undefined;

export function dynamoDocumentClient(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 4 }), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return documentClient;
}

/**
 * The local SES hangs on actions it does not implement: every call gets a deadline. A factory, not a
 * singleton: the mailer replaces its client after a client-side failure (see mailer.ts).
 */
export const newSesClient = (): SESClient =>
  new SESClient({ maxAttempts: 1, requestHandler: { requestTimeout: 5_000, connectionTimeout: 2_000 } });

