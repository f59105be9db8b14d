import { sha256 } from '@app/common';
import type { CategoryRuleDto, QuotaDto, SpecialPoolDto } from '../program/program-rules.dto';
import {
  Candidate,
  Decision,
  inputHashOf,
  outputHashOf,
  select,
  SelectionInput,
  SelectionResult,
} from './selection.policy';

/*
 * Committed runs are replayed later by recomputing their hashes and comparing them with the
 * recorded ones, so the bytes that go into inputHash and outputHash, the decisions and their
 * reasons must never change. The values below were produced by the policy as it was before it
 * was made faster (the commit that added this file); a change to any of them is a change of
 * behaviour, not a refactoring, and breaks the replay of every committed run.
 */

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

const category = (code: string, name: string, slots: number, maxGrantKrw: number) =>
  ({ code, name, slots, maxGrantKrw }) as CategoryRuleDto;
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
const SOCIAL: SpecialPoolDto = {
  code: 'SOCIAL_ISSUE',
  name: '사회현안 긴급지원',
  budgetKrw: 200_000_000,
  companyTypes: ['SME', 'UNIVERSITY', 'HOSPITAL'],
  issues: ['COVID19', 'CARBON_NEUTRALITY'],
};
const DISASTER: SpecialPoolDto = {
  code: 'DISASTER',
  name: '재난 대응',
  budgetKrw: 1_000_000_000,
  companyTypes: ['SME'],
  issues: ['FLOODS', 'COVID19'],
};

/**
 * 600 candidates over three categories and one the rules do not know, with quotas, two special
 * pools (one runs dry, one funds an issue the first also funds), an issue no pool funds,
 * institutions that may not fall back, scores with ties down to the submission time and id,
 * bases with three decimals around the cut-off, and money that runs out: the PURCHASE envelope,
 * the GENERAL_PROCESSING seats, then the pool in AI_PROCESSING. More than 256 candidates, so
 * that the hashes take their input in several pieces.
 */
function richInput(): SelectionInput {
  const rnd = mulberry32(20_211_231);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const categories = [
    category('PURCHASE', '구매', 60, 18_000_000),
    category('GENERAL_PROCESSING', '일반가공', 25, 45_000_000),
    category('AI_PROCESSING', 'AI가공', 90, 70_000_000),
  ];
  const codes = ['PURCHASE', 'GENERAL_PROCESSING', 'AI_PROCESSING', 'LEGACY'];
  const issues = ['COVID19', 'CARBON_NEUTRALITY', 'FLOODS', 'PANDEMIC_X'];
  const candidates: Candidate[] = [];
  for (let i = 0; i < 600; i++) {
    const code = codes[rnd() < 0.02 ? 3 : int(0, 2)];
    const social = rnd() < 0.15;
    const cap =
      code === 'PURCHASE' ? 18_000_000 : code === 'GENERAL_PROCESSING' ? 45_000_000 : 70_000_000;
    // Mostly round millions, sometimes an odd number of won.
    const grantKrw = Math.min(cap, int(5, 80) * 1_000_000 + (rnd() < 0.2 ? int(1, 999_999) : 0));
    const baseScore = int(55_000, 99_000) / 1000;
    const quotaCodes = ['REGIONAL', 'YOUTH'].filter(() => rnd() < 0.35);
    candidates.push({
      // Not in id order, and ids that only differ late.
      applicationId: `0000${int(0, 9)}a${String((i * 7919) % 1000).padStart(3, '0')}-${i}`,
      category: code,
      track: social ? 'SOCIAL_ISSUE' : 'GENERAL',
      socialIssue: social ? issues[int(0, 3)] : null,
      generalTrackAllowed: social ? rnd() < 0.5 : true,
      grantKrw,
      // Coarse scores, so that finals and bases tie and the submission time decides.
      baseScore: rnd() < 0.3 ? Math.round(baseScore) : baseScore,
      finalScore: Math.round(baseScore) + [0, 0, 0, 1, 2][int(0, 4)],
      submittedAt: new Date(
        Date.UTC(2021, 2, 2, 0, int(0, 30), int(0, 59), int(0, 2) * 7),
      ).toISOString(),
      quotaCodes: rnd() < 0.1 ? [...quotaCodes].reverse() : quotaCodes,
    });
  }
  return {
    rules: {
      categories,
      specialPools: [SOCIAL, DISASTER],
      quotas: [REGIONAL, YOUTH],
      evaluation: { cutoffScore: 62.5 },
    },
    availability: {
      poolKrw: 3_400_000_000,
      categories: {
        PURCHASE: { krw: 700_000_000, seats: 60 },
        GENERAL_PROCESSING: { krw: 2_000_000_000, seats: 22 },
        AI_PROCESSING: { krw: 6_300_000_000, seats: 90 },
      },
      specialPools: { SOCIAL_ISSUE: 200_000_000, DISASTER: 1_000_000_000 },
    },
    candidates,
  };
}

