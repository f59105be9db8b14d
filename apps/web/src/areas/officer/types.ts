/**
 * Shapes the officer pages read from the API (see libs/domain/src/*\/dto). Money is integer KRW;
 * bigint columns may arrive as decimal strings, so amounts are typed `Krw` and never added as floats.
 */
import type { Award } from '../../api/types';
import type { Krw } from '../../lib/format';

export type ProgramStatus =
  'DRAFT' | 'OPEN' | 'CLOSED' | 'EVALUATING' | 'SELECTED' | 'RUNNING' | 'FINISHED';

export type ProgramAction = 'open' | 'close' | 'start-evaluation' | 'start-running' | 'finish';

export interface CategoryRule {
  code: string;
  name: string;
  slots: number;
  maxGrantKrw: Krw;
}

export interface Condition {
  type: string;
  capitalRegions?: string[];
  minAge?: number;
  maxAge?: number;
  companyTypes?: string[];
  categories?: string[];
}

export interface ProgramRules {
  totalPoolKrw: Krw;
  categories: CategoryRule[];
  specialPools: Array<{
    code: string;
    name: string;
    budgetKrw: Krw;
    companyTypes: string[];
    issues: string[];
  }>;
  generalTrackCompanyTypes: string[];
  quotas: Array<{ code: string; share: number; rule: Condition }>;
  bonusRules: Array<{ code: string; points: number; condition: Condition }>;
  evaluation: {
    criteria: Array<{ code: string; name: string; maxPoints: number }>;
    evaluatorsPerApplication: number;
    aggregation: string;
    cutoffScore: number;
    bonusCap: number;
    dueAt?: string;
  };
  window: { opensAt: string; closesAt: string };
  agreementDeadlineDays: number;
}

export interface ProgramView {
  id: string;
  year: number;
  name: string;
  status: ProgramStatus;
  rulesVersion: number;
  rules: ProgramRules;
  totalSlots: number;
  /** What to know about a usable rule set (e.g. envelopes promising more than the pool). */
  warnings: Array<{ field: string; reason: string }>;
  createdAt: string;
  updatedAt: string;
}

// ---- budget -----------------------------------------------------------------------------------

export interface BudgetAccountView {
  code: string;
  scope: 'CATEGORY' | 'SPECIAL';
  slots: number | null;
  selected: number;
  limitKrw: Krw;
  reservedKrw: Krw;
  disbursedKrw: Krw;
  availableKrw: Krw;
}

export interface BudgetView {
  programId: string;
  poolKrw: Krw;
  reservedKrw: Krw;
  disbursedKrw: Krw;
  availableKrw: Krw;
  accounts: BudgetAccountView[];
}

export interface ReconciliationView {
  programId: string;
  consistent: boolean;
  ledgerEntries: number;
  lines: Array<{
    code: string;
    recorded: { reservedKrw: Krw; disbursedKrw: Krw; seatsUsed: number };
    fromLedger: { reservedKrw: Krw; disbursedKrw: Krw; seatsUsed: number };
    matches: boolean;
  }>;
}

export type LedgerKind = 'RESERVE' | 'RELEASE' | 'DISBURSE' | 'RECOVER';

export interface LedgerEntry {
  id: number | string;
  accountCode: string;
  kind: LedgerKind;
  amountKrw: Krw;
  seatDelta: number;
  applicationId: string | null;
  reason: string;
  createdAt: string;
}

// ---- suppliers --------------------------------------------------------------------------------

export type SupplierStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'SUSPENDED';

export interface OfferingView {
  id: string;
  category: string;
  processingKind: string;
  title: string;
  description: string;
  indicativePriceKrw: Krw;
  status: string;
  replacesId: string | null;
  reviewReason: string | null;
}

export interface SupplierView {
  id: string;
  businessRegistrationNumber: string;
  name: string;
  representative: string;
  contactEmail: string;
  contactPhone: string | null;
  crowdsourcing: boolean;
  crowdsourcingEvidence: string | null;
  status: SupplierStatus;
  statusReason: string | null;
  reviewedAt: string | null;
  createdAt: string;
  offerings: OfferingView[];
}

// ---- applications -----------------------------------------------------------------------------

export interface ApplicationView {
  id: string;
  programId: string;
  companyId: string;
  companyName: string;
  category: string;
  track: 'GENERAL' | 'SOCIAL_ISSUE';
  socialIssue: string | null;
  supplierId: string;
  supplierName: string;
  offeringId: string;
  title: string;
  plan: Record<string, string | undefined>;
  agreedCostKrw: Krw;
  coPaymentPercent: number;
  requestedSupportKrw: Krw;
  status: string;
  eligibility: {
    eligible: boolean;
    failures: Array<{ code: string; reason: string }>;
    checkedAt: string;
  } | null;
  supplierConfirmedAt: string | null;
  submittedAt: string | null;
  flagged: boolean;
  flagReason: string | null;
  createdAt: string;
}

