import { sha256, stableStringify } from './stable-json';

describe('stableStringify', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(stableStringify({ b: 1, a: { d: [2, 1], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,1]},"b":1}',
    );
    expect(stableStringify({ a: 1, b: 2 })).toBe(stableStringify({ b: 2, a: 1 }));
  });

  it('turns undefined into null like JSON does in arrays', () => {
    expect(stableStringify([undefined])).toBe('[null]');
    expect(sha256('x')).toMatch(/^[0-9a-f]{64}$/);
  });
});
