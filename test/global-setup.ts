import { migrate } from '../libs/database/src/migrate';
import { recreateTestDatabases } from '../libs/testing/src/databases';
import './env';

/**
 * Once per `npm test`: start from fresh test databases (see libs/testing/src/databases.ts), so
 * that runs never see each other's data and can follow each other.
 */
export default async function globalSetup(): Promise<void> {
  await recreateTestDatabases(process.env.DATABASE_URL!, migrate);
}
