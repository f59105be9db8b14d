import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { notificationQueues } from '@app/queue';
import { AuditModule } from '../audit/audit.module';
import { OutboxModule } from '../outbox/outbox.module';
import { NotificationController } from './notification.controller';
import { NotificationEntity, WebhookEndpointEntity } from './notification.entity';
import { NotificationFanoutService } from './notification-fanout.service';
import { NotificationService } from './notification.service';

/** Needs `bullRoot()` imported by the application that uses it (API or worker). */
@Module({
  imports: [
    TypeOrmModule.forFeature([NotificationEntity, WebhookEndpointEntity]),
    AuditModule,
    OutboxModule,
    notificationQueues(),
  ],
  controllers: [NotificationController],
  providers: [NotificationService, NotificationFanoutService],
  exports: [NotificationService, NotificationFanoutService],
})
export class NotificationModule {}
