import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from '@app/config';
import { migrate } from '@app/database';
import { AppModule } from '../apps/api/src/app.module';
import { demoUsers, seedIfEmpty } from '../seeds/seed';

/**
 * `npm start`: migrate, seed an empty database, then run the API and the worker as two
 * processes, print where to go, and stop both on Ctrl-C.
 */
const say = (line: string) => process.stdout.write(`[start] ${line}\n`);

async function waitForHealth(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error('the API exited during start-up (see its log above)');
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the API did not become healthy at ${url} within ${timeoutMs / 1000}s`);
}

async function main(): Promise<void> {
  const config = loadConfig();
  say('running migrations');
  const ran = await migrate(config.DATABASE_URL);
  say(ran.length ? `applied ${ran.length} migration(s)` : 'database is up to date');

  const ctx = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
  const seeded = await seedIfEmpty(ctx, say).finally(() => ctx.close());
  if (!seeded.seeded) say('database already has data: seed skipped');

  const children: ChildProcess[] = [];
  const run = (name: string, file: string) => {
    const child = spawn(process.execPath, [join(__dirname, '..', file)], {
      stdio: 'inherit',
      env: process.env,
    });
    child.on('exit', (code, signal) => {
      say(`${name} exited (${signal ?? code})`);
      for (const other of children)
        if (other !== child && other.exitCode === null) other.kill('SIGTERM');
      process.exitCode = code ?? 0;
    });
    children.push(child);
    return child;
  };
  const api = run('api', 'apps/api/src/main.js');
  run('worker', 'apps/worker/src/main.js');
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => children.forEach((c) => c.exitCode === null && c.kill(signal)));
  }

  const host = config.HOST === '0.0.0.0' ? 'localhost' : config.HOST;
  const base = `http://${host}:${config.PORT}`;
  await waitForHealth(`${base}/health`, api);
  const demo = demoUsers();
  say('');
  say(`Web app  ${base}/   (sign in with a demo login below)`);
  say(`API      ${base}/api`);
  say(`Docs     ${base}/docs   (OpenAPI JSON: ${base}/docs-json)`);
  say(`Health   ${base}/health`);
  say(`Demo logins (password for all: ${demo.password}):`);
  for (const u of demo.users) say(`  ${u.role.padEnd(10)} ${u.email}`);
  say('Press Ctrl-C to stop.');
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : ((error as Error).stack ?? String(error))}\n`,
  );
  process.exit(1);
});
