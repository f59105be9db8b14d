import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsObject,
  IsUUID,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '@app/common';
import {
  PROGRAM_ACTIONS,
  PROGRAM_STATUSES,
  ProgramAction,
  ProgramStatus,
} from '../program-lifecycle.policy';
import { ProgramRulesDto } from '../program-rules.dto';

export class CreateProgramDto {
  @ApiProperty({ example: 2021 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @ApiProperty({ example: '2021 데이터 바우처 지원사업' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ type: () => ProgramRulesDto })
  // ValidateNested alone lets a missing (undefined) or array value through.
  @IsObject()
  @ValidateNested()
  @Type(() => ProgramRulesDto)
  rules: ProgramRulesDto;
}

export class UpdateProgramDto {
  @ApiPropertyOptional({ example: '2021 데이터 바우처 지원사업 (수정)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ type: () => ProgramRulesDto, description: 'Replaces the whole rule set' })
  @IsOptional()
  // ValidateNested alone lets a missing (undefined) or array value through.
  @IsObject()
  @ValidateNested()
  @Type(() => ProgramRulesDto)
  rules?: ProgramRulesDto;
}

export class ProgramQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: PROGRAM_STATUSES })
  @IsOptional()
  @IsIn(PROGRAM_STATUSES)
  status?: ProgramStatus;

  @ApiPropertyOptional({ example: 2021 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

export class ProgramActionParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID(undefined, { message: 'id must be a UUID' })
  id: string;

  @ApiProperty({ enum: Object.keys(PROGRAM_ACTIONS) })
  @IsIn(Object.keys(PROGRAM_ACTIONS), {
    message: `action must be one of ${Object.keys(PROGRAM_ACTIONS).join(', ')}`,
  })
  action: ProgramAction;
}

export class RuleWarningView {
  @ApiProperty({ example: 'totalPoolKrw' })
  field: string;

  @ApiProperty()
  reason: string;
}

export class ProgramView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 2021 })
  year: number;

  @ApiProperty({ example: '2021 데이터 바우처 지원사업' })
  name: string;

  @ApiProperty({ enum: PROGRAM_STATUSES })
  status: ProgramStatus;

  @ApiProperty({ example: 1 })
  rulesVersion: number;

  @ApiProperty({ type: () => ProgramRulesDto })
  rules: ProgramRulesDto;

  @ApiProperty({ example: 2580, description: 'Sum of category slots' })
  totalSlots: number;

  @ApiProperty({
    type: () => RuleWarningView,
    isArray: true,
    description:
      'What an officer should know about a usable rule set (e.g. envelopes promising more than the pool); empty when nothing',
  })
  warnings: RuleWarningView[];

  @ApiProperty()
  createdAt: Date;

  @ApiProperty()
  updatedAt: Date;
}
