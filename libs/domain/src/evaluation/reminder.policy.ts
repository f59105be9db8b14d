/**
 * Evaluation due reminders: an evaluator with open sheets in a program is reminded once a day
 * from `leadDays` before the program's evaluation due date on, and every day after it while
 * sheets stay open (then marked overdue). "Once a day" is the Korean calendar day, so a job
 * that runs twice on a day, or on two workers, reminds once.
 */

const KST_OFFSET_MS = 9 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The calendar day (YYYY-MM-DD) in Korea at `now`. */
export function reminderDay(now: Date): string {
  return new Date(now.getTime() + KST_OFFSET_MS).toISOString().slice(0, 10);
}

export interface ReminderDecision {
  remind: boolean;
  overdue: boolean;
}

export function reminderFor(dueAt: Date, now: Date, leadDays: number): ReminderDecision {
  const remind = now.getTime() >= dueAt.getTime() - leadDays * DAY_MS;
  return { remind, overdue: remind && now.getTime() >= dueAt.getTime() };
}
