/**
 * The staff overview's data, at a cost that does not grow with the table: every figure comes from the
 * desk's counters (application/request-stats.ts — one range read), and every list is ONE page of an
 * index with the cursor of the next:
 *   1. counters (weekly series, requests by status)       — Query on the STATS partition
 *   2. waiting for a decision, oldest first               — Query byStatus (pending)
 *   3. counter-offers                                     — Query byStatus (offered)
 *   4. recent decisions, latest change first              — Query recent (sparse)
 *   5. licenses, newest first                             — Query byStatus (licensed)
 *   6. the latest invoices (overdue ones, amounts)        — Query payments (sparse), newest first
 *   then, for what the page shows:
 *   7. views of the licenses on the page, and which of the page's articles lack a canonical URL
 *                                                         — ONE BatchGetItem (running totals and
 *                                                           article projections: 25 + ≤ 75 keys)
 * Seven round trips, 1–6 in parallel. (GET /staff adds the compliance panel, in parallel with all
 * this: application/compliance.ts, two Queries and one BatchGetItem — ten in all.) The lists ask for `rows` (only what a row
 * shows: StaffRow), which the listing indexes project, so no list needs a second read.
 */
import type { Repository, Page } from './ports.js';
import type { RequestRecord } from '../domain/request-record.js';
import type { LifecycleConfig } from '../domain/lifecycle.js';
import type { StaffViewData } from '../views/staff.js';
import { InvalidCursor } from './errors.js';
import { readDeskStats } from './request-stats.js';
import { paymentRow } from './payments.js';
import { revenueSummary } from '../domain/payment.js';

export const STAFF_WEEKS = 12;
export const STAFF_PAGE = 25;
export const STAFF_INVOICES = 100;

/** The lists' cursors, as the page's links carry them (query parameters of GET /staff). */
export const staffListNames = ['pending', 'offered', 'decisions', 'licenses'] as const;
export type StaffList = (typeof staffListNames)[number];
export type StaffCursors = Partial<Record<StaffList, string>>;

export type StaffRepo = Pick<Repository, 'readStatsCells' | 'listRequestsByStatus' | 'listRecentDecisions' | 'listInvoices' | 'getViewTotalsAndArticleSummaries'>;

/** A bad cursor names the list it was given for. */
const named = <T>(list: StaffList, p: Promise<T>): Promise<T> => p.catch((e: unknown) => {
  if (e instanceof InvalidCursor) throw new InvalidCursor(list);
  throw e;
});

export async function staffOverview(r: StaffRepo, now: Date, config: LifecycleConfig, cursors: StaffCursors = {}): Promise<StaffViewData> {
  const page = (status: 'pending' | 'offered' | 'licensed', list: StaffList, oldestFirst = false): Promise<Page<RequestRecord>> =>
    named(list, r.listRequestsByStatus(status, { limit: STAFF_PAGE, oldestFirst, rows: true, ...(cursors[list] ? { cursor: cursors[list] } : {}) }));
  const [stats, pending, offered, decisions, licensed, invoices] = await Promise.all([
    readDeskStats(r, now, STAFF_WEEKS),
    page('pending', 'pending', true),
    page('offered', 'offered'),
    named('decisions', r.listRecentDecisions({ limit: STAFF_PAGE, rows: true, ...(cursors.decisions ? { cursor: cursors.decisions } : {}) })),
    page('licensed', 'licenses'),
    r.listInvoices({ limit: STAFF_INVOICES, newestFirst: true, invoicesOnly: true }),
  ]);
  const withLicense = licensed.items.filter((i) => i.license);
  const { views, articles } = await r.getViewTotalsAndArticleSummaries(
    withLicense.map((i) => i.license!.licenseId),
    [...pending.items, ...offered.items, ...withLicense].map((i) => i.articleId),
  );
  const rows = invoices.items.filter((i) => i.invoice).map((i) => paymentRow(i, now));
  return {
    now, config,
    pending: pending.items,
    offered: offered.items,
    decisions: decisions.items,
    licenses: withLicense.map((item) => ({ item, views: views.get(item.license!.licenseId) ?? 0 })),
    series: stats.series,
    viewCounts: true,
    missingCanonical: articles.filter((a) => !a.canonicalUrl).map((a) => ({ articleId: a.articleId, headline: a.headline })),
    payments: {
      summary: revenueSummary(rows),
      overdue: rows.filter((x) => x.state === 'overdue' || x.state === 'suspended'),
      ...(invoices.cursor ? { latestOnly: STAFF_INVOICES } : {}),
    },
    counts: { pending: stats.byStatus.pending, offered: stats.byStatus.offered, licensed: stats.byStatus.licensed },
    next: {
      ...(pending.cursor ? { pending: pending.cursor } : {}),
      ...(offered.cursor ? { offered: offered.cursor } : {}),
      ...(decisions.cursor ? { decisions: decisions.cursor } : {}),
      ...(licensed.cursor ? { licenses: licensed.cursor } : {}),
    },
    paged: Object.fromEntries(staffListNames.filter((l) => cursors[l]).map((l) => [l, true])),
  };
}
