import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { Job } from 'bullmq';
import { AssignmentService, AwardService } from '@app/domain';
import { QUEUES, ReminderJob } from '@app/queue';
import { workerOptions } from '../worker-options';
import { AGREEMENT_SWEEP } from './reminder-scheduler.service';

/** Runs scheduled reminders: evaluation due dates and the agreement deadline sweep. */
@Processor(QUEUES.REMINDERS, workerOptions(1))
export class RemindersProcessor extends WorkerHost {
  private readonly logger = new Logger(RemindersProcessor.name);

  constructor(
    private readonly assignments: AssignmentService,
    private readonly awards: AwardService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async process(job: Job<ReminderJob>): Promise<number> {
    if (job.data.kind === AGREEMENT_SWEEP) return this.awards.cancelOverdue();
    if (job.data.kind === 'evaluation-due') return this.remindEvaluators(job.data.subjectId);
    this.logger.warn({ kind: job.data.kind }, 'unknown reminder');
    return 0;
  }

  /**
   * One `evaluation.due` event per evaluator with open sheets, at most once a day (the
   * evaluation module keeps that rule and the record of who was reminded).
   */
  async remindEvaluators(programId: string): Promise<number> {
    const leadDays = Math.ceil(this.config.REMINDER_LEAD_MS / 86_400_000);
    return (await this.assignments.sendDueReminders({ programId, leadDays })).reminded;
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.warn(`queue connection: ${error.message}`);
  }
}
