/**
 * `desk stats [--weeks N]` — the desk's figures as the staff view shows them, read from the counters
 * (one range read, whatever the table's size): requests in each status, and requests received,
 * licenses issued and fees per week. `desk stats rebuild` — the backfill: counts every request the
 * counters do not hold yet (a table with history, a deployment from before the counters existed);
 * safe to run again and while traffic flows (application/request-stats.ts).
 */
import { parseArgs } from 'node:util';
import { formatMoney } from '../functions/domain/money.js';
import { requestStatuses } from '../functions/domain/request-state.js';
import { readDeskStats, rebuildStats } from '../functions/application/request-stats.js';
import { UsageError, table, type Command } from './shared.js';


const show: Command = async (args, ctx) => {
  const { values } = parseArgs({ args, options: { weeks: { type: 'string', default: '12' } } });
  const weeks = Number(values.weeks);
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > 520) throw new UsageError('--weeks is a whole number from 1 to 520');
  const stats = await readDeskStats(ctx.repo(), ctx.now(), weeks);
  if (ctx.json) return ctx.out(JSON.stringify(stats));
  ctx.out(table(['STATUS', 'REQUESTS'], requestStatuses.map((s) => [s, String(stats.byStatus[s])])));
  ctx.out('');
  const s = stats.series;
  ctx.out(table(['WEEK OF', 'RECEIVED', 'LICENSED', `FEES (${s.currency})`], s.points.map((p) => [p.week, String(p.requests), String(p.licensed), formatMoney(p.revenueMinor, s.currency)])));
  if (s.otherCurrencies.length) ctx.out(`Fees in ${s.otherCurrencies.join(', ')} are not included.`);
};

const rebuild: Command = async (_args, ctx) => {
  const report = await rebuildStats(ctx.repo(), ctx.now(), (n) => ctx.err(`… ${n} requests`));
  if (ctx.json) return ctx.out(JSON.stringify(report));
  ctx.out(`Counted ${report.requests} requests: ${report.applied} brought into the counters, ${report.current} already in them${report.busy ? `, ${report.busy} being counted by the dispatcher right now (run again to check)` : ''}.`);
};

export const statsCommands: Record<string, Command> = {
  stats: show,
  'stats rebuild': rebuild,
};
