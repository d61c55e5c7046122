/**
 * `desk licenses list|revoke|usage` — the staff's view of issued licenses and their one way to pull
 * a license back. Revoking is one versioned write on the request item (see application/licenses.ts):
 * the copy answers 410 from the next request on, and the licensee's email is queued with it.
 */
import { parseArgs } from 'node:util';
import { licenseUsage, listLicenses, revokeLicense } from '../functions/application/licenses.js';
import { UsageError, columns, rethrowInvalid, type Command } from './shared.js';

const list: Command = async (args, ctx) => {
  const { values } = parseArgs({ args, options: { article: { type: 'string' }, limit: { type: 'string' } } });
  const limit = values.limit !== undefined ? Number(values.limit) : undefined;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new UsageError('--limit is a positive whole number');
  const rows = await listLicenses(ctx.repo(), { ...(values.article ? { articleId: values.article } : {}), ...(limit ? { limit } : {}) }, ctx.now());
  if (ctx.json) return ctx.out(JSON.stringify(rows));
  if (!rows.length) return ctx.out(values.article ? `No current licenses for ${values.article}.` : 'No licenses.');
  ctx.out(columns(['LICENSE', 'STATE', 'VALID', 'ARTICLE', 'LICENSEE', 'USE'],
    rows.map((r) => [r.licenseId, r.state === 'not-started' ? `${r.label} (from ${r.validFrom})` : r.label, `${r.validFrom}..${r.validUntil}`, r.articleId, `${r.licensee} <${r.email}>`, r.use])));
};

const revoke: Command = async (args, ctx) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { reason: { type: 'string' }, by: { type: 'string' } } });
  const licenseId = positionals[0];
  if (!licenseId || !values.reason?.trim()) throw new UsageError('usage: desk licenses revoke LICENSE-ID --reason TEXT [--by EMAIL]');
  const by = values.by ?? process.env.DESK_USER ?? process.env.USER;
  const { item, changed } = await revokeLicense(ctx.repo(), licenseId, { reason: values.reason.trim(), ...(by ? { by } : {}) }, ctx.now()).catch(rethrowInvalid);
  const l = item.license!;
  if (ctx.json) return ctx.out(JSON.stringify({ licenseId: l.licenseId, status: l.status, revokedAt: l.revokedAt, revokedReason: l.revokedReason, changed }));
  ctx.out(changed
    ? `Revoked ${l.licenseId}: its copy now answers 410, and ${l.licensee.email} is being told.`
    : `${l.licenseId} was already revoked on ${l.revokedAt ?? '?'}; nothing changed.`);
};

const usage: Command = async (args, ctx) => {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const licenseId = positionals[0];
  if (!licenseId) throw new UsageError('usage: desk licenses usage LICENSE-ID');
  const { row, usage: u } = await licenseUsage(ctx.repo(), licenseId);
  if (ctx.json) return ctx.out(JSON.stringify({ ...u, state: row.state }));
  ctx.out(`${row.licenseId} (${row.label}) — ${row.licensee}: ${u.views} view${u.views === 1 ? '' : 's'} counted (one per reader per day, bots excluded)`);
  if (u.days.length) ctx.out(`\n${columns(['DAY', 'VIEWS'], u.days.map((d) => [d.date, String(d.views)]))}`);
  if (u.referrers.length) ctx.out(`\n${columns(['REFERRING PAGE', 'VIEWS'], u.referrers.map((r) => [r.referrer, String(r.views)]), 80)}`);
};

export const licenseCommands: Record<string, Command> = {
  'licenses list': list,
  'licenses revoke': revoke,
  'licenses usage': usage,
};
