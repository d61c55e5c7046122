/**
 * Building and changing a request record, purely: every function returns a new record, ready for
 * one conditional write (the repository's `update` adds keys, version and index attributes).
 */
import type { RequestStatus } from '../domain/request-state.js';
import { canApply, transitions, type Transition } from '../domain/request-state.js';
import { licenseIdFor, type Actor, type LicenseRecord, type MailKind, type MailParams, type OutboxMessage, type RequestRecord } from '../domain/request-record.js';
import { NotAllowedInState } from './errors.js';
import { buildLicense } from '../domain/license.js';
import type { Quote } from '../domain/policy.js';
import type { ReprintRequest } from '../domain/request-body.js';
import { hashToken, newToken } from '../domain/tokens.js';

export interface Who { actor: Actor; by?: string; sourceIp?: string; userAgent?: string; note?: string }

/**
 * A message a change causes, as an intent (kind, recipient, parameters): rendered, and its tokens
 * minted, only when the dispatcher delivers it (application/outbox-render.ts).
 */
export function intent(kind: MailKind, to: string, now: Date, opts: { params?: MailParams; key?: string } = {}): OutboxMessage {
  return {
    // Deterministic per (kind, recipient, occasion): re-applying the same change never queues the mail twice.
    id: `${kind}:${to.toLowerCase()}${opts.key ? `:${opts.key}` : ''}`,
    channel: 'email', kind, to: [to], ...(opts.params && Object.keys(opts.params).length ? { params: opts.params } : {}),
    state: 'pending', attempts: 0, createdAt: now.toISOString(), nextAttemptAt: now.toISOString(),
  };
}

/** Applies a state-machine transition with its audit entry and the mail it causes. */
export function transition(item: RequestRecord, t: Transition, who: Who, now: Date, changes: Partial<RequestRecord> = {}, mails: OutboxMessage[] = []): RequestRecord {
  if (!canApply(t, item.status)) throw new NotAllowedInState(item.status, describe(t));
  const to: RequestStatus = transitions[t].to;
  const outbox = { ...item.outbox };
  for (const m of mails) if (!outbox[m.id]) outbox[m.id] = m;
  return {
    ...item,
    ...changes,
    status: to,
    updatedAt: now.toISOString(),
    history: [...item.history, { at: now.toISOString(), from: item.status, to, actor: who.actor,
      ...(who.by ? { by: who.by } : {}), ...(who.sourceIp ? { sourceIp: who.sourceIp } : {}),
      ...(who.userAgent ? { userAgent: who.userAgent.slice(0, 300) } : {}), ...(who.note ? { note: who.note } : {}) }],
    outbox,
  };
}

function describe(t: Transition): string {
  return ({ approve: 'approved', 'counter-offer': 'given a counter-offer', deny: 'denied', withdraw: 'withdrawn', expire: 'expired', 'accept-offer': 'accepted', 'decline-offer': 'declined', 'ask-exception': 'sent to the rights staff as an exception', 'card-paid': 'paid by card', 'payment-lapsed': 'lapsed for want of payment' } as const)[t];
}

/** The token map entry whose hash matches, if it has not expired. */
export function checkToken(tokens: Record<string, string> | undefined, hash: string, now: Date): 'valid' | 'expired' | 'invalid' {
  const expiresAt = tokens?.[hash];
  if (!expiresAt) return 'invalid';
  return expiresAt > now.toISOString() ? 'valid' : 'expired';
}

export const addDaysIso = (now: Date, days: number) => new Date(now.getTime() + days * 86_400_000).toISOString();

/**
 * The license a grant creates (auto-approval, approval, accepted offer): its id follows from the
 * request id, so a retried grant can never mint a second one. The licensee's copy token is returned
 * once; only its hash is kept, valid a year past the license's end so late visits get a clear 410.
 */
export function issueLicense(
  grant: { requestId: string; request: ReprintRequest; attribution: string; conditions: string[]; validFrom: string; validUntil: string },
  fee: Quote,
  now: Date,
): { license: LicenseRecord; copyToken: string } {
  const copyToken = newToken();
  const license = buildLicense({
    licenseId: licenseIdFor(grant.requestId), request: grant.request, quote: fee, attribution: grant.attribution, conditions: grant.conditions,
    validFrom: grant.validFrom, validUntil: grant.validUntil, now,
    copyTokens: { [hashToken(copyToken)]: addDaysIso(new Date(`${grant.validUntil}T00:00:00Z`), 365) },
  });
  return { license, copyToken };
}
