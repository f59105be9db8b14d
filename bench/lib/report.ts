import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { redisOptions } from '@app/queue';

/** One figure: the app's value next to a raw baseline measured in the same run. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  baseline: number | null;
  /** value / baseline; what to compare between machines and runs. */
  ratio: number | null;
}

export interface MachineInfo {
  nproc: number;
  cpu: string;
  memoryGiB: number;
  node: string;
  postgres: string;
  redis: string;
  platform: string;
}

const BENCH_DIR = join(__dirname, '..');
const started = Date.now();

/** Progress goes to stderr, so stdout carries only the result lines. */
export function progress(message: string): void {
  const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[bench ${seconds}s] ${message}\n`);
}

export const round = (n: number, digits = 2) => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

export function result(
  name: string,
  value: number,
  unit: string,
  baseline: number | null,
): BenchResult {
  return {
    name,
    value: round(value),
    unit,
    baseline: baseline === null ? null : round(baseline),
    ratio: baseline ? round(value / baseline, 3) : null,
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Times several pieces of work in turns (a, b, c, a, b, c, ...) after `warmup` unmeasured
 * turns, so that a noisy neighbour slows each about as much; returns each one's milliseconds.
 */
export async function timeInTurns<K extends string>(
  warmup: number,
  runs: number,
  work: Record<K, () => unknown>,
  label: string,
): Promise<Record<K, number[]>> {
  const keys = Object.keys(work) as K[];
  const times = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (let i = 0; i < warmup + runs; i++) {
    const turn: string[] = [];
    for (const key of keys) {
      const t0 = process.hrtime.bigint();
      await work[key]();
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (i >= warmup) times[key].push(ms);
      turn.push(`${key} ${ms.toFixed(0)} ms`);
    }
    const done = turn.join(', ');
    progress(`${label}: ${i < warmup ? 'warm-up' : `run ${i - warmup + 1}/${runs}`}: ${done}`);
  }
  return times;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function machineInfo(databaseUrl: string, redisUrl: string): Promise<MachineInfo> {
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  const { rows } = await pg.query<{ server_version: string }>('SHOW server_version');
  await pg.end();
  const redis = new Redis(redisOptions(redisUrl));
  const info = await redis.info('server');
  redis.disconnect();
  return {
    nproc: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    postgres: rows[0].server_version,
    redis: /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown',
    platform: `${process.platform} ${process.arch}`,
  };
}

/** bench/results/latest.json and the results table between the markers of bench/README.md. */
export function writeResults(
  machine: MachineInfo,
  results: BenchResult[],
  details: Record<string, unknown>,
  missing: string[],
  partial: string | null,
): void {
  const at = new Date().toISOString();
  mkdirSync(join(BENCH_DIR, 'results'), { recursive: true });
  // A partial run (BENCH_ONLY) leaves latest.json and the README's table alone.
  writeFileSync(
    join(BENCH_DIR, 'results', partial ? `only-${partial}.json` : 'latest.json'),
    `${JSON.stringify({ at, machine, results, missing, details }, null, 2)}\n`,
  );
  if (partial) return;

  const readme = join(BENCH_DIR, 'README.md');
  const text = readFileSync(readme, 'utf8');
  const start = '<!-- results:start -->';
  const end = '<!-- results:end -->';
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) return;
  const cell = (n: number | null) => (n === null ? '–' : String(n));
  const table = [
    start,
    `Last run ${at.slice(0, 16).replace('T', ' ')} UTC on ${machine.nproc} × ${machine.cpu}, ` +
      `${machine.memoryGiB} GiB, Node ${machine.node}, PostgreSQL ${machine.postgres}, ` +
      `Redis ${machine.redis} (${machine.platform}).`,
    '',
    '| name | value | unit | baseline | ratio |',
    '|---|---:|---|---:|---:|',
    ...results.map(
      (r) => `| ${r.name} | ${r.value} | ${r.unit} | ${cell(r.baseline)} | ${cell(r.ratio)} |`,
    ),
    ...(missing.length ? ['', `Not measured in this run: ${missing.join('; ')}.`] : []),
    '',
    'The lines as printed:',
    '',
    '```',
    ...results.map((r) => JSON.stringify(r)),
    '```',
    end,
  ].join('\n');
  writeFileSync(readme, text.slice(0, i) + table + text.slice(j + end.length));
}
