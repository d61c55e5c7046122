/**
 * The one idempotent dispatcher. Mail a transition causes is written into the request item by the
 * same conditional write as the transition (the outbox); this delivers it:
 *   1. claim every due message of the item in one versioned write (state `sending`, a lease), so a
 *      second dispatcher — a stream retry, the poller — skips it;
 *   2. render each (outbox-render.ts: the intent, the record, the article, the tokens the claim
 *      minted — raw only in memory, their hashes written by the claim) and send it through the mailer;
 *   3. record the outcome in one versioned write (re-reading on conflict): a sent message keeps its
 *      tokens' hashes; a failed one drops them (its links never reached anyone); failures back off exponentially and, past
 *      MAX_ATTEMPTS, are parked in the `outbox` index under PARKED for an operator to replay.
 * A crash after sending and before step 3 means the lease runs out and the mail is sent again:
 * at-least-once, never lost. Review emails beyond an approver's hourly allowance are held instead of
 * sent, and the sweep delivers them as one digest per approver (application/approver-digest.ts).
 */
import type { Repository } from './ports.js';
import type { Mailer } from './ports.js';
import type { OutboxMessage, RequestRecord } from '../domain/request-record.js';
import { mintFor, render, standIn, withoutHashes, type MintedTokens, type RenderContext } from './outbox-render.js';
import { countsTowardsAllowance, digestMail, windowEnd, type ApproverAllowance } from './approver-digest.js';
import { log } from './observability.js';
import { webhookPayload } from '../domain/webhooks.js';
import { sealContext, type SecretBox, type WebhookSender } from './webhooks.js';
import { applyStatsClaim, forgetStatsClaim, withStatsClaim, withStatsRecorded, type StatsClaim } from './request-stats.js';

export const MAX_ATTEMPTS = 16;
export const LEASE_MS = 60_000;
export const backoffMs = (attempts: number) => Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 15 * 60_000);

export interface DispatchDeps {
  repo: Repository;
  mailer: Mailer;
  from: string;
  /** Where links point and whether approvers may decide by reply: for rendering at delivery. */
  render: RenderContext;
  /** Without it every review email goes out at once (no allowance). */
  approvers?: { allowance: ApproverAllowance; perHour: number };
  /** Webhook intents (channel `webhook`): signed and POSTed at delivery. Without it they wait (retried). */
  webhooks?: { sender: WebhookSender; box: SecretBox; /** The signature's timestamp: the wall clock at the attempt (receivers reject stale ones). */ clock?: () => Date };
}
export interface DispatchReport { sent: number; retried: number; parked: number }

const isDue = (m: OutboxMessage, now: Date) =>
  (m.state === 'pending' && m.nextAttemptAt <= now.toISOString()) ||
  (m.state === 'sending' && (m.leaseUntil ?? '') <= now.toISOString());

function withOutbox(item: RequestRecord, outbox: Record<string, OutboxMessage>, now: Date): RequestRecord {
  return { ...item, outbox, updatedAt: now.toISOString() };
}

/** Held digest messages go out only in a digest, never one by one. */
const dueAlone = (m: OutboxMessage, now: Date) => isDue(m, now) && !m.digest;

type Claimed = { item: RequestRecord; ids: string[]; tokens: Map<string, MintedTokens>; stats?: StatsClaim };

/**
 * Claims the selected messages in one versioned write: state `sending`, a lease, one more attempt —
 * and, for each, the tokens its links need, minted now with only their hashes written (outbox-render.ts
 * mintFor). Hashes a crashed earlier attempt minted (`minted` still set: its lease ran out) are dropped.
 */
