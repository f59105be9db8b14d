import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto, trim } from '@app/common';
import { REGIONS, Region, RULE_CODE_PATTERN, Track, TRACKS } from '../../shared/reference-data';
import { APPLICATION_STATUSES, ApplicationStatus } from '../application-lifecycle.policy';
import { ELIGIBILITY_CODES, EligibilityCode } from '../eligibility.policy';

/** The most an agreed cost may be: one trillion won, far above any voucher. */
export const MAX_AGREED_COST_KRW = 1_000_000_000_000;

export class PlanSectionsDto {
  @ApiPropertyOptional({ example: '농가 생산 데이터가 흩어져 있어 수확량 예측이 어렵다.' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  background?: string;

  @ApiPropertyOptional({ example: '수확량 예측 모델로 출하 계획을 최적화한다.' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  goals?: string;

  @ApiPropertyOptional({ example: '기상·토양 데이터를 구매해 AI 학습용으로 가공한다.' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  dataUsage?: string;

  @ApiPropertyOptional({ example: '출하 손실 15% 감소.' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  expectedOutcome?: string;
}

export class CreateApplicationDto {
  @ApiProperty({ format: 'uuid', description: "One of the caller's companies" })
  @IsUUID(undefined, { message: 'companyId must be a UUID' })
  companyId: string;

  @ApiProperty({
    example: 'AI_PROCESSING',
    description: "A category code of the program's rule set",
  })
  @Matches(RULE_CODE_PATTERN, { message: 'category must be a category code such as PURCHASE' })
  category: string;

  @ApiProperty({ enum: TRACKS, example: 'GENERAL' })
  @IsIn(TRACKS)
  track: Track;

  @ApiPropertyOptional({
    example: 'COVID19',
    description: 'Required in the SOCIAL_ISSUE track, absent otherwise',
  })
  @ValidateIf(
    (o: CreateApplicationDto) => o.track === 'SOCIAL_ISSUE' || o.socialIssue !== undefined,
  )
  @Matches(RULE_CODE_PATTERN, { message: 'socialIssue must be an issue code such as COVID19' })
  socialIssue?: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID(undefined, { message: 'supplierId must be a UUID' })
  supplierId: string;

  @ApiProperty({
    format: 'uuid',
    description: "The supplier's offering agreed in the pre-agreement",
  })
  @IsUUID(undefined, { message: 'offeringId must be a UUID' })
  offeringId: string;

  @ApiProperty({ example: '스마트팜 수확량 예측 AI 데이터 가공' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title: string;

  @ApiProperty({ type: () => PlanSectionsDto })
  @IsObject()
  @ValidateNested()
  @Type(() => PlanSectionsDto)
  plan: PlanSectionsDto;

  @ApiProperty({
    example: 80_000_000,
    description: 'Agreed total cost from the pre-agreement (사전협의서), KRW',
  })
  @IsInt({ message: 'agreedCostKrw must be an integer number of won' })
  @Min(1)
  @Max(MAX_AGREED_COST_KRW)
  agreedCostKrw: number;
}

/** Every field optional, but null is not "not sent": it is validated (and refused) like any value. */
export class UpdateApplicationDto extends PartialType(
  OmitType(CreateApplicationDto, ['companyId'] as const),
  { skipNullProperties: false },
) {}

export class ApplicationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID(undefined, { message: 'programId must be a UUID' })
  programId?: string;

  @ApiPropertyOptional({ enum: APPLICATION_STATUSES })
  @IsOptional()
  @IsIn(APPLICATION_STATUSES)
  status?: ApplicationStatus;

  @ApiPropertyOptional({ example: 'AI_PROCESSING' })
  @IsOptional()
  @Matches(RULE_CODE_PATTERN, { message: 'category must be a category code' })
  category?: string;

  @ApiPropertyOptional({ enum: TRACKS })
  @IsOptional()
  @IsIn(TRACKS)
  track?: Track;

  @ApiPropertyOptional({ enum: REGIONS })
  @IsOptional()
  @IsIn(REGIONS)
  region?: Region;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID(undefined, { message: 'supplierId must be a UUID' })
  supplierId?: string;
}

export class EligibilityFailureView {
  @ApiProperty({ enum: ELIGIBILITY_CODES })
  code: EligibilityCode;

  @ApiProperty({
    example:
      'HOSPITAL may not apply in the GENERAL track (only SME, SMALL_BUSINESS, ONE_PERSON_CREATIVE)',
  })
  reason: string;
}

export class EligibilityView {
  @ApiProperty()
  eligible: boolean;

  @ApiProperty({ type: [EligibilityFailureView] })
  failures: EligibilityFailureView[];

  @ApiProperty()
  checkedAt: Date;
}

export class ApplicationView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  programId: string;

  @ApiProperty({ format: 'uuid' })
  companyId: string;

  @ApiProperty({ example: '(주)데이터농장' })
  companyName: string;

  @ApiProperty({ example: 'AI_PROCESSING' })
  category: string;

  @ApiProperty({ enum: TRACKS })
  track: Track;

  @ApiProperty({ nullable: true, example: null })
  socialIssue: string | null;

  @ApiProperty({ format: 'uuid' })
  supplierId: string;

  @ApiProperty({ example: '(주)가공전문' })
  supplierName: string;

  @ApiProperty({ format: 'uuid' })
  offeringId: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: () => PlanSectionsDto })
  plan: PlanSectionsDto;

  @ApiProperty({ example: 80_000_000 })
  agreedCostKrw: number;

  @ApiProperty({ example: 20 })
  coPaymentPercent: number;

  @ApiProperty({
    example: 64_000_000,
    description: 'min(category cap, cost × (1 − co-payment rate))',
  })
  requestedSupportKrw: number;

  @ApiProperty({ enum: APPLICATION_STATUSES })
  status: ApplicationStatus;

  @ApiProperty({ type: () => EligibilityView, nullable: true })
  eligibility: EligibilityView | null;

  @ApiProperty({ nullable: true, description: 'When the supplier confirmed the pre-agreement' })
  supplierConfirmedAt: Date | null;

  @ApiProperty({ nullable: true })
  submittedAt: Date | null;

  @ApiProperty({ description: "Flagged when the supplier's designation was cancelled" })
  flagged: boolean;

  @ApiProperty({ nullable: true })
  flagReason: string | null;

  @ApiProperty()
  createdAt: Date;

  @ApiProperty()
  updatedAt: Date;
}
