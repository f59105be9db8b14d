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
