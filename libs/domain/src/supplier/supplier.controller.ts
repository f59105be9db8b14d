import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import {
  Actor,
  CurrentActor,
  idPipe,
  Page,
  PageQueryDto,
  Public,
  Role,
  Roles,
  OptionalActor,
} from '@app/common';
import {
  CreateSupplierDto,
  OfferingDto,
  OfferingView,
  ReasonDto,
  SupplierPublicPage,
  SupplierPublicView,
  SupplierQueryDto,
  SupplierView,
  UpdateSupplierDto,
} from './dto/supplier.dto';
import { SupplierService } from './supplier.service';

const NOT_OWNER = 'NOT_FOUND also when the supplier belongs to someone else';
const TRANSITION = 'INVALID_STATE_TRANSITION with details {status}';

@ApiTags('suppliers')
@ApiExtraModels(SupplierPublicView, SupplierView)
@Controller('api/suppliers')
export class SupplierController {
  constructor(private readonly suppliers: SupplierService) {}

  @Post()
  @ApiBearerAuth()
  @Roles(Role.SUPPLIER)
  @ApiCreatedResponse({ type: SupplierView, description: 'PENDING, with its offerings PENDING' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, each field with its reasons' })
  @ApiConflictResponse({ description: 'CONFLICT: the business registration number is taken' })
  register(@Body() dto: CreateSupplierDto, @CurrentActor() actor: Actor): Promise<SupplierView> {
    return this.suppliers.register(dto, actor);
  }

  @Get()
  @Public()
  @ApiBearerAuth()
  @ApiOkResponse({
    type: SupplierPublicPage,
    description:
      'Approved suppliers with approved offerings, by name. With an OFFICER or ADMIN token: ' +
      'every supplier and offering with their status (SupplierView items).',
  })
  list(
    @Query() query: SupplierQueryDto,
    @OptionalActor() actor: Actor | null,
  ): Promise<Page<SupplierPublicView | SupplierView>> {
    return this.suppliers.list(query, actor);
  }

  @Get('mine')
  @ApiBearerAuth()
  @Roles(Role.SUPPLIER)
  @ApiOkResponse({ description: "The caller's suppliers with every offering and status" })
  mine(@Query() page: PageQueryDto, @CurrentActor() actor: Actor): Promise<Page<SupplierView>> {
    return this.suppliers.mine(page, actor);
  }

  @Get(':id')
  @Public()
  @ApiBearerAuth()
  @ApiOkResponse({
    schema: {
      oneOf: [{ $ref: getSchemaPath(SupplierPublicView) }, { $ref: getSchemaPath(SupplierView) }],
    },
    description: 'The full record for its owner and officers; the catalogue entry otherwise',
  })
  @ApiNotFoundResponse({ description: 'Unknown, or not approved and not yours' })
  get(
    @Param('id', idPipe()) id: string,
    @OptionalActor() actor: Actor | null,
  ): Promise<SupplierPublicView | SupplierView> {
    return this.suppliers.get(id, actor);
  }

  @Patch(':id')
  @ApiBearerAuth()
  @Roles(Role.SUPPLIER)
  @ApiOkResponse({ type: SupplierView })
  @ApiNotFoundResponse({ description: NOT_OWNER })
  update(
    @Param('id', idPipe()) id: string,
    @Body() dto: UpdateSupplierDto,
    @CurrentActor() actor: Actor,
  ): Promise<SupplierView> {
    return this.suppliers.update(id, dto, actor);
  }

  @Post(':id/offerings')
  @ApiBearerAuth()
  @Roles(Role.SUPPLIER)
  @ApiCreatedResponse({ type: OfferingView, description: 'PENDING until an officer approves it' })
  @ApiNotFoundResponse({ description: NOT_OWNER })
  @ApiConflictResponse({ description: `${TRANSITION}; CONFLICT above the offering limit` })
  addOffering(
    @Param('id', idPipe()) id: string,
    @Body() dto: OfferingDto,
    @CurrentActor() actor: Actor,
  ): Promise<OfferingView> {
    return this.suppliers.addOffering(id, dto, actor);
  }

  @Put(':id/offerings/:offeringId')
  @ApiBearerAuth()
  @Roles(Role.SUPPLIER)
  @ApiOkResponse({
    type: OfferingView,
    description:
      'A PENDING offering is edited in place; an APPROVED one gets a PENDING revision ' +
      '(replacesId) and stays visible until the revision is approved',
  })
  @ApiNotFoundResponse({ description: NOT_OWNER })
  @ApiConflictResponse({ description: TRANSITION })
  changeOffering(
    @Param('id', idPipe()) id: string,
    @Param('offeringId', idPipe('offeringId')) offeringId: string,
    @Body() dto: OfferingDto,
    @CurrentActor() actor: Actor,
  ): Promise<OfferingView> {
    return this.suppliers.changeOffering(id, offeringId, dto, actor);
  }

  @Delete(':id/offerings/:offeringId')
  @ApiBearerAuth()
  @Roles(Role.SUPPLIER)
  @ApiOkResponse({ type: OfferingView, description: 'WITHDRAWN (with its open revision)' })
  @ApiNotFoundResponse({ description: NOT_OWNER })
  @ApiConflictResponse({ description: TRANSITION })
  withdrawOffering(
    @Param('id', idPipe()) id: string,
    @Param('offeringId', idPipe('offeringId')) offeringId: string,
    @CurrentActor() actor: Actor,
  ): Promise<OfferingView> {
    return this.suppliers.withdrawOffering(id, offeringId, actor);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiBearerAuth()
  @Roles(Role.OFFICER, Role.ADMIN)
  @ApiOkResponse({ type: SupplierView, description: 'PENDING → APPROVED with its offerings' })
  @ApiConflictResponse({ description: TRANSITION })
  @ApiForbiddenResponse({ description: 'Not an officer or admin' })
  approve(@Param('id', idPipe()) id: string, @CurrentActor() actor: Actor): Promise<SupplierView> {
    return this.suppliers.approve(id, actor);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiBearerAuth()
  @Roles(Role.OFFICER, Role.ADMIN)
  @ApiOkResponse({ type: SupplierView, description: 'PENDING → REJECTED' })
  @ApiConflictResponse({ description: TRANSITION })
  reject(
    @Param('id', idPipe()) id: string,
    @Body() dto: ReasonDto,
    @CurrentActor() actor: Actor,
  ): Promise<SupplierView> {
    return this.suppliers.reject(id, dto.reason, actor);
  }

  @Post(':id/suspend')
  @HttpCode(200)
  @ApiBearerAuth()
  @Roles(Role.OFFICER, Role.ADMIN)
  @ApiOkResponse({
    type: SupplierView,
    description: 'APPROVED → SUSPENDED (designation cancelled); flags its running applications',
  })
  @ApiConflictResponse({ description: TRANSITION })
  suspend(
    @Param('id', idPipe()) id: string,
    @Body() dto: ReasonDto,
    @CurrentActor() actor: Actor,
  ): Promise<SupplierView> {
    return this.suppliers.suspend(id, dto.reason, actor);
  }

  @Post(':id/offerings/:offeringId/approve')
  @HttpCode(200)
  @ApiBearerAuth()
  @Roles(Role.OFFICER, Role.ADMIN)
  @ApiOkResponse({
    type: OfferingView,
    description: 'PENDING → APPROVED; the offering a revision replaces becomes REPLACED',
  })
  @ApiConflictResponse({ description: `${TRANSITION} (supplier not APPROVED, or offering)` })
  approveOffering(
    @Param('id', idPipe()) id: string,
    @Param('offeringId', idPipe('offeringId')) offeringId: string,
    @CurrentActor() actor: Actor,
  ): Promise<OfferingView> {
    return this.suppliers.approveOffering(id, offeringId, actor);
  }

  @Post(':id/offerings/:offeringId/reject')
  @HttpCode(200)
  @ApiBearerAuth()
  @Roles(Role.OFFICER, Role.ADMIN)
  @ApiOkResponse({ type: OfferingView, description: 'PENDING → REJECTED' })
  @ApiConflictResponse({ description: `${TRANSITION} (supplier not APPROVED, or offering)` })
  rejectOffering(
    @Param('id', idPipe()) id: string,
    @Param('offeringId', idPipe('offeringId')) offeringId: string,
    @Body() dto: ReasonDto,
    @CurrentActor() actor: Actor,
  ): Promise<OfferingView> {
    return this.suppliers.rejectOffering(id, offeringId, dto.reason, actor);
  }
}
