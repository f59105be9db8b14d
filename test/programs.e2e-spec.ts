import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { Role } from '@app/common';
import type { ProgramRules } from '@app/domain';
import { seedRules, startTestApp, TestApp } from '@app/testing';

type User = { id: string; email: string; token: string };
// Rule sets are bent into shapes their type forbids, on purpose.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type LooseRules = Record<string, any>;
type Mutate = (rules: LooseRules) => void;

const bearer = (u: User) => ({ authorization: `Bearer ${u.token}` });
const uniqueName = (label: string) => `e2e ${label} ${Date.now()}-${randomUUID().slice(0, 8)}`;

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
  expect(res.body.statusCode).toBe(status);
  expect(typeof res.body.message).toBe('string');
  expect(res.body.message.length).toBeGreaterThan(0);
  expect(typeof res.body.requestId).toBe('string');
  expect(res.body.requestId.length).toBeGreaterThan(0);
  expect(res.headers['x-request-id']).toBe(res.body.requestId);
}

function fieldsOf(res: Response): string[] {
  return (res.body.details?.fields ?? []).map((f: { field: string }) => f.field);
}

/** Each field entry names its field and gives at least one non-empty reason. */
function expectFieldShape(res: Response): void {
  for (const f of res.body.details.fields) {
    expect(typeof f.field).toBe('string');
    expect(Array.isArray(f.reasons)).toBe(true);
    expect(f.reasons.length).toBeGreaterThan(0);
    for (const r of f.reasons) expect(typeof r === 'string' && r.length > 0).toBe(true);
  }
}

