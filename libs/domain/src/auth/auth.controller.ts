import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Actor, CurrentActor, Public } from '@app/common';
import { AccessTokenDto, LoginDto, RegisterDto, UserView } from '../user/dto/user.dto';
import { UserService } from '../user/user.service';
import { AuthService } from './auth.service';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UserService,
  ) {}

  @Post('register')
  @Public()
  @ApiCreatedResponse({ type: UserView, description: 'APPLICANT or SUPPLIER account created' })
  register(@Body() dto: RegisterDto): Promise<UserView> {
    return this.auth.register(dto);
  }

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: AccessTokenDto })
  @ApiUnauthorizedResponse({ description: 'INVALID_CREDENTIALS, never saying which part' })
  @ApiTooManyRequestsResponse({ description: 'TOO_MANY_ATTEMPTS after repeated failures' })
  login(@Body() dto: LoginDto, @Req() req: FastifyRequest): Promise<AccessTokenDto> {
    return this.auth.login(dto, req.ip);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOkResponse({ type: UserView })
  me(@CurrentActor() actor: Actor): Promise<UserView> {
    return this.users.get(actor.userId);
  }
}
