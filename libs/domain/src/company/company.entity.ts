import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { CompanyType, Region } from '../shared/reference-data';

/** A demand company (수요기업) or institution, owned by the APPLICANT user who registered it. */
@Entity('companies')
export class CompanyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'owner_user_id', type: 'uuid' })
  ownerUserId: string;

  @Column({ name: 'business_registration_number', type: 'char', length: 10 })
  businessRegistrationNumber: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 24 })
  type: CompanyType;

  @Column({ type: 'varchar', length: 12 })
  region: Region;

  @Column({ name: 'ceo_name', type: 'varchar', length: 100 })
  ceoName: string;

  /** YYYY-MM-DD; ages (youth CEO) are taken on the program's reference date. */
  @Column({ name: 'ceo_birth_date', type: 'date' })
  ceoBirthDate: string;

  @Column({ type: 'varchar', length: 100 })
  industry: string;

  @Column({ name: 'ministry_field', type: 'varchar', length: 40, nullable: true })
  ministryField: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
