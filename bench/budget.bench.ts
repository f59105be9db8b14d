import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { Pool } from 'pg';
import type { Actor } from '@app/common';
import { BudgetService, DomainError, ProgramService } from '@app/domain';
import { Actors, createProgram, rules2021 } from './lib/seed';
import { BenchResult, progress, result, sleep } from './lib/report';

const CLIENTS = 64;
const WARMUP_MS = 1_000;
const DURATION_MS = Number(process.env.BENCH_BUDGET_MS ?? 5_000);
const AMOUNT = 18_000_000;
/** The pool holds this many reservations at once: 64 clients compete for 40 places. */
const PLACES = 40;
const ROUNDS = 2;

interface Counters {
  ops: number;
  refused: number;
  errors: number;
  firstError?: string;
}

const emptyCounters = (): Counters => ({ ops: 0, refused: 0, errors: 0 });
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function addCounters(into: Counters, from: Counters): void {
  into.ops += from.ops;
  into.refused += from.refused;
  into.errors += from.errors;
  into.firstError ??= from.firstError;
}

/** Runs `client` CLIENTS times concurrently; counts operations finished inside the window. */
async function window(
  client: (measured: () => boolean, until: number, counters: Counters) => Promise<void>,
): Promise<{ counters: Counters; seconds: number }> {
  const counters = emptyCounters();
  const start = Date.now();
  const from = start + WARMUP_MS;
  const until = from + DURATION_MS;
  const measured = () => {
    const now = Date.now();
    return now >= from && now < until;
  };
  await Promise.all(Array.from({ length: CLIENTS }, () => client(measured, until, counters)));
  return { counters, seconds: DURATION_MS / 1000 };
}

interface Sampled {
  samples: number;
  overLimit: number;
  maxReservedKrw: number;
}

/** Polls the accounts while the clients run: no sample may show more than the limit booked. */
function monitor(db: Pool, programId: string): { stop: () => Promise<Sampled> } {
  const state: Sampled = { samples: 0, overLimit: 0, maxReservedKrw: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await db.query<{ code: string; used: string; limit_krw: string }>(
        `SELECT code, (reserved_krw + disbursed_krw)::text AS used, limit_krw::text
           FROM budget_accounts WHERE program_id = $1`,
        [programId],
      );
      state.samples += 1;
      for (const r of rows) {
        if (Number(r.used) > Number(r.limit_krw)) state.overLimit += 1;
        if (r.code === 'POOL')
          state.maxReservedKrw = Math.max(state.maxReservedKrw, Number(r.used));
      }
      await sleep(10);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return state;
    },
  };
}

/**
 * Replays the ledger in id order: each change appends its line while it holds the POOL row
 * lock, so this is the order in which the changes took effect. Counts the lines after which
 * an account held more than its limit.
 */
async function ledgerOvercommits(db: Pool, programId: string) {
  const { rows: accounts } = await db.query<{ code: string; limit_krw: string }>(
    `SELECT code, limit_krw::text FROM budget_accounts WHERE program_id = $1`,
    [programId],
  );
  const limit = new Map(accounts.map((a) => [a.code, Number(a.limit_krw)]));
  const { rows } = await db.query<{ account_code: string; kind: string; amount: string }>(
    `SELECT account_code, kind, amount_krw::text AS amount FROM budget_ledger WHERE program_id = $1 ORDER BY id`,
    [programId],
  );
  const held = new Map<string, number>();
  let over = 0;
  let maxPool = 0;
  for (const line of rows) {
    const delta = line.kind === 'RESERVE' ? Number(line.amount) : -Number(line.amount);
    for (const code of [line.account_code, 'POOL']) {
      const next = (held.get(code) ?? 0) + delta;
      held.set(code, next);
      if (next > (limit.get(code) ?? 0)) over += 1;
    }
    maxPool = Math.max(maxPool, held.get('POOL') ?? 0);
  }
  return { lines: rows.length, overLimit: over, maxPoolReservedKrw: maxPool };
}

/**
 * 2. Budget contention: 64 clients reserving (seat +1) and releasing (seat −1) on one program
 * through BudgetService.applyNow, on a pool with room for 40 reservations, against 64 clients
 * doing only the guarded UPDATE of the pool row (pgbench-style, one transaction each). The two
 * take turns (service, raw, service, raw) so that a noisy neighbour hits both alike.
 */
