import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import autocannon from 'autocannon';
import { Pool } from 'pg';
import { ProgramService } from '@app/domain';
import { buildServers, memoryOf, sampleRss, startServer, stopServer } from './lib/processes';
import { BenchResult, progress, result, round } from './lib/report';
import { Actors, createProgram, rules2021, seedDrafts, Suppliers } from './lib/seed';

const CONNECTIONS = 50;
const WARMUP_S = 2;
const DURATION_S = Number(process.env.BENCH_INTAKE_SECONDS ?? 6);
const ROUNDS = 2;
const DRAFTS = Number(process.env.BENCH_INTAKE_DRAFTS ?? 30_000);
/** Authentication and one primary-key SELECT of the caller, no write: the API's floor. */
const ME = '/api/auth/me';

export interface PreparedIntake {
  programId: string;
  drafts: string[];
  token: string;
}

/**
 * While the API's context is open: an OPEN program whose window is now, DRAFT applications
 * confirmed by their supplier (one company each, one applicant owning them all) and that
 * applicant's access token, signed by the app's own JwtService.
 */
export async function prepareIntake(
  app: INestApplicationContext,
  db: Pool,
  actors: Actors,
  suppliers: Suppliers,
): Promise<PreparedIntake> {
  const day = 86_400_000;
  const rules = rules2021((r) => {
    r.window = {
      opensAt: new Date(Date.now() - day).toISOString(),
      closesAt: new Date(Date.now() + 30 * day).toISOString(),
    };
    r.evaluation.dueAt = new Date(Date.now() + 60 * day).toISOString();
  });
  const programId = await createProgram(
    app.get(ProgramService),
    db,
    'Bench intake',
    rules,
    'OPEN',
    actors.officerId,
  );
  progress(`intake: seeding ${DRAFTS} confirmed drafts with SQL`);
  const drafts = await seedDrafts(db, actors, suppliers, programId, DRAFTS, 2_000_000_000);
  const token = await app
    .get(JwtService)
    .signAsync({ sub: actors.applicantId, email: 'applicant@bench.local', role: 'APPLICANT' });
  return { programId, drafts, token };
}

interface Load {
  perSecond: number;
  p99: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

/**
 * autocannon against `port` for `seconds`: submissions (each of a fresh id from `nextId`;
 * `keyed`: each with its own Idempotency-Key), or with `route` the same GET every time.
 */
async function load(
  port: number,
  token: string,
  nextId: () => string,
  seconds: number,
  label: string,
  route?: string,
  keyed = false,
): Promise<Load> {
  progress(`intake: ${label}, ${CONNECTIONS} connections for ${seconds} s`);
  const r = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { authorization: `Bearer ${token}` },
    requests: [
      route
        ? { method: 'GET', path: route }
        : {
            method: 'POST',
            setupRequest: (req) => ({
              ...req,
              path: `/api/applications/${nextId()}/submit`,
              // As the web app sends it: the submission then runs in the key's transaction.
              ...(keyed ? { headers: { ...req.headers, 'idempotency-key': randomUUID() } } : {}),
            }),
          },
    ],
  });
  const out = {
    perSecond: r['2xx'] / r.duration,
    p99: r.latency.p99,
    ok: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
  };
  progress(
    `intake: ${label}: ${out.perSecond.toFixed(0)} req/s, p99 ${out.p99} ms, ` +
      `${out.non2xx} non-2xx, ${out.errors} errors`,
  );
  return out;
}

/**
 * 4. Intake: POST /api/applications/:id/submit through the real API (own process, real HTTP on
 * loopback) under autocannon, against bare Fastify + pg doing one INSERT in a transaction.
 * 5. Memory: the peak RSS of the API and of the worker (started for a second run, so that it
 * relays and fans out the submissions' events while the load goes on), against the peak RSS
 * of the bare server under its load.
 */
