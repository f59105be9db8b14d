import type { ApplicationStatus } from '../application/application-lifecycle.policy';

/**
 * Applications of a program that a committed selection did not decide on, though they were
 * still in the running: submitted and waiting for their supplier's confirmation, eligible or
 * under review and never scored, or scored but flagged (their supplier lost its designation)
 * and so left out of the candidates. When the selection is committed the round is over for
 * them: they end REJECTED with a reason and their company is told, instead of waiting forever.
 */
export const LEFT_OUT_AT_SELECTION: readonly ApplicationStatus[] = [
  'SUBMITTED',
  'ELIGIBLE',
  'UNDER_REVIEW',
  'SCORED',
];

/** Why an application left out of a committed selection was not selected. */
export function leftOutReason(
  status: ApplicationStatus,
  flagged: boolean,
  flagReason: string | null,
): string {
  if (flagged) return `excluded from the selection: ${flagReason ?? 'flagged by the operator'}`;
  if (status === 'SUBMITTED') {
    return 'not assessed: the supplier did not confirm the pre-agreement before the selection';
  }
  return 'not evaluated: its evaluation was not completed when the selection was made';
}
