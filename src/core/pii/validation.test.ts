import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  idCheckChar,
  isValidIdNumber,
  isValidMobile,
  isValidPhone,
  makeIdNumber,
  normalizeIdNumber,
  normalizePhone,
} from './validation.js';

const digit = fc.constantFrom(...'0123456789');
const regionArb = fc
  .tuple(
    fc.constantFrom('11', '37', '44', '65', '81'),
    fc.string({ unit: digit, minLength: 4, maxLength: 4 }),
  )
  .map(([p, rest]) => p + rest);
const birthArb = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10).replace(/-/g, ''));
const seqArb = fc.string({ unit: digit, minLength: 3, maxLength: 3 });
const idArb = fc.tuple(regionArb, birthArb, seqArb).map(([r, b, s]) => makeIdNumber(r, b, s));

describe('resident ID numbers', () => {
  it('accepts a real-format ID number and its lowercase-x form', () => {
    // 11010519491231002X is the standard's own example.
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber(' 11010519491231002x ')).toBe(true);
    expect(normalizeIdNumber(' 11010519491231002x ')).toBe('11010519491231002X');
  });

  it('computes the GB 11643 check character', () => {
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(idCheckChar('44052418800101001')).toBe('4');
    expect(makeIdNumber('371402', '19900101', '123')).toBe(
      `37140219900101123${idCheckChar('37140219900101123')}`,
    );
  });

  it('rejects a wrong check character, length, unknown province or impossible birth date', () => {
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber('11010519491231002')).toBe(false);
    expect(isValidIdNumber('1101051949123100200')).toBe(false);
    const fix = (first17: string) => first17 + idCheckChar(first17);
    expect(isValidIdNumber(fix('99010519491231002'))).toBe(false); // province 99
    expect(isValidIdNumber(fix('37140219900230002'))).toBe(false); // 30 February
    expect(isValidIdNumber(fix('37140219000229002'))).toBe(false); // 1900 is not a leap year
    expect(isValidIdNumber(fix('37140220000229002'))).toBe(true); // 2000 is
    expect(isValidIdNumber(fix('37140218991231002'))).toBe(false); // before 1900
  });

  it('refuses to make an ID number from malformed parts', () => {
    expect(() => makeIdNumber('3714', '19900101', '123')).toThrow(RangeError);
    expect(() => makeIdNumber('371402', '19901301', '123')).toThrow(RangeError);
    expect(() => makeIdNumber('371402', '19900101', '12')).toThrow(RangeError);
  });

  it('always validates what makeIdNumber makes', () => {
    fc.assert(
      fc.property(idArb, (id) => {
        expect(isValidIdNumber(id)).toBe(true);
      }),
    );
  });

  it('detects any single changed digit among the first 17', () => {
    fc.assert(
      fc.property(
        idArb,
        fc.integer({ min: 0, max: 16 }),
        fc.integer({ min: 1, max: 9 }),
        (id, pos, delta) => {
          const changed = String((Number(id[pos]) + delta) % 10);
          const tampered = id.slice(0, pos) + changed + id.slice(pos + 1);
          expect(idCheckChar(tampered.slice(0, 17))).not.toBe(id[17]);
          expect(isValidIdNumber(tampered)).toBe(false);
        },
      ),
    );
  });

  it('detects any changed check character', () => {
    fc.assert(
      fc.property(idArb, fc.constantFrom(...'0123456789X'), (id, check) => {
        fc.pre(check !== id[17]);
        expect(isValidIdNumber(id.slice(0, 17) + check)).toBe(false);
      }),
    );
  });
});

describe('phone numbers', () => {
  it('normalizes separators and the country prefix to 11 digits', () => {
    expect(normalizePhone('138 1234 5678')).toBe('13812345678');
    expect(normalizePhone('+86 138-1234-5678')).toBe('13812345678');
    expect(normalizePhone('0086 13812345678')).toBe('13812345678');
    expect(normalizePhone('8613812345678')).toBe('13812345678');
    expect(normalizePhone('0534-2345678')).toBe('05342345678');
    expect(normalizePhone('+86 534 2345678')).toBe('05342345678');
  });

  it('accepts mainland mobile numbers only as mobiles', () => {
    expect(isValidMobile('13812345678')).toBe(true);
    expect(isValidMobile('+86 199-0000-1111')).toBe(true);
    expect(isValidMobile('12812345678')).toBe(false);
    expect(isValidMobile('1381234567')).toBe(false);
    expect(isValidMobile('138123456789')).toBe(false);
    expect(isValidMobile('0534-2345678')).toBe(false);
    expect(isValidMobile('1381234567a')).toBe(false);
  });

  it('accepts landlines with an area code as phones', () => {
    expect(isValidPhone('0534-2345678')).toBe(true);
    expect(isValidPhone('010-62345678')).toBe(true);
    expect(isValidPhone('(021) 6234 5678')).toBe(true);
    expect(isValidPhone('13812345678')).toBe(true);
    expect(isValidPhone('2345678')).toBe(false); // no area code
    expect(isValidPhone('0534-0345678')).toBe(false);
    expect(isValidPhone('0112345678')).toBe(false);
  });

  it('normalizes every way of writing a mobile number to the same 11 digits', () => {
    const mobile = fc
      .tuple(fc.constantFrom(...'3456789'), fc.string({ unit: digit, minLength: 9, maxLength: 9 }))
      .map(([second, rest]) => `1${second}${rest}`);
    const prefix = fc.constantFrom('', '+86', '+86 ', '0086', '0086-');
    fc.assert(
      fc.property(mobile, prefix, fc.boolean(), (m, p, dashed) => {
        const body = dashed ? `${m.slice(0, 3)}-${m.slice(3, 7)}-${m.slice(7)}` : m;
        expect(normalizePhone(p + body)).toBe(m);
        expect(isValidMobile(p + body)).toBe(true);
      }),
    );
  });
});
