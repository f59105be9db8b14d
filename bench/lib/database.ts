import Redis from 'ioredis';
import { Client, Pool } from 'pg';
import { databaseName, migrate, withDatabase } from '@app/database';
import { redisOptions } from '@app/queue';

/** Drops the bench database (if a previous run left it) and creates it migrated. */
export async function recreateDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  if (!/^[a-z0-9_]*bench[a-z0-9_]*$/.test(name)) {
    throw new Error(`refusing to drop ${name}: the bench database's name must contain "bench"`);
  }
  const admin = new Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  await migrate(url);
}

export async function dropDatabase(url: string): Promise<void> {
  const admin = new Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${databaseName(url)}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** Deletes every key under the bench's queue prefix (and nothing else) in its Redis db. */
export async function clearRedis(url: string, prefix: string): Promise<number> {
  const redis = new Redis(redisOptions(url));
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

export function pool(url: string, max = 10): Pool {
  return new Pool({ connectionString: url, max });
}
