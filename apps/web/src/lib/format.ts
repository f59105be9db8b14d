/**
 * Formatting shared by every page. Money arrives from the API as integer KRW, either a number or
 * (for bigint columns) a decimal string; it is never turned into a float for arithmetic here.
 */
export type Krw = string | number | bigint;

export function toBigInt(value: Krw | null | undefined): bigint {
  if (value === null || value === undefined || value === '') return 0n;
  return typeof value === 'bigint'
    ? value
    : BigInt(typeof value === 'number' ? Math.trunc(value) : value);
}

/** `₩1,234,000` in either language (grouping does not depend on the locale for KRW). */
export function formatKrw(value: Krw | null | undefined, lang: string = 'ko'): string {
  const amount = toBigInt(value);
  const text = new Intl.NumberFormat(lang === 'en' ? 'en-US' : 'ko-KR').format(amount);
  return lang === 'en' ? `₩${text}` : `${text}원`;
}

/** Large amounts as 억 (10^8) in Korean and billions in English, for charts and summaries. */
export function formatKrwShort(value: Krw | null | undefined, lang: string = 'ko'): string {
  const amount = Number(toBigInt(value));
  if (lang === 'en') {
    if (Math.abs(amount) >= 1e9) return `₩${(amount / 1e9).toFixed(1)}bn`;
    if (Math.abs(amount) >= 1e6) return `₩${(amount / 1e6).toFixed(1)}m`;
    return `₩${amount.toLocaleString('en-US')}`;
  }
  if (Math.abs(amount) >= 1e8)
    return `${(amount / 1e8).toLocaleString('ko-KR', { maximumFractionDigits: 1 })}억원`;
  if (Math.abs(amount) >= 1e4)
    return `${(amount / 1e4).toLocaleString('ko-KR', { maximumFractionDigits: 0 })}만원`;
  return `${amount.toLocaleString('ko-KR')}원`;
}

/** Share of a whole in percent with one decimal, 0 when the whole is 0. */
export function percentOf(part: Krw, whole: Krw): number {
  const w = toBigInt(whole);
  if (w === 0n) return 0;
  return Number((toBigInt(part) * 1000n) / w) / 10;
}

export function formatDate(value: string | Date | null | undefined, lang: string = 'ko'): string {
  if (!value) return '—';
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return '—';
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'ko-KR', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Asia/Seoul',
  }).format(date);
}

export function formatDay(value: string | Date | null | undefined, lang: string = 'ko'): string {
  if (!value) return '—';
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return '—';
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'ko-KR', {
    dateStyle: 'medium',
    timeZone: 'Asia/Seoul',
  }).format(date);
}

/** The largest amount a form sends: the API's limit for an agreed cost (one trillion won). */
export const MAX_COST_KRW = 1_000_000_000_000;

/**
 * A won amount typed by a person ("80,000,000", "80000000 원") as a whole number, or the
 * reason it is not one. Digits only: no float ever takes part.
 */
export function parseWon(
  text: string,
  { min = 1, max = MAX_COST_KRW }: { min?: number; max?: number } = {},
): { value: number } | { problem: 'empty' | 'format' | 'range' } {
  const digits = text.replace(/[\s,원₩]/g, '');
  if (digits === '') return { problem: 'empty' };
  if (!/^\d+$/.test(digits)) return { problem: 'format' };
  const amount = BigInt(digits);
  if (amount < BigInt(min) || amount > BigInt(max)) return { problem: 'range' };
  return { value: Number(amount) };
}

/** a − b in whole won. */
export function minusKrw(a: Krw, b: Krw): bigint {
  return toBigInt(a) - toBigInt(b);
}
