/**
 * The dispatcher's two ways in (functions/handlers/dispatcher.ts): a batch of request items the
 * table's stream reported holding mail or counters behind, and the scheduled sweep of everything
 * due. Each run says what it delivered (a `mail-delivery` fact: sent, refused and retried later,
 * parked).
 */
import { deliverRequestMail, dispatchDue, type DispatchDeps, type DispatchReport } from './dispatch-outbox.js';
import { aggregateDue, aggregateRequest, type StatsRepo } from './request-stats.js';
import { log, recordFact } from './observability.js';

export type RunDeps = DispatchDeps & { repo: DispatchDeps['repo'] & StatsRepo };

const mailFact = (r: DispatchReport) => recordFact({ kind: 'mail-delivery', sent: r.sent, failed: r.retried, parked: r.parked });

/**
 * Each item's work, one item at a time: its mail, with the counters' claim and record riding on the
 * mail's own two writes (idempotent under redelivery, keyed on the operation); the counters alone
 * when no mail was due. The refs of the items that failed, for the stream to retry.
 */
export async function deliverBatch(deps: RunDeps, work: readonly { requestId: string; ref: string | undefined; mail: boolean; statsBehind: boolean }[], now: Date): Promise<{ report: DispatchReport; failed: string[] }> {
  const report: DispatchReport = { sent: 0, retried: 0, parked: 0 };
  const failed: string[] = [];
  for (const { requestId, ref, mail, statsBehind } of work) {
    try {
      // The mail's claim and record carry the counters' claim and record; without mail to claim, the counters alone.
      const r = mail ? await deliverRequestMail(deps, requestId, now) : undefined;
      if (statsBehind && !r?.claimed) await aggregateRequest(deps.repo, requestId, now);
      if (!r) continue;
      report.sent += r.sent; report.retried += r.retried; report.parked += r.parked;
      if (r.sent || r.retried || r.parked) log.info('outbox delivery', { requestId, sent: r.sent, retried: r.retried, parked: r.parked });
    } catch (e) {
      log.error('outbox delivery failed', { requestId, error: (e as Error)?.name ?? 'unknown', message: String((e as Error)?.message ?? e) });
      if (ref) failed.push(ref);
    }
  }
  mailFact(report);
  return { report, failed };
}

/**
 * Everything due (retries whose back-off ran out, held review mail whose hour ended), then the
 * requests whose counters are behind (application/request-stats.ts).
 */
export async function sweepOutbox(deps: RunDeps, now: Date, limits: { mail?: number; stats?: number } = {}): Promise<DispatchReport & { aggregated: number }> {
  const report = await dispatchDue(deps, now, limits.mail);
  const stats = await aggregateDue(deps.repo, now, limits.stats);
  log.info('outbox sweep', { ...report, counters: stats });
  mailFact(report);
  return { ...report, aggregated: stats.applied };
}
