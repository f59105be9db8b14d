import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { moneyTransformer } from '@app/database';
import type { SelectionInput } from './selection.policy';

export type RunStatus = 'PREVIEW' | 'COMMITTED';

@Entity('selection_runs')
export class SelectionRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId: string;

  @Column({ type: 'varchar', length: 10 })
  status: RunStatus;

  @Column({ name: 'rules_version', type: 'int' })
  rulesVersion: number;

  /**
   * Everything the decisions were computed from, kept for the committed run: replaying it must
   * give the same output. Null for a preview (recomputed from the database while current).
   */
  @Column({ type: 'jsonb', select: false, nullable: true })
  input: SelectionInput | null;

  @Column({ name: 'input_hash', type: 'char', length: 64 })
  inputHash: string;

  @Column({ name: 'output_hash', type: 'char', length: 64 })
  outputHash: string;

  @Column({ type: 'jsonb' })
  summary: Record<string, unknown>;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'committed_by', type: 'uuid', nullable: true })
  committedBy: string | null;

  @Column({ name: 'committed_at', type: 'timestamptz', nullable: true })
  committedAt: Date | null;
}

export type AwardStatus =
  'WAITLISTED' | 'SELECTED' | 'CONTRACTED' | 'DELIVERED' | 'SETTLED' | 'CANCELLED';

const numeric = { to: (v: number) => v, from: (v: string) => Number(v) };

@Entity('awards')
export class AwardEntity {
  @PrimaryColumn({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId: string;

  @Column({ name: 'run_id', type: 'uuid' })
  runId: string;

  @Column({ type: 'varchar', length: 40 })
  category: string;

  @Column({ type: 'varchar', length: 16 })
  track: 'GENERAL' | 'SOCIAL_ISSUE';

  @Column({ type: 'varchar', length: 12 })
  status: AwardStatus;

  @Column({ name: 'account_code', type: 'varchar', length: 40, nullable: true })
  accountCode: string | null;

  @Column({ name: 'grant_krw', type: 'bigint', transformer: moneyTransformer })
  grantKrw: number;

  @Column({ name: 'paid_krw', type: 'bigint', transformer: moneyTransformer, default: 0 })
  paidKrw: number;

  /** Clawed back (RECOVER) out of paidKrw; paidKrw itself stays the gross total paid. */
  @Column({ name: 'recovered_krw', type: 'bigint', transformer: moneyTransformer, default: 0 })
  recoveredKrw: number;

  @Column({ type: 'int' })
  rank: number;

  @Column({ name: 'waitlist_position', type: 'int', nullable: true })
  waitlistPosition: number | null;

  @Column({ name: 'quota_code', type: 'varchar', length: 40, nullable: true })
  quotaCode: string | null;

  @Column({ name: 'quota_codes', type: 'text', array: true, default: () => "'{}'" })
  quotaCodes: string[];

  @Column({ name: 'base_score', type: 'numeric', precision: 6, scale: 2, transformer: numeric })
  baseScore: number;

  @Column({ name: 'final_score', type: 'numeric', precision: 6, scale: 2, transformer: numeric })
  finalScore: number;

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt: Date;

  @Column({ name: 'general_track_allowed', type: 'boolean' })
  generalTrackAllowed: boolean;

  @Column({ type: 'text' })
  reason: string;

  @Column({ name: 'agreement_due_at', type: 'timestamptz', nullable: true })
  agreementDueAt: Date | null;

  @Column({ name: 'applicant_signed_at', type: 'timestamptz', nullable: true })
  applicantSignedAt: Date | null;

  @Column({ name: 'supplier_signed_at', type: 'timestamptz', nullable: true })
  supplierSignedAt: Date | null;

  @Column({ name: 'officer_signed_at', type: 'timestamptz', nullable: true })
  officerSignedAt: Date | null;

  @Column({ name: 'delivery_reported_at', type: 'timestamptz', nullable: true })
  deliveryReportedAt: Date | null;

  @Column({ name: 'delivery_approved_at', type: 'timestamptz', nullable: true })
  deliveryApprovedAt: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason: string | null;
}