async function claim(repo: Repository, requestId: string, now: Date, select: (m: OutboxMessage) => boolean = (m) => dueAlone(m, now), opts: { stats?: boolean } = {}): Promise<Claimed | undefined> {
  let ids: string[] = [];
  let tokens = new Map<string, MintedTokens>();
  let stats: StatsClaim | undefined;
  const updated = await repo.update(requestId, (current) => {
    ids = Object.values(current.outbox ?? {}).filter(select).map((m) => m.id);
    tokens = new Map();
    stats = undefined;
    if (!ids.length) return undefined;
    const leaseUntil = new Date(now.getTime() + LEASE_MS).toISOString();
    let item = current;
    const outbox = { ...item.outbox };
    for (const id of ids) {
      const m = outbox[id]!;
      item = withoutHashes(item, m.minted);
      const minted = mintFor(item, m, now);
      item = minted.record;
      tokens.set(id, minted.tokens);
      const { minted: _old, ...rest } = m;
      outbox[id] = { ...rest, state: 'sending', leaseUntil, attempts: m.attempts + 1, ...(minted.hashes.length ? { minted: minted.hashes } : {}) };
    }
    // The counters' claim rides on the same write (application/request-stats.ts): no write of its own.
    const counters = opts.stats ? withStatsClaim(item, now) : 'current';
    if (typeof counters === 'object') { item = counters.item; stats = counters.claimed; }
    return withOutbox(item, outbox, now);
  });
  return updated?.changed ? { item: updated.record, ids, tokens, ...(stats ? { stats } : {}) } : undefined;
}

type Result =
  | { ok: true; messageId?: string; httpStatus?: number }
  | { ok: false; error: string; permanent?: boolean; httpStatus?: number }
  | { ok: 'held'; until: Date }
  | { ok: 'cancelled'; why: string };
type Outcome = Result & { id: string };

async function record(repo: Repository, requestId: string, outcomes: Outcome[], now: Date, stats?: StatsClaim): Promise<DispatchReport> {
  const report: DispatchReport = { sent: 0, retried: 0, parked: 0 };
  let countersRecorded = false;
  await repo.update(requestId, (current) => {
    // The counters' operation, applied, is recorded by the same write (unless the claim is no longer this one's).
    const recorded = stats ? withStatsRecorded(current, stats) : undefined;
    countersRecorded = Boolean(recorded);
    let item = recorded ?? current;
    const outbox = { ...item.outbox };
    Object.assign(report, { sent: 0, retried: 0, parked: 0 });
    for (const o of outcomes) {
      const found = outbox[o.id];
      if (!found || found.state !== 'sending') continue;
      // The tokens minted for this attempt stay valid only if the mail went out.
      if (o.ok !== true) item = withoutHashes(item, found.minted);
      const { minted: _m, ...m } = found;
      if (o.ok === 'held') {
        // Not an attempt: back to pending, due with the digest at the end of the window.
        const { leaseUntil: _l, ...kept } = m;
        outbox[o.id] = { ...kept, state: 'pending', digest: true, attempts: Math.max(0, m.attempts - 1), nextAttemptAt: o.until.toISOString() };
      } else if (o.ok === 'cancelled') {
        const { leaseUntil: _l, ...kept } = m;
        outbox[o.id] = { ...kept, state: 'cancelled', lastError: o.why };
      } else if (o.ok) {
        // Legacy bodies and Reply-To may carry a one-time token (a link, a reply address): gone once SES has the mail.
        // A webhook keeps its subject (the event type, for listings).
        const { text: _t, html: _h, replyTo: _r, subject, leaseUntil: _l, ...kept } = m;
        outbox[o.id] = {
          ...kept, ...(m.channel === 'webhook' && subject ? { subject } : {}), state: 'sent', sentAt: now.toISOString(),
          ...(o.messageId ? { sesMessageId: o.messageId } : {}), ...(o.httpStatus ? { httpStatus: o.httpStatus } : {}),
        };
        report.sent++;
      } else if (m.attempts >= MAX_ATTEMPTS || o.permanent) {
        const { leaseUntil: _l, ...kept } = m;
        outbox[o.id] = { ...kept, state: 'parked', lastError: o.error, ...(o.httpStatus ? { httpStatus: o.httpStatus } : {}) };
        report.parked++;
      } else {
        const { leaseUntil: _l, ...kept } = m;
        outbox[o.id] = { ...kept, state: 'pending', lastError: o.error, ...(o.httpStatus ? { httpStatus: o.httpStatus } : {}), nextAttemptAt: new Date(now.getTime() + backoffMs(m.attempts)).toISOString() };
        report.retried++;
      }
    }
    return withOutbox(item, outbox, now);
  });
  if (stats && countersRecorded) await forgetStatsClaim(repo, requestId, stats);
  return report;
}

/** An error message may echo a parameter (a reply address holds a token): token-shaped runs are cut out before it is stored. */
const withoutTokens = (s: string) => s.replace(/[A-Za-z0-9_-]{40,}/g, '[…]');

