import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Actor, CurrentActor, idPipe, Role, Roles } from '@app/common';
import { CompanyService } from './company.service';
import {
  CompanyQueryDto,
  CompanyView,
  CreateCompanyDto,
  UpdateCompanyDto,
} from './dto/company.dto';

@ApiTags('companies')
@ApiBearerAuth()
@Controller('api/companies')
export class CompanyController {
  constructor(private readonly companies: CompanyService) {}

  @Post()
  @Roles(Role.APPLICANT)
  @ApiCreatedResponse({ type: CompanyView })
  @ApiConflictResponse({ description: 'The business registration number is already registered' })
  create(@Body() dto: CreateCompanyDto, @CurrentActor() actor: Actor): Promise<CompanyView> {
    return this.companies.create(dto, actor);
  }

  @Get()
  @Roles(Role.APPLICANT, Role.OFFICER, Role.ADMIN)
  @ApiOkResponse({ description: "The caller's own companies (officers: all)" })
  list(@Query() query: CompanyQueryDto, @CurrentActor() actor: Actor) {
    return this.companies.list(actor, query.limit, query.offset);
  }

  @Get(':id')
  @Roles(Role.APPLICANT, Role.OFFICER, Role.ADMIN)
  @ApiOkResponse({ type: CompanyView })
  get(@Param('id', idPipe()) id: string, @CurrentActor() actor: Actor): Promise<CompanyView> {
    return this.companies.get(id, actor);
  }

  @Patch(':id')
  @Roles(Role.APPLICANT)
  @ApiOkResponse({ type: CompanyView })
  update(
    @Param('id', idPipe()) id: string,
    @Body() dto: UpdateCompanyDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.companies.update(id, dto, actor);
  }
}
