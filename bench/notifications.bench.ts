import { NestFactory } from '@nestjs/core';
import { Queue, Worker } from 'bullmq';
import { Pool } from 'pg';
import { bullConnection, jobOptions } from '@app/queue';
import { Actors } from './lib/seed';
import { BenchResult, progress, result, sleep } from './lib/report';

const EVENTS = Number(process.env.BENCH_NOTIFICATION_EVENTS ?? 5_000);
const WARMUP_EVENTS = 200;
const ROUNDS = 2;
const TIMEOUT_MS = 180_000;

/** Polls `count` until it reaches `target`; returns the milliseconds since `since`. */
async function until(
  label: string,
  target: number,
  count: () => Promise<number>,
  since: number,
): Promise<number> {
  let lastReport = Date.now();
  for (;;) {
    const n = await count();
    if (n >= target) return Date.now() - since;
    if (Date.now() - since > TIMEOUT_MS) {
      throw new Error(`${label}: only ${n} of ${target} after ${TIMEOUT_MS} ms`);
    }
    if (Date.now() - lastReport > 2_000) {
      progress(`${label}: ${n}/${target}`);
      lastReport = Date.now();
    }
    await sleep(20);
  }
}

/** N supplier.approved events, each for one recipient, written to the outbox as PENDING rows. */
async function insertEvents(db: Pool, recipientId: string, n: number, from: number) {
  const { rows } = await db.query<{ first: string; last: string }>(
    `WITH ins AS (
       INSERT INTO outbox (event_type, aggregate_type, aggregate_id, payload, request_id)
       SELECT 'supplier.approved', 'supplier', 'bench-supplier-' || i,
              jsonb_build_object('supplierId', 'bench-supplier-' || i, 'name', 'Bench supplier ' || i,
                                 'recipients', jsonb_build_array($1::text)),
              'bench-notify-' || i
         FROM generate_series($2::int, $3::int) i
       RETURNING id)
     SELECT min(id)::text AS first, max(id)::text AS last FROM ins`,
    [recipientId, from, from + n - 1],
  );
  return { first: rows[0].first, last: rows[0].last };
}

/**
 * 3. Notifications end to end: the worker's own context relays N outbox events to BullMQ and
 * fans each out into an in-app notification (e-mail off); time until all N exist. Baseline:
 * BullMQ alone, Queue.addBulk of N jobs and a Worker of the same concurrency (4) doing one
 * INSERT per job, on the same Redis and database. The two take turns, ROUNDS times each.
 */
export async function notificationsBench(
  db: Pool,
  actors: Actors,
  details: Record<string, unknown>,
): Promise<BenchResult[]> {
  const { WorkerModule } = await import('../apps/worker/src/worker.module');
  progress('notifications: starting the worker context and a raw BullMQ worker');
  const worker = await NestFactory.createApplicationContext(WorkerModule, { logger: ['error'] });

  const prefix = process.env.QUEUE_PREFIX!;
  const connection = bullConnection(process.env.REDIS_URL!);
  const rawDb = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  await db.query(
    `CREATE TABLE bench_raw_deliveries (id bigserial PRIMARY KEY, job_id text NOT NULL, at timestamptz NOT NULL DEFAULT now())`,
  );
  const queue = new Queue('bench-raw', { connection, prefix });
  const rawWorker = new Worker(
    'bench-raw',
    async (job) => {
      await rawDb.query(`INSERT INTO bench_raw_deliveries (job_id) VALUES ($1)`, [job.id]);
    },
    { connection, prefix, concurrency: 4 },
  );

  let events = 0;
  /** Outbox → relay → BullMQ → fan-out; milliseconds until all n notifications exist. */
  const service = async (n: number, label: string) => {
    const t0 = Date.now();
    const { first, last } = await insertEvents(db, actors.recipientId, n, events + 1);
    events += n;
    return until(
      label,
      n,
      async () => {
        const { rows } = await db.query<{ n: string }>(
          `SELECT count(*)::text AS n FROM notifications WHERE outbox_id BETWEEN $1 AND $2 AND channel = 'IN_APP'`,
          [first, last],
        );
        return Number(rows[0].n);
      },
      t0,
    );
  };
  let jobs = 0;
  /** addBulk → Worker → INSERT; milliseconds until all n rows exist. */
  const raw = async (n: number, label: string) => {
    const t0 = Date.now();
    const from = jobs;
    await queue.addBulk(
      Array.from({ length: n }, (_, i) => ({
        name: 'raw',
        data: { i: from + i },
        opts: { ...jobOptions(1000), jobId: `raw-${from + i + 1}` },
      })),
    );
    jobs += n;
    return until(
      label,
      jobs,
      async () => {
        const { rows } = await db.query<{ n: string }>(
          `SELECT count(*)::text AS n FROM bench_raw_deliveries`,
        );
        return Number(rows[0].n);
      },
      t0,
    );
  };

  const rates: { service: number[]; raw: number[] } = { service: [], raw: [] };
  try {
    progress(`notifications: warm-up with ${WARMUP_EVENTS} events each`);
    await service(WARMUP_EVENTS, 'notifications warm-up');
    await raw(WARMUP_EVENTS, 'raw warm-up');
    for (let round = 1; round <= ROUNDS; round++) {
      progress(
        `notifications: round ${round}/${ROUNDS}, ${EVENTS} events through outbox → relay → BullMQ → fan-out`,
      );
      const serviceMs = await service(EVENTS, 'notifications');
      rates.service.push(EVENTS / (serviceMs / 1000));
      progress(`notifications: round ${round}/${ROUNDS}, ${EVENTS} raw BullMQ jobs`);
      const rawMs = await raw(EVENTS, 'raw');
      rates.raw.push(EVENTS / (rawMs / 1000));
      progress(
        `notifications: ${rates.service.at(-1)!.toFixed(0)} deliveries/s (${serviceMs} ms), ` +
          `raw ${rates.raw.at(-1)!.toFixed(0)} jobs/s (${rawMs} ms)`,
      );
    }
  } finally {
    await worker.close();
    await rawWorker.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await rawDb.end();
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  details.notifications = { events: EVENTS, warmupEvents: WARMUP_EVENTS, rounds: ROUNDS, rates };
  return [
    result('notifications.deliveries_per_s', mean(rates.service), 'deliveries/s', mean(rates.raw)),
  ];
}
