import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, DomainError, Role } from '@app/common';
import { inTransaction, isUniqueViolation } from '@app/database';
import { AuditService } from '../audit/audit.service';
import { ProgramService } from '../program/program.service';
import { AssignmentService } from './assignment.service';
import {
  ConflictView,
  DeclareConflictDto,
  EvaluatorProfileDto,
  EvaluatorProfileView,
  PoolMemberView,
} from './dto/evaluation.dto';
import { EvaluatorConflictEntity, EvaluatorProfileEntity } from './evaluation.entity';

function toConflictView(c: EvaluatorConflictEntity): ConflictView {
  return {
    id: c.id,
    kind: c.kind,
    businessRegistrationNumber: c.brn,
    reason: c.reason,
    createdAt: c.createdAt,
  };
}

/**
 * Evaluators: their affiliation and declared conflicts of interest (both feed the conflict
 * policy), and the evaluator pool of each program. A change that creates a conflict with an
 * open sheet recuses that sheet and reassigns the application in the same transaction.
 */
@Injectable()
export class EvaluatorService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly programs: ProgramService,
    private readonly assignments: AssignmentService,
    private readonly audit: AuditService,
  ) {}

  async profile(actor: Actor): Promise<EvaluatorProfileView> {
    const profile = await this.dataSource.manager.findOne(EvaluatorProfileEntity, {
      where: { userId: actor.userId },
    });
    return {
      userId: actor.userId,
      affiliationBrn: profile?.affiliationBrn ?? null,
      affiliationName: profile?.affiliationName ?? null,
      recused: [],
    };
  }

  /** Replaces the evaluator's affiliation (absent fields are cleared, as PUT says). */
  updateProfile(dto: EvaluatorProfileDto, actor: Actor): Promise<EvaluatorProfileView> {
    return inTransaction(this.dataSource, async (tx) => {
      // Two first saves at once must not both insert: make the row exist, then lock it.
      const [{ created }] = await tx.query(
        `WITH ins AS (INSERT INTO evaluator_profiles (user_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING 1)
         SELECT count(*)::int AS created FROM ins`,
        [actor.userId],
      );
      const locked = await tx.findOneOrFail(EvaluatorProfileEntity, {
        where: { userId: actor.userId },
        lock: { mode: 'pessimistic_write' },
      });
      const existing = created ? null : locked;
      const before = existing
        ? { affiliationBrn: existing.affiliationBrn, affiliationName: existing.affiliationName }
        : null;
      const profile = locked;
      profile.affiliationBrn = dto.affiliationBrn ?? null;
      profile.affiliationName = dto.affiliationName ?? null;
      await tx.save(profile);
      const after = {
        affiliationBrn: profile.affiliationBrn,
        affiliationName: profile.affiliationName,
      };
      await this.audit.record(tx, {
        entity: 'evaluator',
        entityId: actor.userId,
        action: 'evaluator.profile_updated',
        actor,
        before,
        after,
      });
      const recused = await this.assignments.recuseConflicted(tx, actor.userId, actor);
      return { userId: actor.userId, ...after, recused };
    });
  }

  async conflicts(actor: Actor): Promise<ConflictView[]> {
    const rows = await this.dataSource.manager.find(EvaluatorConflictEntity, {
      where: { evaluatorUserId: actor.userId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return rows.map(toConflictView);
  }

  /** Declares a relation with a company or supplier; open sheets it touches are recused. */
  async declareConflict(dto: DeclareConflictDto, actor: Actor): Promise<ConflictView> {
    try {
      return await inTransaction(this.dataSource, async (tx) => {
        const conflict = await tx.save(
          tx.create(EvaluatorConflictEntity, {
            evaluatorUserId: actor.userId,
            brn: dto.businessRegistrationNumber,
            kind: dto.kind,
            reason: dto.reason,
          }),
        );
        await this.audit.record(tx, {
          entity: 'evaluator',
          entityId: actor.userId,
          action: 'evaluator.conflict_declared',
          actor,
          after: toConflictView(conflict),
        });
        const recused = await this.assignments.recuseConflicted(tx, actor.userId, actor);
        return { ...toConflictView(conflict), recused };
      });
    } catch (error) {
      if (isUniqueViolation(error, 'evaluator_conflicts_key')) {
        throw new DomainError(
          'CONFLICT',
          'A conflict with this registration number is already declared',
          {
            fields: [{ field: 'businessRegistrationNumber', reasons: ['already declared'] }],
          },
        );
      }
      throw error;
    }
  }

  /** Adds EVALUATOR users to the program's pool (already present ones are left as they are). */
  async addToPool(
    programId: string,
    evaluatorIds: string[],
    actor: Actor,
  ): Promise<PoolMemberView[]> {
    await inTransaction(this.dataSource, async (tx) => {
      await this.programs.readShared(tx, programId);
      const users: Array<{ id: string; role: Role }> = await tx.query(
        `SELECT id, role FROM users WHERE id = ANY($1)`,
        [evaluatorIds],
      );
      const roles = new Map(users.map((u) => [u.id, u.role]));
      const fields = evaluatorIds.flatMap((id, i) =>
        roles.get(id) === Role.EVALUATOR
          ? []
          : [
              {
                field: `evaluatorIds[${i}]`,
                reasons: [
                  roles.has(id)
                    ? `${id} is not an EVALUATOR (it is ${roles.get(id)})`
                    : `${id} is not a user`,
                ],
              },
            ],
      );
      if (fields.length) {
        throw new DomainError(
          'VALIDATION_FAILED',
          `Invalid input: ${fields.map((f) => f.field).join(', ')}`,
          {
            fields,
          },
        );
      }
      const added: Array<{ evaluator_user_id: string }> = await tx.query(
        `INSERT INTO program_evaluators (program_id, evaluator_user_id, added_by)
         SELECT $1, unnest($2::uuid[]), $3
         ON CONFLICT DO NOTHING RETURNING evaluator_user_id`,
        [programId, evaluatorIds, actor.userId],
      );
      if (added.length) {
        await this.audit.record(tx, {
          entity: 'program',
          entityId: programId,
          action: 'program.evaluators_added',
          actor,
          after: { evaluatorIds: added.map((a) => a.evaluator_user_id).sort() },
        });
      }
    });
    return this.pool(programId);
  }

  /** The pool with each member's load in the program. */
  async pool(programId: string): Promise<PoolMemberView[]> {
    await this.programs.get(programId);
    const rows: Array<{
      user_id: string;
      email: string;
      display_name: string;
      affiliation_name: string | null;
      affiliation_brn: string | null;
      declared: number;
      open: number;
      submitted: number;
      recused: number;
    }> = await this.dataSource.query(
      `SELECT u.id AS user_id, u.email, u.display_name, ep.affiliation_name, ep.affiliation_brn,
              (SELECT count(*)::int FROM evaluator_conflicts ec WHERE ec.evaluator_user_id = u.id) AS declared,
              count(a.id) FILTER (WHERE a.status = 'ASSIGNED')::int AS open,
              count(a.id) FILTER (WHERE a.status = 'SUBMITTED')::int AS submitted,
              count(a.id) FILTER (WHERE a.status = 'RECUSED')::int AS recused
         FROM program_evaluators pe
         JOIN users u ON u.id = pe.evaluator_user_id
         LEFT JOIN evaluator_profiles ep ON ep.user_id = u.id
         LEFT JOIN assignments a ON a.program_id = pe.program_id AND a.evaluator_user_id = u.id
        WHERE pe.program_id = $1
        GROUP BY u.id, u.email, u.display_name, ep.affiliation_name, ep.affiliation_brn
        ORDER BY u.display_name, u.id`,
      [programId],
    );
    return rows.map((r) => ({
      userId: r.user_id,
      email: r.email,
      displayName: r.display_name,
      affiliationName: r.affiliation_name,
      affiliationBrn: r.affiliation_brn,
      declaredConflicts: r.declared,
      open: r.open,
      submitted: r.submitted,
      recused: r.recused,
      load: r.open + r.submitted,
    }));
  }
}
