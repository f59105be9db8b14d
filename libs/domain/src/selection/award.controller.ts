import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiHeader,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, CurrentActor, idPipe, Role, Roles } from '@app/common';
import { AwardService } from './award.service';
import {
  AwardView,
  CancelAwardDto,
  DeclineAwardDto,
  DisburseDto,
  RecoverDto,
} from './dto/award.dto';

@ApiTags('awards')
@ApiBearerAuth()
@Controller('api/applications/:id')
export class AwardController {
  constructor(private readonly awards: AwardService) {}

  @Get('award')
  @Roles(Role.APPLICANT, Role.SUPPLIER, Role.OFFICER, Role.ADMIN)
  @ApiOkResponse({
    type: AwardView,
    description: 'The award of a selected or waitlisted application, to its parties',
  })
  get(@Param('id', idPipe()) id: string, @CurrentActor() actor: Actor) {
    return this.awards.get(id, actor);
  }

  @Post('agreement/sign')
  @HttpCode(200)
  @Roles(Role.APPLICANT, Role.SUPPLIER, Role.OFFICER, Role.ADMIN)
  @ApiOkResponse({
    type: AwardView,
    description: 'Company, supplier and operator each sign; the third makes it CONTRACTED',
  })
  sign(@Param('id', idPipe()) id: string, @CurrentActor() actor: Actor) {
    return this.awards.sign(id, actor);
  }

  @Post('cancel')
  @HttpCode(200)
  @Roles(Role.OFFICER, Role.ADMIN)
  @ApiOkResponse({
    description:
      'Releases the reservation and promotes the next waitlisted application, in one transaction',
  })
  cancel(
    @Param('id', idPipe()) id: string,
    @Body() dto: CancelAwardDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.awards.cancel(id, dto.reason, actor);
  }

  @Post('decline')
  @HttpCode(200)
  @Roles(Role.APPLICANT)
  @ApiOkResponse({
    type: AwardView,
    description:
      'The applicant declines its own SELECTED award, before the agreement is concluded: like an ' +
      "officer's cancellation, the reservation is released and the next waitlisted application " +
      'promoted in one transaction; the supplier and officers are notified. Answers the declined ' +
      "award (CANCELLED, cancelReason 'declined by the applicant: …'). Someone else's award: 404.",
  })
  @ApiConflictResponse({
    description:
      'INVALID_STATE_TRANSITION: the award is not SELECTED (already declined or cancelled, the ' +
      'agreement concluded, or still waitlisted), or the program no longer runs awards',
  })
  decline(
    @Param('id', idPipe()) id: string,
    @Body() dto: DeclineAwardDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.awards.decline(id, dto.reason, actor);
  }

  @Post('delivery')
  @HttpCode(200)
  @Roles(Role.SUPPLIER)
  @ApiOkResponse({ type: AwardView })
  reportDelivery(@Param('id', idPipe()) id: string, @CurrentActor() actor: Actor) {
    return this.awards.reportDelivery(id, actor);
  }

  @Post('delivery/approve')
  @HttpCode(200)
  @Roles(Role.OFFICER, Role.ADMIN)
  @ApiOkResponse({ type: AwardView })
  approveDelivery(@Param('id', idPipe()) id: string, @CurrentActor() actor: Actor) {
    return this.awards.approveDelivery(id, actor);
  }

  @Post('disbursements')
  @HttpCode(200)
  @Roles(Role.OFFICER, Role.ADMIN)
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: 'The same key pays once, however often it is sent',
  })
  @ApiOkResponse({ type: AwardView })
  @ApiConflictResponse({ description: 'More than the unpaid grant, or no approved delivery' })
  async disburse(
    @Param('id', idPipe()) id: string,
    @Body() dto: DisburseDto,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AwardView> {
    const result = await this.awards.disburse(id, dto.amountKrw, dto.final ?? false, key, actor);
    if (result.replayed) void reply.header('Idempotent-Replayed', 'true');
    return result.award;
  }

  @Post('recoveries')
  @HttpCode(200)
  @Roles(Role.OFFICER, Role.ADMIN)
  @ApiOkResponse({ type: AwardView, description: 'Clawback (RECOVER) of money already paid' })
  recover(
    @Param('id', idPipe()) id: string,
    @Body() dto: RecoverDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.awards.recover(id, dto.amountKrw, dto.reason, actor);
  }
}
