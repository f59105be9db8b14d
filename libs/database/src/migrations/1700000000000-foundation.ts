import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Users, programs with their rule set, the budget accounts and their append-only ledger,
 * the audit trail and the outbox. Money is integer KRW in bigint columns; the budget
 * accounts carry CHECK constraints so that PostgreSQL itself refuses any overcommit.
 */
export class Foundation1700000000000 implements MigrationInterface {
  name = 'Foundation1700000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);

    await q.query(`
      CREATE OR REPLACE FUNCTION forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'check_violation';
      END $$`);

    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email varchar(254) NOT NULL,
        password_hash text NOT NULL,
        role varchar(16) NOT NULL
          CHECK (role IN ('APPLICANT','SUPPLIER','EVALUATOR','OFFICER','ADMIN')),
        display_name varchar(100) NOT NULL,
        locale varchar(2) NOT NULL DEFAULT 'ko' CHECK (locale IN ('ko','en')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`);

    await q.query(`
      CREATE TABLE programs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        year int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        name varchar(200) NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'DRAFT'
          CHECK (status IN ('DRAFT','OPEN','CLOSED','EVALUATING','SELECTED','RUNNING','FINISHED')),
        rules jsonb NOT NULL,
        rules_version int NOT NULL DEFAULT 1 CHECK (rules_version >= 1),
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX programs_year_idx ON programs (year DESC, created_at DESC)`);

    // One row for the whole pool and one per category or special pool. reserved is the
    // outstanding reservation (selection minus release and payment), disbursed the money paid
    // out net of recoveries. The CHECKs are the last line of defence against overcommit.
    await q.query(`
      CREATE TABLE budget_accounts (
        id bigserial PRIMARY KEY,
        program_id uuid NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
        scope varchar(8) NOT NULL CHECK (scope IN ('POOL','CATEGORY','SPECIAL')),
        code varchar(40) NOT NULL,
        limit_krw bigint NOT NULL CHECK (limit_krw >= 0),
        reserved_krw bigint NOT NULL DEFAULT 0 CHECK (reserved_krw >= 0),
        disbursed_krw bigint NOT NULL DEFAULT 0 CHECK (disbursed_krw >= 0),
        slots int CHECK (slots IS NULL OR slots >= 0),
        seats_used int NOT NULL DEFAULT 0 CHECK (seats_used >= 0),
        CONSTRAINT budget_accounts_no_overcommit CHECK (reserved_krw + disbursed_krw <= limit_krw),
        CONSTRAINT budget_accounts_no_overbooking CHECK (slots IS NULL OR seats_used <= slots),
        CONSTRAINT budget_accounts_pool_code CHECK ((scope = 'POOL') = (code = 'POOL')),
        UNIQUE (program_id, code)
      )`);

    await q.query(`
      CREATE TABLE budget_ledger (
        id bigserial PRIMARY KEY,
        program_id uuid NOT NULL REFERENCES programs(id) ON DELETE RESTRICT,
        account_code varchar(40) NOT NULL,
        kind varchar(8) NOT NULL CHECK (kind IN ('RESERVE','RELEASE','DISBURSE','RECOVER')),
        amount_krw bigint NOT NULL CHECK (amount_krw > 0),
        seat_delta smallint NOT NULL DEFAULT 0 CHECK (seat_delta IN (-1, 0, 1)),
        application_id uuid,
        idempotency_key varchar(200),
        reason text NOT NULL,
        actor_id uuid,
        request_id varchar(100),
        created_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (program_id, account_code) REFERENCES budget_accounts (program_id, code),
        UNIQUE (program_id, idempotency_key)
      )`);
    await q.query(
      `CREATE INDEX budget_ledger_program_idx ON budget_ledger (program_id, account_code)`,
    );
    await q.query(
      `CREATE INDEX budget_ledger_application_idx ON budget_ledger (application_id) WHERE application_id IS NOT NULL`,
    );
    await q.query(`
      CREATE TRIGGER budget_ledger_append_only BEFORE UPDATE OR DELETE ON budget_ledger
      FOR EACH ROW EXECUTE FUNCTION forbid_change()`);

    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        entity varchar(40) NOT NULL,
        entity_id varchar(64) NOT NULL,
        action varchar(60) NOT NULL,
        actor_id uuid,
        actor_role varchar(16),
        request_id varchar(100),
        before jsonb,
        after jsonb,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id, id)`);
    await q.query(`
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION forbid_change()`);

    await q.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        event_type varchar(60) NOT NULL,
        aggregate_type varchar(40) NOT NULL,
        aggregate_id varchar(64) NOT NULL,
        payload jsonb NOT NULL,
        request_id varchar(100),
        status varchar(10) NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING','ENQUEUED')),
        created_at timestamptz NOT NULL DEFAULT now(),
        enqueued_at timestamptz
      )`);
    await q.query(`CREATE INDEX outbox_pending_idx ON outbox (id) WHERE status = 'PENDING'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS outbox`);
    await q.query(`DROP TABLE IF EXISTS audit_log`);
    await q.query(`DROP TABLE IF EXISTS budget_ledger`);
    await q.query(`DROP TABLE IF EXISTS budget_accounts`);
    await q.query(`DROP TABLE IF EXISTS programs`);
    await q.query(`DROP TABLE IF EXISTS users`);
    await q.query(`DROP FUNCTION IF EXISTS forbid_change()`);
  }
}
