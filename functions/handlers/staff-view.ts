/**
 * GET /staff — the read-only staff overview. It shows requesters' personal data, so it answers only
 * to staff (functions/edge/staff-access.ts): in AWS to a Cognito session of the group rights-staff
 * (a browser without one is sent to sign in), locally to loopback clients only.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { httpDeps } from '../edge/wiring.js';
import type { Repository } from '../adapters/repository.js';
import { lifecycleConfigFrom, type LifecycleConfig } from '../domain/lifecycle.js';
import { errorPage } from '../views/pages.js';
import { staffPage, weekStart, weeklySeries, type LicenseRow } from '../views/staff.js';
import { requestStatuses, type RequestStatus } from '../domain/request-state.js';
import type { RequestRecord } from '../domain/request-record.js';
import { httpHandler } from '../edge/handler.js';
import { staffSignIn } from '../edge/staff-access.js';
import { html } from '../edge/responses.js';
import { listPayments, revenueSummary } from '../application/payments.js';

const { repo, env, baseUrl } = httpDeps(['REMIND_AFTER_HOURS', 'EXPIRE_AFTER_DAYS', 'RENEWAL_NOTICE_DAYS', 'STAFF_USER_POOL_ID', 'STAFF_CLIENT_ID', 'STAFF_LOGIN_URL']);
export const staff = staffSignIn({ stage: env.STAGE, baseUrl, userPoolId: env.STAFF_USER_POOL_ID, clientId: env.STAFF_CLIENT_ID, loginUrl: env.STAFF_LOGIN_URL });
const config = lifecycleConfigFrom(env);
const WEEKS = 12;


/** Requests of one status created since `since`, newest first (byStatus Query pages; no Scan). */
async function since(r: Repository, status: RequestStatus, sinceIso: string, cap = 2000): Promise<RequestRecord[]> {
  const out: RequestRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await r.listRequestsByStatus(status, { limit: 200, ...(cursor ? { cursor } : {}) });
    for (const i of page.items) if (i.createdAt >= sinceIso) out.push(i);
    cursor = page.items.length && page.items.at(-1)!.createdAt >= sinceIso ? page.cursor : undefined;
  } while (cursor && out.length < cap);
  return out;
}

type UsageReader = { getLicenseUsage?: (licenseId: string) => Promise<{ views: number }> };

export async function gather(r: Repository, now: Date, cfg: LifecycleConfig = config) {
  const windowStart = new Date(weekStart(now.getTime()) - (WEEKS - 1) * 7 * 86_400_000).toISOString();
  const byStatus = Object.fromEntries(await Promise.all(requestStatuses.map(async (s) => [s, await since(r, s, windowStart)] as const))) as Record<RequestStatus, RequestRecord[]>;
  // Pending and offered requests are shown whatever their age (they expire after EXPIRE_AFTER_DAYS anyway).
  const [pending, offered] = await Promise.all((['pending', 'offered'] as const).map(async (s) => (await r.listRequestsByStatus(s, { limit: 200 })).items));
  const decided = [...byStatus.licensed, ...byStatus.denied, ...byStatus.offered, ...byStatus.declined, ...byStatus.expired, ...byStatus.withdrawn]
    .filter((i) => i.review || i.history.length > 1 || i.status === 'licensed');
  // The latest change first: a license revoked today is a recent decision even if approved long ago.
  const at = (i: RequestRecord) => i.history.at(-1)?.at ?? i.review?.at ?? i.updatedAt;
  const decisions = decided.sort((a, b) => at(b).localeCompare(at(a))).slice(0, 25);
  const licensed = (await r.listRequestsByStatus('licensed', { limit: 50 })).items.filter((i) => i.license);
  const usage = (r as UsageReader).getLicenseUsage?.bind(r);
  const licenses: LicenseRow[] = await Promise.all(licensed.map(async (item) => {
    if (!usage) return { item };
    try { return { item, views: (await usage(item.license!.licenseId)).views }; } catch { return { item }; }
  }));
  const all = requestStatuses.flatMap((s) => byStatus[s]);
  const missingCanonical = await articlesWithoutCanonicalUrl(r, [...pending!, ...offered!, ...licensed]);
  return {
    now, config: cfg,
    pending: pending!.sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    offered: offered!,
    decisions,
    licenses,
    series: weeklySeries(all, now, WEEKS),
    viewCounts: Boolean(usage),
    missingCanonical,
    ...(await paymentsOverview(r, now)),
  };
}

/**
 * The articles of open requests and licenses whose record has no canonical URL: their licensed
 * copies claim no link to the original, which staff can fix by re-importing with --canonical-url.
 * One GetItem per distinct article (at most 100), never a Scan.
 */
async function articlesWithoutCanonicalUrl(r: Repository, items: readonly RequestRecord[]): Promise<{ articleId: string; headline: string }[]> {
  const ids = [...new Set(items.map((i) => i.articleId))].slice(0, 100);
  const articles = await Promise.all(ids.map((id) => r.getArticle(id).catch(() => undefined)));
  return articles.filter((a) => a && !a.article.canonicalUrl).map((a) => ({ articleId: a!.article.id, headline: a!.article.headline }));
}

/** Invoices through the sparse `payments` index (a repository without it, as in some tests, shows none). */
async function paymentsOverview(r: Repository, now: Date) {
  if (typeof r.listInvoices !== 'function') return {};
  const rows = await listPayments(r, { limit: 2000 }, now);
  return { payments: { summary: revenueSummary(rows), overdue: rows.filter((x) => x.state === 'overdue' || x.state === 'suspended') } };
}

export const handler = httpHandler(async (req) => {
  const access = await staff.check(req.event);
  if (!access.allowed) return access.response;
  const page = staffPage(await gather(repo, new Date()));
  return html(200, page, { 'x-robots-tag': 'noindex, nofollow', 'cache-control': 'no-store, private' });
}, { htmlError: (p) => html(p.status, errorPage(p.toDocument()), { 'cache-control': 'no-store' }) });
