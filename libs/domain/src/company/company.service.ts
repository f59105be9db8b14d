import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError, Page, Role } from '@app/common';
import { inTransaction, isUniqueViolation } from '@app/database';
import { AuditService } from '../audit/audit.service';
import { CompanyEntity } from './company.entity';
import { CompanyView, CreateCompanyDto, UpdateCompanyDto } from './dto/company.dto';

export function toCompanyView(c: CompanyEntity): CompanyView {
  return {
    id: c.id,
    businessRegistrationNumber: c.businessRegistrationNumber,
    name: c.name,
    type: c.type,
    region: c.region,
    ceoName: c.ceoName,
    ceoBirthDate: c.ceoBirthDate,
    industry: c.industry,
    ministryField: (c.ministryField as CompanyView['ministryField']) ?? null,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

/** A race on the same business registration number ends as a 409 naming the field. */
function brnTaken(error: unknown): unknown {
  if (!isUniqueViolation(error, 'companies_brn_key')) return error;
  return new DomainError(
    'CONFLICT',
    'A company with this business registration number is already registered',
    {
      fields: [{ field: 'businessRegistrationNumber', reasons: ['already registered'] }],
    },
  );
}

const isStaff = (actor: Actor) => actor.role === Role.OFFICER || actor.role === Role.ADMIN;

@Injectable()
export class CompanyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(dto: CreateCompanyDto, actor: Actor): Promise<CompanyView> {
    try {
      return await inTransaction(this.dataSource, async (tx) => {
        const company = await tx.save(
          tx.create(CompanyEntity, {
            ...dto,
            ministryField: dto.ministryField ?? null,
            ownerUserId: actor.userId,
          }),
        );
        await this.audit.record(tx, {
          entity: 'company',
          entityId: company.id,
          action: 'company.created',
          actor,
          after: toCompanyView(company),
        });
        return toCompanyView(company);
      });
    } catch (error) {
      throw brnTaken(error);
    }
  }

  /** The company if the actor may see it (its owner, or staff); otherwise 404. */
  async visible(id: string, actor: Actor, tx?: EntityManager): Promise<CompanyEntity> {
    const manager = tx ?? this.dataSource.manager;
    const company = await manager.findOne(CompanyEntity, {
      where: isStaff(actor) ? { id } : { id, ownerUserId: actor.userId },
    });
    if (!company) throw DomainError.notFound('Company', id);
    return company;
  }

  /** Locks the actor's own company row for the rest of the transaction (or 404). */
  async lockOwned(tx: EntityManager, id: string, actor: Actor): Promise<CompanyEntity> {
    const company = await tx.findOne(CompanyEntity, {
      where: { id, ownerUserId: actor.userId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!company) throw DomainError.notFound('Company', id);
    return company;
  }

  async get(id: string, actor: Actor): Promise<CompanyView> {
    return toCompanyView(await this.visible(id, actor));
  }

  async list(actor: Actor, limit: number, offset: number): Promise<Page<CompanyView>> {
    const [items, total] = await this.dataSource.getRepository(CompanyEntity).findAndCount({
      where: isStaff(actor) ? {} : { ownerUserId: actor.userId },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: limit,
      skip: offset,
    });
    return { items: items.map(toCompanyView), total, limit, offset };
  }

  async update(id: string, dto: UpdateCompanyDto, actor: Actor): Promise<CompanyView> {
    try {
      return await inTransaction(this.dataSource, async (tx) => {
        const company = await this.lockOwned(tx, id, actor);
        const before = toCompanyView(company);
        Object.assign(company, dto);
        const saved = await tx.save(company);
        await this.audit.record(tx, {
          entity: 'company',
          entityId: id,
          action: 'company.updated',
          actor,
          before,
          after: toCompanyView(saved),
        });
        return toCompanyView(saved);
      });
    } catch (error) {
      throw brnTaken(error);
    }
  }
}
