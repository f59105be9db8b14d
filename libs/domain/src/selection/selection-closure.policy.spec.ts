import { LEFT_OUT_AT_SELECTION, leftOutOutcome } from './selection-closure.policy';

describe('selection closure policy', () => {
  it('leaves alone what had already ended or been decided', () => {
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

  it('rejects a flagged application with the flag as the reason', () => {
    expect(leftOutOutcome('SCORED', true, 'supplier suspended: 리베이트 적발')).toEqual({
      status: 'REJECTED',
      reason: 'excluded from the selection: supplier suspended: 리베이트 적발',
    });
    expect(leftOutOutcome('UNDER_REVIEW', true, null)).toEqual({
      status: 'REJECTED',
      reason: 'excluded from the selection: flagged by the operator',
    });
  });

  it('rejects an application whose evaluation did not finish', () => {
    for (const status of ['ELIGIBLE', 'UNDER_REVIEW'] as const) {
      expect(leftOutOutcome(status, false, null)).toEqual({
        status: 'REJECTED',
        reason: 'not evaluated: its evaluation was not completed when the selection was made',
      });
    }
  });

  it('makes a never-confirmed submission INELIGIBLE (WINDOW_CLOSED), flagged or not', () => {
    for (const flagged of [false, true]) {
      const outcome = leftOutOutcome('SUBMITTED', flagged, flagged ? 'suspended' : null);
      expect(outcome).toMatchObject({ status: 'INELIGIBLE', failure: { code: 'WINDOW_CLOSED' } });
      expect(outcome.reason).toMatch(/^not assessed: the supplier did not confirm/);
    }
  });
});
