import type { JobsOptions } from 'bullmq';

/** Queue names. Keys in Redis are `${QUEUE_PREFIX}:${name}:...`. */
export const QUEUES = {
  /** Outbox events, relayed one job per outbox row; the processor fans them out. */
  EVENTS: 'events',
  /** One job per e-mail or webhook notification. */
  DELIVERIES: 'deliveries',
  /** Scheduled reminders (job schedulers). */
  REMINDERS: 'reminders',
} as const;

/** Five attempts with exponential backoff; completed jobs are trimmed, failed ones kept. */
export function jobOptions(backoffMs: number): JobsOptions {
  return {
    attempts: 5,
    backoff: { type: 'exponential', delay: backoffMs },
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: false,
  };
}

/** Payload of a job relayed from the outbox; the job id is `outbox-${outboxId}`. */
export interface EventJob {
  outboxId: number;
  type: string;
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
  requestId: string | null;
}

export interface DeliveryJob {
  notificationId: number;
  requestId: string | null;
}

export interface ReminderJob {
  kind: string;
  subjectId: string;
}

export function outboxJobId(outboxId: number): string {
  return `outbox-${outboxId}`;
}

/** A delivery job per notification and retry round, so a retry after DEAD is a new job. */
export function deliveryJobId(notificationId: number, round = 0): string {
  return round ? `delivery-${notificationId}-r${round}` : `delivery-${notificationId}`;
}
