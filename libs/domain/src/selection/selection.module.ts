import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { BudgetModule } from '../budget/budget.module';
import { EvaluationModule } from '../evaluation/evaluation.module';
import { OutboxModule } from '../outbox/outbox.module';
import { ProgramModule } from '../program/program.module';
import { AwardQueryController } from './award-query.controller';
import { AwardQueryService } from './award-query.service';
import { AwardController } from './award.controller';
import { AwardService } from './award.service';
import { SelectionController } from './selection.controller';
import { AwardEntity, SelectionRunEntity } from './selection.entity';
import { SelectionService } from './selection.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([SelectionRunEntity, AwardEntity]),
    AuditModule,
    BudgetModule,
    ProgramModule,
    OutboxModule,
    EvaluationModule,
  ],
  controllers: [SelectionController, AwardController, AwardQueryController],
  providers: [SelectionService, AwardService, AwardQueryService],
  exports: [SelectionService, AwardService],
})
export class SelectionModule {}
