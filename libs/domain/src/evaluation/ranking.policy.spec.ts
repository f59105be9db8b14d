import { compareRank, rankApplications, RankInput, rankingHash } from './ranking.policy';

const entry = (
  id: string,
  finalCents: number,
  baseCents: number,
  submittedAtUs = 1n,
  category = 'AI',
  track = 'GENERAL',
): RankInput => ({
  applicationId: id,
  category,
  track,
  baseCents,
  finalCents,
  submittedAtUs,
});

describe('ranking', () => {
  it('orders by final, then base, then earlier submission, then id', () => {
    const input = [
      entry('e', 8000, 8000, 5n),
      entry('d', 8000, 7900, 1n), // same final, lower base
      entry('c', 8100, 8000, 9n), // highest final
      entry('b', 8000, 8000, 4n), // same final and base as e, earlier
      entry('a', 8000, 8000, 4n), // same as b, smaller id
    ];
    const [group] = rankApplications(input);
    expect(group.entries.map((e) => [e.applicationId, e.rank])).toEqual([
      ['c', 1],
      ['a', 2],
      ['b', 3],
      ['e', 4],
      ['d', 5],
    ]);
  });

  it('compares submissions at microsecond precision', () => {
    expect(compareRank(entry('b', 1, 1, 1_000_001n), entry('a', 1, 1, 1_000_002n))).toBeLessThan(0);
  });

  it('ranks each category and track on its own', () => {
    const groups = rankApplications([
      entry('x', 5000, 5000, 1n, 'PURCHASE'),
      entry('y', 9000, 9000, 1n, 'AI', 'SOCIAL_ISSUE'),
      entry('z', 7000, 7000, 1n, 'AI'),
      entry('w', 8000, 8000, 1n, 'AI'),
    ]);
    expect(
      groups.map((g) => [g.category, g.track, g.entries.map((e) => `${e.applicationId}${e.rank}`)]),
    ).toEqual([
      ['AI', 'GENERAL', ['w1', 'z2']],
      ['AI', 'SOCIAL_ISSUE', ['y1']],
      ['PURCHASE', 'GENERAL', ['x1']],
    ]);
  });

  it('ranks all-equal scores by submission and id, and a single application first', () => {
    const [group] = rankApplications([
      entry('b', 7000, 7000, 2n),
      entry('c', 7000, 7000, 1n),
      entry('a', 7000, 7000, 2n),
    ]);
    expect(group.entries.map((e) => e.applicationId)).toEqual(['c', 'a', 'b']);
    expect(rankApplications([entry('only', 1, 1)])[0].entries[0].rank).toBe(1);
  });

  it('is reproducible whatever the input order, and the hash shows it', () => {
    const input = [
      entry('a', 8000, 8000, 2n),
      entry('b', 8100, 7000, 1n),
      entry('c', 8000, 8000, 1n),
    ];
    const one = rankApplications(input);
    const two = rankApplications([...input].reverse());
    expect(two).toEqual(one);
    expect(one[0].rankingHash).toMatch(/^[0-9a-f]{64}$/);
    expect(one[0].rankingHash).toBe(
      rankingHash([
        { applicationId: 'b', baseCents: 7000, finalCents: 8100 },
        { applicationId: 'c', baseCents: 8000, finalCents: 8000 },
        { applicationId: 'a', baseCents: 8000, finalCents: 8000 },
      ]),
    );
    const changed = rankApplications([
      entry('a', 8000, 8000, 2n),
      entry('b', 8100, 7000, 1n),
      entry('c', 8000, 7999, 1n),
    ]);
    expect(changed[0].rankingHash).not.toBe(one[0].rankingHash);
  });
});
