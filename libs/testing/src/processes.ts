import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

// The apps' spawner is shared with the scripts (the simulation): one place knows how to start them.
export { spawnWorker, stop } from '../../../scripts/lib/processes';

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function waitForLine(
  child: ChildProcess,
  pattern: RegExp,
  what: string,
  ms: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error(`${what} did not start in ${ms} ms: ${seen.slice(-2000)}`)),
      ms,
    );
    // Keeps reading (and only the tail) for the child's whole life, so its pipe never fills up.
    const onData = (chunk: Buffer) => {
      seen = (seen + chunk.toString()).slice(-8000);
      if (pattern.test(seen)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}): ${seen.slice(-2000)}`));
    });
  });
}

/** A Redis server of the test's own on another port, with nothing kept on disk. */
export async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  await waitForLine(child, /Ready to accept connections/, 'redis-server', 10_000);
  return child;
}
