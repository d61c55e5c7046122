/**
 * The scheduled lifecycle: keeps requests and licenses moving with nobody watching.
 *   1. for each queue of the sparse `due` index, query the items whose anchor is past the queue's
 *      cut-off (never a Scan; see domain/lifecycle.ts for queues and anchors);
 *   2. for each, re-read the item (the index is eventually consistent) and work out the step due
 *      now: remind the approvers, expire a request nobody decided, expire a lapsed counter-offer,
 *      warn the licensee before the license ends, mark an ended license expired;
 *   3. apply it as ONE versioned conditional write (repository `update`) that also carries the mail
 *      (and the webhook intents: license.expiring with the renewal notice, license.ended) it causes;
 *      the repository moves the item to its next place in the `due` index, or out of it.
 * Idempotent: a step done is visible in the item (status, license status, a message in the outbox),
 * so a second run at the same time finds nothing due; mail ids are deterministic, so a retried write
 * never queues a mail twice. The clock is a parameter.
 */
import {
  dueStep, queueCutoff, queueOrder, requestExpiresAt,
  type LifecycleConfig, type LifecycleStep,
} from '../domain/lifecycle.js';
import { reviewersOf, type OutboxMessage, type RequestRecord } from '../domain/request-record.js';
import type { Repository } from './ports.js';
import { log } from './observability.js';
import { intent, transition } from './request-item.js';
import { invoiceReminderChange, suspendChange } from './payments.js';
import { webhookIntents } from './webhooks.js';

export interface LifecycleDeps {
  repo: Repository;
  baseUrl: string;
  config: LifecycleConfig;
  /** When set, reminder mails carry a plus-addressed Reply-To so approvers can decide by replying. */
  inboundDomain?: string;
}

export interface LifecycleReport {
  /** Requests whose approvers were reminded (one reminder mail per approver). */
  reminded: number;
  reminderMails: number;
  /** Pending requests expired without a decision (the requester is told). */
  expired: number;
  /** Counter-offers the requester never answered. */
  offersExpired: number;
  renewalNotices: number;
  licensesEnded: number;
  /** Overdue invoices reminded (once each) and licenses suspended for an unpaid invoice. */
  invoiceReminders: number;
  suspended: number;
  /** Card uses whose payment page expired unpaid (when Stripe's own event did not lapse them). */
  checkoutsLapsed: number;
  /** Items whose index entry was stale and was corrected, with nothing else to do. */
  /** Items the index listed that had nothing due (passed over and logged). */
  skipped: number;
  failed: number;
}

export const emptyReport = (): LifecycleReport =>
  ({ reminded: 0, reminderMails: 0, expired: 0, offersExpired: 0, renewalNotices: 0, licensesEnded: 0, invoiceReminders: 0, suspended: 0, checkoutsLapsed: 0, skipped: 0, failed: 0 });

const SYSTEM = { actor: 'system' as const };

/** The item after `step`, ready for one conditional write; `mails` is how many mails it queues. */
async function apply(deps: LifecycleDeps, item: RequestRecord, step: LifecycleStep, now: Date): Promise<{ next: RequestRecord; mails: number }> {
  const bump = (changes: Partial<RequestRecord>, mails: OutboxMessage[] = []): RequestRecord => {
    const outbox = { ...item.outbox };
    for (const m of mails) if (!outbox[m.id]) outbox[m.id] = m;
    return { ...item, ...changes, outbox, updatedAt: now.toISOString() };
  };

  switch (step) {
    case 'remind': {
      // Each approver gets a fresh review token with the reminder (minted at delivery), valid until the request expires.
      const grantUntil = requestExpiresAt(item, deps.config);
      const mails = reviewersOf(item).map((email) => intent('approver-reminder', email, now, { params: { grantUntil, ...(deps.inboundDomain ? { byReply: true } : {}) } }));
      return { next: bump({ remindedAt: now.toISOString() }, mails), mails: mails.length };
    }
    case 'expire':
    case 'expire-offer': {
      const next = transition(item, 'expire', SYSTEM, now, {}, [intent('requester-expired', item.request.requester.email, now)]);
      return { next, mails: 1 };
    }
    case 'renewal-notice': {
      const license = item.license!;
      const m = intent('licensee-renewal', license.licensee.email, now, { key: license.licenseId });
      const events = webhookIntents(item, 'license.expiring', { licenseId: license.licenseId, articleId: item.articleId, validUntil: license.validUntil }, now, license.validUntil);
      return { next: bump({}, [m, ...events]), mails: 1 };
    }
    case 'end-license': {
      // The repository drops it from the byArticle index (kill notices) and from the `due` index.
      // The history says so, so the status page and the staff view read "Ended", not "Licensed".
      const ended = { at: now.toISOString(), from: item.status, to: item.status, actor: 'system' as const, event: 'license-ended' as const };
      const events = webhookIntents(item, 'license.ended', { licenseId: item.license!.licenseId, articleId: item.articleId, validUntil: item.license!.validUntil }, now, item.license!.validUntil);
      return { next: bump({ license: { ...item.license!, status: 'expired' }, history: [...item.history, ended] }, events), mails: 0 };
    }
    case 'invoice-reminder': {
      const { changes, mails } = invoiceReminderChange(item, now);
      return { next: bump(changes, mails), mails: mails.length };
    }
    case 'lapse-checkout': {
      // Stripe's `checkout.session.expired` never came (or was lost): the same lapse, by the clock.
      const next = transition(item, 'payment-lapsed', { actor: 'system', note: 'The card payment page expired unpaid' }, now, {}, [
        intent('requester-expired', item.request.requester.email, now),
      ]);
      return { next, mails: 1 };
    }
    case 'suspend': {
      const { changes, mails } = suspendChange(item, now);
      return { next: bump(changes, mails), mails: mails.length };
    }
  }
}

