import { LEFT_OUT_AT_SELECTION, leftOutReason } from './selection-closure.policy';

describe('selection closure policy', () => {
  it('closes what was still in the running, not what had already ended or been decided', () => {
    expect([...LEFT_OUT_AT_SELECTION].sort()).toEqual(
      ['ELIGIBLE', 'SCORED', 'SUBMITTED', 'UNDER_REVIEW'].sort(),
    );
    for (const ended of [
      'DRAFT',
      'INELIGIBLE',
      'WITHDRAWN',
      'SELECTED',
      'WAITLISTED',
      'REJECTED',
    ]) {
      expect(LEFT_OUT_AT_SELECTION).not.toContain(ended);
    }
  });

  it('gives the flag as the reason of a flagged application, whatever its status', () => {
    expect(leftOutReason('SCORED', true, 'supplier suspended: 리베이트 적발')).toBe(
      'excluded from the selection: supplier suspended: 리베이트 적발',
    );
    expect(leftOutReason('UNDER_REVIEW', true, null)).toBe(
      'excluded from the selection: flagged by the operator',
    );
  });

  it('tells an unconfirmed submission from an unfinished evaluation', () => {
    expect(leftOutReason('SUBMITTED', false, null)).toMatch(/^not assessed: the supplier/);
    expect(leftOutReason('ELIGIBLE', false, null)).toMatch(/^not evaluated:/);
    expect(leftOutReason('UNDER_REVIEW', false, null)).toBe(leftOutReason('ELIGIBLE', false, null));
  });
});
