import type { CategoryRuleDto, QuotaDto, SpecialPoolDto } from '../program/program-rules.dto';
import {
  Candidate,
  compareCandidates,
  Decision,
  hashOf,
  inputHashOf,
  outputHashOf,
  quotaSeats,
  select,
  SelectionInput,
  SelectionResult,
} from './selection.policy';

/*
 * Every expected outcome below is worked out by hand from the documented algorithm; the comment
 * above each expectation shows the walk. Scores are chosen so that the rank order is obvious
 * (final desc), and grants are small round numbers unless the formatting of money is the point.
 */

// ---------------------------------------------------------------------------------------------
// Builders
// ---------------------------------------------------------------------------------------------

const T0 = Date.parse('2023-03-01T09:00:00.000Z');
/** A submission `minutes` after T0, in the ISO form the service produces (toISOString). */
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

/** A general-track SME candidate in AI scoring `final` (base = final unless overridden). */
const cand = (id: string, final: number, over: Partial<Candidate> = {}): Candidate => ({
  applicationId: id,
  category: 'AI',
  track: 'GENERAL',
  socialIssue: null,
  generalTrackAllowed: true,
  grantKrw: 10,
  baseScore: final,
  finalScore: final,
  submittedAt: at(0),
  quotaCodes: [],
  ...over,
});
/** A social-issue SME: may fall back to its category. */
const socialSme = (id: string, final: number, issue: string, over: Partial<Candidate> = {}) =>
  cand(id, final, { track: 'SOCIAL_ISSUE', socialIssue: issue, ...over });
/** A social-issue institution: may not use the general track. */
const institution = (id: string, final: number, issue: string, over: Partial<Candidate> = {}) =>
  socialSme(id, final, issue, { generalTrackAllowed: false, ...over });
/** Shorthands for quota-eligible candidates. */
const R = { quotaCodes: ['REGIONAL'] };
const Y = { quotaCodes: ['YOUTH'] };
const RY = { quotaCodes: ['REGIONAL', 'YOUTH'] };

const categoryRule = (code: string, slots: number): CategoryRuleDto => ({
  code,
  name: code,
  slots,
  maxGrantKrw: 100_000_000,
});

// The 2023 shape: at least 40 % outside the capital region, 30 % youth-led companies.
const REGIONAL: QuotaDto = {
  code: 'REGIONAL',
  share: 0.4,
  rule: { type: 'NON_CAPITAL_REGION', capitalRegions: ['SEOUL', 'GYEONGGI', 'INCHEON'] },
};
const YOUTH: QuotaDto = {
  code: 'YOUTH',
  share: 0.3,
  rule: { type: 'YOUTH_CEO', minAge: 19, maxAge: 39 },
};
const SOCIAL_POOL: SpecialPoolDto = {
  code: 'SOCIAL_ISSUE',
  name: '사회현안 긴급지원',
  budgetKrw: 5_000_000_000,
  companyTypes: ['SME', 'UNIVERSITY', 'HOSPITAL', 'PUBLIC_RESEARCH'],
  issues: ['COVID19', 'CARBON_NEUTRALITY'],
};
const DISASTER_POOL: SpecialPoolDto = {
  code: 'DISASTER',
  name: '재난 대응',
  budgetKrw: 1_000_000_000,
  companyTypes: ['SME'],
  issues: ['FLOODS'],
};

const PLENTY = 1_000_000_000;

interface Setup {
  categories?: CategoryRuleDto[];
  quotas?: QuotaDto[];
  specialPools?: SpecialPoolDto[];
  cutoff?: number;
  poolKrw?: number;
  /** Per category overrides; by default a category has all its slots free and plenty of money. */
  free?: Record<string, Partial<{ krw: number; seats: number }>>;
  /** Per special pool money; PLENTY by default. */
  specialKrw?: Record<string, number>;
}

/** One AI category with 10 slots, no quotas, no special pool, cut-off 60, plenty of money. */
function setup(candidates: Candidate[], s: Setup = {}): SelectionInput {
  const categories = s.categories ?? [categoryRule('AI', 10)];
  const specialPools = s.specialPools ?? [];
  return {
    rules: {
      categories,
      specialPools,
      quotas: s.quotas ?? [],
      evaluation: { cutoffScore: s.cutoff ?? 60 },
    },
    availability: {
      poolKrw: s.poolKrw ?? PLENTY,
      categories: Object.fromEntries(
        categories.map((c) => [c.code, { krw: PLENTY, seats: c.slots, ...s.free?.[c.code] }]),
      ),
      specialPools: Object.fromEntries(
        specialPools.map((p) => [p.code, s.specialKrw?.[p.code] ?? PLENTY]),
      ),
    },
    candidates,
  };
}

function decisionOf(r: SelectionResult, id: string): Decision {
  const d = r.decisions.find((x) => x.applicationId === id);
  if (!d) throw new Error(`no decision for ${id}`);
  return d;
}
/** Ids with this outcome, in rank order (decisions come ranked). */
const idsWith = (r: SelectionResult, outcome: Decision['outcome'], category?: string) =>
  r.decisions
    .filter((d) => d.outcome === outcome && (!category || d.category === category))
    .map((d) => d.applicationId);
/** The waitlist of a category, by position. */
const waitlistOf = (r: SelectionResult, category = 'AI') =>
  r.decisions
    .filter((d) => d.outcome === 'WAITLISTED' && d.category === category)
    .sort((a, b) => (a.waitlistPosition ?? 0) - (b.waitlistPosition ?? 0))
    .map((d) => [d.applicationId, d.waitlistPosition]);
/** Selected ids with the quota seat they took (null: a general seat). */
const quotaSeatsTaken = (r: SelectionResult) =>
  Object.fromEntries(
    r.decisions.filter((d) => d.outcome === 'SELECTED').map((d) => [d.applicationId, d.quotaCode]),
  );
function summaryOf(r: SelectionResult, code = 'AI') {
  const s = r.categories.find((c) => c.code === code);
  if (!s) throw new Error(`no summary for ${code}`);
  return s;
}
const sumGrants = (ds: Decision[]) => ds.reduce((n, d) => n + d.grantKrw, 0);

