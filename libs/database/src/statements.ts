import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import { EntityManager, QueryFailedError, QueryResult } from 'typeorm';

/** One SQL statement with its own numbered parameters ($1, $2, …). */
export interface SqlStatement {
  sql: string;
  params: unknown[];
  /**
   * Names a statement that PostgreSQL should plan once per connection and then reuse (a
   * prepared statement): for the big statements of hot paths, whose planning can cost more
   * than running them. A name must always stand for the same SQL.
   */
  name?: string;
}

const PARAMETER = /\$(\d+)/g;

/**
 * Runs several data-modifying statements as one: `main` with the others as data-modifying
 * CTEs before it, so a transaction pays one round trip for them instead of one each, which is
 * much of the cost of a short write. Returns the rows of `main`'s RETURNING, if it has one.
 * The combination is prepared (see SqlStatement.name) when all of them are named.
 *
 * The statements run on one snapshot and cannot see each other's effects, so only combine
 * writes that don't depend on each other (an update and the audit and outbox rows that
 * describe it, say). Their SQL must not contain `$<digits>` other than their parameters.
 */
export function runTogether<T = Record<string, unknown>>(
  tx: EntityManager,
  main: SqlStatement,
  ...others: SqlStatement[]
): Promise<T[]> {
  if (!others.length) return runStatement<T>(tx, main);
  return runStatement<T>(
    tx,
    combine([main, ...others], ([first, ...rest]) => `WITH ${ctes(rest)} ${first}`),
  );
}

/**
 * An optimistic write: `change` (an UPDATE … RETURNING whose WHERE re-checks that what the
 * caller read is still so, typically by the rows' `xmin`, and locks what must not change
 * until it commits) and the `others` as data-modifying CTEs, in one statement. When `change`
 * finds no row the statement fails with a serialization failure (SQLSTATE 40001, from the
 * database function `assert_changed`), so the others are undone with it and the caller's
 * withRetries/inTransaction reads again and decides again. In autocommit this is a whole
 * transaction in one round trip. Returns the rows of `change`'s RETURNING.
 */
export function runGuarded<T = Record<string, unknown>>(
  manager: EntityManager,
  change: SqlStatement,
  ...others: SqlStatement[]
): Promise<T[]> {
  return runStatement<T>(
    manager,
    combine(
      [change, ...others],
      ([first, ...rest]) =>
        `WITH changed AS (${first})${rest.length ? `, ${ctes(rest)}` : ''}
         SELECT changed.* FROM (SELECT assert_changed((SELECT count(*) FROM changed))) AS held
                LEFT JOIN changed ON TRUE`,
      'guarded:',
    ),
  );
}

/** `w0 AS (…), w1 AS (…)`: statements as data-modifying CTEs. */
const ctes = (sqls: string[]) => sqls.map((sql, i) => `w${i} AS (${sql})`).join(', ');

/**
 * Statements as one: their parameters numbered one after the other, their SQL put together
 * by `build`, named (prepared) when all of them are; `kind` tells apart the names of
 * combinations built differently from the same statements.
 */
function combine(
  statements: SqlStatement[],
  build: (sqls: string[]) => string,
  kind = '',
): SqlStatement {
  const params: unknown[] = [];
  const sqls = statements.map((statement) => {
    const offset = params.length;
    params.push(...statement.params);
    return statement.sql.replace(PARAMETER, (_, n: string) => `$${Number(n) + offset}`);
  });
  const named = statements.every((s) => s.name);
  return {
    sql: build(sqls),
    params,
    name: named ? kind + statements.map((s) => s.name).join('+') : undefined,
  };
}

/**
 * The rows a statement returned, whatever its kind (EntityManager.query hands back
 * `[rows, count]` for an UPDATE but the rows alone for an INSERT).
 */
export async function runStatement<T = Record<string, unknown>>(
  tx: EntityManager,
  statement: SqlStatement,
): Promise<T[]> {
  const { sql, params } = statement;
  const name = statement.name && preparedName(statement.name);
  const runner = tx.queryRunner ?? tx.connection.createQueryRunner();
  try {
    if (!name) return ((await runner.query(sql, params, true)) as QueryResult<T>).records;
    // TypeORM cannot name a statement: its node-postgres client can, on the same connection.
    const client = (await runner.connect()) as PoolClient;
    tx.connection.logger.logQuery(sql, params, runner);
    try {
      return (await client.query<T & object>({ name, text: sql, values: params })).rows;
    } catch (error) {
      tx.connection.logger.logQueryError(error as Error, sql, params, runner);
      throw new QueryFailedError(sql, params, error as Error);
    }
  } finally {
    if (runner !== tx.queryRunner) await runner.release();
  }
}

/** PostgreSQL keeps the first 63 bytes of a name (NAMEDATALEN − 1) and drops the rest. */
const MAX_NAME_BYTES = 63;

/**
 * A statement name PostgreSQL keeps whole: as given when short enough, else its start and a
 * hash of all of it, so two long names that begin alike never become the same prepared
 * statement (node-postgres would send the second as already prepared, or fail to prepare it).
 */
export function preparedName(name: string): string {
  if (Buffer.byteLength(name) <= MAX_NAME_BYTES) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 16);
  let head = '';
  for (const char of name) {
    if (Buffer.byteLength(head + char) > MAX_NAME_BYTES - hash.length - 1) break;
    head += char;
  }
  return `${head}#${hash}`;
}
