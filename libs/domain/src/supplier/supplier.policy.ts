import { Role } from '@app/common';
import { normalizeBrn } from './business-registration-number.policy';

export const SUPPLIER_STATUSES = ['PENDING', 'APPROVED', 'REJECTED', 'SUSPENDED'] as const;
export type SupplierStatus = (typeof SUPPLIER_STATUSES)[number];

export const OFFERING_STATUSES = [
  'PENDING',
  'APPROVED',
  'REJECTED',
  'REPLACED',
  'WITHDRAWN',
] as const;
export type OfferingStatus = (typeof OFFERING_STATUSES)[number];

/** The voucher categories a supplier can serve (a program's categories use the same codes). */
export const SUPPLIER_CATEGORIES = ['PURCHASE', 'GENERAL_PROCESSING', 'AI_PROCESSING'] as const;
export type SupplierCategory = (typeof SUPPLIER_CATEGORIES)[number];

export const PROCESSING_KINDS = ['NONE', 'STANDARD', 'PSEUDONYMIZATION', 'ANONYMIZATION'] as const;
export type ProcessingKind = (typeof PROCESSING_KINDS)[number];

/** Most offerings one supplier may have live (approved or under review) at a time. */
export const MAX_LIVE_OFFERINGS = 50;

// ---------------------------------------------------------------------------------------------
// Supplier lifecycle: PENDING → APPROVED | REJECTED, APPROVED → SUSPENDED. Nothing else: a
// rejected supplier does not come back to review, and a suspension (designation cancelled for
// e.g. kickbacks) is final.

export const SUPPLIER_ACTIONS = {
  approve: { from: 'PENDING', to: 'APPROVED' },
  reject: { from: 'PENDING', to: 'REJECTED' },
  suspend: { from: 'APPROVED', to: 'SUSPENDED' },
} as const satisfies Record<string, { from: SupplierStatus; to: SupplierStatus }>;
export type SupplierAction = keyof typeof SUPPLIER_ACTIONS;

/** The status after `action`, or null when it is not allowed from `current`. */
export function nextSupplierStatus(
  current: SupplierStatus,
  action: SupplierAction,
): SupplierStatus | null {
  // hasOwn: an unchecked string such as 'toString' must not pass as an action.
  if (!Object.hasOwn(SUPPLIER_ACTIONS, action)) return null;
  const transition = SUPPLIER_ACTIONS[action];
  return transition.from === current ? transition.to : null;
}

/**
 * Applications still running when their supplier is suspended: they are flagged for an officer
 * (the money is settled by later steps). Finished, refused and withdrawn ones are history.
 */
export const APPLICATION_STATUSES_FLAGGED_ON_SUSPENSION = [
  'DRAFT',
  'SUBMITTED',
  'ELIGIBLE',
  'UNDER_REVIEW',
  'SCORED',
  'SELECTED',
  'WAITLISTED',
  'CONTRACTED',
  'DELIVERED',
] as const;

/** The owner may add, change and withdraw offerings while under review or approved. */
export function acceptsOfferingChanges(status: SupplierStatus): boolean {
  return status === 'PENDING' || status === 'APPROVED';
}

/**
 * Single offerings are reviewed one by one only for an approved supplier; while the supplier
 * itself is PENDING its offerings are decided with it.
 */
export function reviewsOfferingsSingly(status: SupplierStatus): boolean {
  return status === 'APPROVED';
}

// ---------------------------------------------------------------------------------------------
// Who sees what.

export function isReviewer(role: Role | null | undefined): boolean {
  return role === Role.OFFICER || role === Role.ADMIN;
}

export type SupplierAccess = 'FULL' | 'PUBLIC' | 'NONE';

/**
 * FULL for officers and the owner, PUBLIC for everybody else while the supplier is approved,
 * NONE otherwise: a pending, rejected or suspended supplier is answered with 404 so that its
 * existence is not revealed.
 */
export function supplierAccess(
  supplier: { status: SupplierStatus; ownerUserId: string },
  viewer: { userId: string; role: Role } | null,
): SupplierAccess {
  if (viewer && (isReviewer(viewer.role) || viewer.userId === supplier.ownerUserId)) return 'FULL';
  return isPublicSupplier(supplier.status) ? 'PUBLIC' : 'NONE';
}

export function isPublicSupplier(status: SupplierStatus): boolean {
  return status === 'APPROVED';
}

/** Only approved offerings are shown to the public; a revision under review stays hidden. */
export function isPublicOffering(status: OfferingStatus): boolean {
  return status === 'APPROVED';
}

export const PUBLIC_OFFERING_STATUSES: readonly OfferingStatus[] =
  OFFERING_STATUSES.filter(isPublicOffering);

// ---------------------------------------------------------------------------------------------
// Offerings.

/** Purchasing data involves no processing; processing work is standard or de-identification. */
const KINDS_BY_CATEGORY: Record<SupplierCategory, readonly ProcessingKind[]> = {
  PURCHASE: ['NONE'],
  GENERAL_PROCESSING: ['STANDARD', 'PSEUDONYMIZATION', 'ANONYMIZATION'],
  AI_PROCESSING: ['STANDARD', 'PSEUDONYMIZATION', 'ANONYMIZATION'],
};

export function allowedProcessingKinds(category: SupplierCategory): readonly ProcessingKind[] {
  return KINDS_BY_CATEGORY[category] ?? [];
}

export function isProcessingKindAllowed(category: SupplierCategory, kind: ProcessingKind): boolean {
  return allowedProcessingKinds(category).includes(kind);
}

