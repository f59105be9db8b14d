import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';

/**
 * Options shared by the Nest apps, the CLI and the migration commands. Entities are found by
 * file name below libs/domain so that each module owns its own.
 */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [join(__dirname, '../../domain/src/**/*.entity.{ts,js}')],
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: {
      max: poolSize,
      application_name: 'data-voucher',
      // Set once per connection, so that a transaction at the default level needs no
      // SET TRANSACTION of its own whatever the server's configuration says (inTransaction).
      options: '-c default_transaction_isolation=read\\ committed',
    },
  };
}
