/**
 * The benchmarks' environment: a database, a Redis db index and a queue prefix of their own,
 * so a run never touches what `npm start` or `npm test` use. Imported first by bench/run.ts:
 * the worker's processors read the configuration when their module is loaded.
 * Each variable can be overridden with BENCH_<NAME> (e.g. BENCH_DATABASE_URL).
 */
const defaults: Record<string, string> = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/voucher_bench',
  REDIS_URL: 'redis://127.0.0.1:6379/14',
  QUEUE_PREFIX: 'voucher-bench',
  JWT_SECRET: 'bench-only-secret-not-for-production',
  // Production's level: request and event logs are written (to /dev/null in child processes).
  LOG_LEVEL: 'info',
  DATABASE_POOL_SIZE: '10',
  OUTBOX_RELAY_INTERVAL_MS: '500',
};

for (const [name, value] of Object.entries(defaults)) {
  process.env[name] = process.env[`BENCH_${name}`] ?? value;
}
// E-mail off: only in-app notifications are written (they are delivered by being written).
delete process.env.SMTP_URL;

export const BENCH_ENV = Object.fromEntries(
  Object.keys(defaults).map((name) => [name, process.env[name]!]),
);
