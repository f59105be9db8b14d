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
import { OutboxEntity } from '@app/domain';
import { EventJob, jobOptions, outboxJobId, QUEUES } from '@app/queue';

const BATCH = 200;

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
      const rows = await tx
        .createQueryBuilder(OutboxEntity, 'o')
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .where("o.status = 'PENDING'")
        .orderBy('o.id', 'ASC')
        .limit(BATCH)
        .getMany();
      if (!rows.length) return 0;
      await this.queue.addBulk(
        rows.map((row) => ({
          name: row.eventType,
          data: {
            outboxId: row.id,
            type: row.eventType,
            aggregateType: row.aggregateType,
            aggregateId: row.aggregateId,
            payload: row.payload,
            requestId: row.requestId,
          },
          opts: { ...jobOptions(this.config.JOB_BACKOFF_MS), jobId: outboxJobId(row.id) },
        })),
      );
      await tx
        .createQueryBuilder()
        .update(OutboxEntity)
        .set({ status: 'ENQUEUED', enqueuedAt: () => 'now()' })
        .whereInIds(rows.map((r) => r.id))
        .execute();
      this.logger.log({ relayed: rows.length, firstId: rows[0].id }, 'outbox relayed');
      return rows.length;
    });
  }
}
