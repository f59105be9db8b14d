import { BadRequestException, InternalServerErrorException } from '@nestjs/common';
import { DomainError } from './domain-error';
import { toErrorBody } from './http-exception.filter';

const logger = () => ({ error: jest.fn(), warn: jest.fn() });

describe('toErrorBody', () => {
  it('answers a DomainError with its code, status, message and details', () => {
    const body = toErrorBody(new DomainError('PROGRAM_NOT_OPEN', 'closed', { id: 'p' }), 'r1');
    expect(body).toEqual({
      statusCode: 409,
      code: 'PROGRAM_NOT_OPEN',
      message: 'closed',
      details: { id: 'p' },
      requestId: 'r1',
    });
  });

  it('keeps the message of a 4xx framework error and hides a 5xx one', () => {
    expect(toErrorBody(new BadRequestException('bad json'), 'r2')).toMatchObject({
      statusCode: 400,
      code: 'MALFORMED_REQUEST',
      message: 'bad json',
    });
    const log = logger();
    expect(
      toErrorBody(new InternalServerErrorException('secret'), 'r3', log as never),
    ).toMatchObject({ statusCode: 500, code: 'INTERNAL_ERROR', message: 'Internal server error' });
    expect(log.error).toHaveBeenCalled();
  });

  it.each(['40001', '40P01'])(
    'answers a collision still failing after its retries (SQLSTATE %s) with 409 CONFLICT',
    (code) => {
      const log = logger();
      const error = Object.assign(new Error('could not serialize access'), { code });
      expect(toErrorBody(error, 'r4', log as never)).toEqual({
        statusCode: 409,
        code: 'CONFLICT',
        message: 'The change collided with a concurrent one and was not made; try again',
        details: null,
        requestId: 'r4',
      });
      expect(log.warn).toHaveBeenCalled();
      expect(log.error).not.toHaveBeenCalled();
    },
  );

  it('answers anything else with a bare 500 and logs it', () => {
    const log = logger();
    const body = toErrorBody(
      Object.assign(new Error('boom'), { code: '23514' }),
      'r5',
      log as never,
    );
    expect(body).toMatchObject({ statusCode: 500, code: 'INTERNAL_ERROR', details: null });
    expect(log.error).toHaveBeenCalled();
  });
});