/** The article a message is about, as it is now; a stand-in built from the record when it is gone. */
async function articleFor(repo: Repository, item: RequestRecord) {
  return (await repo.getArticle(item.articleId))?.article ?? standIn(item);
}

/**
 * Delivers whatever is due in one request item, and brings the desk's counters up to date with it
 * on the way (their claim and record ride on the mail's two writes). Safe to call any number of
 * times. `claimed`: whether it wrote a claim (if not, nothing was due and the counters were not looked at).
 */
export async function deliverRequestMail(deps: DispatchDeps, requestId: string, now: Date): Promise<DispatchReport & { claimed: boolean }> {
  const claimed = await claim(deps.repo, requestId, now, undefined, { stats: true });
  if (!claimed) return { sent: 0, retried: 0, parked: 0, claimed: false };
  // The counters' ADDs before any mail goes out; should they fail, the mail still goes and the
  // counters' claim stays unrecorded, to be resumed by the sweep once its lease runs out.
  let stats = claimed.stats;
  if (stats) {
    try {
      await applyStatsClaim(deps.repo, requestId, stats);
    } catch (e) {
      log.warn('counters not applied with the mail: left to the sweep', { requestId, error: (e as Error)?.name ?? 'unknown' });
      stats = undefined;
    }
  }
  const article = await articleFor(deps.repo, claimed.item);
  const outcomes: Outcome[] = [];
  for (const id of claimed.ids) {
    const m = claimed.item.outbox[id]!;
    if (m.channel === 'webhook') {
      outcomes.push({ ...(await deliverWebhook(deps, claimed.item, m)), id });
      continue;
    }
    if (deps.approvers && countsTowardsAllowance(m) && !(await deps.approvers.allowance(m.to[0]!, now))) {
      outcomes.push({ id, ok: 'held', until: windowEnd(now) });
      continue;
    }
    try {
      const mail = render(deps.render, claimed.item, article, m, claimed.tokens.get(id) ?? {});
      const { messageId } = await deps.mailer.send({ from: deps.from, to: m.to, replyTo: mail.replyTo, subject: mail.subject, text: mail.text, html: mail.html });
      outcomes.push({ id, ok: true, messageId });
    } catch (e) {
      // A mail that can never be encoded is parked at once (an operator sees it); retrying cannot help.
      outcomes.push({ id, ok: false, error: withoutTokens(`${(e as Error).name}: ${(e as Error).message}`).slice(0, 500), permanent: (e as Error).name === 'UnsendableMail' });
    }
  }
  return { ...(await record(deps.repo, requestId, outcomes, now, stats)), claimed: true };
}

/**
 * One webhook intent: the endpoint as the item holds it now (removed → cancelled), its secret
 * unsealed, the payload built from the intent and signed (Standard Webhooks), POSTed to an address
 * checked just before (adapters/webhook-delivery.ts). A 2xx is delivered; any other status, a
 * timeout or a network error is retried with the mail's back-off and parked after MAX_ATTEMPTS; an
 * address that is not public parks it at once (an operator looks, then replays).
 */
async function deliverWebhook(deps: DispatchDeps, item: RequestRecord, m: OutboxMessage): Promise<Result> {
  const intent = m.webhook;
  if (!intent) return { ok: false, error: 'webhook entry without its intent', permanent: true };
  const endpoint = item.webhooks?.[intent.endpointId];
  if (!endpoint) return { ok: 'cancelled', why: 'the endpoint was removed before delivery' };
  if (!deps.webhooks) return { ok: false, error: 'webhook delivery is not configured in this dispatcher' };
  try {
    const secret = await deps.webhooks.box.open(endpoint.sealedSecret, sealContext(item.license?.licenseId ?? '', endpoint.endpointId));
    const { status } = await deps.webhooks.sender.post({ url: endpoint.url, secret, id: intent.eventId, timestamp: (deps.webhooks.clock ?? (() => new Date()))(), body: webhookPayload(intent) });
    if (status >= 200 && status < 300) return { ok: true, httpStatus: status };
    return { ok: false, error: `the endpoint answered HTTP ${status}`, httpStatus: status };
  } catch (e) {
    const name = (e as Error).name;
    return { ok: false, error: withoutTokens(`${name}: ${(e as Error).message}`).slice(0, 500), permanent: name === 'UnsafeEndpoint' };
  }
}

