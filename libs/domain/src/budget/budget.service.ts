import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError } from '@app/common';
import { isCheckViolation, runStatement, toKrw } from '@app/database';
import { AuditService } from '../audit/audit.service';
import {
  AccountBalance,
  applyChange,
  availableKrw,
  balanceDelta,
  LedgerKind,
  ledgerTotals,
  SeatDelta,
  uncoveredBy,
  validateChange,
} from './budget.policy';
import { AccountScope, BudgetAccountEntity, BudgetLedgerEntity } from './budget.entity';
import { BudgetView, ReconciliationView } from './dto/budget.dto';

export interface AccountSpec {
  scope: AccountScope;
  code: string;
  limitKrw: number;
  slots: number | null;
}

export interface BudgetChange {
  programId: string;
  /** The category or special pool; the POOL account moves with it every time. */
  accountCode: string;
  kind: LedgerKind;
  amountKrw: number;
  seatDelta?: SeatDelta;
  applicationId?: string | null;
  /** Makes the change safe to retry: a second call with the same key changes nothing. */
  idempotencyKey?: string | null;
  reason: string;
  actor: Actor | null;
}

export interface ApplicationBalance {
  reservedKrw: number;
  disbursedKrw: number;
  seats: number;
}

const POOL = 'POOL';

/**
 * One budget change as one statement ($1 program, $2 account code, $3 kind, $4 amount,
 * $5 seat delta of the sub-account, $6 application, $7 idempotency key, $8 reason, $9 actor,
 * $10 role, $11 request id, $12 and $13 the policy's movement of reserved and disbursed money,
 * $14 the audit action). It locks both accounts in id order, looks up a line with the same
 * key and what the application holds, and writes only if all is well: no such line, the
 * application holds enough, and both accounts stay within their limits (withinLimits, the
 * CHECK constraints), so that a refusal leaves the caller's transaction usable. It returns
 * what it found and the new ledger line, if any; BudgetService.apply has the policy decide.
 */
const APPLY = `
  WITH acc AS (
    SELECT id, code, limit_krw, reserved_krw, disbursed_krw, slots, seats_used
      FROM budget_accounts
     WHERE program_id = $1 AND code IN ('POOL', $2)
     ORDER BY id
       FOR UPDATE
  ), previous AS (
    SELECT id, program_id, account_code, kind, amount_krw, seat_delta, application_id,
           idempotency_key, reason, actor_id, request_id, created_at
      FROM budget_ledger
     WHERE program_id = $1 AND idempotency_key = $7
  ), held AS (
    SELECT coalesce(sum(CASE kind WHEN 'RESERVE' THEN amount_krw
                                  WHEN 'RELEASE' THEN -amount_krw
                                  WHEN 'DISBURSE' THEN -amount_krw ELSE 0 END), 0) AS reserved_krw,
           coalesce(sum(CASE kind WHEN 'DISBURSE' THEN amount_krw
                                  WHEN 'RECOVER' THEN -amount_krw ELSE 0 END), 0) AS disbursed_krw
      FROM budget_ledger
     WHERE program_id = $1 AND application_id = $6::uuid AND $3 <> 'RESERVE'
  ), moved AS (
    SELECT id, code, limit_krw, slots,
           reserved_krw + $12::bigint AS reserved_krw,
           disbursed_krw + $13::bigint AS disbursed_krw,
           seats_used + CASE WHEN code = 'POOL' THEN 0 ELSE $5::int END AS seats_used
      FROM acc
  ), verdict AS (
    SELECT (SELECT count(*) FROM moved) = 2
           AND NOT EXISTS (SELECT 1 FROM previous)
           AND ($3 = 'RESERVE' OR $6::uuid IS NULL OR $4::bigint <= (
                 SELECT CASE WHEN $3 = 'RECOVER' THEN disbursed_krw ELSE reserved_krw END FROM held))
           AND (SELECT bool_and(reserved_krw >= 0 AND disbursed_krw >= 0
                                AND reserved_krw + disbursed_krw <= limit_krw AND seats_used >= 0
                                AND (slots IS NULL OR seats_used <= slots)) FROM moved) AS ok
  ), written AS (
    UPDATE budget_accounts b
       SET reserved_krw = m.reserved_krw, disbursed_krw = m.disbursed_krw, seats_used = m.seats_used
      FROM moved m, verdict
     WHERE verdict.ok AND b.id = m.id
  ), line AS (
    INSERT INTO budget_ledger (program_id, account_code, kind, amount_krw, seat_delta, application_id,
                               idempotency_key, reason, actor_id, request_id)
    SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $11 FROM verdict WHERE verdict.ok
    RETURNING id, program_id, account_code, kind, amount_krw, seat_delta, application_id,
              idempotency_key, reason, actor_id, request_id, created_at
  ), audit AS (
    INSERT INTO audit_log (entity, entity_id, action, actor_id, actor_role, request_id, before, after)
    SELECT 'budget', $1, $14, $9, $10, $11,
           (SELECT jsonb_object_agg(code, jsonb_build_object('reservedKrw', reserved_krw,
                     'disbursedKrw', disbursed_krw, 'seatsUsed', seats_used)) FROM acc),
           (SELECT jsonb_object_agg(code, jsonb_build_object('reservedKrw', reserved_krw,
                     'disbursedKrw', disbursed_krw, 'seatsUsed', seats_used)) FROM moved)
             || jsonb_build_object('ledgerId', line.id)
      FROM line
  )
  SELECT (SELECT json_agg(acc) FROM acc) AS accounts,
         (SELECT row_to_json(previous) FROM previous) AS previous,
         (SELECT row_to_json(held) FROM held) AS held,
         (SELECT row_to_json(line) FROM line) AS line`;

