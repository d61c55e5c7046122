/**
 * Counters of the mail a public request may cause, one item per subject and window:
 *   `MAILCAP#RCPT#<sha256(address)>` / `<date>`   — mail to one requester address, per UTC day
 *   `MAILCAP#IP#<sha256(source ip)>` / `<date>`   — requests from one client address, per UTC day
 *   `MAILCAP#APPROVER#<sha256(address)>` / `<date>T<hour>` — review emails to one approver, per UTC hour
 * The subject is hashed: the counters never hold an address. Each item carries the table's `ttl`
 * (two days after its day), so AWS deletes it; locally the day in the key starts a fresh count.
 */
import { createHash } from 'node:crypto';
import { keyPart, type Key } from './keys.js';

import type { MailCapSubject } from '../../application/mail-caps.js';

export type { MailCapSubject };

const subjectPrefix: Record<MailCapSubject, string> = { recipient: 'RCPT', 'source-ip': 'IP', approver: 'APPROVER' };

export const subjectHash = (value: string): string =>
  createHash('sha256').update(value.trim().toLowerCase(), 'utf8').digest('hex').slice(0, 40);

export const mailCapKey = (subject: MailCapSubject, value: string, date: string): Key => ({
  pk: `MAILCAP#${subjectPrefix[subject]}#${subjectHash(value)}`,
  sk: keyPart(date, 'date'),
});

/** Seconds since the epoch two days after the day of `window` (YYYY-MM-DD, or YYYY-MM-DDTHH) ends. */
export const mailCapTtl = (window: string): number => Math.floor(Date.parse(`${window.slice(0, 10)}T00:00:00Z`) / 1000) + 3 * 86_400;
