import type { WorkerOptions } from 'bullmq';
import { loadConfig } from '@app/config';

/**
 * Worker options are fixed when the processor class is declared, so they read the validated
 * environment then. The lock decides how soon a job held by a crashed worker is taken over.
 */
export function workerOptions(concurrency: number): Partial<WorkerOptions> {
  const config = loadConfig();
  return {
    concurrency,
    lockDuration: config.WORKER_LOCK_MS,
    stalledInterval: config.WORKER_LOCK_MS,
  };
}
