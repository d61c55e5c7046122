/**
 * The staff view: one read-only page for the rights desk — requests waiting for a decision,
 * counter-offers waiting for the requester, recent decisions, licenses with their view counts, and
 * a small chart of requests and revenue per week. Pure: plain data in, { html, csp } out.
 *
 * The chart is inline SVG built here (no chart library, nothing loaded from elsewhere). It is styled
 * only through the page's one hashed stylesheet and SVG presentation attributes, so the strict CSP of
 * renderPage holds; it carries a title and description for screen readers, and the same figures
 * are in a table beside it.
 */
import type { LifecycleConfig } from '../domain/lifecycle.js';
import { nextStepAt } from '../domain/lifecycle.js';
import type { RequestRecord } from '../domain/request-record.js';
import { formatCount, formatDate, formatDateTime, formatMoney, html, renderPage, type SafeHtml } from './html.js';
import { displayStateOf } from '../domain/status-display.js';
import { labelOf, stateBadge, useTypeLabels } from './labels.js';
import type { PaymentRow, RevenueCell, RevenueSummary } from '../domain/payment.js';
import { weekStart, type WeekPoint, type WeeklySeries } from '../domain/request-stats.js';

export type { WeekPoint, WeeklySeries } from '../domain/request-stats.js';

const DAY = 86_400_000;

export { weekStart };

/**
 * Requests received and license revenue per week, for the `weeks` weeks up to `now` (oldest first).
 * Revenue is counted in the currency most licenses use; other currencies are named, not mixed in.
 */
export function weeklySeries(items: readonly RequestRecord[], now: Date, weeks = 12): WeeklySeries {
  const last = weekStart(now.getTime());
  const first = last - (weeks - 1) * 7 * DAY;
  const points: WeekPoint[] = Array.from({ length: weeks }, (_, i) =>
    ({ week: new Date(first + i * 7 * DAY).toISOString().slice(0, 10), requests: 0, licensed: 0, revenueMinor: 0 }));
  const slot = (iso: string) => {
    const t = Date.parse(iso);
    if (Number.isNaN(t) || t > now.getTime()) return undefined;
    const i = Math.floor((weekStart(t) - first) / (7 * DAY));
    return i >= 0 && i < weeks ? points[i] : undefined;
  };
  const currencies = new Map<string, number>();
  for (const item of items) if (item.license) currencies.set(item.license.fee.currency, (currencies.get(item.license.fee.currency) ?? 0) + 1);
  const currency = [...currencies].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? 'USD';
  for (const item of items) {
    const p = slot(item.createdAt);
    if (p) p.requests++;
    if (item.license && item.license.status !== 'revoked') {
      const q = slot(item.license.issuedAt);
      if (q) {
        q.licensed++;
        if (item.license.fee.currency === currency) q.revenueMinor += item.license.fee.minorUnits;
      }
    }
  }
  return { currency, points, otherCurrencies: [...currencies.keys()].filter((c) => c !== currency).sort() };
}

/** A "nice" axis maximum: 1, 2 or 5 times a power of ten, at least `value` (and at least `floor`). Five ticks divide it evenly. */
export function niceMax(value: number, floor = 1): number {
  if (value <= floor) return floor;
  const p = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 5, 10]) if (m * p >= value) return m * p;
  return 10 * p;
}

const shortWeek = (week: string) => {
  const [, m, d] = week.split('-');
  return `${Number(d)} ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][Number(m) - 1]}`;
};

