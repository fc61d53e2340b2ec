import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CREDIT_CODE_ALPHABET,
  creditCodeCheckChar,
  isValidCreditCode,
  makeCreditCode,
  normalizeCreditCode,
} from './credit-code.js';

const char = fc.constantFrom(...CREDIT_CODE_ALPHABET);
const digit = fc.constantFrom(...'0123456789');
const first17 = fc
  .tuple(
    fc.string({ unit: char, minLength: 2, maxLength: 2 }),
    fc.string({ unit: digit, minLength: 6, maxLength: 6 }),
    fc.string({ unit: char, minLength: 9, maxLength: 9 }),
  )
  .map(([a, b, c]) => a + b + c);

describe('unified social credit codes (GB 32100)', () => {
  it('accepts real codes and their lowercase form', () => {
    for (const code of [
      '91350100M000100Y43',
      '914403001922038216',
      '91330100716105852F',
      '9144030071526726XG',
    ]) {
      expect(isValidCreditCode(code)).toBe(true);
    }
    expect(isValidCreditCode(' 9144030071526726xg ')).toBe(true);
    expect(normalizeCreditCode(' 9144030071526726xg ')).toBe('9144030071526726XG');
  });

  it('computes the check character over the 31-letter alphabet', () => {
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
    expect(() => creditCodeCheckChar('9135')).toThrow(RangeError);
    expect(() => creditCodeCheckChar('91350100I000100Y4')).toThrow(RangeError);
  });

  it('rejects a wrong check character, length, letters I O S V Z, or letters in the region code', () => {
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
    expect(isValidCreditCode('91350100M000100Y4')).toBe(false);
    expect(isValidCreditCode('91350100M000100Y433')).toBe(false);
    expect(isValidCreditCode('91350100O000100Y43')).toBe(false);
    expect(isValidCreditCode(makeCreditCode('91350100M000100Y4').replace('350100', '3501A0'))).toBe(false);
    expect(isValidCreditCode('')).toBe(false);
  });

  it('refuses to make a code from malformed parts', () => {
    expect(() => makeCreditCode('9135')).toThrow(RangeError);
    expect(() => makeCreditCode('913501A0M000100Y4')).toThrow(RangeError);
  });

  it('always validates what makeCreditCode makes', () => {
    fc.assert(
      fc.property(first17, (body) => {
        expect(isValidCreditCode(makeCreditCode(body))).toBe(true);
      }),
    );
  });

  it('detects any single changed character', () => {
    fc.assert(
      fc.property(first17, fc.integer({ min: 0, max: 17 }), char, (body, at, replacement) => {
        const code = makeCreditCode(body);
        fc.pre(code[at] !== replacement && !(at >= 2 && at < 8 && !/\d/.test(replacement)));
        const changed = code.slice(0, at) + replacement + code.slice(at + 1);
        expect(isValidCreditCode(changed)).toBe(false);
      }),
    );
  });
});
