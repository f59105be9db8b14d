import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto, trim } from '@app/common';
import { RULE_CODE_PATTERN, Track, TRACKS } from '../../shared/reference-data';
import {
  IsBusinessRegistrationNumber,
  NormalizeBusinessRegistrationNumber,
} from '../../supplier/business-registration-number.policy';
import { CONFLICT_KINDS, ConflictKind } from '../conflict.policy';
import { ASSIGNMENT_STATUSES, AssignmentStatus } from '../score-sheet.policy';

// ---- evaluators -------------------------------------------------------------------------------

export class RecusedSheet {
  @ApiProperty({ format: 'uuid' })
  assignmentId: string;

  @ApiProperty({ format: 'uuid' })
  applicationId: string;

  @ApiProperty({ description: 'Whether another evaluator took the application over' })
  reassigned: boolean;
}

export class EvaluatorProfileDto {
  @ApiPropertyOptional({
    example: '1248100998',
    nullable: true,
    description: 'Business registration number of the organisation the evaluator works for',
  })
  @IsOptional()
  @NormalizeBusinessRegistrationNumber()
  @IsBusinessRegistrationNumber()
  affiliationBrn?: string | null;

  @ApiPropertyOptional({ example: '한국데이터대학교', nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  affiliationName?: string | null;
}

export class EvaluatorProfileView {
  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty({ nullable: true, example: '1248100998' })
  affiliationBrn: string | null;

  @ApiProperty({ nullable: true, example: '한국데이터대학교' })
  affiliationName: string | null;

  @ApiProperty({
    type: [RecusedSheet],
    description: 'Open sheets recused because the new affiliation conflicts with them',
  })
  recused: RecusedSheet[];
}

export class DeclareConflictDto {
  @ApiProperty({ enum: CONFLICT_KINDS, example: 'COMPANY' })
  @IsIn(CONFLICT_KINDS)
  kind: ConflictKind;

  @ApiProperty({ example: '124-81-00998' })
  @NormalizeBusinessRegistrationNumber()
  @IsBusinessRegistrationNumber()
  businessRegistrationNumber: string;

  @ApiProperty({ example: '최근 3년 내 자문 계약' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  reason: string;
}

export class ConflictView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: CONFLICT_KINDS })
  kind: ConflictKind;

  @ApiProperty({ example: '1248100998' })
  businessRegistrationNumber: string;

  @ApiProperty()
  reason: string;

  @ApiProperty()
  createdAt: Date;

  @ApiPropertyOptional({
    type: [RecusedSheet],
    description: 'On declaration: open sheets this conflict recused (and reassigned)',
  })
  recused?: RecusedSheet[];
}

export class AddEvaluatorsDto {
  @ApiProperty({ type: [String], format: 'uuid', description: 'Users with the EVALUATOR role' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ArrayUnique()
  @IsUUID(undefined, { each: true, message: 'each evaluatorIds entry must be a UUID' })
  evaluatorIds: string[];
}

export class PoolMemberView {
  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty()
  email: string;

  @ApiProperty()
  displayName: string;

  @ApiProperty({ nullable: true })
  affiliationName: string | null;

  @ApiProperty({ nullable: true })
  affiliationBrn: string | null;

  @ApiProperty({ description: 'Conflicts the evaluator declared' })
  declaredConflicts: number;

  @ApiProperty({ description: 'Open sheets (ASSIGNED) in this program' })
  open: number;

  @ApiProperty({ description: 'Submitted sheets in this program' })
  submitted: number;

  @ApiProperty({ description: 'Recused sheets in this program' })
  recused: number;

  @ApiProperty({ description: 'Load used for balancing: open + submitted' })
  load: number;
}

// ---- assignments ------------------------------------------------------------------------------

export class ManualAssignmentDto {
  @ApiProperty({ format: 'uuid', description: "A member of the program's evaluator pool" })
  @IsUUID(undefined, { message: 'evaluatorId must be a UUID' })
  evaluatorId: string;
}

export class AutoAssignedView {
  @ApiProperty({ format: 'uuid' })
  assignmentId: string;

  @ApiProperty({ format: 'uuid' })
  applicationId: string;

  @ApiProperty({ format: 'uuid' })
  evaluatorId: string;
}

export class UncoveredView {
  @ApiProperty({ format: 'uuid' })
  applicationId: string;

  @ApiProperty({ example: 2 })
  assigned: number;

  @ApiProperty({ example: 3 })
  required: number;

  @ApiProperty({
    example: '2 of 3 evaluators: the pool has 4, 2 of them with a conflict of interest or recused',
  })
  reason: string;
}

export class AutoAssignmentResult {
  @ApiProperty({ format: 'uuid' })
  programId: string;

  @ApiProperty({ type: [AutoAssignedView] })
  assignments: AutoAssignedView[];

  @ApiProperty({ type: [String], description: 'Applications moved to UNDER_REVIEW' })
  underReview: string[];

  @ApiProperty({ type: [UncoveredView], description: 'Applications short of evaluators' })
  uncovered: UncoveredView[];
}

export class ScoreSheetDto {
  @ApiProperty({
    example: { NECESSITY: 21, PLAN: 25.5, FEASIBILITY: 20, IMPACT: 16 },
    description:
      'Points per criterion code, 0..maxPoints, at most one decimal; a draft may leave criteria out',
  })
  @IsObject({ message: 'scores must be an object of points per criterion code' })
  scores: Record<string, unknown>;

  @ApiPropertyOptional({ example: '데이터 활용 계획이 구체적임' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  comment?: string;
}

/** Optional: scores sent with the submission are stored first, as PUT …/scores would. */
export class SubmitScoreSheetDto {
  @ApiPropertyOptional({
    example: { NECESSITY: 21, PLAN: 25.5, FEASIBILITY: 20, IMPACT: 16 },
    description:
      'Points per criterion code to store before submitting (saves a PUT …/scores); without them the stored draft is submitted',
  })
  @ValidateIf((o: SubmitScoreSheetDto) => o.scores !== undefined || o.comment !== undefined)
  @IsObject({ message: 'scores must be an object of points per criterion code' })
  scores?: Record<string, unknown>;

  @ApiPropertyOptional({ example: '데이터 활용 계획이 구체적임' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  comment?: string;
}

export class RecuseDto {
  @ApiProperty({ example: '신청기업 대표와 친족 관계' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  reason: string;
}

export class AssignmentQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID(undefined, { message: 'programId must be a UUID' })
  programId?: string;

  @ApiPropertyOptional({ enum: ASSIGNMENT_STATUSES })
  @IsOptional()
  @IsIn(ASSIGNMENT_STATUSES)
  status?: AssignmentStatus;
}

export class CriterionView {
  @ApiProperty({ example: 'PLAN' })
  code: string;

  @ApiProperty({ example: '활용 계획의 구체성' })
  name: string;

  @ApiProperty({ example: 30 })
  maxPoints: number;
}

export class AssignedApplicationView {
  @ApiProperty()
  title: string;

  @ApiProperty({ example: 'AI_PROCESSING' })
  category: string;

  @ApiProperty({ enum: TRACKS })
  track: Track;

  @ApiProperty({ nullable: true })
  socialIssue: string | null;

  @ApiProperty({ description: 'The plan sections' })
  plan: Record<string, string>;

  @ApiProperty()
  companyName: string;

  @ApiProperty({ example: 'JEONBUK' })
  companyRegion: string;
}

/** What an evaluator sees of its own sheet: never others' scores, bonuses, final or rank. */
export class AssignmentView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  applicationId: string;

  @ApiProperty({ format: 'uuid' })
  programId: string;

  @ApiProperty({ enum: ASSIGNMENT_STATUSES })
  status: AssignmentStatus;

  @ApiProperty({ nullable: true })
  dueAt: Date | null;

  @ApiProperty({ type: () => AssignedApplicationView })
  application: AssignedApplicationView;

  @ApiProperty({ type: [CriterionView] })
  criteria: CriterionView[];

  @ApiProperty({ example: { PLAN: 25.5 } })
  scores: Record<string, number>;

  @ApiProperty({ nullable: true })
  comment: string | null;

  @ApiProperty({ nullable: true, description: 'Fixed on submission', example: 82.5 })
  total: number | null;

  @ApiProperty({ nullable: true })
  submittedAt: Date | null;

  @ApiProperty({ nullable: true })
  recusedReason: string | null;

  @ApiProperty({ nullable: true })
  recusedAt: Date | null;

  @ApiProperty({
    nullable: true,
    description: 'When the sheet was closed unsubmitted because its application left evaluation',
  })
  cancelledAt: Date | null;

  @ApiProperty({ nullable: true, example: 'application withdrawn' })
  cancelReason: string | null;

  @ApiProperty()
  createdAt: Date;

  @ApiProperty()
  updatedAt: Date;
}

/** Officers also see who holds the sheet. */
export class StaffAssignmentView extends AssignmentView {
  @ApiProperty({ format: 'uuid' })
  evaluatorId: string;

  @ApiProperty()
  evaluatorName: string;

  @ApiProperty()
  evaluatorEmail: string;
}

export class RecuseResult {
  @ApiProperty({ type: () => AssignmentView })
  assignment: AssignmentView;

  @ApiProperty({ description: 'Whether another evaluator took the application over' })
  reassigned: boolean;
}

// ---- ranking ----------------------------------------------------------------------------------

export class RankingQueryDto {
  @ApiPropertyOptional({ example: 'AI_PROCESSING' })
  @IsOptional()
  @Matches(RULE_CODE_PATTERN, { message: 'category must be a category code' })
  category?: string;

  @ApiPropertyOptional({ enum: TRACKS })
  @IsOptional()
  @IsIn(TRACKS)
  track?: Track;
}

export class PendingApplicationView {
  @ApiProperty({ format: 'uuid' })
  applicationId: string;

  @ApiProperty()
  submittedSheets: number;

  @ApiProperty()
  activeSheets: number;

  @ApiProperty({ description: 'evaluatorsPerApplication of the rule set' })
  requiredSheets: number;
}

export class RankingGroupView {
  @ApiProperty({ example: 'AI_PROCESSING' })
  category: string;

  @ApiProperty({ enum: TRACKS })
  track: string;

  @ApiProperty()
  applications: number;

  @ApiProperty({ description: 'sha256 over the ordered (id, base, final) list' })
  rankingHash: string;
}

export class RankingRunView {
  @ApiProperty({ format: 'uuid' })
  programId: string;

  @ApiProperty({ description: 'Applications scored and ranked' })
  scored: number;

  @ApiProperty({ description: 'Applications whose sheets are not all in' })
  pending: number;

  @ApiProperty({ type: [PendingApplicationView] })
  pendingApplications: PendingApplicationView[];

  @ApiProperty({ type: [RankingGroupView] })
  rankings: RankingGroupView[];

  @ApiProperty()
  computedAt: Date;
}

export class BonusView {
  @ApiProperty({ example: 'CROWDSOURCING' })
  code: string;

  @ApiProperty({ example: 1 })
  points: number;

  @ApiProperty({ example: 'the supplier has adopted crowdsourcing' })
  reason: string;
}

export class RankingItemView {
  @ApiProperty({ example: 1 })
  rank: number;

  @ApiProperty({ format: 'uuid' })
  applicationId: string;

  @ApiProperty()
  title: string;

  @ApiProperty()
  companyName: string;

  @ApiProperty()
  category: string;

  @ApiProperty({ enum: TRACKS })
  track: string;

  @ApiProperty({ description: 'Application status (SCORED unless it moved on)' })
  status: string;

  @ApiProperty()
  sheets: number;

  @ApiProperty({ example: 82.33 })
  baseScore: number;

  @ApiProperty({ type: [BonusView], description: 'Bonus rules that applied, and why' })
  bonuses: BonusView[];

  @ApiProperty({ example: 2, description: 'Σ of the applied bonuses before the cap' })
  bonusTotal: number;

  @ApiProperty({ example: 1, description: 'min(Σ bonus, cap)' })
  bonusPoints: number;

  @ApiProperty({ example: 83.33 })
  finalScore: number;

  @ApiProperty({ description: 'base ≥ cut-off (the bonus does not count)' })
  passedCutoff: boolean;

  @ApiProperty()
  submittedAt: Date;

  @ApiProperty()
  computedAt: Date;
}

export class RankingView {
  @ApiProperty({ format: 'uuid' })
  programId: string;

  @ApiProperty({ type: [RankingGroupView] })
  rankings: RankingGroupView[];

  @ApiProperty({ type: [RankingItemView], description: 'By category, track, then rank' })
  items: RankingItemView[];
}
