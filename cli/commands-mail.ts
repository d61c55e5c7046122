/**
 * `desk mail receive FILE.eml [--spf pass] [--dkim pass] [--dmarc pass|gray|fail] [--spam pass|fail] [--virus pass|fail] [--recipient ADDR]`
 * — feeds a raw message (as saved from a mail program, or from the local SES) through the same use
 * case the `mail-receive` function runs for SES in AWS: an approver's reply decides the request if
 * every check passes.
 *
 * Locally nothing verifies SPF or DKIM, so the verdicts are given: both default to PASS (DMARC to
 * GRAY, "no policy"; spam and virus to PASS); pass `--spf fail`, `--spam fail` and so on to see a reply refused. Recipients default to the
 * message's To, Cc and Delivered-To headers; `--recipient` stands in for SES's envelope recipients.
 * The reply address must be on INBOUND_DOMAIN when that variable is set.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { receiveReply } from '../functions/application/reply-decision.js';
import { UsageError, decisionDeps, type Command } from './shared.js';

const verdict = (name: string, value: string) => {
  const v = value.toUpperCase();
  if (!['PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED'].includes(v)) throw new UsageError(`--${name} is pass, fail, gray or processing_failed`);
  return v;
};

const receive: Command = async (args, ctx) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: {
    spf: { type: 'string', default: 'pass' }, dkim: { type: 'string', default: 'pass' }, dmarc: { type: 'string', default: 'gray' },
    spam: { type: 'string', default: 'pass' }, virus: { type: 'string', default: 'pass' },
    recipient: { type: 'string', multiple: true }, 'base-url': { type: 'string' },
  } });
  const file = positionals[0];
  if (!file) throw new UsageError('usage: desk mail receive FILE.eml [--spf pass|fail] [--dkim pass|fail] [--dmarc pass|gray|fail] [--spam pass|fail] [--virus pass|fail] [--recipient ADDRESS]');
  let raw: Buffer;
  try { raw = readFileSync(file); } catch { throw new UsageError(`cannot read ${file}`); }
  const result = await receiveReply({ ...decisionDeps(values['base-url']), repo: ctx.repo(), ...(process.env.INBOUND_DOMAIN ? { inboundDomain: process.env.INBOUND_DOMAIN } : {}) }, {
    raw,
    verdicts: { spf: verdict('spf', values.spf), dkim: verdict('dkim', values.dkim), dmarc: verdict('dmarc', values.dmarc), spam: verdict('spam', values.spam), virus: verdict('virus', values.virus) },
    ...(values.recipient?.length ? { recipients: values.recipient } : {}),
  }, ctx.now());
  if (ctx.json) { ctx.out(JSON.stringify(result)); return; }
  ctx.out(result.accepted
    ? `Accepted: ${result.requestId} ${result.outcome} by ${result.by} (now ${result.status}).`
    : `Ignored: ${result.reason}${result.requestId ? ` (request ${result.requestId})` : ''}. Nothing was decided.`);
};

export const mailCommands: Record<string, Command> = {
  'mail receive': receive,
};