/**
 * Strings that JSON has to escape or that are not ASCII, in every field that is hashed; and a
 * special pool that closes because the overall pool, not its own money, ran out.
 */
function oddInput(): SelectionInput {
  const cand = (id: string, final: number, over: Partial<Candidate> = {}): Candidate => ({
    applicationId: id,
    category: '가공',
    track: 'GENERAL',
    socialIssue: null,
    generalTrackAllowed: true,
    grantKrw: 1_234_567,
    baseScore: final,
    finalScore: final,
    submittedAt: '2021-03-02T00:00:00.000Z',
    quotaCodes: [],
    ...over,
  });
  return {
    rules: {
      categories: [category('가공', '"quoted" \\ name', 2, 5_000_000)],
      specialPools: [{ ...SOCIAL, code: 'SPÉCIAL', issues: ['홍수', 'line\nbreak'] }],
      quotas: [{ ...YOUTH, code: 'Y\u2028OUTH' }],
      evaluation: { cutoffScore: 60 },
    },
    availability: {
      poolKrw: 4_000_000,
      categories: { 가공: { krw: 5_000_000, seats: 2 } },
      specialPools: { SPÉCIAL: 10_000_000 },
    },
    candidates: [
      cand('id-"1"', 90, { quotaCodes: ['Y\u2028OUTH'] }),
      cand('id-\\2', 89, { track: 'SOCIAL_ISSUE', socialIssue: '홍수', grantKrw: 2_000_000 }),
      cand('id-\ud800', 88, { track: 'SOCIAL_ISSUE', socialIssue: 'line\nbreak' }),
      cand('id-4', 87, { track: 'SOCIAL_ISSUE', socialIssue: '홍수', generalTrackAllowed: false }),
      cand('id-5', 86, {
        track: 'SOCIAL_ISSUE',
        socialIssue: 'nowhere',
        generalTrackAllowed: false,
      }),
      cand('id-6', 59.995),
      cand('id-7', 85, { submittedAt: '2021-03-02T00:00:00.001Z' }),
    ],
  };
}

/** Everything the result holds, key order included, as one digest. */
const resultDigest = (r: SelectionResult) => sha256(JSON.stringify(r));
/** A decision as one readable line: id, outcome, rank, waitlist position, account, quota, reason. */
const line = (d: Decision) => [
  d.applicationId,
  d.outcome,
  d.rank,
  d.waitlistPosition,
  d.accountCode,
  d.quotaCode,
  d.reason,
];
const lineOf = (r: SelectionResult, id: string) =>
  line(r.decisions.find((d) => d.applicationId === id)!);

