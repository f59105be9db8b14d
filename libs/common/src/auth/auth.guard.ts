import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { DomainError } from '../errors/domain-error';
import { IS_PUBLIC, ROLES, AuthenticatedRequest } from './auth.decorators';
import { AccessTokenPayload, ALL_ROLES, Role } from './role';

/**
 * Global guard: every route needs a valid bearer token unless marked @Public(), and the
 * caller's role must be one of @Roles() when the route names any.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(request.headers.authorization);

    if (token) {
      const payload = await this.verify(token);
      request.actor = {
        userId: payload.sub,
        email: payload.email,
        role: payload.role,
        requestId: String(request.id),
      };
    } else if (!isPublic) {
      throw new DomainError('UNAUTHENTICATED', 'A bearer access token is required');
    }
    if (isPublic) return true;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles?.length && !roles.includes(request.actor!.role)) {
      throw new DomainError('FORBIDDEN', 'Your role may not do this', {
        requiredRoles: roles,
      });
    }
    return true;
  }

  private async verify(token: string): Promise<AccessTokenPayload> {
    try {
      const payload = await this.jwt.verifyAsync<AccessTokenPayload>(token);
      if (typeof payload.sub !== 'string' || !ALL_ROLES.includes(payload.role)) throw new Error();
      return payload;
    } catch {
      throw new DomainError('UNAUTHENTICATED', 'The access token is invalid or expired');
    }
  }
}

function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const [scheme, value] = header.split(' ');
  return scheme?.toLowerCase() === 'bearer' && value ? value : undefined;
}
