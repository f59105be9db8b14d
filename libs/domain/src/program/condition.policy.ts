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
  if (!inCategories(condition, facts)) {
    return { matched: false, reason: `applies only to ${condition.categories!.join(', ')}` };
  }
  const matched = meetsType(condition, facts);
  switch (condition.type) {
    case 'NON_CAPITAL_REGION':
      return matched
        ? {
            matched,
            reason: `${facts.region} is outside the capital region (${(condition.capitalRegions ?? []).join(', ')})`,
          }
        : { matched, reason: `${facts.region} is in the capital region` };
    case 'YOUTH_CEO':
      return {
        matched,
        reason: `CEO aged ${ageOn(facts.ceoBirthDate, facts.referenceDate)} on ${facts.referenceDate}${matched ? '' : ', outside'} ${condition.minAge}–${condition.maxAge}`,
      };
    case 'COMPANY_TYPE':
      return {
        matched,
        reason: `company type ${facts.companyType}${matched ? '' : ' not'} in ${(condition.companyTypes ?? []).join(', ')}`,
      };
    case 'CROWDSOURCING_SUPPLIER':
      return matched
        ? { matched, reason: 'the supplier has adopted crowdsourcing' }
        : { matched, reason: 'the supplier has not adopted crowdsourcing' };
    case 'SOCIAL_ISSUE_TRACK':
      return matched
        ? { matched, reason: 'social-issue track' }
        : { matched, reason: 'general track' };
  }
}

/**
 * matchCondition(...).matched without the reason: selection asks it of every application of a
 * round for every quota, where building the reasons took half the time.
 */
export function conditionMet(condition: ConditionDto, facts: ApplicationFacts): boolean {
  return inCategories(condition, facts) && meetsType(condition, facts);
}

const inCategories = (condition: ConditionDto, facts: ApplicationFacts) =>
  !condition.categories?.length || condition.categories.includes(facts.category);

function meetsType(condition: ConditionDto, facts: ApplicationFacts): boolean {
  switch (condition.type) {
    case 'NON_CAPITAL_REGION':
      return !(condition.capitalRegions ?? []).includes(facts.region);
    case 'YOUTH_CEO': {
      const age = ageOn(facts.ceoBirthDate, facts.referenceDate);
      return age >= (condition.minAge ?? 0) && age <= (condition.maxAge ?? 200);
    }
    case 'COMPANY_TYPE':
      return (condition.companyTypes ?? []).includes(facts.companyType);
    case 'CROWDSOURCING_SUPPLIER':
      return !!facts.supplierCrowdsourcing;
    case 'SOCIAL_ISSUE_TRACK':
      return facts.track === 'SOCIAL_ISSUE';
  }
  throw new Error(`unknown condition type ${String((condition as ConditionDto).type)}`);
}
