import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { ProgramStatus } from './program-lifecycle.policy';
import type { ProgramRules } from './program-rules.dto';

@Entity('programs')
export class ProgramEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'int' })
  year: number;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 16, default: 'DRAFT' })
  status: ProgramStatus;

  /** The validated rule set of this program year; versioned, never code constants. */
  @Column({ type: 'jsonb' })
  rules: ProgramRules;

  @Column({ name: 'rules_version', type: 'int', default: 1 })
  rulesVersion: number;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
