import { seedRules } from '@app/testing/rules';
import type { ProgramRules } from '../program/program-rules.dto';
import {
  ageOn,
  coPaymentPercent,
  isYouthCeo,
  quoteSupport,
  requestedSupportKrw,
  youthBand,
} from './support.policy';

/** A CEO born on this date is not young in either seed (and no youth band exists in 2021). */
const OLD_CEO = '1970-01-01';

describe('ageOn (만 나이)', () => {
  it('counts a birthday as a completed year on the day itself, not the day before', () => {
    expect(ageOn('1984-03-02', '2023-03-01')).toBe(38);
    expect(ageOn('1984-03-02', '2023-03-02')).toBe(39);
    expect(ageOn('1984-03-02', '2023-03-03')).toBe(39);
  });

  it('compares months before days', () => {
    expect(ageOn('1990-12-31', '2021-01-01')).toBe(30);
    expect(ageOn('1990-01-31', '2021-02-01')).toBe(31);
    expect(ageOn('1990-02-01', '2021-01-31')).toBe(30);
  });

  it('is 0 on the day of birth and before the first birthday', () => {
    expect(ageOn('2021-03-02', '2021-03-02')).toBe(0);
    expect(ageOn('2020-03-03', '2021-03-02')).toBe(0);
  });

  it('lets a leap-day child turn a year older on 1 March in common years (민법 제160조)', () => {
    expect(ageOn('2000-02-29', '2021-02-28')).toBe(20);
    expect(ageOn('2000-02-29', '2021-03-01')).toBe(21);
    // In a leap year the birthday itself exists.
    expect(ageOn('2000-02-29', '2024-02-28')).toBe(23);
    expect(ageOn('2000-02-29', '2024-02-29')).toBe(24);
  });

  it('reads only the date part of a date-time', () => {
    expect(ageOn('1984-03-02', '2023-03-01T23:59:59+09:00')).toBe(38);
    expect(ageOn('1984-03-02T00:00:00Z', '2023-03-02T00:00:00Z')).toBe(39);
  });
});

describe('youth band and youth CEO', () => {
  it('has no youth band in 2021, so nobody is a youth CEO there', () => {
    const rules = seedRules(2021);
    expect(youthBand(rules)).toBeNull();
    expect(isYouthCeo(rules, '1995-06-01')).toBe(false);
  });

  it('reads the 2023 band 19-39 from the YOUTH_CEO quota alone', () => {
    const rules = seedRules(2023);
    rules.bonusRules = rules.bonusRules.filter((b) => b.condition.type !== 'YOUTH_CEO');
    expect(youthBand(rules)).toEqual({ minAge: 19, maxAge: 39 });
  });

  it('reads the band from a YOUTH_CEO bonus rule when no quota defines it', () => {
    const rules = seedRules(2023);
    rules.quotas = [];
    rules.bonusRules = [
      { code: 'YOUTH_CEO', points: 1, condition: { type: 'YOUTH_CEO', minAge: 20, maxAge: 34 } },
    ] as ProgramRules['bonusRules'];
    expect(youthBand(rules)).toEqual({ minAge: 20, maxAge: 34 });
  });

  // 2023 reference date: 2023-03-02.
  it.each([
    ['1984-03-02', 'turns 39 on the reference date', true],
    ['1983-03-03', 'is 39, turning 40 the day after the reference date', true],
    ['1983-03-02', 'turns 40 on the reference date', false],
    ['1983-03-01', 'turned 40 the day before', false],
    ['2004-03-02', 'turns 19 on the reference date', true],
    ['2004-03-03', 'is 18, turning 19 the day after', false],
  ])('a CEO born %s (%s) is youth: %s', (birth, _what, youth) => {
    expect(isYouthCeo(seedRules(2023), birth)).toBe(youth);
  });
});

describe('coPaymentPercent', () => {
  it('is the rate of the company type, without a discount for non-youth', () => {
    const rules = seedRules(2021);
    expect(coPaymentPercent(rules, 'SME', false)).toBe(20);
    expect(coPaymentPercent(rules, 'SMALL_BUSINESS', false)).toBe(10);
    expect(coPaymentPercent(rules, 'HOSPITAL', false)).toBe(20);
  });

  it('takes the 2023 youth discount (10 percentage points) off the rate', () => {
    const rules = seedRules(2023);
    expect(coPaymentPercent(rules, 'SME', true)).toBe(10);
    expect(coPaymentPercent(rules, 'SMALL_BUSINESS', true)).toBe(0);
    expect(coPaymentPercent(rules, 'SME', false)).toBe(20);
  });

  it('never goes below zero when the discount exceeds the rate', () => {
    const rules = seedRules(2023);
    rules.coPayment.rates.find((r) => r.companyType === 'SMALL_BUSINESS')!.percent = 5;
    expect(coPaymentPercent(rules, 'SMALL_BUSINESS', true)).toBe(0);
  });

  it('keeps two decimals without floating-point noise', () => {
    const rules = seedRules(2023);
    rules.coPayment.rates.find((r) => r.companyType === 'SME')!.percent = 20.3;
    rules.coPayment.youthDiscountPercent = 10.1;
    expect(coPaymentPercent(rules, 'SME', true)).toBe(10.2);
  });

  it('is null for a company type the program has no rate for', () => {
    const rules = seedRules(2021);
    rules.coPayment.rates = rules.coPayment.rates.filter((r) => r.companyType !== 'HOSPITAL');
    expect(coPaymentPercent(rules, 'HOSPITAL', false)).toBeNull();
    expect(coPaymentPercent(rules, 'HOSPITAL', true)).toBeNull();
  });
});

