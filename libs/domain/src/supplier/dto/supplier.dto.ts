import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  registerDecorator,
  ValidateIf,
  ValidateNested,
  ValidationArguments,
} from 'class-validator';
import { PageQueryDto, trim, trimLower } from '@app/common';
import {
  IsBusinessRegistrationNumber,
  NormalizeBusinessRegistrationNumber,
} from '../business-registration-number.policy';
import {
  allowedProcessingKinds,
  isProcessingKindAllowed,
  MAX_LIVE_OFFERINGS,
  missingCrowdsourcingEvidence,
  OFFERING_STATUSES,
  OfferingStatus,
  PROCESSING_KINDS,
  ProcessingKind,
  SUPPLIER_CATEGORIES,
  SUPPLIER_STATUSES,
  SupplierCategory,
  SupplierStatus,
} from '../supplier.policy';

/** The largest indicative price: 10 trillion won, far below 2^53. */
export const MAX_OFFERING_PRICE_KRW = 10_000_000_000_000;

const PHONE = /^\+?[0-9][0-9 ()-]{5,38}$/;
const EVIDENCE_REQUIRED = 'crowdsourcingEvidence is required when crowdsourcing is true';
const EVIDENCE_MAX = 5000;

/** The offering's processing kind must fit its category (checked by the supplier policy). */
function FitsCategory(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'processingKindFitsCategory',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => {
          const category = (args?.object as Partial<OfferingDto> | undefined)?.category;
          // An unknown category is reported on its own field; no second error here.
          if (!category || !SUPPLIER_CATEGORIES.includes(category)) return true;
          return isProcessingKindAllowed(category, value as ProcessingKind);
        },
        defaultMessage: (args?: ValidationArguments) => {
          const category = (args?.object as Partial<OfferingDto> | undefined)?.category;
          const allowed = category ? allowedProcessingKinds(category) : [];
          return `${args?.property ?? 'processingKind'} must be one of ${allowed.join(', ')} for category ${String(category)}`;
        },
      },
    });
  };
}

/**
 * One reason per problem: evidence is required while crowdsourcing is claimed (the policy's
 * rule), and when given it must be 1 to 5000 characters.
 */
function CrowdsourcingEvidence(): PropertyDecorator {
  const problem = (value: unknown, object: unknown): string | null => {
    if (value === undefined || value === null) {
      const crowdsourcing = (object as { crowdsourcing?: unknown }).crowdsourcing === true;
      return missingCrowdsourcingEvidence({ crowdsourcing, crowdsourcingEvidence: null })
        ? EVIDENCE_REQUIRED
        : null;
    }
    if (typeof value !== 'string' || value.length < 1 || value.length > EVIDENCE_MAX) {
      return `crowdsourcingEvidence must be a string of 1 to ${EVIDENCE_MAX} characters`;
    }
    return null;
  };
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'crowdsourcingEvidence',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown, args?: ValidationArguments) =>
          problem(value, args?.object) === null,
        defaultMessage: (args?: ValidationArguments) =>
          problem(args?.value, args?.object) ?? EVIDENCE_REQUIRED,
      },
    });
  };
}

export class OfferingDto {
  @ApiProperty({ enum: SUPPLIER_CATEGORIES, example: 'AI_PROCESSING' })
  @IsIn(SUPPLIER_CATEGORIES, {
    message: `category must be one of ${SUPPLIER_CATEGORIES.join(', ')}`,
  })
  category: SupplierCategory;

  @ApiPropertyOptional({
    enum: PROCESSING_KINDS,
    example: 'PSEUDONYMIZATION',
    description:
      'PURCHASE: NONE. Processing: STANDARD, PSEUDONYMIZATION or ANONYMIZATION. ' +
      'Default: NONE for PURCHASE, STANDARD for processing.',
  })
  @IsOptional()
  @IsIn(PROCESSING_KINDS, {
    message: `processingKind must be one of ${PROCESSING_KINDS.join(', ')}`,
  })
  @FitsCategory()
  processingKind?: ProcessingKind;

  @ApiProperty({ example: '의료 영상 AI 학습용 라벨링', minLength: 1, maxLength: 200 })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title: string;

  @ApiProperty({
    example: 'CT·MRI 영상 바운딩박스 및 세그멘테이션 라벨링, 검수 2회 포함',
    minLength: 1,
    maxLength: 5000,
  })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  description: string;

