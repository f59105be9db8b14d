import { reminderDay, reminderFor } from './reminder.policy';

describe('evaluation reminders', () => {
  const due = new Date('2021-04-30T18:00:00+09:00');

  it('starts leadDays before the due date and goes on while sheets are open', () => {
    expect(reminderFor(due, new Date('2021-04-27T17:59:59+09:00'), 3)).toEqual({
      remind: false,
      overdue: false,
    });
    expect(reminderFor(due, new Date('2021-04-27T18:00:00+09:00'), 3)).toEqual({
      remind: true,
      overdue: false,
    });
    expect(reminderFor(due, new Date('2021-04-30T18:00:00+09:00'), 3)).toEqual({
      remind: true,
      overdue: true,
    });
    expect(reminderFor(due, new Date('2021-05-10T09:00:00+09:00'), 3)).toEqual({
      remind: true,
      overdue: true,
    });
  });

  it('counts days in Korean time', () => {
    expect(reminderDay(new Date('2021-04-29T14:59:59Z'))).toBe('2021-04-29');
    expect(reminderDay(new Date('2021-04-29T15:00:00Z'))).toBe('2021-04-30');
  });
});
