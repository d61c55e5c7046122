/**
 * The request state machine. Intake decides the first state; every later transition is one
 * conditional write guarded by `from`, so two people can never both move the same request.
 *
 *   (intake) ──► licensed | pending | rejected
 *   pending  ──► licensed (approved at the quoted fee) | offered (approved at another fee)
 *             │  denied | withdrawn (by the requester) | expired (nobody decided)
 *   offered  ──► licensed (requester accepts) | declined | expired
 *   awaiting-payment (a card-paid use, licensed at once once paid)
 *            ──► licensed (Stripe reports the Checkout Session paid) | expired (the session lapsed) | withdrawn
 *   rejected ──► pending (the requester asks the rights staff for an exception, reasons attached)
 */
export const requestStatuses = ['pending', 'licensed', 'rejected', 'offered', 'denied', 'withdrawn', 'declined', 'expired', 'awaiting-payment'] as const;
export type RequestStatus = (typeof requestStatuses)[number];

export type Transition =
  | 'approve' | 'counter-offer' | 'deny' | 'withdraw' | 'expire' | 'accept-offer' | 'decline-offer' | 'ask-exception' | 'card-paid' | 'payment-lapsed';

export const transitions: Record<Transition, { from: readonly RequestStatus[]; to: RequestStatus }> = {
  approve: { from: ['pending'], to: 'licensed' },
  'counter-offer': { from: ['pending'], to: 'offered' },
  deny: { from: ['pending'], to: 'denied' },
  withdraw: { from: ['pending', 'offered', 'awaiting-payment'], to: 'withdrawn' },
  expire: { from: ['pending', 'offered'], to: 'expired' },
  'accept-offer': { from: ['offered'], to: 'licensed' },
  'decline-offer': { from: ['offered'], to: 'declined' },
  'card-paid': { from: ['awaiting-payment'], to: 'licensed' },
  'payment-lapsed': { from: ['awaiting-payment'], to: 'expired' },
  'ask-exception': { from: ['rejected'], to: 'pending' },
};

export function canApply(t: Transition, from: RequestStatus): boolean {
  return transitions[t].from.includes(from);
}

/** `suspended`: its invoice is unpaid past the grace period; paying it makes the license active again. */
export type LicenseStatus = 'active' | 'revoked' | 'expired' | 'suspended';
