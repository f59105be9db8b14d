import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { CompanyModule } from '../company/company.module';
import { EvaluationModule } from '../evaluation/evaluation.module';
import { SelectionModule } from '../selection/selection.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { OutboxModule } from '../outbox/outbox.module';
import { ProgramModule } from '../program/program.module';
import { SupplierModule } from '../supplier/supplier.module';
import { ApplicationController } from './application.controller';
import { ApplicationEntity } from './application.entity';
import { ApplicationService } from './application.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([ApplicationEntity]),
    AuditModule,
    OutboxModule,
    IdempotencyModule,
    ProgramModule,
    CompanyModule,
    SupplierModule,
    EvaluationModule,
    SelectionModule,
  ],
  controllers: [ApplicationController],
  providers: [ApplicationService],
  exports: [ApplicationService],
})
export class ApplicationModule {}
