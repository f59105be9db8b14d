import { DomainError } from './domain-error';
import { InputSafetyPipe, MAX_INPUT_DEPTH } from './input-safety.pipe';

const pipe = new InputSafetyPipe();
const body = { type: 'body' as const };
const refused = (value: unknown, meta: Parameters<InputSafetyPipe['transform']>[1] = body) => {
  try {
    pipe.transform(value, meta);
  } catch (error) {
    return (error as DomainError).details as {
      fields: Array<{ field: string; reasons: string[] }>;
    };
  }
  return null;
};

describe('InputSafetyPipe', () => {
  it('lets ordinary Korean, emoji and joiner text through unchanged', () => {
    const value = { name: '김데이터 👩‍💻 \u200f', list: [{ a: 'ok' }] };
    expect(pipe.transform(value, body)).toBe(value);
  });

  it('refuses NUL and lone surrogates, naming the field', () => {
    expect(refused({ name: 'a\u0000b' })?.fields[0].field).toBe('name');
    expect(refused({ plan: { goals: 'x\ud800y' } })?.fields[0].field).toBe('plan.goals');
    expect(refused({ items: ['ok', '\udc00'] })?.fields[0].field).toBe('items[1]');
    expect(refused('\u0000', { type: 'param', data: 'id' })?.fields[0].field).toBe('id');
  });

  it('refuses nesting deeper than the limit without overflowing the stack', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(refused(deep)?.fields[0].field).toMatch(/^a(\.a)+$/);
    let ok: unknown = 'x';
    for (let i = 0; i < MAX_INPUT_DEPTH; i++) ok = [ok];
    expect(refused(ok)).toBeNull();
  });

  it('refuses a body that is not a JSON object where a DTO class is expected', () => {
    class SomeDto {
      name?: string;
    }
    const dto = { type: 'body' as const, metatype: SomeDto };
    const reasons = (value: unknown) => refused(value, dto)?.fields;
    expect(reasons(null)).toEqual([
      { field: 'body', reasons: ['body must be a JSON object, not null'] },
    ]);
    expect(reasons([])?.[0].reasons).toEqual(['body must be a JSON object, not an array']);
    expect(reasons('text')?.[0].reasons).toEqual(['body must be a JSON object, not a string']);
    expect(reasons(42)?.[0].reasons).toEqual(['body must be a JSON object, not a number']);
    expect(reasons(false)?.[0].reasons).toEqual(['body must be a JSON object, not a boolean']);
    // An object, or no body at all, goes on to validation.
    expect(reasons({})).toBeUndefined();
    expect(reasons(undefined)).toBeUndefined();
    // Not a DTO: a query or a path parameter, or a body typed as a plain object.
    expect(refused(null, { type: 'query', metatype: SomeDto })).toBeNull();
    expect(refused(null, { type: 'body', metatype: Object })).toBeNull();
    expect(refused('x', { type: 'param', metatype: String, data: 'id' })).toBeNull();
  });
});
