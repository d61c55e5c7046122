/**
 * `desk requests list|show|approve|deny` — the staff's view of requests and their way to decide one
 * from the command line, through the same decision core as the review page (`decideAsApprover`:
 * the staff member must be one of the request's approvers).
 *
 * Decisions send mail with links, so they need the service's public base URL: `--base-url`, else
 * BASE_URL, else the local stack's http://localhost:$PORT (3000). Give it when working on AWS.
 */
import { displayStateOf, historyStateOf, stateTable } from '../functions/domain/status-display.js';
import { parseArgs } from 'node:util';
import { environmentSpec } from '../functions/config/environment.js';
import { lifecycleConfigFrom, nextStepAt } from '../functions/domain/lifecycle.js';
import { requestStatuses, type RequestStatus } from '../functions/domain/request-state.js';
import { isRequestId } from '../functions/domain/tokens.js';
import { redactReplyAddress } from '../functions/domain/mail-reply.js';
import type { RequestRecord } from '../functions/domain/request-record.js';
import { FieldRulesBroken, InvalidCursor, InvalidInput } from '../functions/application/errors.js';
import { decideAsApprover } from '../functions/application/reply-decision.js';
import { UsageError, table, shortTime, decisionDeps, type Command, type CliContext } from './shared.js';

const lifecycleConfig = () => lifecycleConfigFrom({
  REMIND_AFTER_HOURS: process.env.REMIND_AFTER_HOURS ?? environmentSpec.REMIND_AFTER_HOURS.default,
  EXPIRE_AFTER_DAYS: process.env.EXPIRE_AFTER_DAYS ?? environmentSpec.EXPIRE_AFTER_DAYS.default,
  RENEWAL_NOTICE_DAYS: process.env.RENEWAL_NOTICE_DAYS ?? environmentSpec.RENEWAL_NOTICE_DAYS.default,
});

// ---------------------------------------------------------------------------------------------
// Views of a request: a summary row, and the full staff view (no token hashes, no mail bodies)

export function summary(item: RequestRecord) {
  const r = item.request;
  return {
    requestId: item.requestId,
    status: item.status,
    /** As a person reads it (the one table of states): "Revoked" for a revoked license. */
    state: stateTable[displayStateOf(item, { now: new Date() })].label,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    articleId: item.articleId,
    headline: item.articleHeadline,
    requester: { name: r.requester.name, email: r.requester.email, organization: r.requester.organization },
    use: r.use.type,
    audience: r.use.audience,
    quote: { amount: item.quote.amount, currency: item.quote.currency },
    ...(item.license ? { licenseId: item.license.licenseId, licenseStatus: item.license.status, fee: { amount: item.license.fee.amount, currency: item.license.fee.currency } } : {}),
    ...(item.review ? { decidedBy: item.review.by, decidedAt: item.review.at } : {}),
  };
}

export function staffView(item: RequestRecord) {
  const approvers = new Map<string, string>();
  for (const g of Object.values(item.approvers)) {
    const key = g.email.toLowerCase();
    if ((approvers.get(key) ?? '') < g.expiresAt) approvers.set(key, g.expiresAt);
  }
  const next = nextStepAt(item, lifecycleConfig());
  return {
    ...summary(item),
    publicationId: item.publicationId,
    request: item.request,
    reasons: item.reasons,
    quote: item.quote,
    validFrom: item.validFrom,
    validUntil: item.validUntil,
    attribution: item.attribution,
    conditions: item.conditions,
    approvers: [...approvers].map(([email, expiresAt]) => ({ email, linkValidUntil: expiresAt })),
    ...(item.review ? { review: item.review } : {}),
    ...(item.offer ? { offer: item.offer } : {}),
    ...(item.license ? { license: { ...item.license, copyTokens: Object.keys(item.license.copyTokens).length } } : {}),
    history: item.history,
    // Never a raw token: bodies (links) are left out, and a reply address shows without its token.
    outbox: Object.values(item.outbox).map(({ text: _t, html: _h, replyTo, ...m }) => ({ ...m, ...(replyTo ? { replyTo: replyTo.map(redactReplyAddress) } : {}) })),
    ...(next ? { nextLifecycleStep: next } : {}),
  };
}

