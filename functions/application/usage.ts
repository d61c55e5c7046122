/**
 * Counting views of a republished copy (GET /licenses/{id}/pixel.gif). The pixel answers the same
 * 43 bytes whatever happens here; this decides only whether to count, with bounded work per hit
 * (at most: one salt read, one rate ADD, one projected GetItem, one conditional put, three ADDs)
 * and no output that depends on the input. It never contacts anything but the table: no fetch of
 * the referrer, no DNS.
 *   1. discard user agents that are not browsers (bots, link previewers, scripts, empty);
 *   2. rate-limit per network: past PIXEL_HITS_PER_NETWORK_HOUR hits an hour, a network's hits
 *      are ignored (one ADD, nothing else);
 *   3. discard ids that are not a license id or no license; a license that is not active today
 *      (revoked, ended, suspended, not yet started) is a compliance signal: recorded (step 7), not a view;
 *   4. reader = sha256(day's random salt ‖ the reader's NETWORK: an IPv4 /24, an IPv6 /64) — the
 *      salt is created on first use each UTC day and expires after two, so hashes cannot be linked
 *      across days or back to an address. The user agent is not part of it: a script rotating 200
 *      user agents from one address is one reader, not 200;
 *   5. conditional put of (license, day, reader): only its first success counts — once per network per day;
 *   6. ADD one to the license's day counter and to its referrer counter (origin and path only;
 *      at most REFERRERS_PER_MONTH referrers a month, then OTHER_REFERRERS — domain/usage.ts);
 *   7. compliance signals (domain/compliance.ts): a hit on a license that is not active, or whose page
 *      origin (Referer) is outside the licensee's declared domains (none declared: no origin check),
 *      ADDs one to the counter of (day, license, signal, origin) — once per reader, signal and origin
 *      a day (the same conditional put as step 5, under a hash that also covers signal and origin).
 *      Nothing about the reader is in it: the origin is the page's, the count is a number.
 */
import { createHash, randomBytes } from 'node:crypto';
import { requestIdOfLicense } from '../domain/request-record.js';
import { PIXEL_HITS_PER_NETWORK_HOUR } from '../domain/usage.js';
import type { Repository } from './ports.js';
import { licenseState, utcToday } from './licensed-copy.js';
import { NO_ORIGIN, originDeclared, pageOriginOf, type ComplianceSignal } from '../domain/compliance.js';
import { log } from './observability.js';

/** Crawlers, link previewers, mail image proxies, headless browsers and HTTP libraries. */
export const NON_BROWSER_AGENT =
  /bot|crawl|spider|slurp|preview|facebookexternalhit|WhatsApp|Slackbot|Discordbot|TelegramBot|Twitterbot|LinkedInBot|curl|wget|python-requests|Go-http-client|HeadlessChrome|ImageProxy|okhttp|axios|node-fetch|undici|Java\//i;

export const MAX_USER_AGENT = 512;
export const MAX_REFERRER = 200;
export const NO_REFERRER = '(none)';

