import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { Job, Queue } from 'bullmq';
import { AwardService, NotificationFanoutService } from '@app/domain';
import { deliveryJobId, DeliveryJob, EventJob, jobOptions, QUEUES } from '@app/queue';
import { ReminderScheduler } from '../reminders/reminder-scheduler.service';
import { workerOptions } from '../worker-options';
import { EmailChannel } from './email.channel';

/**
 * One job per outbox event: writes the notifications (in-app ones are delivered by that) and
 * queues a delivery job per e-mail and webhook. Running it twice writes and queues nothing new.
 */
// Fan-out waits on the database, not the CPU: several at once keep both busy.
@Processor(QUEUES.EVENTS, workerOptions(8))
export class EventsProcessor extends WorkerHost {
  private readonly logger = new Logger(EventsProcessor.name);

  constructor(
    private readonly fanout: NotificationFanoutService,
    private readonly email: EmailChannel,
    @InjectQueue(QUEUES.DELIVERIES) private readonly deliveries: Queue<DeliveryJob>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly reminders: ReminderScheduler,
    private readonly awards: AwardService,
  ) {
    super();
    deliveries.on('error', () => undefined);
  }

  async process(job: Job<EventJob>): Promise<{ deliveries: number }> {
    const event = job.data;
    if (event.type === 'program.deadlines_changed') {
      const { programId, evaluationDueAt } = event.payload as {
        programId: string;
        evaluationDueAt: string | null;
      };
      await this.reminders.syncEvaluationDue(programId, evaluationDueAt);
      return { deliveries: 0 };
    }
    if (event.type === 'supplier.suspended') {
      const { supplierId, reason } = event.payload as { supplierId: string; reason?: string };
      const cancelled = await this.awards.cancelForSupplier(supplierId, reason ?? 'sanction');
      this.logger.log(
        { requestId: event.requestId, supplierId, cancelled },
        'awards of a suspended supplier cancelled',
      );
    }
    if (event.type === 'notification.redeliver') {
      const { notificationId, round } = event.payload as { notificationId: number; round: number };
      await this.enqueue([notificationId], event.requestId, round);
      return { deliveries: 1 };
    }
    const ids = await this.fanout.fanOut(event, { email: this.email.enabled });
    await this.enqueue(ids, event.requestId, 0);
    this.logger.log(
      {
        requestId: event.requestId,
        outboxId: event.outboxId,
        type: event.type,
        deliveries: ids.length,
      },
      'event fanned out',
    );
    return { deliveries: ids.length };
  }

  private async enqueue(ids: number[], requestId: string | null, round: number): Promise<void> {
    if (!ids.length) return;
    await this.deliveries.addBulk(
      ids.map((notificationId) => ({
        name: 'deliver',
        data: { notificationId, requestId },
        opts: {
          ...jobOptions(this.config.JOB_BACKOFF_MS),
          jobId: deliveryJobId(notificationId, round),
        },
      })),
    );
  }

  /** Connection trouble (Redis restarting): BullMQ reconnects by itself; say so once per error. */
  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.warn(`queue connection: ${error.message}`);
  }
}
