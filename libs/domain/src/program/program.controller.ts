import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { Actor, CurrentActor, idPipe, OptionalActor, Public, Role, Roles } from '@app/common';

/** Drafts are the officers' work in progress: the public sees announced programs only. */
const isStaffActor = (actor: Actor | null) =>
  actor?.role === Role.OFFICER || actor?.role === Role.ADMIN;
import {
  CreateProgramDto,
  ProgramActionParams,
  ProgramQueryDto,
  ProgramView,
  UpdateProgramDto,
} from './dto/program.dto';
import { PROGRAM_ACTIONS } from './program-lifecycle.policy';
import { ProgramService } from './program.service';

@ApiTags('programs')
@Controller('api/programs')
export class ProgramController {
  constructor(private readonly programs: ProgramService) {}

  @Post()
  @ApiBearerAuth()
  @Roles(Role.OFFICER, Role.ADMIN)
  @ApiCreatedResponse({ type: ProgramView })
  @ApiBadRequestResponse({
    description: 'VALIDATION_FAILED or INVALID_RULE_SET, each field with its reason',
  })
  create(@Body() dto: CreateProgramDto, @CurrentActor() actor: Actor): Promise<ProgramView> {
    return this.programs.create(dto, actor);
  }

  @Get()
  @Public()
  @ApiOkResponse({ description: 'Programs, newest year first (public announcement data)' })
  list(@Query() query: ProgramQueryDto, @OptionalActor() actor: Actor | null) {
    return this.programs.list(query, isStaffActor(actor));
  }

  @Get(':id')
  @Public()
  @ApiOkResponse({ type: ProgramView })
  get(
    @Param('id', idPipe()) id: string,
    @OptionalActor() actor: Actor | null,
  ): Promise<ProgramView> {
    return this.programs.get(id, isStaffActor(actor));
  }

  @Patch(':id')
  @ApiBearerAuth()
  @Roles(Role.OFFICER, Role.ADMIN)
  @ApiOkResponse({ type: ProgramView })
  @ApiConflictResponse({ description: 'PROGRAM_NOT_EDITABLE once the program left DRAFT' })
  update(
    @Param('id', idPipe()) id: string,
    @Body() dto: UpdateProgramDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.programs.update(id, dto, actor);
  }

  @Post(':id/:action')
  @HttpCode(200)
  @ApiBearerAuth()
  @Roles(Role.OFFICER, Role.ADMIN)
  @ApiParam({ name: 'action', enum: Object.keys(PROGRAM_ACTIONS) })
  @ApiOkResponse({
    type: ProgramView,
    description: 'DRAFT→OPEN→CLOSED→EVALUATING; SELECTED→RUNNING→FINISHED',
  })
  @ApiConflictResponse({ description: 'INVALID_STATE_TRANSITION' })
  transition(@Param() params: ProgramActionParams, @CurrentActor() actor: Actor) {
    return this.programs.transition(params.id, params.action, actor);
  }
}
