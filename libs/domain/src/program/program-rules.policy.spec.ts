import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import rules2021Json from '../../../../seeds/programs/2021.json';
import rules2023Json from '../../../../seeds/programs/2023.json';
import { ProgramRules, ProgramRulesDto } from './program-rules.dto';
import {
  budgetAccountsFor,
  checkRuleSetConsistency,
  RuleProblem,
  ruleSetWarnings,
} from './program-rules.policy';

/** A fresh, validated-shape copy each time, so one test's edits never leak into another. */
function load(json: object): ProgramRules {
  return plainToInstance(ProgramRulesDto, structuredClone(json));
}
const base2021 = (): ProgramRules => load(rules2021Json);
const base2023 = (): ProgramRules => load(rules2023Json);

function fieldsOf(problems: RuleProblem[]): string[] {
  return problems.map((problem) => problem.field);
}

/** Asserts exactly one problem, on `field`, whose reason matches `reason`. */
function expectOnlyProblem(rules: ProgramRules, field: string, reason: RegExp): void {
  const problems = checkRuleSetConsistency(rules);
  expect(fieldsOf(problems)).toEqual([field]);
  expect(problems[0].reason).toMatch(reason);
}

describe('seed rule sets', () => {
  it.each([
    ['2021', rules2021Json],
    ['2023', rules2023Json],
  ])('%s passes DTO validation with whitelist and forbidNonWhitelisted', (_year, json) => {
    const errors = validateSync(plainToInstance(ProgramRulesDto, structuredClone(json)), {
      whitelist: true,
      forbidNonWhitelisted: true,
    });
    expect(errors).toEqual([]);
  });

  it('the DTO check in the test above really bites: an unknown field is refused', () => {
    const errors = validateSync(
      plainToInstance(ProgramRulesDto, { ...structuredClone(rules2021Json), extra: 1 }),
      { whitelist: true, forbidNonWhitelisted: true },
    );
    expect(errors.map((error) => error.property)).toEqual(['extra']);
  });

  it('2021 and 2023 are consistent', () => {
    expect(checkRuleSetConsistency(base2021())).toEqual([]);
    expect(checkRuleSetConsistency(base2023())).toEqual([]);
  });

  it('2021 holds the published figures', () => {
    const rules = base2021();
    expect(rules.totalPoolKrw).toBe(123_000_000_000);
    expect(rules.categories.reduce((sum, category) => sum + category.slots, 0)).toBe(2_580);
    const envelopes = rules.categories.reduce(
      (sum, category) => sum + category.slots * category.maxGrantKrw,
      0,
    );
    expect(envelopes).toBe(106_200_000_000);
    expect(rules.specialPools.map((pool) => [pool.code, pool.budgetKrw])).toEqual([
      ['SOCIAL_ISSUE', 5_000_000_000],
    ]);
    expect(rules.quotas).toEqual([]);
  });

  it('2023 slots × caps stay within its pool', () => {
    const rules = base2023();
    const envelopes = rules.categories.reduce(
      (sum, category) => sum + category.slots * category.maxGrantKrw,
      0,
    );
    expect(envelopes).toBe(77_600_000_000);
    expect(envelopes).toBeLessThanOrEqual(rules.totalPoolKrw);
  });
});

describe('ruleSetWarnings', () => {
  it('has nothing to say about the 2021 and 2023 rule sets (envelopes within the pool)', () => {
    expect(ruleSetWarnings(base2021())).toEqual([]);
    expect(ruleSetWarnings(base2023())).toEqual([]);
  });

  it('warns when envelopes and special pools promise more than the pool, naming the order', () => {
    const rules = base2021();
    // Ten times the slots, the same pool: each envelope is capped at the pool itself.
    for (const category of rules.categories) category.slots *= 10;
    expect(checkRuleSetConsistency(rules)).toEqual([]);
    const warnings = ruleSetWarnings(rules);
    expect(fieldsOf(warnings)).toEqual(['totalPoolKrw']);
    const promised = budgetAccountsFor(rules)
      .filter((a) => a.scope !== 'POOL')
      .reduce((sum, a) => sum + a.limitKrw, 0);
    expect(warnings[0].reason).toContain(`add up to ${promised} KRW`);
    expect(warnings[0].reason).toContain('more than the pool of 123000000000 KRW');
    expect(warnings[0].reason).toContain(`(${rules.categories.map((c) => c.code).join(', ')})`);
  });

  it('counts the special pools with the envelopes', () => {
    const rules = base2021();
    const envelopes = budgetAccountsFor(rules)
      .filter((a) => a.scope === 'CATEGORY')
      .reduce((sum, a) => sum + a.limitKrw, 0);
    const special = rules.totalPoolKrw - envelopes;
    rules.specialPools[0].budgetKrw = special;
    for (const pool of rules.specialPools.slice(1)) pool.budgetKrw = 0;
    expect(ruleSetWarnings(rules)).toEqual([]);
    rules.specialPools[0].budgetKrw = special + 1;
    expect(fieldsOf(ruleSetWarnings(rules))).toEqual(['totalPoolKrw']);
  });
});

