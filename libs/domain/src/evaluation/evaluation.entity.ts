import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { ConflictKind } from './conflict.policy';
import type { AppliedBonus } from './bonus.policy';
import type { AssignmentStatus, Scores } from './score-sheet.policy';

/** numeric(6,2) as a number of points (two decimals; arithmetic happens in cents elsewhere). */
const points = {
  to: (v: number | null | undefined) => v,
  from: (v: string | null) => (v === null ? null : Number(v)),
};

/** What an evaluator works for: its affiliation makes conflicts of interest automatic. */
@Entity('evaluator_profiles')
export class EvaluatorProfileEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'affiliation_brn', type: 'char', length: 10, nullable: true })
  affiliationBrn: string | null;

  @Column({ name: 'affiliation_name', type: 'varchar', length: 200, nullable: true })
  affiliationName: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** A member of a program's evaluator pool. */
@Entity('program_evaluators')
export class ProgramEvaluatorEntity {
  @PrimaryColumn({ name: 'program_id', type: 'uuid' })
  programId: string;

  @PrimaryColumn({ name: 'evaluator_user_id', type: 'uuid' })
  evaluatorUserId: string;

  @Column({ name: 'added_by', type: 'uuid', nullable: true })
  addedBy: string | null;

  @CreateDateColumn({ name: 'added_at', type: 'timestamptz' })
  addedAt: Date;
}

/** A relation an evaluator declared with a company or supplier (by its BRN). */
@Entity('evaluator_conflicts')
export class EvaluatorConflictEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'evaluator_user_id', type: 'uuid' })
  evaluatorUserId: string;

  @Column({ type: 'char', length: 10 })
  brn: string;

  @Column({ type: 'varchar', length: 8 })
  kind: ConflictKind;

  @Column({ type: 'text' })
  reason: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** One evaluator's score sheet for one application. */
@Entity('assignments')
export class AssignmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId: string;

  @Column({ name: 'evaluator_user_id', type: 'uuid' })
  evaluatorUserId: string;

  @Column({ type: 'varchar', length: 10, default: 'ASSIGNED' })
  status: AssignmentStatus;

  @Column({ type: 'jsonb', default: () => `'{}'::jsonb` })
  scores: Scores;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  /** Fixed on submission. */
  @Column({ type: 'numeric', precision: 6, scale: 2, nullable: true, transformer: points })
  total: number | null;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ name: 'recused_reason', type: 'text', nullable: true })
  recusedReason: string | null;

  @Column({ name: 'recused_at', type: 'timestamptz', nullable: true })
  recusedAt: Date | null;

  /** Set when the sheet was still open as its application left evaluation. */
  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** The computed score and rank of an application (recomputed by each ranking run). */
@Entity('application_scores')
export class ApplicationScoreEntity {
  @PrimaryColumn({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId: string;

  @Column({ type: 'varchar', length: 40 })
  category: string;

  @Column({ type: 'varchar', length: 16 })
  track: string;

  @Column({ type: 'int' })
  sheets: number;

  @Column({ name: 'base_score', type: 'numeric', precision: 6, scale: 2, transformer: points })
  baseScore: number;

  /** min(Σ bonus, cap). */
  @Column({ name: 'bonus_points', type: 'numeric', precision: 6, scale: 2, transformer: points })
  bonusPoints: number;

  @Column({ type: 'jsonb' })
  bonuses: AppliedBonus[];

  @Column({ name: 'final_score', type: 'numeric', precision: 6, scale: 2, transformer: points })
  finalScore: number;

  @Column({ name: 'passed_cutoff', type: 'boolean' })
  passedCutoff: boolean;

  @Column({ type: 'int' })
  rank: number;

  @Column({ name: 'ranking_hash', type: 'char', length: 64 })
  rankingHash: string;

  @Column({ name: 'computed_at', type: 'timestamptz' })
  computedAt: Date;
}
