/**
 * Licensees' webhook endpoints (POST /licenses/{licenseId}/webhook, `desk webhooks add|list|remove`)
 * and the webhook intents license and article events queue in the request item's outbox.
 *
 * Registering:
 *   1. the license token (the licensee's copy token or the requester's status token, compared in
 *      constant time like the copy) — or staff, through the CLI with their own AWS credentials;
 *   2. the URL: https, and every address its host resolves to public (EndpointGuard; locally a
 *      flag allows loopback) — checked again before every delivery;
 *   3. a fresh Standard Webhooks secret (`whsec_` + 32 random bytes) is returned ONCE; the item keeps
 *      it only sealed (SecretBox: AES-256-GCM under a key held outside the table, the endpoint's id as
 *      associated data). Standard Webhooks signs with HMAC, so the desk must be able to recover the
 *      secret at delivery: a hash would not do. Re-registering the same URL rotates its secret.
 *   4. one `repo.update` of the request (a conditional write, retried on a conflict).
 *
 * Events: `webhookIntents` makes one outbox entry per endpoint — channel `webhook`, the event, the
 * endpoint id, a stable event id and the payload's parameters; no body and no signature (both are
 * made at delivery, application/dispatch-outbox.ts). Entry ids are deterministic per (event,
 * endpoint, occasion), so re-applying a change never queues an event twice.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { WebhookEndpoint, WebhookEvent, WebhookIntent } from '../domain/webhooks.js';
import { MAX_ENDPOINTS_PER_LICENSE } from '../domain/webhooks.js';
import { base32, hashToken } from '../domain/tokens.js';
import type { OutboxMessage, RequestRecord } from '../domain/request-record.js';
import type { Repository } from './ports.js';
import { FieldRulesBroken, LicenseNotActive, LicenseNotFound, TooManyEndpoints, UnsafeEndpoint } from './errors.js';

export { UnsafeEndpoint };
import { licenseState, matchToken } from './licensed-copy.js';

/** Seals endpoint secrets at rest. `context` is bound to the ciphertext (associated data). */
export interface SecretBox {
  seal(plain: string, context: string): Promise<string>;
  open(sealed: string, context: string): Promise<string>;
}

/** Refuses a URL whose host resolves to any address that is not public (throws UnsafeEndpoint). */
export interface EndpointGuard { check(url: string): Promise<void> }

/** POSTs one signed Standard Webhooks message; resolves with the HTTP status, rejects on a network error or timeout. */
export interface WebhookSender {
  post(input: { url: string; secret: string; id: string; timestamp: Date; body: string }): Promise<{ status: number }>;
}

export interface WebhookDeps { repo: Repository; box: SecretBox; guard: EndpointGuard }

export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;
const newEndpointId = (): string => `ep_${base32(randomBytes(10))}`;
export const sealContext = (licenseId: string, endpointId: string) => `reprint-desk webhook ${licenseId} ${endpointId}`;

export interface Registered { endpoint: WebhookEndpoint; secret: string; licenseId: string; rotated: boolean }

export type WebhookCaller = { kind: 'licensee'; token: string } | { kind: 'staff' };