describe('checkRuleSetConsistency: codes', () => {
  it('refuses a duplicate category code', () => {
    const rules = base2021();
    rules.categories[2].code = 'PURCHASE';
    // The bonus rule still names AI_PROCESSING, which no longer exists: fix it to isolate.
    rules.bonusRules[0].condition.categories = ['PURCHASE'];
    expectOnlyProblem(
      rules,
      'categories[2].code',
      /duplicate category code PURCHASE.*categories\[0\]/,
    );
  });

  it('refuses a category code POOL', () => {
    const rules = base2021();
    rules.categories[0].code = 'POOL';
    expectOnlyProblem(rules, 'categories[0].code', /reserved/);
  });

  it('refuses a duplicate special pool code', () => {
    const rules = base2021();
    rules.specialPools.push({ ...rules.specialPools[0], budgetKrw: 1_000_000_000 });
    expectOnlyProblem(rules, 'specialPools[1].code', /duplicate special pool code SOCIAL_ISSUE/);
  });

  it('refuses a special pool named like a category', () => {
    const rules = base2021();
    rules.specialPools[0].code = 'AI_PROCESSING';
    expectOnlyProblem(rules, 'specialPools[0].code', /AI_PROCESSING is also a category code/);
  });

  it('refuses a special pool named POOL', () => {
    const rules = base2021();
    rules.specialPools[0].code = 'POOL';
    expectOnlyProblem(rules, 'specialPools[0].code', /POOL is reserved/);
  });

  it('refuses a duplicate quota code', () => {
    const rules = base2023();
    rules.quotas[1].code = 'REGIONAL';
    expectOnlyProblem(rules, 'quotas[1].code', /duplicate quota code REGIONAL/);
  });

  it('refuses a duplicate bonus rule code', () => {
    const rules = base2023();
    rules.bonusRules[1].code = 'YOUTH_CEO';
    expectOnlyProblem(rules, 'bonusRules[1].code', /duplicate bonus rule code YOUTH_CEO/);
  });

  it('refuses a duplicate criterion code', () => {
    const rules = base2021();
    rules.evaluation.criteria[3].code = 'PLAN';
    expectOnlyProblem(rules, 'evaluation.criteria[3].code', /duplicate criterion code PLAN/);
  });
});

describe('checkRuleSetConsistency: money', () => {
  it('refuses a category cap above the pool, and accepts one equal to it', () => {
    const rules = base2021();
    rules.categories[1].maxGrantKrw = 123_000_000_001;
    expectOnlyProblem(
      rules,
      'categories[1].maxGrantKrw',
      /category cap above the pool.*123,000,000,001 KRW.*123,000,000,000 KRW/,
    );
    rules.categories[1].maxGrantKrw = 123_000_000_000;
    expect(checkRuleSetConsistency(rules)).toEqual([]);
  });

  it('refuses a special pool larger than the pool', () => {
    const rules = base2021();
    // The category caps (at most 70M) stay under the smaller pool: only the special pool is wrong.
    rules.totalPoolKrw = 4_000_000_000;
    const problems = checkRuleSetConsistency(rules);
    expect(fieldsOf(problems)).toEqual(['specialPools[0].budgetKrw', 'specialPools']);
    expect(problems[0].reason).toMatch(/5,000,000,000 KRW.*4,000,000,000 KRW/);
  });

  it('refuses special pools that together exceed the pool, each within it', () => {
    const rules = base2021();
    rules.specialPools[0].budgetKrw = 60_000_000_000;
    rules.specialPools.push({
      ...rules.specialPools[0],
      code: 'DISASTER',
      budgetKrw: 63_000_000_001,
    });
    expectOnlyProblem(rules, 'specialPools', /123,000,000,001 KRW.*123,000,000,000 KRW/);
    rules.specialPools[1].budgetKrw = 63_000_000_000;
    expect(checkRuleSetConsistency(rules)).toEqual([]);
  });
});

