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
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { SESEvent } from 'aws-lambda';
import { readEnv } from '../config/environment.js';
import { dynamoDocumentClient } from '../adapters/aws-clients.js';
import { dynamoRepository } from '../adapters/repository.js';
import { log } from '../edge/log.js';
import { receiveReply, type ReplyDeps, type ReplyResult } from '../application/reply-decision.js';

const env = readEnv(['TABLE_NAME', 'BASE_URL', 'STAGE', 'TOKEN_TTL_DAYS', 'INBOUND_DOMAIN', 'INBOUND_BUCKET', 'INBOUND_PREFIX']);
const deps: ReplyDeps = {
  repo: dynamoRepository(dynamoDocumentClient(), env.TABLE_NAME),
  baseUrl: env.BASE_URL.replace(/\/+$/, ''),
  offerTtlDays: Number(env.TOKEN_TTL_DAYS),
  ...(env.INBOUND_DOMAIN ? { inboundDomain: env.INBOUND_DOMAIN } : {}),
};

let s3: S3Client | undefined;

async function readMessage(messageId: string): Promise<Uint8Array> {
  if (!env.INBOUND_BUCKET) throw new Error('INBOUND_BUCKET is not set: the receipt rule must store messages in S3 before invoking this function');
  s3 ??= new S3Client({ maxAttempts: 3 });
  const out = await s3.send(new GetObjectCommand({ Bucket: env.INBOUND_BUCKET, Key: `${env.INBOUND_PREFIX}${messageId}` }));
  if (!out.Body) throw new Error(`empty S3 object for message ${messageId}`);
  return out.Body.transformToByteArray();
}

export async function handler(event: SESEvent): Promise<{ disposition: 'CONTINUE'; results: ReplyResult[] }> {
  const results: ReplyResult[] = [];
  for (const record of event.Records ?? []) {
    const { mail, receipt } = record.ses;
    const raw = Buffer.from(await readMessage(mail.messageId));
    const result = await receiveReply(deps, {
      raw,
      verdicts: {
        spf: receipt.spfVerdict.status, dkim: receipt.dkimVerdict.status, dmarc: receipt.dmarcVerdict?.status,
        // The receipt rule scans (scanEnabled): spam and virus verdicts are honoured like SPF and DKIM.
        ...(receipt.spamVerdict ? { spam: receipt.spamVerdict.status } : {}), ...(receipt.virusVerdict ? { virus: receipt.virusVerdict.status } : {}),
      },
      recipients: receipt.recipients,
    }, new Date());
    log('info', 'inbound reply', { sesMessageId: mail.messageId, accepted: result.accepted, ...(result.accepted ? { outcome: result.outcome } : { reason: result.reason }), requestId: result.requestId });
    results.push(result);
  }
  return { disposition: 'CONTINUE', results };
}
