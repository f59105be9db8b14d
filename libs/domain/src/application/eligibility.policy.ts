import type { ProgramStatus } from '../program/program-lifecycle.policy';
import type { ProgramRules } from '../program/program-rules.dto';
import type { CompanyType } from '../shared/reference-data';
import { isRelated } from '../supplier/supplier.policy';

/**
 * The automatic eligibility check run when an application is submitted (and its supplier has
 * confirmed the pre-agreement). It returns every failed rule, not just the first, so a
 * company learns all it must fix at once.
 */
export const ELIGIBILITY_CODES = [
  'WINDOW_CLOSED',
  'CATEGORY_NOT_OFFERED',
  'COMPANY_TYPE_NOT_ALLOWED',
  'SOCIAL_ISSUE_NOT_FUNDED',
  'DUPLICATE_APPLICATION',
  'SUPPLIER_NOT_APPROVED',
  'OFFERING_NOT_IN_CATEGORY',
  'SUPPLIER_RELATED',
  'COST_OUT_OF_LIMITS',
  'PLAN_INCOMPLETE',
] as const;
export type EligibilityCode = (typeof ELIGIBILITY_CODES)[number];

export interface EligibilityFailure {
  code: EligibilityCode;
  reason: string;
}

export interface EligibilityInput {
  submittedAt: Date;
  program: { status: ProgramStatus; rules: ProgramRules };
  application: {
    category: string;
    track: 'GENERAL' | 'SOCIAL_ISSUE';
    socialIssue: string | null;
    agreedCostKrw: number;
    requestedSupportKrw: number;
    planSections: Record<string, string | undefined>;
  };
  company: { type: CompanyType; businessRegistrationNumber: string; ceoName: string };
  supplier: {
    status: string;
    businessRegistrationNumber: string;
    representative: string;
    name: string;
  };
  offering: { category: string; status: string; title: string } | null;
  /** Other applications of the same company in the program that hold its one place. */
  otherLiveApplications: number;
}

/** The plan sections an application must fill in before it can be submitted. */
export const PLAN_SECTIONS = ['background', 'goals', 'dataUsage', 'expectedOutcome'] as const;

export function specialPoolFor(rules: ProgramRules, socialIssue: string | null) {
  return socialIssue ? rules.specialPools.find((p) => p.issues.includes(socialIssue)) : undefined;
}

export function checkEligibility(input: EligibilityInput): EligibilityFailure[] {
  const { program, application: app, company, supplier, offering } = input;
  const { rules } = program;
  const failures: EligibilityFailure[] = [];
  const fail = (code: EligibilityCode, reason: string) => failures.push({ code, reason });

  const opens = Date.parse(rules.window.opensAt);
  const closes = Date.parse(rules.window.closesAt);
  const at = input.submittedAt.getTime();
  if (program.status !== 'OPEN') {
    fail('WINDOW_CLOSED', `the program is ${program.status}, not open for applications`);
  } else if (at < opens || at > closes) {
    fail(
      'WINDOW_CLOSED',
      `submitted ${input.submittedAt.toISOString()}, outside the window ${rules.window.opensAt} – ${rules.window.closesAt}`,
    );
  }

  if (!rules.categories.some((c) => c.code === app.category)) {
    fail('CATEGORY_NOT_OFFERED', `category ${app.category} is not part of this program`);
  }

  if (app.track === 'GENERAL') {
    if (!rules.generalTrackCompanyTypes.includes(company.type)) {
      fail(
        'COMPANY_TYPE_NOT_ALLOWED',
        `${company.type} may not apply in the GENERAL track (only ${rules.generalTrackCompanyTypes.join(', ')})`,
      );
    }
  } else {
    const pool = specialPoolFor(rules, app.socialIssue);
    if (!pool) {
      fail(
        'SOCIAL_ISSUE_NOT_FUNDED',
        `no special pool of this program funds the social issue ${app.socialIssue ?? '(none)'}`,
      );
    } else if (!pool.companyTypes.includes(company.type)) {
      fail(
        'COMPANY_TYPE_NOT_ALLOWED',
        `${company.type} may not draw on ${pool.code} (only ${pool.companyTypes.join(', ')})`,
      );
    }
  }

  if (input.otherLiveApplications > 0) {
    fail(
      'DUPLICATE_APPLICATION',
      'the company already has an application in this program (one per company, across tracks)',
    );
  }

  if (supplier.status !== 'APPROVED') {
    fail('SUPPLIER_NOT_APPROVED', `supplier ${supplier.name} is ${supplier.status}, not approved`);
  }
  if (!offering || offering.status !== 'APPROVED' || offering.category !== app.category) {
    fail(
      'OFFERING_NOT_IN_CATEGORY',
      offering
        ? `offering "${offering.title}" is ${offering.status} in ${offering.category}; an approved ${app.category} offering is required`
        : `the supplier has no such offering`,
    );
  }
  const related = isRelated(
    { brn: supplier.businessRegistrationNumber, representative: supplier.representative },
    { brn: company.businessRegistrationNumber, ceoName: company.ceoName },
  );
  if (related) {
    fail(
      'SUPPLIER_RELATED',
      'the supplier is the applicant itself or related to it (same registration number or representative)',
    );
  }

  if (!(app.agreedCostKrw > 0) || !(app.requestedSupportKrw > 0)) {
    fail('COST_OUT_OF_LIMITS', `the agreed cost ${app.agreedCostKrw} KRW gives no state support`);
  }
  const missing = PLAN_SECTIONS.filter((s) => !app.planSections[s]?.trim());
  if (missing.length) fail('PLAN_INCOMPLETE', `plan sections missing: ${missing.join(', ')}`);
  return failures;
}