describe('select: pinned hashes and decisions (replays depend on them)', () => {
  it('the rich round: hashes, the whole result, and one decision of every kind', () => {
    const r = select(richInput());
    expect(r.inputHash).toBe('43a9d7373066a5247edda513ceb64510cab1068801bfde751afc5bd71c806460');
    expect(r.outputHash).toBe('a288275a880c0f35af0dcdf26cad55d81a0833d1a4d430ea7f3e3c3d2f186b0e');
    expect(resultDigest(r)).toBe(
      '62d2211b17ed1f21e8a20e0a47ab0392e1148059b2ec6e5412132d2ad5bc59b3',
    );
    const selected = 'SELECTED';
    const waitlisted = 'WAITLISTED';
    expect(
      [
        '00009a737-423',
        '00003a628-412',
        '00004a388-452',
        '00008a223-417',
        '00003a201-479',
        '00009a177-183',
        '00004a133-307',
        '00004a992-568',
        '00004a582-178',
        '00000a601-79',
        '00000a077-283',
        '00006a330-70',
        '00005a504-216',
      ].map((id) => lineOf(r, id)),
    ).toEqual([
      [
        '00009a737-423',
        selected,
        1,
        null,
        'AI_PROCESSING',
        'REGIONAL',
        'selected: rank 1 in AI_PROCESSING, regional quota',
      ],
      [
        '00003a628-412',
        selected,
        1,
        null,
        'GENERAL_PROCESSING',
        'YOUTH',
        'selected: rank 1 in GENERAL_PROCESSING, youth quota',
      ],
      ['00004a388-452', selected, 1, null, 'PURCHASE', null, 'selected: rank 1 in PURCHASE'],
      [
        '00008a223-417',
        selected,
        3,
        null,
        'PURCHASE',
        'REGIONAL',
        'selected: rank 3 in PURCHASE (social issue, from the category), regional quota',
      ],
      [
        '00003a201-479',
        selected,
        4,
        null,
        'SOCIAL_ISSUE',
        null,
        'selected: rank 4 in GENERAL_PROCESSING, special pool SOCIAL_ISSUE',
      ],
      [
        '00009a177-183',
        waitlisted,
        2,
        1,
        null,
        null,
        'waitlisted: pool exhausted (11,427,571 KRW left, grant 70,000,000 KRW)',
      ],
      [
        '00004a133-307',
        selected,
        8,
        null,
        'DISASTER',
        null,
        'selected: rank 8 in GENERAL_PROCESSING, special pool DISASTER',
      ],
      ['00004a992-568', waitlisted, 21, 1, null, null, 'waitlisted: slots exhausted (25/25)'],
      [
        '00004a582-178',
        waitlisted,
        27,
        1,
        null,
        null,
        'waitlisted: PURCHASE envelope exhausted (11,891,871 KRW left, grant 18,000,000 KRW)',
      ],
      [
        '00000a601-79',
        waitlisted,
        35,
        25,
        null,
        null,
        'waitlisted: no special pool funds PANDEMIC_X',
      ],
      ['00000a077-283', waitlisted, 2, 1, null, null, 'waitlisted: not reached'],
      [
        '00006a330-70',
        waitlisted,
        49,
        19,
        null,
        null,
        'waitlisted: special pool SOCIAL_ISSUE exhausted (59,000,000 KRW left, grant 70,000,000 KRW)',
      ],
      ['00005a504-216', 'REJECTED', 175, null, null, null, 'rejected: base 62.00 < cut-off 62.5'],
    ]);
    expect(r.pool).toEqual({
      availableKrw: 3_400_000_000,
      reservedKrw: 3_388_572_429,
      remainingKrw: 11_427_571,
    });
  });

  it('the rich round with the candidates already in id order (as the service reads them)', () => {
    const input = richInput();
    input.candidates.sort((a, b) => (a.applicationId < b.applicationId ? -1 : 1));
    const r = select(input);
    expect(r.inputHash).toBe('43a9d7373066a5247edda513ceb64510cab1068801bfde751afc5bd71c806460');
    expect(r.outputHash).toBe('a288275a880c0f35af0dcdf26cad55d81a0833d1a4d430ea7f3e3c3d2f186b0e');
    expect(resultDigest(r)).toBe(
      '62d2211b17ed1f21e8a20e0a47ab0392e1148059b2ec6e5412132d2ad5bc59b3',
    );
    expect(inputHashOf(input)).toBe(r.inputHash);
    expect(outputHashOf(r.decisions)).toBe(r.outputHash);
  });

  it('strings JSON escapes, non-ASCII codes, a special pool closed by the overall pool', () => {
    const r = select(oddInput());
    expect(r.inputHash).toBe('5317bc484c782af3b6fdd4db9a5c78987f8c89e0abbb0227abb643dbe7bfb4ac');
    expect(r.outputHash).toBe('39ff9f0bf3aeed1c3936f3dae80b1648f33e185f49c2195603e7b64d1590c38e');
    expect(resultDigest(r)).toBe(
      'ef34730c1493005f7f4c7a4fe2ed530f50ed50cdfc78eddfcdf61235adc7cb39',
    );
    const poolOut = 'waitlisted: pool exhausted (765,433 KRW left, grant 1,234,567 KRW)';
    expect(r.decisions.map(line)).toEqual([
      ['id-"1"', 'WAITLISTED', 1, 1, null, null, poolOut],
      [
        'id-\\2',
        'SELECTED',
        2,
        null,
        'SPÉCIAL',
        null,
        'selected: rank 2 in 가공, special pool SPÉCIAL',
      ],
      [
        'id-\ud800',
        'SELECTED',
        3,
        null,
        'SPÉCIAL',
        null,
        'selected: rank 3 in 가공, special pool SPÉCIAL',
      ],
      ['id-4', 'WAITLISTED', 4, 2, null, null, poolOut],
      ['id-5', 'WAITLISTED', 5, 3, null, null, 'waitlisted: no special pool funds nowhere'],
      ['id-7', 'WAITLISTED', 6, 4, null, null, poolOut],
      ['id-6', 'REJECTED', 7, null, null, null, 'rejected: base 59.99 < cut-off 60'],
    ]);
  });
});