/** The chart: bars for requests (left axis), a line for revenue (right axis). */
export function weeklyChart(series: WeeklySeries): SafeHtml {
  const W = 720, H = 280, left = 44, right = 76, top = 16, bottom = 40;
  const plotW = W - left - right, plotH = H - top - bottom;
  const n = series.points.length;
  const maxReq = niceMax(Math.max(...series.points.map((p) => p.requests)), 5); // whole requests on every tick
  const maxRev = niceMax(Math.max(...series.points.map((p) => p.revenueMinor)), 500);
  const band = plotW / Math.max(1, n);
  const x = (i: number) => left + i * band + band / 2;
  const yRev = (v: number) => top + plotH - (v / maxRev) * plotH;
  const f = (v: number) => v.toFixed(1);
  const ticks = [0, 0.2, 0.4, 0.6, 0.8, 1];
  const money = (minor: number) => formatMoney(minor, series.currency).replace(/\.00$/, '');
  const totalReq = series.points.reduce((s, p) => s + p.requests, 0);
  const totalRev = series.points.reduce((s, p) => s + p.revenueMinor, 0);
  const linePath = series.points.map((p, i) => `${i ? 'L' : 'M'}${f(x(i))} ${f(yRev(p.revenueMinor))}`).join(' ');
  return html`<svg class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="chart-title chart-desc" focusable="false">
<title id="chart-title">Requests and revenue per week</title>
<desc id="chart-desc">${formatCount(totalReq)} requests and ${money(totalRev)} in license fees over the last ${n} weeks. Bars: requests received per week (left axis). Line: license fees per week in ${series.currency} (right axis).</desc>
${ticks.map((t) => html`<line class="grid" x1="${left}" x2="${W - right}" y1="${f(top + plotH - t * plotH)}" y2="${f(top + plotH - t * plotH)}"/>
<text class="tick" x="${left - 6}" y="${f(top + plotH - t * plotH + 4)}" text-anchor="end">${formatCount(Math.round(t * maxReq))}</text>
<text class="tick rev" x="${W - right + 6}" y="${f(top + plotH - t * plotH + 4)}" text-anchor="start">${money(Math.round(t * maxRev))}</text>`)}
${series.points.map((p, i) => {
    const h = (p.requests / maxReq) * plotH;
    return html`<rect class="bar" x="${f(x(i) - band * 0.3)}" y="${f(top + plotH - h)}" width="${f(band * 0.6)}" height="${f(h)}"><title>Week of ${formatDate(p.week)}: ${formatCount(p.requests)} requests, ${money(p.revenueMinor)}</title></rect>
<text class="tick" x="${f(x(i))}" y="${H - bottom + 16}" text-anchor="middle">${shortWeek(p.week)}</text>`;
  })}
<path class="line" d="${linePath}"/>
${series.points.map((p, i) => html`<circle class="dot" cx="${f(x(i))}" cy="${f(yRev(p.revenueMinor))}" r="3.5"/>`)}
<line class="axis" x1="${left}" x2="${W - right}" y1="${top + plotH}" y2="${top + plotH}"/>
<text class="legend" x="${left}" y="${H - 6}">▮ Requests (left)</text>
<text class="legend rev" x="${left + 150}" y="${H - 6}">● Fees, ${series.currency} (right)</text>
</svg>`;
}

export interface LicenseRow { item: RequestRecord; views?: number }
/** A compliance signal as the staff view lists it (application/compliance.ts ComplianceRow). */
export interface ComplianceRow { licenseId: string; signal: string; origin: string; hits: number; firstDay: string; lastDay: string; licensee?: string; email?: string }

export interface StaffViewData {
  now: Date;
  config: LifecycleConfig;
  pending: RequestRecord[];
  offered: RequestRecord[];
  decisions: RequestRecord[];
  licenses: LicenseRow[];
  series: WeeklySeries;
  /** False while no usage counter is there to read: the views column says so. */
  viewCounts: boolean;
  /** Articles of open requests and licenses that have no canonical URL (their copies claim none). */
  missingCanonical?: { articleId: string; headline: string }[];
  /** Invoices: paid, due and overdue per week and per publication, and the overdue ones (of the latest `latestOnly` when there are more). */
  payments?: { summary: RevenueSummary; overdue: PaymentRow[]; latestOnly?: number };
  /** Compliance signals of the last days, and a fresh click id per license for its "send a notice" button. */
  compliance?: { days: number; rows: ComplianceRow[]; clickIds: Record<string, string>; noticeAction: string };
  /** Totals from the desk's counters; without them a section counts the rows it shows. */
  counts?: { pending: number; offered: number; licensed: number };
  /** Cursors of each list's next page (query parameters of GET /staff), and which lists show a later page. */
  next?: Partial<Record<PagedList, string>>;
  paged?: Partial<Record<PagedList, boolean>>;
}

export type PagedList = 'pending' | 'offered' | 'decisions' | 'licenses';

/** Links under a list: its next page, and back to the first once past it. */
const pagerLabels: Record<PagedList, string> = { pending: 'Pages of requests waiting for a decision', offered: 'Pages of counter-offers', decisions: 'Pages of recent decisions', licenses: 'Pages of licenses' };

function pager(d: StaffViewData, list: PagedList, heading: string): SafeHtml {
  const next = d.next?.[list];
  const paged = d.paged?.[list];
  if (!next && !paged) return html``;
  return html`<nav class="pager" aria-label="${pagerLabels[list]}">${paged ? html`<a href="?#${heading}">First page</a>` : ''}${next ? html`<a href="?${list}=${encodeURIComponent(next)}#${heading}" rel="next">Next page</a>` : ''}</nav>`;
}