/** The kind an offering gets when its owner names none. */
export function defaultProcessingKind(category: SupplierCategory): ProcessingKind {
  return category === 'PURCHASE' ? 'NONE' : 'STANDARD';
}

export interface OfferingLike {
  id: string;
  category: SupplierCategory;
  status: OfferingStatus;
  replacesId: string | null;
}

/** Whether a supplier may be named for `category`: it has an approved offering there. */
export function offersCategory(
  offerings: ReadonlyArray<Pick<OfferingLike, 'category' | 'status'>>,
  category: string,
): boolean {
  return offerings.some((o) => o.category === category && o.status === 'APPROVED');
}

/**
 * What changing an offering means. A pending one is edited in place. An approved one stays
 * approved (and visible) while a revision is reviewed: a new PENDING revision, or the open
 * revision edited again, so that there is never more than one revision per offering.
 */
export type OfferingChange = 'EDIT_IN_PLACE' | 'NEW_REVISION' | 'EDIT_REVISION';

export function offeringChange(
  status: OfferingStatus,
  hasOpenRevision: boolean,
): OfferingChange | null {
  if (status === 'PENDING') return 'EDIT_IN_PLACE';
  if (status === 'APPROVED') return hasOpenRevision ? 'EDIT_REVISION' : 'NEW_REVISION';
  return null;
}

export function canWithdrawOffering(status: OfferingStatus): boolean {
  return status === 'PENDING' || status === 'APPROVED';
}

export function canReviewOffering(status: OfferingStatus): boolean {
  return status === 'PENDING';
}

/** A PENDING offering revising another one (which is then still approved). */
export function isOpenRevision(offering: OfferingLike): boolean {
  return offering.status === 'PENDING' && offering.replacesId !== null;
}

/**
 * Offerings that count against MAX_LIVE_OFFERINGS: approved ones and new ones under review.
 * An open revision takes the place of its approved original, so it does not count twice.
 */
export function liveOfferingCount(offerings: readonly OfferingLike[]): number {
  return offerings.filter(
    (o) => o.status === 'APPROVED' || (o.status === 'PENDING' && o.replacesId === null),
  ).length;
}

export interface OfferingStatusChange {
  id: string;
  from: OfferingStatus;
  to: OfferingStatus;
}

/**
 * Approving PENDING offerings (all of them, or those in `only`): each becomes APPROVED, and
 * the approved offering a revision replaces becomes REPLACED in the same step, so that a
 * category is never without its approved offering in between.
 */
export function approveOfferings(
  offerings: readonly OfferingLike[],
  only?: readonly string[],
): OfferingStatusChange[] {
  const byId = new Map(offerings.map((o) => [o.id, o]));
  const changes: OfferingStatusChange[] = [];
  for (const o of offerings) {
    if (o.status !== 'PENDING' || (only && !only.includes(o.id))) continue;
    changes.push({ id: o.id, from: 'PENDING', to: 'APPROVED' });
    const replaced = o.replacesId ? byId.get(o.replacesId) : undefined;
    if (replaced?.status === 'APPROVED') {
      changes.push({ id: replaced.id, from: 'APPROVED', to: 'REPLACED' });
    }
  }
  return changes;
}

/** Rejecting a supplier closes the review of every offering still waiting with it. */
export function rejectPendingOfferings(offerings: readonly OfferingLike[]): OfferingStatusChange[] {
  return offerings
    .filter((o) => o.status === 'PENDING')
    .map((o) => ({ id: o.id, from: o.status, to: 'REJECTED' as const }));
}

/**
 * Withdrawing an offering; an approved one takes its open revision with it, or approving the
 * revision later would bring the withdrawn offering back under another id.
 */
export function withdrawOffering(
  offerings: readonly OfferingLike[],
  id: string,
): OfferingStatusChange[] {
  const target = offerings.find((o) => o.id === id);
  if (!target || !canWithdrawOffering(target.status)) return [];
  const revisions = offerings.filter((o) => o.replacesId === id && o.status === 'PENDING');
  return [target, ...revisions].map((o) => ({ id: o.id, from: o.status, to: 'WITHDRAWN' }));
}

// ---------------------------------------------------------------------------------------------
// Crowdsourcing and relations.

/** Crowdsourcing earns bonus points, so the claim needs evidence an officer can check. */
export function missingCrowdsourcingEvidence(supplier: {
  crowdsourcing: boolean;
  crowdsourcingEvidence: string | null | undefined;
}): boolean {
  return supplier.crowdsourcing && !supplier.crowdsourcingEvidence?.trim();
}

/**
 * Names compared as people write them: whitespace ignored (a Korean name is written both
 * "김 데이터" and "김데이터"), case folded, and Unicode compatibility forms unified (a Hangul
 * name may arrive as composed syllables or as separate jamo, Latin letters as full-width).
 */
export function normalizePersonName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/**
 * A supplier may not serve an applicant it is related to: the same business (same BRN) or the
 * same representative.
 */
export function isRelated(
  supplier: { brn: string; representative: string },
  company: { brn: string; ceoName: string },
): boolean {
  const supplierBrn = normalizeBrn(supplier.brn);
  if (supplierBrn !== null && supplierBrn === normalizeBrn(company.brn)) return true;
  const representative = normalizePersonName(supplier.representative);
  // Two blank names say nothing about a relation.
  return representative !== '' && representative === normalizePersonName(company.ceoName);
}
