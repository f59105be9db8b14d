import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainError, sha256, stableStringify } from '@app/common';
import { isUniqueViolation, SqlStatement } from '@app/database';

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

/** A request whose key was checked and whose fingerprint was taken (IdempotencyService.prepare). */
export interface KeyedRequest {
  userId: string;
  key: string;
  scope: string;
  hash: string;
}

/** An answer stored under a key, as its columns read. */
export interface StoredAnswer {
  request_hash: string;
  response_status: number;
  response_body: unknown;
}

/** Two requests storing the same key at once: the one that lost runs again and replays. */
export const isKeyRace = (error: unknown) => isUniqueViolation(error, 'idempotency_keys_pkey');

/**
 * Makes a write safe to retry, in one of two ways. `run`: inside the caller's transaction the
 * key row is inserted first; a concurrent request with the same key waits on it, and then
 * finds the stored response instead of doing the work again; a rolled-back attempt leaves no
 * key behind. Or, for a write that is one statement (an optimistic submission): `prepare`
 * the key, read any stored answer beside what the write decides on, `replayOf` it, and else
 * store the answer in the write's own statement (`storeStatement`); a concurrent request with
 * the same key fails that insert (isKeyRace) or the write's guard, runs again and replays.
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
    const keyed = this.prepare({ ...req, key: req.key });
    const inserted: unknown[] = await tx.query(
      `INSERT INTO idempotency_keys (user_id, key, scope, request_hash, response_status, response_body)
       VALUES ($1, $2, $3, $4, 0, 'null') ON CONFLICT DO NOTHING RETURNING key`,
      [keyed.userId, keyed.key, keyed.scope, keyed.hash],
    );
    if (inserted.length === 0) {
      const [stored] = (await tx.query(
        `SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
        [keyed.userId, keyed.key],
      )) as StoredAnswer[];
      return this.replayOf<T>(stored, keyed)!;
    }
    const body = await work();
    await tx.query(
      `UPDATE idempotency_keys SET response_status = $3, response_body = $4 WHERE user_id = $1 AND key = $2`,
      [keyed.userId, keyed.key, status, JSON.stringify(body)],
    );
    return { status, body, replayed: false };
  }

  /** Checks the key (400 naming Idempotency-Key) and fingerprints the request. */
  prepare(req: IdempotentRequest & { key: string }): KeyedRequest {
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
    return { userId: req.userId, key: req.key, scope: req.scope, hash };
  }

  /**
   * The stored answer to give again, or null when there is none; 422 when the key was used
   * for a different request.
   */
  replayOf<T>(
    stored: StoredAnswer | null | undefined,
    keyed: KeyedRequest,
  ): IdempotentResult<T> | null {
    if (!stored) return null;
    if (stored.request_hash !== keyed.hash) {
      throw new DomainError(
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was already used for a different request',
      );
    }
    return { status: stored.response_status, body: stored.response_body as T, replayed: true };
  }

  /** The INSERT storing a key with its answer, to run in the write's own statement. */
  storeStatement(keyed: KeyedRequest, status: number, body: unknown): SqlStatement {
    return {
      name: 'idempotency.store',
      sql: `INSERT INTO idempotency_keys (user_id, key, scope, request_hash, response_status, response_body)
            VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
      params: [keyed.userId, keyed.key, keyed.scope, keyed.hash, status, JSON.stringify(body)],
    };
  }
}
