import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateBy,
} from 'class-validator';
import { PageQueryDto, trim } from '@app/common';
import {
  IsBusinessRegistrationNumber,
  NormalizeBusinessRegistrationNumber,
} from '../../supplier/business-registration-number.policy';
import {
  COMPANY_TYPES,
  CompanyType,
  MINISTRY_FIELDS,
  MinistryField,
  Region,
  REGIONS,
} from '../../shared/reference-data';

export class CreateCompanyDto {
  @ApiProperty({ example: '220-81-62517', description: '사업자등록번호, with or without hyphens' })
  @NormalizeBusinessRegistrationNumber()
  @IsBusinessRegistrationNumber()
  businessRegistrationNumber: string;

  @ApiProperty({ example: '(주)데이터농장' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: COMPANY_TYPES, example: 'SME' })
  @IsIn(COMPANY_TYPES)
  type: CompanyType;

  @ApiProperty({ enum: REGIONS, example: 'JEONBUK' })
  @IsIn(REGIONS)
  region: Region;

  @ApiProperty({ example: '박청년' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  ceoName: string;

  @ApiProperty({ example: '1992-05-17', description: 'YYYY-MM-DD' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'ceoBirthDate must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'ceoBirthDate must be a real calendar date' })
  @ValidateBy({
    name: 'isPastBirthDate',
    validator: {
      // A birth date is in the past (and after 1900): ages decide youth quotas and bonuses.
      validate: (v: unknown) =>
        typeof v === 'string' && v >= '1900-01-01' && v <= new Date().toISOString().slice(0, 10),
      defaultMessage: () => 'ceoBirthDate must be a date between 1900-01-01 and today',
    },
  })
  ceoBirthDate: string;

  @ApiProperty({ example: '스마트팜' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  industry: string;

  @ApiPropertyOptional({ enum: MINISTRY_FIELDS, example: 'AGRICULTURE' })
  @IsOptional()
  @IsIn(MINISTRY_FIELDS)
  ministryField?: MinistryField;
}

/** Every field optional, but null is validated like any value (ministryField may be cleared). */
export class UpdateCompanyDto extends PartialType(CreateCompanyDto, {
  skipNullProperties: false,
}) {}

export class CompanyQueryDto extends PageQueryDto {}

export class CompanyView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: '2208162517' })
  businessRegistrationNumber: string;

  @ApiProperty({ example: '(주)데이터농장' })
  name: string;

  @ApiProperty({ enum: COMPANY_TYPES })
  type: CompanyType;

  @ApiProperty({ enum: REGIONS })
  region: Region;

  @ApiProperty({ example: '박청년' })
  ceoName: string;

  @ApiProperty({ example: '1992-05-17' })
  ceoBirthDate: string;

  @ApiProperty({ example: '스마트팜' })
  industry: string;

  @ApiProperty({ enum: MINISTRY_FIELDS, nullable: true })
  ministryField: MinistryField | null;

  @ApiProperty()
  createdAt: Date;

  @ApiProperty()
  updatedAt: Date;
}
