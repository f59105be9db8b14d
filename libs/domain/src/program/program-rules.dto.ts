import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  COMPANY_TYPES,
  CompanyType,
  Region,
  REGIONS,
  RULE_CODE_PATTERN,
} from '../shared/reference-data';

/** A moment must carry its offset, or it would shift with the server's time zone. */
const WITH_OFFSET = /(Z|[+-]\d{2}:\d{2})$/;
const OFFSET_MESSAGE = 'must be an ISO 8601 date-time with Z or a ±hh:mm offset';

/** The largest amount a rule set may name: 10 trillion won, far below 2^53. */
export const MAX_KRW = 10_000_000_000_000;

const CODE_MESSAGE = 'must be 2-40 upper-case letters, digits or _ starting with a letter';

export class CategoryRuleDto {
  @ApiProperty({ example: 'AI_PROCESSING' })
  @Matches(RULE_CODE_PATTERN, { message: `code ${CODE_MESSAGE}` })
  code: string;

  @ApiProperty({ example: 'AI가공' })
  @IsString()
  @MaxLength(100)
  name: string;

  @ApiProperty({ example: 900, description: 'Number of vouchers (seats) in this category' })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  slots: number;

  @ApiProperty({ example: 70_000_000, description: 'Per-voucher cap of state support, KRW' })
  @IsInt()
  @Min(1)
  @Max(MAX_KRW)
  maxGrantKrw: number;
}

export const CONDITION_TYPES = [
  'NON_CAPITAL_REGION',
  'YOUTH_CEO',
  'COMPANY_TYPE',
  'CROWDSOURCING_SUPPLIER',
  'SOCIAL_ISSUE_TRACK',
] as const;
export type ConditionType = (typeof CONDITION_TYPES)[number];

/**
 * A condition on an application, evaluated from data: used by quotas and bonus rules.
 * Which optional fields matter depends on `type` (checked by the rule-set policy).
 */
export class ConditionDto {
  @ApiProperty({ enum: CONDITION_TYPES, example: 'NON_CAPITAL_REGION' })
  @IsIn(CONDITION_TYPES)
  type: ConditionType;