// ---------------------------------------------------------------------------------------------

function parseStatuses(value: string | undefined): RequestStatus[] {
  if (!value) return [...requestStatuses];
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const s of list) if (!(requestStatuses as readonly string[]).includes(s)) throw new UsageError(`--status is one of ${requestStatuses.join(', ')} (or several, comma-separated)`);
  return list as RequestStatus[];
}

const list: Command = async (args, ctx) => {
  const { values } = parseArgs({ args, options: { status: { type: 'string' }, limit: { type: 'string', default: '50' }, cursor: { type: 'string' } } });
  const statuses = parseStatuses(values.status);
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError('--limit is a number from 1 to 1000');
  if (values.cursor !== undefined && statuses.length !== 1) throw new UsageError('--cursor pages one status: give --status with one status');
  const repo = ctx.repo();
  // One Query per status on the byStatus index (newest first), merged: one page, whatever the table's size.
  const pages = await Promise.all(statuses.map((s) => repo.listRequestsByStatus(s, { limit, ...(values.cursor !== undefined ? { cursor: values.cursor } : {}) })
    .catch((e: unknown) => { if (e instanceof InvalidCursor) throw new UsageError('--cursor is not one this list gave out; start without it'); throw e; })));
  const items = pages.flatMap((p) => p.items).sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, limit);
  const next = statuses.length === 1 ? pages[0]!.cursor : undefined;
  // JSON stays an array (scripts read it as one); the next page's cursor goes to stderr.
  if (ctx.json) { ctx.out(JSON.stringify(items.map(summary))); if (next) ctx.err(`next cursor: ${next}`); return; }
  if (!items.length) { ctx.out(`No ${values.status ? `${statuses.join(' or ')} ` : ''}requests.`); return; }
  ctx.out(table(['REQUEST', 'STATUS', 'CREATED (UTC)', 'ARTICLE', 'REQUESTER', 'USE', 'FEE'], items.map((i) => [
    i.requestId, stateTable[displayStateOf(i, { now: ctx.now() })].label, shortTime(i.createdAt), i.articleId, `${i.request.requester.organization} <${i.request.requester.email}>`,
    i.request.use.type, `${(i.license?.fee ?? i.quote).amount} ${(i.license?.fee ?? i.quote).currency}`,
  ])));
  if (next) ctx.out(`More: desk requests list --status ${statuses[0]} --limit ${limit} --cursor ${next}`);
};

async function load(ctx: CliContext, id: string | undefined): Promise<RequestRecord> {
  if (!id) throw new UsageError('give the request id');
  const requestId = id.trim().toLowerCase();
  const item = isRequestId(requestId) ? await ctx.repo().getRequest(requestId) : undefined;
  if (!item) throw new Error(`no request ${id}`);
  return item;
}