describe('checkRuleSetConsistency: quota shares', () => {
  function withShares(shares: number[]): ProgramRules {
    const rules = base2023();
    const template = rules.quotas[0];
    rules.quotas = shares.map((share, i) => ({ ...template, code: `Q${i + 1}`, share }));
    return rules;
  }

  it('accepts shares summing to exactly 1', () => {
    expect(checkRuleSetConsistency(withShares([0.6, 0.4]))).toEqual([]);
    expect(checkRuleSetConsistency(withShares([1]))).toEqual([]);
  });

  it('accepts 0.1 + 0.2 + 0.7 in any order', () => {
    // Naive float sums give 1 or 0.9999999999999999 depending on order.
    expect(checkRuleSetConsistency(withShares([0.1, 0.2, 0.7]))).toEqual([]);
    expect(checkRuleSetConsistency(withShares([0.7, 0.2, 0.1]))).toEqual([]);
  });

  it('accepts 0.34 + 0.56 + 0.1 although the float sum is above 1', () => {
    expect(0.34 + 0.56 + 0.1).toBeGreaterThan(1);
    expect(checkRuleSetConsistency(withShares([0.34, 0.56, 0.1]))).toEqual([]);
  });

  it('accepts ten shares of 0.1 and four-decimal shares summing to 1', () => {
    expect(checkRuleSetConsistency(withShares(Array<number>(10).fill(0.1)))).toEqual([]);
    expect(checkRuleSetConsistency(withShares([0.3333, 0.3333, 0.3334]))).toEqual([]);
  });

  it('refuses 1.0001', () => {
    expectOnlyProblem(withShares([0.6, 0.4001]), 'quotas', /100\.01 %.*above 100 %/);
    expectOnlyProblem(withShares([0.3333, 0.3334, 0.3334]), 'quotas', /100\.01 %/);
  });

  it('refuses the 2023 quotas raised to 0.7 + 0.4', () => {
    const rules = base2023();
    rules.quotas[1].share = 0.7;
    expectOnlyProblem(rules, 'quotas', /110 %/);
  });
});

