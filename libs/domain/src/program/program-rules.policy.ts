import type { CompanyType } from '../shared/reference-data';
// Type-only: the policy stays free of class-validator/swagger at runtime.
import type { ConditionDto, ConditionType, ProgramRules } from './program-rules.dto';

export interface RuleProblem {
  field: string;
  reason: string;
}

export interface BudgetAccountSpec {
  scope: 'POOL' | 'CATEGORY' | 'SPECIAL';
  code: string;
  limitKrw: number;
  slots: number | null;
}

/** The code of the whole-program budget account; no category or special pool may take it. */
export const POOL_ACCOUNT_CODE = 'POOL';

/** Quota shares carry at most 4 decimals, so this scale makes them exact integers. */
const SHARE_SCALE = 10_000;

type ConditionField = Exclude<keyof ConditionDto, 'type'>;

// `satisfies` makes the compiler flag a field added to ConditionDto but forgotten here.
const CONDITION_FIELDS = Object.keys({
  capitalRegions: true,
  minAge: true,
  maxAge: true,
  companyTypes: true,
  categories: true,
} satisfies Record<ConditionField, true>) as ConditionField[];

/** `categories` narrows any condition to some categories, so every type accepts it. */
const FIELDS_BY_CONDITION: Record<ConditionType, readonly ConditionField[]> = {
  NON_CAPITAL_REGION: ['capitalRegions', 'categories'],
  YOUTH_CEO: ['minAge', 'maxAge', 'categories'],
  COMPANY_TYPE: ['companyTypes', 'categories'],
  CROWDSOURCING_SUPPLIER: ['categories'],
  SOCIAL_ISSUE_TRACK: ['categories'],
};

/**
 * Cross-field consistency of a rule set whose shape the DTO has already validated.
 * Returns every problem found (empty when the rule set is usable), in a stable order.
 */
export function checkRuleSetConsistency(rules: ProgramRules): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const categoryCodes = new Set(rules.categories.map((category) => category.code));

  problems.push(...checkCodes(rules, categoryCodes));
  problems.push(...checkMoney(rules));
  problems.push(...checkQuotaShares(rules));
  rules.quotas.forEach((quota, i) => {
    problems.push(...checkCondition(quota.rule, `quotas[${i}].rule`, categoryCodes));
  });
  rules.bonusRules.forEach((bonus, i) => {
    problems.push(...checkCondition(bonus.condition, `bonusRules[${i}].condition`, categoryCodes));
  });
  problems.push(...checkEvaluation(rules));
  problems.push(...checkCoPayment(rules));
  problems.push(...checkDates(rules));
  return problems;
}

/**
 * The budget accounts a program needs: the pool, one envelope per category, one per special
 * pool. Assumes a rule set that passed `checkRuleSetConsistency`.
 */
export function budgetAccountsFor(rules: ProgramRules): BudgetAccountSpec[] {
  const accounts: BudgetAccountSpec[] = [
    { scope: 'POOL', code: POOL_ACCOUNT_CODE, limitKrw: rules.totalPoolKrw, slots: null },
  ];
  for (const category of rules.categories) {
    // slots × cap can exceed 2^53 at the DTO's extremes; it is then far above the pool
    // (≤ 10^13), so the rounding never changes which side of the min wins.
    const envelopeKrw = Math.min(category.slots * category.maxGrantKrw, rules.totalPoolKrw);
    accounts.push({
      scope: 'CATEGORY',
      code: category.code,
      limitKrw: envelopeKrw,
      slots: category.slots,
    });
  }
  for (const pool of rules.specialPools) {
    accounts.push({ scope: 'SPECIAL', code: pool.code, limitKrw: pool.budgetKrw, slots: null });
  }
  return accounts;
}

/**
 * What in a usable rule set an officer should know before opening the program, without
 * refusing it: the category envelopes and special pools together promising more than the
 * pool. Selection then reserves category by category in rule-set order, so the categories
 * listed last may find the pool empty before their slots are filled.
 */
export function ruleSetWarnings(rules: ProgramRules): RuleProblem[] {
  const promised = budgetAccountsFor(rules)
    .filter((account) => account.scope !== 'POOL')
    .reduce((sum, account) => sum + account.limitKrw, 0);
  if (promised <= rules.totalPoolKrw) return [];
  return [
    {
      field: 'totalPoolKrw',
      reason:
        `the category envelopes (slots × maximum grant) and special pools add up to ${promised} KRW, ` +
        `more than the pool of ${rules.totalPoolKrw} KRW: selection reserves category by category ` +
        `in rule-set order (${rules.categories.map((c) => c.code).join(', ')}), so the last ones ` +
        'may find the pool empty before their slots are filled',
    },
  ];
}

