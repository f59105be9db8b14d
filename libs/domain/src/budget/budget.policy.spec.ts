import { AccountBalance, applyChange, availableKrw, ledgerTotals } from './budget.policy';

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
});
