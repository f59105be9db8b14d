import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { runTogether, SqlStatement } from '@app/database';

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
    await runTogether(tx, this.emitStatement([event]));
  }

  /**
   * The INSERT of some events, in order, for the caller to run inside its transaction, alone
   * or together with the change they announce (runTogether).
   */
  emitStatement(events: OutboxEvent[]): SqlStatement {
    if (!events.length) throw new Error('emitStatement needs at least one event');
    const params: unknown[] = [];
    const rows = events.map((e) => {
      const at = params.length;
      params.push(
        e.type,
        e.aggregateType,
        e.aggregateId,
        JSON.stringify(e.payload),
        e.requestId ?? null,
      );
      return `($${at + 1}, $${at + 2}, $${at + 3}, $${at + 4}::jsonb, $${at + 5})`;
    });
    return {
      name: `outbox.emit:${events.length}`,
      sql: `INSERT INTO outbox (event_type, aggregate_type, aggregate_id, payload, request_id)
            VALUES ${rows.join(', ')}`,
      params,
    };
  }
}
