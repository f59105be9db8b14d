import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError } from '@app/common';
import { isCheckViolation } from '@app/database';
import { AuditService } from '../audit/audit.service';
import {
  AccountBalance,
  applyChange,
  availableKrw,
  LedgerKind,
  ledgerTotals,
  SeatDelta,
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
   * rows (always in id order, so concurrent changes cannot deadlock), checks the policy,
   * updates both rows and appends the ledger line. The CHECK constraints refuse whatever the
   * policy might have missed.
   */
  async apply(tx: EntityManager, change: BudgetChange): Promise<BudgetLedgerEntity> {
    const seatDelta = change.seatDelta ?? 0;
    if (change.accountCode === POOL) {
      throw new DomainError(
        'BUDGET_INVALID_OPERATION',
        'Name a category or special pool, not POOL',
      );
    }
    const accounts = await tx
      .createQueryBuilder(BudgetAccountEntity, 'a')
      .setLock('pessimistic_write')
      .where('a.programId = :programId AND a.code IN (:...codes)', {
        programId: change.programId,
        codes: [POOL, change.accountCode],
      })
      .orderBy('a.id', 'ASC')
      .getMany();
    const pool = accounts.find((a) => a.code === POOL);
    const account = accounts.find((a) => a.code === change.accountCode);
    if (!pool || !account) {
      throw DomainError.notFound('Budget account', `${change.programId}/${change.accountCode}`);
    }

    if (change.idempotencyKey) {
      const previous = await tx.findOne(BudgetLedgerEntity, {
        where: { programId: change.programId, idempotencyKey: change.idempotencyKey },
      });
      if (previous) return this.sameOrRefuse(previous, change);
    }
    if (change.applicationId) {
      await this.assertApplicationCovers(tx, change);
    }

    const nextPool = this.check(pool, {
      kind: change.kind,
      amountKrw: change.amountKrw,
      seatDelta: 0,
    });
    const nextAccount = this.check(account, {
      kind: change.kind,
      amountKrw: change.amountKrw,
      seatDelta,
    });
    try {
      for (const [row, next] of [
        [pool, nextPool],
        [account, nextAccount],
      ] as const) {
        await tx.update(
          BudgetAccountEntity,
          { id: row.id },
          {
            reservedKrw: next.reservedKrw,
            disbursedKrw: next.disbursedKrw,
            seatsUsed: next.seatsUsed,
          },
        );
      }
      const entry = await tx.save(
        tx.create(BudgetLedgerEntity, {
          programId: change.programId,
          accountCode: change.accountCode,
          kind: change.kind,
          amountKrw: change.amountKrw,
          seatDelta,
          applicationId: change.applicationId ?? null,
          idempotencyKey: change.idempotencyKey ?? null,
          reason: change.reason,
          actorId: change.actor?.userId ?? null,
          requestId: change.actor?.requestId ?? null,
        }),
      );
      await this.audit.record(tx, {
        entity: 'budget',
        entityId: change.programId,
        action: `budget.${change.kind.toLowerCase()}`,
        actor: change.actor,
        before: { [POOL]: pick(pool), [account.code]: pick(account) },
        after: { [POOL]: pick(nextPool), [account.code]: pick(nextAccount), ledgerId: entry.id },
      });
      return entry;
    } catch (error) {
      if (isCheckViolation(error)) {
        throw new DomainError('BUDGET_EXCEEDED', 'The database refused a change beyond the budget');
      }
      throw error;
    }
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

  /** An application can give back or be paid only what it holds. */
  private async assertApplicationCovers(tx: EntityManager, change: BudgetChange): Promise<void> {
    if (change.kind === 'RESERVE') return;
    const held = await this.applicationBalance(tx, change.programId, change.applicationId!);
    const limit = change.kind === 'RECOVER' ? held.disbursedKrw : held.reservedKrw;
    if (change.amountKrw > limit) {
      throw new DomainError(
        'BUDGET_INVALID_OPERATION',
        `${change.kind} of ${change.amountKrw} KRW exceeds the ${limit} KRW the application holds`,
        { applicationId: change.applicationId, heldKrw: limit },
      );
    }
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
