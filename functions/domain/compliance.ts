/**
 * Compliance signals from the view pixel: a view of a licensed copy the license does not cover —
 * the license revoked, ended, suspended or not yet started, or the page's origin outside the
 * licensee's declared domains. Counted per license, signal, page origin and UTC day; nothing about
 * the reader (no address, no user agent) is part of a signal.
 */
import { normaliseSite, splitSite } from './licensee-domains.js';

export const COMPLIANCE_SIGNALS = ['revoked', 'expired', 'not-started', 'suspended', 'undeclared-origin'] as const;
export type ComplianceSignal = (typeof COMPLIANCE_SIGNALS)[number];

/** One day's count of one signal for one license and page origin (the staff listing folds days together). */
export interface ComplianceCount {
  /** The UTC day, YYYY-MM-DD. */
  date: string;
  licenseId: string;
  signal: ComplianceSignal;
  /** The page's origin, NO_ORIGIN, or OTHER_ORIGINS once the license's origins for the day are all taken. */
  origin: string;
  hits: number;
  lastSeen: string;
}

export const NO_ORIGIN = '(none)';
export const OTHER_ORIGINS = '(other origins)';
/** Distinct page origins recorded per license and day; further ones are counted together as OTHER_ORIGINS. */
export const ORIGINS_PER_LICENSE_DAY = 20;

/** The page's origin from a Referer header (scheme, host, port), or NO_ORIGIN. */
export function pageOriginOf(referer: string | undefined): string {
  if (!referer) return NO_ORIGIN;
  try {
    const url = new URL(referer.slice(0, 2048));
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin.slice(0, 200) : NO_ORIGIN;
  } catch {
    return NO_ORIGIN;
  }
}

/**
 * Whether a page origin lies within the declared sites (domain/licensee-domains.ts: `host[:port]`):
 * its host is a declared host or a subdomain of one (`example.org` covers `www.example.org`; the
 * view count is lenient where the live embed's frame-ancestors is exact), and a declared port must
 * match. An origin that is not a URL is outside.
 */
export function originDeclared(origin: string, domains: readonly string[]): boolean {
  let url: URL;
  try { url = new URL(origin); } catch { return false; }
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  return domains.some((d) => {
    const site = normaliseSite(d);
    if (!site) return false;
    const declared = splitSite(site);
    if (declared.port !== undefined && declared.port !== port) return false;
    return host === declared.host || host.endsWith(`.${declared.host}`);
  });
}

/** The licensee's declared domains as a record may carry them (absent: none declared). */
export function declaredDomainsOf(record: { licenseeDomains?: unknown } | undefined): string[] {
  const v = record?.licenseeDomains;
  return Array.isArray(v) ? v.filter((d): d is string => typeof d === 'string' && d.trim() !== '') : [];
}