// A seeded PRNG, so the "random" inputs are the same on every run.
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const intIn = (rnd: () => number, lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[intIn(rnd, 0, xs.length - 1)];
function shuffled<T>(xs: readonly T[], rnd: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = intIn(rnd, 0, i);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Ranking helpers
// ---------------------------------------------------------------------------------------------

describe('compareCandidates', () => {
  it('orders by final desc, then base desc, then earlier submission, then id', () => {
    const list = [
      cand('e', 80, { baseScore: 80, submittedAt: at(1) }),
      cand('d', 80, { baseScore: 80, submittedAt: at(1) }), // same as e but smaller id
      cand('c', 80, { baseScore: 80, submittedAt: at(0) }), // earlier submission
      cand('b', 80, { baseScore: 78 }), // same final, lower base (2 bonus points)
      cand('a', 79),
      cand('f', 81, { baseScore: 60 }), // highest final wins even with a lower base
    ];
    expect([...list].sort(compareCandidates).map((c) => c.applicationId)).toEqual([
      'f',
      'c',
      'd',
      'e',
      'b',
      'a',
    ]);
  });

  it('is a total order: 0 only for the same id', () => {
    const a = cand('a', 80);
    expect(compareCandidates(a, { ...a })).toBe(0);
    expect(compareCandidates(a, cand('b', 80))).toBeLessThan(0);
    expect(compareCandidates(cand('b', 80), a)).toBeGreaterThan(0);
  });
});

describe('quotaSeats', () => {
  it('is floor(slots × share)', () => {
    expect(quotaSeats(10, 0.4)).toBe(4);
    expect(quotaSeats(10, 0.3)).toBe(3);
    expect(quotaSeats(7, 0.4)).toBe(2); // 2.8
    expect(quotaSeats(5, 0.3)).toBe(1); // 1.5
    expect(quotaSeats(3, 0.3)).toBe(0); // 0.9
    expect(quotaSeats(5, 1)).toBe(5);
    expect(quotaSeats(0, 0.4)).toBe(0);
  });

  it('does not lose a seat to floating point', () => {
    // 100 × 0.29 is 28.999999999999996 in floating point; the quota is 29 seats.
    expect(100 * 0.29).toBeLessThan(29);
    expect(quotaSeats(100, 0.29)).toBe(29);
    expect(quotaSeats(1000, 0.07)).toBe(70); // 70.00000000000001
    expect(quotaSeats(760, 0.4)).toBe(304); // 2023 PURCHASE
    expect(quotaSeats(1000, 0.3)).toBe(300); // 2023 AI, youth
  });
});

describe('hashOf', () => {
  it('is a sha-256 hex digest that ignores key order but not array order', () => {
    expect(hashOf({ a: 1, b: [1, 2] })).toMatch(/^[0-9a-f]{64}$/);
    expect(hashOf({ a: 1, b: [1, 2] })).toBe(hashOf({ b: [1, 2], a: 1 }));
    expect(hashOf({ a: 1, b: [1, 2] })).not.toBe(hashOf({ a: 1, b: [2, 1] }));
    expect(hashOf({ a: 1 })).not.toBe(hashOf({ a: 2 }));
    expect(hashOf({ a: null })).not.toBe(hashOf({ a: 'null' }));
  });
});

// ---------------------------------------------------------------------------------------------
// select
// ---------------------------------------------------------------------------------------------

describe('select', () => {
  describe('the plain walk down the ranking', () => {
    it('selects by rank until the slots run out and waitlists the rest, with reasons', () => {
      // 3 slots; given out of order. Ranked: a 90, b 85, c 80, d 75 → a, b, c selected, d waits.
      const r = select(
        setup([cand('c', 80), cand('a', 90), cand('d', 75), cand('b', 85)], {
          categories: [categoryRule('AI', 3)],
        }),
      );
      expect(r.decisions.map((d) => d.applicationId)).toEqual(['a', 'b', 'c', 'd']);
      expect(decisionOf(r, 'a')).toEqual({
        applicationId: 'a',
        outcome: 'SELECTED',
        category: 'AI',
        track: 'GENERAL',
        rank: 1,
        accountCode: 'AI',
        grantKrw: 10,
        quotaCode: null,
        waitlistPosition: null,
        reason: 'selected: rank 1 in AI',
      });
      expect(decisionOf(r, 'b').reason).toBe('selected: rank 2 in AI');
      expect(decisionOf(r, 'c').reason).toBe('selected: rank 3 in AI');
      expect(decisionOf(r, 'd')).toEqual({
        applicationId: 'd',
        outcome: 'WAITLISTED',
        category: 'AI',
        track: 'GENERAL',
        rank: 4,
        accountCode: null,
        grantKrw: 10,
        quotaCode: null,
        waitlistPosition: 1,
        reason: 'waitlisted: slots exhausted (3/3)',
      });
      expect(r.categories).toEqual([
        {
          code: 'AI',
          slots: 3,
          seatsAvailable: 3,
          selected: 3,
          waitlisted: 1,
          rejected: 0,
          reservedKrw: 30,
          quotas: [],
        },
      ]);
      expect(r.pool).toEqual({ availableKrw: PLENTY, reservedKrw: 30, remainingKrw: PLENTY - 30 });
      expect(r.specialPools).toEqual([]);
    });

    it('ranks and waitlists per category', () => {
      // PURCHASE 1 slot, AI 2 slots. PURCHASE: p1 selected, p2 waits 1st, p3 waits 2nd.
      // AI: a1, a2 selected, a3 waits 1st. Positions restart at 1 in each category.
      const r = select(
        setup(
          [
            cand('p1', 70, { category: 'PURCHASE' }),
            cand('p2', 69, { category: 'PURCHASE' }),
            cand('p3', 68, { category: 'PURCHASE' }),
            cand('a1', 95),
            cand('a2', 94),
            cand('a3', 93),
          ],
          { categories: [categoryRule('PURCHASE', 1), categoryRule('AI', 2)] },
        ),
      );
      expect(decisionOf(r, 'p1')).toMatchObject({
        rank: 1,
        reason: 'selected: rank 1 in PURCHASE',
      });
      expect(decisionOf(r, 'a1')).toMatchObject({ rank: 1, reason: 'selected: rank 1 in AI' });
      expect(waitlistOf(r, 'PURCHASE')).toEqual([
        ['p2', 1],
        ['p3', 2],
      ]);
      expect(waitlistOf(r, 'AI')).toEqual([['a3', 1]]);
      expect(decisionOf(r, 'p3').reason).toBe('waitlisted: slots exhausted (1/1)');
      expect(r.categories.map((c) => [c.code, c.selected, c.waitlisted])).toEqual([
        ['PURCHASE', 1, 2],
        ['AI', 2, 1],
      ]);
    });

    it('gives an empty result for no candidates', () => {
      const r = select(setup([], { quotas: [REGIONAL] }));
      expect(r.decisions).toEqual([]);
      expect(summaryOf(r)).toMatchObject({
        selected: 0,
        waitlisted: 0,
        rejected: 0,
        reservedKrw: 0,
      });
      expect(summaryOf(r).quotas).toEqual([{ code: 'REGIONAL', seats: 4, filled: 0 }]);
      expect(r.pool).toEqual({ availableKrw: PLENTY, reservedKrw: 0, remainingKrw: PLENTY });
      expect(r.outputHash).toBe(outputHashOf([]));
    });
  });

  describe('the cut-off', () => {
    it('rejects a base below the cut-off, whatever the bonuses do for the final score', () => {
      // cut-off 60, 1 slot. Ranked by final: low (final 99, base 57) 1, mid 70 2,
      // frac (final 62.5, base 59.5) 3, edge (base exactly 60) 4.
      // low and frac are below the cut-off → REJECTED; mid takes the slot; edge waits 1st
      // (rejected candidates take no waitlist position).
      const r = select(
        setup(
          [
            cand('low', 99, { baseScore: 57, ...R }),
            cand('mid', 70),
            cand('frac', 62.5, { baseScore: 59.5 }),
            cand('edge', 60),
          ],
          { categories: [categoryRule('AI', 1)], quotas: [REGIONAL] },
        ),
      );
      expect(decisionOf(r, 'low')).toEqual({
        applicationId: 'low',
        outcome: 'REJECTED',
        category: 'AI',
        track: 'GENERAL',
        rank: 1,
        accountCode: null,
        grantKrw: 10,
        quotaCode: null,
        waitlistPosition: null,
        reason: 'rejected: base 57.00 < cut-off 60',
      });
      expect(decisionOf(r, 'frac')).toMatchObject({
        outcome: 'REJECTED',
        reason: 'rejected: base 59.50 < cut-off 60',
      });
      // The rank counts every candidate of the category, the rejected ones too.
      expect(decisionOf(r, 'mid')).toMatchObject({
        outcome: 'SELECTED',
        rank: 2,
        reason: 'selected: rank 2 in AI',
      });
      expect(decisionOf(r, 'edge')).toMatchObject({
        outcome: 'WAITLISTED',
        rank: 4,
        waitlistPosition: 1,
      });
      // slots 1 × 0.4 = 0 regional seats; the rejected regional candidate fills nothing.
      expect(summaryOf(r)).toMatchObject({ selected: 1, waitlisted: 1, rejected: 2 });
      expect(summaryOf(r).quotas).toEqual([{ code: 'REGIONAL', seats: 0, filled: 0 }]);
    });

    it('rejects below the cut-off even when seats and money are left, and for social issues too', () => {
      const r = select(
        setup(
          [
            cand('g', 59.99, { finalScore: 62.99 }),
            institution('i', 55, 'COVID19', { finalScore: 58 }),
          ],
          { specialPools: [SOCIAL_POOL], cutoff: 60 },
        ),
      );
      expect(idsWith(r, 'REJECTED')).toEqual(['g', 'i']);
      expect(decisionOf(r, 'g').reason).toBe('rejected: base 59.99 < cut-off 60');
      expect(decisionOf(r, 'i').reason).toBe('rejected: base 55.00 < cut-off 60');
      expect(r.specialPools).toEqual([
        { code: 'SOCIAL_ISSUE', availableKrw: PLENTY, reservedKrw: 0, selected: 0 },
      ]);
      expect(r.pool.reservedKrw).toBe(0);
    });
  });

  describe('ties at the last seat', () => {
    it('prefers the higher base when finals are equal', () => {
      // 2 slots: top 95 takes the first. x and y both final 85; y has base 84, x base 80 (+5
      // bonus) → y takes the last seat, x waits.
      const r = select(
        setup(
          [cand('top', 95), cand('x', 85, { baseScore: 80 }), cand('y', 85, { baseScore: 84 })],
          {
            categories: [categoryRule('AI', 2)],
          },
        ),
      );
      expect(idsWith(r, 'SELECTED')).toEqual(['top', 'y']);
      expect(decisionOf(r, 'y').reason).toBe('selected: rank 2 in AI');
      expect(decisionOf(r, 'x')).toMatchObject({ rank: 3, waitlistPosition: 1 });
    });

    it('prefers the earlier submission when final and base are equal', () => {
      // 'a' would win on id, but 'b' was submitted a minute earlier.
      const r = select(
        setup([cand('top', 95), cand('a', 85, { submittedAt: at(1) }), cand('b', 85)], {
          categories: [categoryRule('AI', 2)],
        }),
      );
      expect(idsWith(r, 'SELECTED')).toEqual(['top', 'b']);
      expect(decisionOf(r, 'a')).toMatchObject({
        outcome: 'WAITLISTED',
        rank: 3,
        waitlistPosition: 1,
        reason: 'waitlisted: slots exhausted (2/2)',
      });
    });

    it('prefers the smaller application id when everything else is equal', () => {
      const idA = '0c7e1a54-0000-4000-8000-00000000000a';
      const idB = '0c7e1a54-0000-4000-8000-00000000000b';
      // Given in the "wrong" order: the id decides, not the input order.
      const r = select(
        setup([cand(idB, 85), cand('top', 95), cand(idA, 85)], {
          categories: [categoryRule('AI', 2)],
        }),
      );
      expect(idsWith(r, 'SELECTED')).toEqual(['top', idA]);
      expect(decisionOf(r, idB)).toMatchObject({ rank: 3, waitlistPosition: 1 });
    });
  });

  describe('quotas', () => {
    it('overfill: only the best quota-eligible candidates take the quota seats', () => {
      // 5 slots, REGIONAL 0.4 → 2 seats. Ranked: g1 95, g2 92, g3 90, g4 88, r1 86 R, g5 84,
      // r2 82 R, r3 80 R, g6 78, r4 76 R.
      // Quota pass: r1, r2 (the two best regional). General pass, 3 seats: g1, g2, g3.
      // g4 (rank 4) waits behind the reserved seats; r3, r4 compete by rank and lose.
      const r = select(
        setup(
          [
            cand('g1', 95),
            cand('g2', 92),
            cand('g3', 90),
            cand('g4', 88),
            cand('r1', 86, R),
            cand('g5', 84),
            cand('r2', 82, R),
            cand('r3', 80, R),
            cand('g6', 78),
            cand('r4', 76, R),
          ],
          { categories: [categoryRule('AI', 5)], quotas: [REGIONAL] },
        ),
      );
      expect(quotaSeatsTaken(r)).toEqual({
        g1: null,
        g2: null,
        g3: null,
        r1: 'REGIONAL',
        r2: 'REGIONAL',
      });
      expect(decisionOf(r, 'r1').reason).toBe('selected: rank 5 in AI, regional quota');
      expect(decisionOf(r, 'r2').reason).toBe('selected: rank 7 in AI, regional quota');
      expect(decisionOf(r, 'g3').reason).toBe('selected: rank 3 in AI');
      expect(waitlistOf(r)).toEqual([
        ['g4', 1],
        ['g5', 2],
        ['r3', 3],
        ['g6', 4],
        ['r4', 5],
      ]);
      expect(decisionOf(r, 'r3').reason).toBe('waitlisted: slots exhausted (5/5)');
      expect(summaryOf(r).quotas).toEqual([{ code: 'REGIONAL', seats: 2, filled: 2 }]);
      expect(summaryOf(r).selected).toBe(5);
    });

    it('overfill: a quota-eligible candidate beyond the quota may still win a general seat on rank', () => {
      // 5 slots, 2 regional seats. Ranked: r1 96 R, g1 94, r2 92 R, g2 90, r3 88 R, g3 86,
      // r4 70 R, g4 65. Quota pass: r1, r2. General pass, 3 seats: g1, g2, r3 (on its rank,
      // no quota seat). r4 waits 2nd behind g3.
      const r = select(
        setup(
          [
            cand('r1', 96, R),
            cand('g1', 94),
            cand('r2', 92, R),
            cand('g2', 90),
            cand('r3', 88, R),
            cand('g3', 86),
            cand('r4', 70, R),
            cand('g4', 65),
          ],
          { categories: [categoryRule('AI', 5)], quotas: [REGIONAL] },
        ),
      );
      expect(quotaSeatsTaken(r)).toEqual({
        r1: 'REGIONAL',
        g1: null,
        r2: 'REGIONAL',
        g2: null,
        r3: null,
      });
      expect(decisionOf(r, 'r3').reason).toBe('selected: rank 5 in AI');
      expect(waitlistOf(r)).toEqual([
        ['g3', 1],
        ['r4', 2],
        ['g4', 3],
      ]);
      // The summary reports the fill as it ends up: three regional companies hold seats.
      expect(summaryOf(r).quotas).toEqual([{ code: 'REGIONAL', seats: 2, filled: 3 }]);
    });

    it('underfill: unfilled quota seats return to the general ranking', () => {
      // 5 slots, 2 regional seats, only one regional candidate (r1, last by rank).
      // Quota pass: r1 (filled 1 < 2). General pass gets 4 seats: g1..g4. g5, g6 wait.
      const r = select(
        setup(
          [
            cand('g1', 95),
            cand('g2', 90),
            cand('g3', 85),
            cand('g4', 80),
            cand('g5', 75),
            cand('g6', 70),
            cand('r1', 65, R),
          ],
          { categories: [categoryRule('AI', 5)], quotas: [REGIONAL] },
        ),
      );
      expect(quotaSeatsTaken(r)).toEqual({
        g1: null,
        g2: null,
        g3: null,
        g4: null,
        r1: 'REGIONAL',
      });
      expect(decisionOf(r, 'r1').reason).toBe('selected: rank 7 in AI, regional quota');
      expect(waitlistOf(r)).toEqual([
        ['g5', 1],
        ['g6', 2],
      ]);
      const s = summaryOf(r);
      expect(s.quotas).toEqual([{ code: 'REGIONAL', seats: 2, filled: 1 }]);
      expect(s.quotas[0].filled).toBeLessThan(s.quotas[0].seats);
      expect(s.selected).toBe(5);
    });

    it('underfill: with no eligible candidate at all, every seat goes by rank', () => {
      const r = select(
        setup([cand('g1', 95), cand('g2', 90), cand('g3', 85), cand('g4', 80)], {
          categories: [categoryRule('AI', 3)],
          quotas: [REGIONAL, YOUTH],
        }),
      );
      // 3 × 0.4 = 1 regional seat, 3 × 0.3 = 0 youth seats; nobody qualifies.
      expect(idsWith(r, 'SELECTED')).toEqual(['g1', 'g2', 'g3']);
      expect(summaryOf(r).quotas).toEqual([
        { code: 'REGIONAL', seats: 1, filled: 0 },
        { code: 'YOUTH', seats: 0, filled: 0 },
      ]);
    });

    it('overlapping quotas: a candidate meeting both counts for both', () => {
      // 10 slots: REGIONAL 0.4 → 4 seats, YOUTH 0.3 → 3 seats.
      // Ranked: a 95, b 94 RY, c 93 Y, d 92 R, e 91, f 90, g 89, h 88, i 87, j 86, k 85,
      //         l 84 R, m 83 RY, n 82 Y, o 81 R, p 80 Y, q 79.
      // REGIONAL pass: b, d, l, m (4 seats; o is left out).
      // YOUTH pass: already selected youth = b, m → filled 2; one more seat: c.
      // General pass, 10 - 5 = 5 seats: a, e, f, g, h. i is the first to wait.
      // n and p (youth) wait: b and m already count for the youth quota.
      const r = select(
        setup(
          [
            cand('a', 95),
            cand('b', 94, RY),
            cand('c', 93, Y),
            cand('d', 92, R),
            cand('e', 91),
            cand('f', 90),
            cand('g', 89),
            cand('h', 88),
            cand('i', 87),
            cand('j', 86),
            cand('k', 85),
            cand('l', 84, R),
            cand('m', 83, RY),
            cand('n', 82, Y),
            cand('o', 81, R),
            cand('p', 80, Y),
            cand('q', 79),
          ],
          { quotas: [REGIONAL, YOUTH] },
        ),
      );
      expect(quotaSeatsTaken(r)).toEqual({
        a: null,
        b: 'REGIONAL',
        c: 'YOUTH',
        d: 'REGIONAL',
        e: null,
        f: null,
        g: null,
        h: null,
        l: 'REGIONAL',
        m: 'REGIONAL',
      });
      expect(decisionOf(r, 'b').reason).toBe('selected: rank 2 in AI, regional quota');
      expect(decisionOf(r, 'c').reason).toBe('selected: rank 3 in AI, youth quota');
      expect(decisionOf(r, 'm').reason).toBe('selected: rank 13 in AI, regional quota');
      expect(decisionOf(r, 'h').reason).toBe('selected: rank 8 in AI');
      expect(waitlistOf(r)).toEqual([
        ['i', 1],
        ['j', 2],
        ['k', 3],
        ['n', 4],
        ['o', 5],
        ['p', 6],
        ['q', 7],
      ]);
      expect(summaryOf(r)).toMatchObject({
        slots: 10,
        seatsAvailable: 10,
        selected: 10,
        waitlisted: 7,
        quotas: [
          { code: 'REGIONAL', seats: 4, filled: 4 },
          { code: 'YOUTH', seats: 3, filled: 3 },
        ],
      });
    });

    it('overlapping quotas: the later quota takes nobody when the earlier one already filled it', () => {
      // 10 slots, 4 regional + 3 youth seats. x1..x4 are regional AND youth, ranked 7-10.
      // REGIONAL pass: x1..x4. YOUTH: already 4 ≥ 3 → no youth seat is taken, y1 is not
      // pulled up. General pass, 6 seats: g1..g6. y1 waits 1st, g7 2nd.
      const r = select(
        setup(
          [
            ...[99, 98, 97, 96, 95, 94].map((f, i) => cand(`g${i + 1}`, f)),
            ...[70, 69, 68, 67].map((f, i) => cand(`x${i + 1}`, f, RY)),
            cand('y1', 66, Y),
            cand('g7', 65),
          ],
          { quotas: [REGIONAL, YOUTH] },
        ),
      );
      expect(idsWith(r, 'SELECTED')).toEqual([
        'g1',
        'g2',
        'g3',
        'g4',
        'g5',
        'g6',
        'x1',
        'x2',
        'x3',
        'x4',
      ]);
      expect(r.decisions.filter((d) => d.quotaCode === 'YOUTH')).toEqual([]);
      expect(waitlistOf(r)).toEqual([
        ['y1', 1],
        ['g7', 2],
      ]);
      expect(summaryOf(r).quotas).toEqual([
        { code: 'REGIONAL', seats: 4, filled: 4 },
        { code: 'YOUTH', seats: 3, filled: 4 },
      ]);
    });

    it('never lets the quota seats exceed the seats available', () => {
      // 10 slots but only 2 seats free: the regional quota (4 seats) takes r1, r2, then stops.
      const r = select(
        setup([cand('g1', 95), cand('r1', 80, R), cand('r2', 75, R), cand('r3', 70, R)], {
          quotas: [REGIONAL],
          free: { AI: { seats: 2 } },
        }),
      );
      expect(quotaSeatsTaken(r)).toEqual({ r1: 'REGIONAL', r2: 'REGIONAL' });
      expect(waitlistOf(r)).toEqual([
        ['g1', 1],
        ['r3', 2],
      ]);
      expect(decisionOf(r, 'g1').reason).toBe('waitlisted: slots exhausted (10/10)');
      expect(summaryOf(r)).toMatchObject({ slots: 10, seatsAvailable: 2, selected: 2 });
      expect(summaryOf(r).quotas).toEqual([{ code: 'REGIONAL', seats: 4, filled: 2 }]);
    });
  });

  describe('money', () => {
    it('stops at the first candidate the pool cannot pay for; nobody cheaper lower down is selected', () => {
      // Pool 100M. a 40M → 60M left; b 40M → 20M left; c needs 30M → the pass stops.
      // d (10M) and e (5M) would fit, but they rank below c: they wait too.
      const M = 1_000_000;
      const r = select(
        setup(
          [
            cand('a', 90, { grantKrw: 40 * M }),
            cand('b', 85, { grantKrw: 40 * M }),
            cand('c', 80, { grantKrw: 30 * M }),
            cand('d', 75, { grantKrw: 10 * M }),
            cand('e', 70, { grantKrw: 5 * M }),
          ],
          { poolKrw: 100 * M },
        ),
      );
      expect(idsWith(r, 'SELECTED')).toEqual(['a', 'b']);
      expect(waitlistOf(r)).toEqual([
        ['c', 1],
        ['d', 2],
        ['e', 3],
      ]);
      for (const id of ['c', 'd', 'e']) {
        expect(decisionOf(r, id).reason).toBe(
          'waitlisted: pool exhausted (20,000,000 KRW left, grant 30,000,000 KRW)',
        );
      }
      expect(r.pool).toEqual({ availableKrw: 100 * M, reservedKrw: 80 * M, remainingKrw: 20 * M });
      expect(summaryOf(r)).toMatchObject({ selected: 2, waitlisted: 3, reservedKrw: 80 * M });
    });

    it('shares the pool across categories in rule-set order', () => {
      // Pool 100. PURCHASE comes first in the rules: p1 (60) → 40 left. AI: a1 needs 50 →
      // stops; a2 (30) would fit but ranks below a1.
      const candidates = [
        cand('p1', 70, { category: 'PURCHASE', grantKrw: 60 }),
        cand('a1', 95, { grantKrw: 50 }),
        cand('a2', 90, { grantKrw: 30 }),
      ];
      const purchaseFirst = select(
        setup(candidates, {
          categories: [categoryRule('PURCHASE', 5), categoryRule('AI', 5)],
          poolKrw: 100,
        }),
      );
      expect(idsWith(purchaseFirst, 'SELECTED')).toEqual(['p1']);
      expect(decisionOf(purchaseFirst, 'a1').reason).toBe(
        'waitlisted: pool exhausted (40 KRW left, grant 50 KRW)',
      );
      expect(decisionOf(purchaseFirst, 'a2')).toMatchObject({
        outcome: 'WAITLISTED',
        waitlistPosition: 2,
        reason: 'waitlisted: pool exhausted (40 KRW left, grant 50 KRW)',
      });
      // AI first: a1 (50) → 50 left, a2 (30) → 20 left, p1 needs 60 → waits.
      const aiFirst = select(
        setup(candidates, {
          categories: [categoryRule('AI', 5), categoryRule('PURCHASE', 5)],
          poolKrw: 100,
        }),
      );
      expect(idsWith(aiFirst, 'SELECTED')).toEqual(['a1', 'a2']);
      expect(decisionOf(aiFirst, 'p1').reason).toBe(
        'waitlisted: pool exhausted (20 KRW left, grant 60 KRW)',
      );
      expect(aiFirst.pool).toEqual({ availableKrw: 100, reservedKrw: 80, remainingKrw: 20 });
    });

    it('stops at the first candidate the category envelope cannot pay for', () => {
      // AI envelope 100, PURCHASE plenty. AI: a 60 → 40 left; b needs 50 → stops; c (10) waits.
      // PURCHASE is not affected: p selected.
      const r = select(
        setup(
          [
            cand('a', 90, { grantKrw: 60 }),
            cand('b', 85, { grantKrw: 50 }),
            cand('c', 80, { grantKrw: 10 }),
            cand('p', 70, { category: 'PURCHASE', grantKrw: 60 }),
          ],
          {
            categories: [categoryRule('AI', 10), categoryRule('PURCHASE', 10)],
            free: { AI: { krw: 100 } },
          },
        ),
      );
      expect(idsWith(r, 'SELECTED')).toEqual(['a', 'p']);
      expect(waitlistOf(r)).toEqual([
        ['b', 1],
        ['c', 2],
      ]);
      expect(decisionOf(r, 'b').reason).toBe(
        'waitlisted: AI envelope exhausted (40 KRW left, grant 50 KRW)',
      );
      expect(decisionOf(r, 'c').reason).toBe(
        'waitlisted: AI envelope exhausted (40 KRW left, grant 50 KRW)',
      );
      expect(summaryOf(r, 'AI').reservedKrw).toBe(60);
      expect(summaryOf(r, 'PURCHASE').reservedKrw).toBe(60);
      expect(r.pool.reservedKrw).toBe(120);
    });

    it('uses the envelope to the last won: a grant equal to what is left fits', () => {
      // Envelope 100: a 60 → 40, b 40 → 0, c needs 1 → stops.
      const r = select(
        setup(
          [
            cand('a', 90, { grantKrw: 60 }),
            cand('b', 85, { grantKrw: 40 }),
            cand('c', 80, { grantKrw: 1 }),
          ],
          { free: { AI: { krw: 100 } } },
        ),
      );
      expect(idsWith(r, 'SELECTED')).toEqual(['a', 'b']);
      expect(decisionOf(r, 'c').reason).toBe(
        'waitlisted: AI envelope exhausted (0 KRW left, grant 1 KRW)',
      );
    });

    it('checks the envelope before the pool when both run short', () => {
      const r = select(
        setup([cand('a', 90, { grantKrw: 50 })], { poolKrw: 10, free: { AI: { krw: 20 } } }),
      );
      expect(decisionOf(r, 'a').reason).toBe(
        'waitlisted: AI envelope exhausted (20 KRW left, grant 50 KRW)',
      );
    });

    it('stops the quota pass too when the next quota candidate does not fit', () => {
      // 5 slots, 2 regional seats, envelope 100. Quota pass: r1 needs 120 > 100 → stops, so
      // r2 (10, would fit) does not jump it. General pass: g1 (30) → 70 left; r1 needs 120 →
      // stops; r2 and g2 wait behind r1.
      const r = select(
        setup(
          [
            cand('g1', 95, { grantKrw: 30 }),
            cand('r1', 90, { grantKrw: 120, ...R }),
            cand('r2', 85, { grantKrw: 10, ...R }),
            cand('g2', 80, { grantKrw: 10 }),
          ],
          { categories: [categoryRule('AI', 5)], quotas: [REGIONAL], free: { AI: { krw: 100 } } },
        ),
      );
      expect(idsWith(r, 'SELECTED')).toEqual(['g1']);
      expect(waitlistOf(r)).toEqual([
        ['r1', 1],
        ['r2', 2],
        ['g2', 3],
      ]);
      expect(decisionOf(r, 'r1').reason).toMatch(
        /^waitlisted: AI envelope exhausted \(\d+ KRW left, grant 120 KRW\)$/,
      );
      expect(decisionOf(r, 'r2').reason).toBe(
        'waitlisted: AI envelope exhausted (70 KRW left, grant 120 KRW)',
      );
      expect(summaryOf(r).quotas).toEqual([{ code: 'REGIONAL', seats: 2, filled: 0 }]);
      expect(summaryOf(r).reservedKrw).toBe(30);
    });

    it('spends on quota seats first, which can leave a better-ranked general candidate without money', () => {
      // 5 slots, 2 regional seats, envelope 100. Quota pass: r1 (50), r2 (40) → 10 left.
      // General pass: g1 needs 30 → stops; g2 (10) fits but ranks below g1.
      const r = select(
        setup(
          [
            cand('g1', 95, { grantKrw: 30 }),
            cand('r1', 90, { grantKrw: 50, ...R }),
            cand('r2', 85, { grantKrw: 40, ...R }),
            cand('g2', 80, { grantKrw: 10 }),
          ],
          { categories: [categoryRule('AI', 5)], quotas: [REGIONAL], free: { AI: { krw: 100 } } },
        ),
      );
      expect(quotaSeatsTaken(r)).toEqual({ r1: 'REGIONAL', r2: 'REGIONAL' });
      expect(decisionOf(r, 'g1').reason).toBe(
        'waitlisted: AI envelope exhausted (10 KRW left, grant 30 KRW)',
      );
      expect(waitlistOf(r)).toEqual([
        ['g1', 1],
        ['g2', 2],
      ]);
    });
  });

  describe('the social-issue special pool', () => {
    it('selects on the special account first; an SME falls back to its category, an institution waits', () => {
      // AI 2 slots, special pool 100. Ranked: s1 95 (SME, COVID19, 60), i1 92 (institution,
      // CARBON_NEUTRALITY, 50), g1 90, s2 88 (SME, COVID19, 45), g2 85, g3 80.
      // Special pass in rank order: s1 60 ≤ 100 → selected on SOCIAL_ISSUE (40 left);
      // i1 50 > 40 → institution: waits; s2 45 > 40 → SME: competes in AI.
      // AI pass (s1 holds no category seat): g1, s2 take the 2 seats; g2, g3 wait.
      const r = select(
        setup(
          [
            socialSme('s1', 95, 'COVID19', { grantKrw: 60 }),
            institution('i1', 92, 'CARBON_NEUTRALITY', { grantKrw: 50 }),
            cand('g1', 90),
            socialSme('s2', 88, 'COVID19', { grantKrw: 45 }),
            cand('g2', 85),
            cand('g3', 80),
          ],
          {
            categories: [categoryRule('AI', 2)],
            specialPools: [SOCIAL_POOL],
            specialKrw: { SOCIAL_ISSUE: 100 },
          },
        ),
      );
      expect(decisionOf(r, 's1')).toEqual({
        applicationId: 's1',
        outcome: 'SELECTED',
        category: 'AI',
        track: 'SOCIAL_ISSUE',
        rank: 1,
        accountCode: 'SOCIAL_ISSUE',
        grantKrw: 60,
        quotaCode: null,
        waitlistPosition: null,
        reason: 'selected: rank 1 in AI, special pool SOCIAL_ISSUE',
      });
      expect(decisionOf(r, 's2')).toMatchObject({
        outcome: 'SELECTED',
        track: 'SOCIAL_ISSUE',
        accountCode: 'AI',
        reason: 'selected: rank 4 in AI (social issue, from the category)',
      });
      expect(decisionOf(r, 'g1')).toMatchObject({
        accountCode: 'AI',
        reason: 'selected: rank 3 in AI',
      });
      expect(decisionOf(r, 'i1')).toMatchObject({
        outcome: 'WAITLISTED',
        accountCode: null,
        waitlistPosition: 1,
        reason: 'waitlisted: special pool SOCIAL_ISSUE exhausted (40 KRW left, grant 50 KRW)',
      });
      expect(waitlistOf(r)).toEqual([
        ['i1', 1],
        ['g2', 2],
        ['g3', 3],
      ]);
      expect(decisionOf(r, 'g2').reason).toBe('waitlisted: slots exhausted (2/2)');
      // The category account holds exactly its 2 seats; the special selection is on top.
      const onCategory = r.decisions.filter(
        (d) => d.outcome === 'SELECTED' && d.accountCode === 'AI',
      );
      expect(onCategory.map((d) => d.applicationId)).toEqual(['g1', 's2']);
      expect(r.specialPools).toEqual([
        { code: 'SOCIAL_ISSUE', availableKrw: 100, reservedKrw: 60, selected: 1 },
      ]);
      // The category summary counts the seats of its own account (2) and reserves only their
      // grants (10 + 45); the social-issue grant sits on the special pool.
      expect(summaryOf(r)).toMatchObject({ selected: 2, waitlisted: 3, reservedKrw: 55 });
      expect(r.pool.reservedKrw).toBe(60 + 55);
    });

    it('serves the special pool in rank order across categories', () => {
      // Pool 100: sA (AI, 95) ranks above sP (PURCHASE, 90), though PURCHASE comes first in the
      // rules. sA takes 60 → 40 left; sP needs 60 → falls back to PURCHASE and is selected there.
      const r = select(
        setup(
          [
            socialSme('sP', 90, 'COVID19', { category: 'PURCHASE', grantKrw: 60 }),
            socialSme('sA', 95, 'COVID19', { grantKrw: 60 }),
          ],
          {
            categories: [categoryRule('PURCHASE', 5), categoryRule('AI', 5)],
            specialPools: [SOCIAL_POOL],
            specialKrw: { SOCIAL_ISSUE: 100 },
          },
        ),
      );
      expect(decisionOf(r, 'sA')).toMatchObject({ accountCode: 'SOCIAL_ISSUE' });
      expect(decisionOf(r, 'sP')).toMatchObject({
        outcome: 'SELECTED',
        accountCode: 'PURCHASE',
        reason: 'selected: rank 1 in PURCHASE (social issue, from the category)',
      });
    });

    it('finds the pool that funds the issue, and waits when no pool funds it', () => {
      // FLOODS is funded by DISASTER only. COVID19 by SOCIAL_ISSUE. PANDEMIC_X by nobody:
      // the institution waits, the SME competes in its category.
      const r = select(
        setup(
          [
            institution('iF', 90, 'FLOODS', { grantKrw: 30 }),
            institution('iC', 89, 'COVID19', { grantKrw: 20 }),
            institution('iX', 88, 'PANDEMIC_X'),
            socialSme('sX', 87, 'PANDEMIC_X'),
          ],
          {
            specialPools: [SOCIAL_POOL, DISASTER_POOL],
            specialKrw: { SOCIAL_ISSUE: 50, DISASTER: 50 },
          },
        ),
      );
      expect(decisionOf(r, 'iF')).toMatchObject({ outcome: 'SELECTED', accountCode: 'DISASTER' });
      expect(decisionOf(r, 'iC')).toMatchObject({
        outcome: 'SELECTED',
        accountCode: 'SOCIAL_ISSUE',
      });
      expect(decisionOf(r, 'iX')).toMatchObject({
        outcome: 'WAITLISTED',
        waitlistPosition: 1,
        reason: 'waitlisted: no special pool funds PANDEMIC_X',
      });
      expect(decisionOf(r, 'sX')).toMatchObject({
        outcome: 'SELECTED',
        accountCode: 'AI',
        reason: 'selected: rank 4 in AI (social issue, from the category)',
      });
      expect(r.specialPools).toEqual([
        { code: 'SOCIAL_ISSUE', availableKrw: 50, reservedKrw: 20, selected: 1 },
        { code: 'DISASTER', availableKrw: 50, reservedKrw: 30, selected: 1 },
      ]);
    });

    it('charges special-pool grants to the overall pool as well', () => {
      // Pool 100, special 100: s1 takes 80 from both; g1 needs 30 of the 20 left in the pool.
      const r = select(
        setup(
          [socialSme('s1', 95, 'COVID19', { grantKrw: 80 }), cand('g1', 90, { grantKrw: 30 })],
          {
            specialPools: [SOCIAL_POOL],
            specialKrw: { SOCIAL_ISSUE: 100 },
            poolKrw: 100,
          },
        ),
      );
      expect(decisionOf(r, 's1').accountCode).toBe('SOCIAL_ISSUE');
      expect(decisionOf(r, 'g1').reason).toBe(
        'waitlisted: pool exhausted (20 KRW left, grant 30 KRW)',
      );
      expect(r.pool).toEqual({ availableKrw: 100, reservedKrw: 80, remainingKrw: 20 });
    });

    it('lets a social-issue SME that fell back take a quota seat in its category', () => {
      // Special pool 0 → s1 (regional) falls back; AI 5 slots, 2 regional seats: s1 takes one.
      const r = select(
        setup([cand('g1', 95), socialSme('s1', 70, 'COVID19', R)], {
          categories: [categoryRule('AI', 5)],
          quotas: [REGIONAL],
          specialPools: [SOCIAL_POOL],
          specialKrw: { SOCIAL_ISSUE: 0 },
        }),
      );
      expect(decisionOf(r, 's1')).toMatchObject({
        accountCode: 'AI',
        quotaCode: 'REGIONAL',
        reason: 'selected: rank 2 in AI (social issue, from the category), regional quota',
      });
      expect(r.specialPools).toEqual([
        { code: 'SOCIAL_ISSUE', availableKrw: 0, reservedKrw: 0, selected: 0 },
      ]);
    });
  });

  describe('empty and closed categories', () => {
    it('reports a category without candidates with zeros', () => {
      const r = select(
        setup([cand('a', 90), cand('b', 80)], {
          categories: [categoryRule('PURCHASE', 5), categoryRule('AI', 10)],
          quotas: [REGIONAL, YOUTH],
        }),
      );
      expect(summaryOf(r, 'PURCHASE')).toEqual({
        code: 'PURCHASE',
        slots: 5,
        seatsAvailable: 5,
        selected: 0,
        waitlisted: 0,
        rejected: 0,
        reservedKrw: 0,
        // 5 × 0.4 = 2, 5 × 0.3 = 1
        quotas: [
          { code: 'REGIONAL', seats: 2, filled: 0 },
          { code: 'YOUTH', seats: 1, filled: 0 },
        ],
      });
      expect(idsWith(r, 'SELECTED', 'AI')).toEqual(['a', 'b']);
      expect(r.categories.map((c) => c.code)).toEqual(['PURCHASE', 'AI']);
    });

    it('selects nobody in a category with zero seats available, quota candidates included', () => {
      const r = select(
        setup([cand('a', 90, R), cand('b', 80)], {
          quotas: [REGIONAL],
          free: { AI: { seats: 0 } },
        }),
      );
      expect(waitlistOf(r)).toEqual([
        ['a', 1],
        ['b', 2],
      ]);
      expect(decisionOf(r, 'a').reason).toBe('waitlisted: slots exhausted (10/10)');
      expect(decisionOf(r, 'b').reason).toBe('waitlisted: slots exhausted (10/10)');
      expect(summaryOf(r)).toMatchObject({
        seatsAvailable: 0,
        selected: 0,
        waitlisted: 2,
        reservedKrw: 0,
      });
      expect(summaryOf(r).quotas).toEqual([{ code: 'REGIONAL', seats: 4, filled: 0 }]);
      expect(r.pool.reservedKrw).toBe(0);
    });

    it('treats a category with no slots in the rules, or none in the availability, as closed', () => {
      const r = select(
        setup([cand('a', 90), cand('p', 90, { category: 'PURCHASE' })], {
          categories: [categoryRule('AI', 0), categoryRule('PURCHASE', 3)],
        }),
      );
      expect(decisionOf(r, 'a').reason).toBe('waitlisted: slots exhausted (0/0)');
      expect(decisionOf(r, 'p').outcome).toBe('SELECTED');

      const input = setup([cand('a', 90)]);
      delete input.availability.categories.AI;
      const missing = select(input);
      expect(decisionOf(missing, 'a')).toMatchObject({
        outcome: 'WAITLISTED',
        waitlistPosition: 1,
      });
      expect(summaryOf(missing)).toMatchObject({ seatsAvailable: 0, selected: 0 });
    });

    it('still selects by rank in one category when the other is closed', () => {
      const r = select(
        setup([cand('p', 99, { category: 'PURCHASE' }), cand('a', 50 + 20)], {
          categories: [categoryRule('PURCHASE', 5), categoryRule('AI', 5)],
          free: { PURCHASE: { seats: 0, krw: 0 } },
        }),
      );
      expect(idsWith(r, 'SELECTED')).toEqual(['a']);
      expect(idsWith(r, 'WAITLISTED')).toEqual(['p']);
    });
  });

  describe('determinism and hashes', () => {
    const rich = () =>
      setup(
        [
          cand('a', 95),
          cand('b', 94, RY),
          cand('c', 93, Y),
          cand('d', 92, { ...R, grantKrw: 30 }),
          cand('e', 90, { submittedAt: at(2) }),
          cand('f', 90, { submittedAt: at(1) }),
          cand('g', 90, { submittedAt: at(1) }),
          cand('h', 88, { baseScore: 85 }),
          cand('i', 88),
          cand('low', 90, { baseScore: 55 }),
          socialSme('s1', 91, 'COVID19', { grantKrw: 40 }),
          institution('i1', 89, 'COVID19', { grantKrw: 40 }),
          cand('p1', 80, { category: 'PURCHASE', ...R }),
          cand('p2', 80, { category: 'PURCHASE' }),
          cand('p3', 79, { category: 'PURCHASE', grantKrw: 500 }),
        ],
        {
          categories: [categoryRule('PURCHASE', 3), categoryRule('AI', 6)],
          quotas: [REGIONAL, YOUTH],
          specialPools: [SOCIAL_POOL],
          specialKrw: { SOCIAL_ISSUE: 50 },
          poolKrw: 400,
        },
      );

    it('gives identical decisions and outputHash for any candidate order', () => {
      const base = select(rich());
      const rnd = mulberry32(7);
      for (let i = 0; i < 20; i++) {
        const input = rich();
        input.candidates = shuffled(input.candidates, rnd);
        const again = select(input);
        expect(again.decisions).toEqual(base.decisions);
        expect(again.categories).toEqual(base.categories);
        expect(again.specialPools).toEqual(base.specialPools);
        expect(again.pool).toEqual(base.pool);
        expect(again.outputHash).toBe(base.outputHash);
      }
    });

    it('gives equal hashes when run twice, and does not touch its input', () => {
      const input = deepFreeze(rich());
      const first = select(input);
      const second = select(input);
      expect(second).toEqual(first);
      expect(second.inputHash).toBe(first.inputHash);
      expect(second.outputHash).toBe(first.outputHash);
      // The input hash does not depend on the order the candidates come in.
      const byId = [...input.candidates].sort((a, b) =>
        a.applicationId < b.applicationId ? -1 : 1,
      );
      expect(first.inputHash).toBe(inputHashOf({ ...input, candidates: byId }));
      expect(select({ ...input, candidates: [...input.candidates].reverse() }).inputHash).toBe(
        first.inputHash,
      );
      expect(first.outputHash).toBe(outputHashOf(first.decisions));
      expect(first.inputHash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('replays from a JSON copy of the input (as stored) with the same hashes', () => {
      const input = rich();
      const stored = JSON.parse(JSON.stringify(input)) as SelectionInput;
      const replayed = select(stored);
      const original = select(input);
      expect(replayed.inputHash).toBe(original.inputHash);
      expect(replayed.outputHash).toBe(original.outputHash);
    });

    it('changes the hashes when the input changes', () => {
      const input = rich();
      const before = select(input);
      input.availability.poolKrw -= 1;
      expect(select(input).inputHash).not.toBe(before.inputHash);
      const moreSeats = rich();
      moreSeats.availability.categories.AI.seats += 1;
      const after = select(moreSeats);
      expect(after.outputHash).not.toBe(before.outputHash);
    });
  });

  describe('invariants over random inputs (seeded)', () => {
    const CATEGORY_CODES = ['PURCHASE', 'GENERAL_PROCESSING', 'AI_PROCESSING'] as const;
    const ISSUES = ['COVID19', 'CARBON_NEUTRALITY', 'FLOODS', 'PANDEMIC_X'] as const;

    function randomInput(rnd: () => number, n: number): SelectionInput {
      const categories = shuffled(CATEGORY_CODES, rnd)
        .slice(0, intIn(rnd, 1, 3))
        .map((code) => categoryRule(code, intIn(rnd, 0, 8)));
      const quotas: QuotaDto[] = [];
      if (rnd() < 0.6) quotas.push({ ...REGIONAL, share: pick(rnd, [0.1, 0.25, 0.4, 0.5, 1]) });
      if (rnd() < 0.6) quotas.push({ ...YOUTH, share: pick(rnd, [0.2, 0.3, 0.4, 0.75]) });
      if (rnd() < 0.3) quotas.reverse();
      const specialPools: SpecialPoolDto[] = [];
      if (rnd() < 0.7) specialPools.push(SOCIAL_POOL);
      if (rnd() < 0.3) specialPools.push(DISASTER_POOL);
      const cutoff = pick(rnd, [0, 55, 60, 62.5]);
      const catAvail: Record<string, { krw: number; seats: number }> = {};
      for (const c of categories) {
        if (rnd() < 0.1) continue; // no account: a closed category
        catAvail[c.code] = {
          krw: rnd() < 0.2 ? PLENTY : intIn(rnd, 0, 600),
          seats: intIn(rnd, 0, c.slots),
        };
      }
      const spAvail: Record<string, number> = {};
      for (const p of specialPools) if (rnd() >= 0.1) spAvail[p.code] = intIn(rnd, 0, 300);
      const count = intIn(rnd, 0, 25);
      const candidates: Candidate[] = [];
      for (let i = 0; i < count; i++) {
        const social = rnd() < 0.3;
        const baseScore = intIn(rnd, 50, 75) + pick(rnd, [0, 0, 0.5, 0.25]);
        candidates.push({
          applicationId: `app-${n}-${String(i).padStart(2, '0')}`,
          category: pick(rnd, categories).code,
          track: social ? 'SOCIAL_ISSUE' : 'GENERAL',
          socialIssue: social ? pick(rnd, ISSUES) : null,
          generalTrackAllowed: social ? rnd() < 0.5 : true,
          grantKrw: intIn(rnd, 1, 150),
          baseScore,
          finalScore: baseScore + pick(rnd, [0, 0, 0, 1, 2, 3]),
          submittedAt: at(intIn(rnd, 0, 3)),
          quotaCodes: ['REGIONAL', 'YOUTH'].filter(() => rnd() < 0.4),
        });
      }
      return {
        rules: { categories, specialPools, quotas, evaluation: { cutoffScore: cutoff } },
        availability: {
          poolKrw: rnd() < 0.2 ? PLENTY : intIn(rnd, 0, 1500),
          categories: catAvail,
          specialPools: spAvail,
        },
        candidates: shuffled(candidates, rnd),
      };
    }

    /** Every broken invariant, as a readable line. */
    function violations(input: SelectionInput, r: SelectionResult): string[] {
      const out: string[] = [];
      const fail = (cond: boolean, msg: string) => {
        if (!cond) out.push(msg);
      };
      const byId = new Map(input.candidates.map((c) => [c.applicationId, c]));
      const cutoff = input.rules.evaluation.cutoffScore;
      const selected = r.decisions.filter((d) => d.outcome === 'SELECTED');

      // Every candidate decided exactly once, in rank order.
      const ids = r.decisions.map((d) => d.applicationId);
      fail(ids.length === input.candidates.length, 'one decision per candidate');
      fail(new Set(ids).size === ids.length, 'no candidate decided twice');
      fail(
        input.candidates.every((c) => ids.includes(c.applicationId)),
        'every candidate decided',
      );
      for (let i = 1; i < r.decisions.length; i++) {
        const prev = byId.get(r.decisions[i - 1].applicationId)!;
        const next = byId.get(r.decisions[i].applicationId)!;
        fail(compareCandidates(prev, next) < 0, `decisions in rank order at ${i}`);
      }

      for (const d of r.decisions) {
        const c = byId.get(d.applicationId)!;
        fail(d.category === c.category && d.track === c.track, `${d.applicationId} copied`);
        fail(d.grantKrw === c.grantKrw, `${d.applicationId} grant`);
        // The cut-off on base, exactly.
        fail((d.outcome === 'REJECTED') === c.baseScore < cutoff, `${d.applicationId} cut-off`);
        fail(
          (d.waitlistPosition !== null) === (d.outcome === 'WAITLISTED'),
          `${d.applicationId} position only when waitlisted`,
        );
        fail(
          (d.accountCode !== null) === (d.outcome === 'SELECTED'),
          `${d.applicationId} account only when selected`,
        );
        fail(d.quotaCode === null || d.outcome === 'SELECTED', `${d.applicationId} quota`);
        const prefix = {
          SELECTED: 'selected: rank ',
          WAITLISTED: 'waitlisted: ',
          REJECTED: 'rejected: base ',
        };
        fail(d.reason.startsWith(prefix[d.outcome]), `${d.applicationId} reason "${d.reason}"`);
        if (d.outcome === 'SELECTED') {
          fail(
            d.reason.startsWith(`selected: rank ${d.rank} in ${d.category}`),
            `${d.applicationId} reason names rank and category`,
          );
          if (d.quotaCode) {
            fail(c.quotaCodes.includes(d.quotaCode), `${d.applicationId} meets its quota`);
            fail(
              d.reason.endsWith(`, ${d.quotaCode.toLowerCase()} quota`),
              `${d.applicationId} reason names its quota`,
            );
          }
          const pool = input.rules.specialPools.find((p) => p.code === d.accountCode);
          if (pool) {
            fail(
              c.track === 'SOCIAL_ISSUE' && pool.issues.includes(c.socialIssue ?? ''),
              `${d.applicationId} special pool funds its issue`,
            );
            fail(d.quotaCode === null, `${d.applicationId} no quota on a special pool`);
          } else {
            fail(d.accountCode === d.category, `${d.applicationId} on its category account`);
            fail(
              c.track === 'GENERAL' || c.generalTrackAllowed,
              `${d.applicationId} institutions never take a category seat`,
            );
          }
        }
      }

      // Money and seats.
      const reserved = selected.reduce((n, d) => n + d.grantKrw, 0);
      fail(reserved <= input.availability.poolKrw, 'Σ grants ≤ pool');
      fail(r.pool.reservedKrw === reserved, 'pool.reservedKrw = Σ grants');
      fail(r.pool.availableKrw === input.availability.poolKrw, 'pool.availableKrw');
      fail(r.pool.remainingKrw === input.availability.poolKrw - reserved, 'pool.remainingKrw');
      for (const p of input.rules.specialPools) {
        const mine = selected.filter((d) => d.accountCode === p.code);
        fail(
          sumGrants(mine) <= (input.availability.specialPools[p.code] ?? 0),
          `${p.code} ≤ available`,
        );
        const s = r.specialPools.find((x) => x.code === p.code);
        if (s) {
          fail(
            s.reservedKrw === sumGrants(mine) && s.selected === mine.length,
            `${p.code} summary`,
          );
        } else {
          fail(mine.length === 0, `${p.code} without availability selects nobody`);
        }
      }

      fail(
        r.categories.map((s) => s.code).join() === input.rules.categories.map((c) => c.code).join(),
        'one summary per category, in rule-set order',
      );
      for (const rule of input.rules.categories) {
        const code = rule.code;
        const free = input.availability.categories[code] ?? { krw: 0, seats: 0 };
        const s = r.categories.find((x) => x.code === code)!;
        const mine = r.decisions.filter((d) => d.category === code);
        const onAccount = selected.filter((d) => d.accountCode === code);
        fail(onAccount.length <= free.seats, `${code}: selected ≤ seats`);
        fail(sumGrants(onAccount) <= free.krw, `${code}: Σ grants ≤ envelope`);
        fail(s.reservedKrw === sumGrants(onAccount), `${code}: reservedKrw`);
        fail(s.slots === rule.slots && s.seatsAvailable === free.seats, `${code}: slots/seats`);
        // A category's `selected` counts its own seats; special-pool grants take none.
        fail(s.selected === onAccount.length, `${code}: selected`);
        fail(
          s.waitlisted === mine.filter((d) => d.outcome === 'WAITLISTED').length,
          `${code}: waitlisted`,
        );
        fail(
          s.rejected === mine.filter((d) => d.outcome === 'REJECTED').length,
          `${code}: rejected`,
        );
        // Ranks 1..n in rank order; waitlist positions 1..n in rank order.
        fail(mine.map((d) => d.rank).join() === mine.map((_, i) => i + 1).join(), `${code}: ranks`);
        const waiting = mine.filter((d) => d.outcome === 'WAITLISTED');
        fail(
          waiting.map((d) => d.waitlistPosition).join() === waiting.map((_, i) => i + 1).join(),
          `${code}: waitlist positions`,
        );
        // Quotas: seats and fill as documented; never more quota seats taken than reserved.
        fail(
          s.quotas.map((q) => q.code).join() === input.rules.quotas.map((q) => q.code).join(),
          `${code}: one entry per quota`,
        );
        for (const q of input.rules.quotas) {
          const sq = s.quotas.find((x) => x.code === q.code)!;
          const seats = quotaSeats(rule.slots, q.share);
          fail(sq.seats === seats, `${code}/${q.code}: seats`);
          const meeting = onAccount.filter((d) =>
            byId.get(d.applicationId)!.quotaCodes.includes(q.code),
          );
          fail(sq.filled === meeting.length, `${code}/${q.code}: filled`);
          fail(
            onAccount.filter((d) => d.quotaCode === q.code).length <= seats,
            `${code}/${q.code}: quota seats taken ≤ reserved`,
          );
        }
        // Strictly by rank: nobody who competed for this category's seats and waits is passed
        // over by a lower-ranked candidate in the same pass (general, or the same quota).
        const competing = waiting.filter((d) => {
          const c = byId.get(d.applicationId)!;
          return c.track === 'GENERAL' || c.generalTrackAllowed;
        });
        if (competing.length) {
          const firstRank = competing[0].rank;
          fail(
            onAccount.every((d) => d.quotaCode !== null || d.rank < firstRank),
            `${code}: general pass strictly by rank`,
          );
        }
        for (const q of input.rules.quotas) {
          const firstQ = competing.find((d) =>
            byId.get(d.applicationId)!.quotaCodes.includes(q.code),
          );
          if (firstQ) {
            fail(
              onAccount.every((d) => d.quotaCode !== q.code || d.rank < firstQ.rank),
              `${code}/${q.code}: quota pass strictly by rank`,
            );
          }
        }
      }
      return out;
    }

    it('holds for 200 random rounds, and does not depend on candidate order', () => {
      const rnd = mulberry32(0x5e1ec7);
      let selectedSeen = 0;
      let waitlistedSeen = 0;
      let rejectedSeen = 0;
      let specialSeen = 0;
      let quotaSeen = 0;
      for (let n = 0; n < 200; n++) {
        const input = randomInput(rnd, n);
        const r = select(input);
        expect({ round: n, violations: violations(input, r) }).toEqual({
          round: n,
          violations: [],
        });

        const again = select({ ...input, candidates: shuffled(input.candidates, rnd) });
        expect({ round: n, hash: again.outputHash }).toEqual({ round: n, hash: r.outputHash });
        expect(again.decisions).toEqual(r.decisions);

        selectedSeen += r.decisions.filter((d) => d.outcome === 'SELECTED').length;
        waitlistedSeen += r.decisions.filter((d) => d.outcome === 'WAITLISTED').length;
        rejectedSeen += r.decisions.filter((d) => d.outcome === 'REJECTED').length;
        specialSeen += r.specialPools.reduce((k, p) => k + p.selected, 0);
        quotaSeen += r.decisions.filter((d) => d.quotaCode !== null).length;
      }
      // The generator really exercises every branch.
      expect(selectedSeen).toBeGreaterThan(100);
      expect(waitlistedSeen).toBeGreaterThan(100);
      expect(rejectedSeen).toBeGreaterThan(100);
      expect(specialSeen).toBeGreaterThan(10);
      expect(quotaSeen).toBeGreaterThan(10);
    });
  });
});

describe('select: the special pool is strict by rank too', () => {
  it('closes the pool at the first institution it cannot pay; a cheaper one lower down does not jump it', () => {
    // Pool has 80: i1 (rank 1) needs 100 → the pool closes; i2 (rank 2, 50) would fit but waits.
    const r = select(
      setup(
        [
          institution('i1', 90, 'COVID19', { grantKrw: 100 }),
          institution('i2', 80, 'COVID19', { grantKrw: 50 }),
        ],
        {
          specialPools: [SOCIAL_POOL],
          specialKrw: { SOCIAL_ISSUE: 80 },
        },
      ),
    );
    expect(decisionOf(r, 'i1')).toMatchObject({
      outcome: 'WAITLISTED',
      reason: 'waitlisted: special pool SOCIAL_ISSUE exhausted (80 KRW left, grant 100 KRW)',
    });
    expect(decisionOf(r, 'i2')).toMatchObject({
      outcome: 'WAITLISTED',
      reason: decisionOf(r, 'i1').reason,
    });
    expect(r.specialPools[0]).toMatchObject({ reservedKrw: 0, selected: 0 });
  });

  it('says the pool, not the special pool, ran out when that is what stopped it', () => {
    const r = select(
      setup([institution('i1', 90, 'COVID19', { grantKrw: 100 })], {
        specialPools: [SOCIAL_POOL],
        poolKrw: 60,
      }),
    );
    expect(decisionOf(r, 'i1').reason).toBe(
      'waitlisted: pool exhausted (60 KRW left, grant 100 KRW)',
    );
  });
});
