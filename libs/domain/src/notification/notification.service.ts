import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { Actor, DomainError } from '@app/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { inTransaction } from '@app/database';
import { QUEUES } from '@app/queue';
import { AuditService } from '../audit/audit.service';
import { OutboxService } from '../outbox/outbox.service';
import {
  CreateWebhookDto,
  InboxQueryDto,
  NotificationQueryDto,
  NotificationView,
} from './dto/notification.dto';
import { NotificationEntity, WebhookEndpointEntity } from './notification.entity';
import { webhookRegistrationProblem } from './webhook-target';

export function toNotificationView(n: NotificationEntity): NotificationView {
  return {
    id: n.id,
    eventType: n.eventType,
    channel: n.channel,
    locale: n.locale,
    subject: n.subject,
    body: n.body,
    status: n.status,
    attempts: n.attempts,
    lastError: n.lastError,
    readAt: n.readAt,
    createdAt: n.createdAt,
    deliveredAt: n.deliveredAt,
  };
}

@Injectable()
export class NotificationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    @InjectQueue(QUEUES.EVENTS) private readonly events: Queue,
    @InjectQueue(QUEUES.DELIVERIES) private readonly deliveries: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // The API keeps working while Redis is away; stats then report no queue figures.
    for (const q of [events, deliveries]) q.on('error', () => undefined);
  }

  private get repo() {
    return this.dataSource.getRepository(NotificationEntity);
  }

  async inbox(actor: Actor, query: InboxQueryDto) {
    const where = {
      recipientUserId: actor.userId,
      channel: 'IN_APP' as const,
      ...(query.unread ? { readAt: IsNull() } : {}),
    };
    const [items, total] = await this.repo.findAndCount({
      where,
      order: { id: 'DESC' },
      take: query.limit,
      skip: query.offset,
    });
    const unread = await this.repo.count({
      where: { recipientUserId: actor.userId, channel: 'IN_APP', readAt: IsNull() },
    });
    return {
      items: items.map(toNotificationView),
      total,
      unread,
      limit: query.limit,
      offset: query.offset,
    };
  }

  async markRead(id: number, actor: Actor): Promise<NotificationView> {
    const result = await this.repo
      .createQueryBuilder()
      .update()
      .set({ readAt: () => 'coalesce(read_at, now())' })
      .where('id = :id AND recipient_user_id = :me AND channel = :ch', {
        id,
        me: actor.userId,
        ch: 'IN_APP',
      })
      .returning('*')
      .execute();
    if (!result.affected) throw DomainError.notFound('Notification', id);
    return toNotificationView(await this.repo.findOneByOrFail({ id }));
  }

  async markAllRead(actor: Actor): Promise<{ marked: number }> {
    const result = await this.repo.update(
      { recipientUserId: actor.userId, channel: 'IN_APP', readAt: IsNull() },
      { readAt: new Date() },
    );
    return { marked: result.affected ?? 0 };
  }

  async list(query: NotificationQueryDto) {
    const where = {
      ...(query.status ? { status: query.status } : {}),
      ...(query.channel ? { channel: query.channel } : {}),
      ...(query.eventType ? { eventType: query.eventType } : {}),
    };
    const [items, total] = await this.repo.findAndCount({
      where,
      order: { id: 'DESC' },
      take: query.limit,
      skip: query.offset,
    });
    return {
      items: items.map(toNotificationView),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  /** Sends a DEAD notification again, through the outbox so that it works while Redis is down. */
  async retry(id: number, actor: Actor): Promise<NotificationView> {
    return inTransaction(this.dataSource, async (tx) => {
      const n = await tx.findOne(NotificationEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!n) throw DomainError.notFound('Notification', id);
      if (n.status !== 'DEAD') {
        throw new DomainError(
          'INVALID_STATE_TRANSITION',
          `Only DEAD notifications can be retried; this one is ${n.status}`,
          {
            status: n.status,
          },
        );
      }
      n.status = 'PENDING';
      const saved = await tx.save(n);
      await this.outbox.emit(tx, {
        type: 'notification.redeliver',
        aggregateType: 'notification',
        aggregateId: String(id),
        payload: { notificationId: id, round: n.attempts },
        requestId: actor.requestId,
      });
      await this.audit.record(tx, {
        entity: 'notification',
        entityId: String(id),
        action: 'notification.retried',
        actor,
        before: { status: 'DEAD', attempts: n.attempts },
        after: { status: 'PENDING' },
      });
      return toNotificationView(saved);
    });
  }

  /** Queue depth and delivery outcomes per channel; the queue part is null while Redis is away. */
  async stats() {
    const rows: Array<{ channel: string; status: string; n: number }> = await this.dataSource.query(
      `SELECT channel, status, count(*)::int AS n FROM notifications GROUP BY channel, status`,
    );
    const channels: Record<string, Record<string, number>> = {};
    for (const channel of ['IN_APP', 'EMAIL', 'WEBHOOK']) {
      channels[channel] = { PENDING: 0, DELIVERED: 0, FAILED: 0, DEAD: 0 };
    }
    for (const r of rows) channels[r.channel][r.status] = r.n;
    const [outbox] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE status = 'PENDING')::int AS pending FROM outbox`,
    );
    const counts = (q: Queue) =>
      q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
    const queues = await Promise.race([
      Promise.all([counts(this.events), counts(this.deliveries)]).then(([events, deliveries]) => ({
        events,
        deliveries,
      })),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 1000).unref()),
    ]).catch(() => null);
    return { channels, outboxPending: outbox.pending as number, queues };
  }

  /**
   * Registers an endpoint of the caller's. Its URL must name a public host (unless
   * WEBHOOK_ALLOW_PRIVATE_TARGETS): the worker checks again, after resolving, on each delivery.
   */
  async createWebhook(dto: CreateWebhookDto, actor: Actor) {
    const problem = await webhookRegistrationProblem(dto.url, {
      allowPrivate: this.config.WEBHOOK_ALLOW_PRIVATE_TARGETS,
    });
    if (problem) {
      throw new DomainError('VALIDATION_FAILED', 'Invalid input: url', {
        fields: [{ field: 'url', reasons: [problem] }],
      });
    }
    const secret = dto.secret ?? randomBytes(24).toString('base64url');
    return inTransaction(this.dataSource, async (tx) => {
      const saved = await tx.save(
        tx.create(WebhookEndpointEntity, { ownerUserId: actor.userId, url: dto.url, secret }),
      );
      await this.audit.record(tx, {
        entity: 'webhook',
        entityId: saved.id,
        action: 'webhook.created',
        actor,
        after: { url: saved.url },
      });
      return {
        id: saved.id,
        url: saved.url,
        active: saved.active,
        createdAt: saved.createdAt,
        secret,
      };
    });
  }

  listWebhooks(actor: Actor) {
    return this.dataSource.getRepository(WebhookEndpointEntity).find({
      where: { ownerUserId: actor.userId, active: true },
      order: { createdAt: 'ASC' },
    });
  }

  async deleteWebhook(id: string, actor: Actor): Promise<void> {
    await inTransaction(this.dataSource, async (tx) => {
      const result = await tx.update(
        WebhookEndpointEntity,
        { id, ownerUserId: actor.userId, active: true },
        { active: false },
      );
      if (!result.affected) throw DomainError.notFound('Webhook', id);
      await this.audit.record(tx, {
        entity: 'webhook',
        entityId: id,
        action: 'webhook.deleted',
        actor,
      });
    });
  }
}
