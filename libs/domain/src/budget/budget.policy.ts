/**
 * Budget arithmetic, pure. An account has a limit; `reserved` is the outstanding reservation
 * (selected grants not yet paid or released) and `disbursed` the money paid net of recoveries:
 *
 *   RESERVE  reserved += a             (needs a ≤ available)
 *   RELEASE  reserved -= a             (needs a ≤ reserved)
 *   DISBURSE reserved -= a, disbursed += a   (payment draws down a reservation)
 *   RECOVER  disbursed -= a            (clawed-back money returns to the pool)
 *
 *   available = limit − reserved − disbursed  (never below zero)
 */

export const LEDGER_KINDS = ['RESERVE', 'RELEASE', 'DISBURSE', 'RECOVER'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];
export type SeatDelta = -1 | 0 | 1;

export interface AccountBalance {
  code: string;
  limitKrw: number;
  reservedKrw: number;
  disbursedKrw: number;
  slots: number | null;
  seatsUsed: number;
}

export interface BalanceChange {
  kind: LedgerKind;
  amountKrw: number;
  seatDelta: SeatDelta;
}

export type ChangeOutcome =
  | { ok: true; next: AccountBalance }
  | { ok: false; code: 'BUDGET_EXCEEDED' | 'BUDGET_INVALID_OPERATION'; reason: string };

export function availableKrw(
  b: Pick<AccountBalance, 'limitKrw' | 'reservedKrw' | 'disbursedKrw'>,
): number {
  return b.limitKrw - b.reservedKrw - b.disbursedKrw;
}

/** Which seat movements make sense for each kind: a seat is taken by a reservation only. */
const SEAT_RULES: Record<LedgerKind, readonly SeatDelta[]> = {
  RESERVE: [0, 1],
  RELEASE: [0, -1],
  DISBURSE: [0],
  RECOVER: [0],
};

export type Refusal = Extract<ChangeOutcome, { ok: false }>;

/** What can be refused without looking at any balance: the amount and the seat movement. */
export function validateChange(change: BalanceChange): Refusal | null {
  const { kind, amountKrw: a, seatDelta } = change;
  if (!Number.isSafeInteger(a) || a <= 0) {
    return {
      ok: false,
      code: 'BUDGET_INVALID_OPERATION',
      reason: `amount must be a positive integer KRW (got ${a})`,
    };
  }
  if (!SEAT_RULES[kind].includes(seatDelta)) {
    return {
      ok: false,
      code: 'BUDGET_INVALID_OPERATION',
      reason: `${kind} cannot move a seat by ${seatDelta}`,
    };
  }
  return null;
}

export interface BalanceDelta {
  reservedKrw: number;
  disbursedKrw: number;
  seatsUsed: number;
}

/** How a change moves an account's balances (see the table at the top). */
export function balanceDelta(change: BalanceChange): BalanceDelta {
  const a = change.amountKrw;
  const money: Record<LedgerKind, [number, number]> = {
    RESERVE: [a, 0],
    RELEASE: [-a, 0],
    DISBURSE: [-a, a],
    RECOVER: [0, -a],
  };
  const [reservedKrw, disbursedKrw] = money[change.kind];
  return { reservedKrw, disbursedKrw, seatsUsed: change.seatDelta };
}

/**
 * The invariants every account keeps, the same as the CHECK constraints of budget_accounts:
 * nothing negative, nothing beyond the limit, no seat beyond the slots. For a valid change
 * on an account that keeps them, `applyChange` allows exactly what leaves them kept.
 */
export function withinLimits(
  b: Pick<AccountBalance, 'limitKrw' | 'reservedKrw' | 'disbursedKrw' | 'slots' | 'seatsUsed'>,
): boolean {
  return (
    b.reservedKrw >= 0 &&
    b.disbursedKrw >= 0 &&
    b.reservedKrw + b.disbursedKrw <= b.limitKrw &&
    b.seatsUsed >= 0 &&
    (b.slots === null || b.seatsUsed <= b.slots)
  );
}

export function applyChange(b: AccountBalance, change: BalanceChange): ChangeOutcome {
  const invalid = validateChange(change);
  if (invalid) return invalid;
  const { kind, amountKrw: a } = change;
  const delta = balanceDelta(change);
  const next = {
    ...b,
    reservedKrw: b.reservedKrw + delta.reservedKrw,
    disbursedKrw: b.disbursedKrw + delta.disbursedKrw,
    seatsUsed: b.seatsUsed + delta.seatsUsed,
  };
  switch (kind) {
    case 'RESERVE':
      if (a > availableKrw(b)) {
        return {
          ok: false,
          code: 'BUDGET_EXCEEDED',
          reason: `${b.code}: ${a} KRW requested, ${availableKrw(b)} KRW available`,
        };
      }
      break;
    case 'RELEASE':
      if (a > b.reservedKrw) {
        return {
          ok: false,
          code: 'BUDGET_INVALID_OPERATION',
          reason: `${b.code}: cannot release ${a} KRW, ${b.reservedKrw} KRW reserved`,
        };
      }
      break;
    case 'DISBURSE':
      if (a > b.reservedKrw) {
        return {
          ok: false,
          code: 'BUDGET_EXCEEDED',
          reason: `${b.code}: cannot pay ${a} KRW, ${b.reservedKrw} KRW reserved`,
        };
      }
      break;
    case 'RECOVER':
      if (a > b.disbursedKrw) {
        return {
          ok: false,
          code: 'BUDGET_INVALID_OPERATION',
          reason: `${b.code}: cannot recover ${a} KRW, ${b.disbursedKrw} KRW paid`,
        };
      }
      break;
  }
  if (next.slots !== null && next.seatsUsed > next.slots) {
    return {
      ok: false,
      code: 'BUDGET_EXCEEDED',
      reason: `${b.code}: all ${b.slots} slots are taken`,
    };
  }
  if (next.seatsUsed < 0) {
    return {
      ok: false,
      code: 'BUDGET_INVALID_OPERATION',
      reason: `${b.code}: no seat to give back`,
    };
  }
  return { ok: true, next };
}

/**
 * An application can give back or be paid only what it holds (a reservation needs nothing):
 * returns the amount it holds for this kind of change when that is too little, else null.
 */
export function uncoveredBy(
  kind: LedgerKind,
  amountKrw: number,
  held: Pick<LedgerTotals, 'reservedKrw' | 'disbursedKrw'>,
): number | null {
  if (kind === 'RESERVE') return null;
  const limit = kind === 'RECOVER' ? held.disbursedKrw : held.reservedKrw;
  return amountKrw > limit ? limit : null;
}

export interface LedgerLine {
  kind: LedgerKind;
  amountKrw: number;
  seatDelta: number;
}

export interface LedgerTotals {
  reservedKrw: number;
  disbursedKrw: number;
  seatsUsed: number;
}

/** What the account rows must equal: the ledger replayed from zero. */
export function ledgerTotals(lines: Iterable<LedgerLine>): LedgerTotals {
  const t = { reservedKrw: 0, disbursedKrw: 0, seatsUsed: 0 };
  for (const l of lines) {
    if (l.kind === 'RESERVE') t.reservedKrw += l.amountKrw;
    if (l.kind === 'RELEASE') t.reservedKrw -= l.amountKrw;
    if (l.kind === 'DISBURSE') {
      t.reservedKrw -= l.amountKrw;
      t.disbursedKrw += l.amountKrw;
    }
    if (l.kind === 'RECOVER') t.disbursedKrw -= l.amountKrw;
    t.seatsUsed += l.seatDelta;
  }
  return t;
}
