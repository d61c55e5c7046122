/**
 * Approving by reply, in AWS. An SES receipt rule for INBOUND_DOMAIN has two actions: an S3 action
 * that stores the raw message under `INBOUND_PREFIX + messageId` in INBOUND_BUCKET, then a Lambda
 * action (invocation type Event) that calls this handler with the SES event:
 *
 *   { Records: [{ eventSource: 'aws:ses', ses: {
 *       mail: { messageId, source, destination: [...], commonHeaders: {...} },
 *       receipt: { recipients: ['rd+<requestId>.<token>@INBOUND_DOMAIN'],
 *                  spfVerdict: { status: 'PASS' }, dkimVerdict: { status: 'PASS' },
 *                  dmarcVerdict: { status: 'PASS'|'GRAY'|'FAIL' }, spamVerdict, virusVerdict, action } } }] }
 *
 * The Lambda event carries no body: the handler reads the message from S3 and hands it to the same
 * use case `desk mail receive FILE.eml` uses locally. A reply that fails a check is ignored and
 * logged; the handler still answers CONTINUE (no exception reaches SES). Only an infrastructure
 * failure (S3, DynamoDB) throws, so that Lambda's asynchronous retry tries the message again;
 * deciding is exactly-once, so a retry never decides twice.
 */
import type { SESEvent } from 'aws-lambda';
import { readEnv } from '../config/environment.js';
import { dynamoDocumentClient } from '../adapters/aws-clients.js';
import { dynamoRepository } from '../adapters/repository.js';
import { inboundMailStore } from '../adapters/inbound-mail.js';
import { workerHandler } from '../edge/worker.js';
import { receiveSesReplies, type ReplyDeps } from '../application/reply-decision.js';

const env = readEnv(['TABLE_NAME', 'BASE_URL', 'STAGE', 'TOKEN_TTL_DAYS', 'INBOUND_DOMAIN', 'INBOUND_BUCKET', 'INBOUND_PREFIX']);
const deps: ReplyDeps = {
  repo: dynamoRepository(dynamoDocumentClient(), env.TABLE_NAME),
  baseUrl: env.BASE_URL.replace(/\/+$/, ''),
  offerTtlDays: Number(env.TOKEN_TTL_DAYS),
  ...(env.INBOUND_DOMAIN ? { inboundDomain: env.INBOUND_DOMAIN } : {}),
};
const readMessage = inboundMailStore(env.INBOUND_BUCKET, env.INBOUND_PREFIX);

export const handler = workerHandler(async (event: SESEvent) => ({
  disposition: 'CONTINUE' as const,
  results: await receiveSesReplies(deps, event.Records ?? [], readMessage, new Date()),
}));
