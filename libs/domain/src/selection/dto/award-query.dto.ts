import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { PageQueryDto } from '@app/common';
import { RULE_CODE_PATTERN, Track, TRACKS } from '../../shared/reference-data';
import {
  AGREEMENT_STATES,
  AgreementState,
  DELIVERY_STATES,
  DeliveryState,
  PaymentKind,
} from '../award-progress.policy';
import type { AwardStatus } from '../selection.entity';
import { AwardView } from './award.dto';

export const AWARD_STATUSES: readonly AwardStatus[] = [
  'WAITLISTED',
  'SELECTED',
  'CONTRACTED',
  'DELIVERED',
  'SETTLED',
  'CANCELLED',
];

/** The filters of a program's award list and of its CSV. */
export class AwardFilterDto {
  @ApiPropertyOptional({ enum: AWARD_STATUSES })
  @IsOptional()
  @IsIn(AWARD_STATUSES)
  status?: AwardStatus;

  @ApiPropertyOptional({ example: 'AI_PROCESSING' })
  @IsOptional()
  @Matches(RULE_CODE_PATTERN, { message: 'category must be a category code' })
  category?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID(undefined, { message: 'supplierId must be a UUID' })
  supplierId?: string;
}

export class AwardQueryDto extends IntersectionType(AwardFilterDto, PageQueryDto) {}

/** One row of a program's award list: the award with its application's names and progress. */
export class AwardListItem extends AwardView {
  @ApiProperty({ example: '스마트팜 수확량 예측 AI 데이터 가공' })
  title: string;

  @ApiProperty({ enum: TRACKS })
  track: Track;

  @ApiProperty({ format: 'uuid' })
  companyId: string;

  @ApiProperty({ example: '(주)한빛데이터' })
  companyName: string;

  @ApiProperty({ format: 'uuid' })
  supplierId: string;

  @ApiProperty({ example: '(주)데이터공급' })
  supplierName: string;

  @ApiProperty({ enum: AGREEMENT_STATES })
  agreementState: AgreementState;

  @ApiProperty({ enum: DELIVERY_STATES })
  deliveryState: DeliveryState;
}

export class AwardPage {
  @ApiProperty({ type: [AwardListItem] })
  items: AwardListItem[];

  @ApiProperty()
  total: number;

  @ApiProperty()
  limit: number;

  @ApiProperty()
  offset: number;
}

export class PaymentActorView {
  @ApiProperty({ format: 'uuid', nullable: true, description: 'Shown to officers only' })
  id: string | null;

  @ApiProperty({ example: '김담당' })
  displayName: string;

  @ApiProperty({ example: 'OFFICER' })
  role: string;
}

/** One disbursement or recovery, as the budget ledger recorded it. */
export class PaymentView {
  @ApiProperty({ example: 1234, description: 'The ledger line: the reference of this payment' })
  id: number;

  @ApiProperty({ enum: ['DISBURSE', 'RECOVER'] })
  kind: PaymentKind;

  @ApiProperty({ example: 10_000_000, description: 'Integer KRW, always positive' })
  amountKrw: number;

  @ApiProperty()
  at: Date;

  @ApiProperty({ type: PaymentActorView, nullable: true, description: 'Null for the system' })
  actor: PaymentActorView | null;

  @ApiProperty({
    nullable: true,
    description: 'The Idempotency-Key the disbursement was sent with; null for a recovery',
  })
  idempotencyKey: string | null;

  @ApiProperty({
    nullable: true,
    example: '리베이트 적발에 따른 환수',
    description: "The officer's reason of a recovery; null for a disbursement",
  })
  reason: string | null;
}

export class PaymentHistoryView {
  @ApiProperty({ format: 'uuid' })
  applicationId: string;

  @ApiProperty({ example: 64_000_000 })
  grantKrw: number;

  @ApiProperty({ example: 64_000_000, description: 'Disbursed in total (gross)' })
  paidKrw: number;

  @ApiProperty({ example: 10_000_000 })
  recoveredKrw: number;

  @ApiProperty({ example: 54_000_000, description: 'paidKrw − recoveredKrw' })
  netPaidKrw: number;

  @ApiProperty({ type: [PaymentView], description: 'Oldest first' })
  items: PaymentView[];
}
