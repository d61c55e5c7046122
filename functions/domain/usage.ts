/**
 * A license's usage: views of the republished copy, counted by the tracking pixel, per UTC day and
 * per referring page (origin and path, no query). The limits that keep it bounded whatever the
 * traffic are policy and live here; how the counters are stored (one small item each, with a TTL)
 * is the repository's (adapters/entities/usage.ts).
 */

/** Distinct referring pages kept per license and month; the rest are counted together as OTHER_REFERRERS. */
export const REFERRERS_PER_MONTH = 50;
/** Referrers shown in a license's usage (the most viewed); the rest are folded into OTHER_REFERRERS. */
export const REFERRERS_SHOWN = 50;
export const OTHER_REFERRERS = '(other pages)';
/** Pixel hits one network may make in an hour before its hits are ignored. */
export const PIXEL_HITS_PER_NETWORK_HOUR = 120;

/** One day's views of a license's copy. */
export interface DayViews { date: string; views: number }
/** One referring page's views in one month (the same page over several months is several of these). */
export interface ReferrerViews { referrer: string; views: number; lastSeen?: string }

export interface LicenseUsage {
  licenseId: string;
  views: number;
  days: DayViews[];
  referrers: ReferrerViews[];
}

/** Folds a license's counters into its usage: days oldest first, referrers merged over months, most viewed first. */
export function summarizeUsage(licenseId: string, counted: { days: readonly DayViews[]; referrers: readonly ReferrerViews[] }): LicenseUsage {
  const days = counted.days.map((d) => ({ date: d.date, views: Number(d.views) || 0 }));
  days.sort((a, b) => a.date.localeCompare(b.date));
  // The same page over several months is one referrer; past REFERRERS_SHOWN the rest are one line.
  const merged = new Map<string, ReferrerViews>();
  for (const r of counted.referrers) {
    const views = Number(r.views) || 0;
    const seen = merged.get(r.referrer);
    if (!seen) { merged.set(r.referrer, { referrer: r.referrer, views, ...(r.lastSeen !== undefined ? { lastSeen: r.lastSeen } : {}) }); continue; }
    seen.views += views;
    if ((r.lastSeen ?? '') > (seen.lastSeen ?? '')) seen.lastSeen = r.lastSeen;
  }
  const sorted = [...merged.values()].sort((a, b) => b.views - a.views || a.referrer.localeCompare(b.referrer));
  const others = sorted.filter((r) => r.referrer === OTHER_REFERRERS);
  const named = sorted.filter((r) => r.referrer !== OTHER_REFERRERS);
  const shown = named.slice(0, REFERRERS_SHOWN);
  const folded = [...named.slice(REFERRERS_SHOWN), ...others].reduce((n, r) => n + r.views, 0);
  return {
    licenseId, views: days.reduce((n, d) => n + d.views, 0), days,
    referrers: folded ? [...shown, { referrer: OTHER_REFERRERS, views: folded }] : shown,
  };
}