function checkCodes(rules: ProgramRules, categoryCodes: ReadonlySet<string>): RuleProblem[] {
  const problems: RuleProblem[] = [];
  problems.push(...duplicateCodes('categories', 'category', rules.categories));
  rules.categories.forEach((category, i) => {
    // Budget accounts are looked up by code as well as scope; a shared code invites mix-ups.
    if (category.code === POOL_ACCOUNT_CODE) {
      problems.push({
        field: `categories[${i}].code`,
        reason: `category code ${POOL_ACCOUNT_CODE} is reserved for the program's budget pool`,
      });
    }
  });

  problems.push(...duplicateCodes('specialPools', 'special pool', rules.specialPools));
  rules.specialPools.forEach((pool, i) => {
    if (pool.code === POOL_ACCOUNT_CODE) {
      problems.push({
        field: `specialPools[${i}].code`,
        reason: `special pool code ${POOL_ACCOUNT_CODE} is reserved for the program's budget pool`,
      });
    } else if (categoryCodes.has(pool.code)) {
      problems.push({
        field: `specialPools[${i}].code`,
        reason: `special pool code ${pool.code} is also a category code`,
      });
    }
  });

  problems.push(...duplicateCodes('quotas', 'quota', rules.quotas));
  problems.push(...duplicateCodes('bonusRules', 'bonus rule', rules.bonusRules));
  problems.push(...duplicateCodes('evaluation.criteria', 'criterion', rules.evaluation.criteria));
  return problems;
}

function duplicateCodes(
  path: string,
  label: string,
  items: readonly { code: string }[],
): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const firstIndex = new Map<string, number>();
  items.forEach((item, i) => {
    const first = firstIndex.get(item.code);
    if (first === undefined) {
      firstIndex.set(item.code, i);
      return;
    }
    problems.push({
      field: `${path}[${i}].code`,
      reason: `duplicate ${label} code ${item.code} (already used by ${path}[${first}])`,
    });
  });
  return problems;
}

function checkMoney(rules: ProgramRules): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const pool = rules.totalPoolKrw;
  rules.categories.forEach((category, i) => {
    if (category.maxGrantKrw > pool) {
      problems.push({
        field: `categories[${i}].maxGrantKrw`,
        reason:
          `a category cap above the pool: ${category.code} allows ${krw(category.maxGrantKrw)} ` +
          `per voucher but the pool is ${krw(pool)}`,
      });
    }
  });

  let specialTotal = 0;
  rules.specialPools.forEach((special, i) => {
    specialTotal += special.budgetKrw;
    if (special.budgetKrw > pool) {
      problems.push({
        field: `specialPools[${i}].budgetKrw`,
        reason:
          `special pool ${special.code} has ${krw(special.budgetKrw)}, ` +
          `more than the pool of ${krw(pool)}`,
      });
    }
  });
  // At most 10 pools of at most 10^13 each: the sum stays an exact integer.
  if (specialTotal > pool) {
    problems.push({
      field: 'specialPools',
      reason:
        `special pools add up to ${krw(specialTotal)}, ` + `more than the pool of ${krw(pool)}`,
    });
  }
  return problems;
}

function checkQuotaShares(rules: ProgramRules): RuleProblem[] {
  // Summing floats would turn 0.1 + 0.2 + 0.7 into 1.0000000000000002 and refuse it.
  const scaledTotal = rules.quotas.reduce(
    (sum, quota) => sum + Math.round(quota.share * SHARE_SCALE),
    0,
  );
  if (scaledTotal <= SHARE_SCALE) return [];
  const percent = (scaledTotal * 100) / SHARE_SCALE;
  return [
    {
      field: 'quotas',
      reason: `quota shares add up to ${percent} %, shares above 100 % cannot all be reserved`,
    },
  ];
}

