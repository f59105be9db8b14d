import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { moneyTransformer } from '@app/database';
import type {
  OfferingStatus,
  ProcessingKind,
  SupplierCategory,
  SupplierStatus,
} from './supplier.policy';

/** A registered supplier; only APPROVED ones may be named by applications. */
@Entity('suppliers')
export class SupplierEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'owner_user_id', type: 'uuid' })
  ownerUserId: string;

  /** Ten bare digits; unique (constraint `suppliers_brn_key`). */
  @Column({ name: 'business_registration_number', type: 'char', length: 10 })
  businessRegistrationNumber: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 100 })
  representative: string;

  @Column({ name: 'contact_email', type: 'varchar', length: 254 })
  contactEmail: string;

  @Column({ name: 'contact_phone', type: 'varchar', length: 40, nullable: true })
  contactPhone: string | null;

  @Column({ type: 'boolean', default: false })
  crowdsourcing: boolean;

  @Column({ name: 'crowdsourcing_evidence', type: 'text', nullable: true })
  crowdsourcingEvidence: string | null;

  @Column({ type: 'varchar', length: 10, default: 'PENDING' })
  status: SupplierStatus;

  /** Why it was rejected or suspended. */
  @Column({ name: 'status_reason', type: 'text', nullable: true })
  statusReason: string | null;

  @Column({ name: 'reviewed_by', type: 'uuid', nullable: true })
  reviewedBy: string | null;

  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** What a supplier sells or does, per voucher category; reviewed before the public sees it. */
@Entity('supplier_offerings')
export class SupplierOfferingEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'supplier_id', type: 'uuid' })
  supplierId: string;

  @Column({ type: 'varchar', length: 40 })
  category: SupplierCategory;

  @Column({ name: 'processing_kind', type: 'varchar', length: 20, default: 'NONE' })
  processingKind: ProcessingKind;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text' })
  description: string;

  @Column({ name: 'indicative_price_krw', type: 'bigint', transformer: moneyTransformer })
  indicativePriceKrw: number;

  @Column({ type: 'varchar', length: 10, default: 'PENDING' })
  status: OfferingStatus;

  /** The approved offering this revision will replace once approved. */
  @Column({ name: 'replaces_id', type: 'uuid', nullable: true })
  replacesId: string | null;

  @Column({ name: 'review_reason', type: 'text', nullable: true })
  reviewReason: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
