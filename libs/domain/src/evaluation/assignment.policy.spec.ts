import {
  ApplicationToCover,
  pickEvaluators,
  planAssignments,
  PoolMember,
} from './assignment.policy';

const pool = (...loads: number[]): PoolMember[] =>
  loads.map((load, i) => ({ evaluatorId: `ev-${i + 1}`, load }));
const app = (id: string, over: Partial<ApplicationToCover> = {}): ApplicationToCover => ({
  applicationId: id,
  assigned: [],
  excluded: new Set(),
  ...over,
});

describe('assignment', () => {
  it('picks the least loaded, ties by id, never the excluded or the already assigned', () => {
    const members = pool(2, 0, 0, 1);
    expect(pickEvaluators(members, app('a'), 3)).toEqual(['ev-2', 'ev-3', 'ev-4']);
    expect(
      pickEvaluators(members, app('a', { excluded: new Set(['ev-2']), assigned: ['ev-3'] }), 2),
    ).toEqual(['ev-4', 'ev-1']);
    expect(pickEvaluators(members, app('a'), 0)).toEqual([]);
  });

  it('balances the load over a run', () => {
    const plan = planAssignments(pool(0, 0, 0, 0), [app('a'), app('b'), app('c'), app('d')], 3);
    const loads = new Map<string, number>();
    for (const a of plan.assignments) loads.set(a.evaluatorId, (loads.get(a.evaluatorId) ?? 0) + 1);
    expect([...loads.values()]).toEqual([3, 3, 3, 3]);
    expect(plan.covered).toEqual(['a', 'b', 'c', 'd']);
    expect(plan.uncovered).toEqual([]);
  });

  it('never assigns a conflicted evaluator and reports what it could not cover', () => {
    const excluded = new Set(['ev-1', 'ev-2']);
    const plan = planAssignments(pool(0, 0, 0), [app('a', { excluded }), app('b')], 2);
    expect(plan.assignments.filter((a) => a.applicationId === 'a')).toEqual([
      { applicationId: 'a', evaluatorId: 'ev-3' },
    ]);
    expect(plan.uncovered).toEqual([
      {
        applicationId: 'a',
        assigned: 1,
        required: 2,
        reason:
          '1 of 2 evaluators: the pool has 3, 2 of them with a conflict of interest or recused',
      },
    ]);
    expect(plan.covered).toEqual(['b']);
    expect(
      plan.assignments.some((a) => excluded.has(a.evaluatorId) && a.applicationId === 'a'),
    ).toBe(false);
  });

  it('tops up a partly assigned application and skips a full one', () => {
    const plan = planAssignments(
      pool(1, 1, 0),
      [app('a', { assigned: ['ev-1'] }), app('b', { assigned: ['ev-1', 'ev-2'] })],
      2,
    );
    expect(plan.assignments).toEqual([{ applicationId: 'a', evaluatorId: 'ev-3' }]);
    expect(plan.covered).toEqual(['a']);
  });

  it('is deterministic', () => {
    const input = [app('a'), app('b'), app('c')];
    expect(planAssignments(pool(0, 1, 0, 2, 0), input, 2)).toEqual(
      planAssignments(pool(0, 1, 0, 2, 0), input, 2),
    );
  });
});