const requester = (item: RequestRecord) => {
  const r = item.request.requester;
  return html`${r.organization}<br><span class="muted small">${r.name} · ${r.email}</span>`;
};
const article = (item: RequestRecord) => html`${item.articleHeadline}<br><span class="muted small code-inline">${item.articleId}</span>`;
const use = (item: RequestRecord) => html`${labelOf(useTypeLabels, item.request.use.type)}<br><span class="muted small">${formatCount(item.request.use.audience)} · ${item.request.use.territories.join(' ')}</span>`;
const fee = (q: { minorUnits: number; currency: string }) => formatMoney(q.minorUnits, q.currency);

/** A table that scrolls sideways on a narrow screen; keyboard users can scroll it too. */
function scroller(label: string, table: SafeHtml): SafeHtml {
  return html`<div class="table-wrap" role="region" aria-label="${label}" tabindex="0">${table}</div>`;
}

/** Who made the latest change: a revocation after an approval is the revoker's. */
function decidedBy(item: RequestRecord): string {
  const last = item.history.at(-1);
  if (last?.event && last.by) return last.by;
  if (last?.event === 'license-ended') return 'Lifecycle (end date)';
  if (item.review) return item.review.by;
  if (!last) return '';
  if (last.by) return last.by;
  return last.actor === 'requester' ? (item.status === 'licensed' ? 'Rate card (instant)' : 'Requester') : last.actor === 'system' ? 'Lifecycle (no decision in time)' : last.actor;
}

const decidedAt = (item: RequestRecord) => item.history.at(-1)?.at ?? item.review?.at ?? item.updatedAt;

/** A card with its heading and count; `shown` (the rows on this page, when it differs from the count) decides whether the body or the empty note is shown. */
function section(id: string, title: string, count: number, body: SafeHtml, empty: string, shown = count): SafeHtml {
  return html`<section class="card" aria-labelledby="${id}"><h2 id="${id}">${title} <span class="count">${formatCount(count)}</span></h2>
${shown ? body : html`<p class="muted">${empty}</p>`}</section>`;
}

export const staffStyle = `
main{max-width:80rem}
.site .bar,footer.site-footer{max-width:80rem}
.summary{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:.75rem;margin:0 0 1rem;padding:0;list-style:none}
.summary li{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:.75rem 1rem}
.summary .n{display:block;font-size:1.6rem;font-weight:700;line-height:1.2}
.count{display:inline-block;min-width:1.6rem;padding:0 .45rem;border-radius:999px;background:var(--accent-soft);color:var(--accent);font-size:.9rem;text-align:center;vertical-align:middle}
.table-wrap{overflow-x:auto}
table.staff{width:100%;border-collapse:collapse;font-size:.92rem}
table.staff th,table.staff td{text-align:left;vertical-align:top;padding:.45rem .6rem .45rem 0;border-bottom:1px solid var(--line)}
table.staff th{color:var(--muted);font-weight:600;white-space:nowrap}
table.staff td.num,table.staff th.num{text-align:right;white-space:nowrap}
table.staff tr:last-child td{border-bottom:0}
.code-inline{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85em}
td.code-inline{white-space:nowrap}
figure.chart-figure{margin:0}
figure.chart-figure figcaption{color:var(--muted);font-size:.9rem;margin:.25rem 0 .5rem}
svg.chart{display:block;width:100%;height:auto;max-width:720px}
svg.chart .bar{fill:var(--accent);opacity:.85}
svg.chart .line{fill:none;stroke:var(--ok);stroke-width:2.5}
svg.chart .dot{fill:var(--ok)}
svg.chart .grid{stroke:var(--line);stroke-width:1}
svg.chart .axis{stroke:var(--muted);stroke-width:1}
svg.chart text{font:12px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;fill:var(--muted)}
svg.chart text.rev{fill:var(--ok)}
svg.chart text.legend{fill:var(--ink)}
details.data{margin-top:.5rem}
nav.pager{display:flex;gap:1rem;justify-content:flex-end;margin-top:.5rem}
`.trim();

