/**
 * `desk outbox list [--parked]` and `desk outbox replay ID` — the mail that has not gone out yet.
 * Mail waits inside its request item (the outbox) and the item sits in the sparse `outbox` index
 * while anything is undelivered (OUTBOX) or parked after too many failures (PARKED). Replaying puts
 * a request's parked messages back to pending; the dispatcher (the table stream in AWS, the poller
 * locally) then sends them.
 */
import { parseArgs } from 'node:util';
import { isRequestId } from '../functions/domain/tokens.js';
import type { OutboxMessage, RequestRecord } from '../functions/domain/request-record.js';
import { replayParked } from '../functions/application/dispatch-outbox.js';
import { UsageError, table, shortTime, type Command } from './shared.js';

/** Far enough ahead that every waiting message is listed, however long its backoff. */
const EVERYTHING = new Date('9999-12-31T23:59:59Z');

const row = (item: RequestRecord, m: OutboxMessage) => ({
  requestId: item.requestId, messageId: m.id, kind: m.kind, to: m.to, ...(m.subject ? { subject: m.subject } : {}), state: m.state, attempts: m.attempts,
  createdAt: m.createdAt, nextAttemptAt: m.nextAttemptAt, ...(m.lastError ? { lastError: m.lastError } : {}),
});

const list: Command = async (args, ctx) => {
  const { values } = parseArgs({ args, options: { parked: { type: 'boolean', default: false }, limit: { type: 'string', default: '100' } } });
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError('--limit is a number from 1 to 1000');
  const repo = ctx.repo();
  const items = values.parked ? await repo.listOutboxParked(limit) : (await repo.listOutboxDue(EVERYTHING, limit)).items;
  const wanted = (m: OutboxMessage) => (values.parked ? m.state === 'parked' : m.state === 'pending' || m.state === 'sending');
  const rows = items.flatMap((i) => Object.values(i.outbox).filter(wanted).map((m) => row(i, m)))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  if (ctx.json) { ctx.out(JSON.stringify(rows)); return; }
  if (!rows.length) { ctx.out(values.parked ? 'No parked mail.' : 'No mail waiting: everything has been delivered.'); return; }
  ctx.out(table(['REQUEST', 'KIND', 'TO', 'STATE', 'ATTEMPTS', 'QUEUED (UTC)', 'NEXT TRY (UTC)', 'LAST ERROR'],
    rows.map((r) => [r.requestId, r.kind, r.to.join(', '), r.state, String(r.attempts), shortTime(r.createdAt), r.state === 'parked' ? '' : shortTime(r.nextAttemptAt), r.lastError ?? ''])));
};

const replay: Command = async (args, ctx) => {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const id = positionals[0]?.trim().toLowerCase();
  if (!id) throw new UsageError('usage: desk outbox replay REQUEST_ID');
  if (!isRequestId(id) || !(await ctx.repo().getRequest(id))) throw new Error(`no request ${positionals[0]}`);
  const count = await replayParked(ctx.repo(), id, ctx.now());
  if (ctx.json) ctx.out(JSON.stringify({ requestId: id, replayed: count }));
  else ctx.out(count ? `${id}: ${count} parked message${count === 1 ? '' : 's'} queued again; the dispatcher sends ${count === 1 ? 'it' : 'them'} shortly.` : `${id}: no parked mail.`);
};

export const outboxCommands: Record<string, Command> = {
  'outbox list': list,
  'outbox replay': replay,
};
