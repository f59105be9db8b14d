import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import {
  AuthCommonModule,
  HttpExceptionFilter,
  logDestination,
  requestLogFields,
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
          {
            level: config.LOG_LEVEL,
            // Fastify assigns req.id from x-request-id (or a new UUID); every line carries it.
            customProps: (req) => ({ requestId: (req as { id?: string }).id }),
            // What a request line needs, and no headers: nothing secret (tokens, cookies) can
            // reach the log, and no per-request redaction pass is needed to keep it out.
            serializers: { req: requestLogFields },
            autoLogging: { ignore: (req) => req.url === '/health' },
          },
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
