import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import {
  AuthCommonModule,
  HttpExceptionFilter,
  logDestination,
  requestLoggerOptions,
} from '@app/common';
import { APP_CONFIG, AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import {
  ApplicationModule,
  AuditModule,
  BudgetModule,
  CompanyModule,
  EvaluationModule,
  NotificationModule,
  ProgramModule,
  SelectionModule,
  SupplierModule,
  UserModule,
} from '@app/domain';
import { bullRoot, RedisModule } from '@app/queue';
import { HealthController } from './health/health.controller';

@Module({
  imports: [
    ConfigModule,
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        pinoHttp: [
          requestLoggerOptions(config.LOG_LEVEL),
          logDestination({ bufferBytes: config.LOG_BUFFER_BYTES }),
        ],
      }),
    }),
    DatabaseModule,
    RedisModule,
    bullRoot(),
    AuthCommonModule,
    TerminusModule,
    UserModule,
    AuditModule,
    BudgetModule,
    ProgramModule,
    SupplierModule,
    CompanyModule,
    ApplicationModule,
    NotificationModule,
    SelectionModule,
    EvaluationModule,
  ],
  controllers: [HealthController],
  providers: [{ provide: APP_FILTER, useClass: HttpExceptionFilter }],
})
export class AppModule {}