type LedgerRow = Record<
  | 'id'
  | 'program_id'
  | 'account_code'
  | 'kind'
  | 'amount_krw'
  | 'seat_delta'
  | 'application_id'
  | 'idempotency_key'
  | 'reason'
  | 'actor_id'
  | 'request_id'
  | 'created_at',
  string | number | null
>;

interface ApplyRow {
  accounts: Array<
    Record<'id' | 'limit_krw' | 'reserved_krw' | 'disbursed_krw' | 'seats_used', number> & {
      code: string;
      slots: number | null;
    }
  >;
  previous: LedgerRow | null;
  held: { reserved_krw: number; disbursed_krw: number };
  line: LedgerRow | null;
}

function toBalance(a: ApplyRow['accounts'][number]): AccountBalance {
  return {
    code: a.code,
    limitKrw: toKrw(a.limit_krw),
    reservedKrw: toKrw(a.reserved_krw),
    disbursedKrw: toKrw(a.disbursed_krw),
    slots: a.slots,
    seatsUsed: a.seats_used,
  };
}

/** A ledger row as json_agg/row_to_json render it (bigint as a number, time as text). */
function toLedgerEntity(row: LedgerRow): BudgetLedgerEntity {
  return Object.assign(new BudgetLedgerEntity(), {
    id: toKrw(row.id),
    programId: row.program_id,
    accountCode: row.account_code,
    kind: row.kind,
    amountKrw: toKrw(row.amount_krw),
    seatDelta: row.seat_delta,
    applicationId: row.application_id,
    idempotencyKey: row.idempotency_key,
    reason: row.reason,
    actorId: row.actor_id,
    requestId: row.request_id,
    createdAt: new Date(row.created_at as string),
  });
}

