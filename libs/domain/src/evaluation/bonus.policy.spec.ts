import type { ApplicationFacts } from '../program/condition.policy';
import type { BonusRuleDto } from '../program/program-rules.dto';
import { evaluateBonuses, finalScoreCents } from './bonus.policy';
import { passesCutoff } from './cutoff.policy';

const facts = (over: Partial<ApplicationFacts> = {}): ApplicationFacts => ({
  category: 'AI_PROCESSING',
  track: 'GENERAL',
  companyType: 'SME',
  region: 'JEONBUK',
  ceoBirthDate: '1990-03-02',
  referenceDate: '2021-03-02',
  supplierCrowdsourcing: true,
  ...over,
});

const rules: BonusRuleDto[] = [
  {
    code: 'CROWDSOURCING',
    points: 1,
    condition: { type: 'CROWDSOURCING_SUPPLIER', categories: ['AI_PROCESSING'] },
  },
  { code: 'YOUTH', points: 1, condition: { type: 'YOUTH_CEO', minAge: 19, maxAge: 39 } },
  {
    code: 'REGIONAL',
    points: 0.5,
    condition: { type: 'NON_CAPITAL_REGION', capitalRegions: ['SEOUL', 'GYEONGGI', 'INCHEON'] },
  },
  { code: 'SOCIAL', points: 2, condition: { type: 'SOCIAL_ISSUE_TRACK' } },
];

describe('bonus points', () => {
  it('applies the matching rules with their reasons and caps the sum', () => {
    const r = evaluateBonuses(rules, 1, facts());
    expect(r.applied).toEqual([
      { code: 'CROWDSOURCING', points: 1, reason: 'the supplier has adopted crowdsourcing' },
      { code: 'YOUTH', points: 1, reason: 'CEO aged 31 on 2021-03-02 19–39' },
      {
        code: 'REGIONAL',
        points: 0.5,
        reason: 'JEONBUK is outside the capital region (SEOUL, GYEONGGI, INCHEON)',
      },
    ]);
    expect(r.uncappedCents).toBe(250);
    expect(r.pointsCents).toBe(100);
    expect(finalScoreCents(7000, r.pointsCents)).toBe(7100);
  });

  it('adds the sum when it is under the cap', () => {
    const r = evaluateBonuses(rules, 3, facts({ region: 'SEOUL', ceoBirthDate: '1970-01-01' }));
    expect(r.applied.map((b) => b.code)).toEqual(['CROWDSOURCING']);
    expect(r.pointsCents).toBe(100);
  });

  it('gives nothing with no match, and nothing with a zero cap', () => {
    const none = facts({
      category: 'PURCHASE',
      region: 'SEOUL',
      ceoBirthDate: '1970-01-01',
      supplierCrowdsourcing: false,
    });
    expect(evaluateBonuses(rules, 1, none)).toEqual({
      applied: [],
      uncappedCents: 0,
      pointsCents: 0,
    });
    expect(evaluateBonuses(rules, 0, facts()).pointsCents).toBe(0);
  });

  it('caps at exactly the cap with two one-point bonuses', () => {
    const two = rules.slice(0, 2);
    expect(evaluateBonuses(two, 1, facts()).pointsCents).toBe(100);
    expect(evaluateBonuses(two, 2, facts()).pointsCents).toBe(200);
    expect(evaluateBonuses(two, 1.5, facts()).pointsCents).toBe(150);
  });
});

describe('cut-off', () => {
  it('applies to the base score, the cut-off itself passing', () => {
    expect(passesCutoff(6000, 60)).toBe(true);
    expect(passesCutoff(5999, 60)).toBe(false);
    expect(passesCutoff(5950, 59.5)).toBe(true);
    // 59.5 base + 1 bonus = 60.5 final still fails a 60 cut-off: the bonus never rescues it.
    expect(passesCutoff(5950, 60)).toBe(false);
  });
});
