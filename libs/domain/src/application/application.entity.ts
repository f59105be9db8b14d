import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { moneyTransformer } from '@app/database';
import type { Track } from '../shared/reference-data';
import type { ApplicationStatus } from './application-lifecycle.policy';
import type { EligibilityFailure } from './eligibility.policy';

export interface PlanSections {
  background?: string;
  goals?: string;
  dataUsage?: string;
  expectedOutcome?: string;
}

export interface EligibilityResult {
  eligible: boolean;
  failures: EligibilityFailure[];
}

const numeric = {
  to: (v: number) => v,
  from: (v: string | null) => (v === null ? null : Number(v)),
};

@Entity('applications')
export class ApplicationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId: string;

  @Column({ name: 'company_id', type: 'uuid' })
  companyId: string;

  @Column({ name: 'applicant_user_id', type: 'uuid' })
  applicantUserId: string;

  @Column({ type: 'varchar', length: 40 })
  category: string;

  @Column({ type: 'varchar', length: 16 })
  track: Track;

  @Column({ name: 'social_issue', type: 'varchar', length: 40, nullable: true })
  socialIssue: string | null;

  @Column({ name: 'supplier_id', type: 'uuid' })
  supplierId: string;

  @Column({ name: 'offering_id', type: 'uuid' })
  offeringId: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'jsonb' })
  plan: PlanSections;

  @Column({ name: 'agreed_cost_krw', type: 'bigint', transformer: moneyTransformer })
  agreedCostKrw: number;

  @Column({
    name: 'co_payment_percent',
    type: 'numeric',
    precision: 5,
    scale: 2,
    transformer: numeric,
  })
  coPaymentPercent: number;

  /** Computed from the rule set, never typed by the applicant. */
  @Column({ name: 'requested_support_krw', type: 'bigint', transformer: moneyTransformer })
  requestedSupportKrw: number;

  @Column({ type: 'varchar', length: 16, default: 'DRAFT' })
  status: ApplicationStatus;

  @Column({ type: 'jsonb', nullable: true })
  eligibility: EligibilityResult | null;

  @Column({ name: 'eligibility_checked_at', type: 'timestamptz', nullable: true })
  eligibilityCheckedAt: Date | null;

  @Column({ name: 'supplier_confirmed_at', type: 'timestamptz', nullable: true })
  supplierConfirmedAt: Date | null;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;

  @Column({ type: 'boolean', default: false })
  flagged: boolean;

  @Column({ name: 'flag_reason', type: 'text', nullable: true })
  flagReason: string | null;

  @Column({ name: 'rules_version', type: 'int' })
  rulesVersion: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
