import { ageOn } from '../application/support.policy';
import type { CompanyType, Region, Track } from '../shared/reference-data';
import type { ConditionDto } from './program-rules.dto';

/**
 * Quotas (selection) and bonus rules (evaluation) share one vocabulary of conditions on an
 * application, evaluated from data — never typed by hand — with the reason a person can read.
 */
export interface ApplicationFacts {
  category: string;
  track: Track;
  companyType: CompanyType;
  region: Region;
  ceoBirthDate: string;
  /** The program's reference date for ages (YYYY-MM-DD). */
  referenceDate: string;
  supplierCrowdsourcing: boolean;
}

export interface ConditionOutcome {
  matched: boolean;
  reason: string;
}

export function matchCondition(condition: ConditionDto, facts: ApplicationFacts): ConditionOutcome {
  if (condition.categories?.length && !condition.categories.includes(facts.category)) {
    return { matched: false, reason: `applies only to ${condition.categories.join(', ')}` };
  }
  switch (condition.type) {
    case 'NON_CAPITAL_REGION': {
      const capital = condition.capitalRegions ?? [];
      return capital.includes(facts.region)
        ? { matched: false, reason: `${facts.region} is in the capital region` }
        : {
            matched: true,
            reason: `${facts.region} is outside the capital region (${capital.join(', ')})`,
          };
    }
    case 'YOUTH_CEO': {
      const age = ageOn(facts.ceoBirthDate, facts.referenceDate);
      const matched = age >= (condition.minAge ?? 0) && age <= (condition.maxAge ?? 200);
      return {
        matched,
        reason: `CEO aged ${age} on ${facts.referenceDate}${matched ? '' : ', outside'} ${condition.minAge}–${condition.maxAge}`,
      };
    }
    case 'COMPANY_TYPE': {
      const matched = (condition.companyTypes ?? []).includes(facts.companyType);
      return {
        matched,
        reason: `company type ${facts.companyType}${matched ? '' : ' not'} in ${(condition.companyTypes ?? []).join(', ')}`,
      };
    }
    case 'CROWDSOURCING_SUPPLIER':
      return facts.supplierCrowdsourcing
        ? { matched: true, reason: 'the supplier has adopted crowdsourcing' }
        : { matched: false, reason: 'the supplier has not adopted crowdsourcing' };
    case 'SOCIAL_ISSUE_TRACK':
      return facts.track === 'SOCIAL_ISSUE'
        ? { matched: true, reason: 'social-issue track' }
        : { matched: false, reason: 'general track' };
  }
}
