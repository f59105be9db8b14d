/** Fixed vocabularies of the domain. What changes by year lives in the program rule set. */

export const COMPANY_TYPES = [
  'SME',
  'SMALL_BUSINESS',
  'ONE_PERSON_CREATIVE',
  'UNIVERSITY',
  'HOSPITAL',
  'PUBLIC_RESEARCH',
] as const;
export type CompanyType = (typeof COMPANY_TYPES)[number];

/** The 17 first-level administrative divisions (provinces and metropolitan cities). */
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

export const TRACKS = ['GENERAL', 'SOCIAL_ISSUE'] as const;
export type Track = (typeof TRACKS)[number];

/** Codes in a rule set (categories, pools, quotas, bonuses, criteria). */
export const RULE_CODE_PATTERN = /^[A-Z][A-Z0-9_]{1,39}$/;

/** Institutions may apply only where a special pool lets them (2021: social-issue support). */
export const INSTITUTION_TYPES: readonly CompanyType[] = [
  'UNIVERSITY',
  'HOSPITAL',
  'PUBLIC_RESEARCH',
];

/** The partner ministries of the program (for reporting), plus local governments. */
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
