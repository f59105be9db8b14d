import type { ApplicationStatus } from '../application/application-lifecycle.policy';
import type { EligibilityFailure } from '../application/eligibility.policy';

/**
 * Applications of a program that a committed selection did not decide on, though they were
 * still in the running: submitted and waiting for their supplier's confirmation, eligible or
 * under review and never scored, or scored but flagged (their supplier lost its designation)
 * and so left out of the candidates. When the selection is committed the round is over for
 * them: they end with a reason and their company is told, instead of waiting forever.
 */
export const LEFT_OUT_AT_SELECTION: readonly ApplicationStatus[] = [
  'SUBMITTED',
  'ELIGIBLE',
  'UNDER_REVIEW',
  'SCORED',
];

/** How an application left out of a committed selection ends, and why. */
export type LeftOutOutcome =
  | { status: 'REJECTED'; reason: string }
  /** Never assessed: it ends as a confirmation after the window would (WINDOW_CLOSED). */
  | { status: 'INELIGIBLE'; reason: string; failure: EligibilityFailure };

export function leftOutOutcome(
  status: ApplicationStatus,
  flagged: boolean,
  flagReason: string | null,
): LeftOutOutcome {
  if (status === 'SUBMITTED') {
    // Not REJECTED: a never-assessed submission does not hold the company's one place (the
    // company may hold another, eligible application), and INELIGIBLE is where a supplier's
    // confirmation after the window would have put it.
    const reason =
      'not assessed: the supplier did not confirm the pre-agreement before the selection';
    return { status: 'INELIGIBLE', reason, failure: { code: 'WINDOW_CLOSED', reason } };
  }
  if (flagged) {
    return {
      status: 'REJECTED',
      reason: `excluded from the selection: ${flagReason ?? 'flagged by the operator'}`,
    };
  }
  return {
    status: 'REJECTED',
    reason: 'not evaluated: its evaluation was not completed when the selection was made',
  };
}
