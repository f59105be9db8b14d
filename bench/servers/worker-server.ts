import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from '../../apps/worker/src/worker.module';

/** The real worker, as apps/worker/src/main.ts starts it, telling its parent when it is up. */
async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  // Asked to stop over IPC: close cleanly and exit normally (so --cpu-prof can write its profile).
  process.on('message', (message: { stop?: boolean }) => {
    if (message.stop) void app.close().then(() => process.exit(0));
  });
  process.send!({ ready: true });
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
