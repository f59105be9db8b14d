import { Body, Controller, Get, Header, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { Actor, CurrentActor, idPipe, Role, Roles } from '@app/common';
import { CreateSelectionRunDto, DecisionQueryDto, SelectionRunView } from './dto/selection.dto';
import { SelectionService } from './selection.service';

@ApiTags('selection')
@ApiBearerAuth()
@Controller('api')
@Roles(Role.OFFICER, Role.ADMIN)
export class SelectionController {
  constructor(private readonly selection: SelectionService) {}

  @Post('programs/:id/selection-runs')
  @ApiCreatedResponse({
    type: SelectionRunView,
    description: 'A preview; with dryRun: false it is committed at once',
  })
  @ApiConflictResponse({
    description: 'The program is not EVALUATING, or a run is already committed',
  })
  async create(
    @Param('id', idPipe()) programId: string,
    @Body() dto: CreateSelectionRunDto,
    @CurrentActor() actor: Actor,
  ) {
    const run = await this.selection.preview(programId, actor);
    return dto.dryRun === false ? this.selection.commit(run.id, actor) : run;
  }

  @Get('programs/:id/selection-runs')
  @ApiOkResponse({ type: [SelectionRunView] })
  list(@Param('id', idPipe()) programId: string) {
    return this.selection.list(programId);
  }

  @Get('selection-runs/:id')
  @ApiOkResponse({
    type: SelectionRunView,
    description: 'Summary per category: slots, selected, quota fill, money',
  })
  get(@Param('id', idPipe()) id: string) {
    return this.selection.get(id);
  }

  @Get('selection-runs/:id/decisions')
  @ApiOkResponse({ description: 'Every decision with its reason, in rank order' })
  decisions(@Param('id', idPipe()) id: string, @Query() query: DecisionQueryDto) {
    return this.selection.decisions(id, query);
  }

  @Get('selection-runs/:id/decisions.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="selection.csv"')
  @ApiProduces('text/csv')
  csv(@Param('id', idPipe()) id: string) {
    return this.selection.csv(id);
  }

  @Post('selection-runs/:id/commit')
  @HttpCode(200)
  @ApiOkResponse({
    type: SelectionRunView,
    description: 'Reserves every grant, sets statuses, emits events: one transaction',
  })
  @ApiConflictResponse({ description: 'Already committed, or STALE_SELECTION_RUN' })
  commit(@Param('id', idPipe()) id: string, @CurrentActor() actor: Actor) {
    return this.selection.commit(id, actor);
  }

  @Post('selection-runs/:id/replay')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Recomputed from the recorded input; identical must be true' })
  replay(@Param('id', idPipe()) id: string) {
    return this.selection.replay(id);
  }
}
