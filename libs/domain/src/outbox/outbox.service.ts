import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { OutboxEntity } from './outbox.entity';

export interface OutboxEvent {
  /** e.g. `application.submitted`, `program.opened`, `award.selected`. */
  type: string;
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
  requestId?: string | null;
}

@Injectable()
export class OutboxService {
  /** Writes the event inside the caller's transaction: it exists if and only if the change does. */
  async emit(tx: EntityManager, event: OutboxEvent): Promise<void> {
    await tx.insert(OutboxEntity, {
      eventType: event.type,
      aggregateType: event.aggregateType,
      aggregateId: event.aggregateId,
      payload: event.payload,
      requestId: event.requestId ?? null,
    } as QueryDeepPartialEntity<OutboxEntity>);
  }
}
