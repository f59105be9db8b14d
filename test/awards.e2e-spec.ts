import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '@app/common';
import {
  applicationBody,
  approvedSupplier,
  createCompany,
  openProgramForYear,
  startTestApp,
  SupplierFixture,
  TestApp,
} from '@app/testing';

/**
 * The officer's award list of a program (filters, paging, a stable order, CSV) and an award's
 * payment history for its parties, through HTTP against a committed selection: paid (gross),
 * recovered and net amounts agree between the award, its history, the list and the budget.
 */

type User = { id: string; email: string; token: string };

interface Item {
  applicationId: string;
  title: string;
  category: string;
  track: string;
  status: string;
  companyName: string;
  supplierId: string;
  supplierName: string;
  grantKrw: number;
  paidKrw: number;
  recoveredKrw: number;
  netPaidKrw: number;
  payableKrw: number;
  agreementState: string;
  deliveryState: string;
  waitlistPosition: number | null;
}

interface Payment {
  id: number;
  kind: 'DISBURSE' | 'RECOVER';
  amountKrw: number;
  at: string;
  actor: { id: string | null; displayName: string; role: string } | null;
  idempotencyKey: string | null;
  reason: string | null;
}

const M = 1_000_000;

describe('award list and payment history (e2e)', () => {
  let t: TestApp;
  let db: DataSource;
  let officer: User;
  let applicant: User;
  let stranger: User;
  let strangerSupplier: User;
  let evaluator: User;
  let supplier: SupplierFixture;
  let other: SupplierFixture;
  let programId: string;
  /** Application ids by key. */
  const app: Record<string, string> = {};
  const keys = { first: randomUUID(), second: randomUUID() };
  const tag = randomUUID().slice(0, 8);

  const bearer = (u: { token: string }) => ({ authorization: `Bearer ${u.token}` });
  async function ok(res: Response, status: number, what: string): Promise<Response> {
    if (res.status !== status) throw new Error(`${what}: ${res.status} ${res.text}`);
    return res;
  }

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    [officer, applicant, stranger, strangerSupplier, evaluator] = await Promise.all([
      t.userWithToken(Role.OFFICER, 'aw-officer'),
      t.userWithToken(Role.APPLICANT, 'aw-applicant'),
      t.userWithToken(Role.APPLICANT, 'aw-stranger'),
      t.userWithToken(Role.SUPPLIER, 'aw-stranger-supplier'),
      t.userWithToken(Role.EVALUATOR, 'aw-evaluator'),
    ]);
    [supplier, other] = await Promise.all([
      approvedSupplier(t, officer.token),
      approvedSupplier(t, officer.token),
    ]);
    // AI_PROCESSING has 2 slots: A1, A2 selected, A3 waitlisted; P1 (another supplier) selected.
    const program = await openProgramForYear(t, officer.token, 2021, (r) => {
      r.categories.find((c) => c.code === 'AI_PROCESSING')!.slots = 2;
    });
    programId = program.id;
    const specs: Array<[string, 'AI_PROCESSING' | 'PURCHASE', SupplierFixture, number]> = [
      ['A1', 'AI_PROCESSING', supplier, 90],
      ['A2', 'AI_PROCESSING', supplier, 85],
      ['A3', 'AI_PROCESSING', supplier, 80],
      ['P1', 'PURCHASE', other, 88],
    ];
    for (const [key, category, s, base] of specs) {
      const company = await createCompany(t, applicant.token);
      const created = await ok(
        await t.http
          .post(`/api/programs/${programId}/applications`)
          .set(bearer(applicant))
          .send(
            applicationBody(company.id, s, {
              category,
              offeringId: s.offerings[category],
              agreedCostKrw: category === 'PURCHASE' ? 20 * M : 80 * M,
              title: `지급 과제 ${key} ${tag}`,
            }),
          ),
        201,
        `application ${key}`,
      );
      app[key] = created.body.id;
      await ok(
        await t.http.post(`/api/applications/${app[key]}/confirm`).set(bearer(s.owner)),
        200,
        'confirm',
      );
      await ok(
        await t.http.post(`/api/applications/${app[key]}/submit`).set(bearer(applicant)),
        200,
        'submit',
      );
      await db.query(
        `INSERT INTO application_scores (application_id, program_id, category, track, sheets, base_score,
                                         bonus_points, bonuses, final_score, passed_cutoff, rank, ranking_hash)
         VALUES ($1, $2, $3, 'GENERAL', 3, $4, '0.00', '[]'::jsonb, $4, true, $5, $6)`,
        [
          app[key],
          programId,
          category,
          base.toFixed(2),
          key === 'P1' ? 1 : Number(key[1]),
          'e'.repeat(64),
        ],
      );
    }
    for (const action of ['close', 'start-evaluation']) {
      await ok(
        await t.http.post(`/api/programs/${programId}/${action}`).set(bearer(officer)),
        200,
        action,
      );
    }
    await db.query(`UPDATE applications SET status = 'SCORED' WHERE program_id = $1`, [programId]);
    await ok(
      await t.http
        .post(`/api/programs/${programId}/selection-runs`)
        .set(bearer(officer))
        .send({ dryRun: false }),
      201,
      'selection',
    );

    // A1: signed, delivered, paid 30M in two payments, 5M clawed back.
    for (const who of [applicant, supplier.owner, officer]) {
      await ok(
        await t.http.post(`/api/applications/${app.A1}/agreement/sign`).set(bearer(who)),
        200,
        'sign',
      );
    }
    await ok(
      await t.http.post(`/api/applications/${app.A1}/delivery`).set(bearer(supplier.owner)),
      200,
      'delivery',
    );
    await ok(
      await t.http.post(`/api/applications/${app.A1}/delivery/approve`).set(bearer(officer)),
      200,
      'approve',
    );
    for (const [key, amountKrw] of [
      [keys.first, 10 * M],
      [keys.second, 20 * M],
    ] as const) {
      await ok(
        await t.http
          .post(`/api/applications/${app.A1}/disbursements`)
          .set(bearer(officer))
          .set('Idempotency-Key', key)
          .send({ amountKrw }),
        200,
        'pay',
      );
    }
    const recovered = await ok(
      await t.http
        .post(`/api/applications/${app.A1}/recoveries`)
        .set(bearer(officer))
        .send({ amountKrw: 5 * M, reason: `리베이트 적발 ${tag}` }),
      200,
      'recover',
    );
    expect(recovered.body).toMatchObject({
      paidKrw: 30 * M,
      recoveredKrw: 5 * M,
      netPaidKrw: 25 * M,
    });
    // A2: the applicant has signed.
    await ok(
      await t.http.post(`/api/applications/${app.A2}/agreement/sign`).set(bearer(applicant)),
      200,
      'sign A2',
    );
  });
  afterAll(() => t?.close());

  const list = (query = '') =>
    t.http.get(`/api/programs/${programId}/awards${query}`).set(bearer(officer));

  it('shows paid (gross), recovered and net on the award itself, to every party', async () => {
    for (const who of [officer, applicant, supplier.owner]) {
      const res = await t.http.get(`/api/applications/${app.A1}/award`).set(bearer(who));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'DELIVERED',
        grantKrw: 64 * M,
        paidKrw: 30 * M,
        recoveredKrw: 5 * M,
        netPaidKrw: 25 * M,
        // A recovery does not make room to pay again: 64 − 30.
        payableKrw: 34 * M,
      });
    }
  });

  it('refuses to recover more than the award still keeps, and changes nothing', async () => {
    const res = await t.http
      .post(`/api/applications/${app.A1}/recoveries`)
      .set(bearer(officer))
      .send({ amountKrw: 25 * M + 1, reason: `too much ${tag}` });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      code: 'BUDGET_INVALID_OPERATION',
      details: { paidKrw: 30 * M, recoveredKrw: 5 * M },
    });
    expect(res.body.message).toContain('paid for this award');
    const after = await t.http.get(`/api/applications/${app.A1}/award`).set(bearer(officer));
    expect(after.body).toMatchObject({ paidKrw: 30 * M, recoveredKrw: 5 * M, netPaidKrw: 25 * M });
  });

  it('lists every award of the program in category, track and rank order, with names and progress', async () => {
    const res = await list('?limit=500');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 4, limit: 500, offset: 0 });
    const items = res.body.items as Item[];
    expect(items.map((i) => i.applicationId)).toEqual([app.A1, app.A2, app.A3, app.P1]);
    const [a1, a2, a3, p1] = items;
    expect(a1).toMatchObject({
      title: `지급 과제 A1 ${tag}`,
      category: 'AI_PROCESSING',
      track: 'GENERAL',
      status: 'DELIVERED',
      supplierId: supplier.id,
      grantKrw: 64 * M,
      paidKrw: 30 * M,
      recoveredKrw: 5 * M,
      netPaidKrw: 25 * M,
      agreementState: 'SIGNED',
      deliveryState: 'APPROVED',
    });
    expect(a1.companyName).toEqual(expect.stringContaining('수요기업'));
    expect(a1.supplierName).toEqual(expect.stringContaining('공급기업'));
    expect(a2).toMatchObject({
      status: 'SELECTED',
      agreementState: 'AWAITING_SIGNATURES',
      deliveryState: 'NOT_REPORTED',
      paidKrw: 0,
      netPaidKrw: 0,
      payableKrw: a2.grantKrw,
    });
    expect(a2.grantKrw).toBeGreaterThan(0);
    expect(a3).toMatchObject({
      status: 'WAITLISTED',
      agreementState: 'NOT_STARTED',
      waitlistPosition: 1,
      payableKrw: 0,
    });
    expect(p1).toMatchObject({ category: 'PURCHASE', status: 'SELECTED', supplierId: other.id });

    // What the list says was paid is what the budget says.
    const budget = await t.http.get(`/api/programs/${programId}/budget`).set(bearer(officer));
    expect(items.reduce((sum, i) => sum + i.netPaidKrw, 0)).toBe(budget.body.disbursedKrw);
    expect(budget.body.disbursedKrw).toBe(25 * M);
  });

  it('filters by status, category and supplier, and pages without overlap', async () => {
    const ids = async (query: string) =>
      ((await list(query)).body.items as Item[]).map((i) => i.applicationId);
    expect(await ids('?status=SELECTED')).toEqual([app.A2, app.P1]);
    expect(await ids('?status=WAITLISTED')).toEqual([app.A3]);
    expect(await ids('?category=PURCHASE')).toEqual([app.P1]);
    expect(await ids(`?supplierId=${supplier.id}`)).toEqual([app.A1, app.A2, app.A3]);
    expect(await ids(`?supplierId=${other.id}&status=SELECTED&category=PURCHASE`)).toEqual([
      app.P1,
    ]);
    expect(await ids(`?supplierId=${randomUUID()}`)).toEqual([]);
    const first = await list('?limit=3');
    const second = await list('?limit=3&offset=3');
    expect(first.body.total).toBe(4);
    expect(second.body.total).toBe(4);
    expect([...first.body.items, ...second.body.items].map((i: Item) => i.applicationId)).toEqual([
      app.A1,
      app.A2,
      app.A3,
      app.P1,
    ]);
  });

  it("lists a supplier's and an applicant's own awards, and nobody else's", async () => {
    const mine = async (who: User | SupplierFixture['owner'], query = '') => {
      const res = await t.http.get(`/api/me/awards?limit=500${query}`).set(bearer(who));
      expect(res.status).toBe(200);
      return res.body as { items: Item[]; total: number };
    };
    const ids = (page: { items: Item[] }) => page.items.map((i) => i.applicationId);

    const ours = await mine(supplier.owner);
    expect(ids(ours)).toEqual([app.A1, app.A2, app.A3]);
    expect(ours.total).toBe(3);
    expect(ours.items[0]).toMatchObject({
      title: `지급 과제 A1 ${tag}`,
      status: 'DELIVERED',
      paidKrw: 30 * M,
      recoveredKrw: 5 * M,
      netPaidKrw: 25 * M,
      payableKrw: 34 * M,
      deliveryState: 'APPROVED',
    });
    expect(ids(await mine(other.owner))).toEqual([app.P1]);
    // The applicant drafted all four (AI_PROCESSING sorts before PURCHASE).
    expect(ids(await mine(applicant))).toEqual([app.A1, app.A2, app.A3, app.P1]);
    expect(ids(await mine(supplier.owner, '&status=WAITLISTED'))).toEqual([app.A3]);
    expect(await mine(stranger)).toMatchObject({ items: [], total: 0 });
    expect(await mine(strangerSupplier)).toMatchObject({ items: [], total: 0 });
    for (const who of [officer, evaluator]) {
      const res = await t.http.get('/api/me/awards').set(bearer(who));
      expect(res.status).toBe(403);
    }
    const bad = await t.http.get('/api/me/awards?status=PAID').set(bearer(applicant));
    expect(bad.status).toBe(400);
  });

  it('refuses bad filters with the field, an unknown program with 404, and non-staff', async () => {
    const bad = await list('?status=PAID&limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.details.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'limit',
      'status',
    ]);
    const missing = await t.http.get(`/api/programs/${randomUUID()}/awards`).set(bearer(officer));
    expect(missing.status).toBe(404);
    for (const who of [applicant, supplier.owner, evaluator]) {
      const res = await t.http.get(`/api/programs/${programId}/awards`).set(bearer(who));
      expect(res.status).toBe(403);
    }
  });

  it('exports the same list as CSV with the same filters, UTF-8 with BOM', async () => {
    const res = await t.http
      .get(`/api/programs/${programId}/awards.csv?supplierId=${supplier.id}`)
      .set(bearer(officer))
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split(/\r?\n/).filter(Boolean);
    const header = lines[0].split(',');
    expect(header).toEqual(
      expect.arrayContaining(['application_id', 'paid_krw', 'recovered_krw', 'net_paid_krw']),
    );
    expect(lines).toHaveLength(4);
    const row = (id: string) => {
      const cells = lines.find((l) => l.startsWith(id))!.split(',');
      return Object.fromEntries(header.map((h, i) => [h, cells[i]]));
    };
    expect(row(app.A1)).toMatchObject({
      status: 'DELIVERED',
      paid_krw: String(30 * M),
      recovered_krw: String(5 * M),
      net_paid_krw: String(25 * M),
      agreement_state: 'SIGNED',
      delivery_state: 'APPROVED',
    });
    expect(lines.some((l) => l.startsWith(app.P1))).toBe(false);
  });

  it("lists an award's disbursements and recoveries, with totals that agree, to its parties", async () => {
    const res = await t.http.get(`/api/applications/${app.A1}/award/payments`).set(bearer(officer));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      applicationId: app.A1,
      grantKrw: 64 * M,
      paidKrw: 30 * M,
      recoveredKrw: 5 * M,
      netPaidKrw: 25 * M,
    });
    const items = res.body.items as Payment[];
    expect(items.map((p) => [p.kind, p.amountKrw, p.idempotencyKey, p.reason])).toEqual([
      ['DISBURSE', 10 * M, keys.first, null],
      ['DISBURSE', 20 * M, keys.second, null],
      ['RECOVER', 5 * M, null, `리베이트 적발 ${tag}`],
    ]);
    for (const p of items) {
      expect(p.actor).toEqual({ id: officer.id, displayName: 'aw-officer', role: 'OFFICER' });
      expect(Number.isNaN(Date.parse(p.at))).toBe(false);
    }
    expect(items.map((p) => p.id)).toEqual([...items.map((p) => p.id)].sort((a, b) => a - b));
    // The references are the ledger's lines.
    const ledger: Array<{ id: string }> = await db.query(
      `SELECT id::text FROM budget_ledger WHERE application_id = $1 AND kind IN ('DISBURSE','RECOVER') ORDER BY id`,
      [app.A1],
    );
    expect(items.map((p) => String(p.id))).toEqual(ledger.map((l) => l.id));

    // The applicant and the supplier see the same, without the officer's user id.
    for (const who of [applicant, supplier.owner]) {
      const mine = await t.http.get(`/api/applications/${app.A1}/award/payments`).set(bearer(who));
      expect(mine.status).toBe(200);
      expect(mine.body.netPaidKrw).toBe(25 * M);
      expect((mine.body.items as Payment[]).map((p) => p.actor)).toEqual(
        items.map(() => ({ id: null, displayName: 'aw-officer', role: 'OFFICER' })),
      );
    }
  });

  it('shows an award without payments as empty, and answers 404 to anyone not a party', async () => {
    const none = await t.http
      .get(`/api/applications/${app.A3}/award/payments`)
      .set(bearer(applicant));
    expect(none.status).toBe(200);
    expect(none.body).toMatchObject({ paidKrw: 0, recoveredKrw: 0, netPaidKrw: 0, items: [] });

    const refused = [
      [stranger, app.A1],
      [strangerSupplier, app.A1],
      // The supplier of the other applications is no party to A1.
      [other.owner, app.A1],
      [officer, randomUUID()],
    ] as const;
    for (const [who, id] of refused) {
      const res = await t.http.get(`/api/applications/${id}/award/payments`).set(bearer(who));
      expect({ status: res.status, code: res.body.code }).toEqual({
        status: 404,
        code: 'NOT_FOUND',
      });
      expect(res.text).not.toContain('리베이트');
    }
    const evaluatorRes = await t.http
      .get(`/api/applications/${app.A1}/award/payments`)
      .set(bearer(evaluator));
    expect(evaluatorRes.status).toBe(403);
  });
});
