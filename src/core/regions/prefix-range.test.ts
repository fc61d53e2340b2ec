import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prefixUpperBound } from './region-code.js';

describe('prefixUpperBound', () => {
  it('carries the last digit up', () => {
    expect(prefixUpperBound('371403')).toBe('371404');
    expect(prefixUpperBound('371409')).toBe('37141');
    expect(prefixUpperBound('3799')).toBe('38');
    expect(prefixUpperBound('99')).toBeNull();
  });

  it('bounds exactly the codes that start with the prefix', () => {
    const digits = (min: number, max: number) =>
      fc.array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max }).map((a) => a.join(''));
    fc.assert(
      fc.property(digits(2, 12), digits(2, 15), (prefix, code) => {
        const hi = prefixUpperBound(prefix);
        const inRange = code >= prefix && (hi === null || code < hi);
        expect(inRange).toBe(code.startsWith(prefix));
      }),
    );
  });
});
