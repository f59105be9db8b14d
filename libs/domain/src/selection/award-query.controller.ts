import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { Actor, CurrentActor, idPipe, Role, Roles } from '@app/common';
import { AwardQueryService } from './award-query.service';
import {
  AwardFilterDto,
  AwardPage,
  AwardQueryDto,
  PaymentHistoryView,
} from './dto/award-query.dto';

@ApiTags('awards')
@ApiBearerAuth()
@Controller('api')
export class AwardQueryController {
  constructor(private readonly awards: AwardQueryService) {}

  @Get('programs/:id/awards')
  @Roles(Role.OFFICER, Role.ADMIN)
  @ApiOkResponse({
    type: AwardPage,
    description:
      "A program's awards with names, agreement and delivery state, paid, recovered and net KRW; " +
      'in category, track and rank order',
  })
  list(@Param('id', idPipe()) programId: string, @Query() query: AwardQueryDto) {
    return this.awards.list(programId, query);
  }

  @Get('programs/:id/awards.csv')
  @Roles(Role.OFFICER, Role.ADMIN)
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="awards.csv"')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The award list with the same filters, unpaged, UTF-8 with BOM' })
  csv(@Param('id', idPipe()) programId: string, @Query() filter: AwardFilterDto): Promise<string> {
    return this.awards.csv(programId, filter);
  }

  @Get('me/awards')
  @Roles(Role.APPLICANT, Role.SUPPLIER)
  @ApiOkResponse({
    type: AwardPage,
    description:
      "The caller's awards across programs (a supplier's: naming a supplier it owns; an " +
      "applicant's: of its applications), filtered and paged like a program's list",
  })
  mine(@CurrentActor() actor: Actor, @Query() query: AwardQueryDto) {
    return this.awards.mine(actor, query);
  }

  @Get('applications/:id/award/payments')
  @Roles(Role.APPLICANT, Role.SUPPLIER, Role.OFFICER, Role.ADMIN)
  @ApiOkResponse({
    type: PaymentHistoryView,
    description: 'Disbursements and recoveries of the award, oldest first, with the totals',
  })
  @ApiNotFoundResponse({ description: 'Also for an award you are not a party to' })
  payments(
    @Param('id', idPipe()) applicationId: string,
    @CurrentActor() actor: Actor,
  ): Promise<PaymentHistoryView> {
    return this.awards.payments(applicationId, actor);
  }
}