/** Every current browser announces itself as `Mozilla/5.0 (…`. */
export function isBrowserLike(userAgent: string | undefined): boolean {
  const ua = (userAgent ?? '').trim();
  if (!ua || ua.length > MAX_USER_AGENT) return false;
  if (NON_BROWSER_AGENT.test(ua)) return false;
  return /^Mozilla\/5\.0 \(/.test(ua);
}

/** The referring page as origin + path: no query, no fragment, no credentials; at most MAX_REFERRER characters. */
export function referrerOf(header: string | undefined): string {
  if (!header) return NO_REFERRER;
  let url: URL;
  try {
    url = new URL(header.slice(0, 2048));
  } catch {
    return NO_REFERRER;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return NO_REFERRER;
  return `${url.origin}${url.pathname}`.slice(0, MAX_REFERRER);
}

/** The day's salt, remembered per process for the day. */
export class SaltMemo {
  private day = '';
  private salt = '';
  async get(repo: Repository, date: string): Promise<string> {
    if (this.day !== date) {
      this.salt = await repo.dailySalt(date, randomBytes(32).toString('hex'));
      this.day = date;
    }
    return this.salt;
  }
}

/**
 * The network a reader's address belongs to: its IPv4 /24 or IPv6 /64 (what one household, office
 * or cloud host can cheaply rotate within). Anything unparseable stands for itself.
 */
export function networkOf(sourceIp: string): string {
  const ip = sourceIp.trim().replace(/^::ffff:(?=\d+\.)/i, '');
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}$/.exec(ip);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0/24`;
  if (ip.includes(':') && /^[0-9a-f:]+$/i.test(ip)) {
    const [head = '', tail = ''] = ip.toLowerCase().split('::');
    const left = head ? head.split(':') : [];
    const right = ip.includes('::') ? (tail ? tail.split(':') : []) : [];
    const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
    return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
  }
  return ip.slice(0, 64);
}

export const readerHash = (salt: string, network: string) =>
  createHash('sha256').update(`${salt}\u0000${network}`, 'utf8').digest('hex');

/** The rate counter's key: salted like the reader hash, so the table never names a network. */
const rateKeyOf = (salt: string, network: string) => createHash('sha256').update(`${salt}\u0000rate\u0000${network}`, 'utf8').digest('hex').slice(0, 32);

/** `flagged`: a compliance signal was recorded (a view the license does not cover), not a view. */
export type ViewOutcome = 'counted' | 'repeat' | 'ignored-agent' | 'ignored-license' | 'rate-limited' | 'flagged';

export interface ViewInput { licenseId: string; sourceIp: string; userAgent: string; referer?: string; now: Date }

export async function countView(deps: { repo: Repository; salts: SaltMemo }, input: ViewInput): Promise<ViewOutcome> {
  if (!isBrowserLike(input.userAgent)) return 'ignored-agent';
  if (!requestIdOfLicense(input.licenseId)) return 'ignored-license';
  const network = networkOf(input.sourceIp);
  const date = utcToday(input.now);
  const hour = input.now.toISOString().slice(0, 13);
  const salt = await deps.salts.get(deps.repo, date);
  if (await deps.repo.countPixelHit(rateKeyOf(salt, network), hour) > PIXEL_HITS_PER_NETWORK_HOUR) return 'rate-limited';
  const license = await deps.repo.getLicenseState(input.licenseId);
  if (!license) return 'ignored-license';
  const state = licenseState(license, input.now);
  const origin = pageOriginOf(input.referer);
  /** Records a signal once per reader, signal and origin a day; true when it was new. */
  const flag = async (signal: ComplianceSignal): Promise<boolean> => {
    if (!(await deps.repo.markReaderSeen(input.licenseId, date, readerHash(salt, `${network}\u0000${signal}\u0000${origin}`)))) return false;
    await deps.repo.addComplianceHit({ licenseId: input.licenseId, date, signal, origin, now: input.now });
    return true;
  };
  if (state !== 'active') return (await flag(state)) ? 'flagged' : 'repeat';
  const domains = license.licenseeDomains ?? [];
  const undeclared = domains.length > 0 && origin !== NO_ORIGIN && !originDeclared(origin, domains);
  const reader = readerHash(salt, network);
  if (!(await deps.repo.markReaderSeen(input.licenseId, date, reader))) {
    if (undeclared) await flag('undeclared-origin');
    return 'repeat';
  }
  await deps.repo.addLicenseView(input.licenseId, date, referrerOf(input.referer), input.now);
  if (undeclared) await flag('undeclared-origin');
  return 'counted';
}

/**
 * The pixel's view, counted if it can be: a failure to count (the table throttling, say) is logged
 * and swallowed, since a licensee's page must never show a broken image for it.
 */
export async function countViewQuietly(deps: { repo: Repository; salts: SaltMemo }, input: ViewInput): Promise<ViewOutcome | 'not-counted'> {
  try {
    return await countView(deps, input);
  } catch (e) {
    log.warn('pixel: view not counted', { licenseId: input.licenseId, error: (e as Error)?.name ?? 'unknown' });
    return 'not-counted';
  }
}
