import {
  budgetOpen,
  canCompleteSelection,
  COMPLETE_SELECTION,
  isEditable,
  isProgramAction,
  nextStatus,
  paymentsOpen,
  PROGRAM_ACTIONS,
  PROGRAM_STATUSES,
  ProgramAction,
  ProgramStatus,
} from './program-lifecycle.policy';

const ACTIONS = Object.keys(PROGRAM_ACTIONS) as ProgramAction[];

/** The only allowed (status, action) pairs, written out independently of PROGRAM_ACTIONS. */
const ALLOWED: ReadonlyArray<[ProgramStatus, ProgramAction, ProgramStatus]> = [
  ['DRAFT', 'open', 'OPEN'],
  ['OPEN', 'close', 'CLOSED'],
  ['CLOSED', 'start-evaluation', 'EVALUATING'],
  ['SELECTED', 'start-running', 'RUNNING'],
  ['RUNNING', 'finish', 'FINISHED'],
];

const REFUSED: Array<[ProgramStatus, ProgramAction]> = PROGRAM_STATUSES.flatMap((status) =>
  ACTIONS.filter(
    (action) => !ALLOWED.some(([from, allowed]) => from === status && allowed === action),
  ).map((action): [ProgramStatus, ProgramAction] => [status, action]),
);

describe('program lifecycle', () => {
  it('has the documented statuses in order', () => {
    expect(PROGRAM_STATUSES).toEqual([
      'DRAFT',
      'OPEN',
      'CLOSED',
      'EVALUATING',
      'SELECTED',
      'RUNNING',
      'FINISHED',
    ]);
  });

  it('has exactly the five manual actions', () => {
    expect([...ACTIONS].sort()).toEqual(
      ['close', 'finish', 'open', 'start-evaluation', 'start-running'].sort(),
    );
  });

  it.each(ALLOWED)('%s --%s--> %s', (from, action, to) => {
    expect(nextStatus(from, action)).toBe(to);
  });

  it('refuses every other pair (30 of 35)', () => {
    expect(REFUSED).toHaveLength(PROGRAM_STATUSES.length * ACTIONS.length - ALLOWED.length);
    expect(REFUSED).toHaveLength(30);
  });

  it.each(REFUSED)('refuses %s --%s-->', (from, action) => {
    expect(nextStatus(from, action)).toBeNull();
  });

  it('has no manual way from EVALUATING to SELECTED', () => {
    for (const action of ACTIONS) {
      expect(nextStatus('EVALUATING', action)).toBeNull();
    }
  });

  it('refuses unchecked strings that are not actions, including prototype keys', () => {
    for (const bogus of ['completeSelection', 'toString', '__proto__', 'constructor', '']) {
      expect(isProgramAction(bogus)).toBe(false);
      expect(nextStatus('DRAFT', bogus as ProgramAction)).toBeNull();
    }
    expect(isProgramAction('start-evaluation')).toBe(true);
  });

  it('FINISHED is terminal', () => {
    for (const action of ACTIONS) {
      expect(nextStatus('FINISHED', action)).toBeNull();
    }
  });
});

describe('completing a selection', () => {
  it('goes from EVALUATING to SELECTED', () => {
    expect(COMPLETE_SELECTION).toEqual({ from: 'EVALUATING', to: 'SELECTED' });
  });

  it.each(PROGRAM_STATUSES.map((status) => [status, status === 'EVALUATING'] as const))(
    'from %s: %s',
    (status, allowed) => {
      expect(canCompleteSelection(status)).toBe(allowed);
    },
  );
});

describe('status guards', () => {
  const table = PROGRAM_STATUSES.map((status) => ({
    status,
    editable: isEditable(status),
    budget: budgetOpen(status),
    payments: paymentsOpen(status),
  }));

  it('match the lifecycle for every status', () => {
    expect(table).toEqual([
      { status: 'DRAFT', editable: true, budget: false, payments: false },
      { status: 'OPEN', editable: false, budget: false, payments: false },
      { status: 'CLOSED', editable: false, budget: false, payments: false },
      { status: 'EVALUATING', editable: false, budget: true, payments: false },
      { status: 'SELECTED', editable: false, budget: true, payments: true },
      { status: 'RUNNING', editable: false, budget: true, payments: true },
      { status: 'FINISHED', editable: false, budget: false, payments: false },
    ]);
  });
});
