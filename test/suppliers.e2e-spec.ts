import { randomInt, randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '@app/common';
import { seedRules, startTestApp, TestApp } from '@app/testing';

type User = { id: string; email: string; token: string };
type Offering = {
  id: string;
  category: string;
  processingKind: string;
  title: string;
  description: string;
  indicativePriceKrw: number;
  status?: string;
  replacesId?: string | null;
  reviewReason?: string | null;
};
type Supplier = {
  id: string;
  businessRegistrationNumber: string;
  name: string;
  status: string;
  statusReason?: string | null;
  ownerUserId?: string;
  offerings: Offering[];
};
type OutboxRow = { event_type: string; payload: Record<string, unknown>; request_id: string };

const bearer = (u: User) => ({ authorization: `Bearer ${u.token}` });
const tag = () => `sup${randomUUID().replace(/-/g, '').slice(0, 10)}`;

/**
 * A valid business registration number with random first nine digits, so that suites sharing
 * the database never collide. The check digit is computed here independently of the code under
 * test (weights 1,3,7,1,3,7,1,3,5, plus the tens digit of the ninth digit × 5).
 */
function validBrn(): string {
  const d = Array.from({ length: 9 }, () => randomInt(10));
  const weights = [1, 3, 7, 1, 3, 7, 1, 3, 5];
  const sum = d.reduce((s, n, i) => s + n * weights[i], 0) + Math.floor((d[8] * 5) / 10);
  return `${d.join('')}${(10 - (sum % 10)) % 10}`;
}
const formatted = (brn: string) => `${brn.slice(0, 3)}-${brn.slice(3, 5)}-${brn.slice(5)}`;
const wrongCheckDigit = (brn: string) => `${brn.slice(0, 9)}${(Number(brn[9]) + 1) % 10}`;

/** Every error: the one shape, and the x-request-id header equal to body.requestId. */
function expectError(res: Response, status: number, code: string): void {
  expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
  expect(Object.keys(res.body).sort()).toEqual([
    'code',
    'details',
    'message',
    'requestId',
    'statusCode',
  ]);
  expect(res.headers['x-request-id']).toBe(res.body.requestId);
}

function fieldsOf(res: Response): string[] {
  return (res.body.details?.fields ?? []).map((f: { field: string }) => f.field);
}

function offering(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    category: 'AI_PROCESSING',
    title: 'AI 학습용 영상 라벨링',
    description: '바운딩박스 및 세그멘테이션 라벨링, 검수 2회',
    indicativePriceKrw: 65_000_000,
    ...extra,
  };
}

