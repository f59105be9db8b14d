import { EntityManager, QueryResult } from 'typeorm';

/** One SQL statement with its own numbered parameters ($1, $2, …). */
export interface SqlStatement {
  sql: string;
  params: unknown[];
}

const PARAMETER = /\$(\d+)/g;

/**
 * Runs several data-modifying statements as one: `main` with the others as data-modifying
 * CTEs before it, so a transaction pays one round trip for them instead of one each, which is
 * much of the cost of a short write. Returns the rows of `main`'s RETURNING, if it has one.
 *
 * The statements run on one snapshot and cannot see each other's effects, so only combine
 * writes that don't depend on each other (an update and the audit and outbox rows that
 * describe it, say). Their SQL must not contain `$<digits>` other than their parameters.
 */
export async function runTogether<T = Record<string, unknown>>(
  tx: EntityManager,
  main: SqlStatement,
  ...others: SqlStatement[]
): Promise<T[]> {
  if (!others.length) return rowsOf<T>(tx, main.sql, main.params);
  const params: unknown[] = [];
  const shifted = (statement: SqlStatement) => {
    const offset = params.length;
    params.push(...statement.params);
    return statement.sql.replace(PARAMETER, (_, n: string) => `$${Number(n) + offset}`);
  };
  const ctes = others.map((statement, i) => `w${i} AS (${shifted(statement)})`);
  return rowsOf<T>(tx, `WITH ${ctes.join(', ')} ${shifted(main)}`, params);
}

/**
 * The rows a statement returned, whatever its kind (EntityManager.query hands back
 * `[rows, count]` for an UPDATE but the rows alone for an INSERT).
 */
export async function rowsOf<T = Record<string, unknown>>(
  tx: EntityManager,
  sql: string,
  params: unknown[],
): Promise<T[]> {
  const runner = tx.queryRunner ?? tx.connection.createQueryRunner();
  try {
    const result = (await runner.query(sql, params, true)) as QueryResult<T>;
    return result.records;
  } finally {
    if (runner !== tx.queryRunner) await runner.release();
  }
}
