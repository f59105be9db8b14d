import { Transform } from 'class-transformer';
import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

/**
 * Korean business registration number (사업자등록번호): ten digits, usually written
 * `123-45-67890`, the last digit a check digit over the first nine.
 */

/** Bare digits, or the official 3-2-5 grouping separated by hyphens or single spaces. */
const BARE = /^\d{10}$/;
const GROUPED = /^(\d{3})[- ](\d{2})[- ](\d{5})$/;

/** The National Tax Service weights for the first nine digits. */
const WEIGHTS = [1, 3, 7, 1, 3, 7, 1, 3, 5] as const;

/**
 * The ten digits of a written BRN, or null when it is not written as one. Only the shapes
 * people actually use are accepted: stripping every non-digit would let `1-2-3-4-5-6-7-8-9-0`
 * or a phone number with ten digits through.
 */
export function normalizeBrn(input: string): string | null {
  if (typeof input !== 'string') return null;
  const value = input.trim();
  if (BARE.test(value)) return value;
  const grouped = GROUPED.exec(value);
  return grouped ? `${grouped[1]}${grouped[2]}${grouped[3]}` : null;
}

/** The check digit of nine leading digits (given as a string of at least nine digits). */
export function brnCheckDigit(digits: string): number {
  const d = [...digits.slice(0, 9)].map(Number);
  if (d.length !== 9 || d.some((n) => !Number.isInteger(n))) {
    throw new RangeError('brnCheckDigit needs nine digits');
  }
  const weighted = d.reduce((sum, n, i) => sum + n * WEIGHTS[i], 0);
  // The ninth digit's product (× 5) carries its tens digit into the sum as well.
  const sum = weighted + Math.floor((d[8] * 5) / 10);
  return (10 - (sum % 10)) % 10;
}

/** True for a well-written BRN (formatted or bare) whose check digit is right. */
export function isValidBrn(input: unknown): boolean {
  if (typeof input !== 'string') return false;
  const digits = normalizeBrn(input);
  return digits !== null && brnCheckDigit(digits) === Number(digits[9]);
}

/**
 * Validates a BRN property. Pair it with `@NormalizeBusinessRegistrationNumber()` so that the
 * DTO carries the ten bare digits the database stores (and its unique key compares).
 */
export function IsBusinessRegistrationNumber(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isBusinessRegistrationNumber',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => isValidBrn(value),
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'value'} must be a valid business registration number (10 digits, check digit)`,
      },
    });
  };
}

/**
 * class-transformer step: `123-45-67890` becomes `1234567890`. Anything that is not a written
 * BRN is left as it came, so that the validator reports the caller's own value.
 */
export function NormalizeBusinessRegistrationNumber(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? (normalizeBrn(value) ?? value) : value,
  );
}
