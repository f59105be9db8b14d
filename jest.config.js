/** Unit tests beside the code (libs/**\/*.spec.ts), e2e suites in test/ against real services. */
const moduleNameMapper = {
  '^@app/(common|config|database|queue|domain|testing)$': '<rootDir>/libs/$1/src',
  '^@app/(common|config|database|queue|domain|testing)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] };
const base = { testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'json'], moduleNameMapper, transform };

module.exports = {
  // e2e suites share one test database (isolated by their own data): two at a time on 2 cores.
  maxWorkers: 2,
  // A global option (ignored inside a project): e2e steps wait on real PostgreSQL, Redis and the worker.
  testTimeout: 60_000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,seeds,scripts}/**/*.spec.ts'] },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      setupFiles: ['<rootDir>/test/env.ts'],
    },
  ],
};
