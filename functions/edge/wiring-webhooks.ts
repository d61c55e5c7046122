/**
 * The wiring of the two functions that sign and send webhooks (license-webhook, dispatcher), apart
 * from edge/wiring.ts: the delivery adapter brings ipaddr.js and standardwebhooks (≈ 25 KB, CommonJS,
 * so esbuild cannot drop them), which every other function's bundle would carry and parse at each
 * cold start.
 */
import { readEnv } from '../config/environment.js';
import { dynamoDocumentClient } from '../adapters/aws-clients.js';
import { dynamoMailCapCounters } from '../adapters/mail-cap-counters.js';
import { secretBoxFor } from '../adapters/secret-box.js';
import { endpointGuard, webhookSender } from '../adapters/webhook-delivery.js';
import { approverAllowance } from '../application/approver-digest.js';
import type { RunDeps } from '../application/outbox-runs.js';
import { mailDeps } from './wiring.js';

/**
 * Webhooks: the secret box (WEBHOOK_SEAL_KEY_ID) and the address policy (WEBHOOK_ALLOW_LOOPBACK,
 * `true` only in the local stack), shared by registration and delivery.
 */
export function webhookDeps() {
  const env = readEnv(['WEBHOOK_SEAL_KEY_ID', 'WEBHOOK_ALLOW_LOOPBACK']);
  const policy = { allowLoopback: env.WEBHOOK_ALLOW_LOOPBACK === 'true' };
  return { policy, box: secretBoxFor(env.WEBHOOK_SEAL_KEY_ID), guard: endpointGuard(policy), sender: webhookSender(policy) };
}

/** The outbox dispatcher's dependencies: beyond APPROVER_MAILS_PER_HOUR review emails an hour, an approver gets one digest. */
export function dispatchDeps(): RunDeps {
  const { env, repo, mailer } = mailDeps();
  const { APPROVER_MAILS_PER_HOUR, INBOUND_DOMAIN } = readEnv(['APPROVER_MAILS_PER_HOUR', 'INBOUND_DOMAIN']);
  const perHour = Number(APPROVER_MAILS_PER_HOUR);
  const webhooks = webhookDeps();
  return {
    repo, mailer, from: env.MAIL_FROM,
    // Mail is rendered at delivery: links to BASE_URL, approvers' reply addresses at INBOUND_DOMAIN (empty: off).
    render: { baseUrl: env.BASE_URL, ...(INBOUND_DOMAIN ? { inboundDomain: INBOUND_DOMAIN } : {}) },
    approvers: { allowance: approverAllowance(dynamoMailCapCounters(dynamoDocumentClient(), env.TABLE_NAME), perHour), perHour },
    // Webhook intents: signed (Standard Webhooks) and POSTed to a checked public address at delivery.
    webhooks: { sender: webhooks.sender, box: webhooks.box },
  };
}
