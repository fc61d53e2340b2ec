import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskAddress, maskIdNumber, maskName, maskPhone } from './masking.js';
import { normalizePhone } from './validation.js';

const digits = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });

describe('maskPhone', () => {
  it('keeps the first 3 and last 4 digits of a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('drops separators and the country prefix before masking', () => {
    expect(maskPhone('+86 138-1234-5678')).toBe('138****5678');
    expect(maskPhone('008613812345678')).toBe('138****5678');
  });

  it('masks a landline with its area code', () => {
    expect(maskPhone('0534-2345678')).toBe('053****5678');
    expect(maskPhone('+86 534 2345678')).toBe('053****5678');
  });

  it('reveals at most the last two characters of a short number', () => {
    expect(maskPhone('1234567')).toBe('*****67');
    expect(maskPhone('1234')).toBe('**34');
    expect(maskPhone('123')).toBe('**3');
    expect(maskPhone('1')).toBe('*');
    expect(maskPhone('')).toBe('');
  });

  it('never shows the middle digits of a number of 8 or more digits', () => {
    fc.assert(
      // Numbers already in normal form: a country prefix would be dropped (tested above).
      fc.property(
        digits(8, 20).filter((p) => normalizePhone(p) === p),
        (phone) => {
          const masked = maskPhone(phone);
          expect(masked).toHaveLength(phone.length);
          expect(masked.slice(0, 3)).toBe(phone.slice(0, 3));
          expect(masked.slice(-4)).toBe(phone.slice(-4));
          expect(masked.slice(3, -4)).toMatch(/^\*+$/);
        },
      ),
    );
  });

  it('shows at most half, and at most two, of the digits of a short number', () => {
    fc.assert(
      fc.property(digits(1, 7), (phone) => {
        const masked = maskPhone(phone);
        expect(masked).toHaveLength(phone.length);
        const shown = masked.replace(/\*/g, '').length;
        expect(shown).toBeLessThanOrEqual(Math.min(2, Math.floor(phone.length / 2)));
        expect(masked.slice(masked.length - shown)).toBe(phone.slice(phone.length - shown));
      }),
    );
  });
});

describe('maskIdNumber', () => {
  it('keeps the first 3 and last 4 characters of an 18-character ID number', () => {
    expect(maskIdNumber('371402199001011234')).toBe('371***********1234');
    expect(maskIdNumber('37140219900101123x')).toBe('371***********123X');
  });

  it('hides the birth date of any 18-character ID number', () => {
    fc.assert(
      fc.property(digits(18, 18), (id) => {
        const masked = maskIdNumber(id);
        expect(masked).toHaveLength(18);
        expect(masked.slice(3, 14)).toBe('*'.repeat(11));
        expect(masked).toBe(id.slice(0, 3) + '*'.repeat(11) + id.slice(14));
      }),
    );
  });

  it('reveals only the last character of a short value', () => {
    expect(maskIdNumber('12345')).toBe('****5');
    expect(maskIdNumber('123')).toBe('***');
  });
});

describe('maskName', () => {
  it('keeps the first character of a Chinese name', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('阿卜杜·买买提')).toBe('阿**·***');
  });

  it('keeps each initial of a Latin-script name', () => {
    expect(maskName('John Smith')).toBe('J*** S****');
  });

  it('stars a one-character name entirely', () => {
    expect(maskName('张')).toBe('*');
  });

  it('counts a character outside the BMP as one', () => {
    expect(maskName('𠀋一')).toBe('𠀋*');
  });

  it('shows only the first character of any Chinese name', () => {
    const han = fc.string({
      unit: fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c)),
      minLength: 2,
      maxLength: 6,
    });
    fc.assert(
      fc.property(han, (name) => {
        expect(maskName(name)).toBe(name[0] + '*'.repeat(name.length - 1));
      }),
    );
  });
});

describe('maskAddress', () => {
  it('keeps the first 6 characters and hides the rest behind a fixed mask', () => {
    expect(maskAddress('山东省德州市陵城区神头镇前李村12号')).toBe('山东省德州市****');
  });

  it('keeps at most half of a short address', () => {
    expect(maskAddress('神头镇前李村')).toBe('神头镇****');
    expect(maskAddress('')).toBe('');
  });

  it('never reveals more than 6 characters nor more than half', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 60 }), (address) => {
        const trimmed = Array.from(address.trim());
        const masked = maskAddress(address);
        if (trimmed.length === 0) return;
        const kept = Array.from(masked).length - 4;
        expect(masked.endsWith('****')).toBe(true);
        expect(kept).toBeLessThanOrEqual(Math.min(6, trimmed.length / 2));
      }),
    );
  });
});
