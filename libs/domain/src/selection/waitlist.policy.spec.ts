import {
  announcesMove,
  PositionChange,
  renumberWaitlist,
  WAITLIST_NOTICE_WITHIN,
  WaitlistEntry,
} from './waitlist.policy';

const entry = (
  id: string,
  final: number,
  position: number | null,
  over: Partial<WaitlistEntry> = {},
): WaitlistEntry => ({
  applicationId: id,
  category: 'PURCHASE',
  finalScore: final,
  baseScore: final,
  submittedAt: '2021-03-10T00:00:00.000Z',
  position,
  inLine: true,
  ...over,
});

const positions = (entries: WaitlistEntry[]) => {
  const changes = new Map(renumberWaitlist(entries).map((c) => [c.applicationId, c.to]));
  return Object.fromEntries(
    entries.map((e) => [
      e.applicationId,
      changes.has(e.applicationId) ? changes.get(e.applicationId) : e.position,
    ]),
  );
};

describe('waitlist policy', () => {
  it('closes the gap a promotion leaves: 2, 3, 4 become 1, 2, 3', () => {
    const line = [entry('b', 80, 2), entry('c', 70, 3), entry('d', 60, 4)];
    expect(renumberWaitlist(line)).toEqual([
      { applicationId: 'b', category: 'PURCHASE', from: 2, to: 1 },
      { applicationId: 'c', category: 'PURCHASE', from: 3, to: 2 },
      { applicationId: 'd', category: 'PURCHASE', from: 4, to: 3 },
    ]);
  });

  it('closes a gap in the middle (a withdrawal) and leaves those before it alone', () => {
    const line = [entry('a', 90, 1), entry('b', 80, 2), entry('d', 60, 4), entry('e', 50, 5)];
    expect(renumberWaitlist(line)).toEqual([
      { applicationId: 'd', category: 'PURCHASE', from: 4, to: 3 },
      { applicationId: 'e', category: 'PURCHASE', from: 5, to: 4 },
    ]);
  });

  it('changes nothing when the positions already read 1..k', () => {
    expect(renumberWaitlist([entry('a', 90, 1), entry('b', 80, 2)])).toEqual([]);
    expect(renumberWaitlist([])).toEqual([]);
  });

  it('numbers by rank (final, base, submission, id), whatever order the rows come in', () => {
    const line = [
      entry('late', 80, 9, { submittedAt: '2021-03-11T00:00:00.000Z' }),
      entry('z', 80, 9),
      entry('y', 80, 9),
      entry('lowBase', 85, 9, { baseScore: 70 }),
      entry('highBase', 85, 9, { baseScore: 84 }),
      entry('top', 99, 9),
    ];
    expect(positions(line)).toEqual({
      top: 1,
      highBase: 2,
      lowBase: 3,
      y: 4,
      z: 5,
      late: 6,
    });
  });

  it('numbers each category on its own', () => {
    const line = [
      entry('p1', 90, 2),
      entry('a1', 95, 3, { category: 'AI_PROCESSING' }),
      entry('p2', 80, 3),
      entry('a2', 85, 4, { category: 'AI_PROCESSING' }),
    ];
    expect(positions(line)).toEqual({ p1: 1, p2: 2, a1: 1, a2: 2 });
    // Categories in code order, ranks within each.
    expect(renumberWaitlist(line).map((c) => c.applicationId)).toEqual(['a1', 'a2', 'p1', 'p2']);
  });

  it('takes a waiter that can never be promoted out of the line: no position, none behind it skipped', () => {
    const line = [entry('a', 90, 1, { inLine: false }), entry('b', 80, 2), entry('c', 70, 3)];
    expect(renumberWaitlist(line)).toEqual([
      { applicationId: 'a', category: 'PURCHASE', from: 1, to: null },
      { applicationId: 'b', category: 'PURCHASE', from: 2, to: 1 },
      { applicationId: 'c', category: 'PURCHASE', from: 3, to: 2 },
    ]);
    // Once out, it stays out without a change.
    expect(renumberWaitlist([entry('a', 90, null, { inLine: false }), entry('b', 80, 1)])).toEqual(
      [],
    );
  });

  it(`tells an applicant only when it moved up to within the first ${WAITLIST_NOTICE_WITHIN}`, () => {
    const change = (from: number | null, to: number | null): PositionChange => ({
      applicationId: 'x',
      category: 'PURCHASE',
      from,
      to,
    });
    expect(announcesMove(change(4, 3))).toBe(true);
    expect(announcesMove(change(2, 1))).toBe(true);
    expect(announcesMove(change(WAITLIST_NOTICE_WITHIN + 1, WAITLIST_NOTICE_WITHIN))).toBe(true);
    expect(announcesMove(change(WAITLIST_NOTICE_WITHIN + 2, WAITLIST_NOTICE_WITHIN + 1))).toBe(
      false,
    );
    expect(announcesMove(change(480, 479))).toBe(false);
    // Unchanged, moved back, out of the line, or never numbered: nothing to announce.
    expect(announcesMove(change(3, 3))).toBe(false);
    expect(announcesMove(change(3, 4))).toBe(false);
    expect(announcesMove(change(3, null))).toBe(false);
    expect(announcesMove(change(null, 1))).toBe(false);
  });
});
