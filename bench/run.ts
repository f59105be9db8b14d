// The environment first: modules below read it when they are loaded.
import { BENCH_ENV } from './lib/env';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../apps/api/src/app.module';
import { budgetBench } from './budget.bench';
import { intakeBench, prepareIntake } from './intake.bench';
import { notificationsBench } from './notifications.bench';
import { selectionBench } from './selection.bench';
import { clearRedis, dropDatabase, pool, recreateDatabase } from './lib/database';
import { removeBuild } from './lib/processes';
import { BenchResult, machineInfo, progress, writeResults } from './lib/report';
import { seedActors, seedSuppliers } from './lib/seed';

const ALL = ['selection', 'budget', 'notifications', 'intake'] as const;
type BenchName = (typeof ALL)[number];

/**
 * `npm run bench`: every benchmark in order, each figure next to a raw baseline measured in
 * the same run. Result lines (JSON) go to stdout, progress to stderr; the results are written
 * to bench/results/latest.json and the table in bench/README.md. BENCH_ONLY=selection,budget
 * runs some of them and writes bench/results/only-<names>.json instead.
 */
async function main(): Promise<void> {
  const only = (process.env.BENCH_ONLY ?? ALL.join(','))
    .split(',')
    .map((s) => s.trim()) as BenchName[];
  const enabled = (name: BenchName) => only.includes(name);
  const { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix } = BENCH_ENV;

  progress(`recreating ${databaseUrl} and clearing Redis keys ${prefix}:*`);
  await recreateDatabase(databaseUrl);
  await clearRedis(redisUrl, prefix);
  const machine = await machineInfo(databaseUrl, redisUrl);
  progress(`machine: ${JSON.stringify(machine)}`);

  const results: BenchResult[] = [];
  const missing: string[] = ALL.filter((name) => !enabled(name)).map((n) => `${n} (not selected)`);
  const details: Record<string, unknown> = {};
  const emit = (lines: BenchResult[]) => {
    for (const line of lines) process.stdout.write(`${JSON.stringify(line)}\n`);
    results.push(...lines);
  };
  const attempt = async (name: BenchName, work: () => Promise<BenchResult[] | void>) => {
    if (!enabled(name)) return;
    progress(`${name}: start`);
    try {
      const lines = await work();
      if (lines) emit(lines);
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      progress(`${name}: FAILED ${(error as Error).stack ?? message}`);
      missing.push(`${name} (failed: ${message.split('\n')[0].slice(0, 200)})`);
    }
  };

  const db = pool(databaseUrl, 8);
  try {
    const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error'] });
    const actors = await seedActors(db);
    const suppliers = await seedSuppliers(db, actors.supplierOwnerId, 50);
    let intake: Awaited<ReturnType<typeof prepareIntake>> | undefined;
    try {
      await attempt('selection', () => selectionBench(app, db, actors, suppliers, details));
      await attempt('budget', () => budgetBench(app, db, actors, details));
      if (enabled('intake')) {
        progress('intake: preparing the program and the drafts');
        try {
          intake = await prepareIntake(app, db, actors, suppliers);
        } catch (error) {
          progress(`intake: FAILED to prepare: ${(error as Error).stack}`);
          missing.push(`intake (failed to prepare: ${(error as Error).message.slice(0, 200)})`);
        }
      }
    } finally {
      await app.close();
    }
    await attempt('notifications', () => notificationsBench(db, actors, details));
    if (intake) {
      const prepared = intake;
      await attempt('intake', () => intakeBench(db, prepared, details));
    }
  } finally {
    removeBuild();
    await db.end();
    await clearRedis(redisUrl, prefix);
    // Several hundred MiB on a shared server: kept only when asked, to look into.
    if (process.env.BENCH_KEEP_DATABASE !== '1') await dropDatabase(databaseUrl);
  }

  const partial = process.env.BENCH_ONLY ? only.join('-') : null;
  writeResults(machine, results, details, missing, partial);
  progress(
    partial
      ? `done: bench/results/only-${partial}.json written (README table left as it was)`
      : 'done: bench/results/latest.json and bench/README.md written',
  );
  if (missing.length) progress(`missing: ${missing.join('; ')}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
