import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches, MaxLength } from 'class-validator';
import { PageQueryDto, Role, Roles } from '@app/common';
import { AuditService } from './audit.service';

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'program', description: 'Entity type' })
  @IsOptional()
  @Matches(/^[a-z_]{1,40}$/, { message: 'entity must be a lower-case entity name' })
  entity?: string;

  @ApiPropertyOptional({ description: 'Entity id' })
  @IsOptional()
  @MaxLength(64)
  id?: string;
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles(Role.OFFICER, Role.ADMIN)
  @ApiOkResponse({ description: 'Audit entries, newest first: who, when, what, before and after' })
  find(@Query() query: AuditQueryDto) {
    return this.audit.find({
      entity: query.entity,
      entityId: query.id,
      limit: query.limit,
      offset: query.offset,
    });
  }
}
