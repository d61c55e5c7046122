/**
 * The licensee's declared domains: the sites where the licensee will publish the article
 * (`licenseeDomains` in the request body). They decide which pages may frame the live embed
 * (CSP `frame-ancestors`) and which page origins count as the licensee's own in the view counts.
 *
 * A declared domain is a host name, optionally with a port: `news.example.org`,
 * `blog.example.org:8443`. Stored lower-cased and in ASCII — an internationalised name is stored
 * as its punycode (`bücher.example` → `xn--bcher-kva.example`), as browsers send it in `Origin`.
 * Not a URL (no scheme, path, user or query), not an IP address; the one exception is the local
 * machine — `localhost` and `127.0.0.1` (usually with a port, `localhost:3100`) — so a licensee can
 * try the embed on their own machine and the local stack can be tried end to end. A loopback name
 * lets only pages on the viewer's own machine frame the copy, so it is harmless in AWS too.
 */
import * as z from 'zod/mini';
import { lazySchema } from './lazy-schema.js';
import { domainToASCII } from 'node:url';

export const MAX_LICENSEE_DOMAINS = 10;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1']);
const label = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** True for `localhost` and `127.0.0.1`, with or without a port. */
export const isLoopbackSite = (site: string): boolean => LOOPBACK_HOSTS.has(splitSite(site).host);

/** `host[:port]` → its parts (the site must already be normalised). */
export function splitSite(site: string): { host: string; port?: number } {
  const i = site.lastIndexOf(':');
  return i < 0 ? { host: site } : { host: site.slice(0, i), port: Number(site.slice(i + 1)) };
}

/**
 * One declared site in its stored form, or undefined when it is not a host name (with an optional
 * port). Pure: IDN to punycode by the WHATWG rules (node:url's domainToASCII, no I/O).
 */
export function normaliseSite(raw: string): string | undefined {
  const s = raw.trim().toLowerCase().replace(/\.(?=:|$)/, '');
  const m = /^([^:/?#@\s\\[\]]+)(?::(\d{1,5}))?$/.exec(s);
  if (!m) return undefined;
  const [, name = '', portText] = m;
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && (port < 1 || port > 65_535)) return undefined;
  const host = LOOPBACK_HOSTS.has(name) ? name : domainToASCII(name);
  if (!host) return undefined;
  if (!LOOPBACK_HOSTS.has(host)) {
    const labels = host.split('.');
    if (host.length > 253 || labels.length < 2 || !labels.every((l) => label.test(l))) return undefined;
    // A name whose last label is all digits is an IP address: sites are declared by name.
    if (/^\d+$/.test(labels.at(-1)!)) return undefined;
  }
  return port === undefined ? host : `${host}:${port}`;
}

const siteSchema = /* @__PURE__ */ lazySchema(() => z.pipe(z.string().check(z.maxLength(300)), z.transform((raw, ctx) => {
  const site = normaliseSite(raw);
  if (site === undefined) {
    // The words a person reads come from field-messages.ts (licenseeDomains), never from here.
    ctx.issues.push({ code: 'custom', message: 'not a host name', input: raw, path: [] });
    return z.NEVER;
  }
  return site;
})));

/** Up to ten sites, normalised and without repeats. */
export const licenseeDomainsSchema = /* @__PURE__ */ lazySchema(() => z.pipe(z.array(siteSchema).check(z.maxLength(MAX_LICENSEE_DOMAINS)),
  z.transform((sites) => [...new Set(sites)])));

export type LicenseeDomains = z.infer<typeof licenseeDomainsSchema>;
