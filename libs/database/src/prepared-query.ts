import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * Runs one statement as a named prepared statement, on a connection of the pool, outside any
 * transaction. PostgreSQL then parses it once per connection and soon keeps a generic plan,
 * where TypeORM's `query` has it parsed and planned on every call. Meant for hot statements
 * whose planning costs more than their work (the notification fan-out runs once per event).
 * A name stands for one text: never reuse it for another statement.
 */
export async function preparedQuery<T>(
  dataSource: DataSource,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  return (await pool.query({ name, text, values })).rows as T[];
}
