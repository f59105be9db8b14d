import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Selection runs keep their whole input, so a run can be replayed and must give the same
 * decisions; at most one run per program is ever committed. Awards carry the money side of a
 * selected (or waitlisted) application: its account, grant and agreement and payment steps.
 */
export class Selection1700000004000 implements MigrationInterface {
  name = 'Selection1700000004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE selection_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        program_id uuid NOT NULL REFERENCES programs(id),
        status varchar(10) NOT NULL CHECK (status IN ('PREVIEW','COMMITTED')),
        rules_version int NOT NULL,
        input jsonb NOT NULL,
        input_hash char(64) NOT NULL,
        output_hash char(64) NOT NULL,
        summary jsonb NOT NULL,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        committed_by uuid REFERENCES users(id),
        committed_at timestamptz
      )`);
    await q.query(
      `CREATE UNIQUE INDEX selection_runs_one_committed ON selection_runs (program_id) WHERE status = 'COMMITTED'`,
    );
    await q.query(
      `CREATE INDEX selection_runs_program_idx ON selection_runs (program_id, created_at DESC)`,
    );

    await q.query(`
      CREATE TABLE awards (
        application_id uuid PRIMARY KEY REFERENCES applications(id),
        program_id uuid NOT NULL REFERENCES programs(id),
        run_id uuid NOT NULL REFERENCES selection_runs(id),
        category varchar(40) NOT NULL,
        track varchar(16) NOT NULL,
        status varchar(12) NOT NULL
          CHECK (status IN ('WAITLISTED','SELECTED','CONTRACTED','DELIVERED','SETTLED','CANCELLED')),
        account_code varchar(40),
        grant_krw bigint NOT NULL CHECK (grant_krw > 0),
        paid_krw bigint NOT NULL DEFAULT 0 CHECK (paid_krw >= 0 AND paid_krw <= grant_krw),
        rank int NOT NULL,
        waitlist_position int,
        quota_code varchar(40),
        quota_codes text[] NOT NULL DEFAULT '{}',
        base_score numeric(6,2) NOT NULL,
        final_score numeric(6,2) NOT NULL,
        submitted_at timestamptz NOT NULL,
        general_track_allowed boolean NOT NULL,
        reason text NOT NULL,
        agreement_due_at timestamptz,
        applicant_signed_at timestamptz,
        supplier_signed_at timestamptz,
        officer_signed_at timestamptz,
        delivery_reported_at timestamptz,
        delivery_approved_at timestamptz,
        cancelled_at timestamptz,
        cancel_reason text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT awards_account CHECK ((status = 'WAITLISTED') = (account_code IS NULL) OR status = 'CANCELLED')
      )`);
    await q.query(`CREATE INDEX awards_waitlist_idx ON awards (program_id, category, status)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS awards`);
    await q.query(`DROP TABLE IF EXISTS selection_runs`);
  }
}
