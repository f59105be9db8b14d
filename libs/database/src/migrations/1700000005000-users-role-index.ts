import { MigrationInterface, QueryRunner } from 'typeorm';

/** Events announced to a role (e.g. every officer) find its users by index, not by a scan. */
export class UsersRoleIndex1700000005000 implements MigrationInterface {
  name = 'UsersRoleIndex1700000005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX users_role_idx ON users (role)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS users_role_idx`);
  }
}
