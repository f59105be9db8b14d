/**
 * Conflicts of interest. An evaluator may not evaluate an application when
 * - its profile affiliation (the organisation it works for) is the applicant company or the
 *   named supplier (automatic: known from data), or
 * - it declared a relation with the company or the supplier (by business registration number),
 * - or it already recused itself from this application.
 * A declaration matches on the number, whichever kind it was filed as: a company declared as a
 * supplier (or the reverse) still protects the evaluation.
 */

export type ConflictKind = 'COMPANY' | 'SUPPLIER';
export const CONFLICT_KINDS: readonly ConflictKind[] = ['COMPANY', 'SUPPLIER'];

export interface EvaluatorConflictFacts {
  evaluatorId: string;
  affiliationBrn: string | null;
  declared: ReadonlyArray<{ brn: string; kind: ConflictKind; reason: string }>;
  /** Applications this evaluator recused itself from. */
  recusedApplicationIds: ReadonlySet<string>;
}

export interface ApplicationConflictFacts {
  applicationId: string;
  companyBrn: string;
  supplierBrn: string;
}

export type ConflictSource = 'AFFILIATION' | 'DECLARED' | 'RECUSED';

export interface Conflict {
  source: ConflictSource;
  with: ConflictKind | 'APPLICATION';
  reason: string;
}

export function findConflicts(
  evaluator: EvaluatorConflictFacts,
  application: ApplicationConflictFacts,
): Conflict[] {
  const out: Conflict[] = [];
  const parties: Array<{ kind: ConflictKind; brn: string }> = [
    { kind: 'COMPANY', brn: application.companyBrn },
    { kind: 'SUPPLIER', brn: application.supplierBrn },
  ];
  for (const party of parties) {
    const label = party.kind === 'COMPANY' ? 'the applicant company' : 'the supplier';
    if (evaluator.affiliationBrn && evaluator.affiliationBrn === party.brn) {
      out.push({
        source: 'AFFILIATION',
        with: party.kind,
        reason: `the evaluator is affiliated with ${label} (${party.brn})`,
      });
    }
    for (const d of evaluator.declared) {
      if (d.brn === party.brn) {
        out.push({
          source: 'DECLARED',
          with: party.kind,
          reason: `declared relation with ${label} (${party.brn}): ${d.reason}`,
        });
      }
    }
  }
  if (evaluator.recusedApplicationIds.has(application.applicationId)) {
    out.push({
      source: 'RECUSED',
      with: 'APPLICATION',
      reason: 'the evaluator recused itself from this application',
    });
  }
  return out;
}
