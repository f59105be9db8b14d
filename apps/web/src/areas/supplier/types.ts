/** The supplier's views of the API (libs/domain/src/supplier/dto/supplier.dto.ts and friends). */
import type { Krw } from '../../lib/format';
import type { Category } from '../../lib/vocabulary';

export type { Application, Award, AwardListItem } from '../../api/types';

export { CATEGORIES, type Category } from '../../lib/vocabulary';

/** Which processing kinds fit a category (supplier.policy.ts). */
export const KINDS_BY_CATEGORY: Record<Category, readonly string[]> = {
  PURCHASE: ['NONE'],
  GENERAL_PROCESSING: ['STANDARD', 'PSEUDONYMIZATION', 'ANONYMIZATION'],
  AI_PROCESSING: ['STANDARD', 'PSEUDONYMIZATION', 'ANONYMIZATION'],
};

/** The largest indicative price the API accepts: 10 trillion won. */
export const MAX_OFFERING_PRICE_KRW = 10_000_000_000_000;

export type SupplierStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'SUSPENDED';
export type OfferingStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'REPLACED' | 'WITHDRAWN';

export interface OfferingView {
  id: string;
  category: Category;
  processingKind: string;
  title: string;
  description: string;
  indicativePriceKrw: Krw;
  status: OfferingStatus;
  replacesId: string | null;
  reviewReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SupplierView {
  id: string;
  ownerUserId: string;
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
  updatedAt: string;
  offerings: OfferingView[];
}

/** What the owner may change on an offering: PENDING or APPROVED ones, while the supplier is. */
export const changeableOffering = (s: SupplierStatus, o: OfferingStatus) =>
  (s === 'PENDING' || s === 'APPROVED') && (o === 'PENDING' || o === 'APPROVED');
