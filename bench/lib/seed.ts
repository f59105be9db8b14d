import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { Pool } from 'pg';
import { Role } from '@app/common';
import type { ProgramRules, ProgramService } from '@app/domain';
import { ProgramRulesDto } from '@app/domain';

/**
 * Fast set-based seeding with plain SQL (generate_series): the benchmarks need 10^5 rows in
 * seconds, which the services (one transaction per change) are not built for. The rows obey
 * every CHECK and unique constraint of the migrations, so the services read them as their own.
 */

export interface Actors {
  officerId: string;
  applicantId: string;
  supplierOwnerId: string;
  recipientId: string;
}

export interface Suppliers {
  ids: string[];
  /** Per category, the approved offering of each supplier (same order as ids). */
  offerings: Record<'PURCHASE' | 'GENERAL_PROCESSING' | 'AI_PROCESSING', string[]>;
}

export const CATEGORY_CAPS = {
  PURCHASE: 18_000_000,
  GENERAL_PROCESSING: 45_000_000,
  AI_PROCESSING: 70_000_000,
};

const PLAN = JSON.stringify({
  background: '데이터 기반 서비스 고도화',
  goals: '수요 예측 정확도 향상',
  dataUsage: '구매 데이터로 학습용 데이터셋 구축',
  expectedOutcome: '매출 증가와 고용 창출',
});

/** The 2021 rule set as published, changed by `edit`, validated like the API would. */
export function rules2021(edit: (rules: ProgramRules) => void = () => undefined): ProgramRules {
  const file = join(__dirname, '..', '..', 'seeds', 'programs', '2021.json');
  const plain = JSON.parse(readFileSync(file, 'utf8')) as ProgramRules;
  edit(plain);
  const dto = plainToInstance(ProgramRulesDto, plain);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) throw new Error(`bench rule set is invalid: ${errors.map(String).join('; ')}`);
  return dto;
}

/** Creates a program through the service (budget accounts, audit, outbox), then sets its status. */
export async function createProgram(
  programs: ProgramService,
  db: Pool,
  name: string,
  rules: ProgramRules,
  status: 'DRAFT' | 'OPEN' | 'EVALUATING',
  officerId: string,
): Promise<string> {
  const view = await programs.create(
    { year: 2021, name, rules },
    {
      userId: officerId,
      email: 'officer@bench.local',
      role: Role.OFFICER,
      requestId: 'bench',
    },
  );
  await db.query(`UPDATE programs SET status = $2 WHERE id = $1`, [view.id, status]);
  return view.id;
}

export async function seedActors(db: Pool): Promise<Actors> {
  const { rows } = await db.query<{ id: string; role: string; email: string }>(
    `INSERT INTO users (email, password_hash, role, display_name, locale)
     VALUES ('officer@bench.local', 'bench-no-login', 'OFFICER', 'Bench officer', 'ko'),
            ('applicant@bench.local', 'bench-no-login', 'APPLICANT', 'Bench applicant', 'ko'),
            ('supplier@bench.local', 'bench-no-login', 'SUPPLIER', 'Bench supplier', 'ko'),
            ('recipient@bench.local', 'bench-no-login', 'SUPPLIER', 'Bench recipient', 'en')
     RETURNING id, role, email`,
  );
  const byEmail = (prefix: string) => rows.find((r) => r.email.startsWith(prefix))!.id;
  return {
    officerId: byEmail('officer'),
    applicantId: byEmail('applicant'),
    supplierOwnerId: byEmail('supplier'),
    recipientId: byEmail('recipient'),
  };
}

