import type { ConditionDto } from './program-rules.dto';
import { ApplicationFacts, conditionMet, matchCondition } from './condition.policy';

const facts = (over: Partial<ApplicationFacts> = {}): ApplicationFacts => ({
  category: 'AI_PROCESSING',
  track: 'GENERAL',
  companyType: 'SME',
  region: 'JEONBUK',
  ceoBirthDate: '1990-03-02',
  referenceDate: '2023-03-02',
  supplierCrowdsourcing: true,
  ...over,
});

describe('conditions', () => {
  const capital = {
    type: 'NON_CAPITAL_REGION' as const,
    capitalRegions: ['SEOUL', 'GYEONGGI', 'INCHEON'] as never,
  };

  it('tells regions outside the capital region', () => {
    expect(matchCondition(capital, facts()).matched).toBe(true);
    expect(matchCondition(capital, facts({ region: 'INCHEON' }))).toEqual({
      matched: false,
      reason: 'INCHEON is in the capital region',
    });
  });

  it('takes the CEO age on the reference date, both ends included', () => {
    const youth = { type: 'YOUTH_CEO' as const, minAge: 19, maxAge: 39 };
    expect(matchCondition(youth, facts({ ceoBirthDate: '1983-03-03' })).matched).toBe(true); // 39 the day before
    expect(matchCondition(youth, facts({ ceoBirthDate: '1983-03-02' }))).toEqual({
      matched: false,
      reason: 'CEO aged 40 on 2023-03-02, outside 19–39',
    });
    expect(matchCondition(youth, facts({ ceoBirthDate: '2004-03-02' })).matched).toBe(true); // 19 on the day
    expect(matchCondition(youth, facts({ ceoBirthDate: '2004-03-03' })).matched).toBe(false); // still 18
  });

  it('limits a condition to its categories', () => {
    const crowd = { type: 'CROWDSOURCING_SUPPLIER' as const, categories: ['AI_PROCESSING'] };
    expect(matchCondition(crowd, facts()).matched).toBe(true);
    expect(matchCondition(crowd, facts({ category: 'PURCHASE' }))).toEqual({
      matched: false,
      reason: 'applies only to AI_PROCESSING',
    });
    expect(matchCondition(crowd, facts({ supplierCrowdsourcing: false })).matched).toBe(false);
  });

  it('matches company types and the social-issue track', () => {
    expect(
      matchCondition({ type: 'COMPANY_TYPE', companyTypes: ['SMALL_BUSINESS'] }, facts()).matched,
    ).toBe(false);
    expect(matchCondition({ type: 'COMPANY_TYPE', companyTypes: ['SME'] }, facts()).matched).toBe(
      true,
    );
    expect(
      matchCondition({ type: 'SOCIAL_ISSUE_TRACK' }, facts({ track: 'SOCIAL_ISSUE' })).matched,
    ).toBe(true);
    expect(matchCondition({ type: 'SOCIAL_ISSUE_TRACK' }, facts()).matched).toBe(false);
  });

  it('conditionMet answers what matchCondition says, for every type, in and out of its categories', () => {
    const conditions: ConditionDto[] = [
      capital,
      { ...capital, categories: ['PURCHASE'] },
      { type: 'YOUTH_CEO', minAge: 19, maxAge: 39 },
      { type: 'YOUTH_CEO', minAge: 19, maxAge: 39, categories: ['AI_PROCESSING', 'PURCHASE'] },
      { type: 'YOUTH_CEO' },
      { type: 'COMPANY_TYPE', companyTypes: ['SME', 'UNIVERSITY'] },
      { type: 'COMPANY_TYPE' },
      { type: 'CROWDSOURCING_SUPPLIER', categories: ['AI_PROCESSING'] },
      { type: 'SOCIAL_ISSUE_TRACK', categories: [] },
    ];
    const all = [
      facts(),
      facts({ category: 'PURCHASE', region: 'SEOUL', supplierCrowdsourcing: false }),
      facts({ companyType: 'UNIVERSITY', track: 'SOCIAL_ISSUE', ceoBirthDate: '1983-03-02' }),
      facts({ ceoBirthDate: '2004-03-03', region: 'GYEONGGI', companyType: 'HOSPITAL' }),
      facts({ ceoBirthDate: '1850-01-01', category: 'GENERAL_PROCESSING' }),
    ];
    for (const condition of conditions)
      for (const f of all)
        expect(conditionMet(condition, f)).toBe(matchCondition(condition, f).matched);
  });
});
