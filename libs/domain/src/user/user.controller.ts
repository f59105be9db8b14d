import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { Actor, ALL_ROLES, CurrentActor, PageQueryDto, Role, Roles } from '@app/common';
import { CreateUserDto, UserView } from './dto/user.dto';
import { UserService } from './user.service';

export class UserQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ALL_ROLES })
  @IsOptional()
  @IsIn(ALL_ROLES)
  role?: Role;
}

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/users')
export class UserController {
  constructor(private readonly users: UserService) {}

  @Post()
  @Roles(Role.ADMIN)
  @ApiCreatedResponse({ type: UserView, description: 'An ADMIN creates any user, e.g. officers' })
  create(@Body() dto: CreateUserDto, @CurrentActor() actor: Actor): Promise<UserView> {
    return this.users.create(dto, actor);
  }

  @Get()
  @Roles(Role.ADMIN, Role.OFFICER)
  list(@Query() query: UserQueryDto) {
    return this.users.list(query.role, query.limit, query.offset);
  }
}
