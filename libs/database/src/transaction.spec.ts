import { isRetryable, withRetries } from './transaction';

const failure = (code: string) => Object.assign(new Error(`sqlstate ${code}`), { code });

describe('withRetries', () => {
  it('runs the work again after a serialization failure or a deadlock, then returns its result', async () => {
    const errors = [failure('40001'), failure('40P01')];
    let calls = 0;
    const work = jest.fn(async () => {
      calls++;
      const error = errors.shift();
      if (error) throw error;
      return 'done';
    });
    await expect(withRetries(work)).resolves.toBe('done');
    expect(calls).toBe(3);
  });

  it('gives up after `retries` runs again and throws the last error', async () => {
    const work = jest.fn(async () => {
      throw failure('40001');
    });
    await expect(withRetries(work, { retries: 2 })).rejects.toMatchObject({ code: '40001' });
    expect(work).toHaveBeenCalledTimes(3);
  });

  it('runs again after an error retryIf accepts, and not after any other', async () => {
    const lost = failure('23505');
    const work = jest
      .fn<Promise<string>, []>()
      .mockRejectedValueOnce(lost)
      .mockResolvedValueOnce('second');
    await expect(withRetries(work, { retryIf: (e) => e === lost })).resolves.toBe('second');

    const other = jest.fn(async () => {
      throw failure('23514');
    });
    await expect(withRetries(other, { retryIf: (e) => e === lost })).rejects.toMatchObject({
      code: '23514',
    });
    expect(other).toHaveBeenCalledTimes(1);
  });
});

describe('isRetryable', () => {
  it('is true for serialization failures and deadlocks only', () => {
    expect(isRetryable(failure('40001'))).toBe(true);
    expect(isRetryable(failure('40P01'))).toBe(true);
    expect(isRetryable(failure('23505'))).toBe(false);
    expect(isRetryable(new Error('no code'))).toBe(false);
    expect(isRetryable(undefined)).toBe(false);
  });
});
