import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The supplier registry with offerings under review, demand companies, applications with their
 * eligibility result, and the idempotency keys that make create/submit safe to retry.
 */
export class SuppliersApplications1700000001000 implements MigrationInterface {
  name = 'SuppliersApplications1700000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE suppliers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_user_id uuid NOT NULL REFERENCES users(id),
        business_registration_number char(10) NOT NULL CHECK (business_registration_number ~ '^[0-9]{10}$'),
        name varchar(200) NOT NULL,
        representative varchar(100) NOT NULL,
        contact_email varchar(254) NOT NULL,
        contact_phone varchar(40),
        crowdsourcing boolean NOT NULL DEFAULT false,
        crowdsourcing_evidence text,
        status varchar(10) NOT NULL DEFAULT 'PENDING'
          CHECK (status IN ('PENDING','APPROVED','REJECTED','SUSPENDED')),
        status_reason text,
        reviewed_by uuid REFERENCES users(id),
        reviewed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT suppliers_brn_key UNIQUE (business_registration_number),
        CONSTRAINT suppliers_crowdsourcing_evidence CHECK (NOT crowdsourcing OR crowdsourcing_evidence IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX suppliers_owner_idx ON suppliers (owner_user_id)`);
    await q.query(`CREATE INDEX suppliers_status_name_idx ON suppliers (status, name, id)`);

    // An offering under review never hides the approved one it will replace.
    await q.query(`
      CREATE TABLE supplier_offerings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        supplier_id uuid NOT NULL REFERENCES suppliers(id) ON DELETE CASCADE,
        category varchar(40) NOT NULL CHECK (category IN ('PURCHASE','GENERAL_PROCESSING','AI_PROCESSING')),
        processing_kind varchar(20) NOT NULL DEFAULT 'NONE'
          CHECK (processing_kind IN ('NONE','STANDARD','PSEUDONYMIZATION','ANONYMIZATION')),
        title varchar(200) NOT NULL,
        description text NOT NULL,
        indicative_price_krw bigint NOT NULL CHECK (indicative_price_krw >= 0),
        status varchar(10) NOT NULL DEFAULT 'PENDING'
          CHECK (status IN ('PENDING','APPROVED','REJECTED','REPLACED','WITHDRAWN')),
        replaces_id uuid REFERENCES supplier_offerings(id),
        review_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT supplier_offerings_kind CHECK ((category = 'PURCHASE') = (processing_kind = 'NONE'))
      )`);
    await q.query(
      `CREATE INDEX supplier_offerings_supplier_idx ON supplier_offerings (supplier_id, status)`,
    );

    await q.query(`
      CREATE TABLE companies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_user_id uuid NOT NULL REFERENCES users(id),
        business_registration_number char(10) NOT NULL CHECK (business_registration_number ~ '^[0-9]{10}$'),
        name varchar(200) NOT NULL,
        type varchar(24) NOT NULL
          CHECK (type IN ('SME','SMALL_BUSINESS','ONE_PERSON_CREATIVE','UNIVERSITY','HOSPITAL','PUBLIC_RESEARCH')),
        region varchar(12) NOT NULL,
        ceo_name varchar(100) NOT NULL,
        ceo_birth_date date NOT NULL,
        industry varchar(100) NOT NULL,
        ministry_field varchar(40),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT companies_brn_key UNIQUE (business_registration_number)
      )`);
    await q.query(`CREATE INDEX companies_owner_idx ON companies (owner_user_id)`);

    await q.query(`
      CREATE TABLE applications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        program_id uuid NOT NULL REFERENCES programs(id),
        company_id uuid NOT NULL REFERENCES companies(id),
        applicant_user_id uuid NOT NULL REFERENCES users(id),
        category varchar(40) NOT NULL,
        track varchar(16) NOT NULL CHECK (track IN ('GENERAL','SOCIAL_ISSUE')),
        social_issue varchar(40),
        supplier_id uuid NOT NULL REFERENCES suppliers(id),
        offering_id uuid NOT NULL REFERENCES supplier_offerings(id),
        title varchar(200) NOT NULL,
        plan jsonb NOT NULL,
        agreed_cost_krw bigint NOT NULL CHECK (agreed_cost_krw > 0),
        co_payment_percent numeric(5,2) NOT NULL CHECK (co_payment_percent >= 0 AND co_payment_percent < 100),
        requested_support_krw bigint NOT NULL CHECK (requested_support_krw >= 0 AND requested_support_krw <= agreed_cost_krw),
        status varchar(16) NOT NULL DEFAULT 'DRAFT' CHECK (status IN (
          'DRAFT','SUBMITTED','ELIGIBLE','INELIGIBLE','UNDER_REVIEW','SCORED','SELECTED','WAITLISTED',
          'REJECTED','CONTRACTED','DELIVERED','SETTLED','CANCELLED','WITHDRAWN')),
        eligibility jsonb,
        eligibility_checked_at timestamptz,
        supplier_confirmed_at timestamptz,
        submitted_at timestamptz,
        withdrawn_at timestamptz,
        flagged boolean NOT NULL DEFAULT false,
        flag_reason text,
        rules_version int NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT applications_social_issue CHECK ((track = 'SOCIAL_ISSUE') = (social_issue IS NOT NULL))
      )`);
    // One live application per company and program, across tracks: the database backs up the
    // eligibility rule against two submissions racing each other.
    await q.query(`
      CREATE UNIQUE INDEX applications_one_per_company ON applications (program_id, company_id)
      WHERE status NOT IN ('DRAFT','INELIGIBLE','WITHDRAWN','SUBMITTED')`);
    await q.query(
      `CREATE INDEX applications_program_status_idx ON applications (program_id, status, category)`,
    );
    await q.query(`CREATE INDEX applications_company_idx ON applications (company_id)`);
    await q.query(`CREATE INDEX applications_supplier_idx ON applications (supplier_id, status)`);
    await q.query(
      `CREATE INDEX applications_applicant_idx ON applications (applicant_user_id, created_at)`,
    );

    await q.query(`
      CREATE TABLE idempotency_keys (
        user_id uuid NOT NULL REFERENCES users(id),
        key varchar(200) NOT NULL,
        scope varchar(60) NOT NULL,
        request_hash char(64) NOT NULL,
        response_status int NOT NULL,
        response_body jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS idempotency_keys`);
    await q.query(`DROP TABLE IF EXISTS applications`);
    await q.query(`DROP TABLE IF EXISTS companies`);
    await q.query(`DROP TABLE IF EXISTS supplier_offerings`);
    await q.query(`DROP TABLE IF EXISTS suppliers`);
  }
}
