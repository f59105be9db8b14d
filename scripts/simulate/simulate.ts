import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Command } from 'commander';
import { DataSource } from 'typeorm';
import { Role } from '@app/common';
import { loadConfig } from '@app/config';
import { migrate } from '@app/database';
import { AuthService, BudgetService, hashPassword, ProgramRules, UserService } from '@app/domain';
import { AppProcess, spawnApi, spawnApp, stop } from '../lib/processes';
import { Api, pool } from './http';
import { brn, normal, pick, prng, Rng, weighted } from './random';
import { SimulationModule } from './simulation.module';

/**
 * `npm run simulate`: a whole voucher round through the system's own services — the real API
 * over HTTP for every user-facing step, the real worker for notifications, each in a process
 * of its own as in production — on the configured database, in a program of its own (every run
 * starts from an empty program; other programs are never touched). Progress goes to stderr;
 * the last stdout line is one JSON summary.
 */
const cli = new Command('simulate')
  .option('--rules <file>', 'rule-set file', 'seeds/programs/2021.json')
  .option('--applications <n>', 'applications to submit', (v) => Number(v), 8000)
  .option('--seed <n>', 'random seed: the same seed gives the same round', (v) => Number(v), 42)
  .option('--concurrency <n>', 'HTTP requests in flight', (v) => Number(v), 24)
  .option('--reset', 'start from an empty program (always the case: each run makes its own)')
  .option(
    '--api-url <url>',
    'drive an API that is already running (with its worker, as npm start runs them) on the same ' +
      'DATABASE_URL and JWT_SECRET, instead of starting both',
  )
  .parse();
const opts = cli.opts<{
  rules: string;
  applications: number;
  seed: number;
  concurrency: number;
  apiUrl?: string;
}>();

const say = (line: string) => process.stderr.write(`[simulate] ${line}\n`);
const PASSWORD = 'simulation-password-1';
const REGIONS = {
  SEOUL: 30,
  GYEONGGI: 20,
  INCHEON: 5,
  BUSAN: 8,
  DAEGU: 5,
  GWANGJU: 4,
  DAEJEON: 5,
  ULSAN: 2,
  SEJONG: 1,
  GANGWON: 2,
  CHUNGBUK: 3,
  CHUNGNAM: 3,
  JEONBUK: 3,
  JEONNAM: 2,
  GYEONGBUK: 3,
  GYEONGNAM: 3,
  JEJU: 1,
};
const INSTITUTIONS = ['UNIVERSITY', 'HOSPITAL', 'PUBLIC_RESEARCH'] as const;

interface Login {
  id: string;
  email: string;
  token: string;
}

