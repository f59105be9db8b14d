/**
 * The domain's fixed vocabularies (libs/domain), shared by every area. Their translations live in
 * i18n/locales/common.ts (`companyType.*`, `region.*`, `category.*`, `processingKind.*`,
 * `status.*`).
 */

import type { ApplicationStatus } from '../../../../libs/domain/src/application/application-lifecycle.policy';

// One source with the API: these files of libs/domain are plain constants, no Nest or Node.
export {
  COMPANY_TYPES,
  REGIONS,
  TRACKS,
  type CompanyType,
  type Region,
  type Track,
} from '../../../../libs/domain/src/shared/reference-data';
export {
  APPLICATION_STATUSES,
  canWithdraw,
  type ApplicationStatus,
} from '../../../../libs/domain/src/application/application-lifecycle.policy';

export const CATEGORIES = ['PURCHASE', 'GENERAL_PROCESSING', 'AI_PROCESSING'] as const;
export type Category = (typeof CATEGORIES)[number];

export const PROCESSING_KINDS = ['NONE', 'STANDARD', 'PSEUDONYMIZATION', 'ANONYMIZATION'] as const;

/** The sections of an application's plan, in the order the forms show them. */
export const PLAN_SECTIONS = ['background', 'goals', 'dataUsage', 'expectedOutcome'] as const;
export type PlanSection = (typeof PLAN_SECTIONS)[number];

/** Statuses of an application that has an award record (selected or waitlisted, and after). */
export const AWARDED: readonly ApplicationStatus[] = [
  'SELECTED',
  'WAITLISTED',
  'CONTRACTED',
  'DELIVERED',
  'SETTLED',
  'CANCELLED',
];
