import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import {
  brnCheckDigit,
  IsBusinessRegistrationNumber,
  isValidBrn,
  normalizeBrn,
  NormalizeBusinessRegistrationNumber,
} from './business-registration-number.policy';

/** Published numbers of well-known companies (their check digits are right by construction). */
const REAL = ['1248100998', '2208162517', '1208147521'];

class CompanyDto {
  @NormalizeBusinessRegistrationNumber()
  @IsBusinessRegistrationNumber()
  businessRegistrationNumber: string;
}

function check(value: unknown): { value: unknown; messages: string[] } {
  const dto = plainToInstance(CompanyDto, { businessRegistrationNumber: value });
  const errors = validateSync(dto);
  return {
    value: dto.businessRegistrationNumber,
    messages: errors.flatMap((e) => Object.values(e.constraints ?? {})),
  };
}

describe('normalizeBrn', () => {
  it.each([
    ['1248100998', '1248100998'],
    ['124-81-00998', '1248100998'],
    ['124 81 00998', '1248100998'],
    ['  124-81-00998 ', '1248100998'],
  ])('reads %p as %p', (input, digits) => {
    expect(normalizeBrn(input)).toBe(digits);
  });

  it.each([
    ['nine digits', '124810099'],
    ['eleven digits', '12481009981'],
    ['wrong grouping', '1248-1-00998'],
    ['hyphen between every digit', '1-2-4-8-1-0-0-9-9-8'],
    ['letters', '12A-81-00998'],
    ['a doubled hyphen', '124--81-00998'],
    ['full-width digits', '１２４８１００９９８'],
    ['empty', ''],
  ])('refuses %s', (_label, input) => {
    expect(normalizeBrn(input)).toBeNull();
  });

  it('refuses non-strings handed over despite the type', () => {
    expect(normalizeBrn(1248100998 as unknown as string)).toBeNull();
  });
});

describe('brnCheckDigit', () => {
  it.each(REAL)('computes the published check digit of %s', (brn) => {
    expect(brnCheckDigit(brn)).toBe(Number(brn[9]));
  });

  it('adds the tens digit of the ninth digit × 5 (9 × 5 = 45 → +4)', () => {
    // 1·1 + 2·3 + 4·7 + 8·1 + 1·3 + 0·7 + 0·1 + 9·3 + 9·5 = 118; + 4 = 122 → (10 − 2) % 10 = 8
    expect(brnCheckDigit('124810099')).toBe(8);
  });

  it('gives 0, not 10, when the sum is a multiple of ten', () => {
    // 0 … 0 sums to 0.
    expect(brnCheckDigit('000000000')).toBe(0);
  });

  it('refuses fewer than nine digits', () => {
    expect(() => brnCheckDigit('12345678')).toThrow(RangeError);
    expect(() => brnCheckDigit('12345678x')).toThrow(RangeError);
  });
});

describe('isValidBrn', () => {
  it.each([...REAL, '124-81-00998', '220-81-62517', '120 81 47521'])('accepts %s', (brn) => {
    expect(isValidBrn(brn)).toBe(true);
  });

  it.each(REAL)('refuses %s with every other check digit', (brn) => {
    for (let d = 0; d <= 9; d++) {
      if (d === Number(brn[9])) continue;
      expect(isValidBrn(`${brn.slice(0, 9)}${d}`)).toBe(false);
    }
  });

  it.each([
    ['wrong length', '124810099'],
    ['letters', 'ABCDEFGHIJ'],
    ['a number, not a string', 1248100998],
    ['null', null],
    ['undefined', undefined],
  ])('refuses %s', (_label, input) => {
    expect(isValidBrn(input)).toBe(false);
  });
});

describe('@IsBusinessRegistrationNumber with the normalizing transform', () => {
  it('normalizes a formatted number to ten digits and accepts it', () => {
    expect(check('124-81-00998')).toEqual({ value: '1248100998', messages: [] });
  });

  it('keeps a bare valid number as it is', () => {
    expect(check('2208162517')).toEqual({ value: '2208162517', messages: [] });
  });

  const message =
    'businessRegistrationNumber must be a valid business registration number (10 digits, check digit)';

  it.each([
    ['a wrong check digit', '124-81-00999', '1248100999'],
    ['a wrong length', '124-81-0099', '124-81-0099'],
    ['letters', 'ABC-81-00998', 'ABC-81-00998'],
    ['a number', 1248100998, 1248100998],
  ])('refuses %s, naming the property', (_label, input, kept) => {
    expect(check(input)).toEqual({ value: kept, messages: [message] });
  });
});
