/**
 * `desk compliance list` — views of licensed copies the license does not cover (revoked, ended,
 * suspended or not-yet-started licenses; pages outside the licensee's declared domains), per license,
 * signal and page origin, over the last days; `desk compliance notify LICENSE-ID` — the templated
 * reminder to the licensee, through the outbox. Each run is one click: `--click ID` lets a script
 * retry the same click without sending twice.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DEFAULT_COMPLIANCE_DAYS, MAX_COMPLIANCE_DAYS, listCompliance, sendComplianceNotice } from '../functions/application/compliance.js';
import { UsageError, table, type CliContext } from './shared.js';

type Command = (args: string[], ctx: CliContext) => Promise<void>;

const list: Command = async (args, ctx) => {
  const { values } = parseArgs({ args, options: { days: { type: 'string', default: String(DEFAULT_COMPLIANCE_DAYS) }, license: { type: 'string' } } });
  const days = Number(values.days);
  if (!Number.isInteger(days) || days < 1 || days > MAX_COMPLIANCE_DAYS) throw new UsageError(`--days is a number from 1 to ${MAX_COMPLIANCE_DAYS}`);
  const rows = await listCompliance(ctx.repo(), { days, ...(values.license ? { licenseId: values.license } : {}) }, ctx.now());
  if (ctx.json) { ctx.out(JSON.stringify(rows)); return; }
  if (!rows.length) { ctx.out(`No compliance signals in the last ${days} day${days === 1 ? '' : 's'}.`); return; }
  ctx.out(table(['LICENSE', 'SIGNAL', 'PAGE ORIGIN', 'HITS', 'FIRST', 'LAST', 'LICENSEE', 'LICENSE STATE'],
    rows.map((r) => [r.licenseId, r.signal, r.origin, String(r.hits), r.firstDay, r.lastDay, r.licensee ?? '', r.state ?? ''])));
};

const notify: Command = async (args, ctx) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { click: { type: 'string' }, by: { type: 'string' } } });
  const licenseId = positionals[0];
  if (!licenseId) throw new UsageError('usage: desk compliance notify LICENSE-ID [--click ID] [--by EMAIL]');
  const clickId = values.click ?? randomBytes(16).toString('base64url');
  const r = await sendComplianceNotice(ctx.repo(), { licenseId, clickId, ...(values.by ? { by: values.by } : {}) }, ctx.now());
  if (ctx.json) { ctx.out(JSON.stringify({ ...r, clickId })); return; }
  ctx.out(r.queued
    ? `${licenseId}: reminder queued for ${r.to} (${r.signals} signal${r.signals === 1 ? '' : 's'}); the dispatcher sends it shortly.`
    : `${licenseId}: this click's reminder was already queued; nothing more was sent.`);
};

export const complianceCommands: Record<string, Command> = {
  'compliance list': list,
  'compliance notify': notify,
};
