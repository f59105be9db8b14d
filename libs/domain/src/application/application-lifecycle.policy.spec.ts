import {
  APPLICATION_STATUSES,
  ApplicationStatus,
  canConfirm,
  canSubmit,
  canWithdraw,
  isEditable,
  OCCUPYING,
} from './application-lifecycle.policy';

/**
 * The expected answer for every status, written out independently of the policy:
 * [status, editable, submittable, withdrawable, confirmable (while unconfirmed), occupies].
 */
const TABLE: ReadonlyArray<[ApplicationStatus, boolean, boolean, boolean, boolean, boolean]> = [
  ['DRAFT', true, true, true, true, false],
  ['SUBMITTED', false, false, true, true, false],
  ['ELIGIBLE', false, false, true, false, true],
  ['INELIGIBLE', false, false, true, false, false],
  ['UNDER_REVIEW', false, false, true, false, true],
  ['SCORED', false, false, true, false, true],
  ['SELECTED', false, false, false, false, true],
  ['WAITLISTED', false, false, false, false, true],
  ['REJECTED', false, false, false, false, true],
  ['CONTRACTED', false, false, false, false, true],
  ['DELIVERED', false, false, false, false, true],
  ['SETTLED', false, false, false, false, true],
  ['CANCELLED', false, false, false, false, true],
  ['WITHDRAWN', false, false, false, false, false],
];

describe('application lifecycle policy', () => {
  it('covers every status exactly once in this table', () => {
    expect(TABLE.map(([s]) => s).sort()).toEqual([...APPLICATION_STATUSES].sort());
  });

  describe.each(TABLE)(
    '%s',
    (status, editable, submittable, withdrawable, confirmable, occupying) => {
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
    },
  );
});
