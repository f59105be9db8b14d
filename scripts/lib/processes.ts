import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import type { ReadyMessage } from '@app/common';

const ROOT = join(__dirname, '..', '..');

/** A child running one of the apps' entry points, and the last of what it wrote. */
export interface AppProcess {
  child: ChildProcess;
  /** The last few KiB of its stdout and stderr, for an error message. */
  tail(): string;
}

export interface SpawnOptions {
  /** Called with every complete line the child writes (its logs are pino JSON lines). */
  onLine?: (line: string) => void;
  /** How long to wait for it to report ready. */
  timeoutMs?: number;
}

/**
 * Runs apps/<name>/src/main.ts — the production entry point, from the TypeScript sources
 * through ts-node (transpile only) — in a process of its own, and waits until it reports ready
 * over IPC (reportReadyToParent). Its output is read for its whole life, so that its pipes
 * never fill up and block it; only the tail is kept. If this process dies, the child sees its
 * IPC channel close and stops by itself.
 */
export function spawnApp(
  name: 'api' | 'worker',
  env: NodeJS.ProcessEnv,
  options: SpawnOptions = {},
): Promise<AppProcess & { ready: ReadyMessage }> {
  const timeoutMs = options.timeoutMs ?? 90_000;
  const child = fork(join(ROOT, 'apps', name, 'src', 'main.ts'), [], {
    cwd: ROOT,
    execArgv: ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register'],
    env: {
      ...process.env,
      ...env,
      TS_NODE_TRANSPILE_ONLY: 'true',
      TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let seen = '';
  const read = (stream: NodeJS.ReadableStream | null) => {
    let partial = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      seen = (seen + chunk).slice(-8000);
      if (!options.onLine) return;
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line) options.onLine(line);
    });
  };
  read(child.stdout);
  read(child.stderr);
  const tail = () => seen.slice(-2000);

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the ${name} did not start in ${timeoutMs} ms: ${tail()}`));
    }, timeoutMs);
    const exited = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      reject(new Error(`the ${name} exited (${signal ?? code}) before it was ready: ${tail()}`));
    };
    child.once('exit', exited);
    child.once('message', (ready: ReadyMessage) => {
      clearTimeout(timer);
      child.off('exit', exited);
      resolve({ child, tail, ready });
    });
  });
}

/** The real API on an ephemeral loopback port; `url` is where it listens. */
export async function spawnApi(
  env: NodeJS.ProcessEnv,
  options?: SpawnOptions,
): Promise<AppProcess & { url: string }> {
  const started = await spawnApp('api', { ...env, PORT: '0', HOST: '127.0.0.1' }, options);
  return { ...started, url: `http://127.0.0.1:${started.ready.port}` };
}

/** The real worker (outbox relay and queue processors). */
export async function spawnWorker(
  env: NodeJS.ProcessEnv,
  options?: SpawnOptions,
): Promise<ChildProcess> {
  return (await spawnApp('worker', env, options)).child;
}

/**
 * Stops a child and waits until it has exited: SIGTERM lets it close cleanly (the apps enable
 * Nest's shutdown hooks, which also ignore a second signal while closing); SIGKILL after `ms`
 * if it is still there. Pass SIGKILL for a crash test.
 */
export async function stop(
  child: ChildProcess,
  signal: NodeJS.Signals = 'SIGTERM',
  ms = 15_000,
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const kill = setTimeout(() => child.kill('SIGKILL'), ms);
  await exited;
  clearTimeout(kill);
}
