import type { AwardStatus } from './selection.entity';
import { AwardEndedBy, cancelReasonOf, canEndAward, endRefusal } from './award-lifecycle.policy';

const STATUSES: AwardStatus[] = [
  'WAITLISTED',
  'SELECTED',
  'CONTRACTED',
  'DELIVERED',
  'SETTLED',
  'CANCELLED',
];

/** Written out independently of the policy: who may end an award from which status. */
const TABLE: Record<AwardEndedBy, { unpaid: AwardStatus[]; paid: AwardStatus[] }> = {
  APPLICANT: { unpaid: ['SELECTED'], paid: ['SELECTED'] },
  OFFICER: { unpaid: ['SELECTED', 'CONTRACTED'], paid: ['SELECTED', 'CONTRACTED'] },
  SANCTION: { unpaid: ['SELECTED', 'CONTRACTED', 'DELIVERED'], paid: ['SELECTED', 'CONTRACTED'] },
};

describe('award lifecycle policy', () => {
  describe.each(Object.entries(TABLE) as Array<[AwardEndedBy, (typeof TABLE)[AwardEndedBy]]>)(
    '%s',
    (by, allowed) => {
      it.each(STATUSES)('ends a %s award only where the table says', (status) => {
        expect(canEndAward(status, by, 0)).toBe(allowed.unpaid.includes(status));
        expect(canEndAward(status, by, 1)).toBe(allowed.paid.includes(status));
      });
    },
  );

  it('lets the applicant decline only before the agreement is concluded', () => {
    expect(canEndAward('SELECTED', 'APPLICANT', 0)).toBe(true);
    expect(canEndAward('CONTRACTED', 'APPLICANT', 0)).toBe(false);
    expect(canEndAward('WAITLISTED', 'APPLICANT', 0)).toBe(false);
  });

  it('says clearly why it refuses, and that a second decline finds it cancelled', () => {
    expect(endRefusal('CANCELLED', 'APPLICANT')).toBe(
      'The award is already cancelled (declined, withdrawn or cancelled by the operator)',
    );
    expect(endRefusal('CONTRACTED', 'APPLICANT')).toBe(
      'Only a SELECTED award can be declined, before the agreement is concluded; this one is CONTRACTED',
    );
    expect(endRefusal('SETTLED', 'OFFICER')).toBe(
      'Only a SELECTED or CONTRACTED award can be cancelled; this one is SETTLED',
    );
  });

  it('keeps who declined in the cancel reason', () => {
    expect(cancelReasonOf('APPLICANT', '자체 예산으로 수행')).toBe(
      'declined by the applicant: 자체 예산으로 수행',
    );
    expect(cancelReasonOf('OFFICER', '협약 포기')).toBe('협약 포기');
  });
});
