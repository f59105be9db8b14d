import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Actor, CurrentActor, idPipe, Role, Roles } from '@app/common';
import {
  AddEvaluatorsDto,
  ConflictView,
  DeclareConflictDto,
  EvaluatorProfileDto,
  EvaluatorProfileView,
  PoolMemberView,
} from './dto/evaluation.dto';
import { EvaluatorService } from './evaluator.service';

@ApiTags('evaluation')
@ApiBearerAuth()
@Controller('api')
export class EvaluatorController {
  constructor(private readonly evaluators: EvaluatorService) {}

  @Get('evaluators/me/profile')
  @Roles(Role.EVALUATOR)
  @ApiOkResponse({ type: EvaluatorProfileView })
  profile(@CurrentActor() actor: Actor): Promise<EvaluatorProfileView> {
    return this.evaluators.profile(actor);
  }

  @Put('evaluators/me/profile')
  @Roles(Role.EVALUATOR)
  @ApiOkResponse({
    type: EvaluatorProfileView,
    description: 'The affiliation makes conflicts automatic; conflicting open sheets are recused',
  })
  updateProfile(@Body() dto: EvaluatorProfileDto, @CurrentActor() actor: Actor) {
    return this.evaluators.updateProfile(dto, actor);
  }

  @Get('evaluators/me/conflicts')
  @Roles(Role.EVALUATOR)
  @ApiOkResponse({ type: [ConflictView] })
  conflicts(@CurrentActor() actor: Actor): Promise<ConflictView[]> {
    return this.evaluators.conflicts(actor);
  }

  @Post('evaluators/me/conflicts')
  @Roles(Role.EVALUATOR)
  @ApiCreatedResponse({
    type: ConflictView,
    description: 'Declared; open sheets it touches are recused and reassigned',
  })
  @ApiConflictResponse({ description: 'CONFLICT: this number is already declared' })
  declare(@Body() dto: DeclareConflictDto, @CurrentActor() actor: Actor): Promise<ConflictView> {
    return this.evaluators.declareConflict(dto, actor);
  }

  @Post('programs/:id/evaluators')
  @Roles(Role.OFFICER, Role.ADMIN)
  @ApiCreatedResponse({ type: [PoolMemberView], description: 'The pool after the addition' })
  @ApiBadRequestResponse({
    description: 'VALIDATION_FAILED naming each id that is not an EVALUATOR',
  })
  addToPool(
    @Param('id', idPipe()) programId: string,
    @Body() dto: AddEvaluatorsDto,
    @CurrentActor() actor: Actor,
  ): Promise<PoolMemberView[]> {
    return this.evaluators.addToPool(programId, dto.evaluatorIds, actor);
  }

  @Get('programs/:id/evaluators')
  @Roles(Role.OFFICER, Role.ADMIN)
  @ApiOkResponse({ type: [PoolMemberView], description: 'The pool with load counts' })
  pool(@Param('id', idPipe()) programId: string): Promise<PoolMemberView[]> {
    return this.evaluators.pool(programId);
  }
}
