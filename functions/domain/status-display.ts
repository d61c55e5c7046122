/**
 * What a request is, as a person should read it — the one table of states. The stored status of a
 * request (request-state.ts) says where it is in the state machine; a licensed request can since
 * have been revoked, have ended, or its article been withdrawn, and a person must read that, not
 * "Licensed". Every surface — the status page and its history, the emails, the staff view and the
 * CLI — takes its label, colour and sentence from here, so no two of them can disagree.
 *
 * Pure: plain data in, words out.
 */
import type { LicenseStatus, RequestStatus } from './request-state.js';

export const displayStates = [
  'licensed', 'pending', 'countered', 'rejected', 'denied', 'withdrawn', 'declined', 'expired', 'revoked', 'ended', 'article-withdrawn',
  'awaiting-payment', 'suspended',
] as const;
export type DisplayState = (typeof displayStates)[number];

/** The colour of a state: green for a good outcome, amber while waiting, red for a no, grey when closed. */
export type Tone = 'ok' | 'warn' | 'bad' | 'neutral';

export interface StateWords {
  label: string;
  tone: Tone;
  /** One sentence, true for the requester and the staff alike. */
  sentence: string;
}

export const stateTable: Readonly<Record<DisplayState, StateWords>> = {
  licensed: { label: 'Licensed', tone: 'ok', sentence: 'The license is active: the article may be published as licensed, with its attribution line.' },
  pending: { label: 'Waiting for a decision', tone: 'warn', sentence: "The publication's rights staff have the request; the requester is emailed when they decide." },
  countered: { label: 'Counter-offer', tone: 'warn', sentence: 'The rights staff offered the license at a different fee; it is issued if the requester accepts.' },
  rejected: { label: 'Cannot be licensed', tone: 'bad', sentence: "The publication's terms do not allow this use as requested." },
  denied: { label: 'Denied', tone: 'bad', sentence: 'The publication decided not to grant this license.' },
  withdrawn: { label: 'Withdrawn', tone: 'neutral', sentence: 'The requester withdrew the request; nothing will be licensed.' },
  declined: { label: 'Offer declined', tone: 'neutral', sentence: 'The requester declined the counter-offer; nothing will be licensed.' },
  expired: { label: 'Expired', tone: 'neutral', sentence: 'Nobody decided in time, so the request expired; a new request is welcome.' },
  revoked: { label: 'Revoked', tone: 'bad', sentence: 'The publication revoked the license: the article must be removed wherever it was published.' },
  ended: { label: 'Ended', tone: 'neutral', sentence: 'The license reached its end date; renew it to keep publishing the article.' },
  'article-withdrawn': { label: 'Article withdrawn', tone: 'bad', sentence: 'The publication withdrew the article: it must be removed wherever it was published.' },
  // A card-paid use granted at once: nothing is licensed until Stripe reports the payment.
  'awaiting-payment': { label: 'Waiting for card payment', tone: 'warn', sentence: 'The use is granted; the license is issued as soon as the card payment goes through.' },
  // Not ended: paying the overdue invoice makes the same license active again.
  suspended: { label: 'Suspended: invoice unpaid', tone: 'bad', sentence: 'The invoice is unpaid past its grace period, so the license is suspended and the article must not run until it is paid.' },
};

const fromStatus: Readonly<Record<RequestStatus, DisplayState>> = {
  licensed: 'licensed', pending: 'pending', offered: 'countered', rejected: 'rejected', denied: 'denied',
  withdrawn: 'withdrawn', declined: 'declined', expired: 'expired', 'awaiting-payment': 'awaiting-payment',
};

export interface StateInput {
  status: RequestStatus;
  license?: { status: LicenseStatus; validUntil: string } | undefined;
}

/**
 * The state a person reads for a request now. A license's own state wins over the request's
 * `licensed`: revoked, then ended (marked so, or past its last day), then a withdrawn article.
 */
export function displayStateOf(item: StateInput, opts: { now?: Date; articleWithdrawn?: boolean } = {}): DisplayState {
  const license = item.license;
  if (item.status === 'licensed' && license) {
    if (license.status === 'revoked') return 'revoked';
    if (license.status === 'suspended') return 'suspended';
    if (license.status === 'expired' || (opts.now && opts.now.toISOString().slice(0, 10) > license.validUntil)) return 'ended';
    if (opts.articleWithdrawn) return 'article-withdrawn';
  }
  return fromStatus[item.status] ?? 'pending';
}

/** What happened to a license without changing the request's status (kept in the history entry). */
export type LicenseEvent = 'license-revoked' | 'license-ended';

/** The state one history entry moved the request to. */
export function historyStateOf(entry: { to: RequestStatus; event?: LicenseEvent; note?: string }): DisplayState {
  if (entry.event === 'license-revoked') return 'revoked';
  if (entry.event === 'license-ended') return 'ended';
  // Entries written before `event` existed: the revocation was recorded only in its note.
  if (entry.note?.startsWith('License revoked')) return 'revoked';
  return fromStatus[entry.to] ?? 'pending';
}
