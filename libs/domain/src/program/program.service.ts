import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Not } from 'typeorm';
import { Actor, DomainError, Page } from '@app/common';
import { inTransaction } from '@app/database';
import { AuditService } from '../audit/audit.service';
import { BudgetService } from '../budget/budget.service';
import { OutboxService } from '../outbox/outbox.service';
import {
  CreateProgramDto,
  ProgramQueryDto,
  ProgramView,
  UpdateProgramDto,
} from './dto/program.dto';
import { isEditable, nextStatus, ProgramAction } from './program-lifecycle.policy';
import { ProgramRules } from './program-rules.dto';
import {
  budgetAccountsFor,
  checkRuleSetConsistency,
  ruleSetWarnings,
} from './program-rules.policy';
import { ProgramEntity } from './program.entity';

export function toProgramView(p: ProgramEntity): ProgramView {
  return {
    id: p.id,
    year: p.year,
    name: p.name,
    status: p.status,
    rulesVersion: p.rulesVersion,
    rules: p.rules,
    totalSlots: p.rules.categories.reduce((n, c) => n + c.slots, 0),
    warnings: ruleSetWarnings(p.rules),
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

/** Plain JSON of the validated DTO, so that the stored rule set has no class instances. */
function plainRules(rules: ProgramRules): ProgramRules {
  return JSON.parse(JSON.stringify(rules)) as ProgramRules;
}

@Injectable()
export class ProgramService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly budget: BudgetService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  /** Refuses an inconsistent rule set with every problem, each naming its field. */
  assertConsistent(rules: ProgramRules): void {
    const problems = checkRuleSetConsistency(rules);
    if (problems.length) {
      throw new DomainError(
        'INVALID_RULE_SET',
        `The rule set is inconsistent: ${problems.map((p) => p.reason).join('; ')}`,
        {
          fields: problems.map((p) => ({ field: `rules.${p.field}`, reasons: [p.reason] })),
        },
      );
    }
  }

  async create(dto: CreateProgramDto, actor: Actor | null): Promise<ProgramView> {
    const rules = plainRules(dto.rules);
    this.assertConsistent(rules);
    return inTransaction(this.dataSource, async (tx) => {
      const program = await tx.save(
        tx.create(ProgramEntity, {
          year: dto.year,
          name: dto.name,
          rules,
          createdBy: actor?.userId ?? null,
        }),
      );
      await this.budget.openAccounts(tx, program.id, budgetAccountsFor(rules));
      await this.announceDeadlines(tx, program, actor);
      await this.audit.record(tx, {
        entity: 'program',
        entityId: program.id,
        action: 'program.created',
        actor,
        after: { year: program.year, name: program.name, status: program.status, rules },
      });
      return toProgramView(program);
    });
  }

  async list(query: ProgramQueryDto, includeDrafts = true): Promise<Page<ProgramView>> {
    if (!includeDrafts && query.status === 'DRAFT')
      return { items: [], total: 0, limit: query.limit, offset: query.offset };
    const [items, total] = await this.dataSource.getRepository(ProgramEntity).findAndCount({
      where: {
        ...(query.status
          ? { status: query.status }
          : includeDrafts
            ? {}
            : { status: Not('DRAFT' as const) }),
        ...(query.year ? { year: query.year } : {}),
      },
      order: { year: 'DESC', createdAt: 'DESC', id: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return { items: items.map(toProgramView), total, limit: query.limit, offset: query.offset };
  }

  async get(id: string, includeDrafts = true): Promise<ProgramView> {
    const program = await this.dataSource.getRepository(ProgramEntity).findOne({ where: { id } });
    if (!program || (!includeDrafts && program.status === 'DRAFT'))
      throw DomainError.notFound('Program', id);
    return toProgramView(program);
  }

  /**
   * Reads the program under a share lock: many submissions proceed at once, while a status
   * change (which takes the row exclusively) waits for them, so none lands after a close.
   */
  async readShared(tx: EntityManager, id: string): Promise<ProgramEntity> {
    const program = await tx.findOne(ProgramEntity, {
      where: { id },
      lock: { mode: 'pessimistic_read' },
    });
    if (!program) throw DomainError.notFound('Program', id);
    return program;
  }

  /** Locks the program row for the rest of the caller's transaction. */
  async lock(tx: EntityManager, id: string): Promise<ProgramEntity> {
    const program = await tx.findOne(ProgramEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!program) throw DomainError.notFound('Program', id);
    return program;
  }

  async update(id: string, dto: UpdateProgramDto, actor: Actor): Promise<ProgramView> {
    const rules = dto.rules ? plainRules(dto.rules) : undefined;
    if (rules) this.assertConsistent(rules);
    return inTransaction(this.dataSource, async (tx) => {
      const program = await this.lock(tx, id);
      if (!isEditable(program.status)) {
        throw new DomainError(
          'PROGRAM_NOT_EDITABLE',
          `A program can be edited only while DRAFT; it is ${program.status}`,
          {
            status: program.status,
          },
        );
      }
      const before = {
        name: program.name,
        rules: program.rules,
        rulesVersion: program.rulesVersion,
      };
      if (dto.name !== undefined) program.name = dto.name;
      if (rules) {
        program.rules = rules;
        program.rulesVersion += 1;
        await this.budget.openAccounts(tx, program.id, budgetAccountsFor(rules));
      }
      const saved = await tx.save(program);
      if (rules) await this.announceDeadlines(tx, saved, actor);
      await this.audit.record(tx, {
        entity: 'program',
        entityId: id,
        action: 'program.updated',
        actor,
        before,
        after: { name: saved.name, rules: saved.rules, rulesVersion: saved.rulesVersion },
      });
      return toProgramView(saved);
    });
  }

  /**
   * Tells the worker the program's deadlines (it keeps one reminder schedule per deadline:
   * a changed date moves the schedule, it never adds a second one).
   */
  private announceDeadlines(
    tx: EntityManager,
    program: ProgramEntity,
    actor: Actor | null,
  ): Promise<void> {
    return this.outbox.emit(tx, {
      type: 'program.deadlines_changed',
      aggregateType: 'program',
      aggregateId: program.id,
      payload: { programId: program.id, evaluationDueAt: program.rules.evaluation.dueAt ?? null },
      requestId: actor?.requestId ?? null,
    });
  }

  async transition(id: string, action: ProgramAction, actor: Actor): Promise<ProgramView> {
    return inTransaction(this.dataSource, async (tx) => {
      const program = await this.lock(tx, id);
      const to = nextStatus(program.status, action);
      if (!to) {
        throw new DomainError(
          'INVALID_STATE_TRANSITION',
          `Cannot ${action} a program that is ${program.status}`,
          {
            status: program.status,
            action,
          },
        );
      }
      const from = program.status;
      program.status = to;
      const saved = await tx.save(program);
      await this.audit.record(tx, {
        entity: 'program',
        entityId: id,
        action: `program.${action}`,
        actor,
        before: { status: from },
        after: { status: to },
      });
      await this.outbox.emit(tx, {
        type: 'program.status_changed',
        aggregateType: 'program',
        aggregateId: id,
        payload: { programId: id, name: program.name, from, to },
        requestId: actor.requestId,
      });
      return toProgramView(saved);
    });
  }
}
