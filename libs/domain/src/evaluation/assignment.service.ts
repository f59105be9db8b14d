import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError, Page, Role } from '@app/common';
import { inTransaction, isUniqueViolation, runStatement, runTogether } from '@app/database';
import type { ApplicationStatus } from '../application/application-lifecycle.policy';
import { AuditRecord, AuditService } from '../audit/audit.service';
import { OutboxService } from '../outbox/outbox.service';
import { ProgramEntity } from '../program/program.entity';
import { ProgramService } from '../program/program.service';
import {
  ApplicationToCover,
  pickEvaluators,
  planAssignments,
  PoolMember,
  uncoveredReason,
} from './assignment.policy';
import {
  ApplicationConflictFacts,
  ConflictKind,
  EvaluatorConflictFacts,
  findConflicts,
} from './conflict.policy';
import {
  AssignmentQueryDto,
  AssignmentView,
  AutoAssignmentResult,
  RecusedSheet,
  RecuseResult,
  ScoreSheetDto,
  StaffAssignmentView,
  SubmitScoreSheetDto,
} from './dto/evaluation.dto';
import { AssignmentEntity } from './evaluation.entity';
import { reminderDay, reminderFor } from './reminder.policy';
import {
  ACTIVE_SHEET_STATUSES,
  ASSIGNMENT_STATUSES,
  canEdit,
  checkScores,
  closesWhenApplicationLeaves,
  Criterion,
  Scores,
  totalTenths,
} from './score-sheet.policy';

const isStaff = (actor: Actor) => actor.role === Role.OFFICER || actor.role === Role.ADMIN;

/** Applications that can still be given evaluators. */
const ASSIGNABLE: readonly ApplicationStatus[] = ['ELIGIBLE', 'UNDER_REVIEW'];

interface ApplicationRow extends ApplicationConflictFacts {
  programId: string;
  status: ApplicationStatus;
  title: string;
}

interface SheetRow {
  id: string;
  application_id: string;
  program_id: string;
  evaluator_user_id: string;
  status: AssignmentView['status'];
  scores: Scores;
  comment: string | null;
  total: string | null;
  due_at: Date | null;
  submitted_at: Date | null;
  recused_reason: string | null;
  recused_at: Date | null;
  cancelled_at: Date | null;
  cancel_reason: string | null;
  created_at: Date;
  updated_at: Date;
  title: string;
  category: string;
  track: AssignmentView['application']['track'];
  social_issue: string | null;
  plan: Record<string, string>;
  application_status: ApplicationStatus;
  company_name: string;
  company_region: string;
  criteria: Criterion[];
  evaluator_name: string;
  evaluator_email: string;
}

/** A sheet with what its evaluator needs to score it. */
const SHEET_COLUMNS = `
  a.id, a.application_id, a.program_id, a.evaluator_user_id, a.status, a.scores, a.comment,
  a.total::text AS total, a.due_at, a.submitted_at, a.recused_reason, a.recused_at,
  a.cancelled_at, a.cancel_reason, a.created_at, a.updated_at,
  ap.title, ap.category, ap.track, ap.social_issue, ap.plan, ap.status AS application_status,
  c.name AS company_name, c.region AS company_region,
  p.rules->'evaluation'->'criteria' AS criteria,
  u.display_name AS evaluator_name, u.email AS evaluator_email`;

const SHEET_SELECT = `
  SELECT ${SHEET_COLUMNS}
    FROM assignments a
    JOIN applications ap ON ap.id = a.application_id
    JOIN companies c ON c.id = ap.company_id
    JOIN programs p ON p.id = a.program_id
    JOIN users u ON u.id = a.evaluator_user_id`;

