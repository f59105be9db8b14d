import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Actor, CurrentActor, idPipe, Role, Roles } from '@app/common';
import { AssignmentService } from './assignment.service';
import {
  AssignmentQueryDto,
  AssignmentView,
  AutoAssignmentResult,
  ManualAssignmentDto,
  RecuseDto,
  RecuseResult,
  ScoreSheetDto,
  SubmitScoreSheetDto,
  StaffAssignmentView,
} from './dto/evaluation.dto';

@ApiTags('evaluation')
@ApiBearerAuth()
@Controller('api')
export class AssignmentController {
  constructor(private readonly assignments: AssignmentService) {}

  @Post('programs/:id/assignments/auto')
  @HttpCode(200)
  @Roles(Role.OFFICER, Role.ADMIN)
  @ApiOkResponse({
    type: AutoAssignmentResult,
    description: 'N evaluators per application, load-balanced, never a conflicted one',
  })
  @ApiConflictResponse({ description: 'PROGRAM_NOT_EVALUATING' })
  autoAssign(
    @Param('id', idPipe()) programId: string,
    @CurrentActor() actor: Actor,
  ): Promise<AutoAssignmentResult> {
    return this.assignments.autoAssign(programId, actor);
  }

  @Post('applications/:id/assignments')
  @Roles(Role.OFFICER, Role.ADMIN)
  @ApiCreatedResponse({ type: StaffAssignmentView })
  @ApiConflictResponse({ description: 'CONFLICT_OF_INTEREST, with each conflict and its reason' })
  assign(
    @Param('id', idPipe()) applicationId: string,
    @Body() dto: ManualAssignmentDto,
    @CurrentActor() actor: Actor,
  ): Promise<StaffAssignmentView> {
    return this.assignments.assign(applicationId, dto.evaluatorId, actor);
  }

  @Get('applications/:id/assignments')
  @Roles(Role.OFFICER, Role.ADMIN)
  @ApiOkResponse({ type: [StaffAssignmentView], description: 'Every sheet, with its evaluator' })
  forApplication(@Param('id', idPipe()) applicationId: string): Promise<StaffAssignmentView[]> {
    return this.assignments.forApplication(applicationId);
  }

  @Get('evaluations/mine')
  @Roles(Role.EVALUATOR)
  @ApiOkResponse({ description: "The caller's own sheets only" })
  mine(@Query() query: AssignmentQueryDto, @CurrentActor() actor: Actor) {
    return this.assignments.mine(query, actor);
  }

  @Get('assignments/:id')
  @Roles(Role.EVALUATOR, Role.OFFICER, Role.ADMIN)
  @ApiOkResponse({ type: AssignmentView })
  @ApiNotFoundResponse({ description: "Also for another evaluator's sheet" })
  get(@Param('id', idPipe()) id: string, @CurrentActor() actor: Actor) {
    return this.assignments.get(id, actor);
  }

  @Put('assignments/:id/scores')
  @Roles(Role.EVALUATOR)
  @ApiOkResponse({ type: AssignmentView, description: 'Stored as a draft' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED naming scores.CODE' })
  @ApiConflictResponse({ description: 'SHEET_LOCKED once submitted' })
  saveScores(
    @Param('id', idPipe()) id: string,
    @Body() dto: ScoreSheetDto,
    @CurrentActor() actor: Actor,
  ): Promise<AssignmentView> {
    return this.assignments.saveScores(id, dto, actor);
  }

  @Post('assignments/:id/submit')
  @HttpCode(200)
  @Roles(Role.EVALUATOR)
  @ApiOkResponse({
    type: AssignmentView,
    description: 'Every criterion scored; locked from now on',
  })
  @ApiConflictResponse({ description: 'SHEET_LOCKED when already submitted' })
  submit(
    @Param('id', idPipe()) id: string,
    @Body() dto: SubmitScoreSheetDto,
    @CurrentActor() actor: Actor,
  ): Promise<AssignmentView> {
    return this.assignments.submit(id, actor, dto);
  }

  @Post('assignments/:id/recuse')
  @HttpCode(200)
  @Roles(Role.EVALUATOR)
  @ApiOkResponse({
    type: RecuseResult,
    description: 'Another evaluator takes the application over',
  })
  @ApiConflictResponse({ description: 'SHEET_LOCKED when already submitted' })
  recuse(
    @Param('id', idPipe()) id: string,
    @Body() dto: RecuseDto,
    @CurrentActor() actor: Actor,
  ): Promise<RecuseResult> {
    return this.assignments.recuse(id, dto.reason, actor);
  }
}