  @ApiPropertyOptional({
    enum: REGIONS,
    isArray: true,
    example: ['SEOUL', 'GYEONGGI', 'INCHEON'],
    description: 'NON_CAPITAL_REGION: the regions that count as the capital region',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(REGIONS, { each: true })
  capitalRegions?: Region[];

  @ApiPropertyOptional({ example: 19, description: 'YOUTH_CEO: youngest age that counts' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(120)
  minAge?: number;

  @ApiPropertyOptional({ example: 39, description: 'YOUTH_CEO: oldest age that counts' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(120)
  maxAge?: number;

  @ApiPropertyOptional({ enum: COMPANY_TYPES, isArray: true, description: 'COMPANY_TYPE' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(COMPANY_TYPES, { each: true })
  companyTypes?: CompanyType[];

  @ApiPropertyOptional({
    example: ['AI_PROCESSING'],
    description: 'Limits the condition to applications in these categories',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @Matches(RULE_CODE_PATTERN, { each: true, message: `each category ${CODE_MESSAGE}` })
  categories?: string[];
}

export class SpecialPoolDto {
  @ApiProperty({ example: 'SOCIAL_ISSUE' })
  @Matches(RULE_CODE_PATTERN, { message: `code ${CODE_MESSAGE}` })
  code: string;

  @ApiProperty({ example: '사회현안 긴급지원' })
  @IsString()
  @MaxLength(100)
  name: string;

  @ApiProperty({ example: 5_000_000_000 })
  @IsInt()
  @Min(1)
  @Max(MAX_KRW)
  budgetKrw: number;

  @ApiProperty({ enum: COMPANY_TYPES, isArray: true, description: 'Who may draw on this pool' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(COMPANY_TYPES, { each: true })
  companyTypes: CompanyType[];

  @ApiProperty({ example: ['COVID19', 'CARBON_NEUTRALITY'], description: 'Social issues it funds' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @Matches(RULE_CODE_PATTERN, { each: true, message: `each issue ${CODE_MESSAGE}` })
  issues: string[];
}

export class QuotaDto {
  @ApiProperty({ example: 'REGIONAL' })
  @Matches(RULE_CODE_PATTERN, { message: `code ${CODE_MESSAGE}` })
  code: string;

  @ApiProperty({ example: 0.4, description: "Share of each category's slots reserved first" })
  @IsNumber({ maxDecimalPlaces: 4, allowNaN: false, allowInfinity: false })
  @Min(0.0001)
  @Max(1)
  share: number;

  @ApiProperty({ type: () => ConditionDto })
  // ValidateNested alone lets a missing (undefined) or array value through.
  @IsObject()
  @ValidateNested()
  @Type(() => ConditionDto)
  rule: ConditionDto;
}

export class BonusRuleDto {
  @ApiProperty({ example: 'CROWDSOURCING' })
  @Matches(RULE_CODE_PATTERN, { message: `code ${CODE_MESSAGE}` })
  code: string;

  @ApiProperty({ example: 1 })
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0.01)
  @Max(100)
  points: number;

  @ApiProperty({ type: () => ConditionDto })
  // ValidateNested alone lets a missing (undefined) or array value through.
  @IsObject()
  @ValidateNested()
  @Type(() => ConditionDto)
  condition: ConditionDto;
}

export class CriterionDto {
  @ApiProperty({ example: 'FEASIBILITY' })
  @Matches(RULE_CODE_PATTERN, { message: `code ${CODE_MESSAGE}` })
  code: string;

  @ApiProperty({ example: '사업 추진 가능성' })
  @IsString()
  @MaxLength(100)
  name: string;

  @ApiProperty({ example: 30 })
  @IsInt()
  @Min(1)
  @Max(100)
  maxPoints: number;
}

export const AGGREGATIONS = ['MEAN', 'TRIMMED_MEAN'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];
export const NORMALIZATIONS = ['NONE', 'Z_SCORE'] as const;
export type Normalization = (typeof NORMALIZATIONS)[number];

export class EvaluationRulesDto {
  @ApiProperty({ type: () => [CriterionDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => CriterionDto)
  criteria: CriterionDto[];

  @ApiProperty({ example: 3 })
  @IsInt()
  @Min(1)
  @Max(15)
  evaluatorsPerApplication: number;

  @ApiProperty({ enum: AGGREGATIONS, example: 'MEAN' })
  @IsIn(AGGREGATIONS)
  aggregation: Aggregation;

  @ApiProperty({ example: 5, description: 'TRIMMED_MEAN drops high and low from this many sheets' })
  @IsInt()
  @Min(3)
  @Max(15)
  trimMinSheets: number;

  @ApiProperty({ enum: NORMALIZATIONS, example: 'NONE' })
  @IsIn(NORMALIZATIONS)
  normalization: Normalization;

  @ApiProperty({ example: 60, description: 'Base score (before bonus) needed to be selectable' })
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1000)
  cutoffScore: number;

  @ApiProperty({ example: 3, description: 'Cap on the sum of bonus points' })
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  bonusCap: number;

  @ApiPropertyOptional({ example: '2021-04-30T18:00:00+09:00' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(WITH_OFFSET, { message: `$property ${OFFSET_MESSAGE}` })
  dueAt?: string;
}

export class CoPaymentRateDto {
  @ApiProperty({ enum: COMPANY_TYPES, example: 'SME' })
  @IsIn(COMPANY_TYPES)
  companyType: CompanyType;

  @ApiProperty({ example: 20, description: 'Share of the agreed cost the company pays, percent' })
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(99)
  percent: number;
}

export class CoPaymentRulesDto {
  @ApiProperty({ type: () => [CoPaymentRateDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => CoPaymentRateDto)
  rates: CoPaymentRateDto[];

  @ApiProperty({ example: 0, description: 'Percentage points less for youth-led companies' })
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(99)
  youthDiscountPercent: number;
}

export class WindowDto {
  @ApiProperty({ example: '2021-03-02T09:00:00+09:00' })
  @IsISO8601({ strict: true })
  @Matches(WITH_OFFSET, { message: `$property ${OFFSET_MESSAGE}` })
  opensAt: string;

  @ApiProperty({ example: '2021-03-31T18:00:00+09:00' })
  @IsISO8601({ strict: true })
  @Matches(WITH_OFFSET, { message: `$property ${OFFSET_MESSAGE}` })
  closesAt: string;
}

/** The configuration of one program year: everything that differs between years. */
export class ProgramRulesDto {
  @ApiProperty({ example: 123_000_000_000, description: 'The hard limit on all money, KRW' })
  @IsInt()
  @Min(1)
  @Max(MAX_KRW)
  totalPoolKrw: number;

  @ApiProperty({ type: () => [CategoryRuleDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CategoryRuleDto)
  categories: CategoryRuleDto[];

  @ApiProperty({ type: () => [SpecialPoolDto] })
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => SpecialPoolDto)
  specialPools: SpecialPoolDto[];

  @ApiProperty({
    enum: COMPANY_TYPES,
    isArray: true,
    example: ['SME', 'SMALL_BUSINESS', 'ONE_PERSON_CREATIVE'],
    description: 'Company types that may apply in the GENERAL track',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(COMPANY_TYPES, { each: true })
  generalTrackCompanyTypes: CompanyType[];

  @ApiProperty({ type: () => [QuotaDto] })
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => QuotaDto)
  quotas: QuotaDto[];

  @ApiProperty({ type: () => [BonusRuleDto] })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => BonusRuleDto)
  bonusRules: BonusRuleDto[];

  @ApiProperty({ type: () => EvaluationRulesDto })
  // ValidateNested alone lets a missing (undefined) or array value through.
  @IsObject()
  @ValidateNested()
  @Type(() => EvaluationRulesDto)
  evaluation: EvaluationRulesDto;

  @ApiProperty({ type: () => CoPaymentRulesDto })
  // ValidateNested alone lets a missing (undefined) or array value through.
  @IsObject()
  @ValidateNested()
  @Type(() => CoPaymentRulesDto)
  coPayment: CoPaymentRulesDto;

  @ApiProperty({ type: () => WindowDto })
  // ValidateNested alone lets a missing (undefined) or array value through.
  @IsObject()
  @ValidateNested()
  @Type(() => WindowDto)
  window: WindowDto;

  @ApiProperty({ example: '2021-03-02', description: 'Date on which ages (youth CEO) are taken' })
  @IsISO8601({ strict: true })
  referenceDate: string;

  @ApiProperty({ example: 14, description: 'Days a selected company has to sign the agreement' })
  @IsInt()
  @Min(1)
  @Max(365)
  agreementDeadlineDays: number;
}

/** The stored rule set: the validated DTO as plain data. */
export type ProgramRules = ProgramRulesDto;