function toView(r: SheetRow): AssignmentView {
  return {
    id: r.id,
    applicationId: r.application_id,
    programId: r.program_id,
    status: r.status,
    dueAt: r.due_at,
    application: {
      title: r.title,
      category: r.category,
      track: r.track,
      socialIssue: r.social_issue,
      plan: r.plan,
      companyName: r.company_name,
      companyRegion: r.company_region,
    },
    criteria: r.criteria.map((c) => ({ code: c.code, name: c.name, maxPoints: c.maxPoints })),
    scores: r.scores,
    comment: r.comment,
    total: r.total === null ? null : Number(r.total),
    submittedAt: r.submitted_at,
    recusedReason: r.recused_reason,
    recusedAt: r.recused_at,
    cancelledAt: r.cancelled_at,
    cancelReason: r.cancel_reason,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toStaffView(r: SheetRow): StaffAssignmentView {
  return {
    ...toView(r),
    evaluatorId: r.evaluator_user_id,
    evaluatorName: r.evaluator_name,
    evaluatorEmail: r.evaluator_email,
  };
}

function assertEvaluating(program: Pick<ProgramEntity, 'status'>): void {
  if (program.status !== 'EVALUATING') {
    throw new DomainError(
      'PROGRAM_NOT_EVALUATING',
      `The program is ${program.status}; evaluation work happens while it is EVALUATING`,
      { status: program.status },
    );
  }
}

/**
 * Evaluator assignment (automatic and manual, never with a conflict of interest), recusal with
 * reassignment, and score sheets. Every change that alters who evaluates what locks the
 * program row first, so auto-assignment, manual assignment and recusals never interleave.
 */
@Injectable()
export class AssignmentService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly programs: ProgramService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  // ---- assignment ---------------------------------------------------------------------------

  /**
   * Gives every ELIGIBLE (or short-handed UNDER_REVIEW) application N evaluators: deterministic,
   * load-balanced, never a conflicted evaluator (assignment.policy.ts); applications that reach
   * N go UNDER_REVIEW, the others are reported as uncovered and stay as they are.
   */
  autoAssign(programId: string, actor: Actor): Promise<AutoAssignmentResult> {
    return inTransaction(this.dataSource, async (tx) => {
      const program = await this.programs.lock(tx, programId);
      assertEvaluating(program);
      const required = program.rules.evaluation.evaluatorsPerApplication;
      const apps = await this.applications(tx, 'a.program_id = $1 AND a.status = ANY($2)', [
        programId,
        ASSIGNABLE,
      ]);
      const active = await this.activeByApplication(tx, programId);
      const pool = await this.poolLoads(tx, programId);
      const facts = await this.evaluatorFacts(
        tx,
        pool.map((m) => m.evaluatorId),
      );
      const toCover: ApplicationToCover[] = apps.map((app) => ({
        applicationId: app.applicationId,
        assigned: active.get(app.applicationId) ?? [],
        excluded: this.excluded(pool, facts, app),
      }));
      const plan = planAssignments(pool, toCover, required);

      const byId = new Map(apps.map((a) => [a.applicationId, a]));
      const created = await this.insert(
        tx,
        program,
        plan.assignments.map((p) => ({
          app: byId.get(p.applicationId)!,
          evaluatorId: p.evaluatorId,
        })),
        actor,
        'assignment.auto_assigned',
      );
      const full = new Set(
        toCover
          .filter((c) => c.assigned.length >= required)
          .map((c) => c.applicationId)
          .concat(plan.covered),
      );
      const underReview = await this.moveUnderReview(
        tx,
        apps.filter((a) => a.status === 'ELIGIBLE' && full.has(a.applicationId)),
        actor,
      );
      await this.audit.record(tx, {
        entity: 'program',
        entityId: programId,
        action: 'evaluation.auto_assigned',
        actor,
        after: {
          assignments: created.length,
          underReview: underReview.length,
          uncovered: plan.uncovered,
        },
      });
      return {
        programId,
        assignments: created.map((c) => ({
          assignmentId: c.id,
          applicationId: c.applicationId,
          evaluatorId: c.evaluatorUserId,
        })),
        underReview,
        uncovered: plan.uncovered,
      };
    });
  }

  /** An officer assigns one evaluator by hand; refused with CONFLICT_OF_INTEREST where one exists. */
  assign(applicationId: string, evaluatorId: string, actor: Actor): Promise<StaffAssignmentView> {
    return inTransaction(this.dataSource, async (tx) => {
      const programId = await this.programOf(tx, applicationId);
      const program = await this.programs.lock(tx, programId);
      const [app] = await this.applications(tx, 'a.id = $1', [applicationId], true);
      assertEvaluating(program);
      if (!ASSIGNABLE.includes(app.status)) {
        throw new DomainError(
          'INVALID_STATE_TRANSITION',
          `Cannot assign evaluators to an application that is ${app.status}`,
          { status: app.status },
        );
      }
      const pool = await this.poolLoads(tx, programId);
      if (!pool.some((m) => m.evaluatorId === evaluatorId)) {
        throw new DomainError(
          'VALIDATION_FAILED',
          "evaluatorId is not in the program's evaluator pool",
          {
            fields: [
              {
                field: 'evaluatorId',
                reasons: [`${evaluatorId} is not in the program's evaluator pool`],
              },
            ],
          },
        );
      }
      const active =
        (await this.activeByApplication(tx, programId, applicationId)).get(applicationId) ?? [];
      if (active.includes(evaluatorId)) {
        throw new DomainError('CONFLICT', 'The evaluator is already assigned to this application', {
          evaluatorId,
          applicationId,
        });
      }
      const facts = await this.evaluatorFacts(tx, [evaluatorId]);
      const conflicts = findConflicts(facts.get(evaluatorId)!, app);
      if (conflicts.length) {
        throw new DomainError(
          'CONFLICT_OF_INTEREST',
          `The evaluator may not evaluate this application: ${conflicts.map((c) => c.reason).join('; ')}`,
          { evaluatorId, applicationId, conflicts },
        );
      }
      const required = program.rules.evaluation.evaluatorsPerApplication;
      if (active.length >= required) {
        throw new DomainError(
          'CONFLICT',
          `The application already has ${active.length} of ${required} evaluators`,
          { assigned: active.length, required },
        );
      }
      const [sheet] = await this.insert(
        tx,
        program,
        [{ app, evaluatorId }],
        actor,
        'assignment.assigned',
      );
      if (app.status === 'ELIGIBLE' && active.length + 1 >= required) {
        await this.moveUnderReview(tx, [app], actor);
      }
      return toStaffView(await this.sheet(tx, sheet.id));
    });
  }

  /** The evaluator steps back from an open sheet; another evaluator takes the application over. */
  recuse(id: string, reason: string, actor: Actor): Promise<RecuseResult> {
    return inTransaction(this.dataSource, async (tx) => {
      const own = await this.ownSheet(tx, id, actor);
      const program = await this.programs.lock(tx, own.programId);
      const sheet = await this.lockSheet(tx, id);
      this.assertOpen(sheet);
      assertEvaluating(program);
      const reassigned = await this.recuseLocked(tx, program, sheet, reason, actor);
      return { assignment: toView(await this.sheet(tx, id)), reassigned: reassigned !== null };
    });
  }

  /**
   * After an evaluator's affiliation or declared conflicts changed: recuses (and reassigns) each
   * of its open sheets that now has a conflict of interest. Runs in the caller's transaction.
   */
  async recuseConflicted(
    tx: EntityManager,
    evaluatorId: string,
    actor: Actor,
  ): Promise<RecusedSheet[]> {
    const programs: Array<{ program_id: string }> = await tx.query(
      `SELECT DISTINCT a.program_id FROM assignments a JOIN programs p ON p.id = a.program_id
        WHERE a.evaluator_user_id = $1 AND a.status = 'ASSIGNED' AND p.status = 'EVALUATING'
        ORDER BY a.program_id`,
      [evaluatorId],
    );
    const out: RecusedSheet[] = [];
    const facts = (await this.evaluatorFacts(tx, [evaluatorId])).get(evaluatorId)!;
    // Programs are locked in id order, as every path that locks several does.
    for (const { program_id } of programs) {
      const program = await this.programs.lock(tx, program_id);
      if (program.status !== 'EVALUATING') continue;
      const open: Array<{ id: string; application_id: string }> = await tx.query(
        `SELECT id, application_id FROM assignments
          WHERE evaluator_user_id = $1 AND program_id = $2 AND status = 'ASSIGNED' ORDER BY id`,
        [evaluatorId, program_id],
      );
      if (!open.length) continue;
      const apps = new Map(
        (await this.applications(tx, 'a.id = ANY($1)', [open.map((o) => o.application_id)])).map(
          (a) => [a.applicationId, a],
        ),
      );
      for (const o of open) {
        const conflicts = findConflicts(facts, apps.get(o.application_id)!);
        if (!conflicts.length) continue;
        const sheet = await this.lockSheet(tx, o.id);
        if (sheet.status !== 'ASSIGNED') continue;
        const replacement = await this.recuseLocked(
          tx,
          program,
          sheet,
          `conflict of interest: ${conflicts.map((c) => c.reason).join('; ')}`,
          actor,
        );
        out.push({
          assignmentId: o.id,
          applicationId: o.application_id,
          reassigned: replacement !== null,
        });
      }
    }
    return out;
  }

  /**
   * Closes the open sheets of applications that left evaluation (withdrawn; or every remaining
   * one of a program whose selection was committed): they are CANCELLED with the reason, so they
   * are nobody's to-do and no longer count in a load. Submitted sheets stay, for the record.
   * Runs in the caller's transaction, which holds the program lock (or the application's), with
   * one audit entry per sheet written in the same statement. Returns the closed sheets.
   */
  async closeOpenSheets(
    tx: EntityManager,
    scope: { applicationId: string } | { programId: string },
    reason: string,
    actor: Actor | null,
  ): Promise<Array<{ id: string; applicationId: string; evaluatorId: string }>> {
    const closing = ASSIGNMENT_STATUSES.filter(closesWhenApplicationLeaves);
    const byApplication = 'applicationId' in scope;
    const rows: Array<{ id: string; application_id: string; evaluator_user_id: string }> =
      await runStatement(tx, {
        name: `assignment.close_open:${byApplication ? 'application' : 'program'}`,
        sql: `WITH closed AS (
                UPDATE assignments
                   SET status = 'CANCELLED', cancelled_at = CURRENT_TIMESTAMP, cancel_reason = $2,
                       updated_at = CURRENT_TIMESTAMP
                 WHERE ${byApplication ? 'application_id' : 'program_id'} = $1 AND status = ANY($3)
             RETURNING id, application_id, evaluator_user_id, status
              ), audited AS (
                INSERT INTO audit_log (entity, entity_id, action, actor_id, actor_role, request_id, before, after)
                SELECT 'assignment', c.id::text, 'assignment.cancelled', $4, $5, $6,
                       jsonb_build_object('status', 'ASSIGNED'),
                       jsonb_build_object('status', c.status, 'reason', $2::text,
                                          'applicationId', c.application_id)
                  FROM closed c
              )
              SELECT id, application_id, evaluator_user_id FROM closed ORDER BY id`,
        params: [
          byApplication ? scope.applicationId : scope.programId,
          reason,
          closing,
          actor?.userId ?? null,
          actor?.role ?? null,
          actor?.requestId ?? null,
        ],
      });
    return rows.map((r) => ({
      id: r.id,
      applicationId: r.application_id,
      evaluatorId: r.evaluator_user_id,
    }));
  }

  // ---- reminders ----------------------------------------------------------------------------

  /**
   * For the worker's daily job: reminds each evaluator with open sheets in a program whose
   * evaluation is due (reminder.policy.ts), at most once per Korean calendar day, through an
   * `evaluation.due` outbox event. Safe to run as often as wanted.
   */
  sendDueReminders(
    options: { now?: Date; leadDays?: number; programId?: string } = {},
  ): Promise<{ reminded: number }> {
    const { now = new Date(), leadDays = 3, programId = null } = options;
    return inTransaction(this.dataSource, async (tx) => {
      const open: Array<{
        program_id: string;
        evaluator_user_id: string;
        open: number;
        due_at: Date;
      }> = await tx.query(
        `SELECT a.program_id, a.evaluator_user_id, count(*)::int AS open, min(a.due_at) AS due_at
             FROM assignments a
             JOIN programs p ON p.id = a.program_id
             JOIN applications ap ON ap.id = a.application_id
            WHERE a.status = 'ASSIGNED' AND a.due_at IS NOT NULL AND p.status = 'EVALUATING'
              AND ap.status = ANY($1) AND ($2::uuid IS NULL OR a.program_id = $2)
            GROUP BY a.program_id, a.evaluator_user_id
            ORDER BY a.program_id, a.evaluator_user_id`,
        [ASSIGNABLE, programId],
      );
      const day = reminderDay(now);
      let reminded = 0;
      for (const row of open) {
        const decision = reminderFor(row.due_at, now, leadDays);
        if (!decision.remind) continue;
        const inserted: unknown[] = await tx.query(
          `INSERT INTO evaluation_reminders (program_id, evaluator_user_id, reminded_on, open_sheets)
           VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING program_id`,
          [row.program_id, row.evaluator_user_id, day, row.open],
        );
        if (!inserted.length) continue;
        reminded += 1;
        await this.outbox.emit(tx, {
          type: 'evaluation.due',
          aggregateType: 'program',
          aggregateId: row.program_id,
          payload: {
            programId: row.program_id,
            openSheets: row.open,
            dueAt: row.due_at.toISOString(),
            overdue: decision.overdue,
            day,
            recipients: [row.evaluator_user_id],
          },
        });
      }
      return { reminded };
    });
  }

  // ---- score sheets -------------------------------------------------------------------------

  /** Stores a draft: every named criterion known and within its maximum; missing ones allowed. */
  saveScores(id: string, dto: ScoreSheetDto, actor: Actor): Promise<AssignmentView> {
    return inTransaction(this.dataSource, async (tx) => {
      const sheet = await this.lockEditable(tx, id, actor);
      const saved = this.storeDraft(sheet, dto, actor);
      await this.write(tx, sheet, [saved]);
      return toView(sheet);
    });
  }

  /**
   * Submits the sheet: every criterion scored; the total is fixed and the sheet locked. Scores
   * sent along are first stored as saveScores would (one request instead of two).
   */
  submit(id: string, actor: Actor, dto: SubmitScoreSheetDto = {}): Promise<AssignmentView> {
    return inTransaction(this.dataSource, async (tx) => {
      const sheet = await this.lockEditable(tx, id, actor);
      const audits =
        dto.scores === undefined
          ? []
          : [this.storeDraft(sheet, { ...dto, scores: dto.scores }, actor)];
      const problems = checkScores(sheet.criteria, sheet.scores, true);
      if (problems.length) {
        throw new DomainError(
          'VALIDATION_FAILED',
          `The sheet is incomplete: ${problems.map((p) => p.field).join(', ')}`,
          { fields: problems },
        );
      }
      const total = totalTenths(sheet.criteria, sheet.scores) / 10;
      sheet.total = String(total);
      sheet.status = 'SUBMITTED';
      sheet.submitted_at = new Date();
      audits.push({
        entity: 'assignment',
        entityId: id,
        action: 'assignment.submitted',
        actor,
        before: { status: 'ASSIGNED' },
        after: { status: sheet.status, scores: sheet.scores, total },
      });
      await this.write(tx, sheet, audits);
      return toView(sheet);
    });
  }

  /** Checks and takes a draft's scores (in rubric order) and comment into the sheet. */
  private storeDraft(sheet: SheetRow, dto: ScoreSheetDto, actor: Actor): AuditRecord {
    const problems = checkScores(sheet.criteria, dto.scores, false);
    if (problems.length) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `Invalid input: ${problems.map((p) => p.field).join(', ')}`,
        {
          fields: problems,
        },
      );
    }
    const before = { scores: sheet.scores, comment: sheet.comment };
    // Stored in rubric order, whatever order the client sent.
    sheet.scores = Object.fromEntries(
      sheet.criteria
        .filter((c) => Object.hasOwn(dto.scores, c.code))
        .map((c) => [c.code, dto.scores[c.code] as number]),
    );
    sheet.comment = dto.comment ?? null;
    return {
      entity: 'assignment',
      entityId: sheet.id,
      action: 'assignment.scores_saved',
      actor,
      before,
      after: { scores: sheet.scores, comment: sheet.comment },
    };
  }

  /** Writes the sheet's scores and state with its audit entries, in one statement. */
  private async write(tx: EntityManager, sheet: SheetRow, audits: AuditRecord[]): Promise<void> {
    const [{ updated_at }] = await runTogether<{ updated_at: Date }>(
      tx,
      {
        name: 'assignment.write',
        sql: `UPDATE assignments
                 SET scores = $2::jsonb, comment = $3, total = $4::numeric, status = $5,
                     submitted_at = $6, updated_at = CURRENT_TIMESTAMP
               WHERE id = $1
           RETURNING updated_at`,
        params: [
          sheet.id,
          JSON.stringify(sheet.scores),
          sheet.comment,
          sheet.total,
          sheet.status,
          sheet.submitted_at,
        ],
      },
      this.audit.recordStatement(...audits),
    );
    sheet.updated_at = updated_at;
  }

  // ---- reads --------------------------------------------------------------------------------

  /** The evaluator's own sheets, nobody else's. */
  async mine(query: AssignmentQueryDto, actor: Actor): Promise<Page<AssignmentView>> {
    const where = ['a.evaluator_user_id = $1'];
    const params: unknown[] = [actor.userId];
    if (query.programId) {
      params.push(query.programId);
      where.push(`a.program_id = $${params.length}`);
    }
    if (query.status) {
      params.push(query.status);
      where.push(`a.status = $${params.length}`);
    }
    const clause = where.join(' AND ');
    const [{ n }] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM assignments a WHERE ${clause}`,
      params,
    );
    const rows: SheetRow[] = await this.dataSource.query(
      `${SHEET_SELECT} WHERE ${clause} ORDER BY a.due_at NULLS LAST, a.created_at, a.id
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.limit, query.offset],
    );
    return {
      items: rows.map(toView),
      total: n as number,
      limit: query.limit,
      offset: query.offset,
    };
  }

  /** One sheet: its own evaluator's (others get 404), or any for officers. */
  async get(id: string, actor: Actor): Promise<AssignmentView | StaffAssignmentView> {
    const [row] = (await this.dataSource.query(
      `${SHEET_SELECT} WHERE a.id = $1 AND ($2::uuid IS NULL OR a.evaluator_user_id = $2)`,
      [id, isStaff(actor) ? null : actor.userId],
    )) as SheetRow[];
    if (!row) throw DomainError.notFound('Assignment', id);
    return isStaff(actor) ? toStaffView(row) : toView(row);
  }

  /** Every sheet of an application, with its evaluator (officers). */
  async forApplication(applicationId: string): Promise<StaffAssignmentView[]> {
    await this.programOf(this.dataSource.manager, applicationId);
    const rows: SheetRow[] = await this.dataSource.query(
      `${SHEET_SELECT} WHERE a.application_id = $1 ORDER BY a.created_at, a.id`,
      [applicationId],
    );
    return rows.map(toStaffView);
  }

  // ---- internals ----------------------------------------------------------------------------

  private async recuseLocked(
    tx: EntityManager,
    program: ProgramEntity,
    sheet: AssignmentEntity,
    reason: string,
    actor: Actor,
  ): Promise<AssignmentEntity | null> {
    sheet.status = 'RECUSED';
    sheet.recusedReason = reason;
    sheet.recusedAt = new Date();
    await tx.save(sheet);
    await this.audit.record(tx, {
      entity: 'assignment',
      entityId: sheet.id,
      action: 'assignment.recused',
      actor,
      before: { status: 'ASSIGNED' },
      after: { status: 'RECUSED', reason },
    });

    const [app] = await this.applications(tx, 'a.id = $1', [sheet.applicationId], true);
    if (!ASSIGNABLE.includes(app.status)) return null;
    const required = program.rules.evaluation.evaluatorsPerApplication;
    const active =
      (await this.activeByApplication(tx, program.id, app.applicationId)).get(app.applicationId) ??
      [];
    if (active.length >= required) return null;
    const pool = await this.poolLoads(tx, program.id);
    const facts = await this.evaluatorFacts(
      tx,
      pool.map((m) => m.evaluatorId),
    );
    const toCover = {
      applicationId: app.applicationId,
      assigned: active,
      excluded: this.excluded(pool, facts, app),
    };
    const [picked] = pickEvaluators(pool, toCover, 1);
    if (!picked) {
      await this.audit.record(tx, {
        entity: 'application',
        entityId: app.applicationId,
        action: 'evaluation.reassignment_failed',
        actor,
        after: { reason: uncoveredReason(pool, toCover, active.length, required) },
      });
      return null;
    }
    const [created] = await this.insert(
      tx,
      program,
      [{ app, evaluatorId: picked }],
      actor,
      'assignment.reassigned',
    );
    return created;
  }

  /** Inserts sheets, with an audit row and an `evaluation.assigned` notification each. */
  private async insert(
    tx: EntityManager,
    program: ProgramEntity,
    items: Array<{ app: ApplicationRow; evaluatorId: string }>,
    actor: Actor,
    action: string,
  ): Promise<AssignmentEntity[]> {
    if (!items.length) return [];
    const dueAt = program.rules.evaluation.dueAt ? new Date(program.rules.evaluation.dueAt) : null;
    let created: AssignmentEntity[];
    try {
      created = await tx.save(
        items.map(({ app, evaluatorId }) =>
          tx.create(AssignmentEntity, {
            applicationId: app.applicationId,
            programId: program.id,
            evaluatorUserId: evaluatorId,
            dueAt,
          }),
        ),
        { chunk: 500 },
      );
    } catch (error) {
      if (isUniqueViolation(error, 'assignments_active_key')) {
        throw new DomainError('CONFLICT', 'The evaluator is already assigned to this application');
      }
      throw error;
    }
    const titles = new Map(items.map(({ app }) => [app.applicationId, app.title]));
    for (const sheet of created) {
      await this.audit.record(tx, {
        entity: 'assignment',
        entityId: sheet.id,
        action,
        actor,
        after: {
          applicationId: sheet.applicationId,
          evaluatorUserId: sheet.evaluatorUserId,
          dueAt: sheet.dueAt,
        },
      });
      await this.outbox.emit(tx, {
        type: 'evaluation.assigned',
        aggregateType: 'assignment',
        aggregateId: sheet.id,
        payload: {
          assignmentId: sheet.id,
          applicationId: sheet.applicationId,
          programId: program.id,
          title: titles.get(sheet.applicationId),
          dueAt: sheet.dueAt ? sheet.dueAt.toISOString() : null,
          recipients: [sheet.evaluatorUserId],
        },
        requestId: actor.requestId,
      });
    }
    return created;
  }

  private async moveUnderReview(
    tx: EntityManager,
    apps: ApplicationRow[],
    actor: Actor,
  ): Promise<string[]> {
    if (!apps.length) return [];
    // TypeORM answers an UPDATE with [rows, count].
    const [moved]: [Array<{ id: string }>, number] = await tx.query(
      `UPDATE applications SET status = 'UNDER_REVIEW', updated_at = now()
        WHERE id = ANY($1) AND status = 'ELIGIBLE' RETURNING id`,
      [apps.map((a) => a.applicationId)],
    );
    const ids = moved.map((m) => m.id).sort();
    for (const id of ids) {
      await this.audit.record(tx, {
        entity: 'application',
        entityId: id,
        action: 'application.under_review',
        actor,
        before: { status: 'ELIGIBLE' },
        after: { status: 'UNDER_REVIEW' },
      });
    }
    return ids;
  }

  /** Pool members with a conflict of interest with the application (or who recused from it). */
  private excluded(
    pool: PoolMember[],
    facts: Map<string, EvaluatorConflictFacts>,
    app: ApplicationConflictFacts,
  ): Set<string> {
    return new Set(
      pool
        .filter((m) => findConflicts(facts.get(m.evaluatorId)!, app).length > 0)
        .map((m) => m.evaluatorId),
    );
  }

  /** Applications with the registration numbers conflicts are checked against. */
  private async applications(
    tx: EntityManager,
    where: string,
    params: unknown[],
    lockOne = false,
  ): Promise<ApplicationRow[]> {
    const rows: Array<{
      id: string;
      program_id: string;
      status: ApplicationStatus;
      title: string;
      company_brn: string;
      supplier_brn: string;
    }> = await tx.query(
      `SELECT a.id, a.program_id, a.status, a.title,
              c.business_registration_number AS company_brn, s.business_registration_number AS supplier_brn
         FROM applications a
         JOIN companies c ON c.id = a.company_id
         JOIN suppliers s ON s.id = a.supplier_id
        WHERE ${where}
        ORDER BY a.submitted_at, a.id
        FOR UPDATE OF a`,
      params,
    );
    if (lockOne && !rows.length) throw DomainError.notFound('Application', String(params[0]));
    return rows.map((r) => ({
      applicationId: r.id,
      programId: r.program_id,
      status: r.status,
      title: r.title,
      companyBrn: r.company_brn,
      supplierBrn: r.supplier_brn,
    }));
  }

  private async programOf(manager: EntityManager, applicationId: string): Promise<string> {
    const [row] = await manager.query(`SELECT program_id FROM applications WHERE id = $1`, [
      applicationId,
    ]);
    if (!row) throw DomainError.notFound('Application', applicationId);
    return (row as { program_id: string }).program_id;
  }

  /** Evaluators with an active (assigned or submitted) sheet, per application (score-sheet.policy). */
  private async activeByApplication(
    tx: EntityManager,
    programId: string,
    applicationId?: string,
  ): Promise<Map<string, string[]>> {
    const rows: Array<{ application_id: string; evaluator_user_id: string }> = await tx.query(
      `SELECT application_id, evaluator_user_id FROM assignments
        WHERE program_id = $1 AND status = ANY($3) AND ($2::uuid IS NULL OR application_id = $2)
        ORDER BY application_id, evaluator_user_id`,
      [programId, applicationId ?? null, ACTIVE_SHEET_STATUSES],
    );
    const out = new Map<string, string[]>();
    for (const r of rows) {
      const list = out.get(r.application_id);
      if (list) list.push(r.evaluator_user_id);
      else out.set(r.application_id, [r.evaluator_user_id]);
    }
    return out;
  }

  /**
   * The pool with each member's load (active sheets in the program: recused and cancelled ones
   * don't count), in user id order.
   */
  private async poolLoads(tx: EntityManager, programId: string): Promise<PoolMember[]> {
    const rows: Array<{ evaluator_user_id: string; load: number }> = await tx.query(
      `SELECT pe.evaluator_user_id,
              (SELECT count(*)::int FROM assignments a
                WHERE a.program_id = pe.program_id AND a.evaluator_user_id = pe.evaluator_user_id
                  AND a.status = ANY($2)) AS load
         FROM program_evaluators pe
        WHERE pe.program_id = $1
        ORDER BY pe.evaluator_user_id`,
      [programId, ACTIVE_SHEET_STATUSES],
    );
    return rows.map((r) => ({ evaluatorId: r.evaluator_user_id, load: r.load }));
  }

  /** Affiliations, declared conflicts and past recusals of the given evaluators. */
  private async evaluatorFacts(
    tx: EntityManager,
    evaluatorIds: string[],
  ): Promise<Map<string, EvaluatorConflictFacts>> {
    type Declared = { brn: string; kind: ConflictKind; reason: string };
    const affiliation = new Map<string, string | null>();
    const declared = new Map<string, Declared[]>(evaluatorIds.map((id) => [id, []]));
    const recused = new Map<string, Set<string>>(evaluatorIds.map((id) => [id, new Set()]));
    if (evaluatorIds.length) {
      const profiles: Array<{ user_id: string; affiliation_brn: string | null }> = await tx.query(
        `SELECT user_id, affiliation_brn FROM evaluator_profiles WHERE user_id = ANY($1)`,
        [evaluatorIds],
      );
      for (const p of profiles) affiliation.set(p.user_id, p.affiliation_brn);
      const rows: Array<Declared & { evaluator_user_id: string }> = await tx.query(
        `SELECT evaluator_user_id, brn, kind, reason FROM evaluator_conflicts
          WHERE evaluator_user_id = ANY($1) ORDER BY created_at, id`,
        [evaluatorIds],
      );
      for (const d of rows) {
        declared.get(d.evaluator_user_id)!.push({ brn: d.brn, kind: d.kind, reason: d.reason });
      }
      const past: Array<{ evaluator_user_id: string; application_id: string }> = await tx.query(
        `SELECT evaluator_user_id, application_id FROM assignments
          WHERE evaluator_user_id = ANY($1) AND status = 'RECUSED'`,
        [evaluatorIds],
      );
      for (const r of past) recused.get(r.evaluator_user_id)!.add(r.application_id);
    }
    return new Map(
      evaluatorIds.map((id) => [
        id,
        {
          evaluatorId: id,
          affiliationBrn: affiliation.get(id) ?? null,
          declared: declared.get(id)!,
          recusedApplicationIds: recused.get(id)!,
        },
      ]),
    );
  }

  /** The caller's own sheet (unlocked, to find its program), or 404. */
  private async ownSheet(tx: EntityManager, id: string, actor: Actor): Promise<AssignmentEntity> {
    const sheet = await tx.findOne(AssignmentEntity, {
      where: { id, evaluatorUserId: actor.userId },
    });
    if (!sheet) throw DomainError.notFound('Assignment', id);
    return sheet;
  }

  private async lockSheet(tx: EntityManager, id: string): Promise<AssignmentEntity> {
    return tx.findOneOrFail(AssignmentEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
  }

  private assertOpen(
    sheet: Pick<AssignmentEntity, 'status' | 'submittedAt'> & { cancelReason?: string | null },
  ): void {
    if (canEdit(sheet.status)) return;
    if (sheet.status === 'SUBMITTED') {
      throw new DomainError('SHEET_LOCKED', 'The score sheet was submitted and is locked', {
        status: sheet.status,
        submittedAt: sheet.submittedAt,
      });
    }
    if (sheet.status === 'CANCELLED') {
      throw new DomainError(
        'INVALID_STATE_TRANSITION',
        `The sheet was closed unsubmitted: ${sheet.cancelReason ?? 'its application left evaluation'}`,
        { status: sheet.status, cancelReason: sheet.cancelReason ?? null },
      );
    }
    throw new DomainError('INVALID_STATE_TRANSITION', `The sheet is ${sheet.status}`, {
      status: sheet.status,
    });
  }

  /**
   * The caller's open sheet with all it shows, locked, in a program still EVALUATING and for
   * an application still under review, in one statement. The program is share-locked (the
   * order every path uses: program, then sheet), so no score lands after the program moved on.
   */
  private async lockEditable(tx: EntityManager, id: string, actor: Actor): Promise<SheetRow> {
    const [row] = await runStatement<SheetRow & { program_status: ProgramEntity['status'] }>(tx, {
      name: 'assignment.lock_editable',
      sql: `SELECT ${SHEET_COLUMNS}, p.status AS program_status
              FROM assignments a
              JOIN applications ap ON ap.id = a.application_id
              JOIN companies c ON c.id = ap.company_id
              JOIN programs p ON p.id = a.program_id
              JOIN users u ON u.id = a.evaluator_user_id
             WHERE a.id = $1 AND a.evaluator_user_id = $2
               FOR SHARE OF p
               FOR UPDATE OF a`,
      params: [id, actor.userId],
    });
    if (!row) throw DomainError.notFound('Assignment', id);
    const { program_status: programStatus, ...sheet } = row;
    this.assertOpen({
      status: sheet.status,
      submittedAt: sheet.submitted_at,
      cancelReason: sheet.cancel_reason,
    });
    assertEvaluating({ status: programStatus });
    if (!ASSIGNABLE.includes(sheet.application_status)) {
      throw new DomainError(
        'INVALID_STATE_TRANSITION',
        `The application is ${sheet.application_status}; it can't be scored`,
        {
          applicationStatus: sheet.application_status,
        },
      );
    }
    return sheet;
  }

  private async sheet(tx: EntityManager, id: string): Promise<SheetRow> {
    const [row] = (await tx.query(`${SHEET_SELECT} WHERE a.id = $1`, [id])) as SheetRow[];
    return row;
  }
}
