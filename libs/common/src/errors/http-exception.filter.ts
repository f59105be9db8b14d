import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ERROR_STATUS, ErrorCode } from './domain-error';

export interface ErrorBody {
  statusCode: number;
  code: ErrorCode | string;
  message: string;
  details: unknown;
  requestId: string;
}

const STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  400: 'MALFORMED_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_ATTEMPTS',
  503: 'SERVICE_UNAVAILABLE',
};

/**
 * PostgreSQL's serialization failure and deadlock: a change that collided with a concurrent
 * one and was still colliding after its retries (withRetries). The request did nothing.
 */
const COLLISIONS = new Set(['40001', '40P01']);

/**
 * Maps anything thrown to the one error shape. Only DomainErrors and 4xx framework errors
 * (Nest turns Fastify's body-parsing errors into HttpExceptions with their status) reveal
 * their message; everything else is logged with its stack and answered as a bare 500.
 */
export function toErrorBody(exception: unknown, requestId: string, logger?: Logger): ErrorBody {
  if (exception instanceof DomainError) {
    return {
      statusCode: exception.status,
      code: exception.code,
      message: exception.message,
      details: exception.details ?? null,
      requestId,
    };
  }
  if (exception instanceof HttpException) {
    const statusCode = exception.getStatus();
    const response = exception.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : Array.isArray((response as { message?: unknown }).message)
          ? (response as { message: string[] }).message.join('; ')
          : String((response as { message?: unknown }).message ?? exception.message);
    if (statusCode >= 500) logger?.error(exception.stack ?? exception.message);
    return {
      statusCode,
      code:
        STATUS_CODES[statusCode] ?? (statusCode >= 500 ? 'INTERNAL_ERROR' : 'MALFORMED_REQUEST'),
      message: statusCode >= 500 ? 'Internal server error' : message,
      details: null,
      requestId,
    };
  }
  if (COLLISIONS.has((exception as { code?: string } | null)?.code ?? '')) {
    logger?.warn(`still colliding after retries: ${(exception as Error).message}`);
    return {
      statusCode: HttpStatus.CONFLICT,
      code: 'CONFLICT',
      message: 'The change collided with a concurrent one and was not made; try again',
      details: null,
      requestId,
    };
  }
  logger?.error(exception instanceof Error ? (exception.stack ?? exception.message) : exception);
  return {
    statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
    code: 'INTERNAL_ERROR',
    message: 'Internal server error',
    details: null,
    requestId,
  };
}

@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    const body = toErrorBody(exception, String(request?.id ?? ''), this.logger);
    void reply.status(body.statusCode).header('content-type', 'application/json').send(body);
  }
}

export { ERROR_STATUS };
