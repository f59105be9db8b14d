import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { AuthenticatedRequest } from './auth.decorators';
import { Actor } from './role';

/**
 * The caller on a @Public() route, or null when anonymous. The global AuthGuard verifies a
 * token even on public routes, so a present actor is authenticated; public reads use it to
 * show officers and owners more than the public catalogue.
 */
export const OptionalActor = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Actor | null =>
    ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor ?? null,
);