describe('requestedSupportKrw = min(cap, floor(cost × (100 − rate) / 100))', () => {
  it.each([
    // cost, cap, percent, expected
    [80_000_000, 70_000_000, 20, 64_000_000],
    [100_000_000, 70_000_000, 20, 70_000_000],
    [87_500_000, 70_000_000, 20, 70_000_000], // exactly the cap
    [87_500_001, 70_000_000, 20, 70_000_000],
    [87_499_999, 70_000_000, 20, 69_999_999], // floor(69,999,999.2)
    [10_000_001, 18_000_000, 20, 8_000_000], // floor(8,000,000.8)
    [1_000_001, 70_000_000, 12.5, 875_000], // floor(875,000.875)
    [1_000_000, 70_000_000, 12.34, 876_600],
    [100, 70_000_000, 33.33, 66], // floor(66.67)
    [1, 70_000_000, 20, 0], // floor(0.8)
    [5_000_000, 18_000_000, 0, 5_000_000],
  ])('cost %d, cap %d, co-payment %d %% → %d', (cost, cap, percent, expected) => {
    expect(requestedSupportKrw(cost, cap, percent)).toBe(expected);
  });

  it('stays exact for costs beyond 2^53 / 10,000 (BigInt, no float rounding)', () => {
    // 900,719,925,474,099 × 0.8 = 720,575,940,379,279.2 → floored.
    expect(requestedSupportKrw(900_719_925_474_099, Number.MAX_SAFE_INTEGER, 20)).toBe(
      720_575_940_379_279,
    );
  });
});

describe('quoteSupport', () => {
  const quote = (
    rules: ProgramRules,
    input: Partial<Parameters<typeof quoteSupport>[1]> = {},
  ): ReturnType<typeof quoteSupport> =>
    quoteSupport(rules, {
      category: 'AI_PROCESSING',
      agreedCostKrw: 80_000_000,
      companyType: 'SME',
      ceoBirthDate: OLD_CEO,
      ...input,
    });

  it('quotes the 2021 figures (SME 20 %, AI cap 70M, PURCHASE cap 18M)', () => {
    const rules = seedRules(2021);
    expect(quote(rules)).toEqual({
      coPaymentPercent: 20,
      requestedSupportKrw: 64_000_000,
      capKrw: 70_000_000,
      youthCeo: false,
    });
    expect(quote(rules, { agreedCostKrw: 100_000_000 })).toMatchObject({
      requestedSupportKrw: 70_000_000,
    });
    expect(quote(rules, { category: 'PURCHASE', agreedCostKrw: 10_000_001 })).toEqual({
      coPaymentPercent: 20,
      requestedSupportKrw: 8_000_000,
      capKrw: 18_000_000,
      youthCeo: false,
    });
    expect(quote(rules, { category: 'PURCHASE', agreedCostKrw: 30_000_000 })).toMatchObject({
      requestedSupportKrw: 18_000_000,
    });
    expect(
      quote(rules, { category: 'GENERAL_PROCESSING', companyType: 'SMALL_BUSINESS' }),
    ).toMatchObject({ coPaymentPercent: 10, requestedSupportKrw: 45_000_000, capKrw: 45_000_000 });
  });

  it('gives no youth discount in 2021, even to a young CEO', () => {
    expect(quote(seedRules(2021), { ceoBirthDate: '1995-06-01' })).toMatchObject({
      coPaymentPercent: 20,
      requestedSupportKrw: 64_000_000,
      youthCeo: false,
    });
  });

  it('gives a 2023 youth CEO 10 %p less co-payment: 39 on the reference date counts, 40 not', () => {
    const rules = seedRules(2023);
    // AI cap 60M in 2023; 10M cost stays under it.
    expect(quote(rules, { agreedCostKrw: 10_000_000, ceoBirthDate: '1984-03-02' })).toEqual({
      coPaymentPercent: 10,
      requestedSupportKrw: 9_000_000,
      capKrw: 60_000_000,
      youthCeo: true,
    });
    expect(quote(rules, { agreedCostKrw: 10_000_000, ceoBirthDate: '1983-03-02' })).toEqual({
      coPaymentPercent: 20,
      requestedSupportKrw: 8_000_000,
      capKrw: 60_000_000,
      youthCeo: false,
    });
  });

  it('still caps the youth support at the category maximum', () => {
    expect(
      quote(seedRules(2023), {
        category: 'PURCHASE',
        agreedCostKrw: 12_000_000,
        ceoBirthDate: '1990-01-01',
      }),
    ).toMatchObject({ coPaymentPercent: 10, requestedSupportKrw: 10_000_000, youthCeo: true });
  });

  it('is null for a company type without a rate, and for a category the program lacks', () => {
    const rules = seedRules(2021);
    rules.coPayment.rates = rules.coPayment.rates.filter((r) => r.companyType !== 'HOSPITAL');
    expect(quote(rules, { companyType: 'HOSPITAL' })).toBeNull();
    expect(quote(seedRules(2021), { category: 'SATELLITE_IMAGERY' })).toBeNull();
  });
});
