export * from './test-app';
export * from './rules';
export * from './databases';
export * from './fixtures';
export * from './processes';
export * from './wait';
export * from './openapi';
