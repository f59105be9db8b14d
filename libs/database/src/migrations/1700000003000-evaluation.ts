import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Evaluation: the evaluator pool per program, evaluators' affiliations and declared conflicts
 * of interest, score sheets (assignments), due reminders sent, and the computed scores and
 * ranking per application.
 * A submitted sheet is locked by a trigger as well, so no code path can change it.
 */
export class Evaluation1700000003000 implements MigrationInterface {
  name = 'Evaluation1700000003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE evaluator_profiles (
        user_id uuid PRIMARY KEY REFERENCES users(id),
        affiliation_brn char(10) CHECK (affiliation_brn ~ '^[0-9]{10}$'),
        affiliation_name varchar(200),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX evaluator_profiles_brn_idx ON evaluator_profiles (affiliation_brn) WHERE affiliation_brn IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE program_evaluators (
        program_id uuid NOT NULL REFERENCES programs(id),
        evaluator_user_id uuid NOT NULL REFERENCES users(id),
        added_by uuid REFERENCES users(id),
        added_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (program_id, evaluator_user_id)
      )`);
    await q.query(
      `CREATE INDEX program_evaluators_evaluator_idx ON program_evaluators (evaluator_user_id)`,
    );

    await q.query(`
      CREATE TABLE evaluator_conflicts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        evaluator_user_id uuid NOT NULL REFERENCES users(id),
        brn char(10) NOT NULL CHECK (brn ~ '^[0-9]{10}$'),
        kind varchar(8) NOT NULL CHECK (kind IN ('COMPANY','SUPPLIER')),
        reason text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT evaluator_conflicts_key UNIQUE (evaluator_user_id, brn)
      )`);

    await q.query(`
      CREATE TABLE assignments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL REFERENCES applications(id),
        program_id uuid NOT NULL REFERENCES programs(id),
        evaluator_user_id uuid NOT NULL REFERENCES users(id),
        status varchar(10) NOT NULL DEFAULT 'ASSIGNED' CHECK (status IN ('ASSIGNED','SUBMITTED','RECUSED')),
        scores jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(scores) = 'object'),
        comment text,
        total numeric(6,2) CHECK (total >= 0),
        due_at timestamptz,
        submitted_at timestamptz,
        recused_reason text,
        recused_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT assignments_submitted CHECK ((status = 'SUBMITTED') = (submitted_at IS NOT NULL AND total IS NOT NULL)),
        CONSTRAINT assignments_recused CHECK ((status = 'RECUSED') = (recused_at IS NOT NULL AND recused_reason IS NOT NULL))
      )`);
    // One active sheet per evaluator and application; a recused one stays as history.
    await q.query(`
      CREATE UNIQUE INDEX assignments_active_key ON assignments (application_id, evaluator_user_id)
      WHERE status <> 'RECUSED'`);
    await q.query(
      `CREATE INDEX assignments_evaluator_idx ON assignments (evaluator_user_id, status, created_at)`,
    );
    await q.query(
      `CREATE INDEX assignments_program_idx ON assignments (program_id, evaluator_user_id, status)`,
    );
    await q.query(
      `CREATE INDEX assignments_application_idx ON assignments (application_id, status)`,
    );
    await q.query(`
      CREATE FUNCTION assignments_locked() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status = 'SUBMITTED' AND (NEW.status, NEW.scores, NEW.comment, NEW.total, NEW.submitted_at)
            IS DISTINCT FROM (OLD.status, OLD.scores, OLD.comment, OLD.total, OLD.submitted_at) THEN
          RAISE EXCEPTION 'assignment % is submitted and locked', OLD.id USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER assignments_locked BEFORE UPDATE ON assignments
      FOR EACH ROW EXECUTE FUNCTION assignments_locked()`);

    // One due reminder per evaluator, program and Korean calendar day, however often the job runs.
    await q.query(`
      CREATE TABLE evaluation_reminders (
        program_id uuid NOT NULL REFERENCES programs(id),
        evaluator_user_id uuid NOT NULL REFERENCES users(id),
        reminded_on date NOT NULL,
        open_sheets int NOT NULL CHECK (open_sheets > 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (program_id, evaluator_user_id, reminded_on)
      )`);

    await q.query(`
      CREATE TABLE application_scores (
        application_id uuid PRIMARY KEY REFERENCES applications(id),
        program_id uuid NOT NULL REFERENCES programs(id),
        category varchar(40) NOT NULL,
        track varchar(16) NOT NULL,
        sheets int NOT NULL CHECK (sheets > 0),
        base_score numeric(6,2) NOT NULL,
        bonus_points numeric(6,2) NOT NULL CHECK (bonus_points >= 0),
        bonuses jsonb NOT NULL DEFAULT '[]'::jsonb,
        final_score numeric(6,2) NOT NULL,
        passed_cutoff boolean NOT NULL,
        rank int NOT NULL CHECK (rank > 0),
        ranking_hash char(64) NOT NULL,
        computed_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT application_scores_final CHECK (final_score = base_score + bonus_points),
        CONSTRAINT application_scores_rank_key UNIQUE (program_id, category, track, rank) DEFERRABLE INITIALLY DEFERRED
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS application_scores`);
    await q.query(`DROP TABLE IF EXISTS evaluation_reminders`);
    await q.query(`DROP TABLE IF EXISTS assignments`);
    await q.query(`DROP FUNCTION IF EXISTS assignments_locked()`);
    await q.query(`DROP TABLE IF EXISTS evaluator_conflicts`);
    await q.query(`DROP TABLE IF EXISTS program_evaluators`);
    await q.query(`DROP TABLE IF EXISTS evaluator_profiles`);
  }
}