export async function intakeBench(
  db: Pool,
  prepared: PreparedIntake,
  details: Record<string, unknown>,
): Promise<BenchResult[]> {
  const { drafts, token } = prepared;
  let walked = 0;
  let exhausted = false;
  const nextDraft = () => {
    if (walked >= drafts.length) exhausted = true;
    return drafts[walked++ % drafts.length];
  };

  await db.query(
    `CREATE TABLE bench_raw_submissions (id bigserial PRIMARY KEY, application_id uuid NOT NULL,
                                          submitted_at timestamptz NOT NULL DEFAULT now())`,
  );
  progress('intake: compiling the API, the worker and the bare server to JavaScript');
  buildServers();
  progress('intake: starting the bare Fastify + pg server and the API (createApiApp)');
  const raw = await startServer('raw-server');
  const rawLoads: Load[] = [];
  const apiLoads: Load[] = [];
  const floorLoads: Load[] = [];
  const keyedLoads: Load[] = [];
  let withWorker: Load;
  let rawRss: Record<string, number>;
  let apiRss: Record<string, number>;
  let bothRss: Record<string, number>;
  let hwm: Record<string, number>;
  try {
    const api = await startServer('api-server');
    try {
      let i = 0;
      const rawId = () => drafts[i++ % drafts.length];
      await load(raw.port!, token, rawId, WARMUP_S, 'raw warm-up');
      await load(api.port!, token, nextDraft, WARMUP_S, 'API warm-up');
      const rawSampler = sampleRss({ raw: raw.child.pid! });
      const apiSampler = sampleRss({ api: api.child.pid! });
      // In turns, so that a noisy neighbour slows both alike.
      for (let round = 1; round <= ROUNDS; round++) {
        rawLoads.push(await load(raw.port!, token, rawId, DURATION_S, `raw ${round}/${ROUNDS}`));
        apiLoads.push(
          await load(api.port!, token, nextDraft, DURATION_S, `API ${round}/${ROUNDS}`),
        );
        // As the web app submits: with an Idempotency-Key, in the key's transaction.
        keyedLoads.push(
          await load(
            api.port!,
            token,
            nextDraft,
            DURATION_S,
            `API with Idempotency-Key ${round}/${ROUNDS}`,
            undefined,
            true,
          ),
        );
        // The lightest authenticated request the API serves: where the ratio could go at best.
        floorLoads.push(
          await load(api.port!, token, nextDraft, DURATION_S, `API floor ${round}/${ROUNDS}`, ME),
        );
      }
      rawRss = rawSampler.stop();
      apiRss = apiSampler.stop();
      await stopServer(raw.child);

      progress('intake: starting the worker in its own process (it relays the backlog too)');
      const worker = await startServer('worker-server');
      try {
        const sampler = sampleRss({ api: api.child.pid!, worker: worker.child.pid! });
        withWorker = await load(api.port!, token, nextDraft, DURATION_S, 'API with the worker');
        bothRss = sampler.stop();
        hwm = {
          api: memoryOf(api.child.pid!).peakMiB,
          worker: memoryOf(worker.child.pid!).peakMiB,
        };
      } finally {
        await stopServer(worker.child);
      }
    } finally {
      await stopServer(api.child);
    }
  } finally {
    await stopServer(raw.child);
  }

  const { rows } = await db.query<{ status: string; n: string }>(
    `SELECT status, count(*)::text AS n FROM applications WHERE program_id = $1 GROUP BY status`,
    [prepared.programId],
  );
  const statuses = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  if (exhausted) progress('intake: WARNING the drafts ran out; raise BENCH_INTAKE_DRAFTS');

  const apiPeak = Math.max(apiRss.api, bothRss.api);
  details.intake = {
    connections: CONNECTIONS,
    warmupSeconds: WARMUP_S,
    durationSeconds: DURATION_S,
    drafts: drafts.length,
    submitted: walked,
    draftsExhausted: exhausted,
    statuses,
    raw: rawLoads,
    api: apiLoads,
    apiFloor: { route: `GET ${ME}`, loads: floorLoads },
    apiKeyed: keyedLoads,
    apiWithWorker: withWorker,
    rssMiB: { raw: rawRss.raw, apiAlone: apiRss.api, underLoadWithWorker: bothRss },
    vmHwmMiB: hwm,
  };
  const mean = (loads: Load[], key: 'perSecond' | 'p99') =>
    loads.reduce((n, l) => n + l[key], 0) / loads.length;
  const rawRate = mean(rawLoads, 'perSecond');
  return [
    result('intake.req_per_s', mean(apiLoads, 'perSecond'), 'req/s', rawRate),
    result('intake.p99_latency', mean(apiLoads, 'p99'), 'ms', mean(rawLoads, 'p99')),
    result('intake.keyed.req_per_s', mean(keyedLoads, 'perSecond'), 'req/s', rawRate),
    result('intake.floor.req_per_s', mean(floorLoads, 'perSecond'), 'req/s', rawRate),
    result('intake.with_worker.req_per_s', withWorker.perSecond, 'req/s', rawRate),
    result('memory.api_peak_rss', round(apiPeak, 1), 'MiB', rawRss.raw),
    result('memory.worker_peak_rss', round(bothRss.worker, 1), 'MiB', rawRss.raw),
  ];
}
