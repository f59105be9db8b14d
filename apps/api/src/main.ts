import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { reportReadyToParent } from '@app/common';
import { ConfigError, loadConfig } from '@app/config';
import { createApiApp } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApiApp();
  await app.listen({ port: config.PORT, host: config.HOST });
  reportReadyToParent({ port: (app.getHttpServer().address() as AddressInfo).port });
}

main().catch((error: unknown) => {
  // One clear line for a bad configuration; the stack for anything unexpected.
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : ((error as Error).stack ?? String(error))}\n`,
  );
  process.exit(1);
});
