import {
  ACTIVE_SHEET_STATUSES,
  ASSIGNMENT_STATUSES,
  AssignmentStatus,
  canEdit,
  checkScores,
  closesWhenApplicationLeaves,
  isActiveSheet,
  maxTotalCents,
  totalTenths,
} from './score-sheet.policy';

const criteria = [
  { code: 'NECESSITY', name: '필요성', maxPoints: 25 },
  { code: 'PLAN', name: '계획', maxPoints: 30 },
  { code: 'FEASIBILITY', name: '역량', maxPoints: 25 },
  { code: 'IMPACT', name: '효과', maxPoints: 20 },
];

describe('score sheets', () => {
  it('accepts a partial draft and a complete sheet', () => {
    expect(checkScores(criteria, { PLAN: 21.5 }, false)).toEqual([]);
    expect(
      checkScores(criteria, { NECESSITY: 0, PLAN: 30, FEASIBILITY: 25, IMPACT: 20 }, true),
    ).toEqual([]);
  });

  it('names every bad criterion as scores.CODE', () => {
    const problems = checkScores(
      criteria,
      { PLAN: 31, IMPACT: -1, NECESSITY: '20', OTHER: 3, FEASIBILITY: 1.25 },
      false,
    );
    expect(problems.map((p) => p.field).sort()).toEqual([
      'scores.FEASIBILITY',
      'scores.IMPACT',
      'scores.NECESSITY',
      'scores.OTHER',
      'scores.PLAN',
    ]);
    expect(problems.find((p) => p.field === 'scores.PLAN')!.reasons[0]).toContain(
      'between 0 and 30',
    );
    expect(problems.find((p) => p.field === 'scores.OTHER')!.reasons[0]).toContain(
      'unknown criterion',
    );
    expect(problems.find((p) => p.field === 'scores.NECESSITY')!.reasons[0]).toContain(
      'must be a number',
    );
    expect(problems.find((p) => p.field === 'scores.FEASIBILITY')!.reasons[0]).toContain(
      'one decimal',
    );
  });

  it('refuses NaN and infinity', () => {
    expect(checkScores(criteria, { PLAN: Number.NaN }, false)).toHaveLength(1);
    expect(checkScores(criteria, { PLAN: Number.POSITIVE_INFINITY }, false)).toHaveLength(1);
  });

  it('asks for every criterion on submission', () => {
    const problems = checkScores(criteria, { PLAN: 20 }, true);
    expect(problems.map((p) => p.field)).toEqual([
      'scores.NECESSITY',
      'scores.FEASIBILITY',
      'scores.IMPACT',
    ]);
  });

  it('totals exactly in tenths', () => {
    expect(
      totalTenths(criteria, { NECESSITY: 20.1, PLAN: 20.2, FEASIBILITY: 20.3, IMPACT: 0.1 }),
    ).toBe(607);
    expect(maxTotalCents(criteria)).toBe(10_000);
  });

  it('locks a sheet once submitted, recused or cancelled', () => {
    expect(canEdit('ASSIGNED')).toBe(true);
    expect(canEdit('SUBMITTED')).toBe(false);
    expect(canEdit('RECUSED')).toBe(false);
    expect(canEdit('CANCELLED')).toBe(false);
  });

  it('counts open and submitted sheets only, and cancels only open ones when the application leaves', () => {
    // [status, active (load, evaluators, aggregation), cancelled when its application leaves]
    const table: Array<[AssignmentStatus, boolean, boolean]> = [
      ['ASSIGNED', true, true],
      ['SUBMITTED', true, false],
      ['RECUSED', false, false],
      ['CANCELLED', false, false],
    ];
    expect(table.map(([s]) => s).sort()).toEqual([...ASSIGNMENT_STATUSES].sort());
    for (const [status, active, closes] of table) {
      expect({ status, active: isActiveSheet(status) }).toEqual({ status, active });
      expect({ status, closes: closesWhenApplicationLeaves(status) }).toEqual({ status, closes });
    }
    expect([...ACTIVE_SHEET_STATUSES].sort()).toEqual(['ASSIGNED', 'SUBMITTED']);
  });
});
