/**
 * Staff actions on licenses (CLI: `desk licenses list|revoke|usage`).
 * Revoking is ONE versioned conditional write on the request item that holds the license: status
 * `revoked` with when and why, an audit entry, the licensee's email queued in the item's outbox, and
 * a `license.revoked` webhook intent for each of the license's endpoints; the repository takes the
 * license out of the byArticle index (no more kill notices). The copy reads
 * the item on every request, so it answers 410 from the next request on.
 */
import { displayStateOf, stateTable } from '../domain/status-display.js';
import type { LicenseRecord, RequestRecord } from '../domain/request-record.js';
import type { LicenseUsage } from '../domain/usage.js';
import type { Repository } from './ports.js';
import { LicenseNotFound } from './errors.js';
import { licenseState } from './licensed-copy.js';
import { intent } from './request-item.js';
import { webhookIntents, withMessages } from './webhooks.js';

export class LicenseAlreadyEnded extends Error {
  override name = 'LicenseAlreadyEnded';
  constructor(readonly licenseId: string) { super(`License ${licenseId} has already expired; there is nothing to revoke.`); }
}

export interface Revoked { item: RequestRecord; changed: boolean }

export async function revokeLicense(repo: Repository, licenseId: string, input: { reason: string; by?: string }, now: Date): Promise<Revoked> {
  const found = await repo.getRequestByLicense(licenseId);
  if (!found?.license) throw new LicenseNotFound();
  const updated = await repo.update(found.requestId, async (item) => {
    const license = item.license;
    if (!license || license.licenseId !== licenseId) throw new LicenseNotFound();
    if (license.status === 'revoked') return undefined;
    if (license.status === 'expired') throw new LicenseAlreadyEnded(licenseId);
    const at = now.toISOString();
    const revoked: LicenseRecord = { ...license, status: 'revoked', revokedAt: at, revokedReason: input.reason };
    const changed: RequestRecord = {
      ...item,
      license: revoked,
      updatedAt: at,
      history: [...item.history, { at, from: item.status, to: item.status, actor: 'staff', ...(input.by ? { by: input.by } : {}), event: 'license-revoked', note: `License revoked: ${input.reason}` }],
    };
    const notice = intent('licensee-revoked', license.licensee.email, now, { key: at, params: { reason: input.reason } });
    // The licensee's endpoints hear it in the same write (license.revoked), through the same outbox.
    const events = webhookIntents(changed, 'license.revoked', { licenseId, articleId: item.articleId, revokedAt: at, reason: input.reason }, now, at);
    return { ...changed, outbox: withMessages(item.outbox, [notice, ...events]) };
  });
  if (!updated) throw new LicenseNotFound();
  return { item: updated.record, changed: updated.changed };
}


export interface LicenseRow {
  licenseId: string;
  state: 'active' | 'expired' | 'revoked' | 'not-started' | 'suspended';
  validFrom: string;
  validUntil: string;
  articleId: string;
  headline: string;
  licensee: string;
  email: string;
  use: string;
  /** The state as a person reads it, from the one table of states. */
  label: string;
  revokedAt?: string;
  revokedReason?: string;
}

export const licenseRow = (item: RequestRecord, now: Date): LicenseRow => {
  const l = item.license!;
  return {
    licenseId: l.licenseId, state: licenseState(l, now), validFrom: l.validFrom, validUntil: l.validUntil, articleId: item.articleId,
    headline: item.articleHeadline, licensee: l.licensee.organization, email: l.licensee.email, use: l.scope.use,
    label: stateTable[displayStateOf(item, { now })].label,
    ...(l.revokedAt ? { revokedAt: l.revokedAt, revokedReason: l.revokedReason } : {}),
  };
};

/**
 * Every license (Query byStatus on REQUESTS#licensed, page by page, newest first), or — with an
 * article — the article's current licenses (Query byArticle: the ones kill notices go to).
 */
export async function listLicenses(repo: Repository, opts: { articleId?: string; limit?: number }, now: Date): Promise<LicenseRow[]> {
  if (opts.articleId) return (await repo.listLicensesOfArticle(opts.articleId)).filter((i) => i.license).map((i) => licenseRow(i, now));
  const limit = opts.limit ?? 500;
  const rows: LicenseRow[] = [];
  let cursor: string | undefined;
  do {
    const page = await repo.listRequestsByStatus('licensed', { limit: Math.min(100, limit - rows.length), cursor });
    rows.push(...page.items.filter((i) => i.license).map((i) => licenseRow(i, now)));
    cursor = page.cursor;
  } while (cursor && rows.length < limit);
  return rows;
}

export async function licenseUsage(repo: Repository, licenseId: string): Promise<{ row: LicenseRow; usage: LicenseUsage }> {
  const item = await repo.getRequestByLicense(licenseId);
  if (!item?.license) throw new LicenseNotFound();
  return { row: licenseRow(item, new Date()), usage: await repo.getLicenseUsage(licenseId) };
}
