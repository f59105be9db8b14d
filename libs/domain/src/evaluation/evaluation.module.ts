import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { OutboxModule } from '../outbox/outbox.module';
import { ProgramModule } from '../program/program.module';
import { AssignmentController } from './assignment.controller';
import { AssignmentService } from './assignment.service';
import {
  ApplicationScoreEntity,
  AssignmentEntity,
  EvaluatorConflictEntity,
  EvaluatorProfileEntity,
  ProgramEvaluatorEntity,
} from './evaluation.entity';
import { EvaluatorController } from './evaluator.controller';
import { EvaluatorService } from './evaluator.service';
import { RankingController } from './ranking.controller';
import { RankingService } from './ranking.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      EvaluatorProfileEntity,
      ProgramEvaluatorEntity,
      EvaluatorConflictEntity,
      AssignmentEntity,
      ApplicationScoreEntity,
    ]),
    AuditModule,
    OutboxModule,
    ProgramModule,
  ],
  controllers: [EvaluatorController, AssignmentController, RankingController],
  providers: [AssignmentService, EvaluatorService, RankingService],
  exports: [AssignmentService, EvaluatorService, RankingService],
})
export class EvaluationModule {}