export type StepOutcome = { step: LifecycleStep; mails: number } | undefined;

/** Does whatever is due for one request at `now`, in one versioned write. Safe to call any number of times. */
export async function runLifecycleFor(deps: LifecycleDeps, requestId: string, now: Date): Promise<StepOutcome> {
  let outcome: StepOutcome;
  // Someone may write first (a decision, the dispatcher): `update` reads again and this sees what is still due.
  await deps.repo.update(requestId, async (item) => {
    outcome = undefined;
    const step = dueStep(item, deps.config, now);
    if (!step) return undefined;
    const { next, mails } = await apply(deps, item, step, now);
    outcome = { step, mails };
    return next;
  });
  return outcome;
}

/**
 * One sweep over every queue of the `due` index: each queue is read page by page with
 * ExclusiveStartKey (`pageSize` items a page, at most `maxPages`), so items that are listed but have
 * nothing due — an anchor that sorts oddly, a step not due after all — are passed over, never read
 * again and again in place of the items behind them. What was passed over is counted and logged.
 */
export async function sweepLifecycle(deps: LifecycleDeps, now: Date, opts: { pageSize?: number; maxPages?: number } = {}): Promise<LifecycleReport> {
  const pageSize = opts.pageSize ?? 100;
  const maxPages = opts.maxPages ?? 50;
  const report = emptyReport();
  for (const queue of queueOrder) {
    const skipped: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await deps.repo.listDue(queue, queueCutoff(queue, deps.config, now), pageSize, cursor);
      for (const i of page.items) {
        try {
          const outcome = await runLifecycleFor(deps, i.requestId, now);
          if (outcome) count(report, outcome);
          else skipped.push(i.requestId);
        } catch (e) {
          report.failed++;
          log.error('lifecycle step failed', { requestId: i.requestId, queue, error: String((e as Error)?.message ?? e) });
        }
      }
      cursor = page.cursor;
      pages++;
    } while (cursor && pages < maxPages);
    report.skipped += skipped.length;
    if (skipped.length) log.warn('lifecycle: listed with nothing due, passed over', { queue, count: skipped.length, requestIds: skipped.slice(0, 20) });
    if (cursor) log.warn('lifecycle: queue not finished in this run, the next run continues', { queue, pages });
  }
  (report.failed ? log.warn : log.info)('lifecycle sweep', { ...report });
  return report;
}

function count(r: LifecycleReport, o: StepOutcome) {
  if (!o) return;
  switch (o.step) {
    case 'remind': r.reminded++; r.reminderMails += o.mails; break;
    case 'expire': r.expired++; break;
    case 'expire-offer': r.offersExpired++; break;
    case 'renewal-notice': r.renewalNotices++; break;
    case 'end-license': r.licensesEnded++; break;
    case 'invoice-reminder': r.invoiceReminders++; break;
    case 'suspend': r.suspended++; break;
    case 'lapse-checkout': r.checkoutsLapsed++; break;
  }
}