/** Approved suppliers (every 4th one crowdsourcing) with one approved offering per category. */
export async function seedSuppliers(db: Pool, ownerId: string, count: number): Promise<Suppliers> {
  const { rows: suppliers } = await db.query<{ id: string }>(
    `INSERT INTO suppliers (owner_user_id, business_registration_number, name, representative, contact_email,
                            crowdsourcing, crowdsourcing_evidence, status, reviewed_at)
     SELECT $1, lpad((9000000000 + i)::text, 10, '0'), 'Bench supplier ' || i, 'Supplier rep ' || i,
            'supplier' || i || '@bench.local', i % 4 = 0, CASE WHEN i % 4 = 0 THEN 'crowd platform' END,
            'APPROVED', now()
       FROM generate_series(1, $2) i
     ORDER BY i
     RETURNING id`,
    [ownerId, count],
  );
  const ids = suppliers.map((s) => s.id);
  const offerings = {} as Suppliers['offerings'];
  for (const category of Object.keys(CATEGORY_CAPS) as Array<keyof typeof CATEGORY_CAPS>) {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO supplier_offerings (supplier_id, category, processing_kind, title, description,
                                       indicative_price_krw, status)
       SELECT s.id, $2::text, CASE WHEN $2::text = 'PURCHASE' THEN 'NONE' ELSE 'STANDARD' END, $2::text || ' offering',
              'bench offering', 10000000, 'APPROVED'
         FROM unnest($1::uuid[]) WITH ORDINALITY AS s(id, n)
       ORDER BY s.n
       RETURNING id`,
      [ids, category],
    );
    offerings[category] = rows.map((r) => r.id);
  }
  return { ids, offerings };
}

// Deterministic pseudo-random numbers from the row number, so every run seeds the same data.
const h = (salt: string, i = 'i') => `abs(hashtext('${salt}' || ${i}::text))`;

/** Company columns for row i; `brnBase` keeps the registration numbers of batches apart. */
const companyColumns = (generalOnly: boolean) => `
  lpad(($2::bigint + i)::text, 10, '0') AS brn,
  CASE WHEN ${generalOnly ? 'false' : 'i % 20 = 0'}
       THEN (ARRAY['SME','SMALL_BUSINESS','ONE_PERSON_CREATIVE','UNIVERSITY','HOSPITAL','PUBLIC_RESEARCH'])[1 + (i / 20) % 6]
       ELSE (ARRAY['SME','SMALL_BUSINESS','ONE_PERSON_CREATIVE'])[1 + ${h('t')} % 3] END AS type,
  (ARRAY['SEOUL','BUSAN','DAEGU','INCHEON','GWANGJU','DAEJEON','ULSAN','SEJONG','GYEONGGI','GANGWON',
         'CHUNGBUK','CHUNGNAM','JEONBUK','JEONNAM','GYEONGBUK','GYEONGNAM','JEJU'])[1 + ${h('r')} % 17] AS region,
  date '1960-01-01' + ${h('b')} % 15000 AS ceo_birth_date,
  CASE WHEN ${h('c')} % 100 < 45 THEN 'PURCHASE' WHEN ${h('c')} % 100 < 70 THEN 'GENERAL_PROCESSING'
       ELSE 'AI_PROCESSING' END AS category,
  (5 + ${h('k')} % 100)::bigint * 1000000 AS cost`;

/** The application row for gen g joined to its new company c (see seedScoredRound). */
const applicationInsert = (status: 'SCORED' | 'DRAFT') => `
  INSERT INTO applications (program_id, company_id, applicant_user_id, category, track, social_issue, supplier_id,
                            offering_id, title, plan, agreed_cost_krw, co_payment_percent, requested_support_krw,
                            status, eligibility, eligibility_checked_at, supplier_confirmed_at, submitted_at,
                            rules_version)
  SELECT $4, c.id, $1, g.category, g.track, g.social_issue, ($5::uuid[])[1 + g.i % cardinality($5::uuid[])],
         CASE g.category WHEN 'PURCHASE' THEN ($6::uuid[])[1 + g.i % cardinality($5::uuid[])]
                         WHEN 'GENERAL_PROCESSING' THEN ($7::uuid[])[1 + g.i % cardinality($5::uuid[])]
                         ELSE ($8::uuid[])[1 + g.i % cardinality($5::uuid[])] END,
         'Bench application ' || g.i, $9::jsonb, g.cost, g.rate,
         least(CASE g.category WHEN 'PURCHASE' THEN ${CATEGORY_CAPS.PURCHASE}
                               WHEN 'GENERAL_PROCESSING' THEN ${CATEGORY_CAPS.GENERAL_PROCESSING}
                               ELSE ${CATEGORY_CAPS.AI_PROCESSING} END,
               floor(g.cost * (100 - g.rate) / 100)::bigint),
         '${status}',
         ${status === 'SCORED' ? `'{"eligible": true, "failures": []}'::jsonb, now()` : 'NULL, NULL'},
         now(),
         ${status === 'SCORED' ? `timestamptz '2021-03-02 09:00+09' + ${h('s', 'g.i')} % 2500000 * interval '1 second'` : 'NULL'},
         1
    FROM gen g JOIN comp c ON c.business_registration_number = g.brn
   ORDER BY g.i
  RETURNING id`;

function genCte(generalOnly: boolean): string {
  return `
  WITH raw AS (SELECT i, ${companyColumns(generalOnly)} FROM generate_series(1, $3) i),
  gen AS (
    SELECT raw.*,
           CASE WHEN ${generalOnly ? 'false' : 'i % 20 = 0'} THEN 'SOCIAL_ISSUE' ELSE 'GENERAL' END AS track,
           CASE WHEN ${generalOnly ? 'false' : 'i % 20 = 0'}
                THEN (ARRAY['COVID19','CARBON_NEUTRALITY'])[1 + i % 2] END AS social_issue,
           CASE WHEN type IN ('SMALL_BUSINESS','ONE_PERSON_CREATIVE') THEN 10 ELSE 20 END AS rate
      FROM raw),
  comp AS (
    INSERT INTO companies (owner_user_id, business_registration_number, name, type, region, ceo_name,
                           ceo_birth_date, industry)
    SELECT $1, brn, 'Bench company ' || i, type, region, 'CEO ' || i, ceo_birth_date, 'software'
      FROM gen
    RETURNING id, business_registration_number)`;
}

function applicationParams(
  actors: Actors,
  suppliers: Suppliers,
  brnBase: number,
  count: number,
  programId: string,
) {
  return [
    actors.applicantId,
    brnBase,
    count,
    programId,
    suppliers.ids,
    suppliers.offerings.PURCHASE,
    suppliers.offerings.GENERAL_PROCESSING,
    suppliers.offerings.AI_PROCESSING,
    PLAN,
  ];
}

/**
 * `count` companies, each with one SCORED application (5 % in the social-issue track, of any
 * company type; the rest general-track SMEs and small businesses) and its score row: base
 * 50.00–99.99 (so about a fifth fall below the 2021 cut-off of 60), +1 crowdsourcing bonus in
 * AI processing, ranks 1..n per category and track by the ranking order.
 */
export async function seedScoredRound(
  db: Pool,
  actors: Actors,
  suppliers: Suppliers,
  programId: string,
  count: number,
  brnBase: number,
): Promise<void> {
  await db.query(
    `${genCte(false)} ${applicationInsert('SCORED')}`,
    applicationParams(actors, suppliers, brnBase, count, programId),
  );
  await db.query(
    `INSERT INTO application_scores (application_id, program_id, category, track, sheets, base_score, bonus_points,
                                     bonuses, final_score, passed_cutoff, rank, ranking_hash)
     SELECT id, program_id, category, track, 3, base, bonus,
            CASE WHEN bonus > 0 THEN '[{"code":"CROWDSOURCING","points":1}]'::jsonb ELSE '[]'::jsonb END,
            base + bonus, base >= 60,
            row_number() OVER (PARTITION BY category, track ORDER BY base + bonus DESC, base DESC, submitted_at, id),
            repeat('0', 64)
       FROM (SELECT a.id, a.program_id, a.category, a.track, a.submitted_at,
                    (50 + (${h('score', 'a.id')} % 5000) / 100.0)::numeric(6,2) AS base,
                    CASE WHEN a.category = 'AI_PROCESSING' AND s.crowdsourcing THEN 1 ELSE 0 END::numeric(6,2) AS bonus
               FROM applications a JOIN suppliers s ON s.id = a.supplier_id
              WHERE a.program_id = $1) x`,
    [programId],
  );
  await db.query('ANALYZE');
}

/**
 * `count` DRAFT applications of general-track companies (one company each, all owned by the
 * bench applicant), already confirmed by their supplier: submitting one runs the eligibility
 * check and makes it ELIGIBLE. Returns their ids in order.
 */
export async function seedDrafts(
  db: Pool,
  actors: Actors,
  suppliers: Suppliers,
  programId: string,
  count: number,
  brnBase: number,
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `${genCte(true)} ${applicationInsert('DRAFT')}`,
    applicationParams(actors, suppliers, brnBase, count, programId),
  );
  await db.query('ANALYZE');
  return rows.map((r) => r.id);
}
