import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify/sync';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError } from '@app/common';
import { inTransaction, isUniqueViolation } from '@app/database';
import { AuditService } from '../audit/audit.service';
import { BudgetService } from '../budget/budget.service';
import type { ApplicationStatus } from '../application/application-lifecycle.policy';
import type { EligibilityFailure } from '../application/eligibility.policy';
import { AssignmentService } from '../evaluation/assignment.service';
import { canCompleteSelection } from '../program/program-lifecycle.policy';
import { ApplicationFacts, conditionMet } from '../program/condition.policy';
import { ProgramEntity } from '../program/program.entity';
import { ProgramService } from '../program/program.service';
import type { CompanyType, Region, Track } from '../shared/reference-data';
import { DecisionQueryDto, SelectionRunView } from './dto/selection.dto';
import { LEFT_OUT_AT_SELECTION, leftOutOutcome } from './selection-closure.policy';
import { SelectionRunEntity } from './selection.entity';
import {
  Candidate,
  Decision,
  inputHashOf,
  select,
  SelectionInput,
  SelectionResult,
} from './selection.policy';

function toRunView(run: SelectionRunEntity): SelectionRunView {
  return {
    id: run.id,
    programId: run.programId,
    status: run.status,
    rulesVersion: run.rulesVersion,
    inputHash: run.inputHash,
    outputHash: run.outputHash,
    summary: run.summary,
    createdAt: run.createdAt,
    committedAt: run.committedAt,
  };
}

const summaryOf = (r: SelectionResult) => ({
  categories: r.categories,
  specialPools: r.specialPools,
  pool: r.pool,
  totals: {
    candidates: r.decisions.length,
    selected: r.decisions.filter((d) => d.outcome === 'SELECTED').length,
    waitlisted: r.decisions.filter((d) => d.outcome === 'WAITLISTED').length,
    rejected: r.decisions.filter((d) => d.outcome === 'REJECTED').length,
  },
});

interface CandidateRow {
  id: string;
  category: string;
  track: Track;
  social_issue: string | null;
  grant: string;
  /** In the form Date.toISOString() gives (see isoTimestamp). */
  submitted_at: string;
  base: number;
  final: number;
  type: CompanyType;
  region: Region;
  ceo_birth_date: string;
  crowdsourcing: boolean;
}

/**
 * SQL for a timestamptz column as the text Date.toISOString() gives for it once the pg driver
 * has read it: UTC, milliseconds, the microseconds cut off (the driver truncates them too).
 * Letting PostgreSQL write it spares the driver parsing 100,000 timestamps into Dates and the
 * mapping writing them out again, a good part of the client's work in reading a round.
 */
export const isoTimestamp = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Selection runs: preview (nothing changes), commit (reserve every grant and set every status
 * in one transaction), replay (recompute from the recorded input). Decisions are never stored
 * for previews: the policy is deterministic, so they are recomputed from the recorded input.
 */
