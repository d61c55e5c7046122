/**
 * Daily counters of the mail a public request may cause, one item per subject and UTC day:
 *   `MAILCAP#RCPT#<sha256(address)>` / `<date>`   — mail to one requester address
 *   `MAILCAP#IP#<sha256(source ip)>` / `<date>`   — requests from one client address
 * The subject is hashed: the counters never hold an address. Each item carries the table's `ttl`
 * (two days after its day), so AWS deletes it; locally the day in the key starts a fresh count.
 */
import { createHash } from 'node:crypto';
import { keyPart, type Key } from './keys.js';

export type MailCapSubject = 'recipient' | 'source-ip';

const subjectPrefix: Record<MailCapSubject, string> = { recipient: 'RCPT', 'source-ip': 'IP' };

export const subjectHash = (value: string): string =>
  createHash('sha256').update(value.trim().toLowerCase(), 'utf8').digest('hex').slice(0, 40);

export const mailCapKey = (subject: MailCapSubject, value: string, date: string): Key => ({
  pk: `MAILCAP#${subjectPrefix[subject]}#${subjectHash(value)}`,
  sk: keyPart(date, 'date'),
});

/** Seconds since the epoch two days after `date` (YYYY-MM-DD) ends. */
export const mailCapTtl = (date: string): number => Math.floor(Date.parse(`${date}T00:00:00Z`) / 1000) + 3 * 86_400;
