import { DataSource, EntityManager } from 'typeorm';

export type IsolationLevel = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

/** SQLSTATEs after which re-running the whole transaction is safe and expected. */
const RETRYABLE = new Set(['40001', '40P01']);

export interface RetryOptions {
  /** How often a serialization failure or deadlock is retried before giving up. */
  retries?: number;
  /** Other errors after which the whole work is to be run again (a lost race). */
  retryIf?: (error: unknown) => boolean;
}

export interface TransactionOptions extends RetryOptions {
  /**
   * A stricter level than the default READ COMMITTED (which every connection of the pool is
   * opened with, see dataSourceOptions): naming the default would cost a statement per
   * transaction.
   */
  isolation?: IsolationLevel;
}

/** A serialization failure or deadlock: the work lost a race and may simply run again. */
export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  return code !== undefined && RETRYABLE.has(code);
}

/**
 * Runs `work` and runs it again (after a short, growing, jittered pause) when it fails with a
 * serialization failure, a deadlock or an error `retryIf` accepts; `work` must be safe to
 * repeat: a transaction, or statements that each change all or nothing (see runGuarded).
 */
export async function withRetries<T>(
  work: () => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const { retries = 3, retryIf } = options;
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt < retries && (isRetryable(error) || retryIf?.(error))) {
        await new Promise((resolve) => setTimeout(resolve, 5 * 2 ** attempt + Math.random() * 10));
        continue;
      }
      throw error;
    }
  }
}

/**
 * Runs `work` in one database transaction and retries it on serialization failures and
 * deadlocks. `work` must do nothing outside the transaction that can't be repeated.
 */
export function inTransaction<T>(
  dataSource: DataSource,
  work: (tx: EntityManager) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const { isolation, ...retry } = options;
  return withRetries(
    () =>
      isolation && isolation !== 'READ COMMITTED'
        ? dataSource.transaction(isolation, work)
        : dataSource.transaction(work),
    retry,
  );
}

/** PostgreSQL's unique_violation, for turning a race into a clean 409. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string; driverError?: { constraint?: string } };
  if (e?.code !== '23505') return false;
  return !constraint || (e.constraint ?? e.driverError?.constraint) === constraint;
}

/** PostgreSQL's check_violation: the database itself refused the change. */
export function isCheckViolation(error: unknown): boolean {
  return (error as { code?: string })?.code === '23514';
}
