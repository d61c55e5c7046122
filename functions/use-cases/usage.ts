/**
 * Counting views of a republished copy (GET /licenses/{id}/pixel.gif). The pixel answers the same
 * 43 bytes whatever happens here; this decides only whether to count, with bounded work per hit
 * (at most: one projected GetItem, one salt read, one conditional put, two ADDs) and no output that
 * depends on the input. It never contacts anything but the table: no fetch of the referrer, no DNS.
 *   1. discard user agents that are not browsers (bots, link previewers, scripts, empty);
 *   2. discard ids that are not a license id, and licenses that are not active today;
 *   3. reader = sha256(day's random salt ‖ source IP ‖ user agent) — the salt is created on first use
 *      each UTC day and expires after two, so hashes cannot be linked across days or back to an IP;
 *   4. conditional put of (license, day, reader): only its first success counts — once per reader per day;
 *   5. ADD one to the license's day counter and to its referrer counter (origin and path only).
 */
import { createHash, randomBytes } from 'node:crypto';
import { requestIdOfLicense } from '../entities/request.js';
import type { Repository } from '../adapters/repository.js';
import { licenseState, utcToday } from './licensed-copy.js';

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

export const readerHash = (salt: string, sourceIp: string, userAgent: string) =>
  createHash('sha256').update(`${salt}\u0000${sourceIp}\u0000${userAgent}`, 'utf8').digest('hex');

export type ViewOutcome = 'counted' | 'repeat' | 'ignored-agent' | 'ignored-license';

export interface ViewInput { licenseId: string; sourceIp: string; userAgent: string; referer?: string; now: Date }

export async function countView(deps: { repo: Repository; salts: SaltMemo }, input: ViewInput): Promise<ViewOutcome> {
  if (!isBrowserLike(input.userAgent)) return 'ignored-agent';
  if (!requestIdOfLicense(input.licenseId)) return 'ignored-license';
  const license = await deps.repo.getLicenseState(input.licenseId);
  if (!license || licenseState(license, input.now) !== 'active') return 'ignored-license';
  const date = utcToday(input.now);
  const salt = await deps.salts.get(deps.repo, date);
  const reader = readerHash(salt, input.sourceIp, input.userAgent.trim());
  if (!(await deps.repo.markReaderSeen(input.licenseId, date, reader))) return 'repeat';
  await deps.repo.addLicenseView(input.licenseId, date, referrerOf(input.referer), input.now);
  return 'counted';
}
