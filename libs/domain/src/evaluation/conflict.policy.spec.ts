import { EvaluatorConflictFacts, findConflicts } from './conflict.policy';

const app = { applicationId: 'app-1', companyBrn: '1111111111', supplierBrn: '2222222222' };
const evaluator = (over: Partial<EvaluatorConflictFacts> = {}): EvaluatorConflictFacts => ({
  evaluatorId: 'ev-1',
  affiliationBrn: null,
  declared: [],
  recusedApplicationIds: new Set(),
  ...over,
});

describe('conflicts of interest', () => {
  it('finds none for an unrelated evaluator', () => {
    expect(findConflicts(evaluator({ affiliationBrn: '3333333333' }), app)).toEqual([]);
  });

  it('knows an affiliation with the company or the supplier', () => {
    expect(findConflicts(evaluator({ affiliationBrn: '1111111111' }), app)).toEqual([
      {
        source: 'AFFILIATION',
        with: 'COMPANY',
        reason: 'the evaluator is affiliated with the applicant company (1111111111)',
      },
    ]);
    expect(findConflicts(evaluator({ affiliationBrn: '2222222222' }), app)[0]).toMatchObject({
      source: 'AFFILIATION',
      with: 'SUPPLIER',
    });
  });

  it('matches a declaration on the number, whichever kind it was filed as', () => {
    const declared = [{ brn: '2222222222', kind: 'COMPANY' as const, reason: '前 직장' }];
    expect(findConflicts(evaluator({ declared }), app)).toEqual([
      {
        source: 'DECLARED',
        with: 'SUPPLIER',
        reason: 'declared relation with the supplier (2222222222): 前 직장',
      },
    ]);
  });

  it('keeps an evaluator who recused away from that application', () => {
    expect(
      findConflicts(evaluator({ recusedApplicationIds: new Set(['app-1']) }), app),
    ).toHaveLength(1);
    expect(findConflicts(evaluator({ recusedApplicationIds: new Set(['app-2']) }), app)).toEqual(
      [],
    );
  });
});