describe('programs (e2e)', () => {
  let t: TestApp;
  let officer: User;
  let applicant: User;
  let supplier: User;
  let evaluator: User;

  beforeAll(async () => {
    t = await startTestApp();
    [officer, applicant, supplier, evaluator] = await Promise.all([
      t.userWithToken(Role.OFFICER),
      t.userWithToken(Role.APPLICANT),
      t.userWithToken(Role.SUPPLIER),
      t.userWithToken(Role.EVALUATOR),
    ]);
  });
  afterAll(() => t.close());

  async function createProgram(
    name = uniqueName('program'),
    rules: ProgramRules = seedRules(2021),
  ) {
    const res = await t.http
      .post('/api/programs')
      .set(bearer(officer))
      .send({ year: 2021, name, rules });
    expect(res.status).toBe(201);
    return res.body as {
      id: string;
      name: string;
      status: string;
      rulesVersion: number;
      rules: ProgramRules;
    };
  }

  /** Every program name in the database (pages through the whole list, 500 at a time). */
  async function allProgramNames(): Promise<string[]> {
    const names: string[] = [];
    for (let offset = 0; ; offset += 500) {
      const res = await t.http
        .get(`/api/programs?limit=500&offset=${offset}`)
        .set(bearer(officer))
        .expect(200);
      names.push(...res.body.items.map((p: { name: string }) => p.name));
      if (offset + 500 >= res.body.total) return names;
    }
  }

  describe('creating and reading', () => {
    it('an officer creates a DRAFT program from the 2021 rules; anyone lists and reads it unchanged', async () => {
      const name = uniqueName('create');
      const rules = seedRules(2021);
      const res = await t.http
        .post('/api/programs')
        .set(bearer(officer))
        .send({ year: 2021, name, rules });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        year: 2021,
        name,
        status: 'DRAFT',
        rulesVersion: 1,
        totalSlots: 2580,
        warnings: [],
      });
      expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.body.rules).toEqual(seedRules(2021));

      const list = await t.http.get('/api/programs?limit=500').set(bearer(officer)).expect(200);
      expect(list.body).toMatchObject({ limit: 500, offset: 0 });
      expect(list.body.total).toBeGreaterThanOrEqual(1);
      expect(await allProgramNames()).toContain(name);
      const drafts = await t.http
        .get('/api/programs?status=DRAFT&year=2021&limit=500')
        .set(bearer(officer))
        .expect(200);
      for (const p of drafts.body.items) expect(p).toMatchObject({ status: 'DRAFT', year: 2021 });

      // Drafts are the officers' work in progress: the public neither lists nor reads them.
      const anonymous = await t.http.get('/api/programs?status=DRAFT&limit=500').expect(200);
      expect(anonymous.body).toMatchObject({ items: [], total: 0 });
      const publicList = await t.http.get('/api/programs?limit=500').expect(200);
      expect(publicList.body.items.map((p: { id: string }) => p.id)).not.toContain(res.body.id);
      await t.http.get(`/api/programs/${res.body.id}`).expect(404);

      const one = await t.http.get(`/api/programs/${res.body.id}`).set(bearer(officer)).expect(200);
      expect(one.body).toMatchObject({
        id: res.body.id,
        name,
        status: 'DRAFT',
        rulesVersion: 1,
        totalSlots: 2580,
      });
      expect(one.body.rules).toEqual(seedRules(2021));
    });

    it('opens the budget accounts from the rules, consistent with an empty ledger', async () => {
      const p = await createProgram();
      const res = await t.http.get(`/api/programs/${p.id}/budget`).set(bearer(officer)).expect(200);
      expect(res.body).toMatchObject({
        programId: p.id,
        poolKrw: 123_000_000_000,
        reservedKrw: 0,
        disbursedKrw: 0,
        availableKrw: 123_000_000_000,
      });
      const byCode = Object.fromEntries(
        res.body.accounts.map((a: { code: string }) => [a.code, a]),
      );
      expect(Object.keys(byCode).sort()).toEqual(
        ['AI_PROCESSING', 'GENERAL_PROCESSING', 'PURCHASE', 'SOCIAL_ISSUE'].sort(),
      );
      const empty = { selected: 0, reservedKrw: 0, disbursedKrw: 0 };
      expect(byCode.PURCHASE).toEqual({
        code: 'PURCHASE',
        scope: 'CATEGORY',
        slots: 1200,
        limitKrw: 21_600_000_000,
        availableKrw: 21_600_000_000,
        ...empty,
      });
      expect(byCode.GENERAL_PROCESSING).toEqual({
        code: 'GENERAL_PROCESSING',
        scope: 'CATEGORY',
        slots: 480,
        limitKrw: 21_600_000_000,
        availableKrw: 21_600_000_000,
        ...empty,
      });
      expect(byCode.AI_PROCESSING).toEqual({
        code: 'AI_PROCESSING',
        scope: 'CATEGORY',
        slots: 900,
        limitKrw: 63_000_000_000,
        availableKrw: 63_000_000_000,
        ...empty,
      });
      expect(byCode.SOCIAL_ISSUE).toEqual({
        code: 'SOCIAL_ISSUE',
        scope: 'SPECIAL',
        slots: null,
        limitKrw: 5_000_000_000,
        availableKrw: 5_000_000_000,
        ...empty,
      });

      const rec = await t.http
        .get(`/api/programs/${p.id}/budget/reconciliation`)
        .set(bearer(officer))
        .expect(200);
      expect(rec.body).toMatchObject({ programId: p.id, consistent: true, ledgerEntries: 0 });
      expect(rec.body.lines).toHaveLength(5);
      for (const line of rec.body.lines) expect(line.matches).toBe(true);
    });
  });

  describe('who may do what', () => {
    it.each([
      ['APPLICANT', () => applicant],
      ['SUPPLIER', () => supplier],
      ['EVALUATOR', () => evaluator],
    ])('refuses a program from a %s with 403 FORBIDDEN and saves nothing', async (_role, who) => {
      const name = uniqueName('forbidden');
      const res = await t.http
        .post('/api/programs')
        .set(bearer(who()))
        .send({ year: 2021, name, rules: seedRules(2021) });
      expectError(res, 403, 'FORBIDDEN');
      expect(await allProgramNames()).not.toContain(name);
    });

    it('refuses a program without a token (401) or with a forged one (401)', async () => {
      const name = uniqueName('anonymous');
      const res = await t.http
        .post('/api/programs')
        .send({ year: 2021, name, rules: seedRules(2021) });
      expectError(res, 401, 'UNAUTHENTICATED');
      const forged = await t.http
        .post('/api/programs')
        .set({ authorization: 'Bearer not.a.token' })
        .send({ year: 2021, name, rules: seedRules(2021) });
      expectError(forged, 401, 'UNAUTHENTICATED');
      expect(await allProgramNames()).not.toContain(name);
    });

    it('shows the budget, the reconciliation and the audit trail to officers only', async () => {
      const p = await createProgram();
      for (const path of [
        `/api/programs/${p.id}/budget`,
        `/api/programs/${p.id}/budget/reconciliation`,
      ]) {
        expectError(await t.http.get(path).set(bearer(applicant)), 403, 'FORBIDDEN');
        expectError(await t.http.get(path), 401, 'UNAUTHENTICATED');
      }
      expectError(
        await t.http.get(`/api/audit?entity=program&id=${p.id}`).set(bearer(applicant)),
        403,
        'FORBIDDEN',
      );
    });

    it('refuses edits and transitions from an applicant, leaving the program as it was', async () => {
      const p = await createProgram();
      expectError(
        await t.http
          .patch(`/api/programs/${p.id}`)
          .set(bearer(applicant))
          .send({ name: uniqueName('hijack') }),
        403,
        'FORBIDDEN',
      );
      expectError(
        await t.http.post(`/api/programs/${p.id}/open`).set(bearer(applicant)),
        403,
        'FORBIDDEN',
      );
      const now = await t.http.get(`/api/programs/${p.id}`).set(bearer(officer)).expect(200);
      expect(now.body).toMatchObject({ name: p.name, status: 'DRAFT', rulesVersion: 1 });
    });
  });

  describe('rule validation', () => {
    const shapeCases: Array<[string, Mutate, string]> = [
      ['a negative totalPoolKrw', (r) => (r.totalPoolKrw = -1), 'rules.totalPoolKrw'],
      [
        'a non-integer maxGrantKrw',
        (r) => (r.categories[0].maxGrantKrw = 1.5),
        'rules.categories[0].maxGrantKrw',
      ],
      [
        'slots given as a string',
        (r) => (r.categories[2].slots = '900'),
        'rules.categories[2].slots',
      ],
      [
        'an unknown aggregation',
        (r) => (r.evaluation.aggregation = 'MEDIAN'),
        'rules.evaluation.aggregation',
      ],
      [
        'an unknown extra property',
        (r) => (r.categories[1].discountKrw = 5),
        'rules.categories[1].discountKrw',
      ],
      ['a missing evaluation', (r) => delete r.evaluation, 'rules.evaluation'],
      ['a missing window', (r) => delete r.window, 'rules.window'],
      ['evaluation given as an array', (r) => (r.evaluation = []), 'rules.evaluation'],
      [
        'a quota without its rule',
        (r) => (r.quotas = [{ code: 'REGIONAL', share: 0.4 }]),
        'rules.quotas[0].rule',
      ],
      [
        'a date-time without offset',
        (r) => (r.window.opensAt = '2021-03-02T09:00:00'),
        'rules.window.opensAt',
      ],
    ];

    it.each(shapeCases)(
      'refuses %s with 400 VALIDATION_FAILED naming the field',
      async (_label, mutate, field) => {
        const name = uniqueName('shape');
        const rules = seedRules(2021) as unknown as LooseRules;
        mutate(rules);
        const res = await t.http
          .post('/api/programs')
          .set(bearer(officer))
          .send({ year: 2021, name, rules });
        expectError(res, 400, 'VALIDATION_FAILED');
        expectFieldShape(res);
        expect(fieldsOf(res)).toEqual([field]);
        expect(res.body.message).toContain(field);
        expect(await allProgramNames()).not.toContain(name);
      },
    );

    const consistencyCases: Array<[string, Mutate, string[]]> = [
      [
        'a category cap above the pool',
        (r) => (r.categories[1].maxGrantKrw = 124_000_000_000),
        ['rules.categories[1].maxGrantKrw'],
      ],
      [
        'quota shares above 100 %',
        (r) =>
          (r.quotas = [
            {
              code: 'REGIONAL',
              share: 0.6,
              rule: {
                type: 'NON_CAPITAL_REGION',
                capitalRegions: ['SEOUL', 'GYEONGGI', 'INCHEON'],
              },
            },
            { code: 'YOUTH', share: 0.5, rule: { type: 'YOUTH_CEO', minAge: 19, maxAge: 39 } },
          ]),
        ['rules.quotas'],
      ],
      [
        'duplicate category codes',
        (r) => (r.categories[1].code = 'PURCHASE'),
        ['rules.categories[1].code'],
      ],
      [
        'a cut-off above the criteria sum',
        (r) => (r.evaluation.cutoffScore = 100.5),
        ['rules.evaluation.cutoffScore'],
      ],
      [
        'a window that closes before it opens',
        (r) => (r.window.closesAt = '2021-03-01T18:00:00+09:00'),
        ['rules.window.closesAt'],
      ],
    ];

    it.each(consistencyCases)(
      'refuses %s with 400 INVALID_RULE_SET naming the field',
      async (_label, mutate, fields) => {
        const name = uniqueName('consistency');
        const rules = seedRules(2021) as unknown as LooseRules;
        mutate(rules);
        const res = await t.http
          .post('/api/programs')
          .set(bearer(officer))
          .send({ year: 2021, name, rules });
        expectError(res, 400, 'INVALID_RULE_SET');
        expectFieldShape(res);
        expect(fieldsOf(res)).toEqual(fields);
        expect(await allProgramNames()).not.toContain(name);
      },
    );

    it('refuses a program without rules, and a PATCH whose rules are not an object (400 naming rules)', async () => {
      const name = uniqueName('no-rules');
      const res = await t.http
        .post('/api/programs')
        .set(bearer(officer))
        .send({ year: 2021, name });
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(res)).toEqual(['rules']);
      expect(await allProgramNames()).not.toContain(name);

      const p = await createProgram();
      const patch = await t.http
        .patch(`/api/programs/${p.id}`)
        .set(bearer(officer))
        .send({ rules: [] });
      expectError(patch, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(patch)).toEqual(['rules']);
      const now = await t.http.get(`/api/programs/${p.id}`).set(bearer(officer)).expect(200);
      expect(now.body.rulesVersion).toBe(1);
    });

    it('accepts envelopes that promise more than the pool, with a warning on the program', async () => {
      const rules = seedRules(2021);
      for (const category of rules.categories) category.slots *= 10;
      const res = await t.http
        .post('/api/programs')
        .set(bearer(officer))
        .send({ year: 2021, name: uniqueName('overpromised'), rules });
      expect(res.status).toBe(201);
      expect(res.body.warnings).toHaveLength(1);
      expect(res.body.warnings[0].field).toBe('totalPoolKrw');
      expect(res.body.warnings[0].reason).toContain('more than the pool of 123000000000 KRW');
      const read = await t.http.get(`/api/programs/${res.body.id}`).set(bearer(officer));
      expect(read.body.warnings).toEqual(res.body.warnings);
    });

    it('lists every consistency problem at once', async () => {
      const name = uniqueName('many-problems');
      const rules = seedRules(2021) as unknown as LooseRules;
      rules.categories[1].code = 'PURCHASE';
      rules.evaluation.cutoffScore = 101;
      rules.window.closesAt = '2021-03-01T18:00:00+09:00';
      const res = await t.http
        .post('/api/programs')
        .set(bearer(officer))
        .send({ year: 2021, name, rules });
      expectError(res, 400, 'INVALID_RULE_SET');
      expect(fieldsOf(res)).toEqual(
        expect.arrayContaining([
          'rules.categories[1].code',
          'rules.evaluation.cutoffScore',
          'rules.window.closesAt',
        ]),
      );
      expect(await allProgramNames()).not.toContain(name);
    });

    it('refuses an inconsistent rule set on PATCH too, leaving the program and its budget untouched', async () => {
      const p = await createProgram();
      const rules = seedRules(2021);
      rules.categories[2].maxGrantKrw = 200_000_000_000;
      const res = await t.http
        .patch(`/api/programs/${p.id}`)
        .set(bearer(officer))
        .send({ name: uniqueName('bad-patch'), rules });
      expectError(res, 400, 'INVALID_RULE_SET');
      expect(fieldsOf(res)).toEqual(['rules.categories[2].maxGrantKrw']);
      const now = await t.http.get(`/api/programs/${p.id}`).set(bearer(officer)).expect(200);
      expect(now.body).toMatchObject({ name: p.name, rulesVersion: 1 });
      expect(now.body.rules).toEqual(seedRules(2021));
      const budget = await t.http
        .get(`/api/programs/${p.id}/budget`)
        .set(bearer(officer))
        .expect(200);
      expect(
        budget.body.accounts.find((a: { code: string }) => a.code === 'AI_PROCESSING'),
      ).toMatchObject({
        slots: 900,
        limitKrw: 63_000_000_000,
      });
    });
  });

  describe('editing and the lifecycle', () => {
    it('edits a DRAFT (new rules version and budget), opens it, then refuses edits with 409', async () => {
      const p = await createProgram();
      const renamed = uniqueName('renamed');
      const rules = seedRules(2021);
      rules.categories[2].slots = 1000;
      const patched = await t.http
        .patch(`/api/programs/${p.id}`)
        .set(bearer(officer))
        .send({ name: renamed, rules });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({
        id: p.id,
        name: renamed,
        status: 'DRAFT',
        rulesVersion: 2,
        totalSlots: 2680,
      });
      expect(patched.body.rules).toEqual(rules);

      const read = await t.http.get(`/api/programs/${p.id}`).set(bearer(officer)).expect(200);
      expect(read.body).toMatchObject({ name: renamed, rulesVersion: 2, totalSlots: 2680 });
      expect(read.body.rules).toEqual(rules);

      const budget = await t.http
        .get(`/api/programs/${p.id}/budget`)
        .set(bearer(officer))
        .expect(200);
      expect(budget.body.poolKrw).toBe(123_000_000_000);
      expect(budget.body.accounts).toHaveLength(4);
      expect(
        budget.body.accounts.find((a: { code: string }) => a.code === 'AI_PROCESSING'),
      ).toMatchObject({
        slots: 1000,
        limitKrw: 70_000_000_000,
        availableKrw: 70_000_000_000,
      });
      const rec = await t.http
        .get(`/api/programs/${p.id}/budget/reconciliation`)
        .set(bearer(officer))
        .expect(200);
      expect(rec.body.consistent).toBe(true);

      // A name-only edit keeps the rules version.
      const nameOnly = await t.http
        .patch(`/api/programs/${p.id}`)
        .set(bearer(officer))
        .send({ name: `${renamed} b` });
      expect(nameOnly.status).toBe(200);
      expect(nameOnly.body).toMatchObject({ name: `${renamed} b`, rulesVersion: 2 });

      const opened = await t.http.post(`/api/programs/${p.id}/open`).set(bearer(officer));
      expect(opened.status).toBe(200);
      expect(opened.body).toMatchObject({ id: p.id, status: 'OPEN', rulesVersion: 2 });

      const late = await t.http
        .patch(`/api/programs/${p.id}`)
        .set(bearer(officer))
        .send({ name: uniqueName('too-late') });
      expectError(late, 409, 'PROGRAM_NOT_EDITABLE');
      expect(late.body.details).toEqual({ status: 'OPEN' });
      const lateRules = await t.http
        .patch(`/api/programs/${p.id}`)
        .set(bearer(officer))
        .send({ rules: seedRules(2021) });
      expectError(lateRules, 409, 'PROGRAM_NOT_EDITABLE');
      const still = await t.http.get(`/api/programs/${p.id}`).set(bearer(officer)).expect(200);
      expect(still.body).toMatchObject({ name: `${renamed} b`, status: 'OPEN', rulesVersion: 2 });
    });

    it('moves open → close → start-evaluation and refuses anything out of order with 409', async () => {
      const p = await createProgram();
      const post = (action: string) =>
        t.http.post(`/api/programs/${p.id}/${action}`).set(bearer(officer));

      const early = await post('close');
      expectError(early, 409, 'INVALID_STATE_TRANSITION');
      expect(early.body.details).toEqual({ status: 'DRAFT', action: 'close' });

      expect((await post('open')).body).toMatchObject({ status: 'OPEN' });
      const twice = await post('open');
      expectError(twice, 409, 'INVALID_STATE_TRANSITION');
      expect(twice.body.details).toEqual({ status: 'OPEN', action: 'open' });
      const finish = await post('finish');
      expectError(finish, 409, 'INVALID_STATE_TRANSITION');
      expect(finish.body.details).toEqual({ status: 'OPEN', action: 'finish' });

      const closed = await post('close');
      expect(closed.status).toBe(200);
      expect(closed.body).toMatchObject({ status: 'CLOSED' });
      const evaluating = await post('start-evaluation');
      expect(evaluating.status).toBe(200);
      expect(evaluating.body).toMatchObject({ status: 'EVALUATING' });

      // No manual way from EVALUATING to SELECTED or beyond.
      for (const action of ['start-running', 'finish', 'open', 'close', 'start-evaluation']) {
        const res = await post(action);
        expectError(res, 409, 'INVALID_STATE_TRANSITION');
        expect(res.body.details).toEqual({ status: 'EVALUATING', action });
      }
      expect(
        (await t.http.get(`/api/programs/${p.id}`).set(bearer(officer)).expect(200)).body.status,
      ).toBe('EVALUATING');
    });

    it('refuses an unknown action (400 naming action) and a malformed id (400 naming id)', async () => {
      const p = await createProgram();
      for (const action of ['explode', 'toString', 'completeSelection']) {
        const res = await t.http.post(`/api/programs/${p.id}/${action}`).set(bearer(officer));
        expectError(res, 400, 'VALIDATION_FAILED');
        expect(fieldsOf(res)).toEqual(['action']);
      }
      expect(
        (await t.http.get(`/api/programs/${p.id}`).set(bearer(officer)).expect(200)).body.status,
      ).toBe('DRAFT');

      const bad = 'not-a-uuid';
      const requests = [
        t.http.get(`/api/programs/${bad}`),
        t.http.get(`/api/programs/${bad}/budget`).set(bearer(officer)),
        t.http.get(`/api/programs/${bad}/budget/reconciliation`).set(bearer(officer)),
        t.http.patch(`/api/programs/${bad}`).set(bearer(officer)).send({ name: 'x' }),
        t.http.post(`/api/programs/${bad}/open`).set(bearer(officer)),
      ];
      for (const res of await Promise.all(requests)) {
        expectError(res, 400, 'VALIDATION_FAILED');
        expect(fieldsOf(res)).toEqual(['id']);
      }
    });

    it('answers 404 NOT_FOUND for a well-formed id that names no program', async () => {
      const missing = randomUUID();
      const requests = [
        t.http.get(`/api/programs/${missing}`),
        t.http.get(`/api/programs/${missing}/budget`).set(bearer(officer)),
        t.http.get(`/api/programs/${missing}/budget/reconciliation`).set(bearer(officer)),
        t.http.post(`/api/programs/${missing}/open`).set(bearer(officer)),
        t.http.patch(`/api/programs/${missing}`).set(bearer(officer)).send({ name: 'ghost' }),
      ];
      for (const res of await Promise.all(requests)) {
        expectError(res, 404, 'NOT_FOUND');
        expect(res.body.details).toEqual({ id: missing });
      }
    });
  });

  describe('audit trail', () => {
    it('records who changed what, with the request id of each change', async () => {
      const created = await t.http
        .post('/api/programs')
        .set(bearer(officer))
        .send({ year: 2021, name: uniqueName('audited'), rules: seedRules(2021) });
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      const rules = seedRules(2021);
      rules.categories[0].slots = 1100;
      const patched = await t.http
        .patch(`/api/programs/${id}`)
        .set(bearer(officer))
        .set('x-request-id', 'test-req-123')
        .send({ rules });
      expect(patched.status).toBe(200);
      expect(patched.headers['x-request-id']).toBe('test-req-123');
      const opened = await t.http.post(`/api/programs/${id}/open`).set(bearer(officer)).expect(200);
      // A refused change leaves no trace.
      expectError(
        await t.http.post(`/api/programs/${id}/finish`).set(bearer(officer)),
        409,
        'INVALID_STATE_TRANSITION',
      );

      const res = await t.http
        .get(`/api/audit?entity=program&id=${id}`)
        .set(bearer(officer))
        .expect(200);
      expect(res.body.total).toBe(3);
      // Newest first.
      expect(res.body.items.map((e: { action: string }) => e.action)).toEqual([
        'program.open',
        'program.updated',
        'program.created',
      ]);
      const byAction = Object.fromEntries(
        res.body.items.map((e: { action: string }) => [e.action, e]),
      );
      for (const entry of res.body.items) {
        expect(entry).toMatchObject({
          entity: 'program',
          entityId: id,
          actorId: officer.id,
          actorRole: 'OFFICER',
        });
      }

      expect(byAction['program.created'].requestId).toBe(created.headers['x-request-id']);
      expect(byAction['program.created'].after).toMatchObject({
        year: 2021,
        status: 'DRAFT',
        rules: seedRules(2021),
      });

      expect(byAction['program.updated'].requestId).toBe('test-req-123');
      expect(byAction['program.updated'].before).toMatchObject({ rulesVersion: 1 });
      expect(byAction['program.updated'].after).toMatchObject({ rulesVersion: 2 });
      expect(byAction['program.updated'].before.rules.categories[0].slots).toBe(1200);
      expect(byAction['program.updated'].after.rules.categories[0].slots).toBe(1100);

      expect(byAction['program.open'].requestId).toBe(opened.headers['x-request-id']);
      expect(byAction['program.open'].before).toEqual({ status: 'DRAFT' });
      expect(byAction['program.open'].after).toEqual({ status: 'OPEN' });

      const asApplicant = await t.http
        .get(`/api/audit?entity=program&id=${id}`)
        .set(bearer(applicant));
      expectError(asApplicant, 403, 'FORBIDDEN');
    });

    it('echoes a caller-given request id on an error, and makes one up for an unusable one', async () => {
      const given = await t.http
        .post('/api/programs')
        .set(bearer(applicant))
        .set('x-request-id', 'test-req-err-1')
        .send({ year: 2021, name: uniqueName('err'), rules: seedRules(2021) });
      expectError(given, 403, 'FORBIDDEN');
      expect(given.body.requestId).toBe('test-req-err-1');

      const unusable = await t.http
        .get(`/api/programs/${randomUUID()}`)
        .set('x-request-id', 'bad id with spaces');
      expectError(unusable, 404, 'NOT_FOUND');
      expect(unusable.body.requestId).not.toBe('bad id with spaces');
    });
  });
});
