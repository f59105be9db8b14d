import { Client } from 'pg';
import { migrate } from '../libs/database/src/migrate';
import './env';

/**
 * Once per `npm test`: recreate the test database from scratch and run every migration, so
 * runs start clean and can follow each other.
 */
export default async function globalSetup(): Promise<void> {
  const url = new URL(process.env.DATABASE_URL!);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  await migrate(process.env.DATABASE_URL!);
}
