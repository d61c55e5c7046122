/**
 * The mail-receive function as AWS invokes it: an SES receipt-rule event (Lambda action after an S3
 * action), the raw message read from S3 under INBOUND_PREFIX + messageId, the verdicts and envelope
 * recipients taken from the event. S3 is a loopback stand-in that checks each request's signature
 * (tests/support/s3-stand-in.ts), reached through AWS_ENDPOINT_URL_S3 with the stack's credentials;
 * DynamoDB is the local stack's.
 */
import { lambdaContext } from '../../local/gateway.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SESEvent } from 'aws-lambda';
import { postJson, requestBody, startTestStack, type TestStack } from '../support/stack.js';
import { tableAccess } from '../support/table.js';
import { startS3StandIn, type S3StandIn } from '../support/s3-stand-in.js';
import { replyAddressFor } from '../../functions/domain/mail-reply.js';

let stack: TestStack;
let s3: S3StandIn;

beforeAll(async () => {
  stack = await startTestStack();
  // The stack sets AWS_REGION and the credentials (as Lambda's environment would); S3 accepts those.
  s3 = await startS3StandIn({ secrets: { [process.env.AWS_ACCESS_KEY_ID!]: process.env.AWS_SECRET_ACCESS_KEY! }, region: process.env.AWS_REGION! });
  Object.assign(process.env, { INBOUND_BUCKET: 'reprint-desk-inbound', INBOUND_PREFIX: 'replies/', AWS_ENDPOINT_URL_S3: s3.url });
});
afterAll(async () => { delete process.env.AWS_ENDPOINT_URL_S3; await s3?.close(); await stack?.stop(); });

function sesEvent(messageId: string, recipients: string[], verdicts: { spf: string; dkim: string; dmarc: string }): SESEvent {
  const status = (s: string) => ({ status: s as 'PASS' });
  return { Records: [{ eventSource: 'aws:ses', eventVersion: '1.0', ses: {
    mail: { timestamp: new Date().toISOString(), source: 'bounce@harbourledger.example', messageId, destination: recipients, headersTruncated: false, headers: [], commonHeaders: { returnPath: '', from: [], to: recipients, messageId, subject: 'Re', date: '' } },
    receipt: { timestamp: new Date().toISOString(), processingTimeMillis: 10, recipients, spamVerdict: status('PASS'), virusVerdict: status('PASS'),
      spfVerdict: status(verdicts.spf), dkimVerdict: status(verdicts.dkim), dmarcVerdict: status(verdicts.dmarc),
      action: { type: 'Lambda', functionArn: 'arn:aws:lambda:us-east-1:1:function:mail-receive', invocationType: 'Event' } },
  } }] } as unknown as SESEvent;
}

describe('mail-receive handler', () => {
  it('reads the message from S3 and decides only when the verdicts pass', async () => {
    const res = await postJson(stack, '/requests', requestBody({ use: { type: 'print-reprint', audience: 2000 }, requester: { email: 'ses@example.org' } }));
    const { requestId } = (await res.json()) as { requestId: string };
    await stack.dispatch();
    const review = (await stack.mails()).find((m) => m.destination.to[0] === 'rights@harbourledger.example' && (m.body.text ?? '').includes(requestId))!;
    const token = new URL((review.body.text ?? '').match(/https?:\/\/\S+\/review\/\S+/)![0]).searchParams.get('token')!;
    const to = replyAddressFor(requestId, token, 'inbound.reprintdesk.local');
    s3.put('reprint-desk-inbound', 'replies/ses-1', ['From: rights@harbourledger.example', `To: ${to}`, 'Subject: Re', 'Content-Type: text/plain', '', 'approve', '> quoted'].join('\r\n'));
    const { handler } = await import('../../functions/handlers/mail-receive.js');
    const context = lambdaContext('mail-receive');

    const refused = await handler(sesEvent('ses-1', [to], { spf: 'PASS', dkim: 'FAIL', dmarc: 'GRAY' }), context);
    expect(refused).toMatchObject({ disposition: 'CONTINUE', results: [{ accepted: false, reason: 'dkim-not-pass' }] });
    expect(s3.requests.at(-1)).toMatchObject({ method: 'GET', bucket: 'reprint-desk-inbound', key: 'replies/ses-1', verdict: { ok: true } });
    const repo = tableAccess(stack.urls.dynamodb).repo;
    expect((await repo.getRequest(requestId))!.status).toBe('pending');

    const accepted = await handler(sesEvent('ses-1', [to], { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' }), context);
    expect(accepted).toMatchObject({ disposition: 'CONTINUE', results: [{ accepted: true, outcome: 'approved' }] });
    expect((await repo.getRequest(requestId))!.status).toBe('licensed');

    // A message S3 does not have is an infrastructure failure: it throws, so Lambda's async retry tries again.
    await expect(handler(sesEvent('missing', [to], { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' }), context)).rejects.toThrow('NoSuchKey');
  });
});
