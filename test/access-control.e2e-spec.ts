import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '@app/common';
import {
  applicationBody,
  approvedSupplier,
  createCompany,
  fetchOpenApi,
  fillPath,
  listOperations,
  openProgram,
  pathParameterNames,
  startTestApp,
  SupplierFixture,
  TestApp,
  validBrn,
} from '@app/testing';

/**
 * The access matrix, route by route: who may call what (read from the @Roles and @Public
 * decorators of every controller), checked for every route of the OpenAPI document. Without
 * a token every route but the public ones answers 401, and so does a forged token; every role
 * not in the matrix gets 403 FORBIDDEN naming the roles that may; every role in it gets past
 * the guard. For owned resources (applications, companies, suppliers and their offerings,
 * awards, evaluators' sheets, notifications, webhooks) a user of the right role who is not the
 * owner gets 404, exactly like an unknown id, never the data, and changes nothing.
 */

type User = { id: string; email: string; token: string };

const { APPLICANT: AP, SUPPLIER: SU, EVALUATOR: EV, OFFICER: OF, ADMIN: AD } = Role;
const STAFF = [OF, AD];
/** @Public(): no token needed. */
const PUBLIC = 'PUBLIC';
/** No @Roles(): any signed-in user. */
const ANY_USER = 'ANY_USER';
type Access = typeof PUBLIC | typeof ANY_USER | Role[];

/** Every route of the API and who may call it, as the controllers declare. */
const MATRIX: Record<string, Access> = {
  // apps/api health
  'GET /health': PUBLIC,
  // auth, users, audit
  'POST /api/auth/register': PUBLIC,
  'POST /api/auth/login': PUBLIC,
  'GET /api/auth/me': ANY_USER,
  'POST /api/users': [AD],
  'GET /api/users': [AD, OF],
  'GET /api/audit': STAFF,
  // programs and budget
  'GET /api/programs': PUBLIC,
  'GET /api/programs/{id}': PUBLIC,
  'POST /api/programs': STAFF,
  'PATCH /api/programs/{id}': STAFF,
  'POST /api/programs/{id}/{action}': STAFF,
  'GET /api/programs/{id}/budget': STAFF,
  'GET /api/programs/{id}/budget/reconciliation': STAFF,
  'GET /api/programs/{id}/budget/ledger': STAFF,
  // suppliers
  'POST /api/suppliers': [SU],
  'GET /api/suppliers': PUBLIC,
  'GET /api/suppliers/mine': [SU],
  'GET /api/suppliers/{id}': PUBLIC,
  'PATCH /api/suppliers/{id}': [SU],
  'POST /api/suppliers/{id}/offerings': [SU],
  'PUT /api/suppliers/{id}/offerings/{offeringId}': [SU],
  'DELETE /api/suppliers/{id}/offerings/{offeringId}': [SU],
  'POST /api/suppliers/{id}/approve': STAFF,
  'POST /api/suppliers/{id}/reject': STAFF,
  'POST /api/suppliers/{id}/suspend': STAFF,
  'POST /api/suppliers/{id}/offerings/{offeringId}/approve': STAFF,
  'POST /api/suppliers/{id}/offerings/{offeringId}/reject': STAFF,
  // companies and applications
  'POST /api/companies': [AP],
  'GET /api/companies': [AP, OF, AD],
  'GET /api/companies/{id}': [AP, OF, AD],
  'PATCH /api/companies/{id}': [AP],
  'POST /api/programs/{id}/applications': [AP],
  'GET /api/programs/{id}/applications.csv': STAFF,
  'GET /api/applications': [AP, SU, OF, AD],
  'GET /api/applications/{id}': [AP, SU, OF, AD],
  'PATCH /api/applications/{id}': [AP],
  'POST /api/applications/{id}/submit': [AP],
  'POST /api/applications/{id}/confirm': [SU],
  'POST /api/applications/{id}/withdraw': [AP],
  // notifications
  'GET /api/me/notifications': ANY_USER,
  'POST /api/me/notifications/read-all': ANY_USER,
  'POST /api/me/notifications/{id}/read': ANY_USER,
  'GET /api/me/webhooks': ANY_USER,
  'POST /api/me/webhooks': ANY_USER,
  'DELETE /api/me/webhooks/{id}': ANY_USER,
  'GET /api/notifications': STAFF,
  'GET /api/notifications/stats': STAFF,
  'POST /api/notifications/{id}/retry': STAFF,
  // selection and awards
  'POST /api/programs/{id}/selection-runs': STAFF,
  'GET /api/programs/{id}/selection-runs': STAFF,
  'GET /api/selection-runs/{id}': STAFF,
  'GET /api/selection-runs/{id}/decisions': STAFF,
  'GET /api/selection-runs/{id}/decisions.csv': STAFF,
  'POST /api/selection-runs/{id}/commit': STAFF,
  'POST /api/selection-runs/{id}/replay': STAFF,
  'GET /api/applications/{id}/award': [AP, SU, OF, AD],
  'GET /api/applications/{id}/award/payments': [AP, SU, OF, AD],
  'GET /api/programs/{id}/awards': STAFF,
  'GET /api/me/awards': [AP, SU],
  'GET /api/programs/{id}/awards.csv': STAFF,
  'POST /api/applications/{id}/agreement/sign': [AP, SU, OF, AD],
  'POST /api/applications/{id}/cancel': STAFF,
  'POST /api/applications/{id}/decline': [AP],
  'POST /api/applications/{id}/delivery': [SU],
  'POST /api/applications/{id}/delivery/approve': STAFF,
  'POST /api/applications/{id}/disbursements': STAFF,
  'POST /api/applications/{id}/recoveries': STAFF,
  // evaluation
  'GET /api/evaluators/me/profile': [EV],
  'PUT /api/evaluators/me/profile': [EV],
  'GET /api/evaluators/me/conflicts': [EV],
  'POST /api/evaluators/me/conflicts': [EV],
  'POST /api/programs/{id}/evaluators': STAFF,
  'GET /api/programs/{id}/evaluators': STAFF,
  'POST /api/programs/{id}/assignments/auto': STAFF,
  'POST /api/applications/{id}/assignments': STAFF,
  'GET /api/applications/{id}/assignments': STAFF,
  'GET /api/evaluations/mine': [EV],
  'GET /api/assignments/{id}': [EV, OF, AD],
  'PUT /api/assignments/{id}/scores': [EV],
  'POST /api/assignments/{id}/submit': [EV],
  'POST /api/assignments/{id}/recuse': [EV],
  'POST /api/programs/{id}/ranking': STAFF,
  'GET /api/programs/{id}/ranking': STAFF,
  'GET /api/programs/{id}/ranking.csv': STAFF,
  'GET /api/programs/{id}/scores.csv': STAFF,
};

