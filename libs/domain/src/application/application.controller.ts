import {
  Body,
  Controller,
  Get,
  Header,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, CurrentActor, idPipe, Role, Roles } from '@app/common';
import { IdempotentResult } from '../idempotency/idempotency.service';
import { ApplicationService } from './application.service';
import {
  ApplicationQueryDto,
  ApplicationView,
  CreateApplicationDto,
  UpdateApplicationDto,
} from './dto/application.dto';

const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description: 'Makes the request safe to retry: the same key returns the first response',
};

function replay<T>(reply: FastifyReply, result: IdempotentResult<T>): T {
  void reply.status(result.status);
  if (result.replayed) void reply.header('Idempotent-Replayed', 'true');
  return result.body;
}

@ApiTags('applications')
@ApiBearerAuth()
@Controller('api')
export class ApplicationController {
  constructor(private readonly applications: ApplicationService) {}

  @Post('programs/:id/applications')
  @Roles(Role.APPLICANT)
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiCreatedResponse({
    type: ApplicationView,
    description: 'A DRAFT with the computed state support',
  })
  @ApiConflictResponse({ description: 'PROGRAM_NOT_OPEN' })
  async create(
    @Param('id', idPipe()) programId: string,
    @Body() dto: CreateApplicationDto,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ApplicationView> {
    return replay(reply, await this.applications.create(programId, dto, actor, key));
  }

  @Get('programs/:id/applications.csv')
  @Roles(Role.OFFICER, Role.ADMIN)
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="applications.csv"')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'Every application of the program, UTF-8 with BOM' })
  csv(@Param('id', idPipe()) programId: string): Promise<string> {
    return this.applications.csv(programId);
  }

  @Get('applications')
  @Roles(Role.APPLICANT, Role.SUPPLIER, Role.OFFICER, Role.ADMIN)
  @ApiOkResponse({
    description: 'Own applications (applicant), those naming you (supplier), all (officer)',
  })
  list(@Query() query: ApplicationQueryDto, @CurrentActor() actor: Actor) {
    return this.applications.list(query, actor);
  }

  @Get('applications/:id')
  @Roles(Role.APPLICANT, Role.SUPPLIER, Role.OFFICER, Role.ADMIN)
  @ApiOkResponse({ type: ApplicationView })
  @ApiNotFoundResponse({ description: 'Also for an application you may not see' })
  get(@Param('id', idPipe()) id: string, @CurrentActor() actor: Actor): Promise<ApplicationView> {
    return this.applications.get(id, actor);
  }

  @Patch('applications/:id')
  @Roles(Role.APPLICANT)
  @ApiOkResponse({ type: ApplicationView })
  @ApiConflictResponse({ description: 'APPLICATION_NOT_EDITABLE after submission' })
  update(
    @Param('id', idPipe()) id: string,
    @Body() dto: UpdateApplicationDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.applications.update(id, dto, actor);
  }

  @Post('applications/:id/submit')
  @HttpCode(200)
  @Roles(Role.APPLICANT)
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOkResponse({
    type: ApplicationView,
    description:
      'SUBMITTED, then ELIGIBLE or INELIGIBLE with every failed rule once the supplier confirmed',
  })
  async submit(
    @Param('id', idPipe()) id: string,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ApplicationView> {
    return replay(reply, await this.applications.submit(id, actor, key));
  }

  @Post('applications/:id/confirm')
  @HttpCode(200)
  @Roles(Role.SUPPLIER)
  @ApiOkResponse({
    type: ApplicationView,
    description: 'The named supplier confirms the pre-agreement (사전협의)',
  })
  confirm(
    @Param('id', idPipe()) id: string,
    @CurrentActor() actor: Actor,
  ): Promise<ApplicationView> {
    return this.applications.confirm(id, actor);
  }

  @Post('applications/:id/withdraw')
  @HttpCode(200)
  @Roles(Role.APPLICANT)
  @ApiOkResponse({
    type: ApplicationView,
    description:
      'Before selection, or from the waitlist (the rest of the category move up, in the same ' +
      "transaction). Evaluators' open score sheets are closed; submitted ones stay. A selected " +
      'award is declined instead (POST /api/applications/{id}/decline).',
  })
  @ApiConflictResponse({ description: 'The application can no longer be withdrawn' })
  withdraw(
    @Param('id', idPipe()) id: string,
    @CurrentActor() actor: Actor,
  ): Promise<ApplicationView> {
    return this.applications.withdraw(id, actor);
  }
}