function checkCondition(
  condition: ConditionDto,
  path: string,
  categoryCodes: ReadonlySet<string>,
): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const allowed = FIELDS_BY_CONDITION[condition.type];

  for (const field of CONDITION_FIELDS) {
    // The DTO's @IsOptional lets null through, so null counts as absent, like undefined.
    if (condition[field] != null && !allowed.includes(field)) {
      problems.push({
        field: `${path}.${field}`,
        reason: `${field} does not apply to a ${condition.type} condition`,
      });
    }
  }

  switch (condition.type) {
    case 'NON_CAPITAL_REGION':
      if (!condition.capitalRegions?.length) {
        problems.push({
          field: `${path}.capitalRegions`,
          reason: 'a NON_CAPITAL_REGION condition needs at least one capital region',
        });
      }
      break;
    case 'YOUTH_CEO': {
      const { minAge, maxAge } = condition;
      if (minAge == null) {
        problems.push({
          field: `${path}.minAge`,
          reason: 'a YOUTH_CEO condition needs minAge',
        });
      }
      if (maxAge == null) {
        problems.push({
          field: `${path}.maxAge`,
          reason: 'a YOUTH_CEO condition needs maxAge',
        });
      }
      if (minAge != null && maxAge != null && minAge > maxAge) {
        problems.push({
          field: `${path}.minAge`,
          reason: `minAge ${minAge} is above maxAge ${maxAge}`,
        });
      }
      break;
    }
    case 'COMPANY_TYPE':
      if (!condition.companyTypes?.length) {
        problems.push({
          field: `${path}.companyTypes`,
          reason: 'a COMPANY_TYPE condition needs at least one company type',
        });
      }
      break;
    case 'CROWDSOURCING_SUPPLIER':
    case 'SOCIAL_ISSUE_TRACK':
      break;
  }

  const categories = condition.categories;
  if (categories != null) {
    // An empty list would silently match no application; leaving it out means every category.
    if (categories.length === 0) {
      problems.push({
        field: `${path}.categories`,
        reason: 'categories is empty; leave it out to apply to every category',
      });
    }
    categories.forEach((code, i) => {
      if (!categoryCodes.has(code)) {
        problems.push({
          field: `${path}.categories[${i}]`,
          reason: `${code} is not a category of this program`,
        });
      }
    });
  }
  return problems;
}

function checkEvaluation(rules: ProgramRules): RuleProblem[] {
  const { criteria, cutoffScore } = rules.evaluation;
  const maxBase = criteria.reduce((sum, criterion) => sum + criterion.maxPoints, 0);
  if (cutoffScore <= maxBase) return [];
  return [
    {
      field: 'evaluation.cutoffScore',
      reason: `cut-off ${cutoffScore} is above the highest possible base score ${maxBase}`,
    },
  ];
}

function checkCoPayment(rules: ProgramRules): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const firstIndex = new Map<CompanyType, number>();
  rules.coPayment.rates.forEach((rate, i) => {
    const first = firstIndex.get(rate.companyType);
    if (first === undefined) {
      firstIndex.set(rate.companyType, i);
      return;
    }
    problems.push({
      field: `coPayment.rates[${i}].companyType`,
      reason:
        `duplicate co-payment rate for ${rate.companyType} ` +
        `(already set by coPayment.rates[${first}])`,
    });
  });

  // Every type that can apply somewhere must have a rate, or its grant cannot be computed.
  const needed: { type: CompanyType; where: string }[] = [];
  for (const type of rules.generalTrackCompanyTypes) {
    needed.push({ type, where: 'the general track' });
  }
  for (const pool of rules.specialPools) {
    for (const type of pool.companyTypes) {
      needed.push({ type, where: `special pool ${pool.code}` });
    }
  }
  const reported = new Set<CompanyType>();
  for (const { type, where } of needed) {
    if (firstIndex.has(type) || reported.has(type)) continue;
    reported.add(type);
    problems.push({
      field: 'coPayment.rates',
      reason: `no co-payment rate for ${type}, which may apply in ${where}`,
    });
  }
  return problems;
}

function checkDates(rules: ProgramRules): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const { opensAt, closesAt } = rules.window;
  const opens = Date.parse(opensAt);
  const closes = Date.parse(closesAt);
  if (!(opens < closes)) {
    problems.push({
      field: 'window.closesAt',
      reason: `the window closes at ${closesAt}, not after it opens at ${opensAt}`,
    });
  }
  const dueAt = rules.evaluation.dueAt;
  if (dueAt != null && !(Date.parse(dueAt) > closes)) {
    problems.push({
      field: 'evaluation.dueAt',
      reason: `evaluation is due at ${dueAt}, not after the window closes at ${closesAt}`,
    });
  }
  return problems;
}

/** Thousands separators without Intl, so messages do not depend on the runtime's locale data. */
function krw(amount: number): string {
  return `${String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, ',')} KRW`;
}
