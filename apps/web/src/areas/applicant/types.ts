/**
 * The applicant's views of the API (libs/domain/src/{company,application,supplier,program,selection}).
 * Money fields are integer KRW; bigint columns may arrive as strings, so they are typed `Krw`.
 */
import type { Krw } from '../../lib/format';
import { APPLICATION_STATUSES, canWithdraw } from '../../lib/vocabulary';
import type {
  ApplicationStatus,
  CompanyType,
  PlanSection,
  Region,
  Track,
} from '../../lib/vocabulary';

export {
  APPLICATION_STATUSES,
  AWARDED,
  CATEGORIES,
  COMPANY_TYPES,
  PLAN_SECTIONS,
  REGIONS,
} from '../../lib/vocabulary';
export type { ApplicationStatus, CompanyType, PlanSection, Region, Track };
export type { Application, Award, EligibilityFailure } from '../../api/types';

export const MINISTRY_FIELDS = [
  'INTERIOR',
  'CULTURE',
  'LAND',
  'SMES',
  'INDUSTRY',
  'AGRICULTURE',
  'OCEANS',
  'EDUCATION',
  'ENVIRONMENT',
  'LABOR',
  'HEALTH',
  'KMA',
  'FOREST',
  'FSC',
  'MFDS',
  'LOCAL_GOVERNMENT',
] as const;
export type MinistryField = (typeof MINISTRY_FIELDS)[number];

/** Statuses from which the applicant may still withdraw (application-lifecycle.policy.ts). */
export const WITHDRAWABLE: readonly ApplicationStatus[] = APPLICATION_STATUSES.filter(canWithdraw);

export interface Company {
  id: string;
  businessRegistrationNumber: string;
  name: string;
  type: CompanyType;
  region: Region;
  ceoName: string;
  ceoBirthDate: string;
  industry: string;
  ministryField: MinistryField | null;
  createdAt: string;
  updatedAt: string;
}

export interface CategoryRule {
  code: string;
  name: string;
  slots: number;
  maxGrantKrw: Krw;
}

export interface SpecialPool {
  code: string;
  name: string;
  budgetKrw: Krw;
  companyTypes: CompanyType[];
  issues: string[];
}

export interface Program {
  id: string;
  year: number;
  name: string;
  status: string;
  rulesVersion: number;
  totalSlots: number;
  rules: {
    totalPoolKrw: Krw;
    categories: CategoryRule[];
    specialPools: SpecialPool[];
    generalTrackCompanyTypes: CompanyType[];
    coPayment: {
      rates: Array<{ companyType: CompanyType; percent: number }>;
      youthDiscountPercent: number;
    };
    window: { opensAt: string; closesAt: string };
    referenceDate: string;
    agreementDeadlineDays: number;
  };
}

export interface Offering {
  id: string;
  category: string;
  processingKind: string;
  title: string;
  description: string;
  indicativePriceKrw: Krw;
}

export interface SupplierEntry {
  id: string;
  businessRegistrationNumber: string;
  name: string;
  representative: string;
  contactEmail: string;
  contactPhone: string | null;
  crowdsourcing: boolean;
  status: string;
  offerings: Offering[];
}