  @ApiProperty({
    example: 65_000_000,
    minimum: 0,
    maximum: MAX_OFFERING_PRICE_KRW,
    description: 'Indicative price in whole won (KRW)',
  })
  @IsInt()
  @Min(0)
  @Max(MAX_OFFERING_PRICE_KRW)
  indicativePriceKrw: number;
}

export class CreateSupplierDto {
  @ApiProperty({
    example: '124-81-00998',
    description: 'Business registration number (사업자등록번호): 123-45-67890 or 10 digits',
  })
  @NormalizeBusinessRegistrationNumber()
  @IsBusinessRegistrationNumber()
  businessRegistrationNumber: string;

  @ApiProperty({ example: '(주)데이터가공', minLength: 1, maxLength: 200 })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: '김데이터', description: 'Representative (대표자)', maxLength: 100 })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  representative: string;

  @ApiProperty({ example: 'contact@data-gagong.co.kr', maxLength: 254 })
  @Transform(trimLower)
  @IsEmail({}, { message: 'contactEmail must be a valid e-mail address' })
  @MaxLength(254)
  contactEmail: string;

  @ApiPropertyOptional({ example: '02-1234-5678', maxLength: 40 })
  @IsOptional()
  @Transform(trim)
  @Matches(PHONE, { message: 'contactPhone must be a phone number (digits, spaces, -, ( ), +)' })
  contactPhone?: string;

  @ApiPropertyOptional({
    example: true,
    default: false,
    description: 'Adopts crowdsourcing (bonus points in AI processing)',
  })
  // No @IsOptional: a missing value keeps the default, but null must be refused.
  @IsBoolean()
  crowdsourcing: boolean = false;

  @ApiPropertyOptional({
    example: '크라우드소싱 플랫폼 운영 계약서 (2021-02-15), 작업자 1,200명',
    maxLength: 5000,
    description: 'Required when crowdsourcing is true',
  })
  @Transform(trim)
  @CrowdsourcingEvidence()
  crowdsourcingEvidence?: string;

  @ApiProperty({ type: () => [OfferingDto], minItems: 1, maxItems: MAX_LIVE_OFFERINGS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LIVE_OFFERINGS)
  @ValidateNested({ each: true })
  @Type(() => OfferingDto)
  offerings: OfferingDto[];
}

/**
 * What the owner may change without a new review. `null` clears an optional field. Whether
 * crowdsourcing still has its evidence depends on the stored record, so the service checks it.
 */
export class UpdateSupplierDto {
  @ApiPropertyOptional({ example: 'sales@data-gagong.co.kr', maxLength: 254 })
  // null must not pass as "not given": the column is NOT NULL.
  @ValidateIf((_o, value) => value !== undefined)
  @Transform(trimLower)
  @IsEmail({}, { message: 'contactEmail must be a valid e-mail address' })
  @MaxLength(254)
  contactEmail?: string;

  @ApiPropertyOptional({ example: '031-987-6543', nullable: true, maxLength: 40 })
  @IsOptional()
  @Transform(trim)
  @Matches(PHONE, { message: 'contactPhone must be a phone number (digits, spaces, -, ( ), +)' })
  contactPhone?: string | null;

  @ApiPropertyOptional({ example: true })
  @ValidateIf((_o, value) => value !== undefined)
  @IsBoolean()
  crowdsourcing?: boolean;

  @ApiPropertyOptional({
    example: '크라우드소싱 작업자 풀 운영 증빙 (2021-03)',
    nullable: true,
    maxLength: 5000,
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'crowdsourcingEvidence must not be empty (send null to clear it)' })
  @MaxLength(EVIDENCE_MAX)
  crowdsourcingEvidence?: string | null;
}

export class ReasonDto {
  @ApiProperty({
    example: '사업자등록 상태 확인 불가 (휴업)',
    minLength: 1,
    maxLength: 1000,
  })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  reason: string;
}

