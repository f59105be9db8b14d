import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '@app/common';
import { AssignmentService } from '@app/domain';
import {
  applicationBody,
  approvedSupplier,
  createCompany,
  openProgram,
  startTestApp,
  SupplierFixture,
  TestApp,
} from '@app/testing';

/**
 * Evaluation end to end: the evaluator pool, affiliations and declared conflicts, automatic and
 * manual assignment that never give a conflicted evaluator an application, recusal with
 * reassignment, score sheets (drafts, validation, locking), aggregation with the bonus cap and
 * the cut-off, the ranking (reproducible) and the CSV exports. The expected numbers are worked
 * out by hand in the comments.
 */

type User = { id: string; email: string; token: string };

interface Sheet {
  id: string;
  applicationId: string;
  programId: string;
  status: 'ASSIGNED' | 'SUBMITTED' | 'RECUSED' | 'CANCELLED';
  evaluatorId?: string;
  cancelReason?: string | null;
  cancelledAt?: string | null;
  scores: Record<string, number>;
  total: number | null;
  application: { title: string; category: string; companyName: string; companyRegion: string };
  criteria: Array<{ code: string; maxPoints: number }>;
}

interface RankingItem {
  rank: number;
  applicationId: string;
  category: string;
  track: string;
  status: string;
  sheets: number;
  baseScore: number;
  bonuses: Array<{ code: string; points: number; reason: string }>;
  bonusTotal: number;
  bonusPoints: number;
  finalScore: number;
  passedCutoff: boolean;
}

const bearer = (u: User) => ({ authorization: `Bearer ${u.token}` });
const CRITERIA = [
  { code: 'NECESSITY', max: 25 },
  { code: 'PLAN', max: 30 },
  { code: 'FEASIBILITY', max: 25 },
  { code: 'IMPACT', max: 20 },
];

/** Points per criterion adding up to `total` (one decimal), filling the rubric in order. */
function split(total: number): Record<string, number> {
  let left = Math.round(total * 10);
  const out: Record<string, number> = {};
  for (const c of CRITERIA) {
    const take = Math.min(c.max * 10, left);
    out[c.code] = take / 10;
    left -= take;
  }
  return out;
}

function expectError(res: Response, status: number, code: string): void {
  expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
}

const fieldsOf = (res: Response): string[] =>
  ((res.body?.details?.fields ?? []) as Array<{ field: string }>).map((f) => f.field);

// The set-up alone makes ~40 requests; under a full parallel run it needs more than Jest's 5 s.
jest.setTimeout(60_000);

