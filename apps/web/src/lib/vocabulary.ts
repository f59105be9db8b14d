/**
 * The domain's fixed vocabularies (libs/domain), shared by every area. Their translations live in
 * i18n/locales/common.ts (`companyType.*`, `region.*`, `category.*`, `processingKind.*`,
 * `status.*`).
 */

export const COMPANY_TYPES = [
  'SME',
  'SMALL_BUSINESS',
  'ONE_PERSON_CREATIVE',
  'UNIVERSITY',
  'HOSPITAL',
  'PUBLIC_RESEARCH',
] as const;
export type CompanyType = (typeof COMPANY_TYPES)[number];

export const REGIONS = [
  'SEOUL',
  'BUSAN',
  'DAEGU',
  'INCHEON',
  'GWANGJU',
  'DAEJEON',
  'ULSAN',
  'SEJONG',
  'GYEONGGI',
  'GANGWON',
  'CHUNGBUK',
  'CHUNGNAM',
  'JEONBUK',
  'JEONNAM',
  'GYEONGBUK',
  'GYEONGNAM',
  'JEJU',
] as const;
export type Region = (typeof REGIONS)[number];

export const CATEGORIES = ['PURCHASE', 'GENERAL_PROCESSING', 'AI_PROCESSING'] as const;
export type Category = (typeof CATEGORIES)[number];

export const PROCESSING_KINDS = ['NONE', 'STANDARD', 'PSEUDONYMIZATION', 'ANONYMIZATION'] as const;

export const TRACKS = ['GENERAL', 'SOCIAL_ISSUE'] as const;
export type Track = (typeof TRACKS)[number];

/** The sections of an application's plan, in the order the forms show them. */
export const PLAN_SECTIONS = ['background', 'goals', 'dataUsage', 'expectedOutcome'] as const;
export type PlanSection = (typeof PLAN_SECTIONS)[number];

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

/** Statuses of an application that has an award record (selected or waitlisted, and after). */
export const AWARDED: readonly ApplicationStatus[] = [
  'SELECTED',
  'WAITLISTED',
  'CONTRACTED',
  'DELIVERED',
  'SETTLED',
  'CANCELLED',
];
