import {
  AccountBalance,
  applyChange,
  availableKrw,
  balanceDelta,
  BalanceChange,
  LEDGER_KINDS,
  ledgerTotals,
  SeatDelta,
  uncoveredBy,
  validateChange,
  withinLimits,
} from './budget.policy';

const account = (over: Partial<AccountBalance> = {}): AccountBalance => ({
  code: 'AI_PROCESSING',
  limitKrw: 100,
  reservedKrw: 0,
  disbursedKrw: 0,
  slots: 2,
  seatsUsed: 0,
  ...over,
});

describe('budget policy', () => {
  it('reserves up to exactly the available amount and no further', () => {
    const full = applyChange(account({ reservedKrw: 60 }), {
      kind: 'RESERVE',
      amountKrw: 40,
      seatDelta: 1,
    });
    expect(full).toEqual({
      ok: true,
      next: expect.objectContaining({ reservedKrw: 100, seatsUsed: 1 }),
    });
    const over = applyChange(account({ reservedKrw: 60 }), {
      kind: 'RESERVE',
      amountKrw: 41,
      seatDelta: 1,
    });
    expect(over).toMatchObject({ ok: false, code: 'BUDGET_EXCEEDED' });
  });

  it('refuses a seat beyond the slots even when money is left', () => {
    const out = applyChange(account({ seatsUsed: 2 }), {
      kind: 'RESERVE',
      amountKrw: 1,
      seatDelta: 1,
    });
    expect(out).toMatchObject({
      ok: false,
      code: 'BUDGET_EXCEEDED',
      reason: expect.stringContaining('slots'),
    });
  });

  it('pays out of a reservation and counts recovered money as available again', () => {
    let b = account();
    for (const change of [
      { kind: 'RESERVE', amountKrw: 70, seatDelta: 1 },
      { kind: 'DISBURSE', amountKrw: 50, seatDelta: 0 },
      { kind: 'RELEASE', amountKrw: 20, seatDelta: 0 },
      { kind: 'RECOVER', amountKrw: 30, seatDelta: 0 },
    ] as const) {
      const out = applyChange(b, change);
      if (!out.ok) throw new Error(out.reason);
      b = out.next;
    }
    expect(b).toMatchObject({ reservedKrw: 0, disbursedKrw: 20, seatsUsed: 1 });
    expect(availableKrw(b)).toBe(80);
  });

  it('never pays, releases or recovers more than there is', () => {
    expect(
      applyChange(account({ reservedKrw: 10 }), { kind: 'DISBURSE', amountKrw: 11, seatDelta: 0 }),
    ).toMatchObject({ ok: false });
    expect(
      applyChange(account({ reservedKrw: 10 }), { kind: 'RELEASE', amountKrw: 11, seatDelta: 0 }),
    ).toMatchObject({ ok: false });
    expect(
      applyChange(account({ disbursedKrw: 10 }), { kind: 'RECOVER', amountKrw: 11, seatDelta: 0 }),
    ).toMatchObject({ ok: false });
  });

  it('refuses non-integer, zero and negative amounts and impossible seat moves', () => {
    for (const amountKrw of [0, -5, 1.5, Number.NaN, 2 ** 53]) {
      expect(applyChange(account(), { kind: 'RESERVE', amountKrw, seatDelta: 0 })).toMatchObject({
        ok: false,
        code: 'BUDGET_INVALID_OPERATION',
      });
    }
    expect(
      applyChange(account({ reservedKrw: 5 }), { kind: 'DISBURSE', amountKrw: 1, seatDelta: -1 }),
    ).toMatchObject({ ok: false });
    expect(
      applyChange(account({ reservedKrw: 5 }), { kind: 'RELEASE', amountKrw: 1, seatDelta: -1 }),
    ).toMatchObject({
      ok: false,
      reason: expect.stringContaining('no seat'),
    });
  });

  it('replays a ledger into the balances the account rows must hold', () => {
    expect(
      ledgerTotals([
        { kind: 'RESERVE', amountKrw: 70, seatDelta: 1 },
        { kind: 'RESERVE', amountKrw: 30, seatDelta: 1 },
        { kind: 'RELEASE', amountKrw: 30, seatDelta: -1 },
        { kind: 'DISBURSE', amountKrw: 50, seatDelta: 0 },
        { kind: 'RECOVER', amountKrw: 10, seatDelta: 0 },
      ]),
    ).toEqual({ reservedKrw: 20, disbursedKrw: 40, seatsUsed: 1 });
  });

  it('allows exactly the changes that keep the account within its limits (the CHECKs)', () => {
    // BudgetService writes a change only when the moved balances stay within the limits, and
    // then has the policy confirm it: the two must agree on every valid change.
    const values = [0, 1, 40, 99, 100];
    let compared = 0;
    for (const kind of LEDGER_KINDS) {
      for (const seatDelta of [-1, 0, 1] as SeatDelta[]) {
        for (const amountKrw of [1, 40, 60, 101]) {
          const change: BalanceChange = { kind, amountKrw, seatDelta };
          if (validateChange(change)) continue;
          for (const reservedKrw of values) {
            for (const disbursedKrw of values) {
              for (const seatsUsed of [0, 1, 2]) {
                for (const slots of [null, 2]) {
                  const b = account({ reservedKrw, disbursedKrw, seatsUsed, slots });
                  if (!withinLimits(b)) continue;
                  const d = balanceDelta(change);
                  const moved = {
                    ...b,
                    reservedKrw: b.reservedKrw + d.reservedKrw,
                    disbursedKrw: b.disbursedKrw + d.disbursedKrw,
                    seatsUsed: b.seatsUsed + d.seatsUsed,
                  };
                  const out = applyChange(b, change);
                  expect({ change, b, ok: out.ok }).toEqual({ change, b, ok: withinLimits(moved) });
                  if (out.ok) expect(out.next).toEqual(moved);
                  compared += 1;
                }
              }
            }
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('refuses a bad amount or seat movement before looking at any balance', () => {
    expect(validateChange({ kind: 'RESERVE', amountKrw: 1, seatDelta: 1 })).toBeNull();
    expect(validateChange({ kind: 'RECOVER', amountKrw: 1, seatDelta: 1 })).toMatchObject({
      code: 'BUDGET_INVALID_OPERATION',
    });
    expect(validateChange({ kind: 'RELEASE', amountKrw: 0.5, seatDelta: 0 })).toMatchObject({
      code: 'BUDGET_INVALID_OPERATION',
    });
  });

  it('lets an application give back or be paid only what it holds', () => {
    const held = { reservedKrw: 30, disbursedKrw: 20 };
    expect(uncoveredBy('RESERVE', 1_000, held)).toBeNull();
    expect(uncoveredBy('RELEASE', 30, held)).toBeNull();
    expect(uncoveredBy('RELEASE', 31, held)).toBe(30);
    expect(uncoveredBy('DISBURSE', 31, held)).toBe(30);
    expect(uncoveredBy('RECOVER', 20, held)).toBeNull();
    expect(uncoveredBy('RECOVER', 21, held)).toBe(20);
  });
});