export class SupplierQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: SUPPLIER_CATEGORIES,
    example: 'AI_PROCESSING',
    description: 'Suppliers with an offering in this category (an approved one, for the public)',
  })
  @IsOptional()
  @IsIn(SUPPLIER_CATEGORIES, {
    message: `category must be one of ${SUPPLIER_CATEGORIES.join(', ')}`,
  })
  category?: SupplierCategory;

  @ApiPropertyOptional({
    enum: SUPPLIER_STATUSES,
    example: 'PENDING',
    description: 'Officers only; the public always sees APPROVED suppliers',
  })
  @IsOptional()
  @IsIn(SUPPLIER_STATUSES, { message: `status must be one of ${SUPPLIER_STATUSES.join(', ')}` })
  status?: SupplierStatus;

  @ApiPropertyOptional({
    example: '라벨링',
    maxLength: 100,
    description: 'Case-insensitive text in the supplier name or an offering title',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class OfferingPublicView {
  @ApiProperty({ format: 'uuid', example: '3f0c2a8e-6a57-4d8e-9a57-0b7f3a1c9d12' })
  id: string;

  @ApiProperty({ enum: SUPPLIER_CATEGORIES, example: 'AI_PROCESSING' })
  category: SupplierCategory;

  @ApiProperty({ enum: PROCESSING_KINDS, example: 'STANDARD' })
  processingKind: ProcessingKind;

  @ApiProperty({ example: '의료 영상 AI 학습용 라벨링' })
  title: string;

  @ApiProperty({ example: 'CT·MRI 영상 바운딩박스 및 세그멘테이션 라벨링, 검수 2회 포함' })
  description: string;

  @ApiProperty({ example: 65_000_000 })
  indicativePriceKrw: number;
}

/** What the owner and officers see of an offering. */
export class OfferingView extends OfferingPublicView {
  @ApiProperty({ enum: OFFERING_STATUSES, example: 'PENDING' })
  status: OfferingStatus;

  @ApiProperty({
    format: 'uuid',
    nullable: true,
    example: null,
    description: 'The approved offering this revision replaces once approved',
  })
  replacesId: string | null;

  @ApiProperty({ nullable: true, example: null, description: 'Why it was rejected' })
  reviewReason: string | null;

  @ApiProperty({ example: '2021-02-20T09:00:00.000Z' })
  createdAt: Date;

  @ApiProperty({ example: '2021-02-20T09:00:00.000Z' })
  updatedAt: Date;
}

/** The catalogue entry of an approved supplier, with its approved offerings only. */
export class SupplierPublicView {
  @ApiProperty({ format: 'uuid', example: '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d' })
  id: string;

  @ApiProperty({ example: '1248100998', description: 'Ten digits' })
  businessRegistrationNumber: string;

  @ApiProperty({ example: '(주)데이터가공' })
  name: string;

  @ApiProperty({ example: '김데이터' })
  representative: string;

  @ApiProperty({ example: 'contact@data-gagong.co.kr' })
  contactEmail: string;

  @ApiProperty({ nullable: true, example: '02-1234-5678' })
  contactPhone: string | null;

  @ApiProperty({ example: true })
  crowdsourcing: boolean;

  @ApiProperty({ enum: SUPPLIER_STATUSES, example: 'APPROVED' })
  status: SupplierStatus;

  @ApiProperty({ type: () => [OfferingPublicView] })
  offerings: OfferingPublicView[];
}

/** What the owner and officers see: every status, the review trail and every offering. */
export class SupplierView extends SupplierPublicView {
  @ApiProperty({ format: 'uuid', example: '0c8f7a52-1e0b-4b8e-8d47-5d2f7c6a9e31' })
  ownerUserId: string;

  @ApiProperty({ nullable: true, example: '크라우드소싱 플랫폼 운영 계약서 (2021-02-15)' })
  crowdsourcingEvidence: string | null;

  @ApiProperty({ nullable: true, example: null, description: 'Why it was rejected or suspended' })
  statusReason: string | null;

  @ApiProperty({ nullable: true, example: '2021-02-25T01:30:00.000Z' })
  reviewedAt: Date | null;

  @ApiProperty({ example: '2021-02-20T09:00:00.000Z' })
  createdAt: Date;

  @ApiProperty({ example: '2021-02-25T01:30:00.000Z' })
  updatedAt: Date;

  @ApiProperty({ type: () => [OfferingView] })
  declare offerings: OfferingView[];
}

export class SupplierPublicPage {
  @ApiProperty({ type: () => [SupplierPublicView] })
  items: SupplierPublicView[];

  @ApiProperty({ example: 42 })
  total: number;

  @ApiProperty({ example: 50 })
  limit: number;

  @ApiProperty({ example: 0 })
  offset: number;
}
