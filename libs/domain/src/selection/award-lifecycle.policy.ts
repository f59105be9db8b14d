import type { AwardStatus } from './selection.entity';

/**
 * Who may end an award before it runs its course, and from which status (DOMAIN.md:
 * `SELECTED | CONTRACTED → CANCELLED`: declined, missed deadline, sanction). Ending it always
 * does the same to the money and the waitlist: the reservation is released and the next in
 * line is promoted.
 *
 * - OFFICER: an officer's cancellation, or the worker's agreement deadline sweep: while the
 *   award is SELECTED or CONTRACTED.
 * - SANCTION: the supplier's designation was cancelled: also a DELIVERED award, as long as
 *   nothing was paid (paid awards wait for the officer's clawback).
 * - APPLICANT: the company declines its own award, only before the three-party agreement is
 *   concluded (SELECTED, whoever has signed so far); after that it is an officer's matter.
 */
export type AwardEndedBy = 'OFFICER' | 'SANCTION' | 'APPLICANT';

export function canEndAward(status: AwardStatus, by: AwardEndedBy, paidKrw: number): boolean {
  switch (by) {
    case 'APPLICANT':
      return status === 'SELECTED';
    case 'SANCTION':
      return paidKrw === 0
        ? ['SELECTED', 'CONTRACTED', 'DELIVERED'].includes(status)
        : ['SELECTED', 'CONTRACTED'].includes(status);
    case 'OFFICER':
      return ['SELECTED', 'CONTRACTED'].includes(status);
  }
}

/** Why an award can't be ended by `by`, for the 409 the caller gets. */
export function endRefusal(status: AwardStatus, by: AwardEndedBy): string {
  if (by === 'APPLICANT') {
    return status === 'CANCELLED'
      ? 'The award is already cancelled (declined, withdrawn or cancelled by the operator)'
      : `Only a SELECTED award can be declined, before the agreement is concluded; this one is ${status}`;
  }
  return `Only a SELECTED or CONTRACTED award can be cancelled; this one is ${status}`;
}

/** The cancel reason an award keeps, saying who ended it when it was not staff. */
export function cancelReasonOf(by: AwardEndedBy, reason: string): string {
  return by === 'APPLICANT' ? `declined by the applicant: ${reason}` : reason;
}
