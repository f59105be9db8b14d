/** The application lifecycle of DOMAIN.md; the later modules move it past SCORED. */
export const APPLICATION_STATUSES = [
  'DRAFT',
  'SUBMITTED',
  'ELIGIBLE',
  'INELIGIBLE',
  'UNDER_REVIEW',
  'SCORED',
  'SELECTED',
  'WAITLISTED',
  'REJECTED',
  'CONTRACTED',
  'DELIVERED',
  'SETTLED',
  'CANCELLED',
  'WITHDRAWN',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/**
 * Withdrawal is possible in any state before selection, and from the waitlist (a waiting
 * application holds no money; leaving moves everyone behind it up). A SELECTED award is
 * declined instead (AwardService.decline): that releases its reservation.
 */
const WITHDRAWABLE: readonly ApplicationStatus[] = [
  'DRAFT',
  'SUBMITTED',
  'ELIGIBLE',
  'INELIGIBLE',
  'UNDER_REVIEW',
  'SCORED',
  'WAITLISTED',
];

export const canWithdraw = (status: ApplicationStatus): boolean => WITHDRAWABLE.includes(status);

/**
 * Whether an application may have evaluators' score sheets (or, later, an award): leaving then
 * touches them, so a withdrawal takes the program lock first, in the order evaluation and
 * awards lock (program, then application, then sheets and awards).
 */
export const mayHaveEvaluation = (status: ApplicationStatus): boolean =>
  !['DRAFT', 'SUBMITTED', 'INELIGIBLE', 'WITHDRAWN'].includes(status);
export const isEditable = (status: ApplicationStatus): boolean => status === 'DRAFT';
export const canSubmit = (status: ApplicationStatus): boolean => status === 'DRAFT';

/** The supplier may confirm the pre-agreement before or after submission, once. */
export const canConfirm = (status: ApplicationStatus, confirmed: boolean): boolean =>
  !confirmed && (status === 'DRAFT' || status === 'SUBMITTED');

/**
 * Applications that occupy the company's one place in a program: those that passed (or are
 * past) the eligibility check. A submission still waiting for its supplier's confirmation does
 * not, so the first application to pass the check keeps the place.
 */
export const OCCUPYING: readonly ApplicationStatus[] = APPLICATION_STATUSES.filter(
  (s) => s !== 'DRAFT' && s !== 'WITHDRAWN' && s !== 'INELIGIBLE' && s !== 'SUBMITTED',
);
