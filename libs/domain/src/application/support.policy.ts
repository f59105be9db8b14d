import type { ConditionDto, ProgramRules } from '../program/program-rules.dto';
import type { CompanyType } from '../shared/reference-data';

/**
 * State support: min(category cap, agreed cost × (1 − co-payment rate)), in integer won.
 * Rates are percents with at most two decimals, so the arithmetic runs in basis points on
 * BigInt and floors: the state never pays a fraction of a won more than the rule allows.
 */

/** Age in whole years on a date (both YYYY-MM-DD), as Korean law counts it (만 나이). */
export function ageOn(birthDate: string, onDate: string): number {
  const [by, bm, bd] = birthDate.slice(0, 10).split('-').map(Number);
  const [y, m, d] = onDate.slice(0, 10).split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The youth age band the program defines (in a YOUTH_CEO quota or bonus), if any. */
export function youthBand(rules: ProgramRules): { minAge: number; maxAge: number } | null {
  const conditions: ConditionDto[] = [
    ...rules.quotas.map((q) => q.rule),
    ...rules.bonusRules.map((b) => b.condition),
  ];
  const youth = conditions.find(
    (c) => c.type === 'YOUTH_CEO' && c.minAge != null && c.maxAge != null,
  );
  return youth ? { minAge: youth.minAge!, maxAge: youth.maxAge! } : null;
}

export function isYouthCeo(rules: ProgramRules, ceoBirthDate: string): boolean {
  const band = youthBand(rules);
  if (!band) return false;
  const age = ageOn(ceoBirthDate, rules.referenceDate);
  return age >= band.minAge && age <= band.maxAge;
}

/** The company's co-payment percent, less the youth discount; null when the type has no rate. */
export function coPaymentPercent(
  rules: ProgramRules,
  companyType: CompanyType,
  youth: boolean,
): number | null {
  const rate = rules.coPayment.rates.find((r) => r.companyType === companyType);
  if (!rate) return null;
  const discounted = youth ? rate.percent - rules.coPayment.youthDiscountPercent : rate.percent;
  return Math.max(0, Math.round(discounted * 100) / 100);
}

export function requestedSupportKrw(
  agreedCostKrw: number,
  capKrw: number,
  percent: number,
): number {
  const basisPoints = BigInt(Math.round(percent * 100));
  const share = (BigInt(agreedCostKrw) * (10_000n - basisPoints)) / 10_000n;
  return Number(share < BigInt(capKrw) ? share : BigInt(capKrw));
}

export interface SupportQuote {
  coPaymentPercent: number;
  requestedSupportKrw: number;
  capKrw: number;
  youthCeo: boolean;
}

/** Everything the application shows about its money, or null if the category/type is unknown. */
export function quoteSupport(
  rules: ProgramRules,
  input: {
    category: string;
    agreedCostKrw: number;
    companyType: CompanyType;
    ceoBirthDate: string;
  },
): SupportQuote | null {
  const category = rules.categories.find((c) => c.code === input.category);
  const youthCeo = isYouthCeo(rules, input.ceoBirthDate);
  const percent = coPaymentPercent(rules, input.companyType, youthCeo);
  if (!category || percent === null) return null;
  return {
    coPaymentPercent: percent,
    requestedSupportKrw: requestedSupportKrw(input.agreedCostKrw, category.maxGrantKrw, percent),
    capKrw: category.maxGrantKrw,
    youthCeo,
  };
}
