/**
 * What fee an approver may set instead of the quote (a counter-offer), purely. A fee changes what
 * the publication earns, so it is bounded by the rate card and an unusual one must be confirmed:
 * - never below the card's minimum fee for the use, never above ten times its highest tier fee;
 * - a fee of 0, under half the quote or over three times it needs an explicit confirmation
 *   (`confirmFee`): one mistyped digit must not license for free or scare a requester off;
 * - a DEEP cut (under half the quote, or 0) costs the publication real money, so an emailed link
 *   (or a reply) is not enough for it: possession of the email is one factor, and an email can leak
 *   (forwarded, or quoted in a reply). It needs the second factor of staff sign-in — the `desk`
 *   CLI, which runs with the operator's own AWS credentials. From a link an approver may approve at
 *   the quote, deny, ask more, or cut the fee by up to half.
 */
import { formatMoney } from './money.js';
import type { Quote } from './policy.js';
import type { UseTerms } from './terms.js';

export type DecisionChannel = 'link' | 'staff';

export interface FeeProblem { path: 'fee' | 'confirmFee'; message: string }

export const CEILING_TIMES_HIGHEST_TIER = 10;

export function counterFeeProblems(input: {
  fee: number; quote: Quote; terms: UseTerms | undefined; channel: DecisionChannel; confirmed: boolean;
}): FeeProblem[] {
  const { fee, quote, terms, channel, confirmed } = input;
  const money = (minor: number) => formatMoney(minor, quote.currency);
  const floor = terms?.fees.minimum ?? 0;
  const highest = Math.max(quote.minorUnits, ...(terms?.fees.tiers.map((t) => t.amount) ?? []));
  const ceiling = CEILING_TIMES_HIGHEST_TIER * Math.max(highest, 100);
  if (fee < floor) return [{ path: 'fee', message: `at least ${money(floor)}, the rate card's minimum fee for this use` }];
  if (fee > ceiling) return [{ path: 'fee', message: `at most ${money(ceiling)} (ten times the rate card's highest fee for this use)` }];
  const deepCut = fee === 0 || fee * 2 < quote.minorUnits;
  if (deepCut && channel === 'link') {
    return [{ path: 'fee', message: `a fee under half the quote (${money(quote.minorUnits)}) needs staff sign-in (desk requests approve --fee); from this page you can cut the fee by up to half, ask more, approve at the quote or deny` }];
  }
  const unusual = deepCut || fee > quote.minorUnits * 3;
  if (unusual && !confirmed) {
    return [{ path: 'confirmFee', message: `${money(fee)} against a quote of ${money(quote.minorUnits)} is unusual: confirm this fee to send the offer` }];
  }
  return [];
}