export async function budgetBench(
  app: INestApplicationContext,
  db: Pool,
  actors: Actors,
  details: Record<string, unknown>,
): Promise<BenchResult[]> {
  const budget = app.get(BudgetService);
  const programs = app.get(ProgramService);
  const rules = rules2021((r) => {
    r.totalPoolKrw = AMOUNT * PLACES;
    for (const pool of r.specialPools) pool.budgetKrw = AMOUNT;
  });
  const create = (name: string) =>
    createProgram(programs, db, name, rules, 'EVALUATING', actors.officerId);
  const programId = await create('Bench budget');
  const rawProgramId = await create('Bench budget (raw baseline)');
  const actor: Actor = {
    userId: actors.officerId,
    email: 'officer@bench.local',
    role: 'OFFICER' as Actor['role'],
    requestId: 'bench-budget',
  };

  const serviceRound = () =>
    window(async (measured, until, c) => {
      while (Date.now() < until) {
        const change = {
          programId,
          accountCode: 'PURCHASE',
          amountKrw: AMOUNT,
          applicationId: randomUUID(),
          reason: 'bench',
          actor,
        };
        try {
          await budget.applyNow({ ...change, kind: 'RESERVE', seatDelta: 1 });
          if (measured()) c.ops += 1;
        } catch (error) {
          if (error instanceof DomainError && error.code === 'BUDGET_EXCEEDED') {
            if (measured()) c.refused += 1;
          } else {
            c.errors += 1;
            c.firstError ??= (error as Error).message;
          }
          continue;
        }
        // The release must happen whatever the clock says, or the place stays taken.
        for (let tries = 0; ; tries++) {
          try {
            await budget.applyNow({ ...change, kind: 'RELEASE', seatDelta: -1 });
            if (measured()) c.ops += 1;
            break;
          } catch (error) {
            c.errors += 1;
            c.firstError ??= (error as Error).message;
            if (tries > 5) throw error;
          }
        }
      }
    });

  const {
    rows: [{ id: poolAccountId }],
  } = await db.query<{ id: string }>(
    `SELECT id FROM budget_accounts WHERE program_id = $1 AND code = 'POOL'`,
    [rawProgramId],
  );
  // As many connections as the app's pool (DATABASE_POOL_SIZE): the 64 clients share them, as
  // the service's 64 callers share the app's pool. (64 connections of their own would also
  // exceed what a shared PostgreSQL with max_connections = 100 can spare.)
  const rawPool = new Pool({
    connectionString: process.env.DATABASE_URL,
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
  });
  const guarded = async (sql: string): Promise<boolean> => {
    const client = await rawPool.connect();
    try {
      await client.query('BEGIN');
      const { rowCount } = await client.query(sql, [AMOUNT, poolAccountId]);
      await client.query('COMMIT');
      return rowCount === 1;
    } finally {
      client.release();
    }
  };
  const rawRound = () =>
    window(async (measured, until, c) => {
      while (Date.now() < until) {
        const reserved = await guarded(
          `UPDATE budget_accounts SET reserved_krw = reserved_krw + $1
            WHERE id = $2 AND reserved_krw + disbursed_krw + $1 <= limit_krw`,
        );
        if (!reserved) {
          if (measured()) c.refused += 1;
          continue;
        }
        if (measured()) c.ops += 1;
        await guarded(
          `UPDATE budget_accounts SET reserved_krw = reserved_krw - $1 WHERE id = $2 AND reserved_krw >= $1`,
        );
        if (measured()) c.ops += 1;
      }
    });

  const total = { service: emptyCounters(), raw: emptyCounters() };
  const rates: { service: number[]; raw: number[] } = { service: [], raw: [] };
  const watch = { service: monitor(db, programId), raw: monitor(db, rawProgramId) };
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const side of ['service', 'raw'] as const) {
        progress(
          `budget: round ${round}/${ROUNDS}, ${side}: ${CLIENTS} clients, ${WARMUP_MS} + ${DURATION_MS} ms`,
        );
        const { counters, seconds } = await (side === 'service' ? serviceRound() : rawRound());
        addCounters(total[side], counters);
        rates[side].push(counters.ops / seconds);
        progress(
          `budget: ${side} ${(counters.ops / seconds).toFixed(0)} ops/s, ${counters.refused} refused, ` +
            `${counters.errors} errors${counters.firstError ? ` (${counters.firstError})` : ''}`,
        );
      }
    }
  } finally {
    await rawPool.end();
  }
  const sampled = await watch.service.stop();
  const rawSampled = await watch.raw.stop();

  const replay = await ledgerOvercommits(db, programId);
  const view = await budget.view(programId);
  const reconciliation = await budget.reconcile(programId);
  const endOver = view.reservedKrw + view.disbursedKrw > view.poolKrw ? 1 : 0;
  const overcommit =
    sampled.overLimit + replay.overLimit + endOver + (reconciliation.consistent ? 0 : 1);
  const { rows: rawEnd } = await db.query<{ over: boolean }>(
    `SELECT reserved_krw + disbursed_krw > limit_krw AS over FROM budget_accounts WHERE program_id = $1`,
    [rawProgramId],
  );
  const rawOvercommit = rawSampled.overLimit + rawEnd.filter((r) => r.over).length;
  const serviceOps = mean(rates.service);
  const rawOps = mean(rates.raw);
  progress(
    `budget: overcommit ${overcommit} (samples ${sampled.samples}, ledger lines ${replay.lines}, ` +
      `max reserved ${replay.maxPoolReservedKrw} of ${view.poolKrw}), reconciled ${reconciliation.consistent}`,
  );

  details.budget = {
    clients: CLIENTS,
    rounds: ROUNDS,
    warmupMs: WARMUP_MS,
    durationMs: DURATION_MS,
    places: PLACES,
    service: {
      ...total.service,
      opsPerSecond: rates.service,
      sampled,
      ledgerReplay: replay,
      endReservedKrw: view.reservedKrw,
      poolKrw: view.poolKrw,
      reconciled: reconciliation.consistent,
      ledgerEntries: reconciliation.ledgerEntries,
    },
    raw: { ...total.raw, opsPerSecond: rates.raw, sampled: rawSampled },
  };
  return [
    result('budget.ops_per_s', serviceOps, 'ops/s', rawOps),
    result('budget.overcommit', overcommit, 'count', rawOvercommit),
  ];
}
