/**
 * Signed webhooks to licensees (Standard Webhooks, https://www.standardwebhooks.com/): the events a
 * license's endpoints receive, the endpoint as the license records it, and the JSON payload built at
 * delivery from an outbox intent's parameters. Pure: no I/O, no storage attribute.
 *
 * Payload (the spec's recommended shape): `{ "type": "license.revoked", "timestamp": ISO, "data": {…} }`.
 * The `webhook-id` header is the event id (the same on every retry, so a receiver can de-duplicate),
 * `webhook-timestamp` the attempt's time, `webhook-signature` `v1,<base64 HMAC-SHA256>` of
 * `id.timestamp.body` under the endpoint's secret.
 */
import * as z from 'zod/mini';

export const WEBHOOK_EVENTS = ['license.revoked', 'license.expiring', 'license.ended', 'article.corrected', 'article.withdrawn'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** Endpoints one license may register. */
export const MAX_ENDPOINTS_PER_LICENSE = 5;
export const MAX_WEBHOOK_URL = 500;

export interface WebhookEndpoint {
  endpointId: string;
  url: string;
  /** The Standard Webhooks secret (`whsec_…`), sealed (AES-256-GCM) — never stored in the clear. */
  sealedSecret: string;
  createdAt: string;
  /** Who registered it: the licensee (with the license token) or staff (`desk webhooks add`). */
  createdBy: 'licensee' | 'staff';
}

/** What an outbox intent of the webhook channel carries: no body, no signature — both are made at delivery. */
export interface WebhookIntent {
  event: WebhookEvent;
  endpointId: string;
  /** Standard Webhooks `webhook-id`: stable across retries. */
  eventId: string;
  /** When the event happened (the payload's `timestamp`). */
  occurredAt: string;
  data: Record<string, string | number | boolean | null>;
}

export function webhookPayload(intent: WebhookIntent): string {
  return JSON.stringify({ type: intent.event, timestamp: intent.occurredAt, data: intent.data });
}

/**
 * An endpoint URL as a licensee may register it: https (http only where loopback is allowed, i.e.
 * locally), no credentials, no fragment, a host name or address. Whether its addresses are public is
 * checked by the delivery adapter (at registration and before every send).
 */
export const webhookUrlSchema = (opts: { allowLoopbackHttp: boolean }) => z.string().check(
  z.trim(), z.minLength(1, 'enter the URL of your endpoint'), z.maxLength(MAX_WEBHOOK_URL, `at most ${MAX_WEBHOOK_URL} characters`),
  z.superRefine((raw, ctx) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'enter a full URL starting with https://' });
      return;
    }
    const loopbackHost = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && opts.allowLoopbackHttp && loopbackHost)) {
      ctx.addIssue({ code: 'custom', message: 'the endpoint must use https://' });
    } else if (url.username || url.password) {
      ctx.addIssue({ code: 'custom', message: 'the URL must not contain a user name or password' });
    } else if (url.hash) {
      ctx.addIssue({ code: 'custom', message: 'the URL must not contain a fragment (#…)' });
    }
  }));

/** The body of `POST /licenses/{licenseId}/webhook` (JSON or the status page's form). */
export const registerWebhookBody = (opts: { allowLoopbackHttp: boolean }) => z.object({
  token: z.string().check(z.minLength(1, 'the license link\'s token is required'), z.maxLength(200)),
  url: webhookUrlSchema(opts),
});
