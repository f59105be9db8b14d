/** Shapes the API returns (see /docs for every field). Area-specific views live beside their pages. */
import type { Krw } from '../lib/format';
import type { ApplicationStatus, PlanSection, Track } from '../lib/vocabulary';

export type Role = 'APPLICANT' | 'SUPPLIER' | 'EVALUATOR' | 'OFFICER' | 'ADMIN';
export type Locale = 'ko' | 'en';

export interface UserView {
  id: string;
  email: string;
  role: Role;
  displayName: string;
  locale: Locale;
}

export interface NotificationView {
  id: number;
  eventType: string;
  channel: string;
  locale: Locale;
  subject: string;
  body: string;
  status: string;
  attempts: number;
  lastError: string | null;
  readAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface Inbox {
  items: NotificationView[];
  total: number;
  unread: number;
  limit: number;
  offset: number;
}

// ---- applications and awards, as the applicant and the supplier see them ----------------------

export interface EligibilityFailure {
  code: string;
  reason: string;
}

export interface Application {
  id: string;
  programId: string;
  companyId: string;
  companyName: string;
  category: string;
  track: Track;
  socialIssue: string | null;
  supplierId: string;
  supplierName: string;
  offeringId: string;
  title: string;
  plan: Partial<Record<PlanSection, string>>;
  agreedCostKrw: Krw;
  coPaymentPercent: number | string;
  requestedSupportKrw: Krw;
  status: ApplicationStatus;
  eligibility: { eligible: boolean; failures: EligibilityFailure[]; checkedAt: string } | null;
  supplierConfirmedAt: string | null;
  submittedAt: string | null;
  flagged: boolean;
  flagReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Award {
  applicationId: string;
  programId: string;
  category: string;
  status: string;
  accountCode: string | null;
  grantKrw: Krw;
  /** Disbursed in total (gross): a recovery does not lower it. */
  paidKrw: Krw;
  /** Clawed back out of paidKrw. */
  recoveredKrw: Krw;
  /** What the supplier keeps: paidKrw − recoveredKrw. */
  netPaidKrw: Krw;
  /** What may still be paid (0 once settled or cancelled, and while waitlisted). */
  payableKrw: Krw;
  waitlistPosition: number | null;
  quotaCode: string | null;
  reason: string;
  agreementDueAt: string | null;
  signatures: { applicant: string | null; supplier: string | null; officer: string | null };
  deliveryReportedAt: string | null;
  deliveryApprovedAt: string | null;
  cancelReason: string | null;
}

export type AgreementState = 'NOT_STARTED' | 'AWAITING_SIGNATURES' | 'OVERDUE' | 'SIGNED' | 'VOID';
export type DeliveryState = 'NOT_REPORTED' | 'REPORTED' | 'APPROVED';

/** A row of an award list (a program's, or the caller's own): the award with names and progress. */
export interface AwardListItem extends Award {
  title: string;
  track: 'GENERAL' | 'SOCIAL_ISSUE';
  companyId: string;
  companyName: string;
  supplierId: string;
  supplierName: string;
  agreementState: AgreementState;
  deliveryState: DeliveryState;
}

/** One disbursement or recovery of an award, as the budget ledger recorded it. */
export interface Payment {
  /** The ledger line: the payment's reference. */
  id: number;
  kind: 'DISBURSE' | 'RECOVER';
  amountKrw: Krw;
  at: string;
  /** Who did it (the id only for officers); null for the system. */
  actor: { id: string | null; displayName: string; role: string } | null;
  /** The Idempotency-Key a disbursement was sent with. */
  idempotencyKey: string | null;
  /** The officer's reason of a recovery. */
  reason: string | null;
}

export interface PaymentHistory {
  applicationId: string;
  grantKrw: Krw;
  paidKrw: Krw;
  recoveredKrw: Krw;
  netPaidKrw: Krw;
  items: Payment[];
}
