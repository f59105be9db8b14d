import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { MAX_KRW } from '../../program/program-rules.dto';
import { trim } from '@app/common';

export class CancelAwardDto {
  @ApiProperty({ example: '수요기업이 협약 체결을 포기함' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  reason: string;
}

export class DeclineAwardDto {
  @ApiProperty({
    example: '자체 예산으로 사업을 수행하기로 함',
    description: 'Why the company declines; the supplier and the operator see it',
  })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  reason: string;
}

export class DisburseDto {
  @ApiProperty({ example: 30_000_000, description: 'Amount paid to the supplier now, integer KRW' })
  @IsInt({ message: 'amountKrw must be an integer number of won' })
  @Min(1)
  @Max(MAX_KRW)
  amountKrw: number;

  @ApiPropertyOptional({
    description: 'Last payment: the unpaid rest of the grant is released and the award SETTLED',
  })
  @IsOptional()
  @IsBoolean()
  final?: boolean;
}

export class RecoverDto {
  @ApiProperty({
    example: 10_000_000,
    description: 'Amount clawed back from the supplier, integer KRW',
  })
  @IsInt({ message: 'amountKrw must be an integer number of won' })
  @Min(1)
  @Max(MAX_KRW)
  amountKrw: number;

  @ApiProperty({ example: '리베이트 적발에 따른 환수' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  reason: string;
}

export class AwardView {
  @ApiProperty({ format: 'uuid' })
  applicationId: string;

  @ApiProperty({ format: 'uuid' })
  programId: string;

  @ApiProperty({ example: 'AI_PROCESSING' })
  category: string;

  @ApiProperty({
    enum: ['WAITLISTED', 'SELECTED', 'CONTRACTED', 'DELIVERED', 'SETTLED', 'CANCELLED'],
  })
  status: string;

  @ApiProperty({ nullable: true, example: 'AI_PROCESSING' })
  accountCode: string | null;

  @ApiProperty({ example: 64_000_000 })
  grantKrw: number;

  @ApiProperty({
    example: 64_000_000,
    description: 'Disbursed to the supplier in total (gross): never lowered by a recovery',
  })
  paidKrw: number;

  @ApiProperty({ example: 10_000_000, description: 'Clawed back (recovered) out of paidKrw' })
  recoveredKrw: number;

  @ApiProperty({
    example: 54_000_000,
    description: 'What the supplier keeps: paidKrw − recoveredKrw',
  })
  netPaidKrw: number;

  @ApiProperty({
    example: 0,
    description:
      'What may still be paid: grantKrw − paidKrw while SELECTED, CONTRACTED or DELIVERED; 0 once SETTLED or CANCELLED, and while WAITLISTED',
  })
  payableKrw: number;

  @ApiProperty({ nullable: true })
  waitlistPosition: number | null;

  @ApiProperty({ nullable: true })
  quotaCode: string | null;

  @ApiProperty()
  reason: string;

  @ApiProperty({ nullable: true })
  agreementDueAt: Date | null;

  @ApiProperty({ description: 'Who has signed the three-party agreement' })
  signatures: { applicant: Date | null; supplier: Date | null; officer: Date | null };

  @ApiProperty({ nullable: true })
  deliveryReportedAt: Date | null;

  @ApiProperty({ nullable: true })
  deliveryApprovedAt: Date | null;

  @ApiProperty({ nullable: true })
  cancelReason: string | null;
}