export function staffPage(d: StaffViewData): { html: string; csp: string } {
  const s = d.series;
  const licensedInWindow = s.points.reduce((n, p) => n + p.licensed, 0);
  const revenue = s.points.reduce((n, p) => n + p.revenueMinor, 0);

  const pendingTable = html`<table class="staff"><caption class="visually-hidden">Requests waiting for a decision, oldest first</caption>
<thead><tr><th scope="col">Request</th><th scope="col">Received</th><th scope="col">Article</th><th scope="col">Requester</th><th scope="col">Use</th><th scope="col" class="num">Quote</th><th scope="col">Next</th></tr></thead>
<tbody>${d.pending.map((i) => {
    const next = nextStepAt(i, d.config);
    return html`<tr><td class="code-inline">${i.requestId}</td><td>${formatDateTime(i.createdAt)}</td><td>${article(i)}</td><td>${requester(i)}</td><td>${use(i)}</td><td class="num">${fee(i.quote)}</td>
<td>${next ? html`${next.step === 'remind' ? 'Reminder' : 'Expires'} ${formatDateTime(next.at)}` : ''}</td></tr>`;
  })}</tbody></table>`;

  const offeredTable = html`<table class="staff"><caption class="visually-hidden">Counter-offers waiting for the requester</caption>
<thead><tr><th scope="col">Request</th><th scope="col">Offered</th><th scope="col">Article</th><th scope="col">Requester</th><th scope="col" class="num">Quote</th><th scope="col" class="num">Offer</th><th scope="col">Lapses</th></tr></thead>
<tbody>${d.offered.map((i) => html`<tr><td class="code-inline">${i.requestId}</td><td>${i.offer ? formatDateTime(i.offer.at) : ''}<br><span class="muted small">${i.offer?.by ?? ''}</span></td><td>${article(i)}</td><td>${requester(i)}</td>
<td class="num">${fee(i.quote)}</td><td class="num">${i.offer ? fee(i.offer.quote) : ''}</td><td>${i.offer ? formatDateTime(i.offer.expiresAt) : ''}</td></tr>`)}</tbody></table>`;

  const decisionsTable = html`<table class="staff"><caption class="visually-hidden">Recent decisions, newest first</caption>
<thead><tr><th scope="col">When</th><th scope="col">Request</th><th scope="col">Outcome</th><th scope="col">By</th><th scope="col">Article</th><th scope="col">Requester</th><th scope="col">Note</th></tr></thead>
<tbody>${d.decisions.map((i) => html`<tr><td>${formatDateTime(decidedAt(i))}</td><td class="code-inline">${i.requestId}</td><td>${stateBadge(displayStateOf(i, { now: d.now }))}</td><td>${decidedBy(i)}</td>
<td>${article(i)}</td><td>${requester(i)}</td><td>${i.review?.note ?? ''}</td></tr>`)}</tbody></table>`;

  const licensesTable = html`<table class="staff"><caption class="visually-hidden">Licenses, newest first, with views of the republished copy</caption>
<thead><tr><th scope="col">License</th><th scope="col">Article</th><th scope="col">Licensee</th><th scope="col">Use</th><th scope="col">Valid</th><th scope="col" class="num">Fee</th><th scope="col">Status</th><th scope="col" class="num">Views</th></tr></thead>
<tbody>${d.licenses.map(({ item: i, views }) => {
    const l = i.license!;
    return html`<tr><td class="code-inline">${l.licenseId}</td><td>${article(i)}</td><td>${l.licensee.organization}<br><span class="muted small">${l.licensee.email}</span></td><td>${use(i)}</td>
<td>${formatDate(l.validFrom)} –<br>${formatDate(l.validUntil)}</td><td class="num">${fee(l.fee)}</td><td>${stateBadge(displayStateOf(i, { now: d.now }))}</td>
<td class="num">${views === undefined ? html`<span class="muted" title="not counted">–</span>` : formatCount(views)}</td></tr>`;
  })}</tbody></table>`;

  const dataTable = html`<details class="data"><summary>The figures as a table</summary>
<table class="staff"><caption class="visually-hidden">Requests, licenses and fees per week</caption>
<thead><tr><th scope="col">Week of</th><th scope="col" class="num">Requests</th><th scope="col" class="num">Licensed</th><th scope="col" class="num">Fees (${s.currency})</th></tr></thead>
<tbody>${s.points.map((p) => html`<tr><td>${formatDate(p.week)}</td><td class="num">${formatCount(p.requests)}</td><td class="num">${formatCount(p.licensed)}</td><td class="num">${formatMoney(p.revenueMinor, s.currency)}</td></tr>`)}</tbody></table></details>`;

  const main = html`<p class="eyebrow">Rights desk · read-only</p>
<h1>Requests and licenses</h1>
<p class="meta">As of ${formatDateTime(d.now.toISOString())}. Reminders after ${formatCount(d.config.remindAfterHours)} hours, expiry after ${formatCount(d.config.expireAfterDays)} days, renewal notices ${formatCount(d.config.renewalNoticeDays)} days ahead. Decide from the emailed review link, by replying to it, or with <code>desk requests approve|deny</code>.</p>
<ul class="summary" aria-label="Summary">
<li><span class="n">${formatCount(d.counts?.pending ?? d.pending.length)}</span> waiting for a decision</li>
<li><span class="n">${formatCount(d.counts?.offered ?? d.offered.length)}</span> counter-offers open</li>
<li><span class="n">${formatCount(licensedInWindow)}</span> licenses in ${s.points.length} weeks</li>
<li><span class="n">${formatMoney(revenue, s.currency)}</span> fees in ${s.points.length} weeks</li>
</ul>
<section class="card" aria-labelledby="chart-heading"><h2 id="chart-heading">Requests and fees per week</h2>
<figure class="chart-figure">${weeklyChart(s)}
<figcaption>Weeks start on Monday (UTC). Fees are counted when the license is issued${s.otherCurrencies.length ? html`; fees in ${s.otherCurrencies.join(', ')} are not included` : ''}.</figcaption></figure>
${dataTable}</section>
${d.missingCanonical?.length ? html`<section class="card" aria-labelledby="facts-heading"><h2 id="facts-heading">Articles without a canonical URL <span class="count">${formatCount(d.missingCanonical.length)}</span></h2>
<div class="notice warn"><p>Their licensed copies, embeds and feed items claim no link to the original. Give it with <code>desk import-article FILE --id ID --canonical-url URL</code>.</p></div>
<ul>${d.missingCanonical.map((a) => html`<li>${a.headline} <span class="muted small code-inline">${a.articleId}</span></li>`)}</ul></section>` : ''}
${section('pending-heading', 'Waiting for a decision', d.counts?.pending ?? d.pending.length, html`${scroller('Requests waiting for a decision', pendingTable)}${pager(d, 'pending', 'pending-heading')}`, 'Nothing is waiting for a decision.', d.pending.length)}
${section('offered-heading', 'Counter-offers waiting for the requester', d.counts?.offered ?? d.offered.length, html`${scroller('Counter-offers', offeredTable)}${pager(d, 'offered', 'offered-heading')}`, 'No counter-offer is open.', d.offered.length)}
${section('decisions-heading', 'Recent decisions', d.decisions.length, html`${scroller('Recent decisions', decisionsTable)}${pager(d, 'decisions', 'decisions-heading')}`, 'No decisions yet.')}
${d.compliance ? complianceSection(d.compliance) : ''}
${d.payments ? paymentsSection(d.payments) : ''}
${section('licenses-heading', 'Licenses', d.counts?.licensed ?? d.licenses.length, html`${d.viewCounts ? '' : html`<p class="muted small">View counts are not available yet: no usage counter is readable.</p>`}${scroller('Licenses', licensesTable)}${pager(d, 'licenses', 'licenses-heading')}`, 'No licenses yet.', d.licenses.length)}`;

  return renderPage({ title: 'Staff overview', main, style: staffStyle });
}


