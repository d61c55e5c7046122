/**
 * The dispatcher's two ways in (functions/handlers/dispatcher.ts): a batch of request items the
 * table's stream reported holding mail, and the scheduled sweep of everything due. Each run says
 * what it delivered (a `mail-delivery` fact: sent, refused and retried later, parked).
 */
import { deliverRequestMail, dispatchDue, type DispatchDeps, type DispatchReport } from './dispatch-outbox.js';
import { log, recordFact } from './observability.js';

const mailFact = (r: DispatchReport) => recordFact({ kind: 'mail-delivery', sent: r.sent, failed: r.retried, parked: r.parked });

/** Each item's mail, one item at a time; the refs of the items that failed (to be retried by the stream). */
export async function deliverBatch(deps: DispatchDeps, work: readonly { requestId: string; ref: string | undefined }[], now: Date): Promise<{ report: DispatchReport; failed: string[] }> {
  const report: DispatchReport = { sent: 0, retried: 0, parked: 0 };
  const failed: string[] = [];
  for (const { requestId, ref } of work) {
    try {
      const r = await deliverRequestMail(deps, requestId, now);
      report.sent += r.sent; report.retried += r.retried; report.parked += r.parked;
      if (r.sent || r.retried || r.parked) log.info('outbox delivery', { requestId, ...r });
    } catch (e) {
      log.error('outbox delivery failed', { requestId, error: (e as Error)?.name ?? 'unknown', message: String((e as Error)?.message ?? e) });
      if (ref) failed.push(ref);
    }
  }
  mailFact(report);
  return { report, failed };
}

/** Everything due (retries whose back-off ran out, held review mail whose hour ended). */
export async function sweepOutbox(deps: DispatchDeps, now: Date, limit: number): Promise<DispatchReport> {
  const report = await dispatchDue(deps, now, limit);
  log.info('outbox sweep', { ...report });
  mailFact(report);
  return report;
}