@Injectable()
export class BudgetService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Creates (or, while nothing is booked, replaces) a program's accounts. */
  async openAccounts(tx: EntityManager, programId: string, specs: AccountSpec[]): Promise<void> {
    await tx.delete(BudgetAccountEntity, { programId });
    await tx.insert(
      BudgetAccountEntity,
      specs.map((s) => ({
        programId,
        scope: s.scope,
        code: s.code,
        limitKrw: s.limitKrw,
        slots: s.slots,
      })),
    );
  }

  /**
   * Applies one change inside the caller's transaction: locks the POOL and the sub-account
   * rows (always in id order, so concurrent changes cannot deadlock), updates both, appends
   * the ledger line and the audit entry, and has the policy confirm the change on the
   * balances it found, all in one statement (the changes of a program queue on its POOL row,
   * so each round trip made while holding it slows them all). The CHECK constraints refuse
   * whatever the policy might have missed.
   */
  async apply(tx: EntityManager, change: BudgetChange): Promise<BudgetLedgerEntity> {
    const seatDelta = change.seatDelta ?? 0;
    if (change.accountCode === POOL) {
      throw new DomainError(
        'BUDGET_INVALID_OPERATION',
        'Name a category or special pool, not POOL',
      );
    }
    const movement = { kind: change.kind, amountKrw: change.amountKrw, seatDelta };
    const invalid = validateChange(movement);
    if (invalid) throw new DomainError(invalid.code, invalid.reason);

    // The statement reads the ledger (a replayed key, what the application holds) as it was
    // when it began; if it then waited for the lock, changes committed meanwhile would be
    // missed. Reads of the ledger are therefore made under a lock taken beforehand.
    const readsLedger =
      !!change.idempotencyKey || (!!change.applicationId && change.kind !== 'RESERVE');
    if (readsLedger) {
      await runStatement(tx, {
        name: 'budget.lock',
        sql: `SELECT id FROM budget_accounts WHERE program_id = $1 AND code IN ('POOL', $2)
               ORDER BY id FOR UPDATE`,
        params: [change.programId, change.accountCode],
      });
    }
    let outcome: ApplyRow;
    try {
      [outcome] = await runStatement<ApplyRow>(tx, {
        name: 'budget.apply',
        sql: APPLY,
        params: this.applyParams(change, seatDelta),
      });
    } catch (error) {
      if (isCheckViolation(error)) {
        throw new DomainError('BUDGET_EXCEEDED', 'The database refused a change beyond the budget');
      }
      throw error;
    }

    // The policy decides, on the balances the statement found under the lock. The statement
    // wrote only if they stay within the limits (the policy's own rule, see withinLimits); a
    // refusal thrown here after a write rolls the caller's transaction back.
    const accounts = outcome.accounts.map(toBalance);
    const pool = accounts.find((a) => a.code === POOL);
    const account = accounts.find((a) => a.code === change.accountCode);
    if (!pool || !account) {
      throw DomainError.notFound('Budget account', `${change.programId}/${change.accountCode}`);
    }
    if (outcome.previous) return this.sameOrRefuse(toLedgerEntity(outcome.previous), change);
    if (change.applicationId) {
      const held = {
        reservedKrw: toKrw(outcome.held.reserved_krw),
        disbursedKrw: toKrw(outcome.held.disbursed_krw),
      };
      const heldKrw = uncoveredBy(change.kind, change.amountKrw, held);
      if (heldKrw !== null) {
        throw new DomainError(
          'BUDGET_INVALID_OPERATION',
          `${change.kind} of ${change.amountKrw} KRW exceeds the ${heldKrw} KRW the application holds`,
          { applicationId: change.applicationId, heldKrw },
        );
      }
    }
    this.check(pool, { ...movement, seatDelta: 0 });
    this.check(account, movement);
    if (!outcome.line) {
      throw new Error(
        `budget change refused by the database but not by the policy: ${change.kind}`,
      );
    }
    return toLedgerEntity(outcome.line);
  }

  /** The parameters of APPLY, in its order. */
  private applyParams(change: BudgetChange, seatDelta: SeatDelta): unknown[] {
    const delta = balanceDelta({ kind: change.kind, amountKrw: change.amountKrw, seatDelta });
    return [
      change.programId,
      change.accountCode,
      change.kind,
      change.amountKrw,
      seatDelta,
      change.applicationId ?? null,
      change.idempotencyKey ?? null,
      change.reason,
      change.actor?.userId ?? null,
      change.actor?.role ?? null,
      change.actor?.requestId ?? null,
      delta.reservedKrw,
      delta.disbursedKrw,
      `budget.${change.kind.toLowerCase()}`,
    ];
  }

  /**
   * Reserves many grants at once (a committed selection run): locks every account of the
   * program once, checks each reservation in order against the running balances, writes each
   * account once and appends all ledger lines in one statement. All or nothing: one grant
   * that does not fit refuses the whole batch.
   */
  async reserveMany(
    tx: EntityManager,
    programId: string,
    items: Array<{ accountCode: string; amountKrw: number; applicationId: string; reason: string }>,
    actor: Actor | null,
  ): Promise<void> {
    if (!items.length) return;
    const accounts = await tx
      .createQueryBuilder(BudgetAccountEntity, 'a')
      .setLock('pessimistic_write')
      .where('a.programId = :programId', { programId })
      .orderBy('a.id', 'ASC')
      .getMany();
    const byCode = new Map(
      accounts.map((a) => [a.code, { row: a, next: { ...a } as AccountBalance }]),
    );
    const pool = byCode.get(POOL);
    if (!pool) throw DomainError.notFound('Program', programId);
    for (const item of items) {
      const account = byCode.get(item.accountCode);
      if (!account || item.accountCode === POOL) {
        throw DomainError.notFound('Budget account', `${programId}/${item.accountCode}`);
      }
      pool.next = this.check(pool.next, {
        kind: 'RESERVE',
        amountKrw: item.amountKrw,
        seatDelta: 0,
      });
      account.next = this.check(account.next, {
        kind: 'RESERVE',
        amountKrw: item.amountKrw,
        seatDelta: 1,
      });
    }
    try {
      for (const { row, next } of byCode.values()) {
        if (next.reservedKrw === row.reservedKrw && next.seatsUsed === row.seatsUsed) continue;
        await tx.update(
          BudgetAccountEntity,
          { id: row.id },
          { reservedKrw: next.reservedKrw, seatsUsed: next.seatsUsed },
        );
      }
      await tx.query(
        `INSERT INTO budget_ledger (program_id, account_code, kind, amount_krw, seat_delta, application_id,
                                    idempotency_key, reason, actor_id, request_id)
         SELECT $1, r.account_code, 'RESERVE', r.amount_krw, 1, r.application_id, 'reserve:' || r.application_id,
                r.reason, $2, $3
           FROM jsonb_to_recordset($4::jsonb) AS r(account_code text, amount_krw bigint, application_id uuid, reason text)`,
        [
          programId,
          actor?.userId ?? null,
          actor?.requestId ?? null,
          JSON.stringify(
            items.map((i) => ({
              account_code: i.accountCode,
              amount_krw: i.amountKrw,
              application_id: i.applicationId,
              reason: i.reason,
            })),
          ),
        ],
      );
      await this.audit.record(tx, {
        entity: 'budget',
        entityId: programId,
        action: 'budget.reserve_many',
        actor,
        before: { [POOL]: pick(pool.row) },
        after: { [POOL]: pick(pool.next), reservations: items.length },
      });
    } catch (error) {
      if (isCheckViolation(error)) {
        throw new DomainError('BUDGET_EXCEEDED', 'The database refused a change beyond the budget');
      }
      throw error;
    }
  }

  /** Runs `apply` in a transaction of its own. */
  applyNow(change: BudgetChange): Promise<BudgetLedgerEntity> {
    return this.dataSource.transaction((tx) => this.apply(tx, change));
  }

  private check(
    account: AccountBalance,
    change: Parameters<typeof applyChange>[1],
  ): AccountBalance {
    const out = applyChange(account, change);
    if (!out.ok) {
      throw new DomainError(out.code, out.reason, {
        account: account.code,
        availableKrw: availableKrw(account),
        requestedKrw: change.amountKrw,
      });
    }
    return out.next;
  }

  private sameOrRefuse(previous: BudgetLedgerEntity, change: BudgetChange): BudgetLedgerEntity {
    const same =
      previous.kind === change.kind &&
      previous.amountKrw === change.amountKrw &&
      previous.accountCode === change.accountCode &&
      (previous.applicationId ?? null) === (change.applicationId ?? null);
    if (!same) {
      throw new DomainError(
        'IDEMPOTENCY_KEY_REUSED',
        'This idempotency key was used for a different change',
        {
          ledgerId: previous.id,
        },
      );
    }
    return previous;
  }

  async applicationBalance(
    tx: EntityManager,
    programId: string,
    applicationId: string,
  ): Promise<ApplicationBalance> {
    const lines = await tx.find(BudgetLedgerEntity, { where: { programId, applicationId } });
    const t = ledgerTotals(lines);
    return { reservedKrw: t.reservedKrw, disbursedKrw: t.disbursedKrw, seats: t.seatsUsed };
  }

  /** The budget at a glance; pass the caller's transaction manager when inside one. */
  async view(
    programId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<BudgetView> {
    const accounts = await manager.getRepository(BudgetAccountEntity).find({
      where: { programId },
      order: { id: 'ASC' },
    });
    const pool = accounts.find((a) => a.code === POOL);
    if (!pool) throw DomainError.notFound('Program', programId);
    return {
      programId,
      poolKrw: pool.limitKrw,
      reservedKrw: pool.reservedKrw,
      disbursedKrw: pool.disbursedKrw,
      availableKrw: availableKrw(pool),
      accounts: accounts
        .filter((a) => a.code !== POOL)
        .map((a) => ({
          code: a.code,
          scope: a.scope as 'CATEGORY' | 'SPECIAL',
          slots: a.slots,
          selected: a.seatsUsed,
          limitKrw: a.limitKrw,
          reservedKrw: a.reservedKrw,
          disbursedKrw: a.disbursedKrw,
          availableKrw: availableKrw(a),
        })),
    };
  }

  /**
   * Replays the ledger and compares it with the account rows, in one REPEATABLE READ
   * snapshot so that a concurrent change cannot make a consistent budget look wrong.
   */
  async reconcile(programId: string): Promise<ReconciliationView> {
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      const accounts = await tx.find(BudgetAccountEntity, {
        where: { programId },
        order: { id: 'ASC' },
      });
      if (!accounts.length) throw DomainError.notFound('Program', programId);
      const sums: Array<{
        code: string;
        kind: LedgerKind;
        amount: string;
        seats: string;
        n: string;
      }> = await tx.query(
        `SELECT account_code AS code, kind, sum(amount_krw)::text AS amount, sum(seat_delta)::text AS seats,
                count(*)::text AS n
           FROM budget_ledger WHERE program_id = $1 GROUP BY account_code, kind`,
        [programId],
      );
      const linesFor = (codes: string[]) =>
        sums
          .filter((s) => codes.includes(s.code))
          .map((s) => ({ kind: s.kind, amountKrw: Number(s.amount), seatDelta: Number(s.seats) }));
      const subCodes = accounts.filter((a) => a.code !== POOL).map((a) => a.code);
      const lines = accounts.map((a) => {
        const fromLedger = ledgerTotals(linesFor(a.code === POOL ? subCodes : [a.code]));
        if (a.code === POOL) fromLedger.seatsUsed = 0;
        const recorded = pick(a);
        return {
          code: a.code,
          recorded,
          fromLedger,
          matches:
            recorded.reservedKrw === fromLedger.reservedKrw &&
            recorded.disbursedKrw === fromLedger.disbursedKrw &&
            recorded.seatsUsed === fromLedger.seatsUsed,
        };
      });
      return {
        programId,
        consistent: lines.every((l) => l.matches),
        ledgerEntries: sums.reduce((n, s) => n + Number(s.n), 0),
        lines,
      };
    });
  }

  /** Ledger lines of a program, newest first, for officers. */
  async ledger(programId: string, limit: number, offset: number) {
    const [items, total] = await this.dataSource.getRepository(BudgetLedgerEntity).findAndCount({
      where: { programId },
      order: { id: 'DESC' },
      take: limit,
      skip: offset,
    });
    return { items, total, limit, offset };
  }
}

function pick(a: Pick<AccountBalance, 'reservedKrw' | 'disbursedKrw' | 'seatsUsed'>) {
  return { reservedKrw: a.reservedKrw, disbursedKrw: a.disbursedKrw, seatsUsed: a.seatsUsed };
}
