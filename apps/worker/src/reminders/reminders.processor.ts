import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { AwardService } from '@app/domain';
import { QUEUES, ReminderJob } from '@app/queue';
import { workerOptions } from '../worker-options';
import { AGREEMENT_SWEEP } from './reminder-scheduler.service';

/** Runs scheduled reminders: evaluation due dates and the agreement deadline sweep. */
@Processor(QUEUES.REMINDERS, workerOptions(1))
export class RemindersProcessor extends WorkerHost {
  private readonly logger = new Logger(RemindersProcessor.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly awards: AwardService,
  ) {
    super();
  }

  async process(job: Job<ReminderJob>): Promise<number> {
    if (job.data.kind === AGREEMENT_SWEEP) return this.awards.cancelOverdue();
    if (job.data.kind === 'evaluation-due') return this.remindEvaluators(job.data.subjectId);
    this.logger.warn({ kind: job.data.kind }, 'unknown reminder');
    return 0;
  }

  /** One `evaluation.due` event per evaluator who still has open score sheets in the program. */
  async remindEvaluators(programId: string): Promise<number> {
    const rows: Array<{ n: number }> = await this.dataSource.query(
      `WITH open AS (
         SELECT evaluator_user_id, count(*)::int AS sheets FROM assignments
          WHERE program_id = $1 AND status = 'ASSIGNED' GROUP BY evaluator_user_id)
       , ins AS (
         INSERT INTO outbox (event_type, aggregate_type, aggregate_id, payload)
         SELECT 'evaluation.due', 'program', $1::text,
                jsonb_build_object('programId', $1::text, 'openSheets', o.sheets, 'dueAt', p.rules->'evaluation'->>'dueAt',
                                   'recipients', jsonb_build_array(o.evaluator_user_id))
           FROM open o CROSS JOIN programs p WHERE p.id = $1 RETURNING 1)
       SELECT count(*)::int AS n FROM ins`,
      [programId],
    );
    return rows[0].n;
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.warn(`queue connection: ${error.message}`);
  }
}