const signalLabel: Record<string, string> = {
  revoked: 'License revoked', expired: 'License ended', 'not-started': 'License not started', suspended: 'License suspended', 'undeclared-origin': 'Undeclared site',
};

/**
 * Views the license does not cover, per license, signal and page origin; each license has one
 * "send a notice" button whose hidden click id is fresh per rendering (a double submit sends once).
 */
function complianceSection(c: NonNullable<StaffViewData['compliance']>): SafeHtml {
  const byLicense = new Map<string, ComplianceRow[]>();
  for (const r of c.rows) byLicense.set(r.licenseId, [...(byLicense.get(r.licenseId) ?? []), r]);
  const body = html`<p class="muted small">Views of licensed copies in the last ${formatCount(c.days)} days that the license does not cover: after it was revoked or ended, before it started, or on a site outside the licensee's declared domains. Counted once per reader's network, signal and site a day; nothing about readers is kept. Also <code>desk compliance list</code>.</p>
<table class="staff"><caption class="visually-hidden">Compliance signals</caption>
<thead><tr><th scope="col">License</th><th scope="col">Signal</th><th scope="col">Page origin</th><th scope="col" class="num">Views</th><th scope="col">Days</th><th scope="col">Reminder</th></tr></thead>
<tbody>${[...byLicense].map(([licenseId, rows]) => rows.map((r, i) => html`<tr><td>${i === 0 ? html`<span class="code-inline">${licenseId}</span><br><span class="muted small">${r.licensee ?? ''}${r.email ? html` · ${r.email}` : ''}</span>` : ''}</td>
<td>${signalLabel[r.signal] ?? r.signal}</td><td class="code-inline">${r.origin}</td><td class="num">${formatCount(r.hits)}</td><td>${r.firstDay === r.lastDay ? formatDate(r.firstDay) : html`${formatDate(r.firstDay)} –<br>${formatDate(r.lastDay)}`}</td>
<td>${i === 0 && r.email ? html`<form method="post" action="${c.noticeAction}"><input type="hidden" name="licenseId" value="${licenseId}"><input type="hidden" name="clickId" value="${c.clickIds[licenseId] ?? ''}"><button type="submit" class="secondary">Send a notice</button></form>` : ''}</td></tr>`))}</tbody></table>`;
  return section('compliance-heading', 'Compliance signals', byLicense.size, scroller('Compliance signals', body), `No compliance signal in the last ${c.days} days.`);
}