export interface CompanyView {
  id: string;
  businessRegistrationNumber: string;
  name: string;
  type: string;
  region: string;
  ceoName: string;
  ceoBirthDate: string;
  industry: string;
  ministryField: string | null;
}

// ---- evaluation -------------------------------------------------------------------------------

export interface PoolMemberView {
  userId: string;
  email: string;
  displayName: string;
  affiliationName: string | null;
  affiliationBrn: string | null;
  declaredConflicts: number;
  open: number;
  submitted: number;
  recused: number;
  load: number;
}

export interface UserListItem {
  id: string;
  email: string;
  role: string;
  displayName: string;
}

export interface AutoAssignmentResult {
  programId: string;
  assignments: Array<{ assignmentId: string; applicationId: string; evaluatorId: string }>;
  underReview: string[];
  uncovered: Array<{ applicationId: string; assigned: number; required: number; reason: string }>;
}

export interface StaffAssignmentView {
  id: string;
  applicationId: string;
  status: string;
  dueAt: string | null;
  scores: Record<string, number>;
  criteria: Array<{ code: string; name: string; maxPoints: number }>;
  comment: string | null;
  total: number | null;
  submittedAt: string | null;
  recusedReason: string | null;
  recusedAt: string | null;
  cancelReason: string | null;
  evaluatorId: string;
  evaluatorName: string;
  evaluatorEmail: string;
}

export interface RankingGroup {
  category: string;
  track: string;
  applications: number;
  rankingHash: string;
}

export interface RankingRunView {
  programId: string;
  scored: number;
  pending: number;
  pendingApplications: Array<{
    applicationId: string;
    submittedSheets: number;
    activeSheets: number;
    requiredSheets: number;
  }>;
  rankings: RankingGroup[];
  computedAt: string;
}

export interface RankingItem {
  rank: number;
  applicationId: string;
  title: string;
  companyName: string;
  category: string;
  track: string;
  status: string;
  sheets: number;
  baseScore: number;
  bonuses: Array<{ code: string; points: number; reason: string }>;
  bonusTotal: number;
  bonusPoints: number;
  finalScore: number;
  passedCutoff: boolean;
  submittedAt: string;
  computedAt: string;
}

export interface RankingView {
  programId: string;
  rankings: RankingGroup[];
  items: RankingItem[];
}

// ---- selection --------------------------------------------------------------------------------

export interface CategorySummary {
  code: string;
  slots: number;
  seatsAvailable: number;
  selected: number;
  waitlisted: number;
  rejected: number;
  reservedKrw: Krw;
  quotas: Array<{ code: string; seats: number; filled: number }>;
}

export interface RunSummary {
  categories?: CategorySummary[];
  specialPools?: Array<{ code: string; availableKrw: Krw; reservedKrw: Krw; selected: number }>;
  pool?: { availableKrw: Krw; reservedKrw: Krw; remainingKrw: Krw };
  totals?: { candidates: number; selected: number; waitlisted: number; rejected: number };
}

export interface SelectionRunView {
  id: string;
  programId: string;
  status: 'PREVIEW' | 'COMMITTED';
  rulesVersion: number;
  inputHash: string;
  outputHash: string;
  summary: RunSummary;
  createdAt: string;
  committedAt: string | null;
}

export type Outcome = 'SELECTED' | 'WAITLISTED' | 'REJECTED';

export interface Decision {
  applicationId: string;
  outcome: Outcome;
  category: string;
  track: string;
  rank: number;
  accountCode: string | null;
  grantKrw: Krw;
  quotaCode: string | null;
  waitlistPosition: number | null;
  reason: string;
}

export interface ReplayResult {
  runId: string;
  inputHash: string;
  outputHash: string;
  recordedInputHash: string;
  recordedOutputHash: string;
  identical: boolean;
  decisions: number;
}

// ---- awards -----------------------------------------------------------------------------------

/** An award as the API returns it (the same shape for every role). */
export type AwardView = Award;

export type { AgreementState, AwardListItem, DeliveryState } from '../../api/types';

export interface CancelResult {
  cancelled: AwardView;
  promoted: AwardView | null;
}

// ---- notifications and audit ------------------------------------------------------------------

export interface StaffNotificationView {
  id: number;
  eventType: string;
  channel: string;
  locale: string;
  subject: string;
  body: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface NotificationStats {
  channels: Record<string, Record<string, number>>;
  outboxPending: number;
  queues: Record<string, Record<string, number>> | null;
}

export interface AuditEntry {
  id: number | string;
  entity: string;
  entityId: string;
  action: string;
  actorId: string | null;
  actorRole: string | null;
  requestId: string | null;
  before: unknown;
  after: unknown;
  at: string;
}