const show: Command = async (args, ctx) => {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const item = await load(ctx, positionals[0]);
  const v = staffView(item);
  if (ctx.json) { ctx.out(JSON.stringify(v, null, 2)); return; }
  const r = item.request;
  const rows: [string, string][] = [
    ['Request', item.requestId],
    ['Status', stateTable[displayStateOf(item, { now: ctx.now() })].label],
    ['Article', `${item.articleHeadline} (${item.articleId})`],
    ['Requester', `${r.requester.name}, ${r.requester.organization} <${r.requester.email}> (${r.requester.organizationType}, ${r.requester.country})`],
    ['Use', `${r.use.type}, audience ${r.use.audience}, ${r.use.territories.join(' ')}, ${r.use.language}, ${r.use.extent}${r.use.excerptWords ? ` (${r.use.excerptWords} words)` : ''}`],
    ['Period', `${item.validFrom} to ${item.validUntil}`],
    ['Quote', `${item.quote.amount} ${item.quote.currency}`],
    ['Created', shortTime(item.createdAt)],
    ['Approvers', v.approvers.map((a) => a.email).join(', ') || '—'],
  ];
  if (item.reasons.length) rows.push(['Reasons', item.reasons.map((x) => x.code).join(', ')]);
  if (item.review) rows.push(['Decision', `${item.review.decision} by ${item.review.by} at ${shortTime(item.review.at)}${item.review.note ? ` — “${item.review.note}”` : ''}`]);
  if (item.offer) rows.push(['Offer', `${item.offer.quote.amount} ${item.offer.quote.currency}, answer by ${shortTime(item.offer.expiresAt)}`]);
  if (item.license) rows.push(['License', `${item.license.licenseId} (${item.license.status}), ${item.license.validFrom} to ${item.license.validUntil}, fee ${item.license.fee.amount} ${item.license.fee.currency}`]);
  if (v.nextLifecycleStep) rows.push(['Next step', `${v.nextLifecycleStep.step} at ${shortTime(v.nextLifecycleStep.at)}`]);
  if (r.notes) rows.push(['Notes', r.notes]);
  const width = Math.max(...rows.map(([k]) => k.length));
  ctx.out(rows.map(([k, val]) => `${k.padEnd(width)}  ${val.replace(/[\r\n]+/g, ' ')}`).join('\n'));
  ctx.out('\nHistory');
  ctx.out(table(['AT (UTC)', 'FROM', 'TO', 'ACTOR', 'BY', 'NOTE'], item.history.map((h) => [shortTime(h.at), h.from ? stateTable[historyStateOf({ to: h.from })].label : '—', stateTable[historyStateOf(h)].label, h.actor, h.by ?? '', h.note ?? '']), 60));
  const mails = Object.values(item.outbox);
  if (mails.length) {
    ctx.out('\nMail');
    ctx.out(table(['KIND', 'TO', 'STATE', 'ATTEMPTS', 'QUEUED (UTC)', 'SENT (UTC)'], mails.sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map((m) => [m.kind, m.to.join(', '), m.state, String(m.attempts), shortTime(m.createdAt), shortTime(m.sentAt)])));
  }
};

const decideCommand = (decision: 'approve' | 'deny'): Command => async (args, ctx) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: {
    as: { type: 'string' }, note: { type: 'string' }, fee: { type: 'string' }, 'confirm-fee': { type: 'boolean', default: false }, 'base-url': { type: 'string' },
  } });
  const id = positionals[0];
  if (!id || !values.as) throw new UsageError(`usage: desk requests ${decision} ID --as EMAIL [--note TEXT]${decision === 'approve' ? ' [--fee AMOUNT [--confirm-fee]]' : ''} [--base-url URL]`);
  if (decision === 'deny' && values.fee) throw new UsageError('--fee goes with approve (a different fee is a counter-offer)');
  const deps = { ...decisionDeps(values['base-url']), repo: ctx.repo() };
  try {
    const { item, outcome } = await decideAsApprover(deps, id.trim().toLowerCase(), values.as,
      { decision, ...(values.note ? { note: values.note } : {}), ...(values.fee ? { fee: values.fee } : {}), confirmFee: values['confirm-fee'] }, { userAgent: 'desk cli' }, ctx.now());
    const result = { requestId: item.requestId, outcome, status: item.status, by: item.review?.by, ...(item.license ? { licenseId: item.license.licenseId } : {}), ...(item.offer ? { offer: item.offer.quote.amount } : {}) };
    if (ctx.json) ctx.out(JSON.stringify(result));
    else ctx.out(`${item.requestId}: ${outcome} by ${item.review?.by}${item.license ? `, license ${item.license.licenseId}` : ''}${item.offer ? `, counter-offer ${item.offer.quote.amount} ${item.offer.quote.currency}` : ''}. The requester is emailed.`);
  } catch (e) {
    if (e instanceof FieldRulesBroken) throw new UsageError(e.errors.map((i) => `--${i.path === 'confirmFee' ? 'confirm-fee' : i.path}: ${i.message}`).join('; '));
    if (e instanceof InvalidInput) throw new UsageError(e.zodError.issues.map((i) => `--${i.path.join('.') === 'confirmFee' ? 'confirm-fee' : i.path.join('.')}: ${i.message}`).join('; '));
    throw e;
  }
};

export const requestCommands: Record<string, Command> = {
  'requests list': list,
  'requests show': show,
  'requests approve': decideCommand('approve'),
  'requests deny': decideCommand('deny'),
};
