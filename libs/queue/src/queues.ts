import type { JobsOptions } from 'bullmq';

/** Queue names. Keys in Redis are `${QUEUE_PREFIX}:${name}:...`. */
export const QUEUES = {
  EVENTS: 'events',
} as const;

/** Five attempts with exponential backoff; completed jobs are trimmed, failed ones kept. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: false,
};

/** Payload of a job relayed from the outbox; the job id is `outbox-${outboxId}`. */
export interface EventJob {
  outboxId: number;
  type: string;
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
  requestId: string | null;
}

export function outboxJobId(outboxId: number): string {
  return `outbox-${outboxId}`;
}
