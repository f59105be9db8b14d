import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { NotificationEntity, WebhookEndpointEntity, WebhookTargetRefused } from '@app/domain';
import { DeliveryJob, QUEUES } from '@app/queue';
import { workerOptions } from '../worker-options';
import { EmailChannel } from './email.channel';
import { WebhookChannel } from './webhook.channel';

/**
 * Delivers one e-mail or webhook notification. Idempotent: a notification already DELIVERED is
 * not sent again, whatever BullMQ replays. Failures are recorded on the row; after the last
 * attempt the row is DEAD and an officer can retry it. A webhook target the address rules
 * refuse is DEAD at once: trying again later would be refused the same way.
 */
@Processor(QUEUES.DELIVERIES, workerOptions(8))
export class DeliveryProcessor extends WorkerHost {
  private readonly logger = new Logger(DeliveryProcessor.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly email: EmailChannel,
    private readonly webhook: WebhookChannel,
  ) {
    super();
  }

  async process(job: Job<DeliveryJob>): Promise<string> {
    const repo = this.dataSource.getRepository(NotificationEntity);
    const n = await repo.findOneBy({ id: job.data.notificationId });
    if (!n) return 'missing';
    if (n.status === 'DELIVERED') return 'already delivered';
    const log = {
      requestId: job.data.requestId,
      notificationId: n.id,
      channel: n.channel,
      attempt: job.attemptsMade + 1,
    };
    try {
      await this.deliver(n);
    } catch (error) {
      const permanent = error instanceof WebhookTargetRefused;
      const final = permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await repo.update(
        { id: n.id },
        {
          status: final ? 'DEAD' : 'FAILED',
          attempts: n.attempts + 1,
          lastError: String((error as Error).message).slice(0, 1000),
        },
      );
      this.logger.warn({ ...log, final, error: (error as Error).message }, 'delivery failed');
      throw permanent ? new UnrecoverableError((error as Error).message) : error;
    }
    await repo.update(
      { id: n.id },
      { status: 'DELIVERED', attempts: n.attempts + 1, deliveredAt: new Date(), lastError: null },
    );
    this.logger.log(log, 'delivered');
    return 'delivered';
  }

  private async deliver(n: NotificationEntity): Promise<void> {
    if (n.channel === 'EMAIL') {
      const [user] = await this.dataSource.query(`SELECT email FROM users WHERE id = $1`, [
        n.recipientUserId,
      ]);
      await this.email.send({
        to: user.email,
        subject: n.subject,
        text: n.body,
        locale: n.locale,
        deliveryKey: n.deliveryKey,
      });
      return;
    }
    if (n.channel === 'WEBHOOK') {
      const endpoint = await this.dataSource
        .getRepository(WebhookEndpointEntity)
        .createQueryBuilder('w')
        .addSelect('w.secret')
        .where('w.id = :id', { id: n.webhookEndpointId })
        .getOneOrFail();
      await this.webhook.send({
        url: endpoint.url,
        secret: endpoint.secret,
        deliveryKey: n.deliveryKey,
        eventType: n.eventType,
        payload: n.payload,
        createdAt: n.createdAt,
      });
    }
  }

  /** Connection trouble (Redis restarting): BullMQ reconnects by itself; say so once per error. */
  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.warn(`queue connection: ${error.message}`);
  }
}
