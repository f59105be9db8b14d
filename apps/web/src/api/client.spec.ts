import { ApiError } from './client';

describe('ApiError', () => {
  it("reads VALIDATION_FAILED's details.fields into reasons per field", () => {
    const error = new ApiError({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'Validation failed',
      details: {
        fields: [
          { field: 'agreedCostKrw', reasons: ['agreedCostKrw must be a positive integer'] },
          { field: 'plan.goals', reasons: ['plan.goals must be shorter than 4000 characters'] },
        ],
      },
      requestId: 'req-1',
    });
    expect(error.fieldProblems).toEqual({
      agreedCostKrw: ['agreedCostKrw must be a positive integer'],
      'plan.goals': ['plan.goals must be shorter than 4000 characters'],
    });
    expect(error.requestId).toBe('req-1');
  });

  it('has no field problems for other errors', () => {
    const error = new ApiError({
      statusCode: 409,
      code: 'SHEET_LOCKED',
      message: 'locked',
      details: null,
    });
    expect(error.fieldProblems).toEqual({});
  });
});
