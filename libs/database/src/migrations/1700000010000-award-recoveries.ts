import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What was clawed back from an award, beside what was paid (paid_krw stays the gross total of
 * its disbursements): the award view shows paid, recovered and net without reading the
 * ledger. Filled from the ledger for awards recovered before; a CHECK keeps it within paid.
 */
export class AwardRecoveries1700000010000 implements MigrationInterface {
  name = 'AwardRecoveries1700000010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE awards ADD COLUMN recovered_krw bigint NOT NULL DEFAULT 0`);
    await q.query(`
      UPDATE awards w SET recovered_krw = r.total
        FROM (SELECT application_id, sum(amount_krw) AS total FROM budget_ledger
               WHERE kind = 'RECOVER' AND application_id IS NOT NULL GROUP BY application_id) r
       WHERE r.application_id = w.application_id`);
    await q.query(
      `ALTER TABLE awards ADD CONSTRAINT awards_recovered CHECK (recovered_krw >= 0 AND recovered_krw <= paid_krw)`,
    );
    // The officer's award list: a program's awards in category, track and rank order.
    await q.query(
      `CREATE INDEX awards_program_list_idx ON awards (program_id, category, track, rank, application_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS awards_program_list_idx`);
    await q.query(`ALTER TABLE awards DROP COLUMN recovered_krw`);
  }
}
