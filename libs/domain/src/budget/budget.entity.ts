import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintTransformer, moneyTransformer } from '@app/database';
import type { LedgerKind } from './budget.policy';

export type AccountScope = 'POOL' | 'CATEGORY' | 'SPECIAL';

/** The running balance of one pool, category envelope or special pool (CHECK-guarded). */
@Entity('budget_accounts')
export class BudgetAccountEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'increment', transformer: bigintTransformer })
  id: number;

  @Column({ name: 'program_id', type: 'uuid' })
  programId: string;

  @Column({ type: 'varchar', length: 8 })
  scope: AccountScope;

  @Column({ type: 'varchar', length: 40 })
  code: string;

  @Column({ name: 'limit_krw', type: 'bigint', transformer: moneyTransformer })
  limitKrw: number;

  @Column({ name: 'reserved_krw', type: 'bigint', transformer: moneyTransformer, default: 0 })
  reservedKrw: number;

  @Column({ name: 'disbursed_krw', type: 'bigint', transformer: moneyTransformer, default: 0 })
  disbursedKrw: number;

  @Column({ type: 'int', nullable: true })
  slots: number | null;

  @Column({ name: 'seats_used', type: 'int', default: 0 })
  seatsUsed: number;
}

/** The append-only money history; the account rows always equal its sums. */
@Entity('budget_ledger')
export class BudgetLedgerEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'increment', transformer: bigintTransformer })
  id: number;

  @Column({ name: 'program_id', type: 'uuid' })
  programId: string;

  @Column({ name: 'account_code', type: 'varchar', length: 40 })
  accountCode: string;

  @Column({ type: 'varchar', length: 8 })
  kind: LedgerKind;

  @Column({ name: 'amount_krw', type: 'bigint', transformer: moneyTransformer })
  amountKrw: number;

  @Column({ name: 'seat_delta', type: 'smallint', default: 0 })
  seatDelta: number;

  @Column({ name: 'application_id', type: 'uuid', nullable: true })
  applicationId: string | null;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 200, nullable: true })
  idempotencyKey: string | null;

  @Column({ type: 'text' })
  reason: string;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ name: 'request_id', type: 'varchar', length: 100, nullable: true })
  requestId: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
