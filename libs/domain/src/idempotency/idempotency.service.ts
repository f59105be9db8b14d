import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainError, sha256, stableStringify } from '@app/common';

export interface IdempotentRequest {
  userId: string;
  /** The client's Idempotency-Key header, if any. */
  key: string | undefined;
  /** What the key is used for, e.g. `application.submit:<id>`: part of the fingerprint. */
  scope: string;
  body: unknown;
}

export interface IdempotentResult<T> {
  status: number;
  body: T;
  replayed: boolean;
}

const KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * Makes a write safe to retry. Inside the caller's transaction the key row is inserted first:
 * a concurrent request with the same key waits on it, and then finds the stored response
 * instead of doing the work again. A rolled-back attempt leaves no key behind.
 */
@Injectable()
export class IdempotencyService {
  async run<T>(
    tx: EntityManager,
    req: IdempotentRequest,
    status: number,
    work: () => Promise<T>,
  ): Promise<IdempotentResult<T>> {
    if (req.key === undefined) return { status, body: await work(), replayed: false };
    if (!KEY.test(req.key)) {
      throw new DomainError(
        'VALIDATION_FAILED',
        'Idempotency-Key must be 1-200 visible ASCII characters',
        {
          fields: [
            { field: 'Idempotency-Key', reasons: ['must be 1-200 visible ASCII characters'] },
          ],
        },
      );
    }
    const hash = sha256(`${req.scope}\n${stableStringify(req.body)}`);
    const inserted: unknown[] = await tx.query(
      `INSERT INTO idempotency_keys (user_id, key, scope, request_hash, response_status, response_body)
       VALUES ($1, $2, $3, $4, 0, 'null') ON CONFLICT DO NOTHING RETURNING key`,
      [req.userId, req.key, req.scope, hash],
    );
    if (inserted.length === 0) {
      const [stored] = (await tx.query(
        `SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
        [req.userId, req.key],
      )) as Array<{ request_hash: string; response_status: number; response_body: T }>;
      if (stored.request_hash !== hash) {
        throw new DomainError(
          'IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was already used for a different request',
        );
      }
      return { status: stored.response_status, body: stored.response_body, replayed: true };
    }
    const body = await work();
    await tx.query(
      `UPDATE idempotency_keys SET response_status = $3, response_body = $4 WHERE user_id = $1 AND key = $2`,
      [req.userId, req.key, status, JSON.stringify(body)],
    );
    return { status, body, replayed: false };
  }
}
