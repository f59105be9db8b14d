export * from './test-app';
export * from './rules';
