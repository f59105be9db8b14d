import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { createApiApp } from '../../apps/api/src/bootstrap';

/** The real API (same bootstrap as main.ts) on an ephemeral loopback port; tells its parent. */
async function main(): Promise<void> {
  const app = await createApiApp();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as AddressInfo;
  // Asked to stop over IPC: close cleanly and exit normally (so --cpu-prof can write its profile).
  process.on('message', (message: { stop?: boolean }) => {
    if (message.stop) void app.close().then(() => process.exit(0));
  });
  process.send!({ ready: true, port });
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
