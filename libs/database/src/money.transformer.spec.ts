import { moneyTransformer, toKrw } from './money.transformer';

describe('money transformer', () => {
  it('turns PostgreSQL bigint strings into integer won', () => {
    expect(moneyTransformer.from('123000000000')).toBe(123_000_000_000);
    expect(moneyTransformer.to(18_000_000)).toBe(18_000_000);
    expect(moneyTransformer.from(null)).toBeNull();
  });

  it('refuses fractions, overflow and non-numbers', () => {
    expect(() => toKrw(1.5)).toThrow(TypeError);
    expect(() => toKrw('9007199254740993')).toThrow(TypeError);
    expect(() => toKrw('abc')).toThrow(TypeError);
    expect(() => toKrw(Number.NaN)).toThrow(TypeError);
  });
});