/**
 * Routes with a path id that a non-staff role may call but that name nothing anyone owns:
 * programs are public announcements.
 */
const NOT_OWNED = ['GET /api/programs/{id}'];

const ROLES = [AP, SU, EV, OF, AD];
const ERROR_KEYS = ['code', 'details', 'message', 'requestId', 'statusCode'];

function expectError(res: Response, status: number, code: string): void {
  expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
  expect(Object.keys(res.body).sort()).toEqual(ERROR_KEYS);
  expect(res.body.statusCode).toBe(status);
  expect(typeof res.body.message).toBe('string');
  expect(res.body.requestId).toBe(res.headers['x-request-id']);
}

const FORGERIES = [
  'another secret',
  'alg none',
  'role changed, signature kept',
  'garbage',
] as const;
type Forgery = (typeof FORGERIES)[number];

const b64url = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('access control (e2e)', () => {
  let t: TestApp;
  let db: DataSource;
  let officer: User;
  let admin: User;
  let applicant: User;
  let otherApplicant: User;
  let otherSupplierUser: User;
  let evaluator: User;
  let otherEvaluator: User;
  let supplier: SupplierFixture;
  let otherSupplier: SupplierFixture;
  let tokens: Record<Role, User>;
  const tag = randomUUID().slice(0, 8);

  // What the owners own.
  const own = {
    company: '',
    companyName: '',
    draft: '',
    awarded: '',
    awardProgram: '',
    openProgram: '',
    pendingSupplier: '',
    pendingSupplierName: '',
    assignment: '',
    notification: '',
    webhook: '',
    webhookUrl: '',
    runId: '',
  };

  const bearer = (u: User) => ({ authorization: `Bearer ${u.token}` });

  async function ok(res: Response, status: number, what: string): Promise<Response> {
    if (res.status !== status) throw new Error(`${what}: ${res.status} ${res.text}`);
    return res;
  }

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    [officer, admin, applicant, otherApplicant, evaluator, otherEvaluator] = await Promise.all([
      t.userWithToken(OF, 'ac-officer'),
      t.userWithToken(AD, 'ac-admin'),
      t.userWithToken(AP, 'ac-applicant'),
      t.userWithToken(AP, 'ac-other-applicant'),
      t.userWithToken(EV, 'ac-evaluator'),
      t.userWithToken(EV, 'ac-other-evaluator'),
    ]);
    [supplier, otherSupplier] = await Promise.all([
      approvedSupplier(t, officer.token),
      approvedSupplier(t, officer.token),
    ]);
    otherSupplierUser = otherSupplier.owner;
    tokens = { [AP]: applicant, [SU]: supplier.owner, [EV]: evaluator, [OF]: officer, [AD]: admin };

    // The supplier's second registration, still PENDING: only its owner and staff see it.
    own.pendingSupplierName = `심사중 공급기업 ${tag}`;
    const pending = await ok(
      await t.http
        .post('/api/suppliers')
        .set(bearer(supplier.owner))
        .send({
          businessRegistrationNumber: validBrn(),
          name: own.pendingSupplierName,
          representative: '김심사',
          contactEmail: `pending-${tag}@test.voucher.kr`,
          offerings: [
            {
              category: 'PURCHASE',
              title: '비공개 데이터',
              description: '심사 중',
              indicativePriceKrw: 1_000_000,
            },
          ],
        }),
      201,
      'pending supplier',
    );
    own.pendingSupplier = pending.body.id;

    own.companyName = `(주)소유기업 ${tag}`;
    own.company = (await createCompany(t, applicant.token, { name: own.companyName })).id;

    // A draft application in an open program (editable, submittable, confirmable).
    own.openProgram = (await openProgram(t, officer.token)).id;
    const draft = await ok(
      await t.http
        .post(`/api/programs/${own.openProgram}/applications`)
        .set(bearer(applicant))
        .set('idempotency-key', `ac-create-${tag}`)
        .send(applicationBody(own.company, supplier, { title: `비밀 과제 ${tag}` })),
      201,
      'draft',
    );
    own.draft = draft.body.id;

    // An awarded application with an evaluator's sheet.
    own.awardProgram = (await openProgram(t, officer.token)).id;
    const awarded = await ok(
      await t.http
        .post(`/api/programs/${own.awardProgram}/applications`)
        .set(bearer(applicant))
        .send(applicationBody(own.company, supplier, { title: `선정 과제 ${tag}` })),
      201,
      'application',
    );
    own.awarded = awarded.body.id;
    await ok(
      await t.http.post(`/api/applications/${own.awarded}/confirm`).set(bearer(supplier.owner)),
      200,
      'confirm',
    );
    await ok(
      await t.http
        .post(`/api/applications/${own.awarded}/submit`)
        .set(bearer(applicant))
        .set('idempotency-key', `ac-submit-${tag}`),
      200,
      'submit',
    );
    for (const action of ['close', 'start-evaluation']) {
      await ok(
        await t.http.post(`/api/programs/${own.awardProgram}/${action}`).set(bearer(officer)),
        200,
        action,
      );
    }
    await ok(
      await t.http
        .post(`/api/programs/${own.awardProgram}/evaluators`)
        .set(bearer(officer))
        .send({ evaluatorIds: [evaluator.id, otherEvaluator.id] }),
      201,
      'pool',
    );
    const sheet = await ok(
      await t.http
        .post(`/api/applications/${own.awarded}/assignments`)
        .set(bearer(officer))
        .send({ evaluatorId: evaluator.id }),
      201,
      'assignment',
    );
    own.assignment = sheet.body.id;
    // Scores as the evaluation module leaves them (see selection.e2e-spec.ts), then a
    // committed selection run.
    await db.query(
      `INSERT INTO application_scores (application_id, program_id, category, track, sheets, base_score,
                                       bonus_points, bonuses, final_score, passed_cutoff, rank, ranking_hash)
       VALUES ($1, $2, 'AI_PROCESSING', 'GENERAL', 3, '80.00', '0.00', '[]'::jsonb, '80.00', true, 1, $3)`,
      [own.awarded, own.awardProgram, 'e'.repeat(64)],
    );
    await db.query(`UPDATE applications SET status = 'SCORED' WHERE id = $1`, [own.awarded]);
    const run = await ok(
      await t.http
        .post(`/api/programs/${own.awardProgram}/selection-runs`)
        .set(bearer(officer))
        .send({ dryRun: false }),
      201,
      'selection',
    );
    own.runId = run.body.id;
    await ok(
      await t.http.get(`/api/applications/${own.awarded}/award`).set(bearer(applicant)),
      200,
      'award',
    );

    // An in-app notification and a webhook of the applicant.
    const [note] = (await db.query(
      `INSERT INTO notifications (outbox_id, event_type, recipient_user_id, channel, delivery_key,
                                  locale, subject, body, payload, status, delivered_at)
       VALUES (0, 'application.submitted', $1, 'IN_APP', $2, 'ko', $3, $3, '{}'::jsonb, 'DELIVERED', now())
       RETURNING id`,
      [applicant.id, `ac-${tag}`, `비밀 알림 ${tag}`],
    )) as Array<{ id: string }>;
    own.notification = String(note.id);
    own.webhookUrl = `https://erp.example.kr/hooks/${tag}`;
    const hook = await ok(
      await t.http.post('/api/me/webhooks').set(bearer(applicant)).send({ url: own.webhookUrl }),
      201,
      'webhook',
    );
    own.webhook = hook.body.id;
  });
  afterAll(() => t?.close());

  // ---- the matrix against the document -------------------------------------------------------

  it('has a matrix entry for every route of /docs-json, and none for a route that is gone', async () => {
    const routes = listOperations(await fetchOpenApi(t)).map((op) => op.key);
    expect(routes.length).toBeGreaterThan(70);
    expect(routes.filter((key) => !(key in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((key) => !routes.includes(key))).toEqual([]);
  });

  it('has an ownership case for every route a non-staff role may call on an id', () => {
    const needsCase = Object.entries(MATRIX)
      .filter(([key, access]) => {
        if (!/\{/.test(key) || NOT_OWNED.includes(key)) return false;
        return !Array.isArray(access) || access.some((r) => r === AP || r === SU || r === EV);
      })
      .map(([key]) => key);
    expect(needsCase.length).toBeGreaterThan(15);
    expect(needsCase.filter((key) => !(key in OWNED)).sort()).toEqual([]);
  });

  // ---- roles ----------------------------------------------------------------------------------

  /** Real objects for path parameters; `invalid` for a request no handler may act on. */
  function pathFor(key: string, invalid: boolean): string {
    const path = key.slice(key.indexOf(' ') + 1);
    const values: Record<string, string> = {};
    for (const name of pathParameterNames(path)) {
      if (invalid) values[name] = 'not-an-id';
      // (An action the program's state refuses, should the guard ever let a role through.)
      else if (name === 'action') values[name] = 'finish';
      else if (name === 'offeringId') values[name] = supplier.offerings.PURCHASE;
      else if (path.startsWith('/api/me/notifications')) values[name] = own.notification;
      else if (path.startsWith('/api/notifications/')) values[name] = own.notification;
      else if (path.startsWith('/api/me/webhooks')) values[name] = own.webhook;
      else if (path.startsWith('/api/programs/')) values[name] = own.awardProgram;
      else if (path.startsWith('/api/suppliers/')) values[name] = supplier.id;
      else if (path.startsWith('/api/companies/')) values[name] = own.company;
      else if (path.startsWith('/api/applications/')) values[name] = own.awarded;
      else if (path.startsWith('/api/assignments/')) values[name] = own.assignment;
      else if (path.startsWith('/api/selection-runs/')) values[name] = own.runId;
      else values[name] = randomUUID();
    }
    return fillPath(path, values);
  }

  /**
   * A request nothing can come of: past the guard it fails validation (a path id that is no
   * id, or a body with an unknown property), so no role check can be mistaken for a change.
   */
  function call(key: string, user: User | null, opts: { invalid: boolean; token?: string }) {
    const method = key.slice(0, key.indexOf(' ')).toLowerCase() as
      'get' | 'post' | 'put' | 'patch' | 'delete';
    let req = t.http[method](pathFor(key, opts.invalid));
    const token = opts.token ?? user?.token;
    if (token) req = req.set('authorization', `Bearer ${token}`);
    return method === 'get' || method === 'delete' ? req : req.send({ __probe: true });
  }

  function forgedToken(kind: Forgery): string {
    const payload = { sub: admin.id, email: admin.email, role: AD };
    const [header, , signature] = applicant.token.split('.');
    switch (kind) {
      case 'another secret':
        return new JwtService({ secret: 'not-the-secret-0123456789' }).sign(payload);
      case 'alg none':
        return `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(payload)}.`;
      case 'role changed, signature kept':
        return `${header}.${b64url({ ...payload, sub: applicant.id })}.${signature}`;
      case 'garbage':
        return 'not.a.token';
    }
  }

  describe.each(Object.entries(MATRIX).map(([key, access], i) => [key, access, i] as const))(
    '%s',
    (key, access, i) => {
      const allowed = Array.isArray(access) ? access : ROLES;

      if (access === PUBLIC) {
        it('is public: answers without a token', async () => {
          const res = await call(key, null, { invalid: true });
          expect(res.status).not.toBe(401);
          expect(res.status).not.toBe(403);
          expect(res.status).toBeLessThan(500);
        });
      } else {
        // (One kind of forgery per route, in turn: the guard is global.)
        it(`answers 401 without a token, and with a forged one (${FORGERIES[i % FORGERIES.length]})`, async () => {
          expectError(await call(key, null, { invalid: false }), 401, 'UNAUTHENTICATED');
          const token = forgedToken(FORGERIES[i % FORGERIES.length]);
          expectError(await call(key, null, { invalid: false, token }), 401, 'UNAUTHENTICATED');
        });
      }

      const refused = ROLES.filter((r) => !allowed.includes(r));
      if (refused.length) {
        it(`refuses ${refused.join(', ')} with 403 FORBIDDEN`, async () => {
          for (const role of refused) {
            const res = await call(key, tokens[role], { invalid: false });
            expectError(res, 403, 'FORBIDDEN');
            expect([...res.body.details.requiredRoles].sort()).toEqual([...allowed].sort());
          }
        });
      }

      it(`lets ${allowed.join(', ')} past the guard`, async () => {
        for (const role of allowed) {
          const res = await call(key, tokens[role], { invalid: true });
          expect({ role, status: res.status }).not.toEqual({ role, status: 401 });
          expect({ role, status: res.status }).not.toEqual({ role, status: 403 });
          expect(res.status).toBeLessThan(500);
        }
      });
    },
  );

  // ---- ownership ------------------------------------------------------------------------------

  interface OwnedCase {
    /** Who tries it: the right role, not the owner. */
    who: () => User;
    method: 'get' | 'post' | 'put' | 'patch' | 'delete';
    url: () => string;
    /** The same request on an unknown id, which must answer alike. */
    unknownUrl: () => string;
    body?: () => object;
    unknownBody?: () => object;
    headers?: () => Record<string, string>;
    /** The owner's row(s), to prove nothing changed. */
    state: () => Promise<unknown>;
    /** The owner's data that must not show in the answer. */
    secrets: () => string[];
  }

  const row = async (sql: string, params: unknown[]) => JSON.stringify(await db.query(sql, params));
  const applicationState = (id: () => string) => () =>
    row(
      `SELECT a::text AS row, (SELECT count(*) FROM audit_log WHERE entity_id = $1::text) AS audits,
              (SELECT aw::text FROM awards aw WHERE aw.application_id = a.id) AS award
         FROM applications a WHERE id = $1::uuid`,
      [id()],
    );
  const companyState = () =>
    row(
      `SELECT c::text AS row, (SELECT count(*) FROM audit_log WHERE entity_id = $1::text) AS audits
         FROM companies c WHERE id = $1::uuid`,
      [own.company],
    );
  const supplierState = () =>
    row(
      `SELECT s::text AS row,
              (SELECT string_agg(o::text, '|' ORDER BY o.id) FROM supplier_offerings o WHERE o.supplier_id = s.id) AS offerings,
              (SELECT count(*) FROM audit_log WHERE entity_id = $1::text) AS audits
         FROM suppliers s WHERE id = $1::uuid`,
      [supplier.id],
    );
  const sheetState = () =>
    row(
      `SELECT a::text AS row, (SELECT count(*) FROM audit_log WHERE entity_id = $1::text) AS audits
         FROM assignments a WHERE id = $1::uuid`,
      [own.assignment],
    );
  // (The id itself is echoed in details.id, as for an unknown one.)
  const appSecrets = () => () => [`과제 ${tag}`, own.companyName];
  const offeringBody = () => ({
    category: 'PURCHASE',
    title: '가로챈 오퍼링',
    description: '남의 공급기업',
    indicativePriceKrw: 1,
  });
  const scores = () => ({ scores: { NECESSITY: 1, PLAN: 1, FEASIBILITY: 1, IMPACT: 1 } });

  const OWNED: Record<string, OwnedCase[]> = {
    'GET /api/companies/{id}': [
      {
        who: () => otherApplicant,
        method: 'get',
        url: () => `/api/companies/${own.company}`,
        unknownUrl: () => `/api/companies/${randomUUID()}`,
        state: companyState,
        secrets: () => [own.companyName],
      },
    ],
    'PATCH /api/companies/{id}': [
      {
        who: () => otherApplicant,
        method: 'patch',
        url: () => `/api/companies/${own.company}`,
        unknownUrl: () => `/api/companies/${randomUUID()}`,
        body: () => ({ name: '가로챈 회사', region: 'SEOUL' }),
        state: companyState,
        secrets: () => [own.companyName],
      },
    ],
    'POST /api/programs/{id}/applications': [
      {
        // Someone else's company in the body; then the same Idempotency-Key as the owner's.
        who: () => otherApplicant,
        method: 'post',
        url: () => `/api/programs/${own.openProgram}/applications`,
        unknownUrl: () => `/api/programs/${own.openProgram}/applications`,
        body: () => applicationBody(own.company, supplier),
        unknownBody: () => applicationBody(randomUUID(), supplier),
        state: () =>
          row(`SELECT count(*) AS n FROM applications WHERE company_id = $1`, [own.company]),
        secrets: () => [own.draft, own.companyName, `비밀 과제 ${tag}`],
      },
      {
        who: () => otherApplicant,
        method: 'post',
        url: () => `/api/programs/${own.openProgram}/applications`,
        unknownUrl: () => `/api/programs/${own.openProgram}/applications`,
        headers: () => ({ 'idempotency-key': `ac-create-${tag}` }),
        body: () => applicationBody(own.company, supplier, { title: `비밀 과제 ${tag}` }),
        unknownBody: () => applicationBody(randomUUID(), supplier, { title: `비밀 과제 ${tag}` }),
        state: () =>
          row(`SELECT count(*) AS n FROM applications WHERE company_id = $1`, [own.company]),
        secrets: () => [own.draft, own.companyName, `비밀 과제 ${tag}`],
      },
    ],
    'GET /api/applications/{id}': [
      {
        who: () => otherApplicant,
        method: 'get',
        url: () => `/api/applications/${own.draft}`,
        unknownUrl: () => `/api/applications/${randomUUID()}`,
        state: applicationState(() => own.draft),
        secrets: appSecrets(),
      },
      {
        who: () => otherSupplierUser,
        method: 'get',
        url: () => `/api/applications/${own.awarded}`,
        unknownUrl: () => `/api/applications/${randomUUID()}`,
        state: applicationState(() => own.awarded),
        secrets: appSecrets(),
      },
    ],
    'PATCH /api/applications/{id}': [
      {
        who: () => otherApplicant,
        method: 'patch',
        url: () => `/api/applications/${own.draft}`,
        unknownUrl: () => `/api/applications/${randomUUID()}`,
        body: () => ({ title: '가로챈 신청서', agreedCostKrw: 1_000_000 }),
        state: applicationState(() => own.draft),
        secrets: appSecrets(),
      },
    ],
    'POST /api/applications/{id}/submit': [
      {
        who: () => otherApplicant,
        method: 'post',
        url: () => `/api/applications/${own.draft}/submit`,
        unknownUrl: () => `/api/applications/${randomUUID()}/submit`,
        state: applicationState(() => own.draft),
        secrets: appSecrets(),
      },
      {
        // The owner's Idempotency-Key must not replay the owner's answer to someone else.
        who: () => otherApplicant,
        method: 'post',
        url: () => `/api/applications/${own.awarded}/submit`,
        unknownUrl: () => `/api/applications/${randomUUID()}/submit`,
        headers: () => ({ 'idempotency-key': `ac-submit-${tag}` }),
        state: applicationState(() => own.awarded),
        secrets: appSecrets(),
      },
    ],
    'POST /api/applications/{id}/withdraw': [
      {
        who: () => otherApplicant,
        method: 'post',
        url: () => `/api/applications/${own.draft}/withdraw`,
        unknownUrl: () => `/api/applications/${randomUUID()}/withdraw`,
        state: applicationState(() => own.draft),
        secrets: appSecrets(),
      },
    ],
    'POST /api/applications/{id}/confirm': [
      {
        who: () => otherSupplierUser,
        method: 'post',
        url: () => `/api/applications/${own.draft}/confirm`,
        unknownUrl: () => `/api/applications/${randomUUID()}/confirm`,
        state: applicationState(() => own.draft),
        secrets: appSecrets(),
      },
    ],
    'GET /api/applications/{id}/award': [
      {
        who: () => otherApplicant,
        method: 'get',
        url: () => `/api/applications/${own.awarded}/award`,
        unknownUrl: () => `/api/applications/${randomUUID()}/award`,
        state: applicationState(() => own.awarded),
        secrets: appSecrets(),
      },
      {
        who: () => otherSupplierUser,
        method: 'get',
        url: () => `/api/applications/${own.awarded}/award`,
        unknownUrl: () => `/api/applications/${randomUUID()}/award`,
        state: applicationState(() => own.awarded),
        secrets: appSecrets(),
      },
    ],
    'GET /api/applications/{id}/award/payments': [
      {
        who: () => otherApplicant,
        method: 'get',
        url: () => `/api/applications/${own.awarded}/award/payments`,
        unknownUrl: () => `/api/applications/${randomUUID()}/award/payments`,
        state: applicationState(() => own.awarded),
        secrets: appSecrets(),
      },
      {
        who: () => otherSupplierUser,
        method: 'get',
        url: () => `/api/applications/${own.awarded}/award/payments`,
        unknownUrl: () => `/api/applications/${randomUUID()}/award/payments`,
        state: applicationState(() => own.awarded),
        secrets: appSecrets(),
      },
    ],
    'POST /api/applications/{id}/agreement/sign': [
      {
        who: () => otherApplicant,
        method: 'post',
        url: () => `/api/applications/${own.awarded}/agreement/sign`,
        unknownUrl: () => `/api/applications/${randomUUID()}/agreement/sign`,
        state: applicationState(() => own.awarded),
        secrets: appSecrets(),
      },
      {
        who: () => otherSupplierUser,
        method: 'post',
        url: () => `/api/applications/${own.awarded}/agreement/sign`,
        unknownUrl: () => `/api/applications/${randomUUID()}/agreement/sign`,
        state: applicationState(() => own.awarded),
        secrets: appSecrets(),
      },
    ],
    'POST /api/applications/{id}/decline': [
      {
        // Another company's SELECTED award: declining it would release its money.
        who: () => otherApplicant,
        method: 'post',
        url: () => `/api/applications/${own.awarded}/decline`,
        unknownUrl: () => `/api/applications/${randomUUID()}/decline`,
        body: () => ({ reason: '남의 선정 포기' }),
        state: applicationState(() => own.awarded),
        secrets: appSecrets(),
      },
    ],
    'POST /api/applications/{id}/delivery': [
      {
        who: () => otherSupplierUser,
        method: 'post',
        url: () => `/api/applications/${own.awarded}/delivery`,
        unknownUrl: () => `/api/applications/${randomUUID()}/delivery`,
        state: applicationState(() => own.awarded),
        secrets: appSecrets(),
      },
    ],
    'GET /api/suppliers/{id}': [
      {
        // Not yet approved: only its owner and staff may see it.
        who: () => otherSupplierUser,
        method: 'get',
        url: () => `/api/suppliers/${own.pendingSupplier}`,
        unknownUrl: () => `/api/suppliers/${randomUUID()}`,
        state: () =>
          row(`SELECT s::text FROM suppliers s WHERE id = $1::uuid`, [own.pendingSupplier]),
        secrets: () => [own.pendingSupplierName, `pending-${tag}`],
      },
      {
        who: () => otherApplicant,
        method: 'get',
        url: () => `/api/suppliers/${own.pendingSupplier}`,
        unknownUrl: () => `/api/suppliers/${randomUUID()}`,
        state: () =>
          row(`SELECT s::text FROM suppliers s WHERE id = $1::uuid`, [own.pendingSupplier]),
        secrets: () => [own.pendingSupplierName, `pending-${tag}`],
      },
    ],
    'PATCH /api/suppliers/{id}': [
      {
        who: () => otherSupplierUser,
        method: 'patch',
        url: () => `/api/suppliers/${supplier.id}`,
        unknownUrl: () => `/api/suppliers/${randomUUID()}`,
        body: () => ({ contactEmail: `hijack-${tag}@test.voucher.kr` }),
        state: supplierState,
        secrets: () => [supplier.owner.email, supplier.representative],
      },
    ],
    'POST /api/suppliers/{id}/offerings': [
      {
        who: () => otherSupplierUser,
        method: 'post',
        url: () => `/api/suppliers/${supplier.id}/offerings`,
        unknownUrl: () => `/api/suppliers/${randomUUID()}/offerings`,
        body: offeringBody,
        state: supplierState,
        secrets: () => [supplier.owner.email, supplier.representative],
      },
    ],
    'PUT /api/suppliers/{id}/offerings/{offeringId}': [
      {
        who: () => otherSupplierUser,
        method: 'put',
        url: () => `/api/suppliers/${supplier.id}/offerings/${supplier.offerings.PURCHASE}`,
        unknownUrl: () => `/api/suppliers/${randomUUID()}/offerings/${randomUUID()}`,
        body: offeringBody,
        state: supplierState,
        secrets: () => [supplier.owner.email, supplier.representative],
      },
      {
        // Their own supplier in the path, someone else's offering.
        who: () => otherSupplierUser,
        method: 'put',
        url: () => `/api/suppliers/${otherSupplier.id}/offerings/${supplier.offerings.PURCHASE}`,
        unknownUrl: () => `/api/suppliers/${otherSupplier.id}/offerings/${randomUUID()}`,
        body: offeringBody,
        state: supplierState,
        secrets: () => [supplier.owner.email, supplier.representative, '기상 데이터'],
      },
    ],
    'DELETE /api/suppliers/{id}/offerings/{offeringId}': [
      {
        who: () => otherSupplierUser,
        method: 'delete',
        url: () => `/api/suppliers/${supplier.id}/offerings/${supplier.offerings.PURCHASE}`,
        unknownUrl: () => `/api/suppliers/${randomUUID()}/offerings/${randomUUID()}`,
        state: supplierState,
        secrets: () => [supplier.owner.email, supplier.representative],
      },
      {
        who: () => otherSupplierUser,
        method: 'delete',
        url: () => `/api/suppliers/${otherSupplier.id}/offerings/${supplier.offerings.PURCHASE}`,
        unknownUrl: () => `/api/suppliers/${otherSupplier.id}/offerings/${randomUUID()}`,
        state: supplierState,
        secrets: () => [supplier.owner.email, supplier.representative, '기상 데이터'],
      },
    ],
    'GET /api/assignments/{id}': [
      {
        who: () => otherEvaluator,
        method: 'get',
        url: () => `/api/assignments/${own.assignment}`,
        unknownUrl: () => `/api/assignments/${randomUUID()}`,
        state: sheetState,
        secrets: () => [`과제 ${tag}`],
      },
    ],
    'PUT /api/assignments/{id}/scores': [
      {
        who: () => otherEvaluator,
        method: 'put',
        url: () => `/api/assignments/${own.assignment}/scores`,
        unknownUrl: () => `/api/assignments/${randomUUID()}/scores`,
        body: scores,
        state: sheetState,
        secrets: () => [`과제 ${tag}`],
      },
    ],
    'POST /api/assignments/{id}/submit': [
      {
        who: () => otherEvaluator,
        method: 'post',
        url: () => `/api/assignments/${own.assignment}/submit`,
        unknownUrl: () => `/api/assignments/${randomUUID()}/submit`,
        state: sheetState,
        secrets: () => [`과제 ${tag}`],
      },
    ],
    'POST /api/assignments/{id}/recuse': [
      {
        who: () => otherEvaluator,
        method: 'post',
        url: () => `/api/assignments/${own.assignment}/recuse`,
        unknownUrl: () => `/api/assignments/${randomUUID()}/recuse`,
        body: () => ({ reason: '남의 평가표' }),
        state: sheetState,
        secrets: () => [`과제 ${tag}`],
      },
    ],
    'POST /api/me/notifications/{id}/read': [
      {
        who: () => otherApplicant,
        method: 'post',
        url: () => `/api/me/notifications/${own.notification}/read`,
        unknownUrl: () => `/api/me/notifications/${Number(own.notification) + 1_000_000}/read`,
        state: () => row(`SELECT n::text FROM notifications n WHERE id = $1`, [own.notification]),
        secrets: () => [`비밀 알림 ${tag}`],
      },
      {
        // Another role altogether: still only the recipient's.
        who: () => otherSupplierUser,
        method: 'post',
        url: () => `/api/me/notifications/${own.notification}/read`,
        unknownUrl: () => `/api/me/notifications/${Number(own.notification) + 1_000_000}/read`,
        state: () => row(`SELECT n::text FROM notifications n WHERE id = $1`, [own.notification]),
        secrets: () => [`비밀 알림 ${tag}`],
      },
    ],
    'DELETE /api/me/webhooks/{id}': [
      {
        who: () => otherApplicant,
        method: 'delete',
        url: () => `/api/me/webhooks/${own.webhook}`,
        unknownUrl: () => `/api/me/webhooks/${randomUUID()}`,
        state: () => row(`SELECT w::text FROM webhook_endpoints w WHERE id = $1`, [own.webhook]),
        secrets: () => [own.webhookUrl],
      },
    ],
  };

  describe.each(Object.entries(OWNED))('%s on what another user owns', (key, cases) => {
    it('answers 404 like an unknown id, shows none of it and changes nothing', async () => {
      for (const c of cases) {
        const send = (url: string, body: object | undefined) => {
          let req = t.http[c.method](url).set(bearer(c.who()));
          for (const [name, value] of Object.entries(c.headers?.() ?? {}))
            req = req.set(name, value);
          return c.method === 'get' ? req : req.send(body ?? {});
        };
        const before = await c.state();
        const res = await send(c.url(), c.body?.());
        expectError(res, 404, 'NOT_FOUND');
        for (const secret of c.secrets()) expect(res.text).not.toContain(secret);
        expect(await c.state()).toBe(before);
        const unknown = await send(c.unknownUrl(), (c.unknownBody ?? c.body)?.());
        expectError(unknown, 404, 'NOT_FOUND');
        expect(res.body.message).toBe(unknown.body.message);
      }
    });
  });

  it('lets the owners themselves read what the others were refused', async () => {
    const reads: Array<[User, string]> = [
      [applicant, `/api/companies/${own.company}`],
      [applicant, `/api/applications/${own.draft}`],
      [supplier.owner, `/api/applications/${own.awarded}`],
      [applicant, `/api/applications/${own.awarded}/award`],
      [supplier.owner, `/api/applications/${own.awarded}/award`],
      [applicant, `/api/applications/${own.awarded}/award/payments`],
      [supplier.owner, `/api/applications/${own.awarded}/award/payments`],
      [supplier.owner, `/api/suppliers/${own.pendingSupplier}`],
      [evaluator, `/api/assignments/${own.assignment}`],
      [officer, `/api/assignments/${own.assignment}`],
    ];
    for (const [user, url] of reads) {
      const res = await t.http.get(url).set(bearer(user));
      expect({ url, status: res.status }).toEqual({ url, status: 200 });
    }
    const inbox = await t.http.get('/api/me/notifications').set(bearer(applicant));
    expect(inbox.text).toContain(`비밀 알림 ${tag}`);
    const hooks = await t.http.get('/api/me/webhooks').set(bearer(applicant));
    expect(hooks.text).toContain(own.webhook);
  });

  it("shows others the public catalogue entry of a supplier, never the owner's record", async () => {
    const doc = await fetchOpenApi(t);
    const props = (name: string) =>
      Object.keys(doc.components?.schemas?.[name]?.properties ?? {}).sort();
    const publicKeys = props('SupplierPublicView');
    const publicOffering = props('OfferingPublicView');
    expect(publicKeys).not.toContain('ownerUserId');
    // An offering under review: only the owner and staff may see it.
    const secretTitle = `검토중 오퍼링 ${tag}`;
    await ok(
      await t.http
        .post(`/api/suppliers/${supplier.id}/offerings`)
        .set(bearer(supplier.owner))
        .send({
          category: 'PURCHASE',
          title: secretTitle,
          description: '비공개',
          indicativePriceKrw: 5,
        }),
      201,
      'pending offering',
    );
    const viewers: Array<User | null> = [null, otherSupplierUser, otherApplicant, evaluator];
    for (const viewer of viewers) {
      const who = viewer?.email ?? 'anonymous';
      const req = t.http.get(`/api/suppliers/${supplier.id}`);
      const res = await (viewer ? req.set(bearer(viewer)) : req);
      expect({ who, status: res.status }).toEqual({ who, status: 200 });
      expect({ who, keys: Object.keys(res.body).sort() }).toEqual({ who, keys: publicKeys });
      for (const o of res.body.offerings as Array<Record<string, unknown>>) {
        expect({ who, keys: Object.keys(o).sort() }).toEqual({ who, keys: publicOffering });
      }
      expect(res.text).not.toContain(secretTitle);
      const list = t.http.get('/api/suppliers?limit=500');
      const page = await (viewer ? list.set(bearer(viewer)) : list);
      expect(page.status).toBe(200);
      expect(page.text).not.toContain(secretTitle);
      for (const item of page.body.items as Array<Record<string, unknown>>) {
        expect(Object.keys(item).sort()).toEqual(publicKeys);
      }
    }
    for (const viewer of [supplier.owner, officer]) {
      const res = await t.http.get(`/api/suppliers/${supplier.id}`).set(bearer(viewer));
      expect(res.body.ownerUserId).toBe(supplier.owner.id);
      expect(res.text).toContain(secretTitle);
    }
  });

  it("shows an evaluator the evaluator's view of a sheet, not the staff view", async () => {
    const doc = await fetchOpenApi(t);
    const keys = Object.keys(doc.components?.schemas?.AssignmentView?.properties ?? {});
    const staffOnly = Object.keys(
      doc.components?.schemas?.StaffAssignmentView?.properties ?? {},
    ).filter((k) => !keys.includes(k));
    expect(staffOnly.length).toBeGreaterThan(0);
    const mine = await t.http.get(`/api/assignments/${own.assignment}`).set(bearer(evaluator));
    expect(mine.status).toBe(200);
    expect(Object.keys(mine.body).filter((k) => staffOnly.includes(k))).toEqual([]);
    const staff = await t.http.get(`/api/assignments/${own.assignment}`).set(bearer(officer));
    expect(Object.keys(staff.body)).toEqual(expect.arrayContaining(staffOnly));
  });

  it('answers 404 for an offering named under a supplier it does not belong to, even for staff', async () => {
    const offering = await ok(
      await t.http
        .post(`/api/suppliers/${supplier.id}/offerings`)
        .set(bearer(supplier.owner))
        .send({
          category: 'PURCHASE',
          title: `심사 대기 ${tag}`,
          description: '검토',
          indicativePriceKrw: 7,
        }),
      201,
      'offering',
    );
    const state = () =>
      row(`SELECT o::text FROM supplier_offerings o WHERE id = $1::uuid`, [offering.body.id]);
    const before = await state();
    for (const action of ['approve', 'reject']) {
      const res = await t.http
        .post(`/api/suppliers/${otherSupplier.id}/offerings/${offering.body.id}/${action}`)
        .set(bearer(officer))
        .send(action === 'reject' ? { reason: '다른 공급기업 경로' } : {});
      expectError(res, 404, 'NOT_FOUND');
    }
    expect(await state()).toBe(before);
  });

  it('leaves what others own out of every list', async () => {
    const lists: Array<[User | null, string, string[]]> = [
      [otherApplicant, '/api/companies?limit=500', [own.company, own.companyName]],
      [otherApplicant, '/api/applications?limit=500', [own.draft, own.awarded]],
      [otherSupplierUser, '/api/applications?limit=500', [own.draft, own.awarded]],
      [otherSupplierUser, '/api/suppliers/mine?limit=500', [supplier.id, own.pendingSupplier]],
      [otherSupplierUser, '/api/suppliers?limit=500', [own.pendingSupplier]],
      [null, `/api/suppliers?limit=500&q=${encodeURIComponent('심사중')}`, [own.pendingSupplier]],
      [otherEvaluator, '/api/evaluations/mine?limit=500', [own.assignment, own.awarded]],
      [otherApplicant, '/api/me/notifications?limit=500', [`비밀 알림 ${tag}`]],
      [otherApplicant, '/api/me/webhooks', [own.webhook, own.webhookUrl]],
    ];
    for (const [user, url, secrets] of lists) {
      const req = t.http.get(url);
      const res = await (user ? req.set(bearer(user)) : req);
      expect({ url, status: res.status }).toEqual({ url, status: 200 });
      for (const secret of secrets)
        expect({ url, leaks: res.text.includes(secret) }).toEqual({ url, leaks: false });
    }
  });

  it("marks only the caller's own notifications read with read-all", async () => {
    // (The matrix checks above ran read-all as the owner too.)
    await db.query(`UPDATE notifications SET read_at = NULL WHERE id = $1`, [own.notification]);
    for (const user of [otherApplicant, otherSupplierUser, officer]) {
      const res = await t.http.post('/api/me/notifications/read-all').set(bearer(user));
      expect(res.status).toBe(200);
    }
    const [note] = (await db.query(`SELECT read_at FROM notifications WHERE id = $1`, [
      own.notification,
    ])) as Array<{ read_at: Date | null }>;
    expect(note.read_at).toBeNull();
  });
});
