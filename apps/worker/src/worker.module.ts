import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { OutboxEntity } from '@app/domain';
import { bullRoot, eventsQueue } from '@app/queue';
import { OutboxRelayService } from './outbox/outbox-relay.service';

@Module({
  imports: [
    ConfigModule,
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ pinoHttp: { level: config.LOG_LEVEL } }),
    }),
    DatabaseModule,
    TypeOrmModule.forFeature([OutboxEntity]),
    bullRoot(),
    eventsQueue(),
  ],
  providers: [OutboxRelayService],
})
export class WorkerModule {}
