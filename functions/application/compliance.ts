/**
 * Compliance signals for staff (`desk compliance list|notify`, the staff view): what the view pixel
 * recorded (application/usage.ts step 7) — views of licensed copies the license does not cover —
 * and the one-click reminder to the licensee.
 *
 * Listing reads the counters of the last `days` UTC days (one Query per month the window spans) and
 * folds them into one row per license, signal and page origin, with its first and last day and total
 * hits; then what the rows show of their licenses in one BatchGetItem per 100 licenses.
 *
 * A notice is ONE versioned write on the license's request item that queues the templated reminder
 * in its outbox (delivered by the dispatcher like every other mail) and notes it in the history. The
 * click id — fresh per rendering of the staff view's button, or per CLI run — is part of the mail's
 * outbox id, so a double submit of the same click finds the mail already queued and sends nothing more.
 */
import { randomBytes } from 'node:crypto';
import type { ComplianceSignal } from '../domain/compliance.js';
import type { MailParams } from '../domain/request-record.js';
import type { LicenseSummary, Repository } from './ports.js';
import { FieldRulesBroken, LicenseNotFound } from './errors.js';
import { licenseState } from './licensed-copy.js';
import { intent } from './request-item.js';

const DAY = 86_400_000;
export const DEFAULT_COMPLIANCE_DAYS = 30;
export const MAX_COMPLIANCE_DAYS = 90;

export interface ComplianceRow {
  licenseId: string;
  signal: ComplianceSignal;
  origin: string;
  hits: number;
  firstDay: string;
  lastDay: string;
  /** The license as it stands now (absent when its request item is gone). */
  licensee?: string;
  email?: string;
  headline?: string;
  state?: string;
}

export const lastDays = (now: Date, days: number): string[] =>
  Array.from({ length: days }, (_, i) => new Date(now.getTime() - i * DAY).toISOString().slice(0, 10));

export async function listCompliance(repo: Repository, opts: { days?: number; licenseId?: string }, now: Date): Promise<ComplianceRow[]> {
  const days = Math.min(Math.max(1, opts.days ?? DEFAULT_COMPLIANCE_DAYS), MAX_COMPLIANCE_DAYS);
  const window = lastDays(now, days);
  const signals = await repo.listComplianceSignals(window[window.length - 1]!, window[0]!);
  const rows = new Map<string, ComplianceRow>();
  for (const item of signals) {
    if (opts.licenseId && item.licenseId !== opts.licenseId) continue;
    const key = `${item.licenseId}\u0000${item.signal}\u0000${item.origin}`;
    const row = rows.get(key) ?? { licenseId: item.licenseId, signal: item.signal, origin: item.origin, hits: 0, firstDay: item.date, lastDay: item.date };
    row.hits += Number(item.hits) || 0;
    if (item.date < row.firstDay) row.firstDay = item.date;
    if (item.date > row.lastDay) row.lastDay = item.date;
    rows.set(key, row);
  }
  const licenses = rows.size ? await repo.getLicenseSummaries([...new Set([...rows.values()].map((r) => r.licenseId))]) : new Map<string, LicenseSummary>();
  return [...rows.values()].map((r) => {
    const l = licenses.get(r.licenseId);
    return l ? { ...r, licensee: l.organization, email: l.email, headline: l.headline, state: licenseState(l, now) } : r;
  }).sort((a, b) => b.lastDay.localeCompare(a.lastDay) || b.hits - a.hits || a.licenseId.localeCompare(b.licenseId));
}

export const CLICK_ID = /^[A-Za-z0-9_-]{16,64}$/;

export interface NoticeResult { licenseId: string; queued: boolean; to: string; signals: number }

/** Queues the reminder to the licensee, once per click id; with no signal on record there is nothing to remind of. */
export async function sendComplianceNotice(repo: Repository, input: { licenseId: string; clickId: string; by?: string }, now: Date): Promise<NoticeResult> {
  if (!CLICK_ID.test(input.clickId)) throw new FieldRulesBroken([{ path: 'clickId', message: 'the click id must be 16 to 64 letters, digits, - or _' }]);
  const rows = await listCompliance(repo, { licenseId: input.licenseId }, now);
  if (!rows.length) throw new FieldRulesBroken([{ path: 'licenseId', message: `no compliance signal was recorded for ${input.licenseId} in the last ${DEFAULT_COMPLIANCE_DAYS} days` }]);
  const lines: NonNullable<MailParams['lines']> = rows.map((r) => ({ signal: r.signal, origin: r.origin, firstDay: r.firstDay, lastDay: r.lastDay, hits: r.hits }));
  const found = await repo.getRequestByLicense(input.licenseId);
  if (!found?.license) throw new LicenseNotFound();
  let result: NoticeResult | undefined;
  const updated = await repo.update(found.requestId, (item) => {
    const license = item.license;
    if (!license || license.licenseId !== input.licenseId) throw new LicenseNotFound();
    const to = license.licensee.email;
    // An intent: the reminder is rendered at delivery (outbox-render.ts) from these lines.
    const notice = intent('licensee-compliance-notice', to, now, { key: input.clickId, params: { lines } });
    if (item.outbox[notice.id]) { result = { licenseId: input.licenseId, queued: false, to, signals: rows.length }; return undefined; }
    result = { licenseId: input.licenseId, queued: true, to, signals: rows.length };
    const at = now.toISOString();
    return {
      ...item,
      outbox: { ...item.outbox, [notice.id]: notice },
      history: [...item.history, { at, from: item.status, to: item.status, actor: 'staff', ...(input.by ? { by: input.by } : {}), note: `Compliance reminder sent (${rows.length} signal${rows.length === 1 ? '' : 's'})` }],
      updatedAt: at,
    };
  });
  if (!updated || !result) throw new LicenseNotFound();
  return result;
}

/**
 * The staff view's compliance panel: signals of the last days (one Query per month spanned, one
 * BatchGetItem of their licenses) and a fresh click id per license for its "send a notice" button,
 * posted to the notice route under the desk's base path.
 */
export async function complianceOverview(repo: Repository, now: Date, baseUrl: string) {
  const rows = await listCompliance(repo, { days: DEFAULT_COMPLIANCE_DAYS }, now);
  const clickIds = Object.fromEntries([...new Set(rows.map((x) => x.licenseId))].map((id) => [id, randomBytes(16).toString('base64url')]));
  let base = '';
  try { base = new URL(baseUrl).pathname.replace(/\/+$/, ''); } catch { /* host-relative */ }
  return { compliance: { days: DEFAULT_COMPLIANCE_DAYS, rows, clickIds, noticeAction: `${base}/staff/compliance/notice` } };
}
