/**
 * Compliance signals from the view pixel: a view of a licensed copy the license does not cover —
 * the license revoked, ended, suspended or not yet started, or the page's origin outside the
 * licensee's declared domains. Counted per license, signal, page origin and UTC day; nothing about
 * the reader (no address, no user agent) is part of a signal.
 */
export const COMPLIANCE_SIGNALS = ['revoked', 'expired', 'not-started', 'suspended', 'undeclared-origin'] as const;
export type ComplianceSignal = (typeof COMPLIANCE_SIGNALS)[number];

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
 * Whether a page origin lies within the declared domains: its host is a declared domain or a
 * subdomain of one (`example.org` covers `www.example.org`). An origin that is not a URL is outside.
 */
export function originDeclared(origin: string, domains: readonly string[]): boolean {
  let host: string;
  try { host = new URL(origin).hostname.toLowerCase().replace(/\.$/, ''); } catch { return false; }
  return domains.some((d) => {
    const domain = d.trim().toLowerCase().replace(/^\*\./, '').replace(/\.$/, '');
    return Boolean(domain) && (host === domain || host.endsWith(`.${domain}`));
  });
}

/** The licensee's declared domains as a record may carry them (absent: none declared). */
export function declaredDomainsOf(record: { licenseeDomains?: unknown } | undefined): string[] {
  const v = record?.licenseeDomains;
  return Array.isArray(v) ? v.filter((d): d is string => typeof d === 'string' && d.trim() !== '') : [];
}