describe('checkRuleSetConsistency: conditions', () => {
  it('NON_CAPITAL_REGION needs capital regions', () => {
    const rules = base2023();
    rules.quotas[0].rule.capitalRegions = [];
    expectOnlyProblem(rules, 'quotas[0].rule.capitalRegions', /at least one capital region/);
    delete rules.quotas[0].rule.capitalRegions;
    expectOnlyProblem(rules, 'quotas[0].rule.capitalRegions', /at least one capital region/);
  });

  it('YOUTH_CEO needs minAge', () => {
    const rules = base2023();
    rules.bonusRules[0].condition.minAge = undefined;
    expectOnlyProblem(rules, 'bonusRules[0].condition.minAge', /needs minAge/);
  });

  it('YOUTH_CEO needs maxAge', () => {
    const rules = base2023();
    rules.quotas[1].rule.maxAge = undefined;
    expectOnlyProblem(rules, 'quotas[1].rule.maxAge', /needs maxAge/);
  });

  it('YOUTH_CEO refuses minAge above maxAge, accepts them equal', () => {
    const rules = base2023();
    rules.quotas[1].rule.minAge = 40;
    expectOnlyProblem(rules, 'quotas[1].rule.minAge', /minAge 40 is above maxAge 39/);
    rules.quotas[1].rule.minAge = 39;
    expect(checkRuleSetConsistency(rules)).toEqual([]);
  });

  it('COMPANY_TYPE needs company types', () => {
    const rules = base2021();
    rules.bonusRules.push({ code: 'SMALL', points: 1, condition: { type: 'COMPANY_TYPE' } });
    expectOnlyProblem(rules, 'bonusRules[1].condition.companyTypes', /at least one company type/);
    rules.bonusRules[1].condition.companyTypes = ['SMALL_BUSINESS'];
    expect(checkRuleSetConsistency(rules)).toEqual([]);
  });

  it('refuses a category the program does not have', () => {
    const rules = base2021();
    rules.bonusRules[0].condition.categories = ['AI_PROCESSING', 'ANONYMIZATION'];
    expectOnlyProblem(
      rules,
      'bonusRules[0].condition.categories[1]',
      /ANONYMIZATION is not a category/,
    );
  });

  it('refuses an empty category list', () => {
    const rules = base2021();
    rules.bonusRules[0].condition.categories = [];
    expectOnlyProblem(rules, 'bonusRules[0].condition.categories', /empty/);
  });

  it('refuses a field that does not belong to the type', () => {
    const rules = base2023();
    rules.quotas[0].rule.minAge = 19;
    expectOnlyProblem(
      rules,
      'quotas[0].rule.minAge',
      /minAge does not apply to a NON_CAPITAL_REGION/,
    );
  });

  it.each([
    ['capitalRegions', { capitalRegions: ['SEOUL' as const] }],
    ['minAge', { minAge: 19 }],
    ['maxAge', { maxAge: 39 }],
    ['companyTypes', { companyTypes: ['SME' as const] }],
  ])('refuses %s on a CROWDSOURCING_SUPPLIER condition', (field, extra) => {
    const rules = base2021();
    Object.assign(rules.bonusRules[0].condition, extra);
    expectOnlyProblem(rules, `bonusRules[0].condition.${field}`, /does not apply/);
  });

  it('accepts categories on every condition type and treats null as absent', () => {
    const rules = base2023();
    rules.quotas[0].rule.categories = ['PURCHASE'];
    rules.quotas[1].rule.categories = ['PURCHASE', 'AI_PROCESSING'];
    rules.bonusRules.push({
      code: 'SOCIAL',
      points: 1,
      condition: { type: 'SOCIAL_ISSUE_TRACK', categories: ['PURCHASE'] },
    });
    Object.assign(rules.quotas[0].rule, { minAge: null });
    expect(checkRuleSetConsistency(rules)).toEqual([]);
  });
});

describe('checkRuleSetConsistency: evaluation', () => {
  it('refuses a cut-off above the criteria total, accepts one equal to it', () => {
    const rules = base2021();
    rules.evaluation.cutoffScore = 100.01;
    expectOnlyProblem(rules, 'evaluation.cutoffScore', /cut-off 100.01 .* 100/);
    rules.evaluation.cutoffScore = 100;
    expect(checkRuleSetConsistency(rules)).toEqual([]);
  });

  it('follows the criteria: lowering a maximum can put the cut-off out of reach', () => {
    const rules = base2021();
    rules.evaluation.criteria.splice(1, 3);
    expectOnlyProblem(rules, 'evaluation.cutoffScore', /cut-off 60 .* 25/);
  });

  it('accepts TRIMMED_MEAN with any number of evaluators', () => {
    const rules = base2021();
    rules.evaluation.aggregation = 'TRIMMED_MEAN';
    rules.evaluation.evaluatorsPerApplication = 1;
    expect(checkRuleSetConsistency(rules)).toEqual([]);
  });
});

describe('checkRuleSetConsistency: co-payment', () => {
  it('refuses a duplicate rate', () => {
    const rules = base2021();
    rules.coPayment.rates.push({ companyType: 'HOSPITAL', percent: 30 });
    expectOnlyProblem(
      rules,
      'coPayment.rates[6].companyType',
      /duplicate co-payment rate for HOSPITAL.*coPayment.rates\[4\]/,
    );
  });

  it('refuses a missing rate for a general-track type', () => {
    const rules = base2021();
    rules.coPayment.rates = rules.coPayment.rates.filter((r) => r.companyType !== 'SME');
    expectOnlyProblem(rules, 'coPayment.rates', /no co-payment rate for SME.*general track/);
  });

  it('refuses a missing rate for a type only a special pool admits', () => {
    const rules = base2021();
    rules.coPayment.rates = rules.coPayment.rates.filter((r) => r.companyType !== 'UNIVERSITY');
    expectOnlyProblem(
      rules,
      'coPayment.rates',
      /no co-payment rate for UNIVERSITY.*special pool SOCIAL_ISSUE/,
    );
  });

  it('does not need rates for types that cannot apply', () => {
    const rules = base2023();
    rules.coPayment.rates = rules.coPayment.rates.filter((r) =>
      rules.generalTrackCompanyTypes.includes(r.companyType),
    );
    expect(checkRuleSetConsistency(rules)).toEqual([]);
  });
});

