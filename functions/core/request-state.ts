/**
 * The request state machine. Intake decides the first state; every later transition is one
 * conditional write guarded by `from`, so two people can never both move the same request.
 *
 *   (intake) ──► licensed | pending | rejected
 *   pending  ──► licensed (approved at the quoted fee) | offered (approved at another fee)
 *             │  denied | withdrawn (by the requester) | expired (nobody decided)
 *   offered  ──► licensed (requester accepts) | declined | expired
 *   rejected ──► pending (the requester asks the rights staff for an exception, reasons attached)
 */
export const requestStatuses = ['pending', 'licensed', 'rejected', 'offered', 'denied', 'withdrawn', 'declined', 'expired'] as const;
export type RequestStatus = (typeof requestStatuses)[number];

export type Transition =
  | 'approve' | 'counter-offer' | 'deny' | 'withdraw' | 'expire' | 'accept-offer' | 'decline-offer' | 'ask-exception';

export const transitions: Record<Transition, { from: readonly RequestStatus[]; to: RequestStatus }> = {
  approve: { from: ['pending'], to: 'licensed' },
  'counter-offer': { from: ['pending'], to: 'offered' },
  deny: { from: ['pending'], to: 'denied' },
  withdraw: { from: ['pending', 'offered'], to: 'withdrawn' },
  expire: { from: ['pending', 'offered'], to: 'expired' },
  'accept-offer': { from: ['offered'], to: 'licensed' },
  'decline-offer': { from: ['offered'], to: 'declined' },
  'ask-exception': { from: ['rejected'], to: 'pending' },
};

export const isFinal = (s: RequestStatus) => !['pending', 'offered'].includes(s);

export function canApply(t: Transition, from: RequestStatus): boolean {
  return transitions[t].from.includes(from);
}

export type LicenseStatus = 'active' | 'revoked' | 'expired';
