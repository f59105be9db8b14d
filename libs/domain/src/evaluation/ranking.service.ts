import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify/sync';
import { DataSource } from 'typeorm';
import { Actor, csvSafeCell, DomainError } from '@app/common';
import { inTransaction } from '@app/database';
import { AuditService } from '../audit/audit.service';
import type { ApplicationFacts } from '../program/condition.policy';
import { ProgramService } from '../program/program.service';
import type { CompanyType, Region, Track } from '../shared/reference-data';
import { aggregateProgram, SheetTotal } from './aggregation.policy';
import { AppliedBonus, evaluateBonuses, finalScoreCents } from './bonus.policy';
import { passesCutoff } from './cutoff.policy';
import {
  PendingApplicationView,
  RankingItemView,
  RankingQueryDto,
  RankingRunView,
  RankingView,
} from './dto/evaluation.dto';
import { ApplicationScoreEntity } from './evaluation.entity';
import { rankApplications, RankInput } from './ranking.policy';
import { centsText, fromCents, toCents } from './score';
import { ACTIVE_SHEET_STATUSES, maxTotalCents } from './score-sheet.policy';

interface CandidateRow {
  id: string;
  category: string;
  track: Track;
  submitted_us: string;
  company_type: CompanyType;
  region: Region;
  ceo_birth_date: string;
  crowdsourcing: boolean;
}

interface SheetRow {
  id: string;
  application_id: string;
  evaluator_user_id: string;
  status: 'ASSIGNED' | 'SUBMITTED';
  total: string | null;
}

interface RankingRow {
  application_id: string;
  category: string;
  track: string;
  sheets: number;
  base_score: string;
  bonus_points: string;
  bonuses: AppliedBonus[];
  final_score: string;
  passed_cutoff: boolean;
  rank: number;
  ranking_hash: string;
  computed_at: Date;
  title: string;
  status: string;
  submitted_at: Date;
  company_name: string;
}

/**
 * Scores and ranking: aggregation of the submitted sheets, bonus points from data with their
 * cap, the cut-off on the base score and the ranking per category and track, all from the pure
 * policies of this folder; this service only reads, locks and stores.
 */
