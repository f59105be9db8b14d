import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, Matches } from 'class-validator';
import { PageQueryDto } from '@app/common';
import { RULE_CODE_PATTERN } from '../../shared/reference-data';

export class CreateSelectionRunDto {
  @ApiPropertyOptional({
    default: true,
    description: 'true: preview only; false: preview and commit at once',
  })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}

export const OUTCOMES = ['SELECTED', 'WAITLISTED', 'REJECTED'] as const;

export class DecisionQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: OUTCOMES })
  @IsOptional()
  @IsIn(OUTCOMES)
  outcome?: (typeof OUTCOMES)[number];

  @ApiPropertyOptional({ example: 'AI_PROCESSING' })
  @IsOptional()
  @Matches(RULE_CODE_PATTERN, { message: 'category must be a category code' })
  category?: string;
}

export class SelectionRunView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  programId: string;

  @ApiProperty({ enum: ['PREVIEW', 'COMMITTED'] })
  status: string;

  @ApiProperty({ example: 1 })
  rulesVersion: number;

  @ApiProperty({ description: 'sha256 of the recorded input (scores, grants, quotas, money left)' })
  inputHash: string;

  @ApiProperty({ description: 'sha256 of the decisions' })
  outputHash: string;

  @ApiProperty({
    description: 'Per category: slots, selected, quota fill, money; special pools; pool',
  })
  summary: Record<string, unknown>;

  @ApiProperty()
  createdAt: Date;

  @ApiProperty({ nullable: true })
  committedAt: Date | null;
}
