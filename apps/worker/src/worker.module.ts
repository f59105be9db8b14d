import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { logDestination } from '@app/common';
import { APP_CONFIG, AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import {
  EvaluationModule,
  NotificationModule,
  OutboxEntity,
  SelectionModule,
  systemResolve,
} from '@app/domain';
import { bullRoot, notificationQueues, remindersQueue } from '@app/queue';
import { DeliveryProcessor } from './notifications/delivery.processor';
import { EmailChannel } from './notifications/email.channel';
import { EventsProcessor } from './notifications/events.processor';
import { WEBHOOK_RESOLVE, WebhookChannel } from './notifications/webhook.channel';
import { OutboxRelayService } from './outbox/outbox-relay.service';
import { ReminderScheduler } from './reminders/reminder-scheduler.service';
import { RemindersProcessor } from './reminders/reminders.processor';

@Module({
  imports: [
    ConfigModule,
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        pinoHttp: [
          { level: config.LOG_LEVEL },
          logDestination({ bufferBytes: config.LOG_BUFFER_BYTES }),
        ],
      }),
    }),
    DatabaseModule,
    TypeOrmModule.forFeature([OutboxEntity]),
    bullRoot(),
    notificationQueues(),
    remindersQueue(),
    NotificationModule,
    SelectionModule,
    EvaluationModule,
  ],
  providers: [
    OutboxRelayService,
    EventsProcessor,
    DeliveryProcessor,
    EmailChannel,
    WebhookChannel,
    { provide: WEBHOOK_RESOLVE, useValue: systemResolve },
    ReminderScheduler,
    RemindersProcessor,
  ],
})
export class WorkerModule {}