/**
 * Sweeps the sparse outbox index for everything due (the local poller; in AWS, the scheduled retry
 * sweep): at most `limit` items, page by page with ExclusiveStartKey, so an item listed with nothing
 * left to send (another dispatcher got there first) never hides the ones behind it. Logged.
 */
export async function dispatchDue(deps: DispatchDeps, now: Date, limit = 50): Promise<DispatchReport> {
  const total: DispatchReport = { sent: 0, retried: 0, parked: 0 };
  let seen = 0;
  let skipped = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.repo.listOutboxDue(now, Math.min(limit - seen, 50), cursor);
    // Held review emails first: one digest per approver over this page's items.
    const digests = await deliverDigests(deps, page.items, now);
    total.sent += digests.sent; total.retried += digests.retried; total.parked += digests.parked;
    for (const item of page.items) {
      const r = await deliverRequestMail(deps, item.requestId, now);
      if (!r.sent && !r.retried && !r.parked) skipped++;
      total.sent += r.sent; total.retried += r.retried; total.parked += r.parked;
    }
    seen += page.items.length;
    cursor = page.cursor;
  } while (cursor && seen < limit);
  if (skipped) log.info('outbox: listed with nothing due, passed over', { count: skipped });
  return total;
}

/** Held review emails that are due, one digest per approver: claim each item's share, send once, record each. */
async function deliverDigests(deps: DispatchDeps, items: readonly RequestRecord[], now: Date): Promise<DispatchReport> {
  const report: DispatchReport = { sent: 0, retried: 0, parked: 0 };
  const byApprover = new Map<string, Set<string>>();
  for (const item of items) {
    for (const m of Object.values(item.outbox ?? {})) {
      if (m.digest && isDue(m, now)) byApprover.set(m.to[0]!, (byApprover.get(m.to[0]!) ?? new Set()).add(item.requestId));
    }
  }
  for (const [approver, requestIds] of byApprover) {
    const claimed: { requestId: string; ids: string[]; messages: { createdAt: string; subject: string; text: string }[] }[] = [];
    let outcome: { ok: true; messageId: string } | { ok: false; error: string };
    try {
      for (const requestId of requestIds) {
        const c = await claim(deps.repo, requestId, now, (m) => Boolean(m.digest) && isDue(m, now) && m.to[0] === approver);
        if (!c) continue;
        const article = await articleFor(deps.repo, c.item);
        claimed.push({
          requestId, ids: c.ids,
          messages: c.ids.map((id) => {
            const m = c.item.outbox[id]!;
            const mail = render(deps.render, c.item, article, m, c.tokens.get(id) ?? {});
            return { createdAt: m.createdAt, subject: mail.subject, text: mail.text };
          }),
        });
      }
      if (!claimed.length) continue;
      const digest = digestMail(approver, claimed.flatMap((c) => c.messages), deps.approvers?.perHour ?? 0);
      outcome = { ok: true, ...(await deps.mailer.send({ from: deps.from, ...digest })) };
    } catch (e) {
      outcome = { ok: false, error: withoutTokens(`${(e as Error).name}: ${(e as Error).message}`).slice(0, 500) };
    }
    for (const c of claimed) {
      const r = await record(deps.repo, c.requestId, c.ids.map((id) => ({ id, ...outcome })), now);
      report.sent += r.sent; report.retried += r.retried; report.parked += r.parked;
    }
  }
  return report;
}

/**
 * Operator replay: parked messages go back to pending, attempts reset. The number put back (0: none
 * was parked); a write conflict that outlasts the retries is thrown (WriteConflict), never taken for "none".
 */
export async function replayParked(repo: Repository, requestId: string, now: Date): Promise<number> {
  let count = 0;
  await repo.update(requestId, (item) => {
    const parked = Object.values(item.outbox).filter((m) => m.state === 'parked');
    count = parked.length;
    if (!parked.length) return undefined;
    const outbox = { ...item.outbox };
    for (const m of parked) outbox[m.id] = { ...m, state: 'pending', attempts: 0, nextAttemptAt: now.toISOString() };
    return withOutbox(item, outbox, now);
  });
  return count;
}
