/**
 * How far an award has come, in the words an officer's list and the parties' panels use: the
 * state of the three-party agreement, of the delivery, and the money paid, clawed back and
 * kept. Pure: the services read the award and the ledger, these rules name what they found.
 */

export const AGREEMENT_STATES = [
  /** Waitlisted: no agreement to sign yet. */
  'NOT_STARTED',
  /** Selected, one or more of the three parties still to sign, deadline not passed. */
  'AWAITING_SIGNATURES',
  /** Selected, not fully signed, deadline passed (the worker's sweep will cancel it). */
  'OVERDUE',
  /** All three have signed. */
  'SIGNED',
  /** Cancelled before all three signed. */
  'VOID',
] as const;
export type AgreementState = (typeof AGREEMENT_STATES)[number];

export const DELIVERY_STATES = ['NOT_REPORTED', 'REPORTED', 'APPROVED'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export interface AwardProgress {
  status: string;
  agreementDueAt: Date | null;
  applicantSignedAt: Date | null;
  supplierSignedAt: Date | null;
  officerSignedAt: Date | null;
  deliveryReportedAt: Date | null;
  deliveryApprovedAt: Date | null;
}

export function agreementState(a: AwardProgress, now: Date): AgreementState {
  if (a.applicantSignedAt && a.supplierSignedAt && a.officerSignedAt) return 'SIGNED';
  if (a.status === 'WAITLISTED') return 'NOT_STARTED';
  if (a.status === 'CANCELLED') return 'VOID';
  if (a.agreementDueAt && a.agreementDueAt.getTime() < now.getTime()) return 'OVERDUE';
  return 'AWAITING_SIGNATURES';
}

export function deliveryState(a: AwardProgress): DeliveryState {
  if (a.deliveryApprovedAt) return 'APPROVED';
  if (a.deliveryReportedAt) return 'REPORTED';
  return 'NOT_REPORTED';
}

/**
 * What the supplier keeps: everything disbursed (paidKrw, gross, never lowered) less what was
 * clawed back. The sum over a program's awards equals its budget's disbursedKrw.
 */
export function netPaidKrw(a: { paidKrw: number; recoveredKrw: number }): number {
  return a.paidKrw - a.recoveredKrw;
}

/** Award statuses whose grant is still to be paid out (up to the grant). */
const PAYING: readonly string[] = ['SELECTED', 'CONTRACTED', 'DELIVERED'];

/**
 * What may still be paid on an award: the grant less what was disbursed while the award runs
 * (selected, contracted, delivered); nothing once it is settled or cancelled, or while it only
 * waits on the waitlist (a recovery does not make room to pay again).
 */
export function payableKrw(a: { status: string; grantKrw: number; paidKrw: number }): number {
  return PAYING.includes(a.status) ? Math.max(0, a.grantKrw - a.paidKrw) : 0;
}

export type PaymentKind = 'DISBURSE' | 'RECOVER';

/**
 * Why an award cannot give back `amountKrw`, or null if it can: a recovery takes back at most
 * what this award's supplier still keeps (the account's own check only knows what the whole
 * category paid, which would let one award's recovery claw back another award's money).
 */
export function recoveryRefusal(
  a: { paidKrw: number; recoveredKrw: number },
  amountKrw: number,
): string | null {
  const net = netPaidKrw(a);
  return amountKrw > net
    ? `cannot recover ${amountKrw} KRW: ${net} KRW paid for this award and not yet recovered`
    : null;
}

/**
 * A payment's ledger key: the client's Idempotency-Key scoped to the application, so the same
 * key sent for two applications pays both, and the same key twice for one pays once.
 */
export function paymentLedgerKey(applicationId: string, clientKey: string): string {
  return `pay:${applicationId}:${clientKey}`;
}

/** The client's Idempotency-Key back from a payment's ledger key (null for other keys). */
export function clientPaymentKey(applicationId: string, ledgerKey: string | null): string | null {
  const prefix = paymentLedgerKey(applicationId, '');
  return ledgerKey?.startsWith(prefix) ? ledgerKey.slice(prefix.length) : null;
}

/** A clawback's ledger line carries the officer's reason after this prefix. */
export const RECOVERY_REASON_PREFIX = 'clawback: ';

/** The officer's reason of a recovery line; disbursements have none of their own. */
export function paymentReason(kind: PaymentKind, ledgerReason: string): string | null {
  if (kind !== 'RECOVER') return null;
  return ledgerReason.startsWith(RECOVERY_REASON_PREFIX)
    ? ledgerReason.slice(RECOVERY_REASON_PREFIX.length)
    : ledgerReason;
}
