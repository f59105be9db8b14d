import { createHash } from 'node:crypto';
import { sha256, stableStringify, updateUtf8 } from './stable-json';

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

describe('updateUtf8', () => {
  it('adds the bytes hash.update(text) adds, ASCII or not', () => {
    const texts = [
      '',
      'plain ASCII {"a":[1,2]}\n',
      'é and ÿ (one UTF-16 unit, two UTF-8 bytes)',
      '구매 일반가공',
      'a pair: \u{1f600}',
      'a lone surrogate: \ud800 and \udfff',
      '\u0000\u007f\u0080',
    ];
    for (const text of texts) {
      const digest = updateUtf8(createHash('sha256'), text).digest('hex');
      expect(digest).toBe(sha256(text));
    }
    // In pieces, as long as no piece splits a surrogate pair.
    const pieces = createHash('sha256');
    for (const text of texts) updateUtf8(pieces, text);
    expect(pieces.digest('hex')).toBe(sha256(texts.join('')));
  });
});
