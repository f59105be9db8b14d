import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Actor, Page } from '@app/common';
import { runTogether, SqlStatement } from '@app/database';
import { AuditEntryEntity } from './audit.entity';

export interface AuditRecord {
  entity: string;
  entityId: string;
  action: string;
  /** null for changes made by the system itself (worker, seed). */
  actor: Actor | null;
  before?: unknown;
  after?: unknown;
}

export interface AuditQuery {
  entity?: string;
  entityId?: string;
  limit: number;
  offset: number;
}

@Injectable()
export class AuditService {
  constructor(
    @InjectRepository(AuditEntryEntity) private readonly repo: Repository<AuditEntryEntity>,
  ) {}

  /** Appends to the audit trail inside the caller's transaction, so both land or neither. */
  async record(tx: EntityManager, record: AuditRecord): Promise<void> {
    await runTogether(tx, this.recordStatement(record));
  }

  /**
   * The INSERT of some audit entries, in order, for the caller to run inside its transaction,
   * alone or together with the change they describe (runTogether).
   */
  recordStatement(...records: AuditRecord[]): SqlStatement {
    if (!records.length) throw new Error('recordStatement needs at least one record');
    const params: unknown[] = [];
    const rows = records.map((record) => {
      const at = params.length;
      params.push(
        record.entity,
        record.entityId,
        record.action,
        record.actor?.userId ?? null,
        record.actor?.role ?? null,
        record.actor?.requestId ?? null,
        jsonOrNull(record.before),
        jsonOrNull(record.after),
      );
      const p = (n: number) => `$${at + n}`;
      return `(${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}::jsonb, ${p(8)}::jsonb)`;
    });
    return {
      name: `audit.record:${records.length}`,
      sql: `INSERT INTO audit_log (entity, entity_id, action, actor_id, actor_role, request_id, before, after)
            VALUES ${rows.join(', ')}`,
      params,
    };
  }

  async find(query: AuditQuery): Promise<Page<AuditEntryEntity>> {
    const where = {
      ...(query.entity ? { entity: query.entity } : {}),
      ...(query.entityId ? { entityId: query.entityId } : {}),
    };
    const [items, total] = await this.repo.findAndCount({
      where,
      order: { id: 'DESC' },
      take: query.limit,
      skip: query.offset,
    });
    return { items, total, limit: query.limit, offset: query.offset };
  }
}

/** A jsonb parameter: SQL NULL for no value (JSON.stringify would give the JSON `null`). */
function jsonOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}
