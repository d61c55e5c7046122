/**
 * Mail caps: how much mail anyone on the internet can make the desk send. A public request causes
 * mail to the address it names (acknowledgement, license or refusal), so without a cap anyone could
 * aim the publisher's SES account at a stranger's inbox — and the complaints that follow can get SES
 * sending paused for the whole account.
 *   1. take one from the day's allowance of the recipient address (a request over it writes nothing);
 *   2. take one from the day's allowance of the client address (shared offices sit behind one
 *      address, so its allowance is the larger one); if that is used up, give the first one back;
 *   3. either way, a request over a cap is refused before anything about it is stored; a request
 *      that fails after it was admitted (the payment provider refused, say) gives both back.
 * Counters are per UTC day; the refusal says when the next day starts (Retry-After).
 * A refused requester's plea for an exception (mail to every approver) counts against the client
 * address's allowance only: its recipients are the publication's own staff.
 */
/** What a mail cap counts: mail to one requester address, requests from one client address, review emails to one approver. */
export type MailCapSubject = 'recipient' | 'source-ip' | 'approver';
import { MailCapReached } from './errors.js';

export interface MailCapLimits {
  /** Requests (each causing mail to its requester) per recipient address and UTC day. */
  perRecipientPerDay: number;
  /** Requests per client address and UTC day. */
  perSourceIpPerDay: number;
}

/** The port: daily counters with a ceiling (DynamoDB in AWS and locally: functions/adapters/mail-cap-counters.ts). */
export interface MailCapCounters {
  /** Counts one for `value` on `date` unless the count already reached `limit`; false when it had. */
  take(subject: MailCapSubject, value: string, date: string, limit: number): Promise<boolean>;
  /** Un-counts one taken by `take` (a later cap refused the request after all). */
  giveBack(subject: MailCapSubject, value: string, date: string): Promise<void>;
}

export const secondsUntilNextUtcDay = (now: Date): number => {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return Math.max(1, Math.ceil((next - now.getTime()) / 1000));
};

/** Gives back what admitPublicMail took, when the request then failed and nothing was stored. */
export async function releasePublicMail(counters: MailCapCounters, who: { recipient: string; sourceIp: string }, now: Date): Promise<void> {
  const date = now.toISOString().slice(0, 10);
  await counters.giveBack('recipient', who.recipient, date);
  await counters.giveBack('source-ip', who.sourceIp, date);
}

export async function admitPublicMail(
  counters: MailCapCounters, limits: MailCapLimits, who: { recipient: string; sourceIp: string }, now: Date,
): Promise<void> {
  const date = now.toISOString().slice(0, 10);
  const refuse = (subject: 'recipient' | 'source-ip') => new MailCapReached(subject, secondsUntilNextUtcDay(now));
  if (!(await counters.take('recipient', who.recipient, date, limits.perRecipientPerDay))) throw refuse('recipient');
  if (!(await counters.take('source-ip', who.sourceIp, date, limits.perSourceIpPerDay))) {
    await counters.giveBack('recipient', who.recipient, date);
    throw refuse('source-ip');
  }
}

/** Counts one mail-causing action against the client address's day (429 when it is used up; nothing taken then). */
export async function admitSourceIpMail(counters: MailCapCounters, limits: MailCapLimits, sourceIp: string, now: Date): Promise<{ release: () => Promise<void> }> {
  const date = now.toISOString().slice(0, 10);
  if (!(await counters.take('source-ip', sourceIp, date, limits.perSourceIpPerDay))) throw new MailCapReached('source-ip', secondsUntilNextUtcDay(now));
  return { release: () => counters.giveBack('source-ip', sourceIp, date) };
}

/** Reads the limits from the function's environment values (positive whole numbers). */
export function mailCapLimits(env: { MAIL_CAP_PER_RECIPIENT_DAY: string; MAIL_CAP_PER_SOURCE_IP_DAY: string }): MailCapLimits {
  const positive = (name: string, raw: string) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number (got ${JSON.stringify(raw)})`);
    return n;
  };
  return {
    perRecipientPerDay: positive('MAIL_CAP_PER_RECIPIENT_DAY', env.MAIL_CAP_PER_RECIPIENT_DAY),
    perSourceIpPerDay: positive('MAIL_CAP_PER_SOURCE_IP_DAY', env.MAIL_CAP_PER_SOURCE_IP_DAY),
  };
}
