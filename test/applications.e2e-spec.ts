import { randomInt, randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '@app/common';
import { brnCheckDigit, ProgramRules } from '@app/domain';
import { seedRules, startTestApp, TestApp, waitFor } from '@app/testing';

/**
 * Applications end to end: a program opened by an officer, a supplier registered and
 * approved, companies registered by applicants, then drafting, the supplier's confirmation,
 * submission with the automatic eligibility check, idempotent retries, who reads what,
 * withdrawal, editing, the CSV export and refused input.
 */

type User = { id: string; email: string; token: string };

interface CompanyView {
  id: string;
  businessRegistrationNumber: string;
  name: string;
  type: string;
  region: string;
  ceoName: string;
}

interface Failure {
  code: string;
  reason: string;
}

interface AppView {
  id: string;
  programId: string;
  companyId: string;
  companyName: string;
  category: string;
  track: string;
  socialIssue: string | null;
  supplierId: string;
  supplierName: string;
  offeringId: string;
  title: string;
  plan: Record<string, string>;
  agreedCostKrw: number;
  coPaymentPercent: number;
  requestedSupportKrw: number;
  status: string;
  eligibility: { eligible: boolean; failures: Failure[]; checkedAt: string } | null;
  supplierConfirmedAt: string | null;
  submittedAt: string | null;
  flagged: boolean;
  flagReason: string | null;
}

interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

interface Supplier {
  id: string;
  owner: User;
  name: string;
  representative: string;
  brn: string;
  ai: string;
  purchase: string;
}

const DAY = 24 * 60 * 60 * 1000;
const bearer = (u: User) => ({ authorization: `Bearer ${u.token}` });
const tag = () => randomUUID().slice(0, 8);

/** An ISO date-time in Korean time with an explicit offset, e.g. 2021-03-02T09:00:00.000+09:00. */
const kst = (ms: number) => new Date(ms + 9 * 60 * 60 * 1000).toISOString().replace('Z', '+09:00');

/** A valid business registration number: nine random digits and their check digit. */
function brn(): string {
  const nine = Array.from({ length: 9 }, () => randomInt(10)).join('');
  return `${nine}${brnCheckDigit(nine)}`;
}

/** The same nine digits with a wrong check digit. */
function badBrn(): string {
  const valid = brn();
  return `${valid.slice(0, 9)}${(Number(valid[9]) + 1) % 10}`;
}

const FULL_PLAN = {
  background: '농가 생산 데이터가 흩어져 있어 수확량 예측이 어렵다.',
  goals: '수확량 예측 모델로 출하 계획을 최적화한다.',
  dataUsage: '기상·토양 데이터를 구매해 AI 학습용으로 가공한다.',
  expectedOutcome: '출하 손실 15% 감소.',
};

function fieldsOf(res: Response): string[] {
  return ((res.body?.details?.fields ?? []) as Array<{ field: string }>).map((f) => f.field);
}

function expectError(res: Response, status: number, code: string): void {
  expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
  expect(typeof res.body.message).toBe('string');
  expect(res.headers['x-request-id']).toBe(res.body.requestId);
}

/** Reads the response as raw bytes, so that a BOM is not swallowed by a text decoder. */
function rawBody(res: NodeJS.ReadableStream, cb: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

describe('applications (e2e)', () => {
  let t: TestApp;
  let db: DataSource;
  let officer: User;
  let applicant: User;
  let otherApplicant: User;
  let supplierUser: User;
  let otherSupplierUser: User;
  let programId: string;
  let supplier: Supplier;
  let otherSupplier: Supplier;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    [officer, applicant, otherApplicant, supplierUser, otherSupplierUser] = await Promise.all([
      t.userWithToken(Role.OFFICER),
      t.userWithToken(Role.APPLICANT),
      t.userWithToken(Role.APPLICANT, 'applicant2'),
      t.userWithToken(Role.SUPPLIER),
      t.userWithToken(Role.SUPPLIER, 'supplier2'),
    ]);
    [programId, supplier, otherSupplier] = await Promise.all([
      openProgram(),
      approvedSupplier(supplierUser),
      approvedSupplier(otherSupplierUser),
    ]);
  });
  afterAll(() => t.close());

  // ---- fixtures ---------------------------------------------------------------------------

  /** A 2021 program whose window is moved around now (or elsewhere), created and opened. */
  async function openProgram(
    window = { opensAt: kst(Date.now() - DAY), closesAt: kst(Date.now() + 30 * DAY) },
    year: 2021 | 2023 = 2021,
  ): Promise<string> {
    const rules: ProgramRules = seedRules(year);
    rules.window = window;
    rules.evaluation.dueAt = kst(Date.parse(window.closesAt) + 30 * DAY);
    const created = await t.http
      .post('/api/programs')
      .set(bearer(officer))
      .send({ year, name: `applications e2e ${tag()}`, rules });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const opened = await t.http.post(`/api/programs/${id}/open`).set(bearer(officer));
    expect(opened.status).toBe(200);
    expect(opened.body.status).toBe('OPEN');
    return id;
  }

  async function registerSupplier(
    owner: User,
    representative = `Kim Daepyo${tag()}`,
  ): Promise<Supplier> {
    const name = `(주)데이터가공 ${tag()}`;
    const number = brn();
    const res = await t.http
      .post('/api/suppliers')
      .set(bearer(owner))
      .send({
        businessRegistrationNumber: `${number.slice(0, 3)}-${number.slice(3, 5)}-${number.slice(5)}`,
        name,
        representative,
        contactEmail: `contact-${tag()}@gagong.test`,
        offerings: [
          {
            category: 'AI_PROCESSING',
            processingKind: 'STANDARD',
            title: '의료 영상 AI 학습용 라벨링',
            description: 'CT·MRI 영상 라벨링, 검수 2회 포함',
            indicativePriceKrw: 65_000_000,
          },
          {
            category: 'PURCHASE',
            title: '기상 관측 데이터',
            description: '10년치 시간별 관측값',
            indicativePriceKrw: 9_000_000,
          },
        ],
      });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('PENDING');
    const offerings = res.body.offerings as Array<{ id: string; category: string }>;
    return {
      id: res.body.id as string,
      owner,
      name,
      representative,
      brn: number,
      ai: offerings.find((o) => o.category === 'AI_PROCESSING')!.id,
      purchase: offerings.find((o) => o.category === 'PURCHASE')!.id,
    };
  }

  async function approvedSupplier(owner: User, representative?: string): Promise<Supplier> {
    const s = await registerSupplier(owner, representative);
    const res = await t.http.post(`/api/suppliers/${s.id}/approve`).set(bearer(officer));
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('APPROVED');
    return s;
  }

  async function company(
    owner: User = applicant,
    over: Record<string, unknown> = {},
  ): Promise<CompanyView> {
    const res = await t.http
      .post('/api/companies')
      .set(bearer(owner))
      .send({
        businessRegistrationNumber: brn(),
        name: `(주)데이터농장 ${tag()}`,
        type: 'SME',
        region: 'JEONBUK',
        ceoName: '박대표',
        ceoBirthDate: '1975-05-17',
        industry: '스마트팜',
        ...over,
      });
    expect(res.status).toBe(201);
    return res.body as CompanyView;
  }

  function body(c: { id: string }, s: Supplier = supplier, over: Record<string, unknown> = {}) {
    return {
      companyId: c.id,
      category: 'AI_PROCESSING',
      track: 'GENERAL',
      supplierId: s.id,
      offeringId: s.ai,
      title: '스마트팜 수확량 예측 AI 데이터 가공',
      plan: FULL_PLAN,
      agreedCostKrw: 80_000_000,
      ...over,
    };
  }

  const post = (path: string, as: User, payload?: object, key?: string) => {
    const req = t.http.post(path).set(bearer(as));
    if (key !== undefined) req.set('Idempotency-Key', key);
    return payload === undefined ? req : req.send(payload);
  };

  async function draft(
    payload: object,
    as: User = applicant,
    program: string = programId,
  ): Promise<AppView> {
    const res = await post(`/api/programs/${program}/applications`, as, payload);
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('DRAFT');
    return res.body as AppView;
  }

  async function confirm(app: AppView, as: User = supplier.owner): Promise<AppView> {
    const res = await post(`/api/applications/${app.id}/confirm`, as);
    expect(res.status).toBe(200);
    expect(res.body.supplierConfirmedAt).not.toBeNull();
    return res.body as AppView;
  }

  async function submit(app: AppView, as: User = applicant): Promise<AppView> {
    const res = await post(`/api/applications/${app.id}/submit`, as);
    expect(res.status).toBe(200);
    return res.body as AppView;
  }

  /** Draft, supplier confirmation and submission: the application as assessed. */
  async function assessed(
    payload: object,
    s: Supplier = supplier,
    program: string = programId,
  ): Promise<AppView> {
    const app = await draft(payload, applicant, program);
    await confirm(app, s.owner);
    return submit(app);
  }

  const get = async (id: string, as: User) => t.http.get(`/api/applications/${id}`).set(bearer(as));

  const list = async (as: User, query: Record<string, string | number>) => {
    const res = await t.http.get('/api/applications').set(bearer(as)).query(query);
    expect(res.status).toBe(200);
    return res.body as Page<AppView>;
  };

  const countOf = async (companyId: string): Promise<number> => {
    const [{ n }] = await db.query(
      'SELECT count(*)::int AS n FROM applications WHERE company_id = $1',
      [companyId],
    );
    return n as number;
  };

  const codesOf = (app: AppView) => (app.eligibility?.failures ?? []).map((f) => f.code);

  // ---- drafting, confirming, submitting ---------------------------------------------------

  describe('draft → confirm → submit', () => {
    it('drafts with the computed support, and is ELIGIBLE once confirmed and submitted', async () => {
      const c = await company();
      const app = await draft(body(c));
      expect(app).toMatchObject({
        programId,
        companyId: c.id,
        companyName: c.name,
        supplierId: supplier.id,
        supplierName: supplier.name,
        offeringId: supplier.ai,
        category: 'AI_PROCESSING',
        track: 'GENERAL',
        socialIssue: null,
        agreedCostKrw: 80_000_000,
        coPaymentPercent: 20,
        requestedSupportKrw: 64_000_000,
        eligibility: null,
        supplierConfirmedAt: null,
        submittedAt: null,
        flagged: false,
      });

      // Only the named supplier confirms: the applicant's role can't, another supplier gets 404.
      expectError(await post(`/api/applications/${app.id}/confirm`, applicant), 403, 'FORBIDDEN');
      expectError(
        await post(`/api/applications/${app.id}/confirm`, otherSupplier.owner),
        404,
        'NOT_FOUND',
      );

      const confirmed = await confirm(app);
      expect(confirmed.status).toBe('DRAFT');

      const submitted = await submit(app);
      expect(submitted.status).toBe('ELIGIBLE');
      expect(submitted.eligibility).toMatchObject({ eligible: true, failures: [] });
      expect(Date.parse(submitted.submittedAt!)).toBeGreaterThan(Date.now() - 60_000);
      expect(Date.parse(submitted.eligibility!.checkedAt)).not.toBeNaN();

      const read = await get(app.id, applicant);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({
        status: 'ELIGIBLE',
        requestedSupportKrw: 64_000_000,
        eligibility: { eligible: true, failures: [] },
      });

      // A confirmed pre-agreement is not confirmed twice, and a submitted one not resubmitted.
      expectError(
        await post(`/api/applications/${app.id}/confirm`, supplier.owner),
        409,
        'INVALID_STATE_TRANSITION',
      );
      expectError(
        await post(`/api/applications/${app.id}/submit`, applicant),
        409,
        'INVALID_STATE_TRANSITION',
      );
    });

    it('caps the support per category and floors fractions of a won (2021 figures)', async () => {
      const capped = await draft(body(await company(), supplier, { agreedCostKrw: 100_000_000 }));
      expect(capped).toMatchObject({ coPaymentPercent: 20, requestedSupportKrw: 70_000_000 });

      const purchase = await draft(
        body(await company(), supplier, {
          category: 'PURCHASE',
          offeringId: supplier.purchase,
          agreedCostKrw: 10_000_001,
        }),
      );
      expect(purchase).toMatchObject({ coPaymentPercent: 20, requestedSupportKrw: 8_000_000 });

      const small = await draft(
        body(await company(applicant, { type: 'SMALL_BUSINESS' }), supplier, {
          category: 'GENERAL_PROCESSING',
          agreedCostKrw: 30_000_001,
        }),
      );
      expect(small).toMatchObject({ coPaymentPercent: 10, requestedSupportKrw: 27_000_000 });
    });

    it('gives a youth-led company the 2023 discount: CEO 39 on the reference date, not 40', async () => {
      const program = await openProgram(undefined, 2023);
      // 2023: reference date 2023-03-02, youth 19-39, 10 %p less co-payment, AI cap 60M.
      const young = await draft(
        body(await company(applicant, { ceoBirthDate: '1984-03-02' }), supplier, {
          agreedCostKrw: 10_000_001,
        }),
        applicant,
        program,
      );
      expect(young).toMatchObject({ coPaymentPercent: 10, requestedSupportKrw: 9_000_000 });
      const forty = await draft(
        body(await company(applicant, { ceoBirthDate: '1983-03-02' }), supplier, {
          agreedCostKrw: 10_000_001,
        }),
        applicant,
        program,
      );
      expect(forty).toMatchObject({ coPaymentPercent: 20, requestedSupportKrw: 8_000_000 });
      const capped = await draft(
        body(await company(applicant, { ceoBirthDate: '1995-01-01' }), supplier, {
          agreedCostKrw: 100_000_000,
        }),
        applicant,
        program,
      );
      expect(capped).toMatchObject({ coPaymentPercent: 10, requestedSupportKrw: 60_000_000 });
    });

    it('never takes requestedSupportKrw from the body: it is an unknown field', async () => {
      const c = await company();
      const res = await post(
        `/api/programs/${programId}/applications`,
        applicant,
        body(c, supplier, { requestedSupportKrw: 70_000_000 }),
      );
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(res)).toEqual(['requestedSupportKrw']);
      expect(await countOf(c.id)).toBe(0);
    });

    it('keeps a submission made before the confirmation SUBMITTED, and assesses it on confirmation', async () => {
      const app = await draft(body(await company()));
      const submitted = await submit(app);
      expect(submitted).toMatchObject({ status: 'SUBMITTED', eligibility: null });
      expect(submitted.submittedAt).not.toBeNull();

      // The supplier sees the submitted application that names it and confirms it.
      expect((await get(app.id, supplier.owner)).body.status).toBe('SUBMITTED');
      const confirmed = await confirm(app);
      expect(confirmed.status).toBe('ELIGIBLE');
      expect(confirmed.eligibility).toMatchObject({ eligible: true, failures: [] });
      expect((await get(app.id, applicant)).body.status).toBe('ELIGIBLE');
    });

    it('lets an institution apply in the social-issue track (COVID19, 2021)', async () => {
      const hospital = await company(applicant, { type: 'HOSPITAL', name: `한국병원 ${tag()}` });
      const app = await assessed(
        body(hospital, supplier, { track: 'SOCIAL_ISSUE', socialIssue: 'COVID19' }),
      );
      expect(app).toMatchObject({
        status: 'ELIGIBLE',
        socialIssue: 'COVID19',
        coPaymentPercent: 20,
      });
    });

    it('refuses drafts in a program that is not open, and naming a supplier not approved', async () => {
      const c = await company();
      const created = await t.http
        .post('/api/programs')
        .set(bearer(officer))
        .send({ year: 2021, name: `draft program ${tag()}`, rules: seedRules(2021) });
      expect(created.status).toBe(201);
      expectError(
        await post(`/api/programs/${created.body.id}/applications`, applicant, body(c)),
        409,
        'PROGRAM_NOT_OPEN',
      );

      const pending = await registerSupplier(otherSupplierUser);
      expectError(
        await post(
          `/api/programs/${programId}/applications`,
          applicant,
          body(c, pending, { offeringId: pending.ai }),
        ),
        404,
        'NOT_FOUND',
      );
      // An offering of another supplier is not the named supplier's offering.
      expectError(
        await post(
          `/api/programs/${programId}/applications`,
          applicant,
          body(c, supplier, { offeringId: otherSupplier.ai }),
        ),
        404,
        'NOT_FOUND',
      );
      // Another applicant's company can't be used.
      const foreign = await company(otherApplicant);
      expectError(
        await post(`/api/programs/${programId}/applications`, applicant, body(foreign)),
        404,
        'NOT_FOUND',
      );
      expect(await countOf(c.id)).toBe(0);
      expect(await countOf(foreign.id)).toBe(0);
    });
  });

  // ---- eligibility through HTTP -----------------------------------------------------------

  describe('eligibility rules', () => {
    it('WINDOW_CLOSED: submitted after the window is over', async () => {
      const past = await openProgram({
        opensAt: kst(Date.now() - 30 * DAY),
        closesAt: kst(Date.now() - DAY),
      });
      const app = await assessed(body(await company()), supplier, past);
      expect(app.status).toBe('INELIGIBLE');
      expect(codesOf(app)).toEqual(['WINDOW_CLOSED']);
      expect(app.eligibility!.failures[0].reason).toContain('outside the window');
    });

    it('WINDOW_CLOSED: the program was closed between drafting and submission', async () => {
      const program = await openProgram();
      const app = await draft(body(await company()), applicant, program);
      await confirm(app);
      const closed = await post(`/api/programs/${program}/close`, officer);
      expect(closed.status).toBe(200);
      const submitted = await submit(app);
      expect(submitted.status).toBe('INELIGIBLE');
      expect(codesOf(submitted)).toEqual(['WINDOW_CLOSED']);
      expect(submitted.eligibility!.failures[0].reason).toContain('CLOSED');
    });

    it('COMPANY_TYPE_NOT_ALLOWED: a hospital in the GENERAL track', async () => {
      const hospital = await company(applicant, { type: 'HOSPITAL' });
      const app = await assessed(body(hospital));
      expect(app.status).toBe('INELIGIBLE');
      expect(codesOf(app)).toEqual(['COMPANY_TYPE_NOT_ALLOWED']);
    });

    it('SOCIAL_ISSUE_NOT_FUNDED: an issue no special pool funds', async () => {
      const app = await assessed(
        body(await company(), supplier, { track: 'SOCIAL_ISSUE', socialIssue: 'FLOOD' }),
      );
      expect(app.status).toBe('INELIGIBLE');
      expect(codesOf(app)).toEqual(['SOCIAL_ISSUE_NOT_FUNDED']);
    });

    it('DUPLICATE_APPLICATION: a second application of the company, in the other track', async () => {
      const c = await company();
      expect((await assessed(body(c))).status).toBe('ELIGIBLE');
      const second = await assessed(
        body(c, supplier, { track: 'SOCIAL_ISSUE', socialIssue: 'COVID19' }),
      );
      expect(second.status).toBe('INELIGIBLE');
      expect(codesOf(second)).toEqual(['DUPLICATE_APPLICATION']);
    });

    it('DUPLICATE_APPLICATION: of two concurrent submissions of one company, one is ELIGIBLE', async () => {
      const c = await company();
      const apps = [
        await draft(body(c)),
        await draft(body(c, supplier, { track: 'SOCIAL_ISSUE', socialIssue: 'COVID19' })),
      ];
      await Promise.all(apps.map((app) => confirm(app)));
      const submitted = await Promise.all(apps.map((app) => submit(app)));
      expect(submitted.map((a) => a.status).sort()).toEqual(['ELIGIBLE', 'INELIGIBLE']);
      expect(submitted.flatMap(codesOf)).toEqual(['DUPLICATE_APPLICATION']);
    });

    it('of 8 concurrent submissions of one draft, one is made, the others are 409 and write nothing', async () => {
      const app = await draft(body(await company()));
      await confirm(app);
      const results = await Promise.all(
        Array.from({ length: 8 }, () => post(`/api/applications/${app.id}/submit`, applicant)),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, ...Array(7).fill(409)]);
      for (const refused of results.filter((r) => r.status === 409)) {
        expectError(refused, 409, 'INVALID_STATE_TRANSITION');
      }
      expect(results.find((r) => r.status === 200)!.body.status).toBe('ELIGIBLE');
      const [{ audits, events }] = await db.query(
        `SELECT (SELECT count(*)::int FROM audit_log
                  WHERE entity_id = $1 AND action = 'application.submitted') AS audits,
                (SELECT count(*)::int FROM outbox
                  WHERE aggregate_id = $1 AND event_type IN ('application.submitted', 'application.eligible')) AS events`,
        [app.id],
      );
      expect({ audits, events }).toEqual({ audits: 1, events: 2 });
    });

    it('decides again when the company changed after the submission read it (nothing written on the stale reading)', async () => {
      const c = await company();
      const app = await draft(body(c));
      await confirm(app);
      // Another writer holds the company row, changed but not committed: the submission reads
      // the company as it was (an SME), then waits for the row to write.
      const other = db.createQueryRunner();
      await other.connect();
      try {
        await other.startTransaction();
        await other.query(`UPDATE companies SET type = 'HOSPITAL' WHERE id = $1`, [c.id]);
        const submitting = post(`/api/applications/${app.id}/submit`, applicant).then((r) => r);
        const [{ pid }] = await other.query(`SELECT pg_backend_pid() AS pid`);
        await waitFor(
          'the submission to wait for the company row',
          () =>
            db.query(
              `SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))`,
              [pid],
            ),
          ([{ n }]: Array<{ n: number }>) => n === 1,
        );
        await other.commitTransaction();
        const res = await submitting;
        expect(res.status).toBe(200);
        // Decided on the hospital, not on the SME it first read.
        expect(res.body.status).toBe('INELIGIBLE');
        expect(codesOf(res.body as AppView)).toEqual(['COMPANY_TYPE_NOT_ALLOWED']);
      } finally {
        if (other.isTransactionActive) await other.rollbackTransaction();
        await other.release();
      }
      const audits = await db.query(
        `SELECT after->>'status' AS status FROM audit_log
          WHERE entity_id = $1 AND action = 'application.submitted'`,
        [app.id],
      );
      expect(audits).toEqual([{ status: 'INELIGIBLE' }]);
    });

    it('answers a submission with the application as stored, its events and audit written', async () => {
      const app = await draft(body(await company()));
      const waiting = await submit(app);
      expect(waiting.status).toBe('SUBMITTED');
      expect((await get(app.id, applicant)).body).toEqual(waiting);
      const confirmed = await confirm(app);
      expect(confirmed.status).toBe('ELIGIBLE');
      expect((await get(app.id, applicant)).body).toEqual(confirmed);

      const other = await draft(body(await company()));
      await confirm(other);
      const eligible = await submit(other);
      expect(eligible.status).toBe('ELIGIBLE');
      expect((await get(other.id, applicant)).body).toEqual(eligible);

      const events = await db.query(
        `SELECT aggregate_id, event_type, payload->>'status' AS status, payload->'recipients' AS recipients
           FROM outbox WHERE aggregate_id = ANY($1) ORDER BY id`,
        [[app.id, other.id]],
      );
      expect(events).toEqual([
        {
          aggregate_id: app.id,
          event_type: 'application.submitted',
          status: 'SUBMITTED',
          recipients: [applicant.id],
        },
        {
          aggregate_id: app.id,
          event_type: 'application.confirmation_requested',
          status: 'SUBMITTED',
          recipients: [supplier.owner.id],
        },
        {
          aggregate_id: app.id,
          event_type: 'application.confirmed',
          status: 'SUBMITTED',
          recipients: [applicant.id],
        },
        {
          aggregate_id: app.id,
          event_type: 'application.eligible',
          status: 'ELIGIBLE',
          recipients: [applicant.id],
        },
        {
          aggregate_id: other.id,
          event_type: 'application.confirmed',
          status: 'DRAFT',
          recipients: [applicant.id],
        },
        {
          aggregate_id: other.id,
          event_type: 'application.submitted',
          status: 'SUBMITTED',
          recipients: [applicant.id],
        },
        {
          aggregate_id: other.id,
          event_type: 'application.eligible',
          status: 'ELIGIBLE',
          recipients: [applicant.id],
        },
      ]);
      const audit = await db.query(
        `SELECT action, before, after, actor_id, request_id IS NOT NULL AS has_request
           FROM audit_log WHERE entity = 'application' AND entity_id = $1 ORDER BY id`,
        [other.id],
      );
      expect(audit.map((a: { action: string }) => a.action)).toEqual([
        'application.created',
        'application.confirmed',
        'application.submitted',
      ]);
      expect(audit[2]).toEqual({
        action: 'application.submitted',
        before: { status: 'DRAFT' },
        after: {
          status: 'ELIGIBLE',
          eligibility: { eligible: true, failures: [] },
          submittedAt: eligible.submittedAt,
        },
        actor_id: applicant.id,
        has_request: true,
      });
    });

    it('SUPPLIER_NOT_APPROVED: the supplier was suspended after drafting (and the draft flagged)', async () => {
      const owner = await t.userWithToken(Role.SUPPLIER, 'suspended');
      const doomed = await approvedSupplier(owner);
      const app = await draft(body(await company(), doomed));
      await confirm(app, owner);
      const suspended = await post(`/api/suppliers/${doomed.id}/suspend`, officer, {
        reason: '리베이트 제공 적발',
      });
      expect(suspended.status).toBe(200);
      expect(suspended.body.status).toBe('SUSPENDED');
      expect((await get(app.id, applicant)).body).toMatchObject({
        flagged: true,
        flagReason: '리베이트 제공 적발',
      });

      const submitted = await submit(app);
      expect(submitted.status).toBe('INELIGIBLE');
      expect(codesOf(submitted)).toEqual(['SUPPLIER_NOT_APPROVED']);
    });

    it('OFFERING_NOT_IN_CATEGORY: a PURCHASE offering used for AI_PROCESSING', async () => {
      const app = await assessed(
        body(await company(), supplier, { offeringId: supplier.purchase }),
      );
      expect(app.status).toBe('INELIGIBLE');
      expect(codesOf(app)).toEqual(['OFFERING_NOT_IN_CATEGORY']);
    });

    it("SUPPLIER_RELATED: the company's CEO is the supplier's representative", async () => {
      const owner = await t.userWithToken(Role.SUPPLIER, 'related');
      const name = `Choi Related${tag()}`;
      const related = await approvedSupplier(owner, name);
      const c = await company(applicant, {
        ceoName: `  ${name.toUpperCase().replace(' ', '   ')}`,
      });
      const app = await assessed(body(c, related), related);
      expect(app.status).toBe('INELIGIBLE');
      expect(codesOf(app)).toEqual(['SUPPLIER_RELATED']);
    });

    it('SUPPLIER_RELATED: the company has the supplier’s business registration number', async () => {
      const c = await company(applicant, { businessRegistrationNumber: supplier.brn });
      const app = await assessed(body(c));
      expect(app.status).toBe('INELIGIBLE');
      expect(codesOf(app)).toEqual(['SUPPLIER_RELATED']);
    });

    it('COST_OUT_OF_LIMITS: a cost so small that it gives no support', async () => {
      const app = await assessed(body(await company(), supplier, { agreedCostKrw: 1 }));
      expect(app.requestedSupportKrw).toBe(0);
      expect(app.status).toBe('INELIGIBLE');
      expect(codesOf(app)).toEqual(['COST_OUT_OF_LIMITS']);
    });

    it('PLAN_INCOMPLETE: missing and blank plan sections', async () => {
      const app = await assessed(
        body(await company(), supplier, {
          plan: { background: FULL_PLAN.background, goals: '   ', dataUsage: FULL_PLAN.dataUsage },
        }),
      );
      expect(app.status).toBe('INELIGIBLE');
      expect(app.eligibility!.failures).toEqual([
        { code: 'PLAN_INCOMPLETE', reason: 'plan sections missing: goals, expectedOutcome' },
      ]);
    });

    it('CATEGORY_NOT_OFFERED is caught while drafting: a category the program lacks is a 400', async () => {
      const c = await company();
      const res = await post(
        `/api/programs/${programId}/applications`,
        applicant,
        body(c, supplier, { category: 'SATELLITE_IMAGERY' }),
      );
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(res)).toEqual(['category']);
      expect(await countOf(c.id)).toBe(0);
    });

    it('records INELIGIBLE with every reason, visible in GET, to the supplier and in the list', async () => {
      const hospital = await company(applicant, { type: 'HOSPITAL' });
      const app = await assessed(
        body(hospital, supplier, {
          offeringId: supplier.purchase,
          plan: { background: FULL_PLAN.background },
        }),
      );
      const expected = ['COMPANY_TYPE_NOT_ALLOWED', 'OFFERING_NOT_IN_CATEGORY', 'PLAN_INCOMPLETE'];
      expect(app.status).toBe('INELIGIBLE');
      expect(app.eligibility!.eligible).toBe(false);
      expect(codesOf(app)).toEqual(expected);
      for (const f of app.eligibility!.failures) expect(f.reason.length).toBeGreaterThan(0);

      for (const reader of [applicant, supplier.owner, officer]) {
        const res = await get(app.id, reader);
        expect(res.status).toBe(200);
        expect(codesOf(res.body as AppView)).toEqual(expected);
      }
      const page = await list(officer, { programId, status: 'INELIGIBLE', limit: 500 });
      expect(codesOf(page.items.find((i) => i.id === app.id)!)).toEqual(expected);

      // The ineligible result is announced with its reasons, in the same transaction.
      const [event] = await db.query(
        `SELECT payload FROM outbox WHERE aggregate_id = $1 AND event_type = 'application.ineligible'`,
        [app.id],
      );
      expect((event.payload.failures as Failure[]).map((f) => f.code)).toEqual(expected);
    });
  });

  // ---- idempotency ------------------------------------------------------------------------

  describe('idempotent retries', () => {
    it('replays a create with the same key: same id, replay header, one row', async () => {
      const c = await company();
      const key = `create-${randomUUID()}`;
      const path = `/api/programs/${programId}/applications`;
      const first = await post(path, applicant, body(c), key);
      expect(first.status).toBe(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const second = await post(path, applicant, body(c), key);
      expect(second.status).toBe(201);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(second.body.id).toBe(first.body.id);
      expect(second.body.requestedSupportKrw).toBe(64_000_000);
      expect(await countOf(c.id)).toBe(1);
    });

    it('creates one row for 10 concurrent creates with one key', async () => {
      const c = await company();
      const key = `burst-${randomUUID()}`;
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          post(`/api/programs/${programId}/applications`, applicant, body(c), key),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array(10).fill(201));
      expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
      expect(results.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(9);
      expect(await countOf(c.id)).toBe(1);
    });

    it('refuses the same key with a different body (422) and saves nothing more', async () => {
      const c = await company();
      const key = `reuse-${randomUUID()}`;
      const path = `/api/programs/${programId}/applications`;
      expect((await post(path, applicant, body(c), key)).status).toBe(201);
      const res = await post(path, applicant, body(c, supplier, { title: '다른 제목' }), key);
      expectError(res, 422, 'IDEMPOTENCY_KEY_REUSED');
      expect(await countOf(c.id)).toBe(1);
    });

    it('scopes keys per user: another applicant may use the same key for its own request', async () => {
      const key = `shared-${randomUUID()}`;
      const mine = await post(
        `/api/programs/${programId}/applications`,
        applicant,
        body(await company()),
        key,
      );
      const theirs = await post(
        `/api/programs/${programId}/applications`,
        otherApplicant,
        body(await company(otherApplicant)),
        key,
      );
      expect([mine.status, theirs.status]).toEqual([201, 201]);
      expect(theirs.headers['idempotent-replayed']).toBeUndefined();
      expect(theirs.body.id).not.toBe(mine.body.id);
    });

    it('refuses a malformed key', async () => {
      const c = await company();
      const res = await post(
        `/api/programs/${programId}/applications`,
        applicant,
        body(c),
        'x'.repeat(201),
      );
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(res)).toEqual(['Idempotency-Key']);
      expect(await countOf(c.id)).toBe(0);
    });

    it('submits once for 8 concurrent submissions with one key: the others replay its answer', async () => {
      const app = await draft(body(await company()));
      await confirm(app);
      const key = `submit-burst-${randomUUID()}`;
      const results = await Promise.all(
        Array.from({ length: 8 }, () =>
          post(`/api/applications/${app.id}/submit`, applicant, undefined, key),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
      expect(results.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(7);
      for (const r of results) expect(r.body).toEqual(results[0].body);
      expect(results[0].body.status).toBe('ELIGIBLE');
      // What the key answers is what is stored.
      expect((await get(app.id, applicant)).body).toEqual(results[0].body);
      const [{ audits, events, keys }] = await db.query(
        `SELECT (SELECT count(*)::int FROM audit_log
                  WHERE entity_id = $1 AND action = 'application.submitted') AS audits,
                (SELECT count(*)::int FROM outbox WHERE aggregate_id = $1
                  AND event_type IN ('application.submitted', 'application.eligible')) AS events,
                (SELECT count(*)::int FROM idempotency_keys WHERE key = $2) AS keys`,
        [app.id, key],
      );
      expect({ audits, events, keys }).toEqual({ audits: 1, events: 2, keys: 1 });
    });

    it('refuses a submission key used before for another request (422), submitting nothing', async () => {
      const first = await draft(body(await company()));
      const second = await draft(body(await company()));
      const key = `submit-reuse-${randomUUID()}`;
      expect(
        (await post(`/api/applications/${first.id}/submit`, applicant, undefined, key)).status,
      ).toBe(200);
      const res = await post(`/api/applications/${second.id}/submit`, applicant, undefined, key);
      expectError(res, 422, 'IDEMPOTENCY_KEY_REUSED');
      expect((await get(second.id, applicant)).body.status).toBe('DRAFT');
    });

    it('submits once when the submission is retried with the same key', async () => {
      const app = await draft(body(await company()));
      await confirm(app);
      const key = `submit-${randomUUID()}`;
      const first = await post(`/api/applications/${app.id}/submit`, applicant, undefined, key);
      const second = await post(`/api/applications/${app.id}/submit`, applicant, undefined, key);
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(second.body).toEqual(first.body);
      expect(first.body.status).toBe('ELIGIBLE');

      const [{ audits }] = await db.query(
        `SELECT count(*)::int AS audits FROM audit_log
          WHERE entity = 'application' AND entity_id = $1 AND action = 'application.submitted'`,
        [app.id],
      );
      const [{ events }] = await db.query(
        `SELECT count(*)::int AS events FROM outbox
          WHERE aggregate_id = $1 AND event_type IN ('application.submitted', 'application.eligible')`,
        [app.id],
      );
      expect(audits).toBe(1);
      expect(events).toBe(2);

      // Without the key a second submission is a conflict; the key on another application is reuse.
      expectError(
        await post(`/api/applications/${app.id}/submit`, applicant),
        409,
        'INVALID_STATE_TRANSITION',
      );
      const other = await draft(body(await company()));
      expectError(
        await post(`/api/applications/${other.id}/submit`, applicant, undefined, key),
        422,
        'IDEMPOTENCY_KEY_REUSED',
      );
      expect((await get(other.id, applicant)).body.status).toBe('DRAFT');
    });
  });

  // ---- who reads what ---------------------------------------------------------------------

  describe('reads and lists', () => {
    let listProgram: string;
    let eligible: AppView;
    let social: AppView;
    let purchase: AppView;

    beforeAll(async () => {
      listProgram = await openProgram();
      const [seoul, busanHospital, jeju] = await Promise.all([
        company(applicant, { region: 'SEOUL' }),
        company(applicant, { region: 'BUSAN', type: 'HOSPITAL' }),
        company(otherApplicant, { region: 'JEJU' }),
      ]);
      eligible = await assessed(body(seoul), supplier, listProgram);
      social = await draft(
        body(busanHospital, otherSupplier, {
          track: 'SOCIAL_ISSUE',
          socialIssue: 'COVID19',
        }),
        applicant,
        listProgram,
      );
      purchase = await draft(
        body(jeju, supplier, {
          category: 'PURCHASE',
          offeringId: supplier.purchase,
          agreedCostKrw: 5_000_000,
        }),
        otherApplicant,
        listProgram,
      );
    });

    it('hides an application from another applicant and from a supplier it does not name (404)', async () => {
      expectError(await get(eligible.id, otherApplicant), 404, 'NOT_FOUND');
      expectError(await get(eligible.id, otherSupplier.owner), 404, 'NOT_FOUND');
      expectError(await get(purchase.id, applicant), 404, 'NOT_FOUND');
      expectError(await get(randomUUID(), officer), 404, 'NOT_FOUND');
      // Changes by someone else are 404 as well.
      expectError(
        await t.http
          .patch(`/api/applications/${eligible.id}`)
          .set(bearer(otherApplicant))
          .send({ title: 'x' }),
        404,
        'NOT_FOUND',
      );
      expectError(
        await post(`/api/applications/${purchase.id}/submit`, applicant),
        404,
        'NOT_FOUND',
      );
      expectError(
        await post(`/api/applications/${purchase.id}/withdraw`, applicant),
        404,
        'NOT_FOUND',
      );
      const evaluator = await t.userWithToken(Role.EVALUATOR);
      expectError(await get(eligible.id, evaluator), 403, 'FORBIDDEN');
    });

    it('shows an application to its applicant, the named supplier and officers', async () => {
      for (const reader of [applicant, supplier.owner, officer]) {
        const res = await get(eligible.id, reader);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ id: eligible.id, status: 'ELIGIBLE' });
      }
      expect((await get(social.id, otherSupplier.owner)).status).toBe(200);
      expect((await get(purchase.id, supplier.owner)).status).toBe(200);
    });

    it('lists only the applicant’s own applications', async () => {
      const mine = await list(applicant, { programId: listProgram });
      expect(mine.items.map((a) => a.id)).toEqual([eligible.id, social.id]);
      expect(mine.total).toBe(2);
      const theirs = await list(otherApplicant, { programId: listProgram });
      expect(theirs.items.map((a) => a.id)).toEqual([purchase.id]);

      // Across programs too: nothing of the other applicant ever shows up.
      const all = await list(otherApplicant, { limit: 500 });
      const ownCompanies = (
        await t.http.get('/api/companies').query({ limit: 500 }).set(bearer(otherApplicant))
      ).body as Page<CompanyView>;
      const owned = new Set(ownCompanies.items.map((c) => c.id));
      expect(all.items.length).toBeGreaterThan(0);
      for (const a of all.items) expect(owned.has(a.companyId)).toBe(true);
    });

    it('lists to a supplier only the applications naming it', async () => {
      const named = await list(supplier.owner, { programId: listProgram });
      expect(named.items.map((a) => a.id)).toEqual([eligible.id, purchase.id]);
      const other = await list(otherSupplier.owner, { programId: listProgram });
      expect(other.items.map((a) => a.id)).toEqual([social.id]);
    });

    it('lets officers filter by program, status, category, track, region and supplier', async () => {
      const ids = async (query: Record<string, string>) =>
        (await list(officer, { programId: listProgram, ...query })).items.map((a) => a.id);
      expect(await ids({})).toEqual([eligible.id, social.id, purchase.id]);
      expect(await ids({ status: 'ELIGIBLE' })).toEqual([eligible.id]);
      expect(await ids({ status: 'DRAFT' })).toEqual([social.id, purchase.id]);
      expect(await ids({ category: 'PURCHASE' })).toEqual([purchase.id]);
      expect(await ids({ category: 'AI_PROCESSING' })).toEqual([eligible.id, social.id]);
      expect(await ids({ track: 'SOCIAL_ISSUE' })).toEqual([social.id]);
      expect(await ids({ region: 'JEJU' })).toEqual([purchase.id]);
      expect(await ids({ region: 'SEOUL', status: 'ELIGIBLE' })).toEqual([eligible.id]);
      expect(await ids({ region: 'SEOUL', status: 'DRAFT' })).toEqual([]);
      expect(await ids({ supplierId: otherSupplier.id })).toEqual([social.id]);
      expect(await ids({ supplierId: supplier.id, category: 'AI_PROCESSING' })).toEqual([
        eligible.id,
      ]);
      // Without the program filter, the supplier filter reaches across programs.
      const bySupplier = await list(officer, { supplierId: otherSupplier.id, limit: 500 });
      expect(bySupplier.items.every((a) => a.supplierId === otherSupplier.id)).toBe(true);
      expect(bySupplier.items.map((a) => a.id)).toContain(social.id);
    });

    it('paginates with a stable order and the total', async () => {
      const first = await list(officer, { programId: listProgram, limit: 2, offset: 0 });
      const second = await list(officer, { programId: listProgram, limit: 2, offset: 2 });
      expect(first).toMatchObject({ total: 3, limit: 2, offset: 0 });
      expect(second).toMatchObject({ total: 3, limit: 2, offset: 2 });
      expect([...first.items, ...second.items].map((a) => a.id)).toEqual([
        eligible.id,
        social.id,
        purchase.id,
      ]);
      expect((await list(officer, { programId: listProgram, offset: 3 })).items).toEqual([]);
    });

    it('refuses bad filters with the field named', async () => {
      for (const [query, field] of [
        [{ status: 'APPROVED' }, 'status'],
        [{ track: 'SPECIAL' }, 'track'],
        [{ region: 'TOKYO' }, 'region'],
        [{ supplierId: 'not-a-uuid' }, 'supplierId'],
        [{ programId: '42' }, 'programId'],
        [{ category: 'purchase' }, 'category'],
        [{ limit: 0 }, 'limit'],
        [{ limit: 501 }, 'limit'],
        [{ offset: -1 }, 'offset'],
      ] as const) {
        const res = await t.http.get('/api/applications').set(bearer(officer)).query(query);
        expectError(res, 400, 'VALIDATION_FAILED');
        expect(fieldsOf(res)).toEqual([field]);
      }
    });
  });

  // ---- withdraw ---------------------------------------------------------------------------

  describe('withdraw', () => {
    it('withdraws a DRAFT once; the second withdrawal is a conflict', async () => {
      const app = await draft(body(await company()));
      const res = await post(`/api/applications/${app.id}/withdraw`, applicant);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('WITHDRAWN');
      expectError(
        await post(`/api/applications/${app.id}/withdraw`, applicant),
        409,
        'INVALID_STATE_TRANSITION',
      );
      expectError(
        await post(`/api/applications/${app.id}/submit`, applicant),
        409,
        'INVALID_STATE_TRANSITION',
      );
    });

    it('withdraws an ELIGIBLE application, freeing the company’s place in the program', async () => {
      const c = await company();
      const app = await assessed(body(c));
      expect(app.status).toBe('ELIGIBLE');
      const res = await post(`/api/applications/${app.id}/withdraw`, applicant);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('WITHDRAWN');
      expect((await get(app.id, officer)).body.status).toBe('WITHDRAWN');
      expectError(
        await post(`/api/applications/${app.id}/withdraw`, applicant),
        409,
        'INVALID_STATE_TRANSITION',
      );
      // The place is free again: a new application of the same company is eligible.
      expect((await assessed(body(c))).status).toBe('ELIGIBLE');
    });
  });

  // ---- editing ----------------------------------------------------------------------------

  describe('editing', () => {
    const patch = (id: string, payload: object, as: User = applicant) =>
      t.http.patch(`/api/applications/${id}`).set(bearer(as)).send(payload);

    it('refuses edits after submission (409 APPLICATION_NOT_EDITABLE)', async () => {
      const app = await draft(body(await company()));
      await submit(app);
      const res = await patch(app.id, { title: '제출 후 수정' });
      expectError(res, 409, 'APPLICATION_NOT_EDITABLE');
      expect((await get(app.id, applicant)).body.title).toBe(app.title);
    });

    it('recomputes the support and resets the confirmation when the agreed cost changes', async () => {
      const app = await draft(body(await company()));
      await confirm(app);

      // A title change keeps the supplier's confirmation.
      const retitled = await patch(app.id, { title: '  새 제목  ' });
      expect(retitled.status).toBe(200);
      expect(retitled.body.title).toBe('새 제목');
      expect(retitled.body.supplierConfirmedAt).not.toBeNull();

      const changed = await patch(app.id, { agreedCostKrw: 50_000_000 });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({
        agreedCostKrw: 50_000_000,
        requestedSupportKrw: 40_000_000,
        supplierConfirmedAt: null,
        status: 'DRAFT',
        // What was not sent stays as it was.
        title: '새 제목',
        plan: FULL_PLAN,
        offeringId: supplier.ai,
      });

      // Submitted now, it waits for a new confirmation instead of being assessed.
      expect((await submit(app)).status).toBe('SUBMITTED');
      expect((await confirm(app)).status).toBe('ELIGIBLE');
    });

    it('resets the confirmation when the offering changes, and merges plan sections', async () => {
      const app = await draft(
        body(await company(), supplier, { plan: { background: FULL_PLAN.background } }),
      );
      await confirm(app);
      const res = await patch(app.id, {
        category: 'PURCHASE',
        offeringId: supplier.purchase,
        plan: { goals: FULL_PLAN.goals },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        category: 'PURCHASE',
        offeringId: supplier.purchase,
        requestedSupportKrw: 18_000_000,
        supplierConfirmedAt: null,
        plan: { background: FULL_PLAN.background, goals: FULL_PLAN.goals },
      });
    });

    it('refuses bad edits with the field named and changes nothing', async () => {
      const app = await draft(body(await company()));
      for (const [payload, field] of [
        [{ socialIssue: 'COVID19' }, 'socialIssue'],
        [{ agreedCostKrw: -5 }, 'agreedCostKrw'],
        [{ title: 'x'.repeat(201) }, 'title'],
        [{ companyId: randomUUID() }, 'companyId'],
        [{ requestedSupportKrw: 1 }, 'requestedSupportKrw'],
        [{ track: 'SOCIAL_ISSUE' }, 'socialIssue'],
        // null is not "not sent": these fields can't be cleared.
        [{ title: null }, 'title'],
        [{ agreedCostKrw: null }, 'agreedCostKrw'],
        [{ category: null }, 'category'],
        [{ supplierId: null }, 'supplierId'],
        [{ plan: null }, 'plan'],
      ] as const) {
        const res = await patch(app.id, payload);
        expectError(res, 400, 'VALIDATION_FAILED');
        expect(fieldsOf(res)).toEqual([field]);
      }
      const after = (await get(app.id, applicant)).body as AppView;
      expect(after).toMatchObject({
        title: app.title,
        agreedCostKrw: app.agreedCostKrw,
        track: 'GENERAL',
        socialIssue: null,
        requestedSupportKrw: 64_000_000,
      });
    });
  });

  // ---- CSV export -------------------------------------------------------------------------

  describe('CSV export', () => {
    it('exports every application of the program as UTF-8 with a BOM, Korean intact', async () => {
      const program = await openProgram();
      const farm = await company(applicant, { name: `(주)데이터농장 한글 ${tag()}` });
      const hospital = await company(applicant, {
        name: `서울대학교병원 ${tag()}`,
        type: 'HOSPITAL',
      });
      const a = await assessed(body(farm), supplier, program);
      const b = await assessed(body(hospital), supplier, program);

      const res = await t.http
        .get(`/api/programs/${program}/applications.csv`)
        .set(bearer(officer))
        .buffer(true)
        .parse((res: Response, cb: (err: Error | null, body: Buffer) => void) =>
          rawBody(res as unknown as NodeJS.ReadableStream, cb),
        );
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      const bytes = res.body as Buffer;
      expect(Buffer.isBuffer(bytes)).toBe(true);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

      const lines = bytes.subarray(3).toString('utf8').split(/\r?\n/).filter(Boolean);
      expect(lines[0]).toBe(
        'application_id,status,category,track,social_issue,company,business_registration_number,' +
          'company_type,region,supplier,title,agreed_cost_krw,co_payment_percent,' +
          'requested_support_krw,submitted_at,flagged,ineligible_reasons',
      );
      expect(lines).toHaveLength(3);
      expect(lines[1].startsWith(`${a.id},ELIGIBLE,AI_PROCESSING,GENERAL,,${farm.name},`)).toBe(
        true,
      );
      expect(lines[1]).toContain(',80000000,20.00,64000000,');
      expect(lines[2].startsWith(`${b.id},INELIGIBLE,`)).toBe(true);
      expect(lines[2]).toContain(hospital.name);
      expect(lines[2].endsWith(',false,COMPANY_TYPE_NOT_ALLOWED')).toBe(true);
    });

    it('is for officers only (403), and 404 for an unknown program', async () => {
      expectError(
        await t.http.get(`/api/programs/${programId}/applications.csv`).set(bearer(applicant)),
        403,
        'FORBIDDEN',
      );
      expectError(
        await t.http.get(`/api/programs/${randomUUID()}/applications.csv`).set(bearer(officer)),
        404,
        'NOT_FOUND',
      );
    });
  });

  // ---- refused input ----------------------------------------------------------------------

  describe('bad input', () => {
    it('refuses malformed drafts with the field named, and saves nothing', async () => {
      const c = await company();
      const base = body(c);
      const { plan: _plan, ...withoutPlan } = base;
      const cases: Array<[string, object, string]> = [
        ['wrong track', { ...base, track: 'SPECIAL' }, 'track'],
        ['lower-case category', { ...base, category: 'ai_processing' }, 'category'],
        ['201-character title', { ...base, title: '가'.repeat(201) }, 'title'],
        ['blank title', { ...base, title: '   ' }, 'title'],
        ['negative cost', { ...base, agreedCostKrw: -1 }, 'agreedCostKrw'],
        ['zero cost', { ...base, agreedCostKrw: 0 }, 'agreedCostKrw'],
        ['fractional cost', { ...base, agreedCostKrw: 1000.5 }, 'agreedCostKrw'],
        ['string cost', { ...base, agreedCostKrw: '80000000' }, 'agreedCostKrw'],
        ['unknown field', { ...base, status: 'ELIGIBLE' }, 'status'],
        ['socialIssue on GENERAL', { ...base, socialIssue: 'COVID19' }, 'socialIssue'],
        ['SOCIAL_ISSUE without an issue', { ...base, track: 'SOCIAL_ISSUE' }, 'socialIssue'],
        ['missing plan', withoutPlan, 'plan'],
        ['plan section not a string', { ...base, plan: { goals: 42 } }, 'plan.goals'],
        ['unknown plan section', { ...base, plan: { budget: 'x' } }, 'plan.budget'],
        ['companyId not a UUID', { ...base, companyId: 'abc' }, 'companyId'],
        ['supplierId not a UUID', { ...base, supplierId: 7 }, 'supplierId'],
      ];
      for (const [what, payload, field] of cases) {
        const res = await post(`/api/programs/${programId}/applications`, applicant, payload);
        expect({ what, status: res.status, code: res.body.code }).toEqual({
          what,
          status: 400,
          code: 'VALIDATION_FAILED',
        });
        expect({ what, fields: fieldsOf(res) }).toEqual({ what, fields: [field] });
      }

      const malformed = await t.http
        .post(`/api/programs/${programId}/applications`)
        .set(bearer(applicant))
        .set('content-type', 'application/json')
        .send('{"companyId": ');
      expect(malformed.status).toBe(400);
      expect(malformed.body.statusCode).toBe(400);
      const notObject = await post(`/api/programs/${programId}/applications`, applicant, [base]);
      expect(notObject.status).toBe(400);

      expect(await countOf(c.id)).toBe(0);
      // The boundary itself is fine: 200 characters.
      const ok = await draft({ ...base, title: '가'.repeat(200) });
      expect(ok.title).toHaveLength(200);
      expect(await countOf(c.id)).toBe(1);
    });
  });

  // ---- companies --------------------------------------------------------------------------

  describe('companies', () => {
    it('refuses a wrong check digit, naming businessRegistrationNumber', async () => {
      const res = await t.http.post('/api/companies').set(bearer(applicant)).send({
        businessRegistrationNumber: badBrn(),
        name: '(주)오류',
        type: 'SME',
        region: 'SEOUL',
        ceoName: '김오류',
        ceoBirthDate: '1980-01-01',
        industry: '제조',
      });
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(res)).toEqual(['businessRegistrationNumber']);
    });

    it('refuses a CEO birth date in the future or before 1900, naming ceoBirthDate', async () => {
      for (const ceoBirthDate of ['9999-12-31', '1899-12-31']) {
        const res = await t.http.post('/api/companies').set(bearer(applicant)).send({
          businessRegistrationNumber: brn(),
          name: '(주)미래',
          type: 'SME',
          region: 'SEOUL',
          ceoName: '김미래',
          ceoBirthDate,
          industry: '제조',
        });
        expectError(res, 400, 'VALIDATION_FAILED');
        expect(fieldsOf(res)).toEqual(['ceoBirthDate']);
      }
    });

    it('stores the number bare and refuses a duplicate, however written (409)', async () => {
      const number = brn();
      const c = await company(applicant, {
        businessRegistrationNumber: `${number.slice(0, 3)}-${number.slice(3, 5)}-${number.slice(5)}`,
      });
      expect(c.businessRegistrationNumber).toBe(number);
      const res = await t.http.post('/api/companies').set(bearer(otherApplicant)).send({
        businessRegistrationNumber: number,
        name: '(주)중복',
        type: 'SME',
        region: 'SEOUL',
        ceoName: '김중복',
        ceoBirthDate: '1980-01-01',
        industry: '제조',
      });
      expectError(res, 409, 'CONFLICT');
      expect(fieldsOf(res)).toEqual(['businessRegistrationNumber']);
    });

    it('shows and changes a company only for its owner (others get 404), officers read all', async () => {
      const c = await company();
      const byOwner = await t.http.get(`/api/companies/${c.id}`).set(bearer(applicant));
      expect(byOwner.status).toBe(200);
      expect(byOwner.body.name).toBe(c.name);
      expect((await t.http.get(`/api/companies/${c.id}`).set(bearer(officer))).status).toBe(200);

      expectError(
        await t.http.get(`/api/companies/${c.id}`).set(bearer(otherApplicant)),
        404,
        'NOT_FOUND',
      );
      expectError(
        await t.http
          .patch(`/api/companies/${c.id}`)
          .set(bearer(otherApplicant))
          .send({ name: '탈취' }),
        404,
        'NOT_FOUND',
      );
      const theirs = (
        await t.http.get('/api/companies').query({ limit: 500 }).set(bearer(otherApplicant))
      ).body as Page<CompanyView>;
      expect(theirs.items.map((i) => i.id)).not.toContain(c.id);

      const renamed = await t.http
        .patch(`/api/companies/${c.id}`)
        .set(bearer(applicant))
        .send({ name: '(주)새이름' });
      expect(renamed.status).toBe(200);
      expect((await t.http.get(`/api/companies/${c.id}`).set(bearer(applicant))).body.name).toBe(
        '(주)새이름',
      );
      for (const field of ['name', 'type', 'ceoBirthDate', 'businessRegistrationNumber']) {
        const res = await t.http
          .patch(`/api/companies/${c.id}`)
          .set(bearer(applicant))
          .send({ [field]: null });
        expectError(res, 400, 'VALIDATION_FAILED');
        expect(fieldsOf(res)).toEqual([field]);
      }
      expectError(
        await t.http
          .post('/api/companies')
          .set(bearer(supplier.owner))
          .send({ businessRegistrationNumber: brn() }),
        403,
        'FORBIDDEN',
      );
    });
  });
});
