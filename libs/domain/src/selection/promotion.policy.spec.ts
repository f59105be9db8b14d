import {
  pickPromotion,
  pickSpecialPoolPromotion,
  PromotionState,
  WaitingEntry,
} from './promotion.policy';

const entry = (id: string, final: number, over: Partial<WaitingEntry> = {}): WaitingEntry => ({
  applicationId: id,
  category: 'AI_PROCESSING',
  track: 'GENERAL',
  generalTrackAllowed: true,
  grantKrw: 50,
  baseScore: final,
  finalScore: final,
  submittedAt: '2021-03-10T00:00:00.000Z',
  quotaCodes: [],
  ...over,
});

const state = (over: Partial<PromotionState> = {}): PromotionState => ({
  category: { code: 'AI_PROCESSING', slots: 10, seatsLeft: 1, krw: 100 },
  poolKrw: 1000,
  quotas: [],
  heldQuotaCodes: [],
  ...over,
});

describe('promotion policy', () => {
  it('promotes the best-ranked waitlisted candidate of the category', () => {
    const out = pickPromotion(
      [entry('b', 80), entry('a', 90), entry('c', 95, { category: 'PURCHASE' })],
      state(),
    );
    expect(out).toEqual({
      promote: expect.objectContaining({ applicationId: 'a' }),
      quotaCode: null,
      reason: 'promoted: first on the AI_PROCESSING waitlist',
    });
  });

  it('serves a quota short of its seats first', () => {
    // 10 slots × 0.4 = 4 regional seats, 3 held by regional awards: the best regional waiter goes first.
    const out = pickPromotion(
      [entry('a', 90), entry('r', 70, { quotaCodes: ['REGIONAL'] })],
      state({
        quotas: [{ code: 'REGIONAL', share: 0.4 }],
        heldQuotaCodes: [['REGIONAL'], ['REGIONAL'], ['REGIONAL'], []],
      }),
    );
    expect(out).toMatchObject({ promote: { applicationId: 'r' }, quotaCode: 'REGIONAL' });
  });

  it('ignores a quota that is already full', () => {
    const out = pickPromotion(
      [entry('a', 90), entry('r', 70, { quotaCodes: ['REGIONAL'] })],
      state({
        quotas: [{ code: 'REGIONAL', share: 0.4 }],
        heldQuotaCodes: [['REGIONAL'], ['REGIONAL'], ['REGIONAL'], ['REGIONAL']],
      }),
    );
    expect(out).toMatchObject({ promote: { applicationId: 'a' }, quotaCode: null });
  });

  it('lets nobody jump the first in line for being cheaper', () => {
    const out = pickPromotion(
      [entry('a', 90, { grantKrw: 150 }), entry('b', 80, { grantKrw: 10 })],
      state(),
    );
    expect(out).toEqual({
      promote: null,
      reason: 'the first in line needs 150 KRW; 100 KRW is free',
    });
  });

  it('respects the pool as well as the category', () => {
    expect(pickPromotion([entry('a', 90)], state({ poolKrw: 49 })).promote).toBeNull();
  });

  it('promotes nobody without a free seat or a waiting candidate', () => {
    expect(
      pickPromotion(
        [entry('a', 90)],
        state({ category: { code: 'AI_PROCESSING', slots: 10, seatsLeft: 0, krw: 100 } }),
      ),
    ).toEqual({
      promote: null,
      reason: 'no free seat in AI_PROCESSING',
    });
    expect(pickPromotion([], state())).toEqual({
      promote: null,
      reason: 'nobody waits in AI_PROCESSING',
    });
  });

  it('skips institutions waiting on a special pool: they cannot take a category seat', () => {
    const out = pickPromotion(
      [entry('h', 99, { track: 'SOCIAL_ISSUE', generalTrackAllowed: false }), entry('a', 90)],
      state(),
    );
    expect(out.promote?.applicationId).toBe('a');
  });

  it('breaks ties by submission time, then id', () => {
    const out = pickPromotion(
      [
        entry('b', 90, { submittedAt: '2021-03-10T00:00:00.000Z' }),
        entry('a', 90, { submittedAt: '2021-03-11T00:00:00.000Z' }),
      ],
      state(),
    );
    expect(out.promote?.applicationId).toBe('b');
    expect(pickPromotion([entry('b', 90), entry('a', 90)], state()).promote?.applicationId).toBe(
      'a',
    );
  });
});

describe('special pool promotion', () => {
  it('gives freed special-pool money to the best-ranked waiter that fits, strictly by rank', () => {
    const waiters = [
      entry('b', 80, { track: 'SOCIAL_ISSUE', grantKrw: 30 }),
      entry('a', 90, { track: 'SOCIAL_ISSUE', grantKrw: 60 }),
    ];
    expect(
      pickSpecialPoolPromotion(waiters, { code: 'SOCIAL_ISSUE', krw: 60, poolKrw: 1000 }),
    ).toMatchObject({
      promote: { applicationId: 'a' },
      reason: 'promoted: first waitlisted for special pool SOCIAL_ISSUE',
    });
    expect(
      pickSpecialPoolPromotion(waiters, { code: 'SOCIAL_ISSUE', krw: 59, poolKrw: 1000 }),
    ).toEqual({
      promote: null,
      reason: 'the first in line needs 60 KRW; 59 KRW is free in SOCIAL_ISSUE',
    });
    expect(
      pickSpecialPoolPromotion([], { code: 'SOCIAL_ISSUE', krw: 1, poolKrw: 1 }).promote,
    ).toBeNull();
  });
});
