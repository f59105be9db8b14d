import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A preview no longer stores its input (tens of megabytes for a large round): its decisions are
 * recomputed from the database while its input hash still matches. The committed run keeps its
 * whole input, so it can be replayed forever.
 */
export class PreviewInput1700000006000 implements MigrationInterface {
  name = 'PreviewInput1700000006000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE selection_runs ALTER COLUMN input DROP NOT NULL`);
    await q.query(
      `ALTER TABLE selection_runs ADD CONSTRAINT selection_runs_committed_input CHECK (status <> 'COMMITTED' OR input IS NOT NULL)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE selection_runs DROP CONSTRAINT selection_runs_committed_input`);
    await q.query(`UPDATE selection_runs SET input = '{}'::jsonb WHERE input IS NULL`);
    await q.query(`ALTER TABLE selection_runs ALTER COLUMN input SET NOT NULL`);
  }
}
