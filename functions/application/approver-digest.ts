/**
 * Approvers are never flooded. Every pending request mails each approver a review link; a burst of
 * requests (a busy morning, or someone scripting the public form) would bury them. So:
 *   1. before the dispatcher sends an approver's review email, it takes one from that approver's
 *      allowance for the current UTC hour (a counter in the table, like the mail caps);
 *   2. beyond the allowance the email is not sent but held in its item's outbox (`digest`), due at
 *      the end of the hour — nothing is dropped, and each held email keeps its own review link;
 *   3. at the end of the hour the sweep sends each approver ONE digest holding every held email's
 *      text (with its link), and marks them delivered.
 */
import type { OutboxMessage } from '../domain/request-record.js';
import type { MailCapCounters } from './mail-caps.js';

export const DIGEST_WINDOW_MS = 3_600_000;

const windowStart = (now: Date) => Math.floor(now.getTime() / DIGEST_WINDOW_MS) * DIGEST_WINDOW_MS;
/** The counter's key for the window `now` falls in: `YYYY-MM-DDTHH` (UTC). */
export const windowKey = (now: Date) => new Date(windowStart(now)).toISOString().slice(0, 13);
export const windowEnd = (now: Date) => new Date(windowStart(now) + DIGEST_WINDOW_MS);

/** Decides, per review email about to be sent, whether it goes now or waits for the digest. */
export type ApproverAllowance = (approver: string, now: Date) => Promise<boolean>;

export function approverAllowance(counters: MailCapCounters, perHour: number): ApproverAllowance {
  return (approver, now) => counters.take('approver', approver, windowKey(now), perHour);
}

/**
 * Whether sending this outbox message takes from the allowance: a review email on its first attempt
 * (its claim counted the attempt already). A retry after an SES failure was counted the first time.
 */
export const countsTowardsAllowance = (m: OutboxMessage) => m.kind === 'approver-review' && !m.digest && m.attempts <= 1;

/** One email for an approver, holding the held review emails (oldest first), each with its own link. */
export function digestMail(approver: string, held: readonly { createdAt: string; subject: string; text: string }[], perHour: number): { to: string[]; subject: string; text: string } {
  const sorted = [...held].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const n = sorted.length;
  const parts = sorted.map((m, i) => `— ${i + 1} of ${n} —\n${m.subject}\n\n${m.text.trim()}`);
  return {
    to: [approver],
    subject: n === 1 ? '1 reprint request awaits your decision' : `${n} reprint requests await your decision`,
    text: [
      `${n === 1 ? 'One more request' : `${n} more requests`} came in for you to decide. So that your inbox is not flooded, you get at most ${perHour} review emails an hour; the rest come together here, each with its own review link.`,
      'Replying to this digest decides nothing: open each request\'s link.',
      ...parts,
    ].join('\n\n'),
  };
}