describe('suppliers (e2e)', () => {
  let t: TestApp;
  let db: DataSource;
  let officer: User;
  let admin: User;
  let owner: User;
  let otherSupplier: User;
  let applicant: User;
  let evaluator: User;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    [officer, admin, owner, otherSupplier, applicant, evaluator] = await Promise.all([
      t.userWithToken(Role.OFFICER),
      t.userWithToken(Role.ADMIN),
      t.userWithToken(Role.SUPPLIER, 'owner'),
      t.userWithToken(Role.SUPPLIER, 'other-supplier'),
      t.userWithToken(Role.APPLICANT),
      t.userWithToken(Role.EVALUATOR),
    ]);
  });
  afterAll(() => t.close());

  function body(extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      businessRegistrationNumber: validBrn(),
      name: `(주)데이터가공 ${tag()}`,
      representative: '김데이터',
      contactEmail: 'contact@data-gagong.co.kr',
      offerings: [offering()],
      ...extra,
    };
  }

  async function register(
    extra: Record<string, unknown> = {},
    who: User = owner,
  ): Promise<Supplier> {
    const res = await t.http.post('/api/suppliers').set(bearer(who)).send(body(extra));
    expect(res.status).toBe(201);
    return res.body as Supplier;
  }

  async function approved(extra: Record<string, unknown> = {}): Promise<Supplier> {
    const s = await register(extra);
    const res = await t.http.post(`/api/suppliers/${s.id}/approve`).set(bearer(officer));
    expect(res.status).toBe(200);
    return res.body as Supplier;
  }

  const countByBrn = async (brn: string): Promise<number> =>
    (
      await db.query(
        `SELECT count(*)::int AS n FROM suppliers WHERE business_registration_number = $1`,
        [brn],
      )
    )[0].n;

  const outbox = (id: string): Promise<OutboxRow[]> =>
    db.query(
      `SELECT event_type, payload, request_id FROM outbox
        WHERE aggregate_type = 'supplier' AND aggregate_id = $1 ORDER BY id`,
      [id],
    );

  const audit = async (id: string) =>
    (await t.http.get(`/api/audit?entity=supplier&id=${id}`).set(bearer(officer)).expect(200))
      .body as {
      total: number;
      items: Array<{ action: string; before: unknown; after: unknown; actorId: string }>;
    };

  const publicGet = (id: string) => t.http.get(`/api/suppliers/${id}`);
  const asOwner = async (id: string): Promise<Supplier> =>
    (await t.http.get(`/api/suppliers/${id}`).set(bearer(owner)).expect(200)).body;

  /** Every item of a catalogue query (pages of 500). */
  async function catalogue(query: string, who?: User): Promise<Supplier[]> {
    const items: Supplier[] = [];
    for (let offset = 0; ; offset += 500) {
      let req = t.http.get(`/api/suppliers?${query}&limit=500&offset=${offset}`);
      if (who) req = req.set(bearer(who));
      const res = await req.expect(200);
      items.push(...res.body.items);
      if (offset + 500 >= res.body.total) return items;
    }
  }

  describe('registration', () => {
    it('registers a PENDING supplier from a formatted number, stored as ten digits, with audit and outbox', async () => {
      const brn = validBrn();
      const name = `(주)데이터가공 ${tag()}`;
      const res = await t.http
        .post('/api/suppliers')
        .set(bearer(owner))
        .set('x-request-id', `sup-reg-${tag()}`)
        .send(
          body({
            businessRegistrationNumber: formatted(brn),
            name,
            contactPhone: '02-1234-5678',
            offerings: [
              offering({ category: 'PURCHASE', title: '소매 POS 판매 데이터' }),
              offering({ category: 'AI_PROCESSING', processingKind: 'PSEUDONYMIZATION' }),
              offering({ category: 'GENERAL_PROCESSING' }),
            ],
          }),
        );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        businessRegistrationNumber: brn,
        name,
        representative: '김데이터',
        contactPhone: '02-1234-5678',
        crowdsourcing: false,
        crowdsourcingEvidence: null,
        status: 'PENDING',
        statusReason: null,
        ownerUserId: owner.id,
      });
      const kinds = Object.fromEntries(
        res.body.offerings.map((o: Offering) => [o.category, [o.processingKind, o.status]]),
      );
      expect(kinds).toEqual({
        PURCHASE: ['NONE', 'PENDING'],
        AI_PROCESSING: ['PSEUDONYMIZATION', 'PENDING'],
        GENERAL_PROCESSING: ['STANDARD', 'PENDING'],
      });
      expect(await countByBrn(brn)).toBe(1);

      const trail = await audit(res.body.id);
      expect(trail.items.map((e) => e.action)).toEqual(['supplier.registered']);
      expect(trail.items[0]).toMatchObject({
        actorId: owner.id,
        after: { businessRegistrationNumber: brn, status: 'PENDING' },
      });
      const events = await outbox(res.body.id);
      expect(events).toEqual([
        {
          event_type: 'supplier.registered',
          payload: { supplierId: res.body.id, name, recipients: [] },
          request_id: res.headers['x-request-id'],
        },
      ]);
    });

    it('accepts ten bare digits too', async () => {
      const brn = validBrn();
      const s = await register({ businessRegistrationNumber: brn });
      expect(s.businessRegistrationNumber).toBe(brn);
    });

    it.each([
      ['a wrong check digit', () => wrongCheckDigit(validBrn())],
      ['a wrong check digit, formatted', () => formatted(wrongCheckDigit(validBrn()))],
      ['nine digits', () => validBrn().slice(0, 9)],
      ['eleven digits', () => `${validBrn()}0`],
      ['letters', () => `ABC${validBrn().slice(3)}`],
      ['a number instead of a string', () => Number(validBrn().replace(/^0/, '1'))],
      ['a wrong grouping', () => validBrn().replace(/^(\d{4})(\d)(\d{5})$/, '$1-$2-$3')],
    ])(
      'refuses %s with 400 naming businessRegistrationNumber, saving nothing',
      async (_l, make) => {
        const brn = make();
        const res = await t.http
          .post('/api/suppliers')
          .set(bearer(owner))
          .send(body({ businessRegistrationNumber: brn }));
        expectError(res, 400, 'VALIDATION_FAILED');
        expect(fieldsOf(res)).toEqual(['businessRegistrationNumber']);
        expect(res.body.details.fields[0].reasons).toEqual([
          'businessRegistrationNumber must be a valid business registration number (10 digits, check digit)',
        ]);
        const digits = String(brn).replace(/\D/g, '');
        if (digits.length === 10) expect(await countByBrn(digits)).toBe(0);
      },
    );

    it('allows one supplier per number: a second one, bare or formatted, is 409 CONFLICT naming the field', async () => {
      const brn = validBrn();
      await register({ businessRegistrationNumber: brn });
      for (const again of [brn, formatted(brn)]) {
        const res = await t.http
          .post('/api/suppliers')
          .set(bearer(otherSupplier))
          .send(body({ businessRegistrationNumber: again }));
        expectError(res, 409, 'CONFLICT');
        expect(fieldsOf(res)).toEqual(['businessRegistrationNumber']);
      }
      expect(await countByBrn(brn)).toBe(1);
    });

    it('lets exactly one of several concurrent registrations of a number win', async () => {
      const brn = validBrn();
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          t.http
            .post('/api/suppliers')
            .set(bearer(i % 2 ? owner : otherSupplier))
            .send(body({ businessRegistrationNumber: i % 2 ? brn : formatted(brn) })),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
      for (const r of results.filter((r) => r.status === 409)) expectError(r, 409, 'CONFLICT');
      expect(await countByBrn(brn)).toBe(1);
    });

    it('needs evidence for crowdsourcing: 400 naming crowdsourcingEvidence, then 201 with it', async () => {
      const brn = validBrn();
      const res = await t.http
        .post('/api/suppliers')
        .set(bearer(owner))
        .send(body({ businessRegistrationNumber: brn, crowdsourcing: true }));
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(res)).toEqual(['crowdsourcingEvidence']);
      expect(res.body.details.fields[0].reasons).toEqual([
        'crowdsourcingEvidence is required when crowdsourcing is true',
      ]);
      expect(await countByBrn(brn)).toBe(0);

      const ok = await register({
        businessRegistrationNumber: brn,
        crowdsourcing: true,
        crowdsourcingEvidence: '크라우드소싱 플랫폼 운영 계약서 (2021-02-15)',
      });
      expect(ok).toMatchObject({
        crowdsourcing: true,
        crowdsourcingEvidence: '크라우드소싱 플랫폼 운영 계약서 (2021-02-15)',
      });
    });

    const malformed: Array<[string, Record<string, unknown>, string]> = [
      [
        'a wrong category',
        { offerings: [offering({ category: 'RESEARCH' })] },
        'offerings[0].category',
      ],
      [
        'a wrong processing kind',
        { offerings: [offering({ processingKind: 'MAGIC' })] },
        'offerings[0].processingKind',
      ],
      [
        'a processing kind on a purchase',
        { offerings: [offering({ category: 'PURCHASE', processingKind: 'ANONYMIZATION' })] },
        'offerings[0].processingKind',
      ],
      [
        'a negative price',
        { offerings: [offering(), offering({ indicativePriceKrw: -1 })] },
        'offerings[1].indicativePriceKrw',
      ],
      [
        'a non-integer price',
        { offerings: [offering({ indicativePriceKrw: 1000.5 })] },
        'offerings[0].indicativePriceKrw',
      ],
      [
        'a price given as a string',
        { offerings: [offering({ indicativePriceKrw: '1000' })] },
        'offerings[0].indicativePriceKrw',
      ],
      [
        'a 300-char title',
        { offerings: [offering({ title: 'x'.repeat(300) })] },
        'offerings[0].title',
      ],
      ['an unknown field', { homepage: 'https://example.kr' }, 'homepage'],
      [
        'an unknown offering field',
        { offerings: [offering({ discountKrw: 5 })] },
        'offerings[0].discountKrw',
      ],
      ['no offerings', { offerings: [] }, 'offerings'],
      ['a status chosen by the caller', { status: 'APPROVED' }, 'status'],
      ['a bad e-mail', { contactEmail: 'not-an-email' }, 'contactEmail'],
    ];

    it.each(malformed)(
      'refuses %s with 400 naming the field, saving nothing',
      async (_l, extra, field) => {
        const brn = validBrn();
        const res = await t.http
          .post('/api/suppliers')
          .set(bearer(owner))
          .send(body({ businessRegistrationNumber: brn, ...extra }));
        expectError(res, 400, 'VALIDATION_FAILED');
        expect(fieldsOf(res)).toEqual([field]);
        expect(res.body.message).toContain(field);
        expect(await countByBrn(brn)).toBe(0);
      },
    );

    it('is for SUPPLIER users only: 403 for other roles, 401 without a token', async () => {
      for (const who of [applicant, evaluator, officer]) {
        const brn = validBrn();
        const res = await t.http
          .post('/api/suppliers')
          .set(bearer(who))
          .send(body({ businessRegistrationNumber: brn }));
        expectError(res, 403, 'FORBIDDEN');
        expect(await countByBrn(brn)).toBe(0);
      }
      expectError(await t.http.post('/api/suppliers').send(body()), 401, 'UNAUTHENTICATED');
    });
  });

  describe('review by officers', () => {
    it('approves a pending supplier with its offerings, with audit before/after and an outbox event to the owner', async () => {
      const s = await register({
        offerings: [offering({ category: 'PURCHASE' }), offering()],
      });
      const res = await t.http
        .post(`/api/suppliers/${s.id}/approve`)
        .set(bearer(officer))
        .set('x-request-id', `sup-approve-${tag()}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: s.id, status: 'APPROVED', statusReason: null });
      expect(res.body.reviewedAt).toEqual(expect.any(String));
      expect(res.body.offerings.map((o: Offering) => o.status)).toEqual(['APPROVED', 'APPROVED']);

      const trail = await audit(s.id);
      expect(trail.items.map((e) => e.action)).toEqual([
        'supplier.approved',
        'supplier.registered',
      ]);
      expect(trail.items[0]).toMatchObject({
        actorId: officer.id,
        before: { status: 'PENDING' },
        after: { status: 'APPROVED' },
      });
      const events = await outbox(s.id);
      expect(events.map((e) => e.event_type)).toEqual(['supplier.registered', 'supplier.approved']);
      expect(events[1]).toEqual({
        event_type: 'supplier.approved',
        payload: { supplierId: s.id, name: s.name, recipients: [owner.id] },
        request_id: res.headers['x-request-id'],
      });

      // Now in the public catalogue.
      const pub = await publicGet(s.id).expect(200);
      expect(pub.body.status).toBe('APPROVED');
      expect(pub.body.offerings).toHaveLength(2);
    });

    it('lets an ADMIN approve too', async () => {
      const s = await register();
      const res = await t.http.post(`/api/suppliers/${s.id}/approve`).set(bearer(admin));
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('APPROVED');
    });

    it('rejects with a reason; the pending offerings are rejected with it', async () => {
      const s = await register();
      const missing = await t.http
        .post(`/api/suppliers/${s.id}/reject`)
        .set(bearer(officer))
        .send({});
      expectError(missing, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(missing)).toEqual(['reason']);
      const long = await t.http
        .post(`/api/suppliers/${s.id}/reject`)
        .set(bearer(officer))
        .send({ reason: 'x'.repeat(1001) });
      expect(fieldsOf(long)).toEqual(['reason']);
      expect((await asOwner(s.id)).status).toBe('PENDING');

      const res = await t.http
        .post(`/api/suppliers/${s.id}/reject`)
        .set(bearer(officer))
        .send({ reason: '사업자 휴업 상태' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'REJECTED', statusReason: '사업자 휴업 상태' });
      expect(res.body.offerings[0]).toMatchObject({
        status: 'REJECTED',
        reviewReason: '사업자 휴업 상태',
      });
      const events = await outbox(s.id);
      expect(events.at(-1)).toMatchObject({
        event_type: 'supplier.rejected',
        payload: {
          supplierId: s.id,
          name: s.name,
          reason: '사업자 휴업 상태',
          recipients: [owner.id],
        },
      });
      expect((await audit(s.id)).items[0]).toMatchObject({
        action: 'supplier.rejected',
        before: { status: 'PENDING', statusReason: null },
        after: { status: 'REJECTED', statusReason: '사업자 휴업 상태' },
      });
    });

    it('refuses transitions out of order with 409 INVALID_STATE_TRANSITION {status}, leaving no trace', async () => {
      const s = await register();
      const post = (action: string, send?: object) => {
        const req = t.http.post(`/api/suppliers/${s.id}/${action}`).set(bearer(officer));
        return send ? req.send(send) : req;
      };

      const early = await post('suspend', { reason: 'kickback' });
      expectError(early, 409, 'INVALID_STATE_TRANSITION');
      expect(early.body.details).toEqual({ status: 'PENDING' });

      await post('approve').expect(200);
      for (const [action, send] of [
        ['approve', undefined],
        ['reject', { reason: 'late' }],
      ] as const) {
        const res = await post(action, send);
        expectError(res, 409, 'INVALID_STATE_TRANSITION');
        expect(res.body.details).toEqual({ status: 'APPROVED' });
      }
      await post('suspend', { reason: '리베이트 적발' }).expect(200);
      for (const [action, send] of [
        ['approve', undefined],
        ['reject', { reason: 'x' }],
        ['suspend', { reason: 'x' }],
      ] as const) {
        const res = await post(action, send);
        expectError(res, 409, 'INVALID_STATE_TRANSITION');
        expect(res.body.details).toEqual({ status: 'SUSPENDED' });
      }
      expect((await audit(s.id)).items.map((e) => e.action)).toEqual([
        'supplier.suspended',
        'supplier.approved',
        'supplier.registered',
      ]);
      expect((await outbox(s.id)).map((e) => e.event_type)).toEqual([
        'supplier.registered',
        'supplier.approved',
        'supplier.suspended',
      ]);

      const rejected = await register();
      await t.http
        .post(`/api/suppliers/${rejected.id}/reject`)
        .set(bearer(officer))
        .send({ reason: 'no' })
        .expect(200);
      const again = await t.http.post(`/api/suppliers/${rejected.id}/approve`).set(bearer(officer));
      expectError(again, 409, 'INVALID_STATE_TRANSITION');
      expect(again.body.details).toEqual({ status: 'REJECTED' });
    });

    it('is for officers and admins only: 403 for an evaluator, the owner and an applicant', async () => {
      const s = await register();
      for (const who of [evaluator, owner, applicant]) {
        expectError(
          await t.http.post(`/api/suppliers/${s.id}/approve`).set(bearer(who)),
          403,
          'FORBIDDEN',
        );
        expectError(
          await t.http.post(`/api/suppliers/${s.id}/reject`).set(bearer(who)).send({ reason: 'x' }),
          403,
          'FORBIDDEN',
        );
      }
      expect((await asOwner(s.id)).status).toBe('PENDING');
      expect((await audit(s.id)).total).toBe(1);
    });

    it('suspends an approved supplier and flags its running applications in the same transaction', async () => {
      const s = await approved();
      const offeringId = s.offerings[0].id;
      const program = await t.http
        .post('/api/programs')
        .set(bearer(officer))
        .send({ year: 2021, name: `suspension ${tag()}`, rules: seedRules(2021) })
        .expect(201);
      const companyIds: string[] = [];
      for (let i = 0; i < 2; i++) {
        const [row] = await db.query(
          `INSERT INTO companies (owner_user_id, business_registration_number, name, type, region,
             ceo_name, ceo_birth_date, industry)
           VALUES ($1, $2, $3, 'SME', 'BUSAN', '박대표', '1985-04-01', '제조업') RETURNING id`,
          [applicant.id, validBrn(), `수요기업 ${tag()}`],
        );
        companyIds.push(row.id);
      }
      const insertApplication = async (companyId: string, status: string): Promise<string> => {
        const [row] = await db.query(
          `INSERT INTO applications (program_id, company_id, applicant_user_id, category, track,
             supplier_id, offering_id, title, plan, agreed_cost_krw, co_payment_percent,
             requested_support_krw, status, rules_version)
           VALUES ($1, $2, $3, 'AI_PROCESSING', 'GENERAL', $4, $5, 'AI 학습 데이터 구축', '{}',
             10000000, 20, 8000000, $6, 1) RETURNING id`,
          [program.body.id, companyId, applicant.id, s.id, offeringId, status],
        );
        return row.id;
      };
      const submitted = await insertApplication(companyIds[0], 'SUBMITTED');
      const withdrawn = await insertApplication(companyIds[0], 'WITHDRAWN');
      const selected = await insertApplication(companyIds[1], 'SELECTED');

      const reason = '리베이트 제공 적발 (지정 취소)';
      const res = await t.http
        .post(`/api/suppliers/${s.id}/suspend`)
        .set(bearer(officer))
        .send({ reason });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'SUSPENDED', statusReason: reason });

      const apps: Array<{ id: string; flagged: boolean; flag_reason: string | null }> =
        await db.query(`SELECT id, flagged, flag_reason FROM applications WHERE supplier_id = $1`, [
          s.id,
        ]);
      const byId = Object.fromEntries(apps.map((a) => [a.id, [a.flagged, a.flag_reason]]));
      expect(byId).toEqual({
        [submitted]: [true, reason],
        [selected]: [true, reason],
        [withdrawn]: [false, null],
      });
      const event = (await outbox(s.id)).at(-1)!;
      expect(event.event_type).toBe('supplier.suspended');
      expect(event.payload).toEqual({
        supplierId: s.id,
        name: s.name,
        reason,
        flaggedApplicationIds: [submitted, selected].sort(),
        recipients: [owner.id],
      });

      // Designation cancelled: gone from the catalogue, still visible to its owner and officers.
      expectError(await publicGet(s.id), 404, 'NOT_FOUND');
      expect((await asOwner(s.id)).status).toBe('SUSPENDED');
    });

    it('refuses malformed ids (400 naming the field) and answers unknown ones with 404', async () => {
      const bad = await t.http.post('/api/suppliers/nope/approve').set(bearer(officer));
      expectError(bad, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(bad)).toEqual(['id']);
      const s = await approved();
      const badOffering = await t.http
        .post(`/api/suppliers/${s.id}/offerings/nope/approve`)
        .set(bearer(officer));
      expectError(badOffering, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(badOffering)).toEqual(['offeringId']);

      const missing = randomUUID();
      expectError(
        await t.http.post(`/api/suppliers/${missing}/approve`).set(bearer(officer)),
        404,
        'NOT_FOUND',
      );
      expectError(
        await t.http.get(`/api/suppliers/${missing}`).set(bearer(officer)),
        404,
        'NOT_FOUND',
      );
      expectError(
        await t.http
          .post(`/api/suppliers/${s.id}/offerings/${missing}/approve`)
          .set(bearer(officer)),
        404,
        'NOT_FOUND',
      );
    });
  });

  describe('who sees what', () => {
    it('hides PENDING, REJECTED and SUSPENDED suppliers from everybody but their owner and officers', async () => {
      const label = tag();
      const pending = await register({ name: `${label} pending` });
      const ok = await approved({ name: `${label} approved` });
      const rejected = await register({ name: `${label} rejected` });
      await t.http
        .post(`/api/suppliers/${rejected.id}/reject`)
        .set(bearer(officer))
        .send({ reason: 'incomplete' })
        .expect(200);
      const suspended = await approved({ name: `${label} suspended` });
      await t.http
        .post(`/api/suppliers/${suspended.id}/suspend`)
        .set(bearer(officer))
        .send({ reason: 'kickback' })
        .expect(200);

      for (const who of [undefined, applicant, evaluator, otherSupplier, owner]) {
        const items = await catalogue(`q=${label}`, who);
        expect(items.map((s) => s.name)).toEqual([`${label} approved`]);
        // The public entry: no owner, no review trail, no offering status.
        expect(items[0]).not.toHaveProperty('ownerUserId');
        expect(items[0]).not.toHaveProperty('statusReason');
        expect(items[0]).not.toHaveProperty('crowdsourcingEvidence');
        expect(Object.keys(items[0].offerings[0]).sort()).toEqual([
          'category',
          'description',
          'id',
          'indicativePriceKrw',
          'processingKind',
          'title',
        ]);
      }
      const asOfficer = await catalogue(`q=${label}`, officer);
      expect(asOfficer.map((s) => [s.name, s.status])).toEqual([
        [`${label} approved`, 'APPROVED'],
        [`${label} pending`, 'PENDING'],
        [`${label} rejected`, 'REJECTED'],
        [`${label} suspended`, 'SUSPENDED'],
      ]);
      expect(asOfficer[1].offerings[0].status).toBe('PENDING');
      expect((await catalogue(`q=${label}&status=PENDING`, officer)).map((s) => s.id)).toEqual([
        pending.id,
      ]);
      // The public cannot ask for other statuses.
      expect(await catalogue(`q=${label}&status=PENDING`)).toEqual([]);

      for (const hidden of [pending, rejected, suspended]) {
        for (const who of [undefined, applicant, evaluator, otherSupplier]) {
          const req = t.http.get(`/api/suppliers/${hidden.id}`);
          const res = who ? await req.set(bearer(who)) : await req;
          expectError(res, 404, 'NOT_FOUND');
        }
        const mine = await t.http.get(`/api/suppliers/${hidden.id}`).set(bearer(owner)).expect(200);
        expect(mine.body.ownerUserId).toBe(owner.id);
        const off = await t.http
          .get(`/api/suppliers/${hidden.id}`)
          .set(bearer(officer))
          .expect(200);
        expect(off.body).toMatchObject({ id: hidden.id, ownerUserId: owner.id });
      }
      expect((await asOwner(rejected.id)).statusReason).toBe('incomplete');
      const pub = await publicGet(ok.id).expect(200);
      expect(pub.body).not.toHaveProperty('ownerUserId');
      expect(pub.body.status).toBe('APPROVED');
    });

    it("lists the caller's own suppliers with every status under /mine", async () => {
      const label = tag();
      const a = await register({ name: `${label} a` });
      const b = await approved({ name: `${label} b` });
      const mine = await t.http.get('/api/suppliers/mine?limit=500').set(bearer(owner)).expect(200);
      const ours = mine.body.items.filter((s: Supplier) => s.name.startsWith(label));
      expect(ours.map((s: Supplier) => [s.id, s.status])).toEqual([
        [a.id, 'PENDING'],
        [b.id, 'APPROVED'],
      ]);
      expect(ours[0].offerings[0].status).toBe('PENDING');
      for (const s of mine.body.items) expect(s.ownerUserId).toBe(owner.id);

      const theirs = await t.http
        .get('/api/suppliers/mine?limit=500')
        .set(bearer(otherSupplier))
        .expect(200);
      expect(theirs.body.items.map((s: Supplier) => s.id)).not.toContain(a.id);
      expectError(await t.http.get('/api/suppliers/mine').set(bearer(applicant)), 403, 'FORBIDDEN');
      expectError(await t.http.get('/api/suppliers/mine'), 401, 'UNAUTHENTICATED');
    });
  });

  describe('the owner', () => {
    it('updates contact details and the crowdsourcing claim (with evidence), audited', async () => {
      const s = await register();
      const res = await t.http
        .patch(`/api/suppliers/${s.id}`)
        .set(bearer(owner))
        .send({ contactEmail: 'Sales@Data.KR', contactPhone: '031-987-6543' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        contactEmail: 'sales@data.kr',
        contactPhone: '031-987-6543',
      });

      const noEvidence = await t.http
        .patch(`/api/suppliers/${s.id}`)
        .set(bearer(owner))
        .send({ crowdsourcing: true });
      expectError(noEvidence, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(noEvidence)).toEqual(['crowdsourcingEvidence']);
      expect((await asOwner(s.id)).status).toBe('PENDING');

      const withEvidence = await t.http.patch(`/api/suppliers/${s.id}`).set(bearer(owner)).send({
        crowdsourcing: true,
        crowdsourcingEvidence: '작업자 풀 운영 증빙',
        contactPhone: null,
      });
      expect(withEvidence.status).toBe(200);
      expect(withEvidence.body).toMatchObject({
        crowdsourcing: true,
        crowdsourcingEvidence: '작업자 풀 운영 증빙',
        contactPhone: null,
      });
      // Clearing the evidence while crowdsourcing is still claimed is refused.
      const clear = await t.http
        .patch(`/api/suppliers/${s.id}`)
        .set(bearer(owner))
        .send({ crowdsourcingEvidence: null });
      expect(fieldsOf(clear)).toEqual(['crowdsourcingEvidence']);

      const trail = await audit(s.id);
      expect(trail.items.map((e) => e.action)).toEqual([
        'supplier.updated',
        'supplier.updated',
        'supplier.registered',
      ]);
      expect(trail.items[1]).toMatchObject({
        before: { contactEmail: 'contact@data-gagong.co.kr', contactPhone: null },
        after: { contactEmail: 'sales@data.kr', contactPhone: '031-987-6543' },
      });
      expect(trail.items[0].after).toEqual({
        contactPhone: null,
        crowdsourcing: true,
        crowdsourcingEvidence: '작업자 풀 운영 증빙',
      });
    });

    it("answers someone else's supplier with 404 and refuses fields outside the contact details", async () => {
      const s = await register();
      const res = await t.http
        .patch(`/api/suppliers/${s.id}`)
        .set(bearer(otherSupplier))
        .send({ contactEmail: 'hijack@evil.kr' });
      expectError(res, 404, 'NOT_FOUND');
      expectError(
        await t.http
          .post(`/api/suppliers/${s.id}/offerings`)
          .set(bearer(otherSupplier))
          .send(offering()),
        404,
        'NOT_FOUND',
      );
      expectError(
        await t.http
          .put(`/api/suppliers/${s.id}/offerings/${s.offerings[0].id}`)
          .set(bearer(otherSupplier))
          .send(offering()),
        404,
        'NOT_FOUND',
      );
      expectError(
        await t.http
          .delete(`/api/suppliers/${s.id}/offerings/${s.offerings[0].id}`)
          .set(bearer(otherSupplier)),
        404,
        'NOT_FOUND',
      );
      expectError(
        await t.http
          .patch(`/api/suppliers/${s.id}`)
          .set(bearer(officer))
          .send({ contactPhone: null }),
        403,
        'FORBIDDEN',
      );
      const rename = await t.http
        .patch(`/api/suppliers/${s.id}`)
        .set(bearer(owner))
        .send({ name: 'renamed', status: 'APPROVED' });
      expectError(rename, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(rename).sort()).toEqual(['name', 'status']);
      const now = await asOwner(s.id);
      expect(now).toMatchObject({
        name: s.name,
        status: 'PENDING',
        contactEmail: 'contact@data-gagong.co.kr',
      });
      expect(now.offerings).toHaveLength(1);
    });

    it('edits a pending offering in place and withdraws it', async () => {
      const s = await register({ offerings: [offering(), offering({ title: 'second' })] });
      const first = s.offerings.find((o) => o.title !== 'second')!;
      const res = await t.http
        .put(`/api/suppliers/${s.id}/offerings/${first.id}`)
        .set(bearer(owner))
        .send(
          offering({ category: 'PURCHASE', title: '가공 전 원천 데이터', indicativePriceKrw: 0 }),
        );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: first.id,
        category: 'PURCHASE',
        processingKind: 'NONE',
        title: '가공 전 원천 데이터',
        indicativePriceKrw: 0,
        status: 'PENDING',
        replacesId: null,
      });
      const bad = await t.http
        .put(`/api/suppliers/${s.id}/offerings/${first.id}`)
        .set(bearer(owner))
        .send(offering({ indicativePriceKrw: -5 }));
      expectError(bad, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(bad)).toEqual(['indicativePriceKrw']);

      const gone = await t.http
        .delete(`/api/suppliers/${s.id}/offerings/${first.id}`)
        .set(bearer(owner));
      expect(gone.status).toBe(200);
      expect(gone.body.status).toBe('WITHDRAWN');
      const twice = await t.http
        .delete(`/api/suppliers/${s.id}/offerings/${first.id}`)
        .set(bearer(owner));
      expectError(twice, 409, 'INVALID_STATE_TRANSITION');
      expect(twice.body.details).toEqual({ status: 'WITHDRAWN' });
      const edit = await t.http
        .put(`/api/suppliers/${s.id}/offerings/${first.id}`)
        .set(bearer(owner))
        .send(offering());
      expectError(edit, 409, 'INVALID_STATE_TRANSITION');

      // Offerings of a pending supplier are decided with the supplier, not one by one.
      const second = s.offerings.find((o) => o.title === 'second')!;
      const single = await t.http
        .post(`/api/suppliers/${s.id}/offerings/${second.id}/approve`)
        .set(bearer(officer));
      expectError(single, 409, 'INVALID_STATE_TRANSITION');
      expect(single.body.details).toEqual({ status: 'PENDING' });

      // Approving the supplier approves what is still pending, not what was withdrawn.
      const ok = await t.http
        .post(`/api/suppliers/${s.id}/approve`)
        .set(bearer(officer))
        .expect(200);
      expect(ok.body.offerings.map((o: Offering) => [o.id, o.status]).sort()).toEqual(
        [
          [first.id, 'WITHDRAWN'],
          [second.id, 'APPROVED'],
        ].sort(),
      );
    });

    it("refuses another supplier's offering id with 404", async () => {
      const mine = await register();
      const theirs = await register({}, otherSupplier);
      const res = await t.http
        .put(`/api/suppliers/${mine.id}/offerings/${theirs.offerings[0].id}`)
        .set(bearer(owner))
        .send(offering());
      expectError(res, 404, 'NOT_FOUND');
    });
  });

  describe('offerings of an approved supplier', () => {
    it('keeps the approved offering visible while its revision is reviewed, then replaces it', async () => {
      const s = await approved({ offerings: [offering({ title: '원본 라벨링' })] });
      const original = s.offerings[0];

      const revise = await t.http
        .put(`/api/suppliers/${s.id}/offerings/${original.id}`)
        .set(bearer(owner))
        .send(offering({ title: '개정 라벨링', indicativePriceKrw: 70_000_000 }));
      expect(revise.status).toBe(200);
      expect(revise.body).toMatchObject({
        title: '개정 라벨링',
        status: 'PENDING',
        replacesId: original.id,
      });
      const revision = revise.body as Offering;
      expect(revision.id).not.toBe(original.id);

      // Editing the approved offering again edits the open revision: never two revisions.
      const again = await t.http
        .put(`/api/suppliers/${s.id}/offerings/${original.id}`)
        .set(bearer(owner))
        .send(offering({ title: '개정 라벨링 v2', indicativePriceKrw: 72_000_000 }));
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({
        id: revision.id,
        title: '개정 라벨링 v2',
        status: 'PENDING',
      });

      const pub = await publicGet(s.id).expect(200);
      expect(pub.body.offerings.map((o: Offering) => [o.id, o.title])).toEqual([
        [original.id, '원본 라벨링'],
      ]);
      const own = await asOwner(s.id);
      expect(own.offerings.map((o) => [o.id, o.status])).toEqual([
        [original.id, 'APPROVED'],
        [revision.id, 'PENDING'],
      ]);
      const submitted = (await outbox(s.id)).filter(
        (e) => e.event_type === 'supplier.offering_submitted',
      );
      expect(submitted).toHaveLength(1);
      expect(submitted[0].payload).toMatchObject({
        offeringId: revision.id,
        replacesId: original.id,
      });

      const approve = await t.http
        .post(`/api/suppliers/${s.id}/offerings/${revision.id}/approve`)
        .set(bearer(officer));
      expect(approve.status).toBe(200);
      expect(approve.body).toMatchObject({ id: revision.id, status: 'APPROVED' });

      const after = await publicGet(s.id).expect(200);
      expect(
        after.body.offerings.map((o: Offering) => [o.id, o.title, o.indicativePriceKrw]),
      ).toEqual([[revision.id, '개정 라벨링 v2', 72_000_000]]);
      const ownAfter = await asOwner(s.id);
      expect(Object.fromEntries(ownAfter.offerings.map((o) => [o.id, o.status]))).toEqual({
        [original.id]: 'REPLACED',
        [revision.id]: 'APPROVED',
      });
      const replaced = await t.http
        .put(`/api/suppliers/${s.id}/offerings/${original.id}`)
        .set(bearer(owner))
        .send(offering());
      expectError(replaced, 409, 'INVALID_STATE_TRANSITION');
      expect(replaced.body.details).toEqual({ status: 'REPLACED' });

      const events = await outbox(s.id);
      expect(events.at(-1)).toMatchObject({
        event_type: 'supplier.offering_approved',
        payload: {
          supplierId: s.id,
          name: s.name,
          offeringId: revision.id,
          replacesId: original.id,
          recipients: [owner.id],
        },
      });
      expect((await audit(s.id)).items.map((e) => e.action)).toEqual([
        'supplier.offering_approved',
        'supplier.offering_changed',
        'supplier.offering_revised',
        'supplier.approved',
        'supplier.registered',
      ]);
    });

    it('reviews a new offering on its own: hidden until approved, rejected with a reason', async () => {
      const s = await approved();
      const added = await t.http
        .post(`/api/suppliers/${s.id}/offerings`)
        .set(bearer(owner))
        .send(
          offering({
            category: 'GENERAL_PROCESSING',
            processingKind: 'ANONYMIZATION',
            title: '익명처리',
          }),
        );
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({ status: 'PENDING', processingKind: 'ANONYMIZATION' });
      expect((await publicGet(s.id).expect(200)).body.offerings).toHaveLength(1);

      const noReason = await t.http
        .post(`/api/suppliers/${s.id}/offerings/${added.body.id}/reject`)
        .set(bearer(officer))
        .send({ reason: '' });
      expect(fieldsOf(noReason)).toEqual(['reason']);
      expectError(
        await t.http
          .post(`/api/suppliers/${s.id}/offerings/${added.body.id}/approve`)
          .set(bearer(evaluator)),
        403,
        'FORBIDDEN',
      );

      const rejected = await t.http
        .post(`/api/suppliers/${s.id}/offerings/${added.body.id}/reject`)
        .set(bearer(officer))
        .send({ reason: '가명·익명처리 적정성 평가 증빙 없음' });
      expect(rejected.status).toBe(200);
      expect(rejected.body).toMatchObject({
        status: 'REJECTED',
        reviewReason: '가명·익명처리 적정성 평가 증빙 없음',
      });
      expect((await outbox(s.id)).at(-1)).toMatchObject({
        event_type: 'supplier.offering_rejected',
        payload: {
          offeringId: added.body.id,
          reason: '가명·익명처리 적정성 평가 증빙 없음',
          recipients: [owner.id],
        },
      });
      const twice = await t.http
        .post(`/api/suppliers/${s.id}/offerings/${added.body.id}/approve`)
        .set(bearer(officer));
      expectError(twice, 409, 'INVALID_STATE_TRANSITION');
      expect(twice.body.details).toEqual({ status: 'REJECTED' });
      expect((await publicGet(s.id).expect(200)).body.offerings).toHaveLength(1);
    });

    it('withdraws an approved offering together with its open revision', async () => {
      const s = await approved({
        offerings: [offering(), offering({ category: 'PURCHASE', title: 'keep' })],
      });
      const target = s.offerings.find((o) => o.title !== 'keep')!;
      const rev = await t.http
        .put(`/api/suppliers/${s.id}/offerings/${target.id}`)
        .set(bearer(owner))
        .send(offering({ title: 'revision' }))
        .expect(200);
      const res = await t.http
        .delete(`/api/suppliers/${s.id}/offerings/${target.id}`)
        .set(bearer(owner));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: target.id, status: 'WITHDRAWN' });
      const own = await asOwner(s.id);
      expect(Object.fromEntries(own.offerings.map((o) => [o.title, o.status]))).toEqual({
        [target.title]: 'WITHDRAWN',
        revision: 'WITHDRAWN',
        keep: 'APPROVED',
      });
      expect(
        (await publicGet(s.id).expect(200)).body.offerings.map((o: Offering) => o.title),
      ).toEqual(['keep']);
      const approveRevision = await t.http
        .post(`/api/suppliers/${s.id}/offerings/${rev.body.id}/approve`)
        .set(bearer(officer));
      expectError(approveRevision, 409, 'INVALID_STATE_TRANSITION');
    });

    it('takes no offering changes once the supplier is suspended', async () => {
      const s = await approved();
      await t.http
        .post(`/api/suppliers/${s.id}/suspend`)
        .set(bearer(officer))
        .send({ reason: 'kickback' })
        .expect(200);
      const res = await t.http
        .post(`/api/suppliers/${s.id}/offerings`)
        .set(bearer(owner))
        .send(offering());
      expectError(res, 409, 'INVALID_STATE_TRANSITION');
      expect(res.body.details).toEqual({ status: 'SUSPENDED' });
    });
  });

  describe('API documentation', () => {
    it('documents every supplier route, the full view with its offerings, and every DTO property with an example', async () => {
      const doc = (await t.http.get('/docs-json').expect(200)).body;
      expect(
        Object.keys(doc.paths)
          .filter((p: string) => p.startsWith('/api/suppliers'))
          .sort(),
      ).toEqual([
        '/api/suppliers',
        '/api/suppliers/mine',
        '/api/suppliers/{id}',
        '/api/suppliers/{id}/approve',
        '/api/suppliers/{id}/offerings',
        '/api/suppliers/{id}/offerings/{offeringId}',
        '/api/suppliers/{id}/offerings/{offeringId}/approve',
        '/api/suppliers/{id}/offerings/{offeringId}/reject',
        '/api/suppliers/{id}/reject',
        '/api/suppliers/{id}/suspend',
      ]);
      const schemas = doc.components.schemas;
      expect(schemas.SupplierView.properties.offerings.items.$ref).toBe(
        '#/components/schemas/OfferingView',
      );
      expect(schemas.SupplierPublicView.properties.offerings.items.$ref).toBe(
        '#/components/schemas/OfferingPublicView',
      );
      for (const name of ['CreateSupplierDto', 'OfferingDto', 'UpdateSupplierDto', 'ReasonDto']) {
        for (const [prop, schema] of Object.entries(schemas[name].properties)) {
          if (prop === 'offerings') continue;
          expect({
            [`${name}.${prop}`]: (schema as { example?: unknown }).example !== undefined,
          }).toEqual({
            [`${name}.${prop}`]: true,
          });
        }
      }
    });
  });

  describe('the catalogue', () => {
    it('filters by category (approved offerings for the public) and by text in names and offering titles', async () => {
      const label = tag();
      const buyer = await approved({
        name: `가나 ${label}`,
        offerings: [offering({ category: 'PURCHASE', title: '유통 POS 데이터' })],
      });
      const ai = await approved({
        name: `다라 ${label}`,
        offerings: [offering({ title: `Vision ${label.toUpperCase()} Labeling` })],
      });
      const later = await approved({
        name: `마바 ${label}`,
        offerings: [offering({ title: 'plain' })],
      });
      await t.http
        .post(`/api/suppliers/${later.id}/offerings`)
        .set(bearer(owner))
        .send(offering({ category: 'GENERAL_PROCESSING', title: `pending ${label}-secret` }))
        .expect(201);

      const ids = (items: Supplier[]) => items.map((s) => s.id);
      expect(ids(await catalogue(`q=${label}&category=PURCHASE`))).toEqual([buyer.id]);
      expect(ids(await catalogue(`q=${label}&category=AI_PROCESSING`))).toEqual([ai.id, later.id]);
      // The only GENERAL_PROCESSING offering is still under review.
      expect(ids(await catalogue(`q=${label}&category=GENERAL_PROCESSING`))).toEqual([]);
      expect(ids(await catalogue(`q=${label}&category=GENERAL_PROCESSING`, officer))).toEqual([
        later.id,
      ]);
      // Case-insensitive, in offering titles too; a pending title is not searchable by the public.
      expect(
        ids(await catalogue(`q=${encodeURIComponent(`vision ${label.toUpperCase()}`)}`)),
      ).toEqual([ai.id]);
      expect(ids(await catalogue(`q=${label}-SECRET`))).toEqual([]);
      expect(ids(await catalogue(`q=${label}-secret`, officer))).toEqual([later.id]);
      // Wildcards typed by a user are plain characters.
      expect(await catalogue(`q=${label}%25`)).toEqual([]);
      expect(await catalogue(`q=${label.slice(0, 3)}_${label.slice(4)}`)).toEqual([]);

      const bad = await t.http.get(
        `/api/suppliers?category=RESEARCH&status=GONE&q=${'x'.repeat(101)}`,
      );
      expectError(bad, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(bad).sort()).toEqual(['category', 'q', 'status']);
    });

    it('pages in a stable order: name, then id, without gaps or repeats', async () => {
      const label = tag();
      const created: Supplier[] = [];
      for (const suffix of ['c', 'a', 'b', 'a', 'b', 'a', 'd']) {
        created.push(await approved({ name: `${label} ${suffix}` }));
      }
      const all = await t.http.get(`/api/suppliers?q=${label}&limit=50`).expect(200);
      expect(all.body).toMatchObject({ total: 7, limit: 50, offset: 0 });
      const expected = [...created]
        .sort((x, y) => (x.name === y.name ? (x.id < y.id ? -1 : 1) : x.name < y.name ? -1 : 1))
        .map((s) => s.id);
      expect(all.body.items.map((s: Supplier) => s.id)).toEqual(expected);

      const paged: string[] = [];
      for (let offset = 0; offset < 7; offset += 2) {
        const page = await t.http
          .get(`/api/suppliers?q=${label}&limit=2&offset=${offset}`)
          .expect(200);
        expect(page.body).toMatchObject({ total: 7, limit: 2, offset });
        paged.push(...page.body.items.map((s: Supplier) => s.id));
      }
      expect(paged).toEqual(expected);
      const past = await t.http.get(`/api/suppliers?q=${label}&limit=2&offset=7`).expect(200);
      expect(past.body).toMatchObject({ items: [], total: 7 });
    });
  });
});
