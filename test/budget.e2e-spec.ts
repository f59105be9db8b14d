import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Role } from '@app/common';
import { BudgetService, DomainError, ProgramRules } from '@app/domain';
import { seedRules, startTestApp, TestApp } from '@app/testing';

/**
 * The ledger against real PostgreSQL under real concurrency: whatever the interleaving, the
 * pool and each category never commit more than they hold, and the budget view always equals
 * the ledger replayed.
 */
describe('budget ledger (e2e)', () => {
  let t: TestApp;
  let officer: { id: string; token: string };
  let budget: BudgetService;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp();
    officer = await t.userWithToken(Role.OFFICER);
    budget = t.app.get(BudgetService);
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  async function program(adjust: (r: ProgramRules) => void): Promise<string> {
    const rules = seedRules(2021);
    adjust(rules);
    const res = await t.http
      .post('/api/programs')
      .set('authorization', `Bearer ${officer.token}`)
      .send({ year: 2021, name: `budget-${randomUUID()}`, rules })
      .expect(201);
    return res.body.id as string;
  }

  const view = async (id: string) =>
    (
      await t.http
        .get(`/api/programs/${id}/budget`)
        .set('authorization', `Bearer ${officer.token}`)
        .expect(200)
    ).body;
  const reconcile = async (id: string) =>
    (
      await t.http
        .get(`/api/programs/${id}/budget/reconciliation`)
        .set('authorization', `Bearer ${officer.token}`)
        .expect(200)
    ).body;

  const reserve = (programId: string, accountCode: string, amountKrw: number) =>
    budget.applyNow({
      programId,
      accountCode,
      kind: 'RESERVE',
      amountKrw,
      seatDelta: 1,
      applicationId: randomUUID(),
      reason: 'test reservation',
      actor: null,
    });

  /** Runs all at once and sorts the outcomes into successes and the error codes of failures. */
  async function race(tasks: Array<() => Promise<unknown>>) {
    const results = await Promise.allSettled(tasks.map((task) => task()));
    const failures = results
      .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
      .map((r) => r.reason);
    for (const f of failures) expect(f).toBeInstanceOf(DomainError);
    return {
      ok: results.length - failures.length,
      codes: failures.map((f: DomainError) => f.code),
    };
  }

  it('lets 64 concurrent reservations against a nearly empty pool commit only what fits', async () => {
    // Pool 100M, each grant 18M: exactly five fit (90M), whatever the order.
    const id = await program((r) => {
      r.totalPoolKrw = 100_000_000;
      r.specialPools[0].budgetKrw = 50_000_000;
    });
    const out = await race(
      Array.from({ length: 64 }, () => () => reserve(id, 'PURCHASE', 18_000_000)),
    );
    expect(out.ok).toBe(5);
    expect(new Set(out.codes)).toEqual(new Set(['BUDGET_EXCEEDED']));

    const b = await view(id);
    expect(b).toMatchObject({
      poolKrw: 100_000_000,
      reservedKrw: 90_000_000,
      availableKrw: 10_000_000,
    });
    expect(b.accounts.find((a: { code: string }) => a.code === 'PURCHASE')).toMatchObject({
      selected: 5,
      reservedKrw: 90_000_000,
    });
    const rec = await reconcile(id);
    expect(rec).toMatchObject({ consistent: true, ledgerEntries: 5 });
  });

  it('never gives away more seats than a category has, with money to spare', async () => {
    const id = await program((r) => {
      r.categories[0].slots = 3;
    });
    const out = await race(
      Array.from({ length: 64 }, () => () => reserve(id, 'PURCHASE', 1_000_000)),
    );
    expect(out.ok).toBe(3);
    expect((await view(id)).accounts[0]).toMatchObject({
      code: 'PURCHASE',
      slots: 3,
      selected: 3,
      reservedKrw: 3_000_000,
    });
  });

  it('keeps every invariant through 64 concurrent reserve, release, pay and recover operations', async () => {
    const id = await program((r) => {
      r.totalPoolKrw = 200_000_000;
      r.specialPools[0].budgetKrw = 100_000_000;
    });
    // Two grants to work on, then a storm of mixed operations across two accounts.
    const first = await reserve(id, 'AI_PROCESSING', 70_000_000);
    const second = await reserve(id, 'SOCIAL_ISSUE', 50_000_000);
    const ops = Array.from({ length: 64 }, (_, i) => () => {
      switch (i % 4) {
        case 0:
          return reserve(id, i % 8 === 0 ? 'GENERAL_PROCESSING' : 'SOCIAL_ISSUE', 20_000_000);
        case 1:
          return budget.applyNow({
            programId: id,
            accountCode: 'AI_PROCESSING',
            kind: 'DISBURSE',
            amountKrw: 10_000_000,
            applicationId: first.applicationId,
            reason: 'pay',
            actor: null,
          });
        case 2:
          return budget.applyNow({
            programId: id,
            accountCode: 'SOCIAL_ISSUE',
            kind: 'RELEASE',
            amountKrw: 5_000_000,
            applicationId: second.applicationId,
            reason: 'release',
            actor: null,
          });
        default:
          return budget.applyNow({
            programId: id,
            accountCode: 'AI_PROCESSING',
            kind: 'RECOVER',
            amountKrw: 3_000_000,
            applicationId: first.applicationId,
            reason: 'clawback',
            actor: null,
          });
      }
    });
    await race(ops);

    const b = await view(id);
    expect(b.reservedKrw + b.disbursedKrw).toBeLessThanOrEqual(b.poolKrw);
    expect(b.availableKrw).toBeGreaterThanOrEqual(0);
    for (const a of b.accounts) {
      expect(a.reservedKrw).toBeGreaterThanOrEqual(0);
      expect(a.disbursedKrw).toBeGreaterThanOrEqual(0);
      expect(a.reservedKrw + a.disbursedKrw).toBeLessThanOrEqual(a.limitKrw);
    }
    // The grant that was paid can't have been paid more than it reserved (70M).
    const held = await db.transaction((tx) =>
      budget.applicationBalance(tx, id, first.applicationId!),
    );
    expect(held.reservedKrw).toBeGreaterThanOrEqual(0);
    expect(held.reservedKrw + held.disbursedKrw).toBeLessThanOrEqual(70_000_000);
    expect((await reconcile(id)).consistent).toBe(true);
  });

  it('makes a retried change with the same idempotency key count once', async () => {
    const id = await program(() => undefined);
    const applicationId = randomUUID();
    const change = {
      programId: id,
      accountCode: 'PURCHASE',
      kind: 'RESERVE' as const,
      amountKrw: 18_000_000,
      seatDelta: 1 as const,
      applicationId,
      idempotencyKey: `reserve-${applicationId}`,
      reason: 'retried',
      actor: null,
    };
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => budget.applyNow(change)),
    );
    const entries = new Set(
      results
        .filter((r) => r.status === 'fulfilled')
        .map((r) => (r as PromiseFulfilledResult<{ id: number }>).value.id),
    );
    expect(entries.size).toBe(1);
    expect((await view(id)).reservedKrw).toBe(18_000_000);
    await expect(budget.applyNow({ ...change, amountKrw: 1 })).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
  });

  it('refuses to pay or release more than an application holds', async () => {
    const id = await program(() => undefined);
    const grant = await reserve(id, 'PURCHASE', 10_000_000);
    const base = {
      programId: id,
      accountCode: 'PURCHASE',
      applicationId: grant.applicationId,
      reason: 'x',
      actor: null,
    };
    await expect(
      budget.applyNow({ ...base, kind: 'DISBURSE', amountKrw: 10_000_001 }),
    ).rejects.toMatchObject({ code: 'BUDGET_INVALID_OPERATION' });
    await expect(budget.applyNow({ ...base, kind: 'RECOVER', amountKrw: 1 })).rejects.toMatchObject(
      { code: 'BUDGET_INVALID_OPERATION' },
    );
    await budget.applyNow({ ...base, kind: 'DISBURSE', amountKrw: 10_000_000 });
    expect(await view(id)).toMatchObject({
      reservedKrw: 0,
      disbursedKrw: 10_000_000,
      availableKrw: 123_000_000_000 - 10_000_000,
    });
  });

  it('lets the database itself refuse overcommit and edits of the ledger', async () => {
    const id = await program(() => undefined);
    await reserve(id, 'PURCHASE', 1_000_000);
    await expect(
      db.query(
        `UPDATE budget_accounts SET reserved_krw = limit_krw + 1 WHERE program_id = $1 AND code = 'POOL'`,
        [id],
      ),
    ).rejects.toMatchObject({ code: '23514' });
    await expect(
      db.query(
        `UPDATE budget_accounts SET seats_used = slots + 1 WHERE program_id = $1 AND code = 'PURCHASE'`,
        [id],
      ),
    ).rejects.toMatchObject({
      code: '23514',
    });
    await expect(
      db.query(`UPDATE budget_ledger SET amount_krw = 1 WHERE program_id = $1`, [id]),
    ).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM budget_ledger WHERE program_id = $1`, [id])).rejects.toThrow(
      /append-only/,
    );
    await expect(db.query(`DELETE FROM audit_log WHERE entity_id = $1`, [id])).rejects.toThrow(
      /append-only/,
    );
    expect((await reconcile(id)).consistent).toBe(true);
  });

  it('gives back what an application holds once, when releases of all of it race', async () => {
    const id = await program(() => undefined);
    // Another grant in the same account: the account alone would not stop a second release.
    await reserve(id, 'PURCHASE', 10_000_000);
    const grant = await reserve(id, 'PURCHASE', 10_000_000);
    const release = () =>
      budget.applyNow({
        programId: id,
        accountCode: 'PURCHASE',
        kind: 'RELEASE',
        amountKrw: 10_000_000,
        seatDelta: -1,
        applicationId: grant.applicationId,
        reason: 'race',
        actor: null,
      });
    const out = await race(Array.from({ length: 8 }, () => release));
    expect(out).toEqual({ ok: 1, codes: Array(7).fill('BUDGET_INVALID_OPERATION') });
    expect(await view(id)).toMatchObject({ reservedKrw: 10_000_000 });
    expect((await reconcile(id)).consistent).toBe(true);
  });

  it('records each change in the audit trail with the balances before and after', async () => {
    const id = await program(() => undefined);
    const actor = { userId: officer.id, email: 'o@test', role: Role.OFFICER, requestId: 'req-1' };
    const line = await budget.applyNow({
      programId: id,
      accountCode: 'PURCHASE',
      kind: 'RESERVE',
      amountKrw: 18_000_000,
      seatDelta: 1,
      applicationId: randomUUID(),
      reason: 'audited',
      actor,
    });
    expect(line).toMatchObject({
      programId: id,
      accountCode: 'PURCHASE',
      kind: 'RESERVE',
      amountKrw: 18_000_000,
      seatDelta: 1,
      reason: 'audited',
      actorId: officer.id,
      requestId: 'req-1',
    });
    expect(line.createdAt).toBeInstanceOf(Date);
    const [stored] = await db.query(
      `SELECT id::int, amount_krw::int AS amount FROM budget_ledger WHERE program_id = $1`,
      [id],
    );
    expect(stored).toEqual({ id: line.id, amount: 18_000_000 });
    const audit = await db.query(
      `SELECT action, actor_id, actor_role, request_id, before, after FROM audit_log
        WHERE entity = 'budget' AND entity_id = $1`,
      [id],
    );
    const zero = { reservedKrw: 0, disbursedKrw: 0, seatsUsed: 0 };
    expect(audit).toEqual([
      {
        action: 'budget.reserve',
        actor_id: officer.id,
        actor_role: 'OFFICER',
        request_id: 'req-1',
        before: { POOL: zero, PURCHASE: zero },
        after: {
          POOL: { ...zero, reservedKrw: 18_000_000 },
          PURCHASE: { ...zero, reservedKrw: 18_000_000, seatsUsed: 1 },
          ledgerId: line.id,
        },
      },
    ]);
  });

  it('leaves the transaction usable after a refusal, having written nothing', async () => {
    const id = await program((r) => {
      r.totalPoolKrw = 100_000_000;
      r.specialPools[0].budgetKrw = 50_000_000;
    });
    const change = {
      programId: id,
      accountCode: 'PURCHASE',
      kind: 'RESERVE' as const,
      seatDelta: 1 as const,
      reason: 'in one transaction',
      actor: null,
    };
    await db.transaction(async (tx) => {
      await expect(
        budget.apply(tx, { ...change, amountKrw: 100_000_001, applicationId: randomUUID() }),
      ).rejects.toMatchObject({
        code: 'BUDGET_EXCEEDED',
        details: { account: 'POOL', availableKrw: 100_000_000, requestedKrw: 100_000_001 },
      });
      await expect(
        budget.apply(tx, { ...change, accountCode: 'NOPE', amountKrw: 1 }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await budget.apply(tx, { ...change, amountKrw: 18_000_000, applicationId: randomUUID() });
    });
    expect(await reconcile(id)).toMatchObject({ consistent: true, ledgerEntries: 1 });
    expect(await view(id)).toMatchObject({ reservedKrw: 18_000_000 });
  });
});
