export const PROGRAM_STATUSES = [
  'DRAFT',
  'OPEN',
  'CLOSED',
  'EVALUATING',
  'SELECTED',
  'RUNNING',
  'FINISHED',
] as const;
export type ProgramStatus = (typeof PROGRAM_STATUSES)[number];

interface Transition {
  readonly from: ProgramStatus;
  readonly to: ProgramStatus;
}

/** Transitions an officer or admin triggers by hand, keyed by the action's URL-friendly name. */
export const PROGRAM_ACTIONS = {
  open: { from: 'DRAFT', to: 'OPEN' },
  close: { from: 'OPEN', to: 'CLOSED' },
  'start-evaluation': { from: 'CLOSED', to: 'EVALUATING' },
  'start-running': { from: 'SELECTED', to: 'RUNNING' },
  finish: { from: 'RUNNING', to: 'FINISHED' },
} as const satisfies Record<string, Transition>;
export type ProgramAction = keyof typeof PROGRAM_ACTIONS;

/**
 * EVALUATING → SELECTED is not a manual action: only committing a selection run moves the
 * program on, in the same transaction that reserves the grants.
 */
export const COMPLETE_SELECTION = {
  from: 'EVALUATING',
  to: 'SELECTED',
} as const satisfies Transition;

export function isProgramAction(value: string): value is ProgramAction {
  // hasOwn, not `in`: 'toString' or '__proto__' from a URL must not pass as an action.
  return Object.hasOwn(PROGRAM_ACTIONS, value);
}

/** The status after `action`, or null when the action is not allowed from `current`. */
export function nextStatus(current: ProgramStatus, action: ProgramAction): ProgramStatus | null {
  // Callers may hand over an unchecked string despite the type; refuse it instead of throwing.
  if (!isProgramAction(action)) return null;
  const transition: Transition = PROGRAM_ACTIONS[action];
  return transition.from === current ? transition.to : null;
}

export function canCompleteSelection(status: ProgramStatus): boolean {
  return status === COMPLETE_SELECTION.from;
}

/** Rules may change only before anyone has applied under them. */
export function isEditable(status: ProgramStatus): boolean {
  return status === 'DRAFT';
}

/** Reservations and releases: from evaluation (selection commits) until the program ends. */
export function budgetOpen(status: ProgramStatus): boolean {
  return status === 'EVALUATING' || status === 'SELECTED' || status === 'RUNNING';
}

/** Disbursements need a selection to have been committed and the program not yet finished. */
export function paymentsOpen(status: ProgramStatus): boolean {
  return status === 'SELECTED' || status === 'RUNNING';
}
