import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { APP_CONFIG, AppConfig } from '@app/config';
import { QUEUES, ReminderJob } from '@app/queue';

export const AGREEMENT_SWEEP = 'agreement-deadlines';
export const evaluationDueScheduler = (programId: string) => `evaluation-due:${programId}`;

/**
 * One BullMQ job scheduler per deadline, keyed by what it reminds of: upserting with the same
 * id moves a changed deadline instead of adding a second schedule.
 */
@Injectable()
export class ReminderScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(ReminderScheduler.name);

  constructor(
    @InjectQueue(QUEUES.REMINDERS) private readonly reminders: Queue<ReminderJob>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    reminders.on('error', () => undefined);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.reminders
      .upsertJobScheduler(
        AGREEMENT_SWEEP,
        { every: this.config.AGREEMENT_SWEEP_MS },
        { name: AGREEMENT_SWEEP, data: { kind: AGREEMENT_SWEEP, subjectId: 'all' } },
      )
      .catch((error: Error) =>
        this.logger.warn(`agreement sweep not scheduled yet: ${error.message}`),
      );
  }

  /** Daily reminders from REMINDER_LEAD_MS before the due date until it; none once it passed. */
  async syncEvaluationDue(
    programId: string,
    dueAt: string | null,
    now = Date.now(),
  ): Promise<'scheduled' | 'removed'> {
    const id = evaluationDueScheduler(programId);
    const due = dueAt ? Date.parse(dueAt) : Number.NaN;
    if (Number.isNaN(due) || due <= now) {
      await this.reminders.removeJobScheduler(id);
      return 'removed';
    }
    await this.reminders.upsertJobScheduler(
      id,
      {
        every: this.config.REMINDER_EVERY_MS,
        startDate: Math.max(now, due - this.config.REMINDER_LEAD_MS),
        endDate: due,
      },
      { name: 'evaluation-due', data: { kind: 'evaluation-due', subjectId: programId } },
    );
    return 'scheduled';
  }
}