/** Invoices for the rights desk: overdue ones first, then paid, due and overdue per publication and per week. */
function paymentsSection(p: NonNullable<StaffViewData['payments']>): SafeHtml {
  const cells = (c: RevenueCell, currency: string) => html`<td class="num">${formatMoney(c.paid, currency)}</td><td class="num">${formatMoney(c.due, currency)}</td><td class="num">${formatMoney(c.overdue, currency)}</td>`;
  const head = (first: string) => html`<thead><tr><th scope="col">${first}</th><th scope="col" class="num">Paid</th><th scope="col" class="num">Due</th><th scope="col" class="num">Overdue</th></tr></thead>`;
  const overdue = html`<table class="staff"><caption class="visually-hidden">Overdue invoices</caption>
<thead><tr><th scope="col">Invoice</th><th scope="col">Licensee</th><th scope="col" class="num">Amount</th><th scope="col">Due</th><th scope="col">State</th></tr></thead>
<tbody>${p.overdue.map((r) => html`<tr><td class="code-inline">${r.invoice}</td><td>${r.licensee}<br><span class="muted small">${r.email}</span></td><td class="num">${formatMoney(r.amountMinor - r.paidMinor, r.currency)}</td><td>${formatDate(r.dueDate)}</td><td>${r.state === 'suspended' ? html`<span class="badge bad">License suspended</span>` : html`<span class="badge warn">Overdue</span>`}</td></tr>`)}</tbody></table>`;
  const byPublication = html`<table class="staff"><caption class="visually-hidden">Invoice amounts per publication</caption>${head('Publication')}
<tbody>${p.summary.byPublication.map((r) => html`<tr><td>${r.publicationId}${p.summary.currency.length > 1 ? html` (${r.currency})` : ''}</td>${cells(r.cell, r.currency)}</tr>`)}</tbody></table>`;
  const byWeek = html`<table class="staff"><caption class="visually-hidden">Invoice amounts per week of issue</caption>${head('Week of')}
<tbody>${p.summary.byWeek.slice(0, 12).map((r) => html`<tr><td>${formatDate(r.week)}${p.summary.currency.length > 1 ? html` (${r.currency})` : ''}</td>${cells(r.cell, r.currency)}</tr>`)}</tbody></table>`;
  const any = p.summary.byPublication.length;
  return html`${section('payments-heading', 'Overdue invoices', p.overdue.length, scroller('Overdue invoices', overdue), 'No invoice is overdue.')}
${any ? html`<section class="card" aria-labelledby="revenue-heading"><h2 id="revenue-heading">Invoiced: paid, due and overdue</h2>
${p.latestOnly ? html`<p class="muted small">From the latest ${formatCount(p.latestOnly)} invoices; <code>desk payments list</code> has them all.</p>` : ''}<p class="muted small">Record a payment with <code>desk payments record INVOICE --amount … --reference …</code>; export with <code>desk payments list --csv</code>.</p>
<h3>Per publication</h3>${scroller('Per publication', byPublication)}<h3>Per week of issue</h3>${scroller('Per week', byWeek)}</section>` : ''}`;
}