@Injectable()
export class SelectionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly programs: ProgramService,
    private readonly budget: BudgetService,
    private readonly audit: AuditService,
    private readonly assignments: AssignmentService,
  ) {}

  /** The input of a run as the database holds it now: scored applications and money left. */
  async currentInput(manager: EntityManager, program: ProgramEntity): Promise<SelectionInput> {
    const { rules } = program;
    const rows: CandidateRow[] = await manager.query(
      `SELECT a.id, a.category, a.track, a.social_issue, a.requested_support_krw::text AS grant,
              ${isoTimestamp('a.submitted_at')} AS submitted_at,
              s.base_score::float8 AS base, s.final_score::float8 AS final,
              c.type, c.region, c.ceo_birth_date::text AS ceo_birth_date, sup.crowdsourcing
         FROM applications a
         JOIN application_scores s ON s.application_id = a.id
         JOIN companies c ON c.id = a.company_id
         JOIN suppliers sup ON sup.id = a.supplier_id
        WHERE a.program_id = $1 AND a.status = 'SCORED' AND NOT a.flagged
        ORDER BY a.id`,
      [program.id],
    );
    const quotaCodesOf = (r: CandidateRow): string[] => {
      if (!rules.quotas.length) return [];
      const facts: ApplicationFacts = {
        category: r.category,
        track: r.track,
        companyType: r.type,
        region: r.region,
        ceoBirthDate: r.ceo_birth_date,
        referenceDate: rules.referenceDate,
        supplierCrowdsourcing: r.crowdsourcing,
      };
      return rules.quotas.filter((q) => conditionMet(q.rule, facts)).map((q) => q.code);
    };
    const candidates: Candidate[] = rows.map((r) => ({
      applicationId: r.id,
      category: r.category,
      track: r.track,
      socialIssue: r.social_issue,
      generalTrackAllowed: rules.generalTrackCompanyTypes.includes(r.type),
      grantKrw: Number(r.grant),
      baseScore: r.base,
      finalScore: r.final,
      submittedAt: r.submitted_at,
      quotaCodes: quotaCodesOf(r),
    }));
    const budget = await this.budget.view(program.id, manager);
    return {
      rules: {
        categories: rules.categories,
        specialPools: rules.specialPools,
        quotas: rules.quotas,
        evaluation: { cutoffScore: rules.evaluation.cutoffScore },
      },
      availability: {
        poolKrw: budget.availableKrw,
        categories: Object.fromEntries(
          budget.accounts
            .filter((a) => a.scope === 'CATEGORY')
            .map((a) => [a.code, { krw: a.availableKrw, seats: (a.slots ?? 0) - a.selected }]),
        ),
        specialPools: Object.fromEntries(
          budget.accounts.filter((a) => a.scope === 'SPECIAL').map((a) => [a.code, a.availableKrw]),
        ),
      },
      candidates,
    };
  }

  async preview(programId: string, actor: Actor): Promise<SelectionRunView> {
    // A plain read: a share lock needs a transaction (TypeORM refuses it on the bare manager),
    // and none is needed here, since a commit re-checks the input under the program lock.
    const program = await this.dataSource.manager.findOne(ProgramEntity, {
      where: { id: programId },
    });
    if (!program) throw DomainError.notFound('Program', programId);
    this.assertEvaluating(program);
    const input = await this.currentInput(this.dataSource.manager, program);
    const result = select(input);
    const summary = summaryOf(result);
    const run = await inTransaction(this.dataSource, async (tx) => {
      const saved = await tx.save(
        tx.create(SelectionRunEntity, {
          programId,
          status: 'PREVIEW',
          rulesVersion: program.rulesVersion,
          input: null,
          inputHash: result.inputHash,
          outputHash: result.outputHash,
          summary,
          createdBy: actor.userId,
        }),
      );
      await this.audit.record(tx, {
        entity: 'selection_run',
        entityId: saved.id,
        action: 'selection.previewed',
        actor,
        after: {
          programId,
          inputHash: result.inputHash,
          outputHash: result.outputHash,
          totals: summary.totals,
        },
      });
      return saved;
    });
    return toRunView(run);
  }

  /**
   * Commits a previewed run: refuses if anything it was computed from has changed since, then
   * reserves every selected grant, sets every status, and writes the audit trail and the
   * events — all in one transaction, under the program lock.
   */
  async commit(runId: string, actor: Actor): Promise<SelectionRunView> {
    try {
      return await inTransaction(this.dataSource, async (tx) => {
        const run = await this.loadRun(tx, runId, true);
        const program = await this.programs.lock(tx, run.programId);
        this.assertEvaluating(program);
        if (run.status === 'COMMITTED') throw this.alreadyCommitted(program.id);
        // Read once under the program lock: if it still hashes like the preview, it is the
        // previewed input, and it becomes the run's record (select() hashes it: once, here).
        const input = await this.currentInput(tx, program);
        const result = select(input);
        if (result.inputHash !== run.inputHash) {
          throw new DomainError(
            'STALE_SELECTION_RUN',
            'Scores, applications or the budget changed since this preview; preview again before committing',
            { runInputHash: run.inputHash, currentInputHash: result.inputHash },
          );
        }
        await this.persistOutcome(tx, program, run, input, result, actor);
        await tx.query(`UPDATE selection_runs SET input = $2::jsonb WHERE id = $1`, [
          run.id,
          JSON.stringify(input),
        ]);
        run.status = 'COMMITTED';
        run.committedAt = new Date();
        run.committedBy = actor.userId;
        await tx.update(
          SelectionRunEntity,
          { id: run.id },
          { status: 'COMMITTED', committedAt: run.committedAt, committedBy: actor.userId },
        );
        // Evaluation is over: sheets still open (applications never scored) are nobody's to-do,
        // and applications the run did not decide on end with a reason their company is told.
        const closedSheets = await this.assignments.closeOpenSheets(
          tx,
          { programId: program.id },
          'evaluation closed: the selection was committed',
          actor,
        );
        const leftOut = await this.closeLeftOut(tx, program, run, actor);
        program.status = 'SELECTED';
        await tx.save(program);
        await this.audit.record(tx, {
          entity: 'program',
          entityId: program.id,
          action: 'selection.committed',
          actor,
          before: { status: 'EVALUATING' },
          after: {
            status: 'SELECTED',
            runId: run.id,
            outputHash: run.outputHash,
            totals: summaryOf(result).totals,
            closedSheets: closedSheets.length,
            leftOut,
          },
        });
        return toRunView(run);
      });
    } catch (error) {
      if (isUniqueViolation(error, 'selection_runs_one_committed'))
        throw this.alreadyCommitted(runId);
      throw error;
    }
  }

  private async persistOutcome(
    tx: EntityManager,
    program: ProgramEntity,
    run: SelectionRunEntity,
    input: SelectionInput,
    result: SelectionResult,
    actor: Actor,
  ): Promise<void> {
    const selected = result.decisions.filter((d) => d.outcome === 'SELECTED');
    await this.budget.reserveMany(
      tx,
      program.id,
      selected.map((d) => ({
        accountCode: d.accountCode!,
        amountKrw: d.grantKrw,
        applicationId: d.applicationId,
        reason: d.reason,
      })),
      actor,
    );
    const dueAt = new Date(Date.now() + program.rules.agreementDeadlineDays * 86_400_000);
    const byId = new Map(input.candidates.map((c) => [c.applicationId, c]));
    const rows = result.decisions.map((d) => ({ d, c: byId.get(d.applicationId)! }));
    await tx.query(
      `UPDATE applications a SET status = r.outcome, updated_at = now()
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, outcome text) WHERE a.id = r.id AND a.status = 'SCORED'`,
      [JSON.stringify(rows.map(({ d }) => ({ id: d.applicationId, outcome: d.outcome })))],
    );
    const awards = rows.filter(({ d }) => d.outcome !== 'REJECTED');
    if (awards.length) {
      await tx.query(
        `INSERT INTO awards (application_id, program_id, run_id, category, track, status, account_code, grant_krw, rank,
                             waitlist_position, quota_code, quota_codes, base_score, final_score, submitted_at,
                             general_track_allowed, reason, agreement_due_at)
         SELECT r.id, $1, $2, r.category, r.track, r.status, r.account_code, r.grant_krw, r.rank, r.waitlist_position,
                r.quota_code, ARRAY(SELECT jsonb_array_elements_text(r.quota_codes)), r.base_score, r.final_score,
                r.submitted_at, r.general_track_allowed, r.reason, CASE WHEN r.status = 'SELECTED' THEN $3::timestamptz END
           FROM jsonb_to_recordset($4::jsonb) AS r(id uuid, category text, track text, status text, account_code text,
                grant_krw bigint, rank int, waitlist_position int, quota_code text, quota_codes jsonb, base_score numeric,
                final_score numeric, submitted_at timestamptz, general_track_allowed boolean, reason text)`,
        [
          program.id,
          run.id,
          dueAt.toISOString(),
          JSON.stringify(
            awards.map(({ d, c }) => ({
              id: d.applicationId,
              category: d.category,
              track: d.track,
              status: d.outcome,
              account_code: d.accountCode,
              grant_krw: d.grantKrw,
              rank: d.rank,
              waitlist_position: d.waitlistPosition,
              quota_code: d.quotaCode,
              quota_codes: c.quotaCodes,
              base_score: c.baseScore,
              final_score: c.finalScore,
              submitted_at: c.submittedAt,
              general_track_allowed: c.generalTrackAllowed,
              reason: d.reason,
            })),
          ),
        ],
      );
    }
    await this.recordOutcomes(
      tx,
      program,
      run,
      result.decisions.map((d) => ({
        id: d.applicationId,
        before: 'SCORED',
        outcome: d.outcome,
        reason: d.reason,
        grant_krw: d.grantKrw,
        position: d.waitlistPosition,
      })),
      dueAt,
      actor,
    );
  }

  /**
   * The applications the committed run did not decide on though they were still in the
   * running (selection-closure.policy), in the commit's transaction: never-confirmed
   * submissions INELIGIBLE (WINDOW_CLOSED), the others REJECTED, each with its reason,
   * audited, and their companies told. Returns how many.
   */
  private async closeLeftOut(
    tx: EntityManager,
    program: ProgramEntity,
    run: SelectionRunEntity,
    actor: Actor,
  ): Promise<number> {
    const left: Array<{
      id: string;
      status: ApplicationStatus;
      flagged: boolean;
      flag_reason: string | null;
    }> = await tx.query(
      `SELECT id, status, flagged, flag_reason FROM applications
        WHERE program_id = $1 AND status = ANY($2) ORDER BY id FOR UPDATE`,
      [program.id, LEFT_OUT_AT_SELECTION],
    );
    const ends = left.map((a) => ({ a, end: leftOutOutcome(a.status, a.flagged, a.flag_reason) }));
    const rejected = ends.filter(({ end }) => end.status === 'REJECTED');
    if (rejected.length) {
      await tx.query(
        `UPDATE applications SET status = 'REJECTED', updated_at = now() WHERE id = ANY($1::uuid[])`,
        [rejected.map(({ a }) => a.id)],
      );
      await this.recordOutcomes(
        tx,
        program,
        run,
        rejected.map(({ a, end }) => ({
          id: a.id,
          before: a.status,
          outcome: 'REJECTED',
          reason: end.reason,
          grant_krw: 0,
          position: null,
        })),
        null,
        actor,
      );
    }
    const ineligible = ends.flatMap(({ a, end }) =>
      end.status === 'INELIGIBLE'
        ? [{ id: a.id, eligibility: { eligible: false as const, failures: [end.failure] } }]
        : [],
    );
    if (ineligible.length) await this.closeUnassessed(tx, program, ineligible, actor);
    return left.length;
  }

  /**
   * Submissions never assessed (their supplier never confirmed) end INELIGIBLE with their
   * failure, audited, the company told (application.ineligible), as an assessment would.
   */
  private async closeUnassessed(
    tx: EntityManager,
    program: ProgramEntity,
    rows: Array<{ id: string; eligibility: { eligible: false; failures: EligibilityFailure[] } }>,
    actor: Actor,
  ): Promise<void> {
    const json = JSON.stringify(rows);
    await tx.query(
      `UPDATE applications a
          SET status = 'INELIGIBLE', eligibility = r.eligibility, eligibility_checked_at = now(),
              updated_at = now()
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, eligibility jsonb)
        WHERE a.id = r.id`,
      [json],
    );
    await tx.query(
      `INSERT INTO audit_log (entity, entity_id, action, actor_id, actor_role, request_id, before, after)
       SELECT 'application', r.id::text, 'application.ineligible', $1, $2, $3,
              jsonb_build_object('status', 'SUBMITTED'),
              jsonb_build_object('status', 'INELIGIBLE', 'eligibility', r.eligibility)
         FROM jsonb_to_recordset($4::jsonb) AS r(id uuid, eligibility jsonb)`,
      [actor.userId, actor.role, actor.requestId, json],
    );
    await tx.query(
      `INSERT INTO outbox (event_type, aggregate_type, aggregate_id, payload, request_id)
       SELECT 'application.ineligible', 'application', a.id::text,
              jsonb_build_object('applicationId', a.id, 'programId', $1::text, 'title', a.title,
                                 'category', a.category, 'track', a.track, 'status', 'INELIGIBLE',
                                 'requestedSupportKrw', a.requested_support_krw,
                                 'recipients', jsonb_build_array(a.applicant_user_id),
                                 'failures', r.eligibility->'failures'),
              $2
         FROM jsonb_to_recordset($3::jsonb) AS r(id uuid, eligibility jsonb)
         JOIN applications a ON a.id = r.id`,
      [program.id, actor.requestId, json],
    );
  }

  /**
   * One audit row and one `award.<outcome>` event per application, written in bulk in the
   * caller's transaction: the selected tell the company and its supplier (with the agreement
   * deadline), the others the company.
   */
  private async recordOutcomes(
    tx: EntityManager,
    program: ProgramEntity,
    run: SelectionRunEntity,
    outcomes: Array<{
      id: string;
      before: ApplicationStatus;
      outcome: string;
      reason: string;
      grant_krw: number;
      position: number | null;
    }>,
    dueAt: Date | null,
    actor: Actor,
  ): Promise<void> {
    const rows = JSON.stringify(
      outcomes.map((o) => ({ ...o, event: `award.${o.outcome.toLowerCase()}` })),
    );
    await tx.query(
      `INSERT INTO audit_log (entity, entity_id, action, actor_id, actor_role, request_id, before, after)
       SELECT 'application', r.id::text, 'application.' || lower(r.outcome), $1, $2, $3,
              jsonb_build_object('status', r.before), jsonb_build_object('status', r.outcome, 'reason', r.reason, 'runId', $4::text)
         FROM jsonb_to_recordset($5::jsonb) AS r(id uuid, before text, outcome text, reason text)`,
      [actor.userId, actor.role, actor.requestId, run.id, rows],
    );
    await tx.query(
      `INSERT INTO outbox (event_type, aggregate_type, aggregate_id, payload, request_id)
       SELECT r.event, 'application', r.id::text,
              jsonb_build_object('applicationId', r.id, 'programId', $1::text, 'title', a.title, 'category', a.category,
                                 'amountKrw', r.grant_krw, 'reason', r.reason, 'position', r.position,
                                 'deadline', CASE WHEN r.outcome = 'SELECTED' THEN $2::text END,
                                 'recipients', CASE WHEN r.outcome = 'SELECTED'
                                                    THEN jsonb_build_array(a.applicant_user_id, s.owner_user_id)
                                                    ELSE jsonb_build_array(a.applicant_user_id) END),
              $3
         FROM jsonb_to_recordset($4::jsonb) AS r(id uuid, outcome text, event text, reason text, grant_krw bigint, position int)
         JOIN applications a ON a.id = r.id JOIN suppliers s ON s.id = a.supplier_id`,
      [program.id, dueAt?.toISOString() ?? null, actor.requestId, rows],
    );
  }

  async get(runId: string): Promise<SelectionRunView> {
    return toRunView(await this.loadRun(this.dataSource.manager, runId, false));
  }

  async list(programId: string): Promise<SelectionRunView[]> {
    await this.programs.get(programId);
    const runs = await this.dataSource
      .getRepository(SelectionRunEntity)
      .find({ where: { programId }, order: { createdAt: 'DESC' } });
    return runs.map(toRunView);
  }

  /** Decisions with reasons, recomputed from the recorded input (deterministic). */
  async decisions(runId: string, query: DecisionQueryDto) {
    const all = select(await this.inputOf(runId)).decisions.filter(
      (d) =>
        (!query.outcome || d.outcome === query.outcome) &&
        (!query.category || d.category === query.category),
    );
    return {
      items: all.slice(query.offset, query.offset + query.limit),
      total: all.length,
      limit: query.limit,
      offset: query.offset,
    };
  }

  /** Recomputes a run from its recorded input: the same decisions and hash, or a loud mismatch. */
  async replay(runId: string) {
    const run = await this.loadRun(this.dataSource.manager, runId, true);
    const result = select(await this.inputOf(runId));
    return {
      runId,
      inputHash: result.inputHash,
      outputHash: result.outputHash,
      recordedInputHash: run.inputHash,
      recordedOutputHash: run.outputHash,
      identical: result.inputHash === run.inputHash && result.outputHash === run.outputHash,
      decisions: result.decisions.length,
    };
  }

  async csv(runId: string): Promise<string> {
    const decisions: Decision[] = select(await this.inputOf(runId)).decisions;
    return stringify(
      decisions.map((d) => ({ ...d })),
      {
        bom: true,
        header: true,
        columns: [
          'applicationId',
          'category',
          'track',
          'rank',
          'outcome',
          'accountCode',
          'grantKrw',
          'quotaCode',
          'waitlistPosition',
          'reason',
        ],
      },
    );
  }

  /**
   * The input of a run: the recorded one once committed; for a preview, the database as it is
   * now, as long as it still hashes the same (otherwise the preview is stale).
   */
  private async inputOf(runId: string): Promise<SelectionInput> {
    const run = await this.loadRun(this.dataSource.manager, runId, true);
    if (run.input) return run.input;
    const program = await this.dataSource
      .getRepository(ProgramEntity)
      .findOneByOrFail({ id: run.programId });
    const input = await this.currentInput(this.dataSource.manager, program);
    if (inputHashOf(input) !== run.inputHash) {
      throw new DomainError(
        'STALE_SELECTION_RUN',
        'Scores, applications or the budget changed since this preview; preview again',
        {
          runInputHash: run.inputHash,
        },
      );
    }
    return input;
  }

  private async loadRun(
    manager: EntityManager,
    id: string,
    withInput: boolean,
  ): Promise<SelectionRunEntity> {
    const qb = manager.createQueryBuilder(SelectionRunEntity, 'r').where('r.id = :id', { id });
    if (withInput) qb.addSelect('r.input');
    const run = await qb.getOne();
    if (!run) throw DomainError.notFound('Selection run', id);
    return run;
  }

  private assertEvaluating(program: ProgramEntity): void {
    if (!canCompleteSelection(program.status)) {
      throw new DomainError(
        'INVALID_STATE_TRANSITION',
        `Selection runs need an EVALUATING program; this one is ${program.status}`,
        {
          status: program.status,
        },
      );
    }
  }

  private alreadyCommitted(id: string): DomainError {
    return new DomainError('CONFLICT', 'A selection run of this program is already committed', {
      id,
    });
  }
}
