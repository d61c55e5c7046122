/**
 * Lifecycle timing, purely: which scheduled step a request needs, and in which queue it waits for it.
 *
 * The queues hold ANCHORS, not deadlines. An item waits in one queue under the time its
 * next step counts from: the request's creation for a reminder or an expiry, the offer's
 * expiry, the end of the license. The lifecycle function turns its configuration into a cut-off per
 * queue when it queries (`queueCutoff`). So:
 * - the storage adapter computes the index on every write (from `nextDue`) without knowing the lifecycle's
 *   configuration, which only the lifecycle function reads;
 * - changing REMIND_AFTER_HOURS, EXPIRE_AFTER_DAYS or RENEWAL_NOTICE_DAYS applies at once to every
 *   waiting item, with no re-indexing.
 *
 * What has been done is read from the item itself: its status, its license's status, and its outbox
 * (a reminder or a renewal notice is done once the item holds that message — mail ids are
 * deterministic, and sent messages stay in the outbox without their bodies).
 */
import { reviewersOf, type RequestRecord } from './request-record.js';
import { invoiceStepDue, overdueFrom, suspendFrom } from './payment.js';

export interface LifecycleConfig {
  remindAfterHours: number;
  expireAfterDays: number;
  renewalNoticeDays: number;
}

/**
 * The queues of work a request may wait in (the storage adapter turns a queue and its anchor into
 * the sparse `due` index's attributes):
 * - remind: pending, no reminder yet; anchor: when it started waiting;
 * - expire: pending, reminded (or nobody to remind); anchor: the same;
 * - offer: a counter-offer awaiting the requester; anchor: offer.expiresAt;
 * - renew: an active license whose licensee has not been warned yet; anchor: the end of the license;
 * - end: an active license, licensee warned; anchor: the end of the license;
 * - invoice: an open invoice; anchor: the moment it is overdue (no reminder yet), then the moment it suspends the license;
 * - checkout: a card use awaiting payment; anchor: its Checkout Session's expiry (a backstop for a lost `expired` event).
 */
export type LifecycleQueue = 'remind' | 'expire' | 'offer' | 'renew' | 'end' | 'invoice' | 'checkout';
export const queueOrder: readonly LifecycleQueue[] = ['end', 'offer', 'expire', 'remind', 'renew', 'invoice', 'checkout'];

/**
 * Stripe retries a webhook for up to three days: a session is lapsed by the lifecycle only that long
 * after it expired, so a late `checkout.session.completed` still finds the request waiting.
 */
export const CHECKOUT_LAPSE_AFTER_MS = 3 * 86_400_000;

export type LifecycleStep = 'remind' | 'expire' | 'expire-offer' | 'renewal-notice' | 'end-license' | 'invoice-reminder' | 'suspend' | 'lapse-checkout';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** The moment a license stops: validUntil is the last valid day (UTC), so the day after at 00:00Z. */
export const licenseEndsAt = (validUntil: string): string => iso(Date.parse(`${validUntil}T00:00:00.000Z`) + DAY);

export const hasMail = (item: RequestRecord, kind: string) => Object.values(item.outbox ?? {}).some((m) => m.kind === kind);
/** Reminded: the record says when (a list row has no outbox), or — for a request reminded before it did — the mail says so. */
export const isReminded = (item: RequestRecord) => item.remindedAt !== undefined || hasMail(item, 'approver-reminder');
export const isRenewalNoticed = (item: RequestRecord) => hasMail(item, 'licensee-renewal');
const hasApprovers = (item: RequestRecord) => reviewersOf(item).length > 0;

/** When the request last started waiting for a decision: intake, or a requester's plea for an exception. */
export function pendingSince(item: Pick<RequestRecord, 'createdAt' | 'history'>): string {
  for (let i = item.history.length - 1; i >= 0; i--) if (item.history[i]!.to === 'pending') return item.history[i]!.at;
  return item.createdAt;
}

/** The queue and anchor an item waits under, or undefined when no scheduled step is left. Config-free. */
export function nextDue(item: RequestRecord): { queue: LifecycleQueue; anchor: string } | undefined {
  switch (item.status) {
    case 'pending':
      return { queue: !isReminded(item) && hasApprovers(item) ? 'remind' : 'expire', anchor: pendingSince(item) };
    case 'offered':
      return item.offer ? { queue: 'offer', anchor: item.offer.expiresAt } : undefined;
    case 'awaiting-payment':
      return item.card ? { queue: 'checkout', anchor: item.card.expiresAt } : undefined;
    case 'licensed': {
      const license = item.license;
      if (!license || (license.status !== 'active' && license.status !== 'suspended')) return undefined;
      const ends = licenseEndsAt(license.validUntil);
      // An open invoice comes first: its reminder and the suspension fall before the license's end.
      const invoice = item.invoice;
      if (license.status === 'active' && invoice && invoice.status === 'open' && !invoice.suspendedAt) {
        const anchor = invoice.remindedAt ? suspendFrom(invoice) : overdueFrom(invoice);
        if (anchor < ends) return { queue: 'invoice', anchor };
      }
      return { queue: license.status === 'suspended' || isRenewalNoticed(item) ? 'end' : 'renew', anchor: ends };
    }
    default:
      return undefined;
  }
}

