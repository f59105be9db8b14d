import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/** The database name in a URL. */
const nameOf = (url: string) => new URL(url).pathname.slice(1);

/** Migrated once by the e2e global setup; never connected to by a suite. */
export const templateFor = (sharedUrl: string) => `${nameOf(sharedUrl)}_template`;

/** The shared test database's URL, as set by test/env.ts before any suite changed it. */
const SHARED_URL = () => process.env.TEST_SHARED_DATABASE_URL ?? process.env.DATABASE_URL!;

async function onServer<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Drops the shared test database, the template and every per-suite database of an earlier
 * run (all named after the shared one), migrates a fresh template and copies the shared one
 * from it. Other runs with another TEST_DATABASE_URL are left alone.
 */
export async function recreateTestDatabases(
  sharedUrl: string,
  migrateUrl: (url: string) => Promise<unknown>,
): Promise<void> {
  const shared = nameOf(sharedUrl);
  const template = templateFor(sharedUrl);
  await onServer(sharedUrl, async (admin) => {
    const old = await admin.query(
      `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`,
      [shared, `${shared.replace(/_/g, '\\_')}\\_%`],
    );
    for (const { datname } of old.rows as Array<{ datname: string }>) {
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  });
  const templateUrl = new URL(sharedUrl);
  templateUrl.pathname = `/${template}`;
  await migrateUrl(templateUrl.toString());
  await onServer(sharedUrl, (admin) =>
    admin.query(`CREATE DATABASE "${shared}" TEMPLATE "${template}"`),
  );
}

/**
 * Gives the calling suite a fresh, migrated database of its own and points DATABASE_URL at it
 * (each Jest test file has its own process.env). For suites that run a worker: its outbox relay
 * must see only that suite's events.
 */
export async function useOwnDatabase(label: string): Promise<string> {
  const sharedUrl = SHARED_URL();
  const name = `${nameOf(sharedUrl)}_${label}_${randomUUID().slice(0, 8)}`
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_');
  await onServer(sharedUrl, (admin) =>
    admin.query(`CREATE DATABASE "${name}" TEMPLATE "${templateFor(sharedUrl)}"`),
  );
  const url = new URL(sharedUrl);
  url.pathname = `/${name}`;
  process.env.TEST_SHARED_DATABASE_URL = sharedUrl;
  process.env.DATABASE_URL = url.toString();
  return process.env.DATABASE_URL;
}
