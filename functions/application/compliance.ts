/**
 * Compliance signals for staff (`desk compliance list|notify`, the staff view): what the view pixel
 * recorded (application/usage.ts step 7) — views of licensed copies the license does not cover —
 * and the one-click reminder to the licensee.
 *
 * Listing reads one partition per UTC day (the last `days` days) and folds the counters into one row
 * per license, signal and page origin, with its first and last day and total hits.
 *
 * A notice is ONE versioned write on the license's request item that queues the templated reminder
 * in its outbox (delivered by the dispatcher like every other mail) and notes it in the history. The
 * click id — fresh per rendering of the staff view's button, or per CLI run — is part of the mail's
 * outbox id, so a double submit of the same click finds the mail already queued and sends nothing more.
 */
import type { Article } from '../domain/article.js';
import type { ComplianceSignal } from '../domain/compliance.js';
import { licenseeComplianceNoticeEmail, type ComplianceLine } from '../views/emails/licensee-compliance-notice.js';
import type { RequestItem } from '../adapters/entities/request.js';
import type { Repository } from '../adapters/repository.js';
import { Busy, FieldRulesBroken, LicenseNotFound } from './errors.js';
import { licenseState } from './licensed-copy.js';
import { mail, reindex } from './request-item.js';

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
  const perDay = await Promise.all(lastDays(now, days).map((d) => repo.listComplianceSignals(d)));
  const rows = new Map<string, ComplianceRow>();
  for (const item of perDay.flat()) {
    if (opts.licenseId && item.licenseId !== opts.licenseId) continue;
    const key = `${item.licenseId}\u0000${item.signal}\u0000${item.origin}`;
    const row = rows.get(key) ?? { licenseId: item.licenseId, signal: item.signal, origin: item.origin, hits: 0, firstDay: item.date, lastDay: item.date };
    row.hits += Number(item.hits) || 0;
    if (item.date < row.firstDay) row.firstDay = item.date;
    if (item.date > row.lastDay) row.lastDay = item.date;
    rows.set(key, row);
  }
  const licenses = new Map<string, RequestItem | undefined>();
  for (const id of new Set([...rows.values()].map((r) => r.licenseId))) licenses.set(id, await repo.getRequestByLicense(id));
  return [...rows.values()].map((r) => {
    const item = licenses.get(r.licenseId);
    const l = item?.license;
    return l ? { ...r, licensee: l.licensee.organization, email: l.licensee.email, headline: item.articleHeadline, state: licenseState(l, now) } : r;
  }).sort((a, b) => b.lastDay.localeCompare(a.lastDay) || b.hits - a.hits || a.licenseId.localeCompare(b.licenseId));
}

export const CLICK_ID = /^[A-Za-z0-9_-]{16,64}$/;

export interface NoticeResult { licenseId: string; queued: boolean; to: string; signals: number }

/** Queues the reminder to the licensee, once per click id; with no signal on record there is nothing to remind of. */
export async function sendComplianceNotice(repo: Repository, input: { licenseId: string; clickId: string; by?: string }, now: Date): Promise<NoticeResult> {
  if (!CLICK_ID.test(input.clickId)) throw new FieldRulesBroken([{ path: 'clickId', message: 'the click id must be 16 to 64 letters, digits, - or _' }]);
  const rows = await listCompliance(repo, { licenseId: input.licenseId }, now);
  if (!rows.length) throw new FieldRulesBroken([{ path: 'licenseId', message: `no compliance signal was recorded for ${input.licenseId} in the last ${DEFAULT_COMPLIANCE_DAYS} days` }]);
  const lines: ComplianceLine[] = rows.map((r) => ({ signal: r.signal, origin: r.origin, firstDay: r.firstDay, lastDay: r.lastDay, hits: r.hits }));
  for (let attempt = 0; attempt < 5; attempt++) {
    const item = await repo.getRequestByLicense(input.licenseId);
    const license = item?.license;
    if (!item || !license) throw new LicenseNotFound();
    const to = license.licensee.email;
    const article: Article = (await repo.getArticle(item.articleId))?.article ?? standIn(item);
    const notice = mail('licensee-compliance-notice', to, licenseeComplianceNoticeEmail({ item, article, lines }), now, { key: input.clickId });
    if (item.outbox[notice.id]) return { licenseId: input.licenseId, queued: false, to, signals: rows.length };
    const at = now.toISOString();
    const next = reindex({
      ...item,
      outbox: { ...item.outbox, [notice.id]: notice },
      history: [...item.history, { at, from: item.status, to: item.status, actor: 'staff', ...(input.by ? { by: input.by } : {}), note: `Compliance reminder sent (${rows.length} signal${rows.length === 1 ? '' : 's'})` }],
      version: item.version + 1,
      updatedAt: at,
    });
    if (await repo.replaceRequest(next, item.version)) return { licenseId: input.licenseId, queued: true, to, signals: rows.length };
  }
  throw new Busy();
}

function standIn(item: RequestItem): Article {
  return {
    id: item.articleId, headline: item.articleHeadline, byline: [], publication: { name: item.publicationId, copyrightHolder: item.publicationId },
    publishedAt: item.createdAt.slice(0, 10), body: ['—'], copyright: '', rights: { owner: 'publisher' },
  };
}