async function main(): Promise<void> {
  const phases: Record<string, number> = {};
  const phase = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    say(`phase ${name}`);
    const out = await work();
    phases[name] = Date.now() - started;
    return out;
  };
  const rng: Rng = prng(opts.seed);
  // Registration numbers must be new in every run on the same database; the round's shape repeats.
  const ids: Rng = prng(Date.now() % 2 ** 31);
  const runId = `${opts.seed}-${Date.now().toString(36)}`;
  const config = loadConfig();
  await migrate(config.DATABASE_URL);

  // The API and the worker run as in production, each in a process of its own (the API in this
  // process made it the bottleneck: its requests and this client's on one thread). They log
  // warnings and errors only, echoed here. Started together, stopped together, also on failure
  // and on Ctrl-C; if this process is killed outright they see their IPC channel close and stop.
  const children: AppProcess[] = [];
  let context: INestApplicationContext | undefined;
  let client: Api | undefined;
  // Once, whoever asks first: a signal, or the run ending (also when it fails because of one).
  let stopping: Promise<void> | undefined;
  const shutDown = () =>
    (stopping ??= (async () => {
      client?.close();
      await Promise.all(children.map((c) => stop(c.child)));
      await context?.close();
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      say(`${signal}: stopping the API and the worker`);
      void shutDown().finally(() => process.exit(130));
    });
  }
  const childEnv = { LOG_LEVEL: 'warn' };
  const echo = (name: string) => (line: string) => say(`${name}: ${line.slice(0, 500)}`);

  try {
    const startups = await Promise.allSettled([
      // In-process only what the simulation itself does beside HTTP (see SimulationModule).
      NestFactory.createApplicationContext(SimulationModule, { logger: ['error', 'warn'] }).then(
        (c) => void (context = c),
      ),
      opts.apiUrl
        ? Promise.resolve(opts.apiUrl.replace(/\/+$/, ''))
        : spawnApi(childEnv, { onLine: echo('api') }).then((p) => (children.push(p), p.url)),
      opts.apiUrl
        ? Promise.resolve()
        : spawnApp('worker', childEnv, { onLine: echo('worker') }).then(
            (p) => void children.push(p),
          ),
    ]);
    for (const s of startups) if (s.status === 'rejected') throw s.reason;
    const api = (client = new Api((startups[1] as PromiseFulfilledResult<string>).value));
    const services = context as INestApplicationContext;
    const db = services.get(DataSource);
    const startedAt = new Date();
    // Registration numbers are drawn at random, new in every run; skip those that earlier runs
    // on this database took (8,000 draws among 900 million numbers meet one of 30,000 taken
    // ones about one run in four, and the run stopped on the API's 409).
    const taken = new Set(
      (
        (await db.query(
          `SELECT business_registration_number AS brn FROM companies
           UNION ALL SELECT business_registration_number FROM suppliers`,
        )) as Array<{ brn: string }>
      ).map((r) => r.brn),
    );
    const newBrn = () => {
      for (;;) {
        const candidate = brn(ids);
        if (!taken.has(candidate)) {
          taken.add(candidate);
          return candidate;
        }
      }
    };

    const rules = JSON.parse(readFileSync(resolve(opts.rules), 'utf8')) as ProgramRules;
    const n = opts.applications;
    const users = services.get(UserService);
    const auth = services.get(AuthService);
    // Hundreds of accounts share one password: hashed once by the service's own hashing
    // (scrypt, deliberately slow) rather than once per account. The first account of each
    // role logs in over HTTP; the others get the token login would give them.
    const passwordHash = await hashPassword(PASSWORD);
    const makeUsers = (role: Role, count: number, label: string) =>
      pool(
        Array.from({ length: count }, (_, i) => i),
        8,
        `${label} accounts`,
        async (i) => {
          const email = `sim-${runId}-${label}-${i}@sim.voucher.kr`;
          const user = await users.create(
            {
              email,
              passwordHash,
              role,
              displayName: `${label} ${i}`,
              locale: i % 5 === 0 ? 'en' : 'ko',
            },
            null,
          );
          const { accessToken } =
            i === 0
              ? await api.post<{ accessToken: string }>('/api/auth/login', undefined, {
                  email,
                  password: PASSWORD,
                })
              : await auth.issueToken(user);
          return { id: user.id, email, token: accessToken } as Login;
        },
      );

    const { officer, evaluators, applicants, suppliers } = await phase('accounts', async () => ({
      officer: (await makeUsers(Role.OFFICER, 1, 'officer'))[0],
      evaluators: await makeUsers(
        Role.EVALUATOR,
        Math.max(9, Math.ceil((n * rules.evaluation.evaluatorsPerApplication) / 150)),
        'evaluator',
      ),
      applicants: await makeUsers(Role.APPLICANT, Math.max(5, Math.ceil(n / 40)), 'applicant'),
      suppliers: await makeUsers(Role.SUPPLIER, 40, 'supplier'),
    }));
    if (opts.apiUrl) {
      // Its tokens come from this process: the API must share the database and the JWT secret.
      await api.get('/api/auth/me', evaluators[1].token).catch((error: Error) => {
        throw new Error(
          `${opts.apiUrl} refuses this run's tokens: start it with the same DATABASE_URL and JWT_SECRET (${error.message})`,
        );
      });
    }

    const program = await phase('program', async () => {
      rules.window = {
        opensAt: new Date(Date.now() - 86_400_000).toISOString(),
        closesAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      };
      rules.evaluation.dueAt = new Date(Date.now() + 45 * 86_400_000).toISOString();
      const p = await api.post<{ id: string; year: number }>('/api/programs', officer.token, {
        year: new Date().getFullYear(),
        name: `Simulation ${opts.rules} seed ${opts.seed} (${runId})`,
        rules,
      });
      await api.post(`/api/programs/${p.id}/open`, officer.token);
      return p;
    });

    const supplierRecords = await phase('suppliers', () =>
      pool(suppliers, 8, 'suppliers', async (user, i) => {
        const s = await api.post<{ id: string }>('/api/suppliers', user.token, {
          businessRegistrationNumber: newBrn(),
          name: `시뮬레이션 공급기업 ${i}`,
          representative: `공급대표 ${runId}-${i}`,
          contactEmail: user.email,
          crowdsourcing: i % 3 === 0,
          crowdsourcingEvidence: i % 3 === 0 ? '크라우드소싱 작업자 풀 운영' : undefined,
          offerings: [
            {
              category: 'PURCHASE',
              title: `데이터 상품 ${i}`,
              description: '판매용 데이터',
              indicativePriceKrw: 15_000_000,
            },
            {
              category: 'GENERAL_PROCESSING',
              title: `일반가공 ${i}`,
              description: '정제·변환',
              indicativePriceKrw: 40_000_000,
            },
            {
              category: 'AI_PROCESSING',
              processingKind: i % 4 === 0 ? 'PSEUDONYMIZATION' : 'STANDARD',
              title: `AI가공 ${i}`,
              description: '라벨링',
              indicativePriceKrw: 80_000_000,
            },
          ],
        });
        const approved = await api.post<{ offerings: Array<{ id: string; category: string }> }>(
          `/api/suppliers/${s.id}/approve`,
          officer.token,
        );
        return {
          id: s.id,
          user,
          offerings: Object.fromEntries(
            approved.offerings.map((o) => [o.category, o.id]),
          ) as Record<string, string>,
        };
      }),
    );

    const categoryWeights = Object.fromEntries(
      rules.categories.map((c) => [c.code, c.slots]),
    ) as Record<string, number>;
    const rate = (type: string) =>
      rules.coPayment.rates.find((r) => r.companyType === type)?.percent ?? 20;
    const specialPool = rules.specialPools[0];
    const quality = new Map<string, number>();

    const submitted = await phase('applications', () =>
      pool(
        Array.from({ length: n }, (_, i) => i),
        opts.concurrency,
        'applications',
        async (i) => {
          const applicant = applicants[i % applicants.length];
          const social = specialPool !== undefined && rng() < 0.06;
          const type =
            social && rng() < 0.6
              ? pick(rng, INSTITUTIONS)
              : weighted(rng, { SME: 75, SMALL_BUSINESS: 15, ONE_PERSON_CREATIVE: 10 });
          const age = rng() < 0.35 ? 22 + Math.floor(rng() * 17) : 40 + Math.floor(rng() * 26);
          const company = await api.post<{ id: string }>('/api/companies', applicant.token, {
            businessRegistrationNumber: newBrn(),
            name: `(주)시뮬레이션 ${runId}-${i}`,
            type,
            region: weighted(rng, REGIONS),
            ceoName: `대표 ${runId}-${i}`,
            ceoBirthDate: `${new Date().getFullYear() - age}-0${1 + Math.floor(rng() * 9)}-1${Math.floor(rng() * 9)}`,
            industry: pick(rng, ['제조', '유통', '헬스케어', '스마트팜', '핀테크', '교육']),
          });
          const category = weighted(rng, categoryWeights);
          const cap = rules.categories.find((c) => c.code === category)!.maxGrantKrw;
          const supplier = pick(rng, supplierRecords);
          const app = await api.post<{ id: string }>(
            `/api/programs/${program.id}/applications`,
            applicant.token,
            {
              companyId: company.id,
              category,
              track: social ? 'SOCIAL_ISSUE' : 'GENERAL',
              ...(social ? { socialIssue: pick(rng, specialPool.issues) } : {}),
              supplierId: supplier.id,
              offeringId: supplier.offerings[category],
              title: `데이터 활용 과제 ${i}`,
              plan: {
                background: '배경',
                goals: '목표',
                dataUsage: '데이터 활용',
                expectedOutcome: '기대효과',
              },
              agreedCostKrw: Math.round(((cap * 100) / (100 - rate(type))) * (0.5 + rng() * 0.7)),
            },
          );
          quality.set(app.id, Math.min(98, Math.max(35, normal(rng, 72, 11))));
          await api.post(`/api/applications/${app.id}/confirm`, supplier.user.token);
          return api.post<{ id: string; status: string }>(
            `/api/applications/${app.id}/submit`,
            applicant.token,
          );
        },
      ),
    );
    const eligible = submitted.filter((a) => a.status === 'ELIGIBLE').length;

    await phase('assignment', async () => {
      await api.post(`/api/programs/${program.id}/close`, officer.token);
      await api.post(`/api/programs/${program.id}/start-evaluation`, officer.token);
      await api.post(`/api/programs/${program.id}/evaluators`, officer.token, {
        evaluatorIds: evaluators.map((e) => e.id),
      });
      return api.post(`/api/programs/${program.id}/assignments/auto`, officer.token);
    });

    // A few lenient and strict evaluators, and noise on every sheet.
    const bias = evaluators.map((_, i) => (i % 10 === 0 ? 8 : i % 10 === 1 ? -8 : 0));
    const sheets = await phase('scoring', async () => {
      let count = 0;
      await pool(
        evaluators,
        Math.min(evaluators.length, opts.concurrency),
        'evaluators',
        async (evaluator, e) => {
          for (;;) {
            const page = await api.get<{
              items: Array<{
                id: string;
                applicationId: string;
                criteria: Array<{ code: string; maxPoints: number }>;
              }>;
            }>(
              `/api/evaluations/mine?programId=${program.id}&status=ASSIGNED&limit=200`,
              evaluator.token,
            );
            if (!page.items.length) break;
            for (const sheet of page.items) {
              const total = Math.min(
                100,
                Math.max(0, normal(rng, (quality.get(sheet.applicationId) ?? 70) + bias[e], 4)),
              );
              const scores = Object.fromEntries(
                sheet.criteria.map((c) => [
                  c.code,
                  Math.round(Math.min(c.maxPoints, (total / 100) * c.maxPoints) * 10) / 10,
                ]),
              );
              // Stored and submitted in one request (the API also takes a draft first: PUT …/scores).
              await api.post(`/api/assignments/${sheet.id}/submit`, evaluator.token, {
                scores,
                comment: 'simulated',
              });
              count++;
            }
          }
        },
      );
      return count;
    });

    const ranking = await phase('ranking', () =>
      api.post<Record<string, unknown>>(`/api/programs/${program.id}/ranking`, officer.token),
    );

    const run = await phase('selection', async () => {
      const preview = await api.post<{ id: string }>(
        `/api/programs/${program.id}/selection-runs`,
        officer.token,
        { dryRun: true },
      );
      return api.post<{ id: string; summary: Record<string, unknown>; outputHash: string }>(
        `/api/selection-runs/${preview.id}/commit`,
        officer.token,
      );
    });

    const aftercare = await phase('awards', async () => {
      const selected = (await db.query(
        `SELECT application_id FROM awards WHERE run_id = $1 AND status = 'SELECTED' ORDER BY application_id`,
        [run.id],
      )) as Array<{ application_id: string }>;
      const cancelled = selected
        .filter((_, i) => i % 97 === 0)
        .slice(0, Math.max(3, Math.ceil(selected.length / 100)));
      const promoted = await pool(cancelled, 4, 'cancellations', (s) =>
        api.post<{ promoted: unknown }>(
          `/api/applications/${s.application_id}/cancel`,
          officer.token,
          { reason: 'simulated decline' },
        ),
      );
      const cancelledIds = new Set(cancelled.map((c) => c.application_id));
      const toPay = selected.filter((s, i) => !cancelledIds.has(s.application_id) && i % 10 === 3);
      let paidKrw = 0;
      await pool(toPay, 8, 'payments', async (s) => {
        const parties = (
          await db.query(
            `SELECT a.applicant_user_id, sp.owner_user_id, w.grant_krw::text AS grant FROM awards w JOIN applications a ON a.id = w.application_id
             JOIN suppliers sp ON sp.id = a.supplier_id WHERE w.application_id = $1`,
            [s.application_id],
          )
        )[0] as { applicant_user_id: string; owner_user_id: string; grant: string };
        const applicant = applicants.find((a) => a.id === parties.applicant_user_id)!;
        const supplier = suppliers.find((u) => u.id === parties.owner_user_id)!;
        for (const token of [applicant.token, supplier.token, officer.token]) {
          await api.post(`/api/applications/${s.application_id}/agreement/sign`, token);
        }
        await api.post(`/api/applications/${s.application_id}/delivery`, supplier.token);
        await api.post(`/api/applications/${s.application_id}/delivery/approve`, officer.token);
        const grant = Number(parties.grant);
        const first = Math.floor(grant / 2);
        for (const [key, amountKrw] of [
          [`${s.application_id}-1`, first],
          [`${s.application_id}-2`, grant - first],
        ] as const) {
          await api.post(
            `/api/applications/${s.application_id}/disbursements`,
            officer.token,
            { amountKrw },
            { 'idempotency-key': key },
          );
          paidKrw += amountKrw;
        }
      });
      return {
        cancelled: cancelled.length,
        promoted: promoted.filter((p) => p.promoted).length,
        paid: toPay.length,
        paidKrw,
      };
    });

    const notifications = await phase('notifications', async () => {
      const deadline = Date.now() + 180_000;
      for (;;) {
        const [{ pending }] = await db.query(
          `SELECT count(*)::int AS pending FROM outbox WHERE status = 'PENDING'`,
        );
        const [{ open }] = await db.query(
          `SELECT count(*)::int AS open FROM notifications WHERE status IN ('PENDING','FAILED')`,
        );
        if ((pending === 0 && open === 0) || Date.now() > deadline) break;
        say(`waiting for notifications: ${pending} events, ${open} deliveries`);
        await new Promise((r) => setTimeout(r, 1000));
      }
      const [{ sent }] = await db.query(
        `SELECT count(*)::int AS sent FROM notifications WHERE created_at >= $1 AND status = 'DELIVERED'`,
        [startedAt],
      );
      return sent as number;
    });

    const budget = await services.get(BudgetService).view(program.id);
    const reconciliation = await services.get(BudgetService).reconcile(program.id);
    const summary = run.summary as {
      categories: Array<{
        code: string;
        slots: number;
        selected: number;
        waitlisted: number;
        quotas: unknown[];
      }>;
    };
    const line = {
      programId: program.id,
      seed: opts.seed,
      applications: n,
      eligible,
      sheets,
      rankingHashes: ranking,
      selectionOutputHash: run.outputHash,
      categories: budget.accounts.map((a) => {
        const s = summary.categories.find((c) => c.code === a.code);
        return {
          code: a.code,
          slots: a.slots,
          selected: a.selected,
          waitlisted: s?.waitlisted ?? null,
          quotaFill: s?.quotas ?? [],
          reservedKrw: a.reservedKrw,
          paidKrw: a.disbursedKrw,
          availableKrw: a.availableKrw,
        };
      }),
      pool: {
        poolKrw: budget.poolKrw,
        reservedKrw: budget.reservedKrw,
        paidKrw: budget.disbursedKrw,
        availableKrw: budget.availableKrw,
      },
      budgetReconciles: reconciliation.consistent,
      // What the rule set promises, checked on the budget view the officer sees.
      checks: {
        categoriesWithinSlots: budget.accounts.every(
          (a) => a.slots === null || a.slots === undefined || a.selected <= a.slots,
        ),
        poolNotOvercommitted:
          BigInt(String(budget.reservedKrw)) + BigInt(String(budget.disbursedKrw)) <=
            BigInt(String(budget.poolKrw)) && BigInt(String(budget.availableKrw)) >= 0n,
        budgetReconciles: reconciliation.consistent,
      },
      awards: aftercare,
      notificationsSent: notifications,
      phasesMs: phases,
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
    if (!Object.values(line.checks).every(Boolean)) process.exitCode = 1;
  } finally {
    await shutDown();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[simulate] failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
