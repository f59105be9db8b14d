import { HttpStatus } from '@nestjs/common';

/** Every error code a client may see, with the HTTP status it maps to. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: HttpStatus.BAD_REQUEST,
  MALFORMED_REQUEST: HttpStatus.BAD_REQUEST,
  INVALID_RULE_SET: HttpStatus.BAD_REQUEST,
  UNAUTHENTICATED: HttpStatus.UNAUTHORIZED,
  INVALID_CREDENTIALS: HttpStatus.UNAUTHORIZED,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  NOT_FOUND: HttpStatus.NOT_FOUND,
  ROUTE_NOT_FOUND: HttpStatus.NOT_FOUND,
  METHOD_NOT_ALLOWED: HttpStatus.METHOD_NOT_ALLOWED,
  CONFLICT: HttpStatus.CONFLICT,
  EMAIL_TAKEN: HttpStatus.CONFLICT,
  INVALID_STATE_TRANSITION: HttpStatus.CONFLICT,
  PROGRAM_NOT_EDITABLE: HttpStatus.CONFLICT,
  PROGRAM_NOT_OPEN: HttpStatus.CONFLICT,
  APPLICATION_NOT_EDITABLE: HttpStatus.CONFLICT,
  BUDGET_EXCEEDED: HttpStatus.CONFLICT,
  STALE_SELECTION_RUN: HttpStatus.CONFLICT,
  AGREEMENT_OVERDUE: HttpStatus.CONFLICT,
  IDEMPOTENCY_KEY_REQUIRED: HttpStatus.BAD_REQUEST,
  BUDGET_INVALID_OPERATION: HttpStatus.CONFLICT,
  CONFLICT_OF_INTEREST: HttpStatus.CONFLICT,
  SHEET_LOCKED: HttpStatus.CONFLICT,
  PROGRAM_NOT_EVALUATING: HttpStatus.CONFLICT,
  IDEMPOTENCY_KEY_REUSED: HttpStatus.UNPROCESSABLE_ENTITY,
  PAYLOAD_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
  URI_TOO_LONG: HttpStatus.URI_TOO_LONG,
  UNSUPPORTED_MEDIA_TYPE: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  TOO_MANY_ATTEMPTS: HttpStatus.TOO_MANY_REQUESTS,
  SERVICE_UNAVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
  INTERNAL_ERROR: HttpStatus.INTERNAL_SERVER_ERROR,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** A field-level problem, as listed in `details` of a VALIDATION_FAILED error. */
export interface FieldError {
  field: string;
  reasons: string[];
}

/**
 * The one error type services throw. The global filter turns it into
 * `{ statusCode, code, message, details, requestId }`.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  static notFound(entity: string, id?: string | number): DomainError {
    return new DomainError(
      'NOT_FOUND',
      `${entity} not found`,
      id === undefined ? undefined : { id },
    );
  }
}
