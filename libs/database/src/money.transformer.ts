import { ValueTransformer } from 'typeorm';

/**
 * Money is an integer number of won. PostgreSQL `bigint` arrives as a string; we hand the
 * application a JS number and refuse anything that is not a safe integer (2^53 won is far
 * above any program's pool), so a float or an overflow can never reach the ledger.
 */
export function toKrw(value: unknown): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
    throw new TypeError(`Not an integer KRW amount: ${String(value)}`);
  }
  return n;
}

export const moneyTransformer: ValueTransformer = {
  to: (value: unknown) => (value === null || value === undefined ? value : toKrw(value)),
  from: (value: unknown) => (value === null || value === undefined ? value : toKrw(value)),
};

/** `bigint` columns that are counters, not money, use the same safe conversion. */
export const bigintTransformer = moneyTransformer;
