import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * assert_changed(n): true when n > 0, else a serialization failure (SQLSTATE 40001). An
 * optimistic write (runGuarded) ends with it: when its guarded UPDATE found the row changed
 * since it was read, the whole statement, with the outbox and audit rows written beside the
 * update, is undone and the caller reads again. PL/pgSQL because plain SQL cannot raise.
 */
export class GuardedWrites1700000011000 implements MigrationInterface {
  name = 'GuardedWrites1700000011000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION assert_changed(n bigint) RETURNS boolean LANGUAGE plpgsql AS $$
      BEGIN
        IF n IS NULL OR n = 0 THEN
          RAISE EXCEPTION 'the row changed after it was read; read it again'
            USING ERRCODE = 'serialization_failure';
        END IF;
        RETURN TRUE;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS assert_changed(bigint)`);
  }
}