export async function registerWebhook(deps: WebhookDeps, input: { licenseId: string; url: string; caller: WebhookCaller }, now: Date): Promise<Registered> {
  const first = await deps.repo.getRequestByLicense(input.licenseId);
  if (input.caller.kind === 'licensee') {
    const presented = hashToken(input.caller.token);
    const ok = matchToken(first?.license?.copyTokens, presented, now) === 'valid' || matchToken(first?.requesterTokens, presented, now) === 'valid';
    if (!ok) throw new LicenseNotFound();
  }
  if (!first?.license) throw new LicenseNotFound();
  const url = new URL(input.url).toString();
  try {
    await deps.guard.check(url);
  } catch (e) {
    // A field message is a fragment the problem's detail capitalises and ends with a full stop.
    if (e instanceof UnsafeEndpoint) throw new FieldRulesBroken([{ path: 'url', message: `${e.message[0]!.toLowerCase()}${e.message.slice(1).replace(/\.$/, '')}` }]);
    throw new FieldRulesBroken([{ path: 'url', message: 'the endpoint\'s host name could not be resolved; check the URL' }]);
  }
  const secret = newWebhookSecret();
  let registered: Registered | undefined;
  const updated = await deps.repo.update(first.requestId, async (item) => {
    const license = item.license;
    if (!license || license.licenseId !== input.licenseId) throw new LicenseNotFound();
    const state = licenseState(license, now);
    if (state === 'revoked' || state === 'expired') throw new LicenseNotActive(state === 'revoked' ? 'revoked' : 'ended');
    const webhooks = { ...item.webhooks };
    const existing = Object.values(webhooks).find((w) => w.url === url);
    if (!existing && Object.keys(webhooks).length >= MAX_ENDPOINTS_PER_LICENSE) throw new TooManyEndpoints();
    const endpointId = existing?.endpointId ?? newEndpointId();
    const endpoint: WebhookEndpoint = {
      endpointId, url, sealedSecret: await deps.box.seal(secret, sealContext(license.licenseId, endpointId)),
      createdAt: now.toISOString(), createdBy: input.caller.kind,
    };
    webhooks[endpointId] = endpoint;
    registered = { endpoint, secret, licenseId: license.licenseId, rotated: Boolean(existing) };
    return { ...item, webhooks, updatedAt: now.toISOString() };
  });
  if (!updated || !registered) throw new LicenseNotFound();
  return registered;
}

export interface EndpointRow { licenseId: string; endpointId: string; url: string; createdAt: string; createdBy: string }

export async function listWebhooks(repo: Repository, licenseId: string): Promise<EndpointRow[]> {
  const item = await repo.getRequestByLicense(licenseId);
  if (!item?.license) throw new LicenseNotFound();
  return Object.values(item.webhooks ?? {}).map((w) => ({ licenseId, endpointId: w.endpointId, url: w.url, createdAt: w.createdAt, createdBy: w.createdBy }))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** Removes an endpoint; its undelivered events are cancelled at delivery. False when there was none. */
export async function removeWebhook(repo: Repository, licenseId: string, endpointId: string, now: Date): Promise<boolean> {
  const first = await repo.getRequestByLicense(licenseId);
  if (!first?.license) throw new LicenseNotFound();
  const updated = await repo.update(first.requestId, (item) => {
    if (item.license?.licenseId !== licenseId) throw new LicenseNotFound();
    if (!item.webhooks?.[endpointId]) return undefined;
    const { [endpointId]: _gone, ...webhooks } = item.webhooks;
    return { ...item, webhooks, updatedAt: now.toISOString() };
  });
  if (!updated) throw new LicenseNotFound();
  return updated.changed;
}

/**
 * One outbox intent per endpoint of the item's license for `event`; `occasion` makes the entry id
 * deterministic (a revision, a revocation time, the license end), so applying the same change twice
 * queues nothing new.
 */
export function webhookIntents(item: Pick<RequestRecord, 'requestId' | 'webhooks'>, event: WebhookEvent, data: WebhookIntent['data'], now: Date, occasion: string): OutboxMessage[] {
  return Object.values(item.webhooks ?? {}).map((endpoint) => {
    const id = `webhook:${event}:${endpoint.endpointId}:${occasion}`;
    const eventId = `msg_${createHash('sha256').update(`${item.requestId}\u0000${id}`, 'utf8').digest('base64url').slice(0, 27)}`;
    return {
      id, kind: 'webhook', channel: 'webhook', to: [new URL(endpoint.url).origin], subject: event,
      webhook: { event, endpointId: endpoint.endpointId, eventId, occurredAt: now.toISOString(), data },
      state: 'pending', attempts: 0, createdAt: now.toISOString(), nextAttemptAt: now.toISOString(),
    } satisfies OutboxMessage;
  });
}

/** Adds messages to an outbox, never replacing one already there (same id = same occasion). */
export function withMessages(outbox: Record<string, OutboxMessage>, messages: readonly OutboxMessage[]): Record<string, OutboxMessage> {
  const next = { ...outbox };
  for (const m of messages) if (!next[m.id]) next[m.id] = m;
  return next;
}
