import { Controller, Get, Header, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { Actor, CurrentActor, idPipe, Role, Roles } from '@app/common';
import { RankingQueryDto, RankingRunView, RankingView } from './dto/evaluation.dto';
import { RankingService } from './ranking.service';

/** Scores and ranking are for officers only: applicants and suppliers learn results at selection. */
@ApiTags('evaluation')
@ApiBearerAuth()
@Controller('api/programs/:id')
export class RankingController {
  constructor(private readonly ranking: RankingService) {}

  @Post('ranking')
  @HttpCode(200)
  @Roles(Role.OFFICER, Role.ADMIN)
  @ApiOkResponse({ type: RankingRunView })
  @ApiConflictResponse({ description: 'PROGRAM_NOT_EVALUATING' })
  compute(@Param('id', idPipe()) programId: string, @CurrentActor() actor: Actor) {
    return this.ranking.compute(programId, actor);
  }

  @Get('ranking')
  @Roles(Role.OFFICER, Role.ADMIN)
  @ApiOkResponse({ type: RankingView })
  read(@Param('id', idPipe()) programId: string, @Query() query: RankingQueryDto) {
    return this.ranking.read(programId, query);
  }

  @Get('ranking.csv')
  @Roles(Role.OFFICER, Role.ADMIN)
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="ranking.csv"')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The ranking, UTF-8 with BOM' })
  rankingCsv(@Param('id', idPipe()) programId: string, @Query() query: RankingQueryDto) {
    return this.ranking.rankingCsv(programId, query);
  }

  @Get('scores.csv')
  @Roles(Role.OFFICER, Role.ADMIN)
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="scores.csv"')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'Every score sheet, a column per criterion, UTF-8 with BOM' })
  scoresCsv(@Param('id', idPipe()) programId: string) {
    return this.ranking.scoresCsv(programId);
  }
}