/** Items of `queue` whose anchor is at or before this cut-off may have a step due at `now`. */
export function queueCutoff(queue: LifecycleQueue, config: LifecycleConfig, now: Date): string {
  const t = now.getTime();
  switch (queue) {
    // The expiry may come before the reminder when the reminder is configured later than it.
    case 'remind': return iso(t - Math.min(config.remindAfterHours * HOUR, config.expireAfterDays * DAY));
    case 'expire': return iso(t - config.expireAfterDays * DAY);
    case 'offer': return iso(t);
    case 'renew': return iso(t + config.renewalNoticeDays * DAY);
    case 'end': return iso(t);
    case 'invoice': return iso(t);
    case 'checkout': return iso(t - CHECKOUT_LAPSE_AFTER_MS);
  }
}

/** When the request expires for lack of a decision. */
export const requestExpiresAt = (item: RequestRecord, config: LifecycleConfig): string =>
  iso(Date.parse(pendingSince(item)) + config.expireAfterDays * DAY);

/** The step due for this item at `now`, if any. A late run does the latest step only (no reminder for an expired request). */
export function dueStep(item: RequestRecord, config: LifecycleConfig, now: Date): LifecycleStep | undefined {
  const t = now.getTime();
  switch (item.status) {
    case 'pending': {
      const created = Date.parse(pendingSince(item));
      if (t >= created + config.expireAfterDays * DAY) return 'expire';
      if (hasApprovers(item) && !isReminded(item) && t >= created + config.remindAfterHours * HOUR) return 'remind';
      return undefined;
    }
    case 'offered':
      return item.offer && t >= Date.parse(item.offer.expiresAt) ? 'expire-offer' : undefined;
    case 'awaiting-payment':
      return item.card && t >= Date.parse(item.card.expiresAt) + CHECKOUT_LAPSE_AFTER_MS ? 'lapse-checkout' : undefined;
    case 'licensed': {
      const license = item.license;
      if (!license || (license.status !== 'active' && license.status !== 'suspended')) return undefined;
      const end = Date.parse(licenseEndsAt(license.validUntil));
      if (t >= end) return 'end-license';
      if (license.status === 'suspended') return undefined;
      const invoiceStep = item.invoice ? invoiceStepDue(item.invoice, now) : undefined;
      if (invoiceStep) return invoiceStep;
      if (!isRenewalNoticed(item) && t >= end - config.renewalNoticeDays * DAY) return 'renewal-notice';
      return undefined;
    }
    default:
      return undefined;
  }
}

/** When the item's next step falls due under `config` (for people: `requests show`, the staff view). */
export function nextStepAt(item: RequestRecord, config: LifecycleConfig): { step: LifecycleStep; at: string } | undefined {
  const due = nextDue(item);
  if (!due) return undefined;
  const anchor = Date.parse(due.anchor);
  switch (due.queue) {
    case 'remind': {
      const remind = anchor + config.remindAfterHours * HOUR;
      const expire = anchor + config.expireAfterDays * DAY;
      return remind < expire ? { step: 'remind', at: iso(remind) } : { step: 'expire', at: iso(expire) };
    }
    case 'expire': return { step: 'expire', at: iso(anchor + config.expireAfterDays * DAY) };
    case 'offer': return { step: 'expire-offer', at: due.anchor };
    case 'renew': return { step: 'renewal-notice', at: iso(anchor - config.renewalNoticeDays * DAY) };
    case 'end': return { step: 'end-license', at: due.anchor };
    case 'invoice': return { step: item.invoice?.remindedAt ? 'suspend' : 'invoice-reminder', at: due.anchor };
    case 'checkout': return { step: 'lapse-checkout', at: iso(anchor + CHECKOUT_LAPSE_AFTER_MS) };
  }
}

/** A lifecycle setting that is not a non-negative number (the edge reports it as a configuration error). */
export class LifecycleConfigError extends Error { override name = 'ConfigurationError'; }

/** The configuration from its environment variables (strings), failing on anything but a non-negative number. */
export function lifecycleConfigFrom(env: { REMIND_AFTER_HOURS: string; EXPIRE_AFTER_DAYS: string; RENEWAL_NOTICE_DAYS: string }): LifecycleConfig {
  const num = (name: keyof typeof env) => {
    const n = Number(env[name]);
    if (env[name].trim() === '' || !Number.isFinite(n) || n < 0) throw new LifecycleConfigError(`${name} must be a non-negative number, not "${env[name]}"`);
    return n;
  };
  return { remindAfterHours: num('REMIND_AFTER_HOURS'), expireAfterDays: num('EXPIRE_AFTER_DAYS'), renewalNoticeDays: num('RENEWAL_NOTICE_DAYS') };
}
