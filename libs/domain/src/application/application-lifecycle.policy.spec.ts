import {
  APPLICATION_STATUSES,
  ApplicationStatus,
  canConfirm,
  canSubmit,
  canWithdraw,
  isEditable,
  mayHaveEvaluation,
  OCCUPYING,
} from './application-lifecycle.policy';

/**
 * The expected answer for every status, written out independently of the policy:
 * [status, editable, submittable, withdrawable, confirmable (while unconfirmed), occupies,
 *  may have score sheets or an award].
 */
const TABLE: ReadonlyArray<
  [ApplicationStatus, boolean, boolean, boolean, boolean, boolean, boolean]
> = [
  ['DRAFT', true, true, true, true, false, false],
  ['SUBMITTED', false, false, true, true, false, false],
  ['ELIGIBLE', false, false, true, false, true, true],
  ['INELIGIBLE', false, false, true, false, false, false],
  ['UNDER_REVIEW', false, false, true, false, true, true],
  ['SCORED', false, false, true, false, true, true],
  ['SELECTED', false, false, false, false, true, true],
  ['WAITLISTED', false, false, true, false, true, true],
  ['REJECTED', false, false, false, false, true, true],
  ['CONTRACTED', false, false, false, false, true, true],
  ['DELIVERED', false, false, false, false, true, true],
  ['SETTLED', false, false, false, false, true, true],
  ['CANCELLED', false, false, false, false, true, true],
  ['WITHDRAWN', false, false, false, false, false, false],
];

describe('application lifecycle policy', () => {
  it('covers every status exactly once in this table', () => {
    expect(TABLE.map(([s]) => s).sort()).toEqual([...APPLICATION_STATUSES].sort());
  });

  describe.each(TABLE)(
    '%s',
    (status, editable, submittable, withdrawable, confirmable, occupying, evaluated) => {
      it(`is ${editable ? '' : 'not '}editable`, () => {
        expect(isEditable(status)).toBe(editable);
      });
      it(`can${submittable ? '' : 'not'} be submitted`, () => {
        expect(canSubmit(status)).toBe(submittable);
      });
      it(`can${withdrawable ? '' : 'not'} be withdrawn`, () => {
        expect(canWithdraw(status)).toBe(withdrawable);
      });
      it(`can${confirmable ? '' : 'not'} be confirmed while unconfirmed, and never twice`, () => {
        expect(canConfirm(status, false)).toBe(confirmable);
        expect(canConfirm(status, true)).toBe(false);
      });
      it(`${occupying ? 'holds' : 'does not hold'} the company's one place in the program`, () => {
        expect(OCCUPYING.includes(status)).toBe(occupying);
      });
      it(`${evaluated ? 'may' : 'can not'} have score sheets or an award`, () => {
        expect(mayHaveEvaluation(status)).toBe(evaluated);
      });
    },
  );
});
