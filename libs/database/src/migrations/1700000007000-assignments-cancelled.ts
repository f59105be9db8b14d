import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A score sheet still open when its application leaves evaluation (withdrawn, or the program's
 * selection committed) is CANCELLED, with when and why: it is no evaluator's to-do any more
 * and no longer counts in an evaluator's load or an application's evaluators. Submitted sheets
 * stay as they are, for the record. Open sheets of applications that already left are closed.
 */
export class AssignmentsCancelled1700000007000 implements MigrationInterface {
  name = 'AssignmentsCancelled1700000007000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE assignments DROP CONSTRAINT assignments_status_check`);
    await q.query(`
      ALTER TABLE assignments
        ADD CONSTRAINT assignments_status_check
          CHECK (status IN ('ASSIGNED','SUBMITTED','RECUSED','CANCELLED')),
        ADD COLUMN cancelled_at timestamptz,
        ADD COLUMN cancel_reason text,
        ADD CONSTRAINT assignments_cancelled
          CHECK ((status = 'CANCELLED') = (cancelled_at IS NOT NULL AND cancel_reason IS NOT NULL))`);
    // One active sheet per evaluator and application; recused and cancelled ones are history.
    await q.query(`DROP INDEX assignments_active_key`);
    await q.query(`
      CREATE UNIQUE INDEX assignments_active_key ON assignments (application_id, evaluator_user_id)
      WHERE status IN ('ASSIGNED','SUBMITTED')`);
    // The texts AssignmentService.closeOpenSheets writes.
    await q.query(`
      UPDATE assignments s
         SET status = 'CANCELLED', cancelled_at = now(), updated_at = now(),
             cancel_reason = CASE WHEN a.status = 'WITHDRAWN' THEN 'application withdrawn'
                                  ELSE 'evaluation closed: the selection was committed' END
        FROM applications a, programs p
       WHERE a.id = s.application_id AND p.id = s.program_id AND s.status = 'ASSIGNED'
         AND (a.status = 'WITHDRAWN' OR p.status IN ('SELECTED','RUNNING','FINISHED'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE assignments SET status = 'ASSIGNED', updated_at = now() WHERE status = 'CANCELLED'`,
    );
    await q.query(`DROP INDEX assignments_active_key`);
    await q.query(`
      CREATE UNIQUE INDEX assignments_active_key ON assignments (application_id, evaluator_user_id)
      WHERE status <> 'RECUSED'`);
    await q.query(`
      ALTER TABLE assignments
        DROP CONSTRAINT assignments_cancelled,
        DROP COLUMN cancel_reason,
        DROP COLUMN cancelled_at,
        DROP CONSTRAINT assignments_status_check,
        ADD CONSTRAINT assignments_status_check CHECK (status IN ('ASSIGNED','SUBMITTED','RECUSED'))`);
  }
}
