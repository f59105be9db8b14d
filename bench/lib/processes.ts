import { ChildProcess, execFileSync, fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
let buildDir: string | undefined;

/**
 * Compiles bench/servers (and the app code they import) to JavaScript in a temporary folder,
 * without type-checking (seconds): the API and worker then run as in production, without the
 * TypeScript compiler in their memory, which would inflate the RSS figures by ~100 MiB.
 */
export function buildServers(): string {
  if (buildDir) return buildDir;
  const out = mkdtempSync(join(tmpdir(), 'voucher-bench-build-'));
  const config = join(ROOT, 'bench', 'tsconfig.servers.json');
  const run = (bin: string, args: string[]) =>
    execFileSync(process.execPath, [require.resolve(bin), ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  run('typescript/bin/tsc', ['-p', config, '--noCheck', '--outDir', out]);
  run('tsc-alias/dist/bin/index.js', ['-p', config, '--outDir', out]);
  buildDir = out;
  return out;
}

export function removeBuild(): void {
  if (buildDir) rmSync(buildDir, { recursive: true, force: true });
  buildDir = undefined;
}

export interface Started {
  child: ChildProcess;
  port?: number;
}

/**
 * Starts bench/servers/<name>.ts, compiled by buildServers, in a process of its own with its
 * logs to /dev/null, and waits until it reports ready over IPC.
 */
export function startServer(name: string, env: NodeJS.ProcessEnv = {}): Promise<Started> {
  const child = fork(join(buildServers(), 'bench', 'servers', `${name}.js`), [], {
    cwd: ROOT,
    // BENCH_CPU_PROF=<dir>: a V8 CPU profile of each server, written when it stops.
    execArgv: process.env.BENCH_CPU_PROF
      ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF]
      : [],
    // The build lives outside the repository: its require()s find packages through NODE_PATH.
    env: { ...process.env, ...env, NODE_PATH: join(ROOT, 'node_modules') },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start in 120 s: ${stderr}`));
    }, 120_000);
    child.once('message', (message: { ready?: boolean; port?: number }) => {
      clearTimeout(timer);
      resolve({ child, port: message.port });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}) before it was ready: ${stderr}`));
    });
  });
}

/** Asks it to stop over IPC; SIGTERM after `ms`, SIGKILL after twice that. */
export async function stopServer(child: ChildProcess, ms = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.send({ stop: true });
  const term = setTimeout(() => child.kill('SIGTERM'), ms);
  const kill = setTimeout(() => child.kill('SIGKILL'), 2 * ms);
  await exited;
  clearTimeout(term);
  clearTimeout(kill);
}

/** VmRSS and VmHWM (peak) of a process, in MiB, from /proc. */
export function memoryOf(pid: number): { rssMiB: number; peakMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMiB: kb('VmRSS') / 1024, peakMiB: kb('VmHWM') / 1024 };
}

/** Samples the RSS of some processes every `ms` until stopped; returns the highest seen. */
export function sampleRss(pids: Record<string, number>, ms = 100) {
  const max: Record<string, number> = Object.fromEntries(Object.keys(pids).map((k) => [k, 0]));
  const timer = setInterval(() => {
    for (const [name, pid] of Object.entries(pids)) {
      try {
        max[name] = Math.max(max[name], memoryOf(pid).rssMiB);
      } catch {
        // the process is gone; its last sample stands
      }
    }
  }, ms);
  return {
    stop: () => {
      clearInterval(timer);
      return max;
    },
  };
}
