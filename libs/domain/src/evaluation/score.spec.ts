import { centsText, divideHalfUp, fromCents, toCents } from './score';

describe('score arithmetic (cents, half-up)', () => {
  it('rounds half-up to a cent despite float noise', () => {
    expect(toCents(70.005)).toBe(7001); // 70.005 * 100 = 7000.499999… in floats
    expect(toCents(82.3333333)).toBe(8233);
    expect(toCents(82.335)).toBe(8234);
    expect(toCents(0.1 + 0.2)).toBe(30);
    expect(toCents(-1.005)).toBe(-100); // halfway goes towards +∞
    expect(fromCents(8233)).toBe(82.33);
  });

  it('divides integers exactly, half-up', () => {
    expect(divideHalfUp(24_700, 3)).toBe(8233); // 82.333…
    expect(divideHalfUp(24_701, 3)).toBe(8234); // 82.3366…
    expect(divideHalfUp(5, 2)).toBe(3); // 2.5 → 3
    expect(divideHalfUp(-5, 2)).toBe(-2); // -2.5 → -2 (towards +∞)
    expect(divideHalfUp(-7, 2)).toBe(-3); // -3.5 → -3
    expect(divideHalfUp(-8, 3)).toBe(-3); // -2.67 → -3
    expect(divideHalfUp(9, 3)).toBe(3);
    expect(() => divideHalfUp(1, 0)).toThrow(RangeError);
  });

  it('prints cents with two decimals', () => {
    expect(centsText(8233)).toBe('82.33');
    expect(centsText(7000)).toBe('70.00');
    expect(centsText(5)).toBe('0.05');
    expect(centsText(-105)).toBe('-1.05');
  });
});