@Injectable()
export class RankingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly programs: ProgramService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Scores every application under review whose N sheets are all submitted, ranks them per
   * category and track and marks them SCORED. Recomputes everything each time: the same sheets
   * give the same scores and the same ranking (same ranking hashes).
   */
  compute(programId: string, actor: Actor): Promise<RankingRunView> {
    return inTransaction(this.dataSource, async (tx) => {
      const program = await this.programs.lock(tx, programId);
      if (program.status !== 'EVALUATING') {
        throw new DomainError(
          'PROGRAM_NOT_EVALUATING',
          `The program is ${program.status}; scores are computed while it is EVALUATING`,
          { status: program.status },
        );
      }
      const { evaluation, bonusRules, referenceDate } = program.rules;
      const required = evaluation.evaluatorsPerApplication;
      // Locked in id order: a withdrawal waits, and can't be overwritten with SCORED.
      const candidates: CandidateRow[] = await tx.query(
        `SELECT a.id, a.category, a.track,
                (extract(epoch FROM a.submitted_at) * 1000000)::bigint::text AS submitted_us,
                c.type AS company_type, c.region, c.ceo_birth_date::text AS ceo_birth_date,
                s.crowdsourcing
           FROM applications a
           JOIN companies c ON c.id = a.company_id
           JOIN suppliers s ON s.id = a.supplier_id
          WHERE a.program_id = $1 AND a.status IN ('UNDER_REVIEW', 'SCORED')
          ORDER BY a.id
          FOR UPDATE OF a`,
        [programId],
      );
      const sheets: SheetRow[] = await tx.query(
        `SELECT s.id, s.application_id, s.evaluator_user_id, s.status, s.total::text AS total
           FROM assignments s JOIN applications a ON a.id = s.application_id
          WHERE s.program_id = $1 AND s.status = ANY($2) AND a.status IN ('UNDER_REVIEW', 'SCORED')
          ORDER BY s.id`,
        [programId, ACTIVE_SHEET_STATUSES],
      );
      const perApp = new Map<string, { submitted: number; active: number }>();
      for (const s of sheets) {
        const n = perApp.get(s.application_id) ?? { submitted: 0, active: 0 };
        n.active += 1;
        if (s.status === 'SUBMITTED') n.submitted += 1;
        perApp.set(s.application_id, n);
      }
      const pending: PendingApplicationView[] = [];
      const complete: CandidateRow[] = [];
      for (const c of candidates) {
        const n = perApp.get(c.id) ?? { submitted: 0, active: 0 };
        if (n.submitted >= required && n.submitted === n.active) complete.push(c);
        else
          pending.push({
            applicationId: c.id,
            submittedSheets: n.submitted,
            activeSheets: n.active,
            requiredSheets: required,
          });
      }

      const submitted: SheetTotal[] = sheets
        .filter((s) => s.status === 'SUBMITTED')
        .map((s) => ({
          sheetId: s.id,
          applicationId: s.application_id,
          evaluatorId: s.evaluator_user_id,
          totalCents: toCents(Number(s.total)),
        }));
      const aggregates = aggregateProgram(
        submitted,
        complete.map((c) => c.id),
        evaluation,
        maxTotalCents(evaluation.criteria),
      );
      const scored = complete.map((c) => {
        const facts: ApplicationFacts = {
          category: c.category,
          track: c.track,
          companyType: c.company_type,
          region: c.region,
          ceoBirthDate: c.ceo_birth_date,
          referenceDate,
          supplierCrowdsourcing: c.crowdsourcing,
        };
        const aggregate = aggregates.get(c.id)!;
        const bonus = evaluateBonuses(bonusRules, evaluation.bonusCap, facts);
        return {
          row: c,
          aggregate,
          bonus,
          finalCents: finalScoreCents(aggregate.baseCents, bonus.pointsCents),
        };
      });
      const groups = rankApplications(
        scored.map((s): RankInput => ({
          applicationId: s.row.id,
          category: s.row.category,
          track: s.row.track,
          baseCents: s.aggregate.baseCents,
          finalCents: s.finalCents,
          submittedAtUs: BigInt(s.row.submitted_us),
        })),
      );
      const computedAt = new Date();
      const placed = new Map<string, { rank: number; hash: string }>();
      for (const g of groups) {
        for (const e of g.entries)
          placed.set(e.applicationId, { rank: e.rank, hash: g.rankingHash });
      }

      // Replaced as a whole: ranks are unique per group (checked at commit).
      await tx.query(`DELETE FROM application_scores WHERE program_id = $1`, [programId]);
      const rows = scored.map((s) =>
        tx.create(ApplicationScoreEntity, {
          applicationId: s.row.id,
          programId,
          category: s.row.category,
          track: s.row.track,
          sheets: s.aggregate.sheets,
          baseScore: fromCents(s.aggregate.baseCents),
          bonusPoints: fromCents(s.bonus.pointsCents),
          bonuses: s.bonus.applied,
          finalScore: fromCents(s.finalCents),
          passedCutoff: passesCutoff(s.aggregate.baseCents, evaluation.cutoffScore),
          rank: placed.get(s.row.id)!.rank,
          rankingHash: placed.get(s.row.id)!.hash,
          computedAt,
        }),
      );
      for (let i = 0; i < rows.length; i += 500) {
        await tx.insert(ApplicationScoreEntity, rows.slice(i, i + 500));
      }
      // TypeORM answers an UPDATE with [rows, count].
      const [moved]: [Array<{ id: string }>, number] = await tx.query(
        `UPDATE applications SET status = 'SCORED', updated_at = now()
          WHERE id = ANY($1) AND status = 'UNDER_REVIEW' RETURNING id`,
        [complete.map((c) => c.id)],
      );
      const byId = new Map(rows.map((r) => [r.applicationId, r]));
      for (const { id } of [...moved].sort((a, b) => (a.id < b.id ? -1 : 1))) {
        const s = byId.get(id)!;
        await this.audit.record(tx, {
          entity: 'application',
          entityId: id,
          action: 'application.scored',
          actor,
          before: { status: 'UNDER_REVIEW' },
          after: {
            status: 'SCORED',
            baseScore: s.baseScore,
            bonusPoints: s.bonusPoints,
            finalScore: s.finalScore,
            passedCutoff: s.passedCutoff,
          },
        });
      }
      const rankings = groups.map((g) => ({
        category: g.category,
        track: g.track,
        applications: g.entries.length,
        rankingHash: g.rankingHash,
      }));
      await this.audit.record(tx, {
        entity: 'program',
        entityId: programId,
        action: 'evaluation.ranking_computed',
        actor,
        after: { scored: scored.length, pending: pending.length, rankings },
      });
      return {
        programId,
        scored: scored.length,
        pending: pending.length,
        pendingApplications: pending,
        rankings,
        computedAt,
      };
    });
  }

  /** The stored ranking: by category, track and rank, with bonuses and their reasons. */
  async read(programId: string, query: RankingQueryDto): Promise<RankingView> {
    await this.programs.get(programId);
    const rows = await this.rows(programId, query);
    const groups = new Map<
      string,
      { category: string; track: string; applications: number; rankingHash: string }
    >();
    for (const r of rows) {
      const key = `${r.category}/${r.track}`;
      const g = groups.get(key);
      if (g) g.applications += 1;
      else
        groups.set(key, {
          category: r.category,
          track: r.track,
          applications: 1,
          rankingHash: r.ranking_hash,
        });
    }
    return { programId, rankings: [...groups.values()], items: rows.map(toItem) };
  }

  /** The ranking as CSV (UTF-8 with BOM so that Excel shows Korean text). */
  async rankingCsv(programId: string, query: RankingQueryDto): Promise<string> {
    await this.programs.get(programId);
    const items = (await this.rows(programId, query)).map(toItem);
    return stringify(
      items.map((i) => ({
        ...i,
        baseScore: centsText(toCents(i.baseScore)),
        bonusPoints: centsText(toCents(i.bonusPoints)),
        finalScore: centsText(toCents(i.finalScore)),
        bonuses: i.bonuses.map((b) => `${b.code} +${b.points}: ${b.reason}`).join('; '),
      })),
      {
        bom: true,
        header: true,
        columns: [
          { key: 'category', header: 'category' },
          { key: 'track', header: 'track' },
          { key: 'rank', header: 'rank' },
          { key: 'applicationId', header: 'application_id' },
          { key: 'companyName', header: 'company' },
          { key: 'title', header: 'title' },
          { key: 'status', header: 'status' },
          { key: 'sheets', header: 'sheets' },
          { key: 'baseScore', header: 'base_score' },
          { key: 'bonusPoints', header: 'bonus_points' },
          { key: 'bonuses', header: 'bonuses' },
          { key: 'finalScore', header: 'final_score' },
          { key: 'passedCutoff', header: 'passed_cutoff' },
          { key: 'submittedAt', header: 'submitted_at' },
        ],
        cast: {
          date: (d) => d.toISOString(),
          boolean: (b) => (b ? 'true' : 'false'),
          string: csvSafeCell,
        },
      },
    );
  }

  /** Every score sheet of the program, one row per sheet and a column per criterion (officers). */
  async scoresCsv(programId: string): Promise<string> {
    const program = await this.programs.get(programId);
    const criteria = program.rules.evaluation.criteria;
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT s.application_id, a.title, a.category, a.track, c.name AS company,
              s.evaluator_user_id, u.email AS evaluator_email, s.status, s.scores,
              s.total::text AS total, s.comment, s.submitted_at, s.recused_reason
         FROM assignments s
         JOIN applications a ON a.id = s.application_id
         JOIN companies c ON c.id = a.company_id
         JOIN users u ON u.id = s.evaluator_user_id
        WHERE s.program_id = $1
        ORDER BY a.category COLLATE "C", a.track COLLATE "C", a.submitted_at, a.id, s.created_at, s.id`,
      [programId],
    );
    const flat = rows.map((r) => {
      const scores = r.scores as Record<string, number>;
      return {
        ...r,
        ...Object.fromEntries(
          criteria.map((c) => [
            `score_${c.code}`,
            Object.hasOwn(scores, c.code) ? String(scores[c.code]) : '',
          ]),
        ),
      };
    });
    return stringify(flat, {
      bom: true,
      header: true,
      columns: [
        { key: 'application_id', header: 'application_id' },
        { key: 'title', header: 'title' },
        { key: 'category', header: 'category' },
        { key: 'track', header: 'track' },
        { key: 'company', header: 'company' },
        { key: 'evaluator_user_id', header: 'evaluator_id' },
        { key: 'evaluator_email', header: 'evaluator_email' },
        { key: 'status', header: 'status' },
        ...criteria.map((c) => ({ key: `score_${c.code}`, header: c.code })),
        { key: 'total', header: 'total' },
        { key: 'comment', header: 'comment' },
        { key: 'submitted_at', header: 'submitted_at' },
        { key: 'recused_reason', header: 'recused_reason' },
      ],
      cast: {
        date: (d) => d.toISOString(),
        string: csvSafeCell,
      },
    });
  }

  private rows(programId: string, query: RankingQueryDto): Promise<RankingRow[]> {
    return this.dataSource.query(
      `SELECT s.application_id, s.category, s.track, s.sheets, s.base_score::text AS base_score,
              s.bonus_points::text AS bonus_points, s.bonuses, s.final_score::text AS final_score,
              s.passed_cutoff, s.rank, s.ranking_hash, s.computed_at,
              a.title, a.status, a.submitted_at, c.name AS company_name
         FROM application_scores s
         JOIN applications a ON a.id = s.application_id
         JOIN companies c ON c.id = a.company_id
        WHERE s.program_id = $1
          AND ($2::text IS NULL OR s.category = $2)
          AND ($3::text IS NULL OR s.track = $3)
        ORDER BY s.category COLLATE "C", s.track COLLATE "C", s.rank`,
      [programId, query.category ?? null, query.track ?? null],
    );
  }
}

function toItem(r: RankingRow): RankingItemView {
  return {
    rank: r.rank,
    applicationId: r.application_id,
    title: r.title,
    companyName: r.company_name,
    category: r.category,
    track: r.track,
    status: r.status,
    sheets: r.sheets,
    baseScore: Number(r.base_score),
    bonuses: r.bonuses,
    bonusTotal: fromCents(r.bonuses.reduce((sum, b) => sum + toCents(b.points), 0)),
    bonusPoints: Number(r.bonus_points),
    finalScore: Number(r.final_score),
    passedCutoff: r.passed_cutoff,
    submittedAt: r.submitted_at,
    computedAt: r.computed_at,
  };
}