describe('evaluation (e2e)', () => {
  let t: TestApp;
  let db: DataSource;
  let officer: User;
  let applicant: User;
  let ev: User[];
  let supplierA: SupplierFixture;
  let supplierB: SupplierFixture;
  let supplierBBrn: string;
  let programA: string;
  let programB: string;
  /** Program A's applications a1..a6 (index 1..6), program B's b1. */
  const a: Record<number, { id: string; brn: string }> = {};
  let b1: string;
  const dueAt = new Date(Date.now() + 60 * 86_400_000).toISOString();

  const byId = (id: string) => ev.find((e) => e.id === id)!;

  async function apply(
    programId: string,
    supplier: SupplierFixture,
    company: Record<string, unknown>,
    over: Record<string, unknown> = {},
  ): Promise<{ id: string; brn: string }> {
    const c = await createCompany(t, applicant.token, { ceoBirthDate: '1970-05-05', ...company });
    const created = await t.http
      .post(`/api/programs/${programId}/applications`)
      .set(bearer(applicant))
      .send(applicationBody(c.id, supplier, over));
    expect(created.status).toBe(201);
    const confirmed = await t.http
      .post(`/api/applications/${created.body.id}/confirm`)
      .set(bearer(supplier.owner));
    expect(confirmed.status).toBe(200);
    const submitted = await t.http
      .post(`/api/applications/${created.body.id}/submit`)
      .set(bearer(applicant));
    expect(submitted.body.status).toBe('ELIGIBLE');
    return {
      id: created.body.id as string,
      brn: (c as unknown as { businessRegistrationNumber: string }).businessRegistrationNumber,
    };
  }

  /** Every sheet of an application, as an officer sees them (with the evaluator). */
  async function allSheetsOf(applicationId: string): Promise<Sheet[]> {
    const res = await t.http
      .get(`/api/applications/${applicationId}/assignments`)
      .set(bearer(officer));
    expect(res.status).toBe(200);
    return res.body as Sheet[];
  }

  /** Active sheets of an application, as an officer sees them (with the evaluator). */
  async function sheetsOf(applicationId: string): Promise<Sheet[]> {
    const res = await t.http
      .get(`/api/applications/${applicationId}/assignments`)
      .set(bearer(officer));
    expect(res.status).toBe(200);
    return (res.body as Sheet[]).filter((s) => s.status === 'ASSIGNED' || s.status === 'SUBMITTED');
  }

  async function submitSheet(sheet: Sheet, total: number): Promise<Response> {
    const owner = byId(sheet.evaluatorId!);
    const saved = await t.http
      .put(`/api/assignments/${sheet.id}/scores`)
      .set(bearer(owner))
      .send({ scores: split(total), comment: `총점 ${total}` });
    expect(saved.status).toBe(200);
    return t.http.post(`/api/assignments/${sheet.id}/submit`).set(bearer(owner));
  }

  async function scoreAll(applicationId: string, totals: number[]): Promise<void> {
    const sheets = await sheetsOf(applicationId);
    expect(sheets).toHaveLength(totals.length);
    for (const [i, sheet] of sheets.entries()) {
      if (sheet.status === 'SUBMITTED') continue;
      const res = await submitSheet(sheet, totals[i]);
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(totals[i]);
    }
  }

  async function transition(programId: string, ...actions: string[]) {
    for (const action of actions) {
      const res = await t.http.post(`/api/programs/${programId}/${action}`).set(bearer(officer));
      expect(res.status).toBe(200);
    }
  }

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    [officer, applicant, ...ev] = await Promise.all([
      t.userWithToken(Role.OFFICER),
      t.userWithToken(Role.APPLICANT),
      ...[0, 1, 2, 3, 4, 5].map((i) => t.userWithToken(Role.EVALUATOR, `evaluator${i}`)),
    ]);
    [supplierA, supplierB] = await Promise.all([
      approvedSupplier(t, officer.token),
      approvedSupplier(t, officer.token),
    ]);
    [{ business_registration_number: supplierBBrn }] = await db.query(
      `SELECT business_registration_number FROM suppliers WHERE id = $1`,
      [supplierB.id],
    );
    const crowdsourcing = {
      code: 'CROWDSOURCING',
      points: 1,
      condition: { type: 'CROWDSOURCING_SUPPLIER', categories: ['AI_PROCESSING'] },
    };
    programA = (
      await openProgram(t, officer.token, (r) => {
        Object.assign(r.evaluation, {
          evaluatorsPerApplication: 3,
          aggregation: 'MEAN',
          normalization: 'NONE',
          cutoffScore: 60,
          bonusCap: 1,
          dueAt,
        });
        r.bonusRules = [
          crowdsourcing as never,
          { code: 'YOUTH', points: 1, condition: { type: 'YOUTH_CEO', minAge: 19, maxAge: 39 } },
        ];
      })
    ).id;
    programB = (
      await openProgram(t, officer.token, (r) => {
        Object.assign(r.evaluation, {
          evaluatorsPerApplication: 5,
          aggregation: 'TRIMMED_MEAN',
          trimMinSheets: 5,
          normalization: 'NONE',
          cutoffScore: 60,
          bonusCap: 1,
        });
        r.bonusRules = [
          crowdsourcing as never,
          {
            code: 'REGIONAL',
            points: 1,
            condition: {
              type: 'NON_CAPITAL_REGION',
              capitalRegions: ['SEOUL', 'GYEONGGI', 'INCHEON'],
            },
          },
        ];
      })
    ).id;
    // Submitted one after the other: the submission order is the assignment order.
    a[1] = await apply(programA, supplierA, { ceoBirthDate: '1990-01-01' }); // youth CEO
    a[2] = await apply(programA, supplierA, {});
    a[3] = await apply(
      programA,
      supplierA,
      {},
      {
        category: 'PURCHASE',
        offeringId: supplierA.offerings.PURCHASE,
        agreedCostKrw: 10_000_000,
      },
    );
    a[4] = await apply(programA, supplierA, {});
    a[5] = await apply(programA, supplierB, {});
    a[6] = await apply(
      programA,
      supplierA,
      {},
      {
        category: 'GENERAL_PROCESSING',
        offeringId: supplierA.offerings.GENERAL_PROCESSING,
        agreedCostKrw: 40_000_000,
      },
    );
    b1 = (await apply(programB, supplierA, { region: 'JEONBUK' })).id;
  });
  afterAll(() => t?.close());

  it('builds the evaluator pool from EVALUATOR users only', async () => {
    const wrong = await t.http
      .post(`/api/programs/${programA}/evaluators`)
      .set(bearer(officer))
      .send({ evaluatorIds: [ev[0].id, applicant.id] });
    expectError(wrong, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(wrong)).toEqual(['evaluatorIds[1]']);

    const added = await t.http
      .post(`/api/programs/${programA}/evaluators`)
      .set(bearer(officer))
      .send({ evaluatorIds: ev.slice(0, 5).map((e) => e.id) });
    expect(added.status).toBe(201);
    expect(added.body).toHaveLength(5);
    expect(added.body[0]).toMatchObject({ load: 0, open: 0, submitted: 0 });

    expectError(
      await t.http.get(`/api/programs/${programA}/evaluators`).set(bearer(applicant)),
      403,
      'FORBIDDEN',
    );
    expectError(
      await t.http
        .post(`/api/programs/${programA}/evaluators`)
        .set(bearer(ev[0]))
        .send({ evaluatorIds: [ev[0].id] }),
      403,
      'FORBIDDEN',
    );
  });

  it('takes affiliations and declared conflicts from evaluators', async () => {
    const brn4 = a[4].brn;
    const profile = await t.http
      .put('/api/evaluators/me/profile')
      .set(bearer(ev[0]))
      .send({
        affiliationBrn: `${brn4.slice(0, 3)}-${brn4.slice(3, 5)}-${brn4.slice(5)}`,
        affiliationName: '신청기업',
      });
    expect(profile.status).toBe(200);
    expect(profile.body).toMatchObject({ affiliationBrn: brn4, recused: [] });

    const declare = (e: User, body: Record<string, unknown>) =>
      t.http.post('/api/evaluators/me/conflicts').set(bearer(e)).send(body);
    const declared = await declare(ev[1], {
      kind: 'SUPPLIER',
      businessRegistrationNumber: supplierBBrn,
      reason: '자문 계약',
    });
    expect(declared.status).toBe(201);
    expect(declared.body).toMatchObject({
      kind: 'SUPPLIER',
      businessRegistrationNumber: supplierBBrn,
      recused: [],
    });
    expect(
      (
        await declare(ev[2], {
          kind: 'COMPANY',
          businessRegistrationNumber: a[1].brn,
          reason: '친족',
        })
      ).status,
    ).toBe(201);
    for (const e of [ev[1], ev[3], ev[4]]) {
      expect(
        (
          await declare(e, {
            kind: 'COMPANY',
            businessRegistrationNumber: a[6].brn,
            reason: '전 직장',
          })
        ).status,
      ).toBe(201);
    }

    expectError(
      await declare(ev[1], {
        kind: 'SUPPLIER',
        businessRegistrationNumber: supplierBBrn,
        reason: 'again',
      }),
      409,
      'CONFLICT',
    );
    const bad = await declare(ev[1], {
      kind: 'PARTNER',
      businessRegistrationNumber: '1234567890',
      reason: '',
    });
    expectError(bad, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(bad).sort()).toEqual(['businessRegistrationNumber', 'kind', 'reason']);
    expectError(
      await t.http
        .post('/api/evaluators/me/conflicts')
        .set(bearer(applicant))
        .send({ kind: 'COMPANY', businessRegistrationNumber: a[1].brn, reason: 'x' }),
      403,
      'FORBIDDEN',
    );

    const mine = await t.http.get('/api/evaluators/me/conflicts').set(bearer(ev[1]));
    expect(
      mine.body.map((c: { businessRegistrationNumber: string }) => c.businessRegistrationNumber),
    ).toEqual([supplierBBrn, a[6].brn]);
  });

  it('refuses assignment and ranking before the program is EVALUATING', async () => {
    expectError(
      await t.http.post(`/api/programs/${programA}/assignments/auto`).set(bearer(officer)),
      409,
      'PROGRAM_NOT_EVALUATING',
    );
    expectError(
      await t.http.post(`/api/programs/${programA}/ranking`).set(bearer(officer)),
      409,
      'PROGRAM_NOT_EVALUATING',
    );
    expectError(
      await t.http
        .post(`/api/applications/${a[1].id}/assignments`)
        .set(bearer(officer))
        .send({ evaluatorId: ev[3].id }),
      409,
      'PROGRAM_NOT_EVALUATING',
    );
    await transition(programA, 'close', 'start-evaluation');
    await transition(programB, 'close', 'start-evaluation');
  });

  it('auto-assigns N balanced evaluators, never a conflicted one, and reports what it could not cover', async () => {
    expectError(
      await t.http.post(`/api/programs/${programA}/assignments/auto`).set(bearer(ev[0])),
      403,
      'FORBIDDEN',
    );
    const res = await t.http
      .post(`/api/programs/${programA}/assignments/auto`)
      .set(bearer(officer));
    expect(res.status).toBe(200);
    // a1..a5 get 3 each; a6 has only ev0 and ev2 left (ev1, ev3, ev4 declared its company).
    expect(res.body.assignments).toHaveLength(17);
    expect([...res.body.underReview].sort()).toEqual([1, 2, 3, 4, 5].map((i) => a[i].id).sort());
    expect(res.body.uncovered).toEqual([
      {
        applicationId: a[6].id,
        assigned: 2,
        required: 3,
        reason:
          '2 of 3 evaluators: the pool has 5, 3 of them with a conflict of interest or recused',
      },
    ]);

    const holders = async (i: number) =>
      (await sheetsOf(a[i].id)).map((s) => s.evaluatorId!).sort();
    expect(await holders(1)).not.toContain(ev[2].id); // declared the company
    expect(await holders(4)).not.toContain(ev[0].id); // affiliated with the company
    expect(await holders(5)).not.toContain(ev[1].id); // declared the supplier
    expect(await holders(6)).toEqual([ev[0].id, ev[2].id].sort());
    for (const i of [1, 2, 3, 4, 5]) expect(await holders(i)).toHaveLength(3);

    const pool = await t.http.get(`/api/programs/${programA}/evaluators`).set(bearer(officer));
    const loads = (pool.body as Array<{ load: number }>).map((m) => m.load);
    expect(loads.reduce((s, n) => s + n, 0)).toBe(17);
    // (How evenly depends on which ids the conflicts hit; balancing is unit-tested.)

    const status = async (id: string) =>
      (await t.http.get(`/api/applications/${id}`).set(bearer(officer))).body.status as string;
    expect(await status(a[1].id)).toBe('UNDER_REVIEW');
    expect(await status(a[6].id)).toBe('ELIGIBLE');

    const events: Array<{
      payload: { assignmentId: string; dueAt: string; recipients: string[]; title: string };
    }> = await db.query(
      `SELECT payload FROM outbox WHERE event_type = 'evaluation.assigned' AND payload->>'programId' = $1`,
      [programA],
    );
    expect(events).toHaveLength(17);
    const first = res.body.assignments[0] as { assignmentId: string; evaluatorId: string };
    const event = events.find((e) => e.payload.assignmentId === first.assignmentId)!;
    expect(event.payload.recipients).toEqual([first.evaluatorId]);
    expect(new Date(event.payload.dueAt).toISOString()).toBe(dueAt);

    // A second run has nothing left to do but a6.
    const again = await t.http
      .post(`/api/programs/${programA}/assignments/auto`)
      .set(bearer(officer));
    expect(again.body.assignments).toEqual([]);
    expect(again.body.uncovered.map((u: { applicationId: string }) => u.applicationId)).toEqual([
      a[6].id,
    ]);
  });

  it('refuses a manual assignment with a conflict of interest', async () => {
    const assign = (i: number, e: User) =>
      t.http
        .post(`/api/applications/${a[i].id}/assignments`)
        .set(bearer(officer))
        .send({ evaluatorId: e.id });
    const declared = await assign(6, ev[1]);
    expectError(declared, 409, 'CONFLICT_OF_INTEREST');
    expect(declared.body.details.conflicts).toEqual([
      expect.objectContaining({ source: 'DECLARED', with: 'COMPANY' }),
    ]);
    const affiliated = await assign(4, ev[0]);
    expectError(affiliated, 409, 'CONFLICT_OF_INTEREST');
    expect(affiliated.body.details.conflicts[0]).toMatchObject({
      source: 'AFFILIATION',
      with: 'COMPANY',
    });

    const outside = await assign(6, ev[5]);
    expectError(outside, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(outside)).toEqual(['evaluatorId']);
    await t.http
      .post(`/api/programs/${programA}/evaluators`)
      .set(bearer(officer))
      .send({ evaluatorIds: [ev[5].id] });
    const ok = await assign(6, ev[5]);
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({
      applicationId: a[6].id,
      evaluatorId: ev[5].id,
      status: 'ASSIGNED',
      dueAt,
    });
    expect(
      (await t.http.get(`/api/applications/${a[6].id}`).set(bearer(officer))).body.status,
    ).toBe('UNDER_REVIEW');
    expectError(await assign(6, ev[0]), 409, 'CONFLICT'); // already on it
    expectError(
      await t.http
        .post(`/api/applications/${a[6].id}/assignments`)
        .set(bearer(ev[0]))
        .send({ evaluatorId: ev[0].id }),
      403,
      'FORBIDDEN',
    );
  });

  it('shows evaluators their own sheets only, without others’ scores or bonuses', async () => {
    const all = new Set<string>();
    for (const e of ev) {
      const res = await t.http.get(`/api/evaluations/mine?programId=${programA}`).set(bearer(e));
      expect(res.status).toBe(200);
      for (const item of res.body.items as Sheet[]) {
        all.add(item.id);
        const holders = await sheetsOf(item.applicationId);
        expect(holders.find((s) => s.id === item.id)!.evaluatorId).toBe(e.id);
        expect(Object.keys(item).sort()).toEqual(
          [
            'application',
            'applicationId',
            'cancelReason',
            'cancelledAt',
            'comment',
            'createdAt',
            'criteria',
            'dueAt',
            'id',
            'programId',
            'recusedAt',
            'recusedReason',
            'scores',
            'status',
            'submittedAt',
            'total',
            'updatedAt',
          ].sort(),
        );
        expect(Object.keys(item.application).sort()).toEqual(
          [
            'category',
            'companyName',
            'companyRegion',
            'plan',
            'socialIssue',
            'title',
            'track',
          ].sort(),
        );
      }
    }
    expect(all.size).toBe(18);

    const target = (await sheetsOf(a[1].id))[0];
    const holders = (await sheetsOf(a[1].id)).map((s) => s.evaluatorId);
    const stranger = ev.find((e) => !holders.includes(e.id))!;
    expectError(
      await t.http.get(`/api/assignments/${target.id}`).set(bearer(stranger)),
      404,
      'NOT_FOUND',
    );
    expectError(
      await t.http
        .put(`/api/assignments/${target.id}/scores`)
        .set(bearer(stranger))
        .send({ scores: { PLAN: 10 } }),
      404,
      'NOT_FOUND',
    );
    expectError(
      await t.http.post(`/api/assignments/${target.id}/submit`).set(bearer(stranger)),
      404,
      'NOT_FOUND',
    );
    expectError(await t.http.get('/api/evaluations/mine').set(bearer(applicant)), 403, 'FORBIDDEN');
    expectError(
      await t.http
        .put(`/api/assignments/${target.id}/scores`)
        .set(bearer(supplierA.owner))
        .send({ scores: {} }),
      403,
      'FORBIDDEN',
    );
    expectError(
      await t.http.get(`/api/applications/${a[1].id}/assignments`).set(bearer(ev[0])),
      403,
      'FORBIDDEN',
    );
  });

  it('reassigns the application when an evaluator recuses itself', async () => {
    const [sheet] = await sheetsOf(a[2].id);
    const owner = byId(sheet.evaluatorId!);
    const res = await t.http
      .post(`/api/assignments/${sheet.id}/recuse`)
      .set(bearer(owner))
      .send({ reason: '신청기업 대표와 지인' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      reassigned: true,
      assignment: { status: 'RECUSED', recusedReason: '신청기업 대표와 지인' },
    });
    const now = await sheetsOf(a[2].id);
    expect(now).toHaveLength(3);
    expect(now.map((s) => s.evaluatorId)).not.toContain(owner.id);

    expectError(
      await t.http
        .post(`/api/assignments/${sheet.id}/recuse`)
        .set(bearer(owner))
        .send({ reason: 'again' }),
      409,
      'INVALID_STATE_TRANSITION',
    );
    const back = await t.http
      .post(`/api/applications/${a[2].id}/assignments`)
      .set(bearer(officer))
      .send({ evaluatorId: owner.id });
    expectError(back, 409, 'CONFLICT_OF_INTEREST');
    expect(back.body.details.conflicts[0].source).toBe('RECUSED');
  });

  it('recuses and reassigns an open sheet when its evaluator declares a conflict later', async () => {
    const [sheet] = await sheetsOf(a[3].id);
    const owner = byId(sheet.evaluatorId!);
    const res = await t.http
      .post('/api/evaluators/me/conflicts')
      .set(bearer(owner))
      .send({ kind: 'COMPANY', businessRegistrationNumber: a[3].brn, reason: '배우자 근무' });
    expect(res.status).toBe(201);
    expect(res.body.recused).toEqual([
      { assignmentId: sheet.id, applicationId: a[3].id, reassigned: true },
    ]);
    const now = await sheetsOf(a[3].id);
    expect(now).toHaveLength(3);
    expect(now.map((s) => s.evaluatorId)).not.toContain(owner.id);
  });

  it('validates score sheets, naming each criterion', async () => {
    const [sheet] = await sheetsOf(a[1].id);
    const owner = byId(sheet.evaluatorId!);
    const put = (body: unknown) =>
      t.http
        .put(`/api/assignments/${sheet.id}/scores`)
        .set(bearer(owner))
        .send(body as object);

    const high = await put({ scores: { NECESSITY: 26 } });
    expectError(high, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(high)).toEqual(['scores.NECESSITY']);
    expect(fieldsOf(await put({ scores: { NECESSITY: 10, ORIGINALITY: 5 } }))).toEqual([
      'scores.ORIGINALITY',
    ]);
    expect(fieldsOf(await put({ scores: { PLAN: '20' } }))).toEqual(['scores.PLAN']);
    expect(fieldsOf(await put({ scores: { PLAN: -1, IMPACT: 10.25 } })).sort()).toEqual([
      'scores.IMPACT',
      'scores.PLAN',
    ]);
    expect(fieldsOf(await put({ scores: [20, 20] }))).toEqual(['scores']);
    expect(fieldsOf(await put({ scores: { PLAN: 20 }, total: 100 }))).toEqual(['total']);

    const draft = await put({ scores: { PLAN: 21.5, NECESSITY: 20 }, comment: '초안' });
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({
      status: 'ASSIGNED',
      scores: { NECESSITY: 20, PLAN: 21.5 },
      total: null,
      comment: '초안',
    });
    const incomplete = await t.http.post(`/api/assignments/${sheet.id}/submit`).set(bearer(owner));
    expectError(incomplete, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(incomplete)).toEqual(['scores.FEASIBILITY', 'scores.IMPACT']);
  });

  it('stores and submits a sheet in one request, auditing both steps', async () => {
    const [sheet] = (await sheetsOf(a[2].id)).filter((s) => s.status === 'ASSIGNED');
    const owner = byId(sheet.evaluatorId!);
    const submit = (body?: object) => {
      const req = t.http.post(`/api/assignments/${sheet.id}/submit`).set(bearer(owner));
      return body ? req.send(body) : req;
    };
    const onlyComment = await submit({ comment: 'no scores' });
    expectError(onlyComment, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(onlyComment)).toEqual(['scores']);
    const bad = await submit({ scores: { ...split(80), NECESSITY: 26 } });
    expectError(bad, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(bad)).toEqual(['scores.NECESSITY']);
    const partial = await submit({ scores: { NECESSITY: 20 } });
    expectError(partial, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(partial).sort()).toEqual([
      'scores.FEASIBILITY',
      'scores.IMPACT',
      'scores.PLAN',
    ]);
    // Refused requests stored nothing. (80, as the ranking below expects of this application.)
    expect(
      (await t.http.get(`/api/assignments/${sheet.id}`).set(bearer(owner))).body,
    ).toMatchObject({ status: 'ASSIGNED', scores: {}, comment: null });

    const done = await submit({ scores: split(80), comment: '한 번에 제출' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      status: 'SUBMITTED',
      total: 80,
      scores: split(80),
      comment: '한 번에 제출',
    });
    expect((await t.http.get(`/api/assignments/${sheet.id}`).set(bearer(owner))).body).toEqual(
      done.body,
    );
    const audit = await db.query(
      `SELECT action, before, after FROM audit_log
        WHERE entity = 'assignment' AND entity_id = $1 ORDER BY id`,
      [sheet.id],
    );
    expect(audit.map((r: { action: string }) => r.action).slice(-2)).toEqual([
      'assignment.scores_saved',
      'assignment.submitted',
    ]);
    expect(audit.at(-1).after).toEqual({ status: 'SUBMITTED', scores: split(80), total: 80 });
    expectError(await submit(), 409, 'SHEET_LOCKED');
  });

  it('locks a submitted sheet', async () => {
    const [sheet] = await sheetsOf(a[1].id);
    const owner = byId(sheet.evaluatorId!);
    const submitted = await submitSheet(sheet, 81);
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'SUBMITTED', total: 81 });

    const change = await t.http
      .put(`/api/assignments/${sheet.id}/scores`)
      .set(bearer(owner))
      .send({ scores: split(100) });
    expectError(change, 409, 'SHEET_LOCKED');
    expectError(
      await t.http.post(`/api/assignments/${sheet.id}/submit`).set(bearer(owner)),
      409,
      'SHEET_LOCKED',
    );
    expectError(
      await t.http
        .post(`/api/assignments/${sheet.id}/recuse`)
        .set(bearer(owner))
        .send({ reason: 'late' }),
      409,
      'SHEET_LOCKED',
    );
    // The database refuses it as well, whatever the code path.
    await expect(
      db.query(`UPDATE assignments SET total = 100 WHERE id = $1`, [sheet.id]),
    ).rejects.toThrow(/locked/);
    expect(
      (await t.http.get(`/api/assignments/${sheet.id}`).set(bearer(owner))).body,
    ).toMatchObject({ total: 81, scores: split(81) });
  });

  it('aggregates (MEAN), applies the capped bonus and the cut-off, and ranks per category and track', async () => {
    await scoreAll(a[1].id, [81, 82, 84]); // (81 + 82 + 84) / 3 = 82.333… → 82.33; youth + crowdsourcing = 2, cap 1
    await scoreAll(a[2].id, [80, 80, 80]); // 80.00 + crowdsourcing 1 = 81.00
    await scoreAll(a[3].id, [55, 55, 56]); // PURCHASE: 55.33, no bonus, below the 60 cut-off
    await scoreAll(a[4].id, [82.5, 82, 83]); // 82.50 + 1 = 83.50
    await scoreAll(a[6].id, [70, 70, 70]); // GENERAL_PROCESSING: 70.00 (crowdsourcing counts in AI only)
    const five = await sheetsOf(a[5].id); // two of three sheets in: pending
    expect((await submitSheet(five[0], 90)).status).toBe(200);
    expect((await submitSheet(five[1], 90)).status).toBe(200);

    expectError(
      await t.http.post(`/api/programs/${programA}/ranking`).set(bearer(ev[0])),
      403,
      'FORBIDDEN',
    );
    expectError(
      await t.http.post(`/api/programs/${programA}/ranking`).set(bearer(applicant)),
      403,
      'FORBIDDEN',
    );
    const run = await t.http.post(`/api/programs/${programA}/ranking`).set(bearer(officer));
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({
      scored: 5,
      pending: 1,
      pendingApplications: [
        { applicationId: a[5].id, submittedSheets: 2, activeSheets: 3, requiredSheets: 3 },
      ],
    });
    expect(
      run.body.rankings.map((r: { category: string; applications: number }) => [
        r.category,
        r.applications,
      ]),
    ).toEqual([
      ['AI_PROCESSING', 3],
      ['GENERAL_PROCESSING', 1],
      ['PURCHASE', 1],
    ]);

    const ai = await t.http
      .get(`/api/programs/${programA}/ranking?category=AI_PROCESSING&track=GENERAL`)
      .set(bearer(officer));
    expect(ai.status).toBe(200);
    const items = ai.body.items as RankingItem[];
    expect(
      items.map((i) => [i.rank, i.applicationId, i.baseScore, i.bonusPoints, i.finalScore]),
    ).toEqual([
      [1, a[4].id, 82.5, 1, 83.5],
      [2, a[1].id, 82.33, 1, 83.33],
      [3, a[2].id, 80, 1, 81],
    ]);
    const youth = items[1];
    expect(youth).toMatchObject({
      bonusTotal: 2,
      bonusPoints: 1,
      passedCutoff: true,
      sheets: 3,
      status: 'SCORED',
    });
    expect(youth.bonuses).toEqual([
      { code: 'CROWDSOURCING', points: 1, reason: 'the supplier has adopted crowdsourcing' },
      { code: 'YOUTH', points: 1, reason: expect.stringContaining('CEO aged 31 on 2021-03-02') },
    ]);

    const purchase = await t.http
      .get(`/api/programs/${programA}/ranking?category=PURCHASE`)
      .set(bearer(officer));
    expect(purchase.body.items).toEqual([
      expect.objectContaining({
        applicationId: a[3].id,
        baseScore: 55.33,
        bonuses: [],
        finalScore: 55.33,
        passedCutoff: false,
        rank: 1,
      }),
    ]);

    const status = async (id: string) =>
      (await t.http.get(`/api/applications/${id}`).set(bearer(officer))).body.status;
    expect(await status(a[1].id)).toBe('SCORED');
    expect(await status(a[5].id)).toBe('UNDER_REVIEW');

    // Applicants see the status, never a score; evaluators still see only their sheet.
    const own = await t.http.get(`/api/applications/${a[1].id}`).set(bearer(applicant));
    expect(own.body.status).toBe('SCORED');
    expect(JSON.stringify(own.body)).not.toMatch(/baseScore|finalScore|bonus|rank/);
    expectError(
      await t.http.get(`/api/programs/${programA}/ranking`).set(bearer(applicant)),
      403,
      'FORBIDDEN',
    );
    expectError(
      await t.http.get(`/api/programs/${programA}/ranking`).set(bearer(supplierA.owner)),
      403,
      'FORBIDDEN',
    );
    expectError(
      await t.http.get(`/api/programs/${programA}/ranking`).set(bearer(ev[0])),
      403,
      'FORBIDDEN',
    );
  });

  it('gives the identical ranking on a second computation', async () => {
    const read = async () =>
      (await t.http.get(`/api/programs/${programA}/ranking`).set(bearer(officer))).body;
    const before = await read();
    const run = await t.http.post(`/api/programs/${programA}/ranking`).set(bearer(officer));
    expect(run.status).toBe(200);
    const after = await read();
    expect(after.rankings).toEqual(before.rankings);
    expect(run.body.rankings).toEqual(before.rankings);
    const strip = (items: Array<Record<string, unknown>>) =>
      items.map(({ computedAt: _c, ...rest }) => rest);
    expect(strip(after.items)).toEqual(strip(before.items));
  });

  it('drops the highest and lowest of five sheets (TRIMMED_MEAN) and caps two bonuses at 1', async () => {
    await t.http
      .post(`/api/programs/${programB}/evaluators`)
      .set(bearer(officer))
      .send({ evaluatorIds: ev.slice(0, 5).map((e) => e.id) });
    // Two runs at once: the program lock makes the second see the first's work.
    const runs = await Promise.all(
      [0, 1].map(() =>
        t.http.post(`/api/programs/${programB}/assignments/auto`).set(bearer(officer)),
      ),
    );
    expect(runs.map((r) => r.status)).toEqual([200, 200]);
    expect(runs.map((r) => r.body.assignments.length).sort()).toEqual([0, 5]);
    expect(runs.every((r) => r.body.uncovered.length === 0)).toBe(true);
    // 90, 80, 70, 60, 20: drop 90 and 20 → (80 + 70 + 60) / 3 = 70.00
    await scoreAll(b1, [90, 80, 70, 60, 20]);
    const run = await t.http.post(`/api/programs/${programB}/ranking`).set(bearer(officer));
    expect(run.body).toMatchObject({ scored: 1, pending: 0 });
    const ranking = await t.http.get(`/api/programs/${programB}/ranking`).set(bearer(officer));
    // crowdsourcing 1 + non-capital region 1 = 2, capped at 1 → 71.00
    expect(ranking.body.items).toEqual([
      expect.objectContaining({
        applicationId: b1,
        sheets: 5,
        baseScore: 70,
        bonusTotal: 2,
        bonusPoints: 1,
        finalScore: 71,
        rank: 1,
      }),
    ]);
  });

  it('reminds evaluators with open sheets once a day as the due date nears', async () => {
    const reminders = t.app.get(AssignmentService);
    const events = async () =>
      (await db.query(
        // In the order they were written: a relayed row is updated, which can move it in the heap.
        `SELECT payload FROM outbox WHERE event_type = 'evaluation.due' AND payload->>'programId' = $1
          ORDER BY id`,
        [programA],
      )) as Array<{ payload: { recipients: string[]; openSheets: number; overdue: boolean } }>;
    const due = Date.parse(dueAt);
    expect(
      await reminders.sendDueReminders({
        now: new Date(due - 4 * 86_400_000),
        programId: programA,
      }),
    ).toEqual({
      reminded: 0,
    });
    // Only a5's third sheet is still open.
    const [open] = (await sheetsOf(a[5].id)).filter((s) => s.status === 'ASSIGNED');
    const dayBefore = new Date(due - 86_400_000);
    expect(await reminders.sendDueReminders({ now: dayBefore, programId: programA })).toEqual({
      reminded: 1,
    });
    expect(await reminders.sendDueReminders({ now: dayBefore, programId: programA })).toEqual({
      reminded: 0,
    });
    expect((await events()).map((e) => e.payload)).toEqual([
      expect.objectContaining({ recipients: [open.evaluatorId], openSheets: 1, overdue: false }),
    ]);
    await reminders.sendDueReminders({ now: new Date(due + 86_400_000), programId: programA });
    expect((await events()).map((e) => e.payload.overdue)).toEqual([false, true]);
  });

  it('exports scores and the ranking as CSV for officers', async () => {
    const ranking = await t.http
      .get(`/api/programs/${programA}/ranking.csv`)
      .set(bearer(officer))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(ranking.status).toBe(200);
    expect(ranking.headers['content-type']).toContain('text/csv');
    const text = (ranking.body as Buffer).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split('\n');
    expect(lines[0]).toBe(
      'category,track,rank,application_id,company,title,status,sheets,base_score,bonus_points,bonuses,final_score,passed_cutoff,submitted_at',
    );
    expect(lines).toHaveLength(6);
    expect(lines[1]).toContain(`AI_PROCESSING,GENERAL,1,${a[4].id}`);
    expect(lines[1]).toContain('82.50,1.00');

    const scores = await t.http.get(`/api/programs/${programA}/scores.csv`).set(bearer(officer));
    expect(scores.status).toBe(200);
    const header = scores.text.replace(/^\uFEFF/, '').split('\n')[0];
    expect(header).toContain('NECESSITY,PLAN,FEASIBILITY,IMPACT,total');
    // 18 active sheets + 2 recused, one line each, plus the header.
    expect(scores.text.trim().split('\n')).toHaveLength(21);
    expectError(
      await t.http.get(`/api/programs/${programA}/scores.csv`).set(bearer(ev[0])),
      403,
      'FORBIDDEN',
    );
  });

  // Last: a program of its own, so that the counts above stay as they are.
  it('closes the open sheets of an application that leaves evaluation, keeping submitted ones, out of loads, reminders and the ranking', async () => {
    const programC = (
      await openProgram(t, officer.token, (r) => {
        Object.assign(r.evaluation, {
          evaluatorsPerApplication: 2,
          aggregation: 'MEAN',
          normalization: 'NONE',
          cutoffScore: 60,
          dueAt,
        });
      })
    ).id;
    const [c1, c2, c3] = [
      await apply(programC, supplierA, {}),
      await apply(programC, supplierA, {}),
      await apply(programC, supplierA, {}),
    ].map((x) => x.id);
    await transition(programC, 'close', 'start-evaluation');
    const pooled = await t.http
      .post(`/api/programs/${programC}/evaluators`)
      .set(bearer(officer))
      .send({ evaluatorIds: [ev[3].id, ev[5].id] });
    expect(pooled.status).toBe(201);
    const auto = await t.http
      .post(`/api/programs/${programC}/assignments/auto`)
      .set(bearer(officer));
    expect(auto.body.assignments).toHaveLength(6);

    // ev3 submits its sheet of c1; ev5's stays open. Then the applicant withdraws c1.
    const c1Sheets = await sheetsOf(c1);
    const submitted = c1Sheets.find((s) => s.evaluatorId === ev[3].id)!;
    const open = c1Sheets.find((s) => s.evaluatorId === ev[5].id)!;
    expect((await submitSheet(submitted, 80)).status).toBe(200);
    const withdrawn = await t.http.post(`/api/applications/${c1}/withdraw`).set(bearer(applicant));
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('WITHDRAWN');

    const after = new Map((await allSheetsOf(c1)).map((s) => [s.id, s]));
    expect(after.get(submitted.id)).toMatchObject({
      status: 'SUBMITTED',
      total: 80,
      cancelledAt: null,
    });
    expect(after.get(open.id)).toMatchObject({
      status: 'CANCELLED',
      cancelReason: 'application withdrawn',
    });
    expect(Date.parse(after.get(open.id)!.cancelledAt!)).toBeGreaterThan(0);
    const [cancelAudit] = await db.query(
      `SELECT actor_id, before, after FROM audit_log
        WHERE entity = 'assignment' AND entity_id = $1 AND action = 'assignment.cancelled'`,
      [open.id],
    );
    expect(cancelAudit).toEqual({
      actor_id: applicant.id,
      before: { status: 'ASSIGNED' },
      after: { status: 'CANCELLED', reason: 'application withdrawn', applicationId: c1 },
    });
    const [withdrawAudit] = await db.query(
      `SELECT after FROM audit_log WHERE entity = 'application' AND entity_id = $1
          AND action = 'application.withdrawn'`,
      [c1],
    );
    expect(withdrawAudit.after).toEqual({ status: 'WITHDRAWN', closedSheets: [open.id] });

    // Not ev5's to-do any more; listed as cancelled; closed to scores and recusal.
    const mine = async (status: string) =>
      (
        await t.http
          .get(`/api/evaluations/mine?programId=${programC}&status=${status}`)
          .set(bearer(ev[5]))
      ).body as { items: Sheet[]; total: number };
    expect((await mine('ASSIGNED')).items.map((s) => s.applicationId).sort()).toEqual(
      [c2, c3].sort(),
    );
    expect((await mine('CANCELLED')).items.map((s) => s.id)).toEqual([open.id]);
    const scoreIt = await t.http
      .put(`/api/assignments/${open.id}/scores`)
      .set(bearer(ev[5]))
      .send({ scores: split(70) });
    expectError(scoreIt, 409, 'INVALID_STATE_TRANSITION');
    expect(scoreIt.body.message).toBe('The sheet was closed unsubmitted: application withdrawn');
    expectError(
      await t.http
        .post(`/api/assignments/${open.id}/recuse`)
        .set(bearer(ev[5]))
        .send({ reason: '철회됨' }),
      409,
      'INVALID_STATE_TRANSITION',
    );

    // Loads: ev5 holds c2 and c3 only; ev3 also its submitted sheet of c1.
    const pool = await t.http.get(`/api/programs/${programC}/evaluators`).set(bearer(officer));
    const member = (e: User) =>
      (pool.body as Array<{ userId: string; open: number; submitted: number; load: number }>).find(
        (m) => m.userId === e.id,
      );
    expect(member(ev[5])).toMatchObject({ open: 2, submitted: 0, load: 2 });
    expect(member(ev[3])).toMatchObject({ open: 2, submitted: 1, load: 3 });
    // Nobody is assigned again to the withdrawn application, and withdrawing twice is refused.
    expectError(
      await t.http
        .post(`/api/applications/${c1}/assignments`)
        .set(bearer(officer))
        .send({ evaluatorId: ev[5].id }),
      409,
      'INVALID_STATE_TRANSITION',
    );
    expectError(
      await t.http.post(`/api/applications/${c1}/withdraw`).set(bearer(applicant)),
      409,
      'INVALID_STATE_TRANSITION',
    );

    // Reminders count the open sheets of c2 and c3 only: two each.
    const reminded = await t.app
      .get(AssignmentService)
      .sendDueReminders({ now: new Date(Date.parse(dueAt) - 86_400_000), programId: programC });
    expect(reminded).toEqual({ reminded: 2 });
    const due: Array<{ payload: { openSheets: number } }> = await db.query(
      `SELECT payload FROM outbox WHERE event_type = 'evaluation.due' AND payload->>'programId' = $1`,
      [programC],
    );
    expect(due.map((d) => d.payload.openSheets)).toEqual([2, 2]);

    // The ranking: c2 scored; c1 is not a candidate at all (its submitted sheet stays on
    // record, but a withdrawn application is neither scored nor pending); c3 still pending.
    await scoreAll(c2, [75, 77]);
    const ranking = await t.http.post(`/api/programs/${programC}/ranking`).set(bearer(officer));
    expect(ranking.status).toBe(200);
    expect(ranking.body).toMatchObject({ scored: 1, pending: 1 });
    expect(
      ranking.body.pendingApplications.map((p: { applicationId: string }) => p.applicationId),
    ).toEqual([c3]);
    const read = await t.http.get(`/api/programs/${programC}/ranking`).set(bearer(officer));
    expect((read.body.items as RankingItem[]).map((i) => i.applicationId)).toEqual([c2]);

    // Committing the selection ends the evaluation: c3's sheets, never submitted, are closed.
    const run = await t.http
      .post(`/api/programs/${programC}/selection-runs`)
      .set(bearer(officer))
      .send({ dryRun: false });
    expect(run.status).toBe(201);
    expect((await allSheetsOf(c3)).map((s) => [s.status, s.cancelReason])).toEqual([
      ['CANCELLED', 'evaluation closed: the selection was committed'],
      ['CANCELLED', 'evaluation closed: the selection was committed'],
    ]);
    expect((await allSheetsOf(c2)).map((s) => s.status)).toEqual(['SUBMITTED', 'SUBMITTED']);
    expect((await mine('ASSIGNED')).total).toBe(0);
  });
});
