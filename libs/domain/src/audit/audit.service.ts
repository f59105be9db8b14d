import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Actor, Page } from '@app/common';
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
    await tx.insert(AuditEntryEntity, {
      entity: record.entity,
      entityId: record.entityId,
      action: record.action,
      actorId: record.actor?.userId ?? null,
      actorRole: record.actor?.role ?? null,
      requestId: record.actor?.requestId ?? null,
      before: record.before ?? null,
      after: record.after ?? null,
    } as QueryDeepPartialEntity<AuditEntryEntity>);
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
