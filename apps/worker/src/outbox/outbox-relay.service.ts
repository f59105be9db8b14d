import { InjectQueue } from '@nestjs/bullmq';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import { EventJob, jobOptions, outboxJobId, QUEUES } from '@app/queue';

const BATCH = 200;

/**
 * Takes the next batch and marks it in one statement. The mark is only seen once the jobs are
 * in Redis: the transaction commits after addBulk, and a failed addBulk rolls it back. (Wrapped
 * in a SELECT so the rows come back in id order, and as rows: TypeORM turns a bare UPDATE's
 * result into [rows, count].)
 */
const NEXT_BATCH = `
  WITH taken AS (
    UPDATE outbox o SET status = 'ENQUEUED', enqueued_at = now()
      FROM (SELECT id FROM outbox WHERE status = 'PENDING' ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED) next
     WHERE o.id = next.id
    RETURNING o.id, o.event_type, o.aggregate_type, o.aggregate_id, o.payload, o.request_id
  )
  SELECT * FROM taken ORDER BY id`;

interface OutboxRow {
  id: string;
  event_type: string;
  aggregate_type: string;
  aggregate_id: string;
  payload: Record<string, unknown>;
  request_id: string | null;
}

/**
 * Moves PENDING outbox rows to BullMQ. The job id is derived from the outbox id, so a row
 * relayed twice (a crash between enqueue and commit) is enqueued once. While Redis is down
 * the rows simply stay PENDING and go out when it is back.
 */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelayService.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.EVENTS) private readonly queue: Queue<EventJob>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // Redis being away is handled by retrying the relay; the event must not crash the worker.
    queue.on('error', () => undefined);
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.relayOnce();
      this.running
        .then((moved) => this.schedule(moved === BATCH ? 0 : this.config.OUTBOX_RELAY_INTERVAL_MS))
        .catch((error: unknown) => {
          this.logger.warn(`outbox relay paused: ${(error as Error).message}`);
          this.schedule(Math.max(this.config.OUTBOX_RELAY_INTERVAL_MS, 2000));
        });
    }, delay);
  }

  /** Relays one batch; returns how many rows went out. Safe to run from several workers. */
  async relayOnce(): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      const rows: OutboxRow[] = await tx.query(NEXT_BATCH, [BATCH]);
      if (!rows.length) return 0;
      const events: EventJob[] = rows.map((row) => ({
        outboxId: Number(row.id),
        type: row.event_type,
        aggregateType: row.aggregate_type,
        aggregateId: row.aggregate_id,
        payload: row.payload,
        requestId: row.request_id,
      }));
      await this.queue.addBulk(
        events.map((data) => ({
          name: data.type,
          data,
          opts: { ...jobOptions(this.config.JOB_BACKOFF_MS), jobId: outboxJobId(data.outboxId) },
        })),
      );
      this.logger.log({ relayed: events.length, firstId: events[0].outboxId }, 'outbox relayed');
      return events.length;
    });
  }
}
