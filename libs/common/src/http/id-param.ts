import { ParseUUIDPipe } from '@nestjs/common';
import { DomainError } from '../errors/domain-error';

/** Parses a UUID path parameter, answering a malformed one with a 400 that names the field. */
export function idPipe(field = 'id'): ParseUUIDPipe {
  return new ParseUUIDPipe({
    version: undefined,
    exceptionFactory: () =>
      new DomainError('VALIDATION_FAILED', `${field} must be a UUID`, {
        fields: [{ field, reasons: [`${field} must be a UUID`] }],
      }),
  });
}
