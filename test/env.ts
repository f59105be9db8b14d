/**
 * The e2e suites' environment: a database and a Redis db index of their own, so they never
 * touch what `npm start` uses. Override with TEST_DATABASE_URL / TEST_REDIS_URL.
 * Webhooks may target loopback: the suites' receivers listen on 127.0.0.1.
 */
process.env.NODE_ENV = 'test';
process.env.DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/voucher_test';
process.env.REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/15';
process.env.QUEUE_PREFIX = 'voucher-test';
process.env.JWT_SECRET = 'test-secret-at-least-16-chars';
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
// Lines as they happen (a child process's line "worker started" is waited for).
process.env.LOG_BUFFER_BYTES = '0';
process.env.DATABASE_POOL_SIZE = process.env.TEST_DATABASE_POOL_SIZE ?? '20';
process.env.LOGIN_MAX_FAILURES = '5';
process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = 'true';
