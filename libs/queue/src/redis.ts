import Redis, { RedisOptions } from 'ioredis';

/**
 * Connection options from REDIS_URL. `db` comes from the URL path (redis://host:6379/1), so the
 * tests can use their own database index on the same server.
 */
export function redisOptions(url: string, extra: RedisOptions = {}): RedisOptions {
  const u = new URL(url);
  const db = Number(u.pathname.replace(/^\//, '') || 0);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: Number.isInteger(db) ? db : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    ...extra,
  };
}

/**
 * A client for request-path use (rate limiting, health): it fails fast instead of queueing
 * commands while Redis is away, so API calls never hang on Redis.
 */
export function createFailFastRedis(url: string): Redis {
  return new Redis(
    redisOptions(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      lazyConnect: false,
      retryStrategy: (times) => Math.min(times * 200, 2000),
    }),
  );
}
