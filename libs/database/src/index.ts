export * from './data-source-options';
export * from './database.module';
export * from './database-url';
export * from './ensure-database';
export * from './migrate';
export * from './money.transformer';
export * from './transaction';
export * from './statements';