describe('checkRuleSetConsistency: dates', () => {
  it('refuses a window that closes when it opens', () => {
    const rules = base2021();
    // Same instant, written in two time zones.
    rules.window.closesAt = '2021-03-02T00:00:00Z';
    expectOnlyProblem(rules, 'window.closesAt', /not after it opens/);
  });

  it('refuses a window that closes before it opens', () => {
    const rules = base2021();
    rules.window.closesAt = '2021-03-01T18:00:00+09:00';
    expectOnlyProblem(rules, 'window.closesAt', /not after it opens/);
  });

  it('refuses an evaluation due before the window closes', () => {
    const rules = base2021();
    rules.evaluation.dueAt = '2021-03-31T18:00:00+09:00';
    expectOnlyProblem(rules, 'evaluation.dueAt', /not after the window closes/);
    rules.evaluation.dueAt = '2021-03-31T18:00:01+09:00';
    expect(checkRuleSetConsistency(rules)).toEqual([]);
  });

  it('accepts a rule set without an evaluation due date', () => {
    const rules = base2021();
    delete rules.evaluation.dueAt;
    expect(checkRuleSetConsistency(rules)).toEqual([]);
  });
});

describe('budgetAccountsFor', () => {
  it('gives the 2021 pool, category envelopes and the social-issue pool', () => {
    expect(budgetAccountsFor(base2021())).toEqual([
      { scope: 'POOL', code: 'POOL', limitKrw: 123_000_000_000, slots: null },
      { scope: 'CATEGORY', code: 'PURCHASE', limitKrw: 21_600_000_000, slots: 1_200 },
      { scope: 'CATEGORY', code: 'GENERAL_PROCESSING', limitKrw: 21_600_000_000, slots: 480 },
      { scope: 'CATEGORY', code: 'AI_PROCESSING', limitKrw: 63_000_000_000, slots: 900 },
      { scope: 'SPECIAL', code: 'SOCIAL_ISSUE', limitKrw: 5_000_000_000, slots: null },
    ]);
  });

  it('gives the 2023 accounts, with no special pool', () => {
    expect(budgetAccountsFor(base2023())).toEqual([
      { scope: 'POOL', code: 'POOL', limitKrw: 89_400_000_000, slots: null },
      { scope: 'CATEGORY', code: 'PURCHASE', limitKrw: 7_600_000_000, slots: 760 },
      { scope: 'CATEGORY', code: 'GENERAL_PROCESSING', limitKrw: 10_000_000_000, slots: 250 },
      { scope: 'CATEGORY', code: 'AI_PROCESSING', limitKrw: 60_000_000_000, slots: 1_000 },
    ]);
  });

  it('clips an envelope larger than the pool to the pool', () => {
    const rules = base2021();
    rules.categories[2].slots = 2_000; // 2000 × 70M = 140 bn > 123 bn
    expect(budgetAccountsFor(rules)[3]).toEqual({
      scope: 'CATEGORY',
      code: 'AI_PROCESSING',
      limitKrw: 123_000_000_000,
      slots: 2_000,
    });
  });

  it('stays exact at the DTO extremes, where slots × cap passes 2^53', () => {
    const rules = base2021();
    rules.totalPoolKrw = 10_000_000_000_000;
    rules.categories[0].slots = 1_000_000;
    rules.categories[0].maxGrantKrw = 10_000_000_000_000;
    rules.categories[1].slots = 0;
    const [pool, purchase, general] = budgetAccountsFor(rules);
    expect(pool.limitKrw).toBe(10_000_000_000_000);
    expect(purchase.limitKrw).toBe(10_000_000_000_000);
    expect(general.limitKrw).toBe(0);
    for (const account of budgetAccountsFor(rules)) {
      expect(Number.isSafeInteger(account.limitKrw)).toBe(true);
    }
  });
});
