import type { INestApplicationContext } from '@nestjs/common';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { Actor } from '@app/common';
import {
  compareCandidates,
  inputHashOf,
  isoTimestamp,
  ProgramService,
  select,
  SelectionInput,
  SelectionService,
} from '@app/domain';
import { Actors, createProgram, rules2021, seedScoredRound, Suppliers } from './lib/seed';
import { BenchResult, median, progress, result, round, timeInTurns } from './lib/report';

const APPLICATIONS = Number(process.env.BENCH_SELECTION_APPLICATIONS ?? 100_000);
const RUNS = 3;

/**
 * The query of SelectionService.currentInput, copied: the baseline is what PostgreSQL alone
 * needs to hand these rows to a client. Keep it in step with the service.
 */
const CANDIDATES_SQL = `SELECT a.id, a.category, a.track, a.social_issue, a.requested_support_krw::text AS grant,
              ${isoTimestamp('a.submitted_at')} AS submitted_at,
              s.base_score::float8 AS base, s.final_score::float8 AS final,
              c.type, c.region, c.ceo_birth_date::text AS ceo_birth_date, sup.crowdsourcing
         FROM applications a
         JOIN application_scores s ON s.application_id = a.id
         JOIN companies c ON c.id = a.company_id
         JOIN suppliers sup ON sup.id = a.supplier_id
        WHERE a.program_id = $1 AND a.status = 'SCORED' AND NOT a.flagged
        ORDER BY a.id`;

/**
 * 1. Selection preview of a round with 100,000 scored applications through the real service,
 * against reading the same candidate rows with `pg` alone; and the pure policy `select()` on
 * the recorded input, against only sorting its candidates by the ranking order.
 */
export async function selectionBench(
  app: INestApplicationContext,
  db: Pool,
  actors: Actors,
  suppliers: Suppliers,
  details: Record<string, unknown>,
): Promise<BenchResult[]> {
  const programs = app.get(ProgramService);
  const selection = app.get(SelectionService);
  const dataSource = app.get(DataSource);

  // The 2021 round scaled ×10 (slots 12,000 / 4,800 / 9,000, pool 1,230 bn, special pool
  // 50 bn), so that every category has real work. Scaling the slots alone makes each category
  // envelope min(slots × cap, pool) = the whole pool, and the first category in rule-set order
  // then takes nearly all the money (see README).
  const rules = rules2021((r) => {
    for (const c of r.categories) c.slots *= 10;
    r.totalPoolKrw *= 10;
    for (const pool of r.specialPools) pool.budgetKrw *= 10;
  });
  const programId = await createProgram(
    programs,
    db,
    'Bench selection round',
    rules,
    'EVALUATING',
    actors.officerId,
  );
  progress(`selection: seeding ${APPLICATIONS} scored applications with SQL`);
  const t0 = Date.now();
  await seedScoredRound(db, actors, suppliers, programId, APPLICATIONS, 1_000_000_000);
  progress(`selection: seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const actor: Actor = {
    userId: actors.officerId,
    email: 'officer@bench.local',
    role: 'OFFICER' as Actor['role'],
    requestId: 'bench-selection',
  };
  const { ProgramEntity } = await import('@app/domain/program/program.entity');
  const program = await dataSource.getRepository(ProgramEntity).findOneByOrFail({ id: programId });
  let summary: unknown;
  const io = await timeInTurns(
    1,
    RUNS,
    {
      preview: async () => {
        summary = (await selection.preview(programId, actor)).summary;
      },
      rawSelect: () => db.query(CANDIDATES_SQL, [programId]),
      // Where the preview's time goes: the service's own read of its input...
      currentInput: () => selection.currentInput(dataSource.manager, program),
    },
    'selection',
  );

  // ...and the policy alone, on the input the preview computed (previews no longer store it).
  const input: SelectionInput = await selection.currentInput(dataSource.manager, program);
  const cpu = await timeInTurns(
    1,
    5,
    {
      select: () => select(input),
      sortOnly: () => [...input.candidates].sort(compareCandidates),
      hashInput: () => inputHashOf(input),
    },
    'selection: policy',
  );

  details.selection = {
    applications: APPLICATIONS,
    candidates: input.candidates.length,
    recordedInputMiB: round(Buffer.byteLength(JSON.stringify(input)) / 2 ** 20, 1),
    summary,
    ms: { ...io, ...cpu },
    // What the preview spends beyond reading its input and selecting: mostly writing the run
    // (its whole input as jsonb) and the audit row.
    previewRestMs: round(median(io.preview) - median(io.currentInput) - median(cpu.select), 0),
  };
  const rawSelect = median(io.rawSelect);
  return [
    result('selection.preview', median(io.preview), 'ms', rawSelect),
    result('selection.current_input', median(io.currentInput), 'ms', rawSelect),
    result('selection.select', median(cpu.select), 'ms', median(cpu.sortOnly)),
  ];
}
