import { formatKrw, formatKrwShort, percentOf, toBigInt } from './format';

describe('web money formatting', () => {
  it('keeps integer won exact, from numbers and from bigint strings', () => {
    expect(toBigInt('123000000000')).toBe(123_000_000_000n);
    expect(toBigInt(18_000_000)).toBe(18_000_000n);
    expect(toBigInt(null)).toBe(0n);
    // Beyond 2^53 a float would round; a string from a bigint column must not.
    expect(toBigInt('9007199254740993')).toBe(9_007_199_254_740_993n);
  });

  it('writes won the Korean and the English way', () => {
    expect(formatKrw('64000000', 'ko')).toBe('64,000,000원');
    expect(formatKrw(64_000_000, 'en')).toBe('₩64,000,000');
    expect(formatKrwShort('123000000000', 'ko')).toBe('1,230억원');
    expect(formatKrwShort('123000000000', 'en')).toBe('₩123.0bn');
    expect(formatKrwShort(150_000, 'ko')).toBe('15만원');
  });

  it('gives shares in percent with one decimal, 0 of nothing', () => {
    expect(percentOf('64000000', '123000000000')).toBe(0);
    expect(percentOf(1, 3)).toBe(33.3);
    expect(percentOf(5, 0)).toBe(0);
  });
});
